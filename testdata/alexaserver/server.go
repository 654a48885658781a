// Package alexaserver emulates the paginated parts of the Alexa Smart
// Properties REST APIs (https://api.amazonalexa.com) described by
// specs/alexa.yaml, for pagegen's end-to-end tests:
//
//	GET    /v2/units?parentId=&maxResults=&nextToken=   ListUnits
//	GET    /v2/units/{unitId}                           GetUnit
//	DELETE /v2/units/{unitId}                           DeleteUnit
//	POST   /v2/endpoints/query                          QueryEndpoints
//
// List responses are {"paginationContext":{"nextToken":"…"},"results":[…]};
// the last page has no paginationContext at all. GET requests send
// nextToken and maxResults in the query, POST requests in the body's
// paginationContext. maxResults must be 1..10 (default 10); anything else is
// HTTP 400. Every response carries an X-Amzn-RequestId header.
//
// Errors are {"message":"…"} without a code, so the messages are the
// contract: a tampered token, or one used with other filters or another
// operation, gets 400 "Invalid nextToken"; after [Server.ExpireTokens]
// (Alexa documents that tokens expire after 24 hours) a token gets 400
// "Expired nextToken". Tokens remember the last item returned, so deleting
// items does not invalidate them: the walk resumes after the deleted item.
//
// The fault matrix: [Server.Faults] with [TooManyRequests],
// [ServiceUnavailable], [InternalError] and [ErrorFault] shaped like Alexa
// errors, plus the token-shape modes [Server.SetTokenCycle],
// [Server.SetEndless] and [Server.SetEmptyPages].
package alexaserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/pagegen/pagegen/testdata/faults"
)

// OrganizationID is the root unit every unit descends from.
const OrganizationID = "amzn1.alexa.unit.did.AHXORGANIZATION0000000"

// Alexa's paginated APIs take maxResults 1..10.
const (
	minResults     = 1
	maxResults     = 10
	defaultResults = 10
)

// Error messages that are part of the emulated API's contract.
const (
	MsgInvalidToken = "Invalid nextToken"
	MsgExpiredToken = "Expired nextToken"
)

// Unit is an item of ListUnits: a property, floor or room.
type Unit struct {
	ID       string   `json:"id"`
	Name     UnitName `json:"name"`
	ParentID string   `json:"parentId"`
}

// UnitName is a unit's localized name.
type UnitName struct {
	Value LocalizedText `json:"value"`
}

// LocalizedText is text in a locale.
type LocalizedText struct {
	Text   string `json:"text"`
	Locale string `json:"locale"`
}

// Endpoint is an item of QueryEndpoints: an Alexa-connected device.
type Endpoint struct {
	ID               string `json:"id"`
	FriendlyName     string `json:"friendlyName"`
	ManufacturerName string `json:"manufacturerName"`
	Model            string `json:"model"`
	SerialNumber     string `json:"serialNumber"`
	UnitID           string `json:"unitId"`
}

// Server emulates the Alexa APIs above. Create it with [New]; it is an
// http.Handler and safe for concurrent use.
type Server struct {
	faults.Emulator

	mu          sync.Mutex
	seq         int
	reqSeq      int
	accessToken string
	units       []*Unit     // sorted by ID
	endpoints   []*Endpoint // sorted by ID
}

// New returns a server with no units besides the organization and an empty
// fault script. It accepts any (or no) Authorization header until
// [Server.RequireAccessToken].
func New() *Server {
	s := &Server{}
	s.Init("alexa", s.route, s.requestID)
	return s
}

// RequireAccessToken makes every request need "Authorization: Bearer tok";
// others get HTTP 401. "" accepts any request again.
func (s *Server) RequireAccessToken(tok string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accessToken = tok
}

