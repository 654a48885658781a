// Package pagingserver serves openapi.yaml beside it: a small library API
// that pages in every way pagegen's paginators over a user's client do,
// for the end-to-end tests of generated_examples/byo/paging.
//
//   - ListShelfBooks (GET /shelves/{shelf}/books): the body is the array of
//     books; the token travels in the X-Page-Token request header and comes
//     back in X-Next-Page-Token. Book ids are integers.
//   - SearchBooks (POST /shelves/{shelf}/search): the token and page size in
//     the JSON body's page object, the next token in the response's next.
//   - ListEvents (GET /events): offset and limit, with the total count.
//   - SearchEvents (POST /events/search): offset and limit in the JSON body
//     beside the text to find, with the total count of events found.
//   - ListArticles (GET /articles): page (from 1) and per_page, with a
//     last_page flag.
//   - ListCustomers (GET /customers): starting_after the id of the last
//     customer of the page before, with has_more.
//   - ListRecords (GET /zones/{zone}/records): a token set, the name and type
//     of the first record of the next page (next_name, next_type; either
//     may be empty, and is then left out).
//
// Tokens name the next item and the server's token epoch: one that names a
// deleted item, or was issued before [Server.ExpireTokens], is rejected with
// HTTP 400 {"code":"InvalidToken"}, which paginators restart on. A page size
// above 50 is HTTP 400 {"code":"ValidationError"}. [Server.Calls] records
// every request.
package pagingserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// MaxPageSize is the largest page size the server accepts.
const MaxPageSize = 50

// Book is a book on a shelf.
type Book struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

// Record is a record of a zone, listed by name, then type.
type Record struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
}

// Call is one request the server answered.
type Call struct {
	Method, Path string
	Query        map[string]string // the first value of each query parameter
	PageToken    string            // the X-Page-Token header
	Body         map[string]any    // the decoded JSON body of a POST
	Status       int
}

// Server serves the API. Create it with [New]; it is an http.Handler and
// safe for concurrent use.
type Server struct {
	mu        sync.Mutex
	epoch     int
	shelves   map[string][]Book
	events    []string
	articles  []string // newest first
	customers []string // by id
	zones     map[string][]Record
	calls     []Call
}

// New returns a server with no data.
func New() *Server {
	return &Server{shelves: map[string][]Book{}, zones: map[string][]Record{}}
}

// AddBooks puts n books on shelf, with ids counting on from the books
// already there (from 1001), and returns their titles in list order.
func (s *Server) AddBooks(shelf string, n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var titles []string
	for range n {
		b := Book{ID: int64(1001 + len(s.shelves[shelf])), Title: fmt.Sprintf("%s book %02d", shelf, len(s.shelves[shelf]))}
		s.shelves[shelf] = append(s.shelves[shelf], b)
		titles = append(titles, b.Title)
	}
	return titles
}

// DeleteBook takes the book with the title off its shelf.
func (s *Server) DeleteBook(shelf, title string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	books := s.shelves[shelf]
	i := slices.IndexFunc(books, func(b Book) bool { return b.Title == title })
	if i < 0 {
		return false
	}
	s.shelves[shelf] = slices.Delete(books, i, i+1)
	return true
}

// Retitle gives the book at index i of shelf a new title (its id stays).
func (s *Server) Retitle(shelf string, i int, title string) {
	s.mu.Lock()
	s.shelves[shelf][i].Title = title
	s.mu.Unlock()
}

// AddEvents adds n events and returns their names, oldest first.
func (s *Server) AddEvents(n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.events = append(s.events, fmt.Sprintf("event %02d", len(s.events)))
	}
	return slices.Clone(s.events[len(s.events)-n:])
}

// AddArticles adds n articles and returns their slugs in list order
// (newest first) of all the articles.
func (s *Server) AddArticles(n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.articles = slices.Insert(s.articles, 0, fmt.Sprintf("article-%02d", len(s.articles)))
	}
	return slices.Clone(s.articles)
}

// AddCustomers adds n customers and returns the ids of all, in list order.
func (s *Server) AddCustomers(n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.customers = append(s.customers, fmt.Sprintf("cus_%03d", len(s.customers)))
	}
	return slices.Clone(s.customers)
}

// AddRecords adds records to zone, each name with each of the types, and
// returns their ids in list order (by name, then type).
func (s *Server) AddRecords(zone string, names, types []string) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range names {
		for _, t := range types {
			s.zones[zone] = append(s.zones[zone], Record{ID: len(s.zones[zone]) + 1, Name: n, Type: t})
		}
	}
	recs := s.zones[zone]
	slices.SortStableFunc(recs, func(a, b Record) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Type, b.Type)
	})
	ids := make([]int, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	return ids
}

