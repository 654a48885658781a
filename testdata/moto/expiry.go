package moto

import (
	"context"
	"testing"

	"github.com/pagegen/pagegen/testdata/faultmatrix"
)

// Expiry is the scenario of the moto tests' ExpiredToken tests, on 25
// items walked in pages of 10. A walk saves its ResumeToken after the
// first page; then the item that the API's token after that page points to
// is deleted, and moto rejects the token with HTTP 400 InvalidToken
// ("Invalid Token: Resource not found!"). Without restarts, a walk resumed
// from the saved token reports moto's answer. With them, it restarts from
// the originating call, without a token, drops the 10 items the first walk
// returned, and returns the 14 left; so does the first walk when it goes
// on. P is the generated package's page type.
type Expiry[P any] struct {
	// Want holds the keys of the 25 items, in list order.
	Want []string
	// Paginator returns a paginator of pages of 10 items that starts at
	// start ("" for the first page) with maxRestarts restarts (0 for the
	// default, -1 for none); its requests go through Counter.
	Paginator func(start string, maxRestarts int) faultmatrix.Paginator[P]
	Counter   *Counter
	// Keys returns the keys of a page's items.
	Keys func(P) []string
	// FirstToken returns the API's token after the first page, fetched
	// with a client of its own: moto's tokens are the same for the same
	// query and position, so it is the token the paginators get.
	FirstToken func(t *testing.T) string
	// TokenItem returns what a token names (see [TokenItem]) when it
	// points to the item key.
	TokenItem func(key string) string
	// Delete deletes the item key.
	Delete func(t *testing.T, key string)
	// IsInvalidToken reports whether err is moto's HTTP 400 InvalidToken.
	IsInvalidToken func(err error) bool
	// Token reads the token a request carried.
	Token TokenReader
}

// Run plays the scenario.
func (x Expiry[P]) Run(t *testing.T) {
	t.Helper()
	p := x.Paginator("", 0)
	first, err := p.NextPage(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	faultmatrix.ExactlyOnce(t, x.Keys(first), x.Want[:10])
	saved := p.ResumeToken()
	token := x.FirstToken(t)
	gone, err := TokenItem(token)
	if err != nil {
		t.Fatal(err)
	}
	if want := x.TokenItem(x.Want[10]); gone != want {
		t.Fatalf("the token points to %s, want the 11th item %s", gone, want)
	}
	x.Delete(t, x.Want[10])

	// Without restarts, the walk reports moto's answer.
	if _, err := x.Paginator(saved, -1).NextPage(context.Background()); !x.IsInvalidToken(err) {
		t.Fatalf("err = %v, want moto's HTTP 400 InvalidToken", err)
	}

	faultmatrix.ExactlyOnce(t, faultmatrix.NewPager(x.Paginator(saved, 0), x.Keys).Rest(t), x.Want[11:])
	// The first walk goes on the same way, dropping what it returned by key.
	faultmatrix.ExactlyOnce(t, faultmatrix.NewPager(p, x.Keys).Rest(t), x.Want[11:])

	// The first walk's page; the token rejected (and not retried) without
	// restarts; then, for the resumed walk and again for the first one:
	// the token rejected, the originating call, whose 10 items the first
	// walk returned, and the pages of the 14 left.
	CheckRequests(t, x.Counter, x.Token,
		[]string{"", token, token, "", "*", "*", token, "", "*", "*"},
		[]int{200, 400, 400, 200, 200, 200, 400, 200, 200, 200})
}
