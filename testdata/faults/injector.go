package faults

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
)

// A Matcher selects requests for a fault. Matchers may read r.Body: the
// injector buffers it and gives every matcher and the handler a fresh reader.
type Matcher func(r *http.Request) bool

// maxBody bounds the request body the injector buffers for matchers; the
// emulators' requests are small JSON documents.
const maxBody = 8 << 20

// Injector applies scripted faults to the requests of the handler it wraps.
// Its zero value is not usable; call [New]. It is safe for concurrent use.
//
// Rules are kept in the order they were added; each request is given to the
// first rule that applies to it, and one-shot rules are then used up. A
// request that no rule claims goes to the real handler.
type Injector struct {
	mu       sync.Mutex
	seen     int
	injected int
	rules    []*rule
}

type rule struct {
	nth   int     // > 0: only the nth request overall
	match Matcher // nil: any request
	fault Fault
	every bool // stays until Clear
}

// New returns an Injector with an empty script.
func New() *Injector { return &Injector{} }

// Wrap returns a handler that counts requests, applies the scripted faults
// and passes the rest to next.
func (in *Injector) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody {
			b, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
			_ = r.Body.Close()
			if err != nil {
				http.Error(w, "faults: reading request body: "+err.Error(), http.StatusBadRequest)
				return
			}
			setBody(r, b)
		}
		f := in.pick(r)
		if f == nil {
			next.ServeHTTP(w, r)
			return
		}
		f.Apply(w, r, next)
	})
}

// pick counts r and returns the fault of the first rule that claims it.
func (in *Injector) pick(r *http.Request) Fault {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.seen++
	for i, ru := range in.rules {
		if ru.nth > 0 && ru.nth != in.seen {
			continue
		}
		if ru.match != nil {
			ok := ru.match(r)
			rewind(r)
			if !ok {
				continue
			}
		}
		if !ru.every {
			in.rules = append(in.rules[:i], in.rules[i+1:]...)
		}
		in.injected++
		return ru.fault
	}
	return nil
}

// Next scripts faults for the next len(fs) requests, one each, in order.
func (in *Injector) Next(fs ...Fault) { in.When(nil, fs...) }

// When scripts faults for the next len(fs) requests that match m, one each,
// in order. A nil m matches every request.
func (in *Injector) When(m Matcher, fs ...Fault) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for _, f := range fs {
		in.rules = append(in.rules, &rule{match: m, fault: f})
	}
}

// At scripts f for the nth request the injector sees, counting from 1 since
// New (Clear does not reset the count). A rule for a request already past is
// never used.
func (in *Injector) At(n int, f Fault) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.rules = append(in.rules, &rule{nth: n, fault: f})
}

// Every applies f to every request that matches m (nil: all) until Clear;
// it is for "the server is down" tests of bounded retries.
func (in *Injector) Every(m Matcher, f Fault) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.rules = append(in.rules, &rule{match: m, fault: f, every: true})
}

// Clear drops every scripted fault that has not been used.
func (in *Injector) Clear() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.rules = nil
}

// Requests reports how many requests the injector has seen, faulted or not.
func (in *Injector) Requests() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.seen
}

// Injected reports how many requests were given a fault.
func (in *Injector) Injected() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.injected
}

// Pending reports how many scripted faults are still waiting, counting
// Every rules.
func (in *Injector) Pending() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return len(in.rules)
}

// Method matches requests with the given HTTP method.
func Method(m string) Matcher {
	return func(r *http.Request) bool { return r.Method == m }
}

// Path matches requests whose URL path is p.
func Path(p string) Matcher {
	return func(r *http.Request) bool { return r.URL.Path == p }
}

// PathPrefix matches requests whose URL path starts with p.
func PathPrefix(p string) Matcher {
	return func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, p) }
}

// Header matches requests whose header name has the value v.
func Header(name, v string) Matcher {
	return func(r *http.Request) bool { return r.Header.Get(name) == v }
}

// Query matches requests that carry a non-empty query parameter name.
func Query(name string) Matcher {
	return func(r *http.Request) bool { return r.URL.Query().Get(name) != "" }
}

// BodyContains matches requests whose body contains s.
func BodyContains(s string) Matcher {
	return func(r *http.Request) bool {
		if r.Body == nil {
			return false
		}
		b, _ := io.ReadAll(r.Body)
		setBody(r, b)
		return bytes.Contains(b, []byte(s))
	}
}

// All matches requests that every one of ms matches.
func All(ms ...Matcher) Matcher {
	return func(r *http.Request) bool {
		for _, m := range ms {
			ok := m(r)
			rewind(r)
			if !ok {
				return false
			}
		}
		return true
	}
}

// Any matches requests that at least one of ms matches.
func Any(ms ...Matcher) Matcher {
	return func(r *http.Request) bool {
		for _, m := range ms {
			ok := m(r)
			rewind(r)
			if ok {
				return true
			}
		}
		return false
	}
}

// Not matches requests that m does not match.
func Not(m Matcher) Matcher {
	return func(r *http.Request) bool { return !m(r) }
}

// setBody makes b the request body, re-readable through GetBody.
func setBody(r *http.Request, b []byte) {
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.ContentLength = int64(len(b))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
}

// rewind gives r a fresh body reader after a matcher may have read it.
func rewind(r *http.Request) {
	if r.GetBody != nil {
		if b, err := r.GetBody(); err == nil {
			r.Body = b
		}
	}
}