// ExpireTokens makes every token issued so far invalid.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	s.epoch++
	s.mu.Unlock()
}

// Calls returns the requests answered so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// apiError is an error response.
type apiError struct {
	status        int
	code, message string
}

func invalid(code, format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, code: code, message: fmt.Sprintf(format, args...)}
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	call := Call{Method: r.Method, Path: r.URL.Path, Query: map[string]string{}, PageToken: r.Header.Get("X-Page-Token")}
	for k, v := range r.URL.Query() {
		call.Query[k] = v[0]
	}
	if r.Method == http.MethodPost {
		if err := json.NewDecoder(r.Body).Decode(&call.Body); err != nil {
			call.Body = nil
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out, header, apiErr := s.route(&call)
	call.Status = http.StatusOK
	if apiErr != nil {
		call.Status = apiErr.status
		out = map[string]string{"code": apiErr.code, "message": apiErr.message}
	}
	s.calls = append(s.calls, call)
	for k, v := range header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(call.Status)
	json.NewEncoder(w).Encode(out)
}

func (s *Server) route(c *Call) (any, map[string]string, *apiError) {
	parts := strings.Split(strings.Trim(c.Path, "/"), "/")
	switch {
	case c.Method == http.MethodGet && len(parts) == 3 && parts[0] == "shelves" && parts[2] == "books":
		return s.listShelfBooks(parts[1], c)
	case c.Method == http.MethodPost && len(parts) == 3 && parts[0] == "shelves" && parts[2] == "search":
		out, err := s.searchBooks(parts[1], c)
		return out, nil, err
	case c.Method == http.MethodGet && c.Path == "/events":
		out, err := s.listEvents(c.Query["offset"], c.Query["limit"], "")
		return out, nil, err
	case c.Method == http.MethodPost && c.Path == "/events/search":
		text, ok := c.Body["text"].(string)
		if !ok {
			return nil, nil, invalid("ValidationError", "text is required")
		}
		out, err := s.listEvents(number(c.Body["offset"]), number(c.Body["limit"]), text)
		return out, nil, err
	case c.Method == http.MethodGet && c.Path == "/articles":
		out, err := s.listArticles(c)
		return out, nil, err
	case c.Method == http.MethodGet && (c.Path == "/customers" || c.Path == "/customers/feed"):
		out, err := s.listCustomers(c)
		return out, nil, err
	case c.Method == http.MethodGet && len(parts) == 3 && parts[0] == "zones" && parts[2] == "records":
		out, err := s.listRecords(parts[1], c)
		return out, nil, err
	}
	return nil, nil, &apiError{status: http.StatusNotFound, code: "NotFound", message: c.Method + " " + c.Path}
}

// size reads a page size, default 10.
func size(v, name string) (int, *apiError) {
	if v == "" {
		return 10, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > MaxPageSize {
		return 0, invalid("ValidationError", "%s must be 1 to %d, not %q", name, MaxPageSize, v)
	}
	return n, nil
}

// bookToken is the token of the page that starts with book b.
func (s *Server) bookToken(b Book) string { return fmt.Sprintf("e%d.b%d", s.epoch, b.ID) }

// bookPage returns the page of books that starts where token says.
func (s *Server) bookPage(books []Book, token string, n int) ([]Book, string, *apiError) {
	start := 0
	if token != "" {
		var epoch int
		var id int64
		if _, err := fmt.Sscanf(token, "e%d.b%d", &epoch, &id); err != nil || epoch != s.epoch {
			return nil, "", invalid("InvalidToken", "token %q is not valid", token)
		}
		start = slices.IndexFunc(books, func(b Book) bool { return b.ID == id })
		if start < 0 {
			return nil, "", invalid("InvalidToken", "token %q names a book that is gone", token)
		}
	}
	end := min(start+n, len(books))
	next := ""
	if end < len(books) {
		next = s.bookToken(books[end])
	}
	return books[start:end], next, nil
}

func (s *Server) listShelfBooks(shelf string, c *Call) (any, map[string]string, *apiError) {
	n, err := size(c.Query["pageSize"], "pageSize")
	if err != nil {
		return nil, nil, err
	}
	page, next, err := s.bookPage(s.shelves[shelf], c.PageToken, n)
	if err != nil {
		return nil, nil, err
	}
	header := map[string]string{}
	if next != "" {
		header["X-Next-Page-Token"] = next
	}
	return append([]Book{}, page...), header, nil
}

func (s *Server) searchBooks(shelf string, c *Call) (any, *apiError) {
	if c.Body == nil {
		return nil, invalid("ValidationError", "the body is not a JSON object")
	}
	query, _ := c.Body["query"].(string)
	pg, _ := c.Body["page"].(map[string]any)
	token, _ := pg["token"].(string)
	sizeText := ""
	if v, ok := pg["size"].(float64); ok {
		sizeText = strconv.Itoa(int(v))
	}
	n, err := size(sizeText, "page.size")
	if err != nil {
		return nil, err
	}
	var found []Book
	for _, b := range s.shelves[shelf] {
		if strings.Contains(b.Title, query) {
			found = append(found, b)
		}
	}
	page, next, err := s.bookPage(found, token, n)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"books": append([]Book{}, page...)}
	if next != "" {
		out["next"] = map[string]string{"token": next}
	}
	return out, nil
}

// position reads a non-negative integer, def when absent.
func position(v, name string, def int) (int, *apiError) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, invalid("ValidationError", "%s must be a non-negative integer, not %q", name, v)
	}
	return n, nil
}

