package load

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"

	yaml "github.com/oasdiff/yaml3"
)

// A YAML parser error names a line and no column, and for an error inside
// a block collection ("did not find expected '-' indicator") the line is
// where the collection starts, counted from 0, not where the parser
// stopped. The parser stops at the first token it cannot fit, and reads no
// further, so a prefix of the file fails with the same message exactly
// when it includes that token: the shortest such prefix ends on it.
// yamlErrorPos finds that prefix, first by lines, searching forward from
// near the line the parser named (each try parses the prefix again, so the
// search stays close to it), then by bytes within the line.
//
// It returns 0, 0 when the file does not fail with msg (it is not the
// parser's error).
func yamlErrorPos(data []byte, msg string, named int) (line, col int) {
	fails := func(n int) bool {
		var doc yaml.Node
		err := yaml.Unmarshal(data[:n], &doc)
		return err != nil && err.Error() == msg
	}
	if !fails(len(data)) {
		return 0, 0
	}
	// ends[i] is the end of line i+1, its newline included.
	var ends []int
	for i, b := range data {
		if b == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(data) {
		ends = append(ends, len(data))
	}
	// The offending line is not before the named one, counted from 0
	// (a scanner error that ran to the end of the stream names the line
	// after it): gallop forward from there, then bisect.
	last := len(ends) - 1
	lo := min(max(0, named-2), last)
	hi, step := lo, 1
	for hi < last && !fails(ends[hi]) {
		lo = hi + 1
		hi = min(hi+step, last)
		step *= 2
	}
	k := lo + bisect(hi-lo, func(i int) bool { return fails(ends[lo+i]) })
	start := 0
	if k > 0 {
		start = ends[k-1]
	}
	end := start + bisect(ends[k]-start, func(n int) bool { return fails(start + n) })
	// The shortest prefix ends on the last byte the parser needed to see.
	// The scanner stops on that byte ("mapping values are not allowed"
	// points at the colon); the parser stops on a token it could not fit,
	// and a key token is only known once its colon is read, so a parser
	// error ("did not find expected …") points back at the token's start.
	at := max(start, end-1)
	if strings.Contains(msg, "did not find expected") {
		for at > start && !isBlank(data[at-1]) {
			at--
		}
	}
	return k + 1, utf8.RuneCount(data[start:at]) + 1
}

func isBlank(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// bisect returns the smallest i in [0, n] for which ok(i) holds, ok being
// false up to some point and true from there on; n when only ok(n) holds.
func bisect(n int, ok func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		mid := (lo + hi) / 2
		if ok(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// jsonErrorPos returns the line and column of the first syntax error in a
// JSON document, from the decoder's byte offset; 0, 0 when it decodes.
func jsonErrorPos(data []byte) (line, col int, msg string) {
	var v any
	err := json.Unmarshal(data, &v)
	var syn *json.SyntaxError
	if !errors.As(err, &syn) {
		return 0, 0, ""
	}
	// Offset counts the bytes read, the offending one included.
	off := int(max(0, syn.Offset-1))
	line = bytes.Count(data[:off], []byte("\n")) + 1
	col = utf8.RuneCount(data[bytes.LastIndexByte(data[:off], '\n')+1:off]) + 1
	return line, col, syn.Error()
}

// SyntaxError places an error from decoding data, the contents of file, as
// YAML or JSON at its file:line:col, as Load does for specs.
func SyntaxError(file string, data []byte, err error) error {
	return (&Source{File: file, data: data}).syntaxError(err)
}
