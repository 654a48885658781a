package faults

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
)

// Cursor is the position a paging token carries. Emulators seal it with a
// [Sealer]; its JSON names are short because tokens travel in URLs.
type Cursor struct {
	// Scope fingerprints the query the token belongs to (operation, filters,
	// store). A token presented with another scope is a mismatch.
	Scope string `json:"s,omitempty"`
	// Pos is the index of the next item to return.
	Pos int `json:"p"`
	// Key, when set, names an item that locates the position instead of Pos
	// (which item depends on the emulator: the next one for AWS, the last
	// one returned for Alexa), so that deletions behave like the real API.
	Key string `json:"k,omitempty"`
	// Empty counts the empty pages already served before the page at Pos
	// (empty-pages mode).
	Empty int `json:"e,omitempty"`
	// Lap is the token's place in the cycle (cycle mode), from 1.
	Lap int `json:"l,omitempty"`
}

// Endless selects the never-ending paging mode of a [Pager].
type Endless int

// Endless modes.
const (
	// EndlessOff ends the walk after the last item (normal behaviour).
	EndlessOff Endless = iota
	// EndlessEmpty keeps answering past the last item with empty pages,
	// each carrying a new token.
	EndlessEmpty
	// EndlessItems keeps answering past the last item with full pages of
	// made-up items (the emulator synthesizes items at indexes >= total),
	// each with a new token.
	EndlessItems
)

// Page is what a [Pager] decides to serve for one request.
type Page struct {
	// From and To delimit the items to return, [From, To). In EndlessItems
	// mode To may pass the number of real items.
	From, To int
	// Next is the cursor to seal into the response's token; nil means the
	// response carries no token (the last page).
	Next *Cursor
}

// Pager holds the token-shape fault modes every emulator supports and
// plans pages under them. The zero value pages normally. It is safe for
// concurrent use.
type Pager struct {
	mu      sync.Mutex
	cycle   int
	endless Endless
	empty   int
}

// SetCycle makes the server hand out tokens in a loop of period n: the first
// page returns token T1, the page for Ti returns T(i+1), and the page for Tn
// returns T1 again, forever (with n = 2: A, B, A, B, …). Each Ti points at
// the items from i*limit on, so the pages carry items while data lasts.
// n = 1 returns the same token that was sent. n <= 0 turns the mode off.
func (p *Pager) SetCycle(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cycle = max(n, 0)
}

// SetEndless sets the never-ending paging mode.
func (p *Pager) SetEndless(m Endless) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endless = m
}

// SetEmptyPages makes the server serve n empty pages, each with its own
// token, before every real page, the first one included (so a walk starts
// with an empty page that carries a token). n <= 0 turns the mode off.
func (p *Pager) SetEmptyPages(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.empty = max(n, 0)
}

// Reset turns every mode off.
func (p *Pager) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cycle, p.endless, p.empty = 0, EndlessOff, 0
}

// Plan decides the page for a request whose token decoded to c (the zero
// Cursor, with the request's Scope, for a first request; c.Pos already
// resolved from c.Key by the emulator), given total real items and a page
// size limit >= 1. The emulator fills Next.Key itself when its tokens are
// key-based.
func (p *Pager) Plan(c Cursor, total, limit int) Page {
	p.mu.Lock()
	cycle, endless, empty := p.cycle, p.endless, p.empty
	p.mu.Unlock()
	limit = max(limit, 1)

	if empty > 0 && c.Empty < empty {
		n := c
		n.Empty++
		return Page{From: c.Pos, To: c.Pos, Next: &n}
	}

	from, to := c.Pos, c.Pos+limit
	if endless != EndlessItems {
		from, to = min(from, total), min(to, total)
	}
	pg := Page{From: from, To: to}
	switch {
	case cycle > 0:
		lap := c.Lap%cycle + 1
		pg.Next = &Cursor{Scope: c.Scope, Pos: lap * limit, Lap: lap}
	case c.Pos+limit < total || endless != EndlessOff:
		pg.Next = &Cursor{Scope: c.Scope, Pos: c.Pos + limit}
	}
	return pg
}

// Fingerprint condenses the parts of a query that a token is bound to into
// a short scope string, so tokens stay small however long the filters are.
func Fingerprint(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:6])
}