// AddUnits creates n units under parentID ("" means [OrganizationID]) named
// "Room 0001", … and returns their IDs in list order. ListUnits lists units
// by ID, which follows creation order.
func (s *Server) AddUnits(parentID string, n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if parentID == "" {
		parentID = OrganizationID
	}
	var ids []string
	for range n {
		s.seq++
		u := &Unit{
			ID:       fmt.Sprintf("amzn1.alexa.unit.did.AHX%019X", s.seq*104729),
			Name:     UnitName{Value: LocalizedText{Text: fmt.Sprintf("Room %04d", s.seq), Locale: "en-US"}},
			ParentID: parentID,
		}
		s.units = append(s.units, u)
		ids = append(ids, u.ID)
	}
	slices.SortFunc(s.units, func(a, b *Unit) int { return strings.Compare(a.ID, b.ID) })
	return ids
}

// AddEndpoints creates n Echo devices in unit unitID ("" leaves them
// unassigned) and returns their IDs in list order.
func (s *Server) AddEndpoints(unitID string, n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for range n {
		s.seq++
		e := &Endpoint{
			ID:               fmt.Sprintf("amzn1.alexa.endpoint.AEX%019X", s.seq*104729),
			FriendlyName:     fmt.Sprintf("Echo Dot %04d", s.seq),
			ManufacturerName: "Amazon",
			Model:            "Echo Dot",
			SerialNumber:     fmt.Sprintf("G0%014d", s.seq),
			UnitID:           unitID,
		}
		s.endpoints = append(s.endpoints, e)
		ids = append(ids, e.ID)
	}
	slices.SortFunc(s.endpoints, func(a, b *Endpoint) int { return strings.Compare(a.ID, b.ID) })
	return ids
}

// Delete removes the unit or endpoint with this ID and reports whether it
// existed. Outstanding tokens stay valid.
func (s *Server) Delete(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.units) + len(s.endpoints)
	s.units = slices.DeleteFunc(s.units, func(u *Unit) bool { return u.ID == id })
	s.endpoints = slices.DeleteFunc(s.endpoints, func(e *Endpoint) bool { return e.ID == id })
	return n != len(s.units)+len(s.endpoints)
}

func (s *Server) requestID() string {
	s.mu.Lock()
	s.reqSeq++
	n := s.reqSeq
	s.mu.Unlock()
	return fmt.Sprintf("amzn1.tortuga.3.%08x-5b1e-4c2a-9d7f-%012x.T", n, n*7919)
}

// apiError is an Alexa error answer.
type apiError struct {
	status  int
	message string
}

// opOf names the operation of a request and returns its path argument.
func opOf(r *http.Request) (op, arg string) {
	p := r.URL.Path
	switch {
	case p == "/v2/units" && r.Method == http.MethodGet:
		return "ListUnits", ""
	case p == "/v2/endpoints/query" && r.Method == http.MethodPost:
		return "QueryEndpoints", ""
	case strings.HasPrefix(p, "/v2/units/") && !strings.Contains(p[len("/v2/units/"):], "/"):
		id, err := url.PathUnescape(p[len("/v2/units/"):])
		if err != nil || id == "" {
			return "", ""
		}
		switch r.Method {
		case http.MethodGet:
			return "GetUnit", id
		case http.MethodDelete:
			return "DeleteUnit", id
		}
	}
	return "", ""
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	op, arg := opOf(r)
	call := faults.Call{Op: op}
	if op == "" {
		call.Op = r.Method + " " + r.URL.Path
	}
	var out any
	var e *apiError
	status := http.StatusOK
	s.mu.Lock()
	need := s.accessToken
	s.mu.Unlock()
	switch {
	case need != "" && r.Header.Get("Authorization") != "Bearer "+need:
		e = &apiError{http.StatusUnauthorized, "Request is not authorized."}
	case op == "ListUnits":
		out, e = s.listUnits(r.URL.Query(), &call)
	case op == "QueryEndpoints":
		out, e = s.queryEndpoints(r, &call)
	case op == "GetUnit":
		out, e = s.getUnit(arg)
	case op == "DeleteUnit":
		if !s.Delete(arg) {
			e = &apiError{http.StatusNotFound, "Unit " + arg + " not found."}
		}
		status = http.StatusNoContent
	default:
		e = &apiError{http.StatusNotFound, "No resource at " + r.Method + " " + r.URL.Path}
	}
	if e != nil {
		call.Status, call.Code = e.status, e.message
		s.Log.Add(call)
		writeError(w, e.status, e.message)
		return
	}
	call.Status = status
	s.Log.Add(call)
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	writeJSON(w, status, out)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg})
}

