package mwsserver

import (
	"encoding/xml"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Paths, versions and XML namespaces of the emulated sections, as MWS publishes them.
const (
	OrdersPath      = "/Orders/2013-09-01"
	OrdersVersion   = "2013-09-01"
	OrdersNamespace = "https://mws.amazonservices.com/Orders/2013-09-01"

	// ReportsPath is "/": the Reports section predates per-section paths.
	ReportsPath      = "/"
	ReportsVersion   = "2009-01-01"
	ReportsNamespace = "http://mws.amazonaws.com/doc/2009-01-01/"

	CustomersPath      = "/CustomerInformation/2014-03-01"
	CustomersVersion   = "2014-03-01"
	CustomersNamespace = "http://mws.amazonservices.com/schema/CustomerInformation/2014-03-01"
)

// Marketplace ids that the generated orders and customers belong to: every fourth item
// (index 3, 7, 11, …) is Canadian, the rest are from amazon.com.
const (
	MarketplaceUS = "ATVPDKIKX0DER"
	MarketplaceCA = "A2EUQ1WTGCTBG2"
)

// Default page sizes. 100 orders and 10 reports are MWS's documented defaults for
// MaxResultsPerPage and MaxCount; ListCustomers has no page-size field, so its page size is
// the server's choice (see WithCustomersPageSize).
const (
	DefaultOrdersPageSize    = 100
	DefaultReportsPageSize   = 10
	DefaultCustomersPageSize = 10
)

// genericNamespace is used for errors that belong to no section (an unknown path).
const genericNamespace = "https://mws.amazonservices.com/"

// maxBodyBytes bounds a request body; MWS rejects oversized requests with
// InvalidParameterValue, and a test server must not buffer without limit.
const maxBodyBytes = 1 << 20

// Server is an emulated MWS endpoint serving the Orders, Reports and Customer Information
// sections. It is an http.Handler and safe for concurrent use. The zero value is not usable;
// call New.
type Server struct {
	customersPageSize int
	retryAfter        string

	mu        sync.Mutex
	orders    []order
	reports   []reportInfo
	customers []customer
	faults    []fault
	keyGen    int // bumped by InvalidateTokens; part of the token key
	seq       int // request counter, the source of request ids
	calls     map[string]int
	log       []Call
	tokens    []string
}

// Option configures a Server.
type Option func(*Server)

// WithCustomersPageSize sets how many customers a ListCustomers page holds (default
// DefaultCustomersPageSize). MWS's ListCustomers takes no page size, so tests that want small
// pages set it here. It panics unless 1 <= n <= 100.
func WithCustomersPageSize(n int) Option {
	if n < 1 || n > 100 {
		panic(fmt.Sprintf("mwsserver: customers page size %d outside 1..100", n))
	}
	return func(s *Server) { s.customersPageSize = n }
}

// WithRetryAfter makes throttled responses (Throttle) carry a Retry-After header with this
// value, e.g. "0". Real MWS sends none, so by default there is none; the option exists to
// test clients that honour the header without slowing the test down.
func WithRetryAfter(value string) Option {
	return func(s *Server) { s.retryAfter = value }
}

// New returns an empty Server.
func New(opts ...Option) *Server {
	s := &Server{
		customersPageSize: DefaultCustomersPageSize,
		calls:             make(map[string]int),
	}
	for _, opt := range opts {
		opt(s)
	}
	return s
}

// Call records one request the server received, whatever its outcome.
type Call struct {
	// Action is the Action field of the request; "" when it had none.
	Action string
	// Path is the URL path of the request.
	Path string
	// Params holds every form and query field as received.
	Params url.Values
	// Status is the HTTP status of the response.
	Status int
	// ErrorCode is the MWS error code of the response; "" on success.
	ErrorCode string
	// RequestID is the request id the response carried.
	RequestID string
	// NextToken is the NextToken the response carried; "" when it had none.
	NextToken string
}

// Calls reports how many requests named this Action the server has received, including
// rejected and throttled ones. Calls("") counts requests without an Action.
func (s *Server) Calls(action string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[action]
}

// Log returns every request received so far, oldest first.
func (s *Server) Log() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, len(s.log))
	for i, c := range s.log {
		c.Params = cloneValues(c.Params)
		out[i] = c
	}
	return out
}

