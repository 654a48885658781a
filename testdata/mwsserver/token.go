package mwsserver

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strconv"
)

// walk is the state a NextToken carries: everything needed to produce the next page without
// any server-side session, as MWS's stateless tokens do.
type walk struct {
	family string // "orders", "reports" or "customers": which ByNextToken action accepts it
	seller string // the SellerId the walk belongs to
	pos    int    // index of the first item the next page may contain
	size   int    // page size, fixed when the walk began
	snap   int    // number of items that existed when the walk began; -1: no snapshot
	filter url.Values
}

// tokenMagic opens every raw token. Its bytes encode to "+/+/" in standard base64, so every
// token contains both characters that a client must percent-encode in a form body.
var tokenMagic = []byte{0xfb, 0xff, 0xbf}

const macSize = sha256.Size

// tokenKey derives the HMAC key for a key generation; InvalidateTokens moves to the next one.
// The key is fixed rather than random so that runs are reproducible.
func tokenKey(gen int) []byte {
	sum := sha256.Sum256([]byte("mwsserver token key, generation " + strconv.Itoa(gen)))
	return sum[:]
}

func tokenMAC(gen int, payload []byte) []byte {
	m := hmac.New(sha256.New, tokenKey(gen))
	m.Write(payload)
	return m.Sum(nil)
}

// encodeToken seals w into an opaque token. The caller holds s.mu.
func (s *Server) encodeToken(w walk) string {
	payload := []byte(url.Values{
		"f": {w.family},
		"s": {w.seller},
		"p": {strconv.Itoa(w.pos)},
		"n": {strconv.Itoa(w.size)},
		"c": {strconv.Itoa(w.snap)},
		"q": {w.filter.Encode()},
	}.Encode())
	// Pad with '&' (url.ParseQuery skips empty fields) until the raw length is 1 mod 3, so
	// that the base64 text ends in "==": clients must form-encode '=' too.
	for (len(tokenMagic)+macSize+len(payload))%3 != 1 {
		payload = append(payload, '&')
	}
	raw := make([]byte, 0, len(tokenMagic)+macSize+len(payload))
	raw = append(raw, tokenMagic...)
	raw = append(raw, tokenMAC(s.keyGen, payload)...)
	raw = append(raw, payload...)
	return base64.StdEncoding.EncodeToString(raw)
}

// decodeToken opens a token sealed by encodeToken with the current key. Anything else —
// malformed base64, a wrong MAC, a token from before InvalidateTokens, nonsense fields —
// reports false; it never panics. The caller holds s.mu.
func (s *Server) decodeToken(token string) (walk, bool) {
	// Only the exact text the server issued is a token. The decoder skips '\r' and '\n' and,
	// unless strict, the unused bits of the last quantum, so variants of a token decode to the
	// same bytes; comparing with the canonical encoding rejects them.
	raw, err := base64.StdEncoding.DecodeString(token)
	if err != nil || base64.StdEncoding.EncodeToString(raw) != token ||
		len(raw) < len(tokenMagic)+macSize || !bytes.Equal(raw[:len(tokenMagic)], tokenMagic) {
		return walk{}, false
	}
	mac, payload := raw[len(tokenMagic):len(tokenMagic)+macSize], raw[len(tokenMagic)+macSize:]
	if !hmac.Equal(mac, tokenMAC(s.keyGen, payload)) {
		return walk{}, false
	}
	v, err := url.ParseQuery(string(payload))
	if err != nil {
		return walk{}, false
	}
	filter, err := url.ParseQuery(v.Get("q"))
	if err != nil {
		return walk{}, false
	}
	w := walk{family: v.Get("f"), seller: v.Get("s"), filter: filter}
	var errPos, errSize, errSnap error
	w.pos, errPos = strconv.Atoi(v.Get("p"))
	w.size, errSize = strconv.Atoi(v.Get("n"))
	w.snap, errSnap = strconv.Atoi(v.Get("c"))
	// The MAC makes these checks redundant for tokens this package made; they keep a bug
	// elsewhere from turning into an out-of-range slice index.
	if errPos != nil || errSize != nil || errSnap != nil || w.pos < 0 || w.size < 1 || w.size > 100 || w.snap < -1 {
		return walk{}, false
	}
	return w, true
}

// resume validates a ByNextToken request and opens its token, which must belong to family
// and to the requesting seller. It re-parses the filters the token carries with parse.
func resume[F any](s *Server, req *request, family string, parse func(*params) (F, *apiError)) (walk, F, *apiError) {
	var zero F
	token, err := req.params.str("NextToken")
	if err != nil {
		return walk{}, zero, err
	}
	if token == "" {
		return walk{}, zero, missingParameter("NextToken")
	}
	// MWS takes the filters and the page size from the token only; sending them again is an
	// error, not something to merge.
	if err := req.params.leftover(req.action); err != nil {
		return walk{}, zero, err
	}
	w, ok := s.decodeToken(token)
	if !ok || w.family != family || w.seller != req.seller {
		return walk{}, zero, tokenCorrupted()
	}
	fp := newParams(w.filter)
	f, err := parse(fp)
	if err != nil || fp.leftover(req.action) != nil {
		return walk{}, zero, tokenCorrupted()
	}
	return w, f, nil
}
