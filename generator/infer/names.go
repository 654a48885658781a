package infer

import (
	"strings"

	"github.com/pagegen/pagegen/generator/naming"
)

// The vocabulary of pagination: how inference reads the names of inputs and
// properties. Names are compared folded (normName) or as words
// (lowerWords); nothing here knows an operation.

// normName folds a name for comparison: lower case, letters and digits only
// ("next_page_token", "NextPageToken" → "nextpagetoken").
func normName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// lowerWords splits a name into lower-case words as naming.Words does
// ("x-amzn-idempotency-token" → x amzn idempotency token,
// "ClientRequestToken" → client request token, "APIToken" → api token).
func lowerWords(s string) []string {
	out := naming.Words(s)
	for i, w := range out {
		out[i] = strings.ToLower(w)
	}
	return out
}

// notPaging are words that make a "…token" input something other than a
// position in a walk: credentials, idempotency keys, sync and session
// handles.
var notPaging = map[string]bool{
	"access": true, "api": true, "auth": true, "authorization": true, "bearer": true, "captcha": true,
	"client": true, "confirmation": true, "credential": true, "credentials": true, "csrf": true,
	"device": true, "idempotency": true, "idempotent": true, "invitation": true, "invite": true,
	"jwt": true, "mfa": true, "oauth": true, "password": true, "refresh": true, "request": true,
	"reset": true, "restricted": true, "secret": true, "security": true, "session": true,
	"signature": true, "sync": true, "verification": true, "xsrf": true, "registration": true,
	"activation": true, "push": true, "federation": true, "id": true, "identity": true,
}

// tokenKind classifies an input that may carry a position in a walk.
type tokenKind int

const (
	notToken     tokenKind = iota
	kindToken              // NextToken, pageToken, paginationToken, startingToken
	kindCursor             // cursor, next_cursor, pageCursor
	kindMarker             // Marker, NextMarker, KeyMarker
	kindContinue           // continue, continuationToken
	kindStartKey           // ExclusiveStartTableName ↔ LastEvaluatedTableName
	kindAfter              // after, starting_after
	kindPageRef            // page, when it is a string the response names next_page
)

// tokenWord is what reasons call a token input, by its kind.
func tokenWord(name string) string {
	switch classifyToken(name) {
	case kindCursor, kindAfter:
		return "cursor"
	case kindMarker:
		return "marker"
	case kindPageRef:
		return "page reference"
	}
	return "token"
}

// isCursorName reports names that make a token style cursor rather than
// token: cursor, after, starting_after, before.
func isCursorName(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "cursor") || n == "after" || n == "starting_after" || n == "before"
}

// pagingHints are parts of a "…token" name that say it continues a walk.
var pagingHints = []string{"next", "page", "paging", "pagination", "start", "skip", "resume", "continu", "offset", "after"}

// classifyToken says what kind of position an input name carries.
func classifyToken(name string) tokenKind {
	for _, w := range lowerWords(name) {
		if notPaging[w] {
			return notToken
		}
	}
	n := normName(name)
	switch {
	case n == "continue" || strings.Contains(n, "continuation"):
		return kindContinue
	case strings.Contains(n, "cursor"):
		return kindCursor
	case strings.HasSuffix(n, "marker"):
		return kindMarker
	case strings.HasPrefix(n, "exclusivestart"):
		return kindStartKey
	case n == "after" || n == "startingafter" || n == "startafter":
		return kindAfter
	case n == "page" || n == "pagekey":
		return kindPageRef
	case strings.Contains(n, "token") && n != "token":
		for _, h := range pagingHints {
			if strings.Contains(n, h) {
				return kindToken
			}
		}
	}
	return notToken
}

// backwards are words of response properties that point elsewhere than the
// next page: previous pages, the first or current one.
var backwards = map[string]bool{
	"prev": true, "previous": true, "before": true, "first": true, "self": true, "current": true,
	"back": true, "backward": true, "backwards": true, "prior": true, "start": true,
}

// tokenCore strips the words that qualify a token name, leaving what kind of
// value it is ("startingToken", "paginationToken", "nextPageToken" → "token").
func tokenCore(n string) string {
	for changed := true; changed; {
		changed = false
		for _, p := range []string{"exclusivestart", "starting", "start", "pagination", "paging", "page", "next"} {
			if rest, ok := strings.CutPrefix(n, p); ok && rest != "" {
				n, changed = rest, true
			}
		}
	}
	return n
}

// pairScore rates how surely the response property named resp carries the
// next value of the request input named req: 0 when it does not.
func pairScore(req, resp string) float64 {
	kind := classifyToken(req)
	if kind == notToken {
		return 0
	}
	for _, w := range lowerWords(resp) {
		if backwards[w] {
			return 0
		}
	}
	rn, fn := normName(req), normName(resp)
	core := tokenCore(rn)
	switch {
	case fn == "next"+rn:
		return 3
	case kind == kindStartKey && fn == "lastevaluated"+strings.TrimPrefix(rn, "exclusivestart"):
		return 3
	case fn == rn && kind != kindPageRef:
		// The same name both ways (NextToken, continue, and query-protocol
		// Marker, which names the next marker in a response).
		return 2.8
	case fn == "next"+core:
		return 2.5
	case "next"+fn == rn && classifyToken(resp) != notToken:
		// The response drops the "next" (Ucommerce's nextPagingToken ↔
		// pagingToken), keeping a name that still reads as a page token.
		return 2.5
	case kind == kindCursor && strings.Contains(fn, "cursor") && (strings.HasPrefix(fn, "next") || fn == "endcursor"):
		return 2
	case kind == kindAfter && (fn == "endcursor" || fn == "nextcursor"):
		return 2
	case kind == kindMarker && strings.HasPrefix(fn, "next") && strings.HasSuffix(fn, "marker"):
		return 2
	case kind == kindToken && strings.HasPrefix(fn, "next") && strings.HasSuffix(fn, "token"):
		return 2
	case kind == kindContinue && strings.HasPrefix(fn, "continu"):
		return 2
	}
	return 0
}