// Tokens returns every NextToken the server has issued, in order, repeats included.
func (s *Server) Tokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.tokens)
}

// Throttle makes the next n requests, whatever they are, fail with HTTP 503 and code
// RequestThrottled, MWS's answer to a caller that exceeds the request quota. Faults queue up:
// they are served after any already pending.
func (s *Server) Throttle(n int) {
	s.addFault(n, &apiError{
		status:   http.StatusServiceUnavailable,
		code:     "RequestThrottled",
		message:  "Request is throttled",
		throttle: true,
	})
}

// FailNext makes the next n requests fail with the given HTTP status (400..599) and MWS error
// code, e.g. FailNext(1, 500, "InternalError") or FailNext(1, 503, "QuotaExceeded"). It
// queues behind pending faults like Throttle.
func (s *Server) FailNext(n, status int, code string) {
	if status < 400 || status > 599 {
		panic(fmt.Sprintf("mwsserver: FailNext status %d is not an error status", status))
	}
	s.addFault(n, &apiError{status: status, code: code, message: code + " (injected by mwsserver)"})
}

// InvalidateTokens makes every token issued so far unusable: they get 400 NextTokenCorrupted,
// as after an MWS-side expiry, so that tests can exercise restarting a walk. Tokens issued
// afterwards work.
func (s *Server) InvalidateTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keyGen++
}

func (s *Server) addFault(n int, e *apiError) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, fault{remaining: n, err: e})
}

// nextFault takes one request's worth of the oldest pending fault. The caller holds s.mu.
func (s *Server) nextFault() *apiError {
	if len(s.faults) == 0 {
		return nil
	}
	f := &s.faults[0]
	f.remaining--
	e := f.err
	if f.remaining == 0 {
		s.faults = s.faults[1:]
	}
	return e
}

type fault struct {
	remaining int
	err       *apiError
}

// apiError is an MWS error response in the making.
type apiError struct {
	status   int
	code     string
	message  string
	throttle bool // a RequestThrottled answer from Throttle: gets Retry-After if configured
}

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

func invalidParameter(format string, args ...any) *apiError {
	return errorf(http.StatusBadRequest, "InvalidParameterValue", format, args...)
}

func missingParameter(name string) *apiError {
	return errorf(http.StatusBadRequest, "MissingParameter", "The request must contain the parameter %s.", name)
}

func tokenCorrupted() *apiError {
	return errorf(http.StatusBadRequest, "NextTokenCorrupted", "The NextToken is corrupted or expired; call the originating operation again.")
}

// section is one MWS API section: where it lives and which actions it serves.
type section struct {
	name      string
	path      string
	version   string
	namespace string
	// merchantAlias: the section accepts Merchant in place of SellerId (Reports and Feeds did).
	merchantAlias bool
	actions       map[string]func(*Server, *request) (any, string, *apiError)
}

var sections = []*section{
	{
		name: "Orders", path: OrdersPath, version: OrdersVersion, namespace: OrdersNamespace,
		actions: map[string]func(*Server, *request) (any, string, *apiError){
			"ListOrders":            (*Server).listOrders,
			"ListOrdersByNextToken": (*Server).listOrdersByNextToken,
		},
	},
	{
		name: "Reports", path: ReportsPath, version: ReportsVersion, namespace: ReportsNamespace,
		merchantAlias: true,
		actions: map[string]func(*Server, *request) (any, string, *apiError){
			"GetReportList":            (*Server).getReportList,
			"GetReportListByNextToken": (*Server).getReportListByNextToken,
		},
	},
	{
		name: "Customer Information", path: CustomersPath, version: CustomersVersion, namespace: CustomersNamespace,
		actions: map[string]func(*Server, *request) (any, string, *apiError){
			"ListCustomers":            (*Server).listCustomers,
			"ListCustomersByNextToken": (*Server).listCustomersByNextToken,
		},
	},
}

