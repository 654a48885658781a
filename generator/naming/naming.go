// Package naming turns names from a spec into Go identifiers. It is the one
// place that knows Go's keywords and the initialisms Go code spells in
// capitals, so every identifier pagegen emits reads the same way.
package naming

import (
	"go/token"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// initialisms are written all in capitals in Go names (Effective Go,
// golint's list).
var initialisms = map[string]bool{
	"ACL": true, "API": true, "ARN": true, "ASCII": true, "CPU": true, "CSS": true, "DNS": true,
	"EOF": true, "GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true,
	"IP": true, "JSON": true, "LHS": true, "QPS": true, "RAM": true, "RHS": true, "RPC": true,
	"SLA": true, "SMTP": true, "SQL": true, "SSH": true, "TCP": true, "TLS": true, "TTL": true,
	"UDP": true, "UI": true, "UID": true, "UUID": true, "URI": true, "URL": true, "UTF8": true,
	"VM": true, "XML": true, "XMPP": true, "XSRF": true, "XSS": true, "KMS": true, "SQS": true,
	"SNS": true, "VPC": true, "MWS": true,
}

// Exported returns an exported Go identifier for name: words split at
// punctuation, spaces and case changes, each capitalised, initialisms in
// capitals ("next-token" → "NextToken", "@odata.nextLink" → "OdataNextLink",
// "user_id" → "UserID", "NOT_IN" → "NotIn"). A name that would not start with an upper-case
// letter ("2fa", "名前") gets an "X" in front; an empty result is "X".
func Exported(name string) string {
	if strings.ToUpper(name) == name {
		// SHOUTING_NAMES (enum values such as NOT_IN) read as NotIn; words
		// that are initialisms stay in capitals below.
		name = strings.ToLower(name)
	}
	var b strings.Builder
	for _, w := range Words(name) {
		up := strings.ToUpper(w)
		switch {
		case initialisms[up]:
			b.WriteString(up)
		case up == "IDS":
			b.WriteString("IDs")
		default:
			r, n := utf8.DecodeRuneInString(w)
			b.WriteRune(unicode.ToUpper(r))
			b.WriteString(w[n:])
		}
	}
	s := b.String()
	if s == "" {
		return "X"
	}
	// Go exports only what starts with an upper-case letter: a name that
	// starts with a digit, or with a letter that has no case (名前), gets
	// an X in front.
	if r, _ := utf8.DecodeRuneInString(s); !unicode.IsUpper(r) {
		s = "X" + s
	}
	return s
}

// Unexported returns an unexported Go identifier for name, never a keyword
// ("ListOrders" → "listOrders", "ID" → "id", "type" → "type_").
func Unexported(name string) string {
	e := Exported(name)
	// Lower the leading run of capitals, keeping the last one when a
	// lower-case letter follows it ("HTTPServer" → "httpServer").
	runes := []rune(e)
	i := 0
	for i < len(runes) && unicode.IsUpper(runes[i]) {
		i++
	}
	if i > 1 && i < len(runes) && unicode.IsLower(runes[i]) {
		i--
	}
	for j := 0; j < i || j == 0; j++ {
		runes[j] = unicode.ToLower(runes[j])
	}
	s := string(runes)
	if token.IsKeyword(s) || predeclared[s] {
		s += "_"
	}
	return s
}

// predeclared names an unexported identifier should not shadow.
var predeclared = map[string]bool{
	"bool": true, "byte": true, "error": true, "string": true, "int": true, "len": true,
	"cap": true, "new": true, "make": true, "nil": true, "true": true, "false": true,
	"append": true, "copy": true, "close": true, "delete": true, "panic": true,
	"any": true, "min": true, "max": true, "clear": true, "print": true,
}

// Words splits name into words at non-alphanumeric runes and at case
// changes, keeping each word as written ("nextPageToken" → next, Page,
// Token; "HTTPServer" → HTTP, Server; "page2Token", "v2Token" → page2,
// Token and v2, Token). It is the one word splitter of pagegen: Go names,
// file names and inference's reading of spec names all split alike.
func Words(name string) []string {
	var out []string
	runes := []rune(name)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			out = append(out, string(runes[start:end]))
		}
		start = -1
	}
	for i, r := range runes {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := runes[i-1]
		switch {
		case unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)):
			// camelCase boundary: "nextToken", "v2Token"
			flush(i)
			start = i
		case unicode.IsUpper(prev) && unicode.IsUpper(r) && i+1 < len(runes) && unicode.IsLower(runes[i+1]):
			// end of an acronym: "HTTPServer" splits before "Server"
			flush(i)
			start = i
		}
	}
	flush(len(runes))
	return out
}

// Snake returns name in lower case with words joined by underscores
// ("ListOrdersByNextToken" → "list_orders_by_next_token"), as Go file
// names are written.
func Snake(name string) string {
	return strings.ToLower(strings.Join(Words(name), "_"))
}

// Set hands out unique identifiers within one Go scope.
type Set struct {
	used map[string]bool
}

// Reserve marks names as taken.
func (s *Set) Reserve(names ...string) {
	if s.used == nil {
		s.used = map[string]bool{}
	}
	for _, n := range names {
		s.used[n] = true
	}
}

// Taken reports whether name is in use.
func (s *Set) Taken(name string) bool { return s.used[name] }

// Unique returns name, or name with the first of suffixes (then a number)
// that makes it unused, and marks the result as taken.
func (s *Set) Unique(name string, suffixes ...string) string {
	if s.used == nil {
		s.used = map[string]bool{}
	}
	cand := name
	for _, suf := range suffixes {
		if !s.used[cand] {
			break
		}
		cand = name + suf
	}
	for i := 2; s.used[cand]; i++ {
		cand = name + strconv.Itoa(i)
	}
	s.used[cand] = true
	return cand
}
