// Package ucommerceserver emulates list endpoints of the Ucommerce headless
// API described by specs/ucommerce.yaml, for pagegen's end-to-end tests:
//
//	GET /api/v1/countries?maxItems=&nextPagingToken=                                     ListCountries
//	GET /api/v1/price-groups?cultureCode=&maxItems=&nextPagingToken=                     ListPriceGroups
//	GET /api/v1/catalogs?cultureCode=&priceGroupId=&maxItems=&nextPagingToken=           ListCatalogs
//	GET /api/v1/shipping-methods?cultureCode=&countryId=&priceGroupId=&maxItems=&nextPagingToken=  ListShippingMethods
//
// As the Ucommerce documentation describes: maxItems is optional with a
// default of 250; the response names its array after the resource
// ({"countries":[…]}, {"priceGroups":[…]}, …) and carries the next token
// under "nextPagingToken" or "pagingToken" depending on the endpoint (null on
// the last page); a token is unique per store; and a token that does not
// belong to the request gets
//
//	HTTP 400 {"errors":[{"error":"BadRequest","error-description":"Paging token does not match the current query"}]}
//
// The emulator gives that answer to every token it cannot use: one issued
// for another store, endpoint or filter values, a tampered one, and one
// issued before [Server.ExpireTokens] (Ucommerce documents no expiry error,
// so expiry looks like a mismatch). maxItems may change between pages.
//
// Tokens hold an offset, like the real ones (which are base64 of
// "skip|take|…"), so deleting an item before the offset shifts the rest:
// the next page then skips one item, as it would against Ucommerce.
//
// The store is the one the bearer access token belongs to ([Store.AccessToken]);
// a request without an Authorization header is served from the default
// store unless [Server.RequireAuth] is on.
package ucommerceserver

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/pagegen/pagegen/testdata/faults"
)

// DefaultMaxItems is the page size when maxItems is absent.
const DefaultMaxItems = 250

// MsgTokenMismatch is the error-description of every token error.
const MsgTokenMismatch = "Paging token does not match the current query"

// TokenField selects the JSON name the next token is sent under.
type TokenField string

// Token field choices for [Server.SetTokenField].
const (
	// TokenFieldDefault uses each endpoint's documented name:
	// nextPagingToken for countries and catalogs, pagingToken for price
	// groups and shipping methods.
	TokenFieldDefault TokenField = ""
	// TokenFieldPaging sends "pagingToken" everywhere.
	TokenFieldPaging TokenField = "pagingToken"
	// TokenFieldNextPaging sends "nextPagingToken" everywhere.
	TokenFieldNextPaging TokenField = "nextPagingToken"
	// TokenFieldAlternate switches between the two names from one
	// response to the next, so a client must read both on every page.
	TokenFieldAlternate TokenField = "alternate"
)

// Country is an item of ListCountries.
type Country struct {
	CultureCode string `json:"cultureCode"`
	ID          string `json:"id"`
	Name        string `json:"name"`
}

// PriceGroup is an item of ListPriceGroups.
type PriceGroup struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	CurrencyISOCode string `json:"currencyISOCode"`
}

// Catalog is an item of ListCatalogs.
type Catalog struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// ShippingMethod is an item of ListShippingMethods.
type ShippingMethod struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
	Description string `json:"description"`
}

// Store holds one store's data. Get one from [Server.DefaultStore] or
// [Server.AddStore]; its methods are safe for concurrent use.
type Store struct {
	s           *Server
	id          string
	name        string
	accessToken string

	countries       []*Country
	priceGroups     []*PriceGroup
	catalogs        []*Catalog
	shippingMethods []*ShippingMethod
}

// Server emulates the Ucommerce headless API. Create it with [New]; it is an
// http.Handler and safe for concurrent use.
type Server struct {
	faults.Emulator

	mu          sync.Mutex
	seq         int
	stores      []*Store
	requireAuth bool
	tokenField  TokenField
	responses   int // list responses sent, for TokenFieldAlternate
}

// New returns a server with one empty store, "default".
func New() *Server {
	s := &Server{}
	s.Init("ucommerce", s.route, nil)
	s.AddStore("default")
	return s
}

// ResetModes turns the token cycle, endless and empty-page modes off, and
// the token field back to each endpoint's default.
func (s *Server) ResetModes() {
	s.Emulator.ResetModes()
	s.SetTokenField(TokenFieldDefault)
}

// SetTokenField chooses the name the next token is sent under.
func (s *Server) SetTokenField(f TokenField) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenField = f
}