// number is a JSON number of a body as listEvents reads its query: "" when
// absent.
func number(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return ""
}

// listEvents lists the events whose name has text in it from the offset
// (query-string spellings of it and the limit).
func (s *Server) listEvents(offset, limit, text string) (any, *apiError) {
	n, err := size(limit, "limit")
	if err != nil {
		return nil, err
	}
	off, err := position(offset, "offset", 0)
	if err != nil {
		return nil, err
	}
	type event struct {
		Seq  int    `json:"seq"`
		Name string `json:"name"`
	}
	var found []event
	for i, name := range s.events {
		if strings.Contains(name, text) {
			found = append(found, event{Seq: i, Name: name})
		}
	}
	events := []event{}
	if off < len(found) {
		events = append(events, found[off:min(off+n, len(found))]...)
	}
	return map[string]any{"events": events, "total": len(found)}, nil
}

func (s *Server) listArticles(c *Call) (any, *apiError) {
	n, err := size(c.Query["per_page"], "per_page")
	if err != nil {
		return nil, err
	}
	p, err := position(c.Query["page"], "page", 1)
	if err != nil || p < 1 {
		return nil, invalid("ValidationError", "page must be 1 or more, not %q", c.Query["page"])
	}
	type article struct {
		Slug string `json:"slug"`
	}
	articles := []article{}
	start := (p - 1) * n
	for i := start; i < min(start+n, len(s.articles)); i++ {
		articles = append(articles, article{Slug: s.articles[i]})
	}
	return map[string]any{"articles": articles, "last_page": start+n >= len(s.articles)}, nil
}

func (s *Server) listCustomers(c *Call) (any, *apiError) {
	n, err := size(c.Query["limit"], "limit")
	if err != nil {
		return nil, err
	}
	start := 0
	if after, ok := c.Query["starting_after"]; ok {
		i := slices.Index(s.customers, after)
		if i < 0 {
			return nil, invalid("InvalidToken", "no customer %q", after)
		}
		start = i + 1
	}
	type customer struct {
		ID string `json:"id"`
	}
	data := []customer{}
	end := min(start+n, len(s.customers))
	for _, id := range s.customers[start:end] {
		data = append(data, customer{ID: id})
	}
	return map[string]any{"data": data, "has_more": end < len(s.customers)}, nil
}

func (s *Server) listRecords(zone string, c *Call) (any, *apiError) {
	n, err := size(c.Query["max"], "max")
	if err != nil {
		return nil, err
	}
	recs := s.zones[zone]
	start := 0
	if name, ok := c.Query["name"]; ok {
		typ := c.Query["type"]
		start = slices.IndexFunc(recs, func(r Record) bool { return r.Name > name || r.Name == name && r.Type >= typ })
		if start < 0 {
			start = len(recs)
		}
	} else if _, ok := c.Query["type"]; ok {
		return nil, invalid("ValidationError", "type needs name")
	}
	end := min(start+n, len(recs))
	out := map[string]any{"records": append([]Record{}, recs[start:end]...)}
	if end < len(recs) {
		if next := recs[end]; next.Name != "" {
			out["next_name"] = next.Name
		}
		if next := recs[end]; next.Type != "" {
			out["next_type"] = next.Type
		}
	}
	return out, nil
}