// paginationContext is the response's paging object.
type paginationContext struct {
	NextToken string `json:"nextToken"`
}

// listResponse is the shape of every paginated response; the context is
// omitted on the last page, as Alexa does.
type listResponse[T any] struct {
	PaginationContext *paginationContext `json:"paginationContext,omitempty"`
	Results           []T                `json:"results"`
}

// checkLimit validates maxResults (nil: absent).
func checkLimit(v *int) (int, *apiError) {
	if v == nil {
		return defaultResults, nil
	}
	if *v < minResults || *v > maxResults {
		return 0, &apiError{http.StatusBadRequest, fmt.Sprintf("maxResults must be between %d and %d.", minResults, maxResults)}
	}
	return *v, nil
}

// paginate serves one page. Tokens carry the ID of the last item returned,
// so the next page starts after it even if items were deleted meanwhile.
func paginate[T any](s *Server, scope, token string, limit int, items []T,
	idOf func(T) string, synth func(i int) T) (*listResponse[T], string, *apiError) {
	c := faults.Cursor{Scope: scope}
	if token != "" {
		err := s.Sealer.Open(token, &c)
		switch {
		case errors.Is(err, faults.ErrExpiredToken):
			return nil, "", &apiError{http.StatusBadRequest, MsgExpiredToken}
		case err != nil, c.Scope != scope:
			return nil, "", &apiError{http.StatusBadRequest, MsgInvalidToken}
		}
		if c.Key != "" {
			c.Pos = sort.Search(len(items), func(i int) bool { return idOf(items[i]) > c.Key })
		}
	}
	pg := s.Pager.Plan(c, len(items), limit)
	res := &listResponse[T]{Results: []T{}}
	for i := pg.From; i < pg.To; i++ {
		if i < len(items) {
			res.Results = append(res.Results, items[i])
		} else {
			res.Results = append(res.Results, synth(i))
		}
	}
	next := ""
	if pg.Next != nil {
		n := *pg.Next
		n.Key = ""
		if n.Pos > 0 && n.Pos <= len(items) {
			n.Key = idOf(items[n.Pos-1])
		}
		next = s.Sealer.Seal(n)
		res.PaginationContext = &paginationContext{NextToken: next}
	}
	return res, next, nil
}

func (s *Server) listUnits(q url.Values, call *faults.Call) (any, *apiError) {
	var lim *int
	if v := q.Get("maxResults"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, &apiError{http.StatusBadRequest, "maxResults must be an integer."}
		}
		lim, call.Limit = &n, n
	}
	limit, e := checkLimit(lim)
	if e != nil {
		return nil, e
	}
	parent := q.Get("parentId")
	call.Token = q.Get("nextToken")
	s.mu.Lock()
	var items []*Unit
	for _, u := range s.units {
		if parent == "" || u.ParentID == parent {
			items = append(items, u)
		}
	}
	s.mu.Unlock()
	res, next, e := paginate(s, faults.Fingerprint("ListUnits", parent), call.Token, limit, items,
		func(u *Unit) string { return u.ID },
		func(i int) *Unit {
			return &Unit{ID: fmt.Sprintf("amzn1.alexa.unit.did.ZZENDLESS%013d", i),
				Name: UnitName{Value: LocalizedText{Text: fmt.Sprintf("Endless %d", i), Locale: "en-US"}}, ParentID: OrganizationID}
		})
	if e != nil {
		return nil, e
	}
	call.Items, call.NextToken = len(res.Results), next
	return res, nil
}