// RequireAuth makes requests without a known bearer token fail with 401
// (on) or be served from the default store (off, the initial setting).
// Unknown bearer tokens always get 401.
func (s *Server) RequireAuth(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requireAuth = on
}

// DefaultStore returns the store created by New.
func (s *Server) DefaultStore() *Store {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stores[0]
}

// AddStore creates an empty store. Its data and tokens are its own: a token
// issued to one store is a mismatch in every other.
func (s *Server) AddStore(name string) *Store {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := &Store{s: s, id: guid("store", len(s.stores)), name: name}
	st.accessToken = "uc_at_" + strings.ReplaceAll(st.id, "-", "")
	s.stores = append(s.stores, st)
	return st
}

// ID returns the store's GUID.
func (st *Store) ID() string { return st.id }

// Name returns the name the store was created with.
func (st *Store) Name() string { return st.name }

// AccessToken returns the bearer token that selects this store:
// send "Authorization: Bearer <token>".
func (st *Store) AccessToken() string { return st.accessToken }

var cultures = []string{"da-DK", "de-DE", "en-GB", "en-US", "fr-FR", "sv-SE", "nb-NO", "nl-NL"}

// AddCountries creates n countries and returns their IDs in list order.
func (st *Store) AddCountries(n int) []string {
	st.s.mu.Lock()
	defer st.s.mu.Unlock()
	var ids []string
	for range n {
		seq := st.s.nextSeq()
		c := &Country{CultureCode: cultures[seq%len(cultures)], ID: guid("country", seq), Name: fmt.Sprintf("Country %04d", seq)}
		st.countries = append(st.countries, c)
		ids = append(ids, c.ID)
	}
	return ids
}

// AddPriceGroups creates n price groups and returns their IDs in list order.
func (st *Store) AddPriceGroups(n int) []string {
	st.s.mu.Lock()
	defer st.s.mu.Unlock()
	var ids []string
	for range n {
		seq := st.s.nextSeq()
		p := &PriceGroup{ID: guid("pricegroup", seq), Name: fmt.Sprintf("EUR %d %%", seq%30), CurrencyISOCode: "EUR"}
		st.priceGroups = append(st.priceGroups, p)
		ids = append(ids, p.ID)
	}
	return ids
}

// AddCatalogs creates n catalogs and returns their IDs in list order.
func (st *Store) AddCatalogs(n int) []string {
	st.s.mu.Lock()
	defer st.s.mu.Unlock()
	var ids []string
	for range n {
		seq := st.s.nextSeq()
		c := &Catalog{ID: guid("catalog", seq), Name: fmt.Sprintf("Catalog %04d", seq)}
		st.catalogs = append(st.catalogs, c)
		ids = append(ids, c.ID)
	}
	return ids
}

// AddShippingMethods creates n shipping methods and returns their IDs in
// list order.
func (st *Store) AddShippingMethods(n int) []string {
	st.s.mu.Lock()
	defer st.s.mu.Unlock()
	var ids []string
	for range n {
		seq := st.s.nextSeq()
		m := &ShippingMethod{ID: guid("shipping", seq), Name: fmt.Sprintf("shipping-%04d", seq),
			DisplayName: fmt.Sprintf("Shipping %04d", seq), Description: "Delivered in 2-4 business days."}
		st.shippingMethods = append(st.shippingMethods, m)
		ids = append(ids, m.ID)
	}
	return ids
}

// Delete removes the item with this ID from whichever store holds it and
// reports whether it existed.
func (s *Server) Delete(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.stores {
		n := len(st.countries) + len(st.priceGroups) + len(st.catalogs) + len(st.shippingMethods)
		st.countries = slices.DeleteFunc(st.countries, func(c *Country) bool { return c.ID == id })
		st.priceGroups = slices.DeleteFunc(st.priceGroups, func(p *PriceGroup) bool { return p.ID == id })
		st.catalogs = slices.DeleteFunc(st.catalogs, func(c *Catalog) bool { return c.ID == id })
		st.shippingMethods = slices.DeleteFunc(st.shippingMethods, func(m *ShippingMethod) bool { return m.ID == id })
		if n != len(st.countries)+len(st.priceGroups)+len(st.catalogs)+len(st.shippingMethods) {
			return true
		}
	}
	return false
}

func (s *Server) nextSeq() int {
	s.seq++
	return s.seq
}

