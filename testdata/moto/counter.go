package moto

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"sync"
)

// Counter is an HTTP doer, for a generated client's WithHTTPClient, that
// sends requests through http.DefaultClient and records each one, so that
// a test can count the calls a walk made and see what each carried. It is
// safe for concurrent use; the zero value is ready to use.
type Counter struct {
	mu        sync.Mutex
	exchanges []Exchange
}

// Exchange is a request a Counter sent and the status it got back.
type Exchange struct {
	Method string
	URL    *url.URL // as sent: URL.RawQuery is the query on the wire
	Header http.Header
	Body   []byte // the request body
	Status int    // the response status; 0 when none came back
}

// Do sends req and records it.
func (c *Counter) Do(req *http.Request) (*http.Response, error) {
	u := *req.URL
	ex := Exchange{Method: req.Method, URL: &u, Header: req.Header.Clone()}
	if req.Body != nil {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		ex.Body = body
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	resp, err := http.DefaultClient.Do(req)
	if resp != nil {
		ex.Status = resp.StatusCode
	}
	c.mu.Lock()
	c.exchanges = append(c.exchanges, ex)
	c.mu.Unlock()
	return resp, err
}

// Count returns the number of requests sent so far.
func (c *Counter) Count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.exchanges)
}

// Exchanges returns the requests sent so far, in order.
func (c *Counter) Exchanges() []Exchange {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Exchange(nil), c.exchanges...)
}
