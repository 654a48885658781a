package faults

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"sync"
)

// Errors from [Sealer.Open].
var (
	// ErrCorruptToken means the token was not issued by this sealer or was
	// altered: bad base64, wrong shape, or a MAC that does not match.
	ErrCorruptToken = errors.New("faults: corrupted token")
	// ErrExpiredToken means the token was genuine but issued before the
	// last [Sealer.Expire].
	ErrExpiredToken = errors.New("faults: expired token")
)

// magic starts every sealed token. Its three bytes encode to "++//" in
// standard base64, so every token carries the two characters that break
// clients which put tokens into URLs without escaping them ('+' turns into a
// space), and the padding below adds '='.
var magic = []byte{0xfb, 0xef, 0xff}

const macLen = 16

// Sealer issues opaque tokens: standard base64 of a magic prefix, a
// generation number, a JSON payload and an HMAC-SHA256 tag. Tokens are
// deterministic (the same payload in the same generation gives the same
// string), which the cycle fault mode relies on, and tamper-evident, which
// lets emulators answer a corrupted token with the API's real error.
// It is safe for concurrent use.
type Sealer struct {
	mu  sync.Mutex
	key []byte
	gen uint64
}

// NewSealer returns a Sealer keyed by secret. Emulators use a fixed secret
// per API so that runs are reproducible.
func NewSealer(secret string) *Sealer {
	k := sha256.Sum256([]byte("pagegen-emulator:" + secret))
	return &Sealer{key: k[:]}
}

// Expire makes every token issued so far expired: Open reports
// ErrExpiredToken for them from now on.
func (s *Sealer) Expire() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
}

// Seal encodes v (marshalled as JSON) into a token of the current
// generation.
func (s *Sealer) Seal(v any) string {
	payload, err := json.Marshal(v)
	if err != nil {
		panic("faults: sealing token payload: " + err.Error())
	}
	s.mu.Lock()
	gen := s.gen
	s.mu.Unlock()
	var b []byte
	b = append(b, magic...)
	b = binary.AppendUvarint(b, gen)
	b = binary.AppendUvarint(b, uint64(len(payload)))
	b = append(b, payload...)
	b = append(b, s.mac(b)...)
	// Pad with zero bytes to a length of 3n+1, whose base64 ends in "==".
	for len(b)%3 != 1 {
		b = append(b, 0)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// Open checks tok and decodes its payload into v.
func (s *Sealer) Open(tok string, v any) error {
	b, err := base64.StdEncoding.DecodeString(tok)
	if err != nil || !bytes.HasPrefix(b, magic) {
		return ErrCorruptToken
	}
	rest := b[len(magic):]
	gen, n := binary.Uvarint(rest)
	if n <= 0 {
		return ErrCorruptToken
	}
	rest = rest[n:]
	plen, n := binary.Uvarint(rest)
	if n <= 0 || uint64(len(rest)-n) < plen+macLen {
		return ErrCorruptToken
	}
	rest = rest[n:]
	end := len(b) - len(rest) + int(plen)
	payload := b[len(b)-len(rest) : end]
	tag := b[end : end+macLen]
	// The padding must be exactly what Seal adds, so that a token cut
	// short at a base64 boundary is not taken for a whole one.
	if len(b)%3 != 1 || len(b)-end-macLen > 2 {
		return ErrCorruptToken
	}
	for _, c := range b[end+macLen:] {
		if c != 0 {
			return ErrCorruptToken
		}
	}
	if !hmac.Equal(tag, s.mac(b[:end])) {
		return ErrCorruptToken
	}
	s.mu.Lock()
	cur := s.gen
	s.mu.Unlock()
	if gen != cur {
		return ErrExpiredToken
	}
	if err := json.Unmarshal(payload, v); err != nil {
		return ErrCorruptToken
	}
	return nil
}

func (s *Sealer) mac(b []byte) []byte {
	h := hmac.New(sha256.New, s.key)
	h.Write(b)
	return h.Sum(nil)[:macLen]
}

// Tamper returns tok with one bit of its payload flipped and re-encoded, so
// the result is still well-formed base64 of the same length but fails the
// issuer's MAC: the "corrupted token" a proxy or a careless cache produces.
// A string that is not base64 gets its middle character changed instead.
func Tamper(tok string) string {
	b, err := base64.StdEncoding.DecodeString(tok)
	if err != nil || len(b) == 0 {
		if tok == "" {
			return "AAAA"
		}
		rs := []byte(tok)
		i := len(rs) / 2
		if rs[i] == 'A' {
			rs[i] = 'B'
		} else {
			rs[i] = 'A'
		}
		return string(rs)
	}
	b[len(b)/2] ^= 0x01
	return base64.StdEncoding.EncodeToString(b)
}