// guid makes a stable GUID-shaped ID.
func guid(kind string, n int) string {
	h := sha256.Sum256([]byte(kind + ":" + strconv.Itoa(n)))
	x := hex.EncodeToString(h[:16])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

// apiError is a Ucommerce error answer.
type apiError struct {
	status      int
	code        string
	description string
}

func badRequest(desc string) *apiError {
	return &apiError{http.StatusBadRequest, "BadRequest", desc}
}

var mismatch = badRequest(MsgTokenMismatch)

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.status, errorBody(e.code, e.description))
}

// errorBody renders {"errors":[{"error":…,"error-description":…}]}.
func errorBody(code, desc string) []byte {
	return []byte(`{"errors":[{"error":` + strconv.Quote(code) + `,"error-description":` + strconv.Quote(desc) + `}]}`)
}

// endpoint describes one list endpoint.
type endpoint struct {
	op        string
	itemsName string
	tokenName string   // the documented token field
	params    []string // query parameters the token is bound to
	required  []string // parameters that must be present
}

var endpoints = map[string]endpoint{
	"/api/v1/countries":        {"ListCountries", "countries", "nextPagingToken", nil, nil},
	"/api/v1/price-groups":     {"ListPriceGroups", "priceGroups", "pagingToken", []string{"cultureCode"}, []string{"cultureCode"}},
	"/api/v1/catalogs":         {"ListCatalogs", "catalogs", "nextPagingToken", []string{"cultureCode", "priceGroupId"}, []string{"cultureCode", "priceGroupId"}},
	"/api/v1/shipping-methods": {"ListShippingMethods", "shippingMethods", "pagingToken", []string{"cultureCode", "countryId", "priceGroupId"}, []string{"countryId", "priceGroupId"}},
}

var cultureRe = regexp.MustCompile(`^[a-z]{2}-[A-Z]{2}$`)

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	ep, ok := endpoints[r.URL.Path]
	call := faults.Call{Op: ep.op}
	if !ok || r.Method != http.MethodGet {
		call.Op = r.Method + " " + r.URL.Path
		e := &apiError{http.StatusNotFound, "NotFound", "No endpoint " + r.Method + " " + r.URL.Path}
		call.Status, call.Code = e.status, e.code
		s.Log.Add(call)
		writeError(w, e)
		return
	}
	body, e := s.list(r, ep, &call)
	if e != nil {
		call.Status, call.Code = e.status, e.description
		s.Log.Add(call)
		writeError(w, e)
		return
	}
	call.Status = http.StatusOK
	s.Log.Add(call)
	writeJSON(w, http.StatusOK, body)
}

// storeFor finds the store of the request's bearer token.
func (s *Server) storeFor(r *http.Request) (*Store, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	auth := r.Header.Get("Authorization")
	if auth == "" {
		if s.requireAuth {
			return nil, &apiError{http.StatusUnauthorized, "Unauthorized", "The token is expired."}
		}
		return s.stores[0], nil
	}
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	for _, st := range s.stores {
		if ok && tok == st.accessToken {
			return st, nil
		}
	}
	return nil, &apiError{http.StatusUnauthorized, "Unauthorized", "The token has expired or was not valid."}
}

