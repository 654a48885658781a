package faults

import "sync"

// Call is one request an emulator answered (faults that never reach the
// emulator, such as [Status] or [CloseConn], are not in its log; the
// [Injector] counts those).
type Call struct {
	// Op is the API operation name, e.g. "ListStateMachines".
	Op string
	// Token is the continuation token the request carried ("" on a first
	// request).
	Token string
	// Limit is the page size the request asked for (0 when absent).
	Limit int
	// Status is the HTTP status the emulator answered with.
	Status int
	// Items is the number of items in a successful page.
	Items int
	// NextToken is the token the response carried ("" on the last page or
	// on an error).
	NextToken string
	// Code is the API error code (or message, for APIs without codes) of
	// an error response.
	Code string
}

// Log records the calls an emulator answered. It is safe for concurrent
// use; the zero value is ready.
type Log struct {
	mu    sync.Mutex
	calls []Call
}

// Add records c.
func (l *Log) Add(c Call) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, c)
}

// Calls returns a copy of the calls recorded so far, oldest first.
func (l *Log) Calls() []Call {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Call(nil), l.calls...)
}

// Count reports how many calls of operation op were answered; op "" counts
// all of them.
func (l *Log) Count(op string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, c := range l.calls {
		if op == "" || c.Op == op {
			n++
		}
	}
	return n
}

// Tokens returns every non-empty token handed out, in order, repeats
// included.
func (l *Log) Tokens() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var ts []string
	for _, c := range l.calls {
		if c.NextToken != "" {
			ts = append(ts, c.NextToken)
		}
	}
	return ts
}

// Reset forgets every recorded call.
func (l *Log) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = nil
}
