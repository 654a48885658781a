package faultmatrix

import (
	"context"
	"iter"
	"testing"
)

// Pager is what the cells need of a generated paginator, its items reduced
// to their keys.
type Pager struct {
	HasMorePages func() bool
	NextPage     func(context.Context) ([]string, error)
	ResumeToken  func() string
	Close        func()
}

// Paginator is the method set of a generated paginator whose pages are P.
type Paginator[P any] interface {
	HasMorePages() bool
	NextPage(context.Context) (P, error)
	ResumeToken() string
	Close()
}

// NewPager adapts p to the cells; keys returns the keys of a page's items.
func NewPager[P any](p Paginator[P], keys func(P) []string) Pager {
	return Pager{
		HasMorePages: p.HasMorePages,
		NextPage: func(ctx context.Context) ([]string, error) {
			pg, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			return keys(pg), nil
		},
		ResumeToken: p.ResumeToken,
		Close:       p.Close,
	}
}

// Rest returns the keys of the items p returns until its last page,
// failing t on an error.
func (p Pager) Rest(t testing.TB) []string {
	t.Helper()
	var got []string
	for p.HasMorePages() {
		keys, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("walk failed after %d items: %v", len(got), err)
		}
		got = append(got, keys...)
	}
	return got
}

// Deref returns *p, or T's zero value when p is nil: the optional fields of
// generated types are pointers.
func Deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// KeysOf returns the keys of items.
func KeysOf[T any](items []T, key func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = key(it)
	}
	return out
}

// Keys turns seq, a generated XAll iterator, into one of its items' keys.
func Keys[T any](seq iter.Seq2[T, error], key func(T) string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		for it, err := range seq {
			if !yield(key(it), err) {
				return
			}
		}
	}
}

// PageErrors turns seq, a generated XPages iterator, into one of the error
// of each page: nil for a page that came.
func PageErrors[P any](seq iter.Seq2[P, error]) iter.Seq[error] {
	return func(yield func(error) bool) {
		for _, err := range seq {
			if !yield(err) {
				return
			}
		}
	}
}

// Collect ranges over seq, a generated XAll iterator, and returns the keys
// of its items, failing t on an error.
func Collect[T any](t testing.TB, seq iter.Seq2[T, error], key func(T) string) []string {
	t.Helper()
	var got []string
	for it, err := range seq {
		if err != nil {
			t.Fatalf("walk failed after %d items: %v", len(got), err)
		}
		got = append(got, key(it))
	}
	return got
}