// endpointQuery is the body of QueryEndpoints.
type endpointQuery struct {
	Query struct {
		UnitID             string `json:"unitId"`
		FriendlyNamePrefix string `json:"friendlyNamePrefix"`
	} `json:"query"`
	PaginationContext *struct {
		NextToken  string `json:"nextToken"`
		MaxResults *int   `json:"maxResults"`
	} `json:"paginationContext"`
}

func (s *Server) queryEndpoints(r *http.Request, call *faults.Call) (any, *apiError) {
	var in endpointQuery
	body, _ := io.ReadAll(r.Body)
	if len(strings.TrimSpace(string(body))) > 0 {
		if err := json.Unmarshal(body, &in); err != nil {
			return nil, &apiError{http.StatusBadRequest, "The request body is not valid JSON: " + err.Error()}
		}
	}
	var lim *int
	if pc := in.PaginationContext; pc != nil {
		call.Token, lim = pc.NextToken, pc.MaxResults
		if lim != nil {
			call.Limit = *lim
		}
	}
	limit, e := checkLimit(lim)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	var items []*Endpoint
	for _, ep := range s.endpoints {
		if (in.Query.UnitID == "" || ep.UnitID == in.Query.UnitID) && strings.HasPrefix(ep.FriendlyName, in.Query.FriendlyNamePrefix) {
			items = append(items, ep)
		}
	}
	s.mu.Unlock()
	res, next, e := paginate(s, faults.Fingerprint("QueryEndpoints", in.Query.UnitID, in.Query.FriendlyNamePrefix), call.Token, limit, items,
		func(ep *Endpoint) string { return ep.ID },
		func(i int) *Endpoint {
			return &Endpoint{ID: fmt.Sprintf("amzn1.alexa.endpoint.ZZENDLESS%013d", i), FriendlyName: fmt.Sprintf("Endless %d", i),
				ManufacturerName: "Amazon", Model: "Echo Dot", SerialNumber: fmt.Sprintf("Z%015d", i)}
		})
	if e != nil {
		return nil, e
	}
	call.Items, call.NextToken = len(res.Results), next
	return res, nil
}

func (s *Server) getUnit(id string) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.units {
		if u.ID == id {
			return u, nil
		}
	}
	return nil, &apiError{http.StatusNotFound, "Unit " + id + " not found."}
}

// ErrorFault answers with an Alexa-style error: the status, an optional
// Retry-After and {"message": msg}.
func ErrorFault(status int, msg, retryAfter string) faults.Fault {
	return faults.FaultFunc(func(w http.ResponseWriter, r *http.Request, _ http.Handler) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		writeError(w, status, msg)
	})
}

// TooManyRequests answers HTTP 429 "Rate exceeded" with an optional
// Retry-After.
func TooManyRequests(retryAfter string) faults.Fault {
	return ErrorFault(http.StatusTooManyRequests, "Rate exceeded", retryAfter)
}

// ServiceUnavailable answers HTTP 503 with an optional Retry-After.
func ServiceUnavailable(retryAfter string) faults.Fault {
	return ErrorFault(http.StatusServiceUnavailable, "Service Unavailable", retryAfter)
}

// InternalError answers HTTP 500.
func InternalError() faults.Fault {
	return ErrorFault(http.StatusInternalServerError, "Internal Server Error", "")
}

// Op matches requests for the named operation ("ListUnits",
// "QueryEndpoints", "GetUnit", "DeleteUnit").
func Op(name string) faults.Matcher {
	return func(r *http.Request) bool { op, _ := opOf(r); return op == name }
}

// WithToken matches requests that carry a nextToken, in the query or in the
// body's paginationContext: every page but the first.
func WithToken() faults.Matcher {
	return func(r *http.Request) bool {
		if r.URL.Query().Get("nextToken") != "" {
			return true
		}
		var in endpointQuery
		if r.Body != nil {
			_ = json.NewDecoder(r.Body).Decode(&in)
		}
		return in.PaginationContext != nil && in.PaginationContext.NextToken != ""
	}
}
