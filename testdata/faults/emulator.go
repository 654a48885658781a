package faults

import "net/http"

// Emulator is what every emulated API shares: the fault script in front of
// its routes, the token sealer, the paging modes and the log of calls.
// A server embeds it and calls Init in its constructor; the methods below
// then serve as the server's own.
type Emulator struct {
	// Sealer makes and opens the server's tokens.
	Sealer *Sealer
	// Pager shapes token sequences (cycles, endless paging, empty pages).
	Pager Pager
	// Log records the calls the server answered.
	Log Log

	injector *Injector
	handler  http.Handler
}

// Init sets the emulator up for the API named name (the token sealer's
// scope) whose routes are route. When requestID is not nil, every response
// gets an X-Amzn-RequestId from it — set before the fault script runs, so
// that injected faults carry one too, as they do when an AWS front end
// throttles.
func (e *Emulator) Init(name string, route http.HandlerFunc, requestID func() string) {
	e.injector = New()
	e.Sealer = NewSealer(name)
	inner := e.injector.Wrap(route)
	e.handler = inner
	if requestID != nil {
		e.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Amzn-Requestid", requestID())
			inner.ServeHTTP(w, r)
		})
	}
}

// ServeHTTP serves the API, faults first.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) { e.handler.ServeHTTP(w, r) }

// Faults returns the server's fault script.
func (e *Emulator) Faults() *Injector { return e.injector }

// Calls returns the operations answered so far (faults that short-circuit a
// request are not among them).
func (e *Emulator) Calls() []Call { return e.Log.Calls() }

// Count reports how many calls of operation op were answered; "" counts all.
func (e *Emulator) Count(op string) int { return e.Log.Count(op) }

// Tokens returns every token handed out, in order.
func (e *Emulator) Tokens() []string { return e.Log.Tokens() }

// ResetLog forgets the recorded calls.
func (e *Emulator) ResetLog() { e.Log.Reset() }

// ExpireTokens makes every token issued so far expired: presenting one gets
// the API's answer to an expired token.
func (e *Emulator) ExpireTokens() { e.Sealer.Expire() }

// SetTokenCycle makes list operations return tokens in a loop of period n
// (A, B, A, … for n = 2); see [Pager.SetCycle]. 0 turns it off.
func (e *Emulator) SetTokenCycle(n int) { e.Pager.SetCycle(n) }

// SetEndless makes list operations never stop paging: past the real items
// they return empty pages ([EndlessEmpty]) or made-up items
// ([EndlessItems]) with a new token each time.
func (e *Emulator) SetEndless(m Endless) { e.Pager.SetEndless(m) }

// SetEmptyPages makes list operations serve n empty pages carrying a token
// before every real page, the first one included.
func (e *Emulator) SetEmptyPages(n int) { e.Pager.SetEmptyPages(n) }

// ResetModes turns the token cycle, endless and empty-page modes off.
func (e *Emulator) ResetModes() { e.Pager.Reset() }