func sectionByPath(path string) *section {
	for _, sec := range sections {
		if sec.path == path {
			return sec
		}
	}
	return nil
}

func sectionByAction(action string) *section {
	for _, sec := range sections {
		if _, ok := sec.actions[action]; ok {
			return sec
		}
	}
	return nil
}

// commonFields are accepted by every operation: the required request parameters of the MWS
// developer guide. The signature fields are ignored, since the emulator checks no signatures.
var commonFields = []string{
	"Action", "Version", "SellerId", "MWSAuthToken",
	"AWSAccessKeyId", "SignatureMethod", "SignatureVersion", "Timestamp", "Signature",
}

// request is a parsed call on its way to an action handler.
type request struct {
	action string
	seller string
	params *params
}

// ServeHTTP answers one MWS call.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sec := sectionByPath(r.URL.Path)
	form, formErr := readForm(w, r)

	// The state changes and the response body are computed under the lock; the slow part,
	// writing to the client, happens after it is released.
	s.mu.Lock()
	s.seq++
	reqID := fmt.Sprintf("00000000-0000-4000-8000-%012d", s.seq)
	action := form.Get("Action")
	s.calls[action]++
	result, token, aerr := s.dispatch(sec, form, formErr)
	namespace := genericNamespace
	if sec != nil {
		namespace = sec.namespace
	}
	call := Call{Action: action, Path: r.URL.Path, Params: cloneValues(form), RequestID: reqID}
	var body []byte
	status := http.StatusOK
	if aerr != nil {
		status = aerr.status
		call.ErrorCode = aerr.code
		body = marshalXML(errorBody(namespace, aerr, reqID))
	} else {
		call.NextToken = token
		if token != "" {
			s.tokens = append(s.tokens, token)
		}
		body = marshalXML(envelope{
			XMLName:  xml.Name{Local: action + "Response"},
			Xmlns:    namespace,
			Result:   result,
			Metadata: responseMetadata{RequestID: reqID},
		})
	}
	call.Status = status
	s.log = append(s.log, call)
	retryAfter := s.retryAfter
	s.mu.Unlock()

	h := w.Header()
	h.Set("Content-Type", "text/xml")
	h.Set("x-mws-request-id", reqID)
	if aerr != nil && aerr.status == http.StatusMethodNotAllowed {
		h.Set("Allow", http.MethodPost)
	}
	if aerr != nil && aerr.throttle && retryAfter != "" {
		h.Set("Retry-After", retryAfter)
	}
	w.WriteHeader(status)
	_, _ = w.Write(body) // the client may be gone; nothing to do about it
}

// readForm returns the request's fields. For a request it cannot parse it returns whatever
// fields it could find (so the call is still counted under its Action) and the error.
func readForm(w http.ResponseWriter, r *http.Request) (url.Values, *apiError) {
	if r.Method != http.MethodPost {
		return r.URL.Query(), errorf(http.StatusMethodNotAllowed, "MethodNotAllowed",
			"MWS operations are called with POST, not %s.", r.Method)
	}
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/x-www-form-urlencoded" {
		return r.URL.Query(), invalidParameter("The Content-Type must be application/x-www-form-urlencoded, not %q.",
			r.Header.Get("Content-Type"))
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return r.URL.Query(), invalidParameter("The request exceeds the maximum size of %d bytes.", maxBodyBytes)
		}
		return r.URL.Query(), invalidParameter("The request body is not a valid form: %v.", err)
	}
	return r.Form, nil
}