func (s *Server) list(r *http.Request, ep endpoint, call *faults.Call) ([]byte, *apiError) {
	st, e := s.storeFor(r)
	if e != nil {
		return nil, e
	}
	q := r.URL.Query()
	limit := DefaultMaxItems
	if v := q.Get("maxItems"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, badRequest("maxItems must be a positive integer.")
		}
		limit, call.Limit = n, n
	}
	call.Token = q.Get("nextPagingToken")
	for _, p := range ep.required {
		if q.Get(p) == "" {
			return nil, badRequest(p + " is required.")
		}
	}
	if c := q.Get("cultureCode"); c != "" && !cultureRe.MatchString(c) {
		return nil, badRequest("Invalid cultureCode.")
	}

	s.mu.Lock()
	var items []any
	var err *apiError
	switch ep.op {
	case "ListCountries":
		items = anySlice(st.countries)
	case "ListPriceGroups":
		items = anySlice(st.priceGroups)
	case "ListCatalogs":
		if !hasID(st.priceGroups, q.Get("priceGroupId"), func(p *PriceGroup) string { return p.ID }) {
			err = badRequest("Invalid Price Group.")
		}
		items = anySlice(st.catalogs)
	case "ListShippingMethods":
		switch {
		case !hasID(st.countries, q.Get("countryId"), func(c *Country) string { return c.ID }):
			err = badRequest("Country does not exist.")
		case !hasID(st.priceGroups, q.Get("priceGroupId"), func(p *PriceGroup) string { return p.ID }):
			err = badRequest("PriceGroup does not exist.")
		}
		items = anySlice(st.shippingMethods)
	}
	field := s.tokenField
	if field == TokenFieldAlternate {
		field = [2]TokenField{TokenFieldNextPaging, TokenFieldPaging}[s.responses%2]
	}
	if field == TokenFieldDefault {
		field = TokenField(ep.tokenName)
	}
	if err == nil {
		s.responses++
	}
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}

	scope := []string{ep.op, st.id}
	for _, p := range ep.params {
		scope = append(scope, q.Get(p))
	}
	c := faults.Cursor{Scope: faults.Fingerprint(scope...)}
	if call.Token != "" {
		if err := s.Sealer.Open(call.Token, &c); err != nil || c.Scope != faults.Fingerprint(scope...) {
			// Expired, tampered and foreign tokens all look alike to
			// Ucommerce: they do not match the current query.
			return nil, mismatch
		}
	}
	pg := s.Pager.Plan(c, len(items), limit)
	page := make([]any, 0, max(pg.To-pg.From, 0))
	for i := pg.From; i < pg.To; i++ {
		if i < len(items) {
			page = append(page, items[i])
		} else {
			page = append(page, synth(ep.op, i))
		}
	}
	var next *string
	if pg.Next != nil {
		t := s.Sealer.Seal(*pg.Next)
		next = &t
		call.NextToken = t
	}
	call.Items = len(page)
	return encodePage(ep.itemsName, page, string(field), next), nil
}

// encodePage writes the response by hand so that the token field comes
// first and is null on the last page, as Ucommerce sends it.
func encodePage(itemsName string, page []any, field string, next *string) []byte {
	var b strings.Builder
	b.WriteString("{" + strconv.Quote(field) + ":")
	if next == nil {
		b.WriteString("null")
	} else {
		b.WriteString(strconv.Quote(*next))
	}
	b.WriteString("," + strconv.Quote(itemsName) + ":")
	b.Write(mustJSON(page))
	b.WriteString("}")
	return []byte(b.String())
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("ucommerceserver: " + err.Error())
	}
	return b
}

// synth makes up item i of an endless listing.
func synth(op string, i int) any {
	id := guid("endless-"+op, i)
	switch op {
	case "ListCountries":
		return &Country{CultureCode: "en-US", ID: id, Name: fmt.Sprintf("Endless %d", i)}
	case "ListPriceGroups":
		return &PriceGroup{ID: id, Name: fmt.Sprintf("Endless %d", i), CurrencyISOCode: "EUR"}
	case "ListCatalogs":
		return &Catalog{ID: id, Name: fmt.Sprintf("Endless %d", i)}
	default:
		return &ShippingMethod{ID: id, Name: fmt.Sprintf("endless-%d", i), DisplayName: fmt.Sprintf("Endless %d", i)}
	}
}

func anySlice[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func hasID[T any](xs []T, id string, idOf func(T) string) bool {
	return slices.ContainsFunc(xs, func(x T) bool { return idOf(x) == id })
}

// ErrorFault answers with a Ucommerce error body
// {"errors":[{"error":code,"error-description":desc}]}, the status and an
// optional Retry-After.
func ErrorFault(status int, code, desc, retryAfter string) faults.Fault {
	return faults.Status(status, retryAfter, string(errorBody(code, desc)), "application/json; charset=utf-8")
}

// TooManyRequests answers HTTP 429 with an optional Retry-After.
func TooManyRequests(retryAfter string) faults.Fault {
	return ErrorFault(http.StatusTooManyRequests, "TooManyRequests", "Too many requests.", retryAfter)
}

// ServiceUnavailable answers HTTP 503 with an optional Retry-After.
func ServiceUnavailable(retryAfter string) faults.Fault {
	return ErrorFault(http.StatusServiceUnavailable, "ServiceUnavailable", "The service is unavailable.", retryAfter)
}

// InternalError answers HTTP 500.
func InternalError() faults.Fault {
	return ErrorFault(http.StatusInternalServerError, "InternalServerError", "An unexpected error occurred.", "")
}

// Op matches requests for the named operation ("ListCountries",
// "ListPriceGroups", "ListCatalogs", "ListShippingMethods").
func Op(name string) faults.Matcher {
	return func(r *http.Request) bool { return endpoints[r.URL.Path].op == name }
}

// WithToken matches requests that carry nextPagingToken: every page but the
// first.
func WithToken() faults.Matcher { return faults.Query("nextPagingToken") }
