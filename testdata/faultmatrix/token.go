package faultmatrix

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"

	"github.com/pagegen/pagegen/testdata/faults"
)

// TokenEdit replaces the token of a client's Nth continuation request (from
// 1), and only that one, with Edit(token): a caller that mangled a saved
// token, or sent one of another query.
type TokenEdit struct {
	Nth  int
	Edit func(token string) string
}

// Tamper is the TokenEdit that corrupts the nth token with faults.Tamper.
func Tamper(nth int) TokenEdit { return TokenEdit{Nth: nth, Edit: faults.Tamper} }

// TokenPlace reads and rewrites the token of a request where the API
// carries it: it calls edit with the token, when the request carries one,
// and puts what edit returns in its place.
type TokenPlace func(r *http.Request, edit func(token string) string) error

// Editor returns a request editor, for a generated client's
// WithRequestEditor, that applies edits to the tokens at place. Each edit
// counts the requests that carry a token on its own.
func Editor(place TokenPlace, edits ...TokenEdit) func(context.Context, *http.Request) error {
	seen := make([]atomic.Int32, len(edits))
	edit := func(tok string) string {
		for i, e := range edits {
			if int(seen[i].Add(1)) == e.Nth {
				tok = e.Edit(tok)
			}
		}
		return tok
	}
	return func(_ context.Context, r *http.Request) error {
		if len(edits) == 0 {
			return nil
		}
		return place(r, edit)
	}
}

// InQuery is the token in the query parameter param.
func InQuery(param string) TokenPlace {
	return func(r *http.Request, edit func(string) string) error {
		q := r.URL.Query()
		if tok := q.Get(param); tok != "" {
			q.Set(param, edit(tok))
			r.URL.RawQuery = q.Encode()
		}
		return nil
	}
}

// InJSON is the token in the JSON request body, at the member path (an
// object member of an object member… of the body).
func InJSON(path ...string) TokenPlace {
	return func(r *http.Request, edit func(string) string) error {
		return rewriteBody(r, func(b []byte) ([]byte, error) {
			var in map[string]any
			if err := json.Unmarshal(b, &in); err != nil {
				return nil, err
			}
			obj := in
			for _, name := range path[:len(path)-1] {
				if obj, _ = obj[name].(map[string]any); obj == nil {
					break
				}
			}
			last := path[len(path)-1]
			tok, _ := obj[last].(string)
			if tok == "" {
				return b, nil
			}
			if edited := edit(tok); edited != tok {
				obj[last] = edited
				return json.Marshal(in)
			}
			return b, nil
		})
	}
}

// InForm is the token in the field of a form-encoded request body.
func InForm(field string) TokenPlace {
	return func(r *http.Request, edit func(string) string) error {
		return rewriteBody(r, func(b []byte) ([]byte, error) {
			form, err := url.ParseQuery(string(b))
			if err != nil {
				return nil, err
			}
			tok := form.Get(field)
			if tok == "" {
				return b, nil
			}
			if edited := edit(tok); edited != tok {
				form.Set(field, edited)
				return []byte(form.Encode()), nil
			}
			return b, nil
		})
	}
}

// rewriteBody replaces the body of r, when it has one, with what rewrite
// returns for it.
func rewriteBody(r *http.Request, rewrite func([]byte) ([]byte, error)) error {
	if r.Body == nil {
		return nil
	}
	b, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		return err
	}
	if b, err = rewrite(b); err != nil {
		return err
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.ContentLength = int64(len(b))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	return nil
}