// dispatch validates what every operation shares and calls the action's handler. It returns
// the result element and the NextToken it carries, or an error. The caller holds s.mu.
func (s *Server) dispatch(sec *section, form url.Values, formErr *apiError) (any, string, *apiError) {
	if e := s.nextFault(); e != nil {
		return nil, "", e
	}
	if formErr != nil {
		return nil, "", formErr
	}
	if sec == nil {
		return nil, "", errorf(http.StatusNotFound, "InvalidAddress", "No MWS API section is served at this path.")
	}
	p := newParams(form)
	action, err := p.str("Action")
	if err != nil {
		return nil, "", err
	}
	if action == "" {
		return nil, "", missingParameter("Action")
	}
	handler, ok := sec.actions[action]
	if !ok {
		if other := sectionByAction(action); other != nil {
			return nil, "", errorf(http.StatusBadRequest, "InvalidAction",
				"%s is not an action of the %s section; it is served at %s.", action, sec.name, other.path)
		}
		return nil, "", errorf(http.StatusBadRequest, "InvalidAction", "%s is not a valid action for the %s section.", action, sec.name)
	}
	version, err := p.str("Version")
	if err != nil {
		return nil, "", err
	}
	switch version {
	case sec.version:
	case "":
		return nil, "", missingParameter("Version")
	default:
		return nil, "", invalidParameter("Version %s is not valid for the %s section; use %s.", version, sec.name, sec.version)
	}
	for _, name := range commonFields {
		if _, err := p.str(name); err != nil {
			return nil, "", err
		}
	}
	seller, _ := p.str("SellerId")
	if sec.merchantAlias {
		merchant, err := p.str("Merchant")
		if err != nil {
			return nil, "", err
		}
		switch {
		case seller == "":
			seller = merchant
		case merchant != "" && merchant != seller:
			return nil, "", invalidParameter("SellerId and Merchant name different sellers.")
		}
	}
	if seller == "" {
		return nil, "", missingParameter("SellerId")
	}
	return handler(s, &request{action: action, seller: seller, params: p})
}

// params reads form fields and remembers which ones an operation consumed, so that the
// leftovers can be rejected as unknown.
type params struct {
	values url.Values
	used   map[string]bool
}

func newParams(v url.Values) *params {
	return &params{values: v, used: make(map[string]bool)}
}

// str returns a single-valued field; "" when absent or empty.
func (p *params) str(name string) (string, *apiError) {
	p.used[name] = true
	vs := p.values[name]
	switch len(vs) {
	case 0:
		return "", nil
	case 1:
		return vs[0], nil
	}
	return "", invalidParameter("The parameter %s was specified more than once.", name)
}

// list returns an MWS list field, sent as name.member.1, name.member.2, …, in index order.
func (p *params) list(name, member string) ([]string, *apiError) {
	prefix := name + "." + member + "."
	type entry struct {
		n int
		v string
	}
	var entries []entry
	for key, vs := range p.values {
		rest, ok := strings.CutPrefix(key, prefix)
		if !ok {
			continue
		}
		p.used[key] = true
		n, err := strconv.Atoi(rest)
		if err != nil || n < 1 || strconv.Itoa(n) != rest {
			return nil, invalidParameter("%s is not a valid list parameter; use %s1, %s2, ….", key, prefix, prefix)
		}
		if len(vs) != 1 {
			return nil, invalidParameter("The parameter %s was specified more than once.", key)
		}
		if vs[0] == "" {
			continue // an empty field counts as absent
		}
		entries = append(entries, entry{n, vs[0]})
	}
	slices.SortFunc(entries, func(a, b entry) int { return a.n - b.n })
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.v
	}
	return out, nil
}

// intIn parses an integer field that must lie in lo..hi; def when absent.
func (p *params) intIn(name string, lo, hi, def int) (int, *apiError) {
	v, err := p.str(name)
	if err != nil || v == "" {
		return def, err
	}
	n, convErr := strconv.Atoi(v)
	if convErr != nil || n < lo || n > hi {
		return 0, invalidParameter("The value %q of %s is invalid; it must be an integer from %d to %d.", v, name, lo, hi)
	}
	return n, nil
}