// linkParents are objects whose "next" property is the next page's URL.
var linkParents = map[string]bool{"links": true, "link": true, "paging": true, "pagination": true, "navigation": true, "meta": true, "pages": true}

// urlWords end the names of properties that hold a URL.
var urlWords = []string{"link", "url", "uri", "href"}

// pageWords may stand between "next" and a URL word: next_page_url,
// nextRecordsUrl; nextRunUrl is something else.
var pageWords = map[string]bool{"": true, "page": true, "pages": true, "records": true, "results": true, "items": true, "set": true, "batch": true, "chunk": true}

// isNextURLName reports whether a folded name is "next" + a page word + a
// URL word, optionally after "odata".
func isNextURLName(n string) bool {
	rest, ok := strings.CutPrefix(strings.TrimPrefix(n, "odata"), "next")
	if !ok {
		return false
	}
	for _, w := range urlWords {
		if mid, ok := strings.CutSuffix(rest, w); ok && pageWords[mid] {
			return true
		}
	}
	return false
}

// isNextLink reports whether a string property holds the next page's URL:
// nextLink, @odata.nextLink, next_page_url, nextRecordsUrl; next under a
// links object or said to be a URL; href or url under next or next_page.
func isNextLink(f field) bool {
	n := normName(f.name())
	parent := ""
	if len(f.path) > 1 {
		parent = normName(f.path[len(f.path)-2])
	}
	s := deref(f.schema).Value
	switch {
	case isNextURLName(n):
		return true
	case n == "next":
		about := strings.ToLower(s.Description)
		return linkParents[parent] || s.Format == "uri" || s.Format == "url" || strings.Contains(about, "url") || strings.Contains(about, "link")
	case strings.HasPrefix(parent, "next"):
		return n == "link" || n == "url" || n == "uri" || n == "href"
	}
	return false
}

// pageNames are inputs that take a page number; offsetNames inputs that
// take the index of the first item.
var pageNames = map[string]bool{"page": true, "pagenumber": true, "pageno": true, "pagenum": true, "pageindex": true}
var offsetNames = map[string]bool{"offset": true, "skip": true, "startindex": true, "start": true, "from": true, "startat": true, "startrow": true, "firstresult": true}

// genericItems are names APIs give the array of a page.
var genericItems = map[string]bool{
	"items": true, "data": true, "results": true, "value": true, "values": true, "records": true,
	"entries": true, "list": true, "elements": true, "content": true, "contents": true, "nodes": true,
	"edges": true, "hits": true, "rows": true, "objects": true, "resources": true, "members": true,
}

// notItems are arrays beside a page that are not its items.
var notItems = []string{"error", "warning", "failure", "failed", "unprocessed", "skipped", "link", "message"}

// verbs are the words of an operation name that do not name what it lists.
var verbs = map[string]bool{
	"list": true, "get": true, "describe": true, "search": true, "query": true, "fetch": true, "find": true,
	"retrieve": true, "read": true, "scan": true, "lookup": true, "browse": true, "by": true, "for": true,
	"all": true, "the": true, "of": true, "batch": true, "v1": true, "v2": true, "v3": true,
}

// stem folds plurals so "Analyzers" meets "analyzer".
func stem(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3:
		return w[:len(w)-1]
	}
	return w
}

// limitNames are inputs that set the page size.
var limitNames = map[string]bool{
	"limit": true, "maxresults": true, "maxitems": true, "pagesize": true, "perpage": true, "maxrecords": true,
	"maxcount": true, "maxpagesize": true, "pagelimit": true, "maxresultsperpage": true, "top": true,
	"maxentries": true, "maxkeys": true, "maxrows": true, "resultsperpage": true, "itemsperpage": true,
	"size": true, "first": true,
}

// limitScore rates an input name as the page size: exact names first, then
// names that end as one ("ResourcesPerPage") or count things ("maxTables").
func limitScore(name string, d *decision) int {
	n := normName(name)
	switch {
	case limitNames[n]:
		return 3
	case strings.HasSuffix(n, "perpage") || strings.HasSuffix(n, "pagesize") || strings.HasSuffix(n, "limit"):
		return 2
	case strings.HasPrefix(n, "max") && strings.HasSuffix(n, "s") && !strings.HasSuffix(n, "ss"):
		return 1
	case n == "count" && (d.page != nil || d.offset != nil || d.reqToken != nil):
		return 1
	}
	return 0
}

func isMoreName(n string) bool {
	return strings.HasPrefix(n, "hasmore") || strings.HasPrefix(n, "hasnext") || n == "more" ||
		strings.HasSuffix(n, "truncated") || (strings.HasPrefix(n, "more") && strings.HasSuffix(n, "available"))
}

func isDoneName(n string) bool {
	return n == "islast" || n == "last" || n == "islastpage" || n == "lastpage" || n == "done" || n == "isdone"
}