// boolean parses an optional xs:boolean field.
func (p *params) boolean(name string) (value, set bool, err *apiError) {
	v, err := p.str(name)
	if err != nil || v == "" {
		return false, false, err
	}
	switch v {
	case "true", "1":
		return true, true, nil
	case "false", "0":
		return false, true, nil
	}
	return false, false, invalidParameter("The value %q of %s is invalid; it must be true or false.", v, name)
}

// dateLayouts are the ISO 8601 forms MWS accepts; a time without an offset is UTC.
var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02"}

// date parses an optional xs:dateTime field; the zero time when absent.
func (p *params) date(name string) (time.Time, *apiError) {
	v, err := p.str(name)
	if err != nil || v == "" {
		return time.Time{}, err
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, invalidParameter("The value %q of %s is not an ISO 8601 date and time.", v, name)
}

// enum checks that every value is one of allowed.
func enum(name string, values []string, allowed ...string) *apiError {
	for _, v := range values {
		if !slices.Contains(allowed, v) {
			return invalidParameter("The value %q of %s is invalid; it must be one of %s.", v, name, strings.Join(allowed, ", "))
		}
	}
	return nil
}

// leftover rejects the fields no part of the operation consumed.
func (p *params) leftover(action string) *apiError {
	var unknown []string
	for key := range p.values {
		if !p.used[key] {
			unknown = append(unknown, key)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	slices.Sort(unknown)
	return invalidParameter("%s is not a valid parameter for %s.", strings.Join(unknown, ", "), action)
}

// filters returns the non-empty fields of an originating request other than the common ones
// and the page size: what a token must carry to reproduce the query.
func (p *params) filters(pageSizeField string) url.Values {
	out := url.Values{}
	for key, vs := range p.values {
		if key == pageSizeField || key == "Merchant" || slices.Contains(commonFields, key) {
			continue
		}
		if len(vs) == 1 && vs[0] != "" {
			out[key] = []string{vs[0]}
		}
	}
	return out
}

// page selects up to size matching items among the first n, starting at from. next is where
// the following page starts and more tells whether a matching item remains; it looks ahead so
// that a final page never carries a token that leads to an empty page.
func page(n, from, size int, match func(int) bool) (idx []int, next int, more bool) {
	i := from
	for ; i < n && len(idx) < size; i++ {
		if match(i) {
			idx = append(idx, i)
		}
	}
	for j := i; j < n; j++ {
		if match(j) {
			return idx, j, true
		}
	}
	return idx, n, false
}

// envelope is a successful response: <ActionResponse><ActionResult/><ResponseMetadata/>.
type envelope struct {
	XMLName  xml.Name
	Xmlns    string `xml:"xmlns,attr"`
	Result   any    // a struct whose XMLName names the result element
	Metadata responseMetadata
}

type responseMetadata struct {
	XMLName   xml.Name `xml:"ResponseMetadata"`
	RequestID string   `xml:"RequestId"`
}

type errorResponse struct {
	XMLName   xml.Name `xml:"ErrorResponse"`
	Xmlns     string   `xml:"xmlns,attr"`
	Error     errorDetail
	RequestID string `xml:"RequestID"`
}

type errorDetail struct {
	Type    string
	Code    string
	Message string
}

func errorBody(namespace string, e *apiError, reqID string) errorResponse {
	typ := "Sender"
	if e.status >= 500 {
		typ = "Receiver"
	}
	return errorResponse{
		Xmlns:     namespace,
		Error:     errorDetail{Type: typ, Code: e.code, Message: e.message},
		RequestID: reqID,
	}
}

func marshalXML(v any) []byte {
	body, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		// Every value marshalled here is built by this package from plain strings, numbers
		// and booleans; failure is a bug in the emulator, not a client error.
		panic(fmt.Sprintf("mwsserver: marshal %T: %v", v, err))
	}
	return append([]byte(xml.Header), append(body, '\n')...)
}

func cloneValues(v url.Values) url.Values {
	if v == nil {
		return nil
	}
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// formatDate writes times as MWS's Orders and Customer Information sections do.
func formatDate(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
