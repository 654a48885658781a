package mwsserver_test

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pagegen/pagegen/testdata/mwsserver"
)

// The tests talk to the server over real HTTP with plain form POSTs and decode the XML into
// types declared here, independent of the server's own, so that they check the wire format
// that specs/mws.yaml describes rather than the implementation.

const seller = "A2986ZQ066CH2F"

// wire types, as a client would declare them from the spec.

type response[R any] struct {
	XMLName          xml.Name
	Result           R `xml:",any"`
	ResponseMetadata struct {
		RequestID string `xml:"RequestId"`
	}
}

type ordersResult struct {
	XMLName           xml.Name
	NextToken         *string
	CreatedBefore     string
	LastUpdatedBefore string
	Orders            *struct {
		Order []wireOrder
	}
}

type wireOrder struct {
	AmazonOrderId      string
	PurchaseDate       string
	LastUpdateDate     string
	OrderStatus        string
	FulfillmentChannel string
	MarketplaceId      string
	OrderTotal         *struct{ CurrencyCode, Amount string }
	ShippingAddress    *struct{ Name, City string }
	BuyerEmail         *string
}

type reportsResult struct {
	XMLName    xml.Name
	NextToken  *string
	HasNext    *bool
	ReportInfo []struct {
		ReportId     string
		ReportType   string
		Acknowledged bool
	}
}

type customersResult struct {
	XMLName      xml.Name
	CustomerList *struct {
		Customer []struct {
			CustomerId         string
			PrimaryContactInfo struct{ Email, FullName string }
		}
	}
	NextToken            *string
	MoreResultsAvailable *bool
}

type errorResponse struct {
	XMLName xml.Name
	Error   struct{ Type, Code, Message string }
	// RequestID, not RequestId: MWS spells it differently in errors.
	RequestID string
}

// reply is one HTTP exchange.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// post sends fields as a form body, the way the spec says every MWS call is made.
func post(t *testing.T, ts *httptest.Server, path string, fields url.Values) reply {
	t.Helper()
	return postRaw(t, ts, path, "application/x-www-form-urlencoded", fields.Encode())
}

func postRaw(t *testing.T, ts *httptest.Server, path, contentType, body string) reply {
	t.Helper()
	resp, err := http.Post(ts.URL+path, contentType, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{resp.StatusCode, resp.Header, b}
}

// fields builds a request body: the action, the version, the seller and more name/value pairs.
func fields(action, version string, kv ...string) url.Values {
	v := url.Values{"Action": {action}, "Version": {version}, "SellerId": {seller}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// decodeOK checks a successful response (status, headers, namespace, request id, element
// names) and returns its result.
func decodeOK[R any](t *testing.T, r reply, action, namespace string) R {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("%s: status %d, body:\n%s", action, r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "text/xml" {
		t.Errorf("%s: Content-Type %q, want text/xml", action, ct)
	}
	var resp response[R]
	if err := xml.Unmarshal(r.body, &resp); err != nil {
		t.Fatalf("%s: %v\n%s", action, err, r.body)
	}
	if got, want := resp.XMLName, (xml.Name{Space: namespace, Local: action + "Response"}); got != want {
		t.Errorf("root element %v, want %v", got, want)
	}
	if resp.ResponseMetadata.RequestID == "" || resp.ResponseMetadata.RequestID != r.header.Get("x-mws-request-id") {
		t.Errorf("%s: RequestId %q, x-mws-request-id %q", action, resp.ResponseMetadata.RequestID, r.header.Get("x-mws-request-id"))
	}
	name := resultName(&resp.Result)
	if name != action+"Result" {
		t.Errorf("result element %q, want %q", name, action+"Result")
	}
	return resp.Result
}

func resultName(v any) string {
	switch r := v.(type) {
	case *ordersResult:
		return r.XMLName.Local
	case *reportsResult:
		return r.XMLName.Local
	case *customersResult:
		return r.XMLName.Local
	}
	return ""
}

// decodeError checks an error response and returns it.
func decodeError(t *testing.T, r reply, status int, code string) errorResponse {
	t.Helper()
	var e errorResponse
	if err := xml.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("error body: %v\n%s", err, r.body)
	}
	if r.status != status || e.Error.Code != code {
		t.Fatalf("got %d %s (%s), want %d %s", r.status, e.Error.Code, e.Error.Message, status, code)
	}
	wantType := "Sender"
	if status >= 500 {
		wantType = "Receiver"
	}
	if e.XMLName.Local != "ErrorResponse" || e.Error.Type != wantType || e.Error.Message == "" {
		t.Errorf("error %+v, want ErrorResponse of type %s with a message", e, wantType)
	}
	if e.RequestID == "" || e.RequestID != r.header.Get("x-mws-request-id") {
		t.Errorf("RequestID %q, x-mws-request-id %q", e.RequestID, r.header.Get("x-mws-request-id"))
	}
	if ct := r.header.Get("Content-Type"); ct != "text/xml" {
		t.Errorf("Content-Type %q, want text/xml", ct)
	}
	return e
}

// checkTokenShape asserts what the package promises about tokens: long, standard base64 that
// exercises form encoding.
func checkTokenShape(t *testing.T, token string) {
	t.Helper()
	if len(token) < 80 || !strings.ContainsAny(token, "+") || !strings.Contains(token, "/") || !strings.HasSuffix(token, "=") {
		t.Errorf("token %q: want a long base64 string with '+', '/' and '=' padding", token)
	}
}

// walkOrders lists orders page by page and returns the ids of every page.
func walkOrders(t *testing.T, ts *httptest.Server, first url.Values) [][]string {
	t.Helper()
	res := decodeOK[ordersResult](t, post(t, ts, mwsserver.OrdersPath, first), "ListOrders", mwsserver.OrdersNamespace)
	var pages [][]string
	for {
		if res.Orders == nil {
			t.Fatalf("%s has no Orders element", res.XMLName.Local)
		}
		var ids []string
		for _, o := range res.Orders.Order {
			ids = append(ids, o.AmazonOrderId)
		}
		pages = append(pages, ids)
		if res.NextToken == nil {
			return pages
		}
		checkTokenShape(t, *res.NextToken)
		if len(pages) > 1000 {
			t.Fatal("walk does not end")
		}
		res = decodeOK[ordersResult](t, post(t, ts, mwsserver.OrdersPath,
			fields("ListOrdersByNextToken", mwsserver.OrdersVersion, "NextToken", *res.NextToken)),
			"ListOrdersByNextToken", mwsserver.OrdersNamespace)
	}
}

func sizes(pages [][]string) []int {
	var out []int
	for _, p := range pages {
		out = append(out, len(p))
	}
	return out
}

func TestOrdersFullWalk(t *testing.T) {
	s := mwsserver.New()
	ids := s.AddOrders(250)
	ts := httptest.NewServer(s)
	defer ts.Close()

	pages := walkOrders(t, ts, fields("ListOrders", mwsserver.OrdersVersion, "MaxResultsPerPage", "100"))
	if got, want := sizes(pages), []int{100, 100, 50}; !slices.Equal(got, want) {
		t.Errorf("page sizes %v, want %v", got, want)
	}
	if got := slices.Concat(pages...); !slices.Equal(got, ids) {
		t.Errorf("walk returned %d ids, want the %d added, in order", len(got), len(ids))
	}
	if got := s.Calls("ListOrders"); got != 1 {
		t.Errorf("Calls(ListOrders) = %d, want 1", got)
	}
	if got := s.Calls("ListOrdersByNextToken"); got != 2 {
		t.Errorf("Calls(ListOrdersByNextToken) = %d, want 2", got)
	}
	if got := len(s.Tokens()); got != 2 {
		t.Errorf("%d tokens issued, want 2", got)
	}

	// The documented default page size is 100.
	if got := sizes(walkOrders(t, ts, fields("ListOrders", mwsserver.OrdersVersion))); !slices.Equal(got, []int{100, 100, 50}) {
		t.Errorf("default page sizes %v, want [100 100 50]", got)
	}
}

func TestOrdersContent(t *testing.T) {
	s := mwsserver.New()
	s.AddOrders(8)
	ts := httptest.NewServer(s)
	defer ts.Close()

	res := decodeOK[ordersResult](t, post(t, ts, mwsserver.OrdersPath, fields("ListOrders", mwsserver.OrdersVersion)), "ListOrders", mwsserver.OrdersNamespace)
	if res.NextToken != nil {
		t.Errorf("a single page carries NextToken %q", *res.NextToken)
	}
	if res.CreatedBefore == "" {
		t.Error("CreatedBefore missing")
	}
	for _, o := range res.Orders.Order {
		if o.PurchaseDate == "" || o.LastUpdateDate == "" || o.OrderStatus == "" || o.MarketplaceId == "" {
			t.Errorf("order %+v lacks a required field", o)
		}
		// MWS returns no buyer or charge information for Pending orders.
		pending := o.OrderStatus == "Pending"
		if (o.BuyerEmail == nil) != pending || (o.OrderTotal == nil) != pending || (o.ShippingAddress == nil) != pending {
			t.Errorf("order %s (%s): BuyerEmail/OrderTotal/ShippingAddress presence wrong", o.AmazonOrderId, o.OrderStatus)
		}
	}
	if res.Orders.Order[3].MarketplaceId != mwsserver.MarketplaceCA || res.Orders.Order[3].OrderTotal.CurrencyCode != "CAD" {
		t.Errorf("order 3 = %+v, want a Canadian order", res.Orders.Order[3])
	}

	// An empty result still has the Orders wrapper and no token.
	res = decodeOK[ordersResult](t, post(t, ts, mwsserver.OrdersPath,
		fields("ListOrders", mwsserver.OrdersVersion, "CreatedAfter", "2030-01-01T00:00:00Z")), "ListOrders", mwsserver.OrdersNamespace)
	if res.Orders == nil || len(res.Orders.Order) != 0 || res.NextToken != nil {
		t.Errorf("empty result: %+v", res)
	}
}

func TestOrdersFiltersSurviveTheToken(t *testing.T) {
	s := mwsserver.New()
	ids := s.AddOrders(60)
	ts := httptest.NewServer(s)
	defer ts.Close()

	all := decodeOK[ordersResult](t, post(t, ts, mwsserver.OrdersPath, fields("ListOrders", mwsserver.OrdersVersion)), "ListOrders", mwsserver.OrdersNamespace)
	var want []string
	for i, o := range all.Orders.Order {
		if o.AmazonOrderId != ids[i] {
			t.Fatalf("order %d is %s, want %s", i, o.AmazonOrderId, ids[i])
		}
		if (o.OrderStatus == "Shipped" || o.OrderStatus == "Pending") && o.MarketplaceId == mwsserver.MarketplaceUS {
			want = append(want, o.AmazonOrderId)
		}
	}
	first := fields("ListOrders", mwsserver.OrdersVersion,
		"OrderStatus.Status.1", "Shipped",
		"OrderStatus.Status.2", "Pending",
		"MarketplaceId.Id.1", mwsserver.MarketplaceUS,
		"CreatedAfter", "2013-09-01T00:00:00", // MWS accepts times without an offset
		"MaxResultsPerPage", "4")
	pages := walkOrders(t, ts, first)
	if got := slices.Concat(pages...); !slices.Equal(got, want) {
		t.Errorf("filtered walk = %v, want %v", got, want)
	}
	if len(pages) < 3 {
		t.Errorf("only %d pages; the filter should span several", len(pages))
	}
}

func TestOrdersWalkSeesItsSnapshot(t *testing.T) {
	s := mwsserver.New()
	ids := s.AddOrders(10)
	ts := httptest.NewServer(s)
	defer ts.Close()

	res := decodeOK[ordersResult](t, post(t, ts, mwsserver.OrdersPath, fields("ListOrders", mwsserver.OrdersVersion, "MaxResultsPerPage", "6")), "ListOrders", mwsserver.OrdersNamespace)
	s.AddOrders(5) // arrives mid-walk: not part of this walk
	next := decodeOK[ordersResult](t, post(t, ts, mwsserver.OrdersPath,
		fields("ListOrdersByNextToken", mwsserver.OrdersVersion, "NextToken", *res.NextToken)), "ListOrdersByNextToken", mwsserver.OrdersNamespace)
	if next.NextToken != nil || len(next.Orders.Order) != 4 || next.Orders.Order[3].AmazonOrderId != ids[9] {
		t.Errorf("second page: %+v, want the last 4 of the first 10 orders and no token", next)
	}
	if next.CreatedBefore != res.CreatedBefore {
		t.Errorf("CreatedBefore changed within a walk: %s then %s", res.CreatedBefore, next.CreatedBefore)
	}
}

func TestReportsFullWalk(t *testing.T) {
	s := mwsserver.New()
	ids := s.AddReports(23)
	ts := httptest.NewServer(s)
	defer ts.Close()

	for _, tc := range []struct {
		name    string
		first   url.Values
		sizes   []int
		hasNext []bool
	}{
		{"MaxCount5", fields("GetReportList", mwsserver.ReportsVersion, "MaxCount", "5"), []int{5, 5, 5, 5, 3}, []bool{true, true, true, true, false}},
		{"default10", fields("GetReportList", mwsserver.ReportsVersion), []int{10, 10, 3}, []bool{true, true, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := post(t, ts, mwsserver.ReportsPath, tc.first)
			// ReportInfo elements sit directly in the result: no wrapper element.
			if !strings.Contains(string(r.body), "<GetReportListResult>") || strings.Contains(string(r.body), "<ReportInfoList>") {
				t.Errorf("unexpected layout:\n%s", r.body)
			}
			res := decodeOK[reportsResult](t, r, "GetReportList", mwsserver.ReportsNamespace)
			var got []string
			var gotSizes []int
			var gotHasNext []bool
			for {
				if res.HasNext == nil {
					t.Fatal("HasNext missing")
				}
				gotSizes = append(gotSizes, len(res.ReportInfo))
				gotHasNext = append(gotHasNext, *res.HasNext)
				for _, ri := range res.ReportInfo {
					got = append(got, ri.ReportId)
				}
				if (res.NextToken != nil) != *res.HasNext {
					t.Fatalf("NextToken present = %v but HasNext = %v", res.NextToken != nil, *res.HasNext)
				}
				if !*res.HasNext {
					break
				}
				checkTokenShape(t, *res.NextToken)
				res = decodeOK[reportsResult](t, post(t, ts, mwsserver.ReportsPath,
					fields("GetReportListByNextToken", mwsserver.ReportsVersion, "NextToken", *res.NextToken)),
					"GetReportListByNextToken", mwsserver.ReportsNamespace)
			}
			if !slices.Equal(got, ids) || !slices.Equal(gotSizes, tc.sizes) || !slices.Equal(gotHasNext, tc.hasNext) {
				t.Errorf("got ids %v sizes %v HasNext %v; want all %d ids, sizes %v, HasNext %v", got, gotSizes, gotHasNext, len(ids), tc.sizes, tc.hasNext)
			}
		})
	}
}

func TestReportsFiltersAndMerchant(t *testing.T) {
	s := mwsserver.New()
	s.AddReports(12)
	ts := httptest.NewServer(s)
	defer ts.Close()

	// Merchant is the Reports section's older name for SellerId.
	v := url.Values{"Action": {"GetReportList"}, "Version": {mwsserver.ReportsVersion}, "Merchant": {seller},
		"Acknowledged": {"true"}, "MaxCount": {"2"}}
	res := decodeOK[reportsResult](t, post(t, ts, mwsserver.ReportsPath, v), "GetReportList", mwsserver.ReportsNamespace)
	var acked []bool
	for {
		for _, ri := range res.ReportInfo {
			acked = append(acked, ri.Acknowledged)
		}
		if !*res.HasNext {
			break
		}
		// The token was issued to the seller named by Merchant; SellerId names the same one.
		res = decodeOK[reportsResult](t, post(t, ts, mwsserver.ReportsPath,
			fields("GetReportListByNextToken", mwsserver.ReportsVersion, "NextToken", *res.NextToken)),
			"GetReportListByNextToken", mwsserver.ReportsNamespace)
	}
	if !slices.Equal(acked, []bool{true, true, true, true}) {
		t.Errorf("Acknowledged=true walk returned %v, want 4 acknowledged reports", acked)
	}
}

func TestCustomersMoreResultsAvailableLater(t *testing.T) {
	s := mwsserver.New(mwsserver.WithCustomersPageSize(3))
	first := s.AddCustomers(7)
	ts := httptest.NewServer(s)
	defer ts.Close()

	type pageResult struct {
		ids   []string
		more  bool
		token string
	}
	get := func(v url.Values, action string) pageResult {
		t.Helper()
		res := decodeOK[customersResult](t, post(t, ts, mwsserver.CustomersPath, v), action, mwsserver.CustomersNamespace)
		if res.NextToken == nil || res.MoreResultsAvailable == nil || res.CustomerList == nil {
			t.Fatalf("%s: NextToken, MoreResultsAvailable and CustomerList must always be present: %+v", action, res)
		}
		checkTokenShape(t, *res.NextToken)
		var ids []string
		for _, c := range res.CustomerList.Customer {
			ids = append(ids, c.CustomerId)
		}
		return pageResult{ids, *res.MoreResultsAvailable, *res.NextToken}
	}
	resume := func(token string) pageResult {
		t.Helper()
		return get(fields("ListCustomersByNextToken", mwsserver.CustomersVersion, "NextToken", token), "ListCustomersByNextToken")
	}
	// drain follows the walk while MoreResultsAvailable is true and returns the ids and the
	// token to resume with later.
	drain := func(p pageResult) ([]string, string) {
		t.Helper()
		ids := p.ids
		for p.more {
			p = resume(p.token)
			ids = append(ids, p.ids...)
		}
		return ids, p.token
	}

	ids, saved := drain(get(fields("ListCustomers", mwsserver.CustomersVersion), "ListCustomers"))
	if !slices.Equal(ids, first) {
		t.Fatalf("first walk = %v, want %v", ids, first)
	}

	// Caught up: nothing new, MoreResultsAvailable false, and the same token again.
	p := resume(saved)
	if len(p.ids) != 0 || p.more || p.token != saved {
		t.Errorf("resume with nothing new = %+v, want empty, false, the same token", p)
	}

	added := s.AddCustomers(4)
	ids, saved2 := drain(resume(saved))
	if !slices.Equal(ids, added) {
		t.Errorf("resumed walk = %v, want exactly the new customers %v", ids, added)
	}
	if saved2 == saved {
		t.Error("the token did not move past the new customers")
	}
	// The old token is still valid (MWS tokens are stateless) and replays the same page.
	if p := resume(saved); !slices.Equal(p.ids, added[:3]) || !p.more {
		t.Errorf("replaying the saved token = %+v, want the first 3 new customers", p)
	}
}

func TestCustomersFilters(t *testing.T) {
	s := mwsserver.New(mwsserver.WithCustomersPageSize(2))
	ids := s.AddCustomers(9)
	ts := httptest.NewServer(s)
	defer ts.Close()

	res := decodeOK[customersResult](t, post(t, ts, mwsserver.CustomersPath,
		fields("ListCustomers", mwsserver.CustomersVersion, "MarketplaceId", mwsserver.MarketplaceCA)), "ListCustomers", mwsserver.CustomersNamespace)
	var got []string
	for {
		for _, c := range res.CustomerList.Customer {
			got = append(got, c.CustomerId)
		}
		if !*res.MoreResultsAvailable {
			break
		}
		res = decodeOK[customersResult](t, post(t, ts, mwsserver.CustomersPath,
			fields("ListCustomersByNextToken", mwsserver.CustomersVersion, "NextToken", *res.NextToken)),
			"ListCustomersByNextToken", mwsserver.CustomersNamespace)
	}
	if want := []string{ids[3], ids[7]}; !slices.Equal(got, want) {
		t.Errorf("Canadian customers = %v, want %v", got, want)
	}
}

func TestTokensRejected(t *testing.T) {
	s := mwsserver.New()
	s.AddOrders(30)
	s.AddReports(30)
	s.AddCustomers(30)
	ts := httptest.NewServer(s)
	defer ts.Close()

	orders := decodeOK[ordersResult](t, post(t, ts, mwsserver.OrdersPath, fields("ListOrders", mwsserver.OrdersVersion, "MaxResultsPerPage", "10")), "ListOrders", mwsserver.OrdersNamespace)
	token := *orders.NextToken
	next := func(tok string) reply {
		return post(t, ts, mwsserver.OrdersPath, fields("ListOrdersByNextToken", mwsserver.OrdersVersion, "NextToken", tok))
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

	// Every single-character change, anywhere in the token, is caught.
	for i := range len(token) {
		if token[i] == '=' {
			continue
		}
		c := alphabet[(strings.IndexByte(alphabet, token[i])+1)%len(alphabet)]
		tampered := token[:i] + string(c) + token[i+1:]
		decodeError(t, next(tampered), http.StatusBadRequest, "NextTokenCorrupted")
	}
	for name, tok := range map[string]string{
		"truncated":     token[:len(token)-4],
		"extended":      token + "AAAA",
		"not base64":    "not a token at all!",
		"short":         "AAAA",
		"unpadded":      strings.TrimRight(token, "="),
		"line break":    token[:40] + "\r\n" + token[40:],
		"space for '+'": strings.ReplaceAll(token, "+", " "), // what an unencoded '+' becomes
	} {
		t.Run(name, func(t *testing.T) { decodeError(t, next(tok), http.StatusBadRequest, "NextTokenCorrupted") })
	}

	// A client that forgets to form-encode the token sends '+' as a space: corrupted.
	raw := "Action=ListOrdersByNextToken&Version=" + mwsserver.OrdersVersion + "&SellerId=" + seller + "&NextToken=" + token
	decodeError(t, postRaw(t, ts, mwsserver.OrdersPath, "application/x-www-form-urlencoded", raw), http.StatusBadRequest, "NextTokenCorrupted")

	// The right token with another seller or another family.
	other := fields("ListOrdersByNextToken", mwsserver.OrdersVersion, "NextToken", token)
	other.Set("SellerId", "A1OTHERSELLER")
	decodeError(t, post(t, ts, mwsserver.OrdersPath, other), http.StatusBadRequest, "NextTokenCorrupted")
	decodeError(t, post(t, ts, mwsserver.ReportsPath, fields("GetReportListByNextToken", mwsserver.ReportsVersion, "NextToken", token)), http.StatusBadRequest, "NextTokenCorrupted")
	decodeError(t, post(t, ts, mwsserver.CustomersPath, fields("ListCustomersByNextToken", mwsserver.CustomersVersion, "NextToken", token)), http.StatusBadRequest, "NextTokenCorrupted")

	// Still valid after all that; then InvalidateTokens retires it, and a fresh walk works.
	decodeOK[ordersResult](t, next(token), "ListOrdersByNextToken", mwsserver.OrdersNamespace)
	s.InvalidateTokens()
	decodeError(t, next(token), http.StatusBadRequest, "NextTokenCorrupted")
	fresh := decodeOK[ordersResult](t, post(t, ts, mwsserver.OrdersPath, fields("ListOrders", mwsserver.OrdersVersion, "MaxResultsPerPage", "10")), "ListOrders", mwsserver.OrdersNamespace)
	decodeOK[ordersResult](t, next(*fresh.NextToken), "ListOrdersByNextToken", mwsserver.OrdersNamespace)
}

func TestThrottleAndFaults(t *testing.T) {
	s := mwsserver.New()
	s.AddOrders(3)
	ts := httptest.NewServer(s)
	defer ts.Close()
	list := fields("ListOrders", mwsserver.OrdersVersion)

	s.Throttle(2)
	for range 2 {
		r := post(t, ts, mwsserver.OrdersPath, list)
		decodeError(t, r, http.StatusServiceUnavailable, "RequestThrottled")
		if ra := r.header.Get("Retry-After"); ra != "" {
			t.Errorf("Retry-After %q; MWS sends none", ra)
		}
	}
	decodeOK[ordersResult](t, post(t, ts, mwsserver.OrdersPath, list), "ListOrders", mwsserver.OrdersNamespace)
	if got := s.Calls("ListOrders"); got != 3 {
		t.Errorf("Calls(ListOrders) = %d, want 3 (throttled calls count)", got)
	}

	// Faults hit the next requests whatever they are, in the order they were queued.
	s.FailNext(1, http.StatusInternalServerError, "InternalError")
	s.FailNext(1, http.StatusUnauthorized, "AccessDenied")
	decodeError(t, post(t, ts, mwsserver.ReportsPath, fields("GetReportList", mwsserver.ReportsVersion)), http.StatusInternalServerError, "InternalError")
	decodeError(t, post(t, ts, mwsserver.OrdersPath, list), http.StatusUnauthorized, "AccessDenied")
	decodeOK[ordersResult](t, post(t, ts, mwsserver.OrdersPath, list), "ListOrders", mwsserver.OrdersNamespace)

	log := s.Log()
	if len(log) != 6 || log[0].ErrorCode != "RequestThrottled" || log[0].Status != 503 || log[2].ErrorCode != "" || log[3].Action != "GetReportList" {
		t.Errorf("log = %+v", log)
	}

	withHeader := mwsserver.New(mwsserver.WithRetryAfter("0"))
	ts2 := httptest.NewServer(withHeader)
	defer ts2.Close()
	withHeader.Throttle(1)
	if ra := post(t, ts2, mwsserver.OrdersPath, list).header.Get("Retry-After"); ra != "0" {
		t.Errorf("Retry-After %q, want 0", ra)
	}
}

func TestErrorBodyExact(t *testing.T) {
	ts := httptest.NewServer(mwsserver.New())
	defer ts.Close()
	r := post(t, ts, mwsserver.OrdersPath, url.Values{"Action": {"ListOrders"}, "Version": {mwsserver.OrdersVersion}})
	want := `<?xml version="1.0" encoding="UTF-8"?>
<ErrorResponse xmlns="https://mws.amazonservices.com/Orders/2013-09-01">
  <Error>
    <Type>Sender</Type>
    <Code>MissingParameter</Code>
    <Message>The request must contain the parameter SellerId.</Message>
  </Error>
  <RequestID>00000000-0000-4000-8000-000000000001</RequestID>
</ErrorResponse>
`
	if string(r.body) != want || r.status != http.StatusBadRequest {
		t.Errorf("got %d\n%s\nwant 400\n%s", r.status, r.body, want)
	}
	if id := r.header.Get("x-mws-request-id"); id != "00000000-0000-4000-8000-000000000001" {
		t.Errorf("x-mws-request-id %q", id)
	}
}

func TestBadRequests(t *testing.T) {
	s := mwsserver.New()
	s.AddOrders(5)
	ts := httptest.NewServer(s)
	defer ts.Close()
	orders := decodeOK[ordersResult](t, post(t, ts, mwsserver.OrdersPath, fields("ListOrders", mwsserver.OrdersVersion, "MaxResultsPerPage", "2")), "ListOrders", mwsserver.OrdersNamespace)
	token := *orders.NextToken

	without := func(v url.Values, key string) url.Values { v.Del(key); return v }
	for _, tc := range []struct {
		name   string
		path   string
		fields url.Values
		status int
		code   string
	}{
		{"no SellerId", mwsserver.OrdersPath, without(fields("ListOrders", mwsserver.OrdersVersion), "SellerId"), 400, "MissingParameter"},
		{"empty SellerId", mwsserver.OrdersPath, fields("ListOrders", mwsserver.OrdersVersion, "SellerId", ""), 400, "MissingParameter"},
		{"no Action", mwsserver.OrdersPath, without(fields("", mwsserver.OrdersVersion), "Action"), 400, "MissingParameter"},
		{"no Version", mwsserver.OrdersPath, without(fields("ListOrders", ""), "Version"), 400, "MissingParameter"},
		{"wrong Version", mwsserver.OrdersPath, fields("ListOrders", "2011-01-01"), 400, "InvalidParameterValue"},
		{"unknown action", mwsserver.OrdersPath, fields("ListWidgets", mwsserver.OrdersVersion), 400, "InvalidAction"},
		{"action of another section", mwsserver.ReportsPath, fields("ListOrders", mwsserver.ReportsVersion), 400, "InvalidAction"},
		{"unknown path", "/Widgets/2020-01-01", fields("ListOrders", mwsserver.OrdersVersion), 404, "InvalidAddress"},
		{"MaxResultsPerPage 0", mwsserver.OrdersPath, fields("ListOrders", mwsserver.OrdersVersion, "MaxResultsPerPage", "0"), 400, "InvalidParameterValue"},
		{"MaxResultsPerPage 101", mwsserver.OrdersPath, fields("ListOrders", mwsserver.OrdersVersion, "MaxResultsPerPage", "101"), 400, "InvalidParameterValue"},
		{"MaxResultsPerPage text", mwsserver.OrdersPath, fields("ListOrders", mwsserver.OrdersVersion, "MaxResultsPerPage", "ten"), 400, "InvalidParameterValue"},
		{"MaxCount 0", mwsserver.ReportsPath, fields("GetReportList", mwsserver.ReportsVersion, "MaxCount", "0"), 400, "InvalidParameterValue"},
		{"MaxCount 101", mwsserver.ReportsPath, fields("GetReportList", mwsserver.ReportsVersion, "MaxCount", "101"), 400, "InvalidParameterValue"},
		{"bad OrderStatus", mwsserver.OrdersPath, fields("ListOrders", mwsserver.OrdersVersion, "OrderStatus.Status.1", "Lost"), 400, "InvalidParameterValue"},
		{"bad list index", mwsserver.OrdersPath, fields("ListOrders", mwsserver.OrdersVersion, "MarketplaceId.Id.0", mwsserver.MarketplaceUS), 400, "InvalidParameterValue"},
		{"bare list name", mwsserver.OrdersPath, fields("ListOrders", mwsserver.OrdersVersion, "MarketplaceId", mwsserver.MarketplaceUS), 400, "InvalidParameterValue"},
		{"bad date", mwsserver.OrdersPath, fields("ListOrders", mwsserver.OrdersVersion, "CreatedAfter", "yesterday"), 400, "InvalidParameterValue"},
		{"created and updated", mwsserver.OrdersPath, fields("ListOrders", mwsserver.OrdersVersion, "CreatedAfter", "2013-01-01T00:00:00Z", "LastUpdatedAfter", "2013-01-01T00:00:00Z"), 400, "InvalidParameterValue"},
		{"bad Acknowledged", mwsserver.ReportsPath, fields("GetReportList", mwsserver.ReportsVersion, "Acknowledged", "maybe"), 400, "InvalidParameterValue"},
		{"bad DateRangeType", mwsserver.CustomersPath, fields("ListCustomers", mwsserver.CustomersVersion, "DateRangeType", "Birthday"), 400, "InvalidParameterValue"},
		{"unknown field", mwsserver.OrdersPath, fields("ListOrders", mwsserver.OrdersVersion, "Colour", "red"), 400, "InvalidParameterValue"},
		{"Merchant outside Reports", mwsserver.OrdersPath, fields("ListOrders", mwsserver.OrdersVersion, "Merchant", seller), 400, "InvalidParameterValue"},
		{"no NextToken", mwsserver.OrdersPath, fields("ListOrdersByNextToken", mwsserver.OrdersVersion), 400, "MissingParameter"},
		{"filter on continuation", mwsserver.OrdersPath, fields("ListOrdersByNextToken", mwsserver.OrdersVersion, "NextToken", token, "OrderStatus.Status.1", "Shipped"), 400, "InvalidParameterValue"},
		{"page size on continuation", mwsserver.OrdersPath, fields("ListOrdersByNextToken", mwsserver.OrdersVersion, "NextToken", token, "MaxResultsPerPage", "2"), 400, "InvalidParameterValue"},
		{"MaxCount on continuation", mwsserver.ReportsPath, fields("GetReportListByNextToken", mwsserver.ReportsVersion, "NextToken", token, "MaxCount", "5"), 400, "InvalidParameterValue"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			decodeError(t, post(t, ts, tc.path, tc.fields), tc.status, tc.code)
		})
	}

	t.Run("field twice", func(t *testing.T) {
		v := fields("ListOrders", mwsserver.OrdersVersion)
		v.Add("SellerId", "A1OTHERSELLER")
		decodeError(t, post(t, ts, mwsserver.OrdersPath, v), 400, "InvalidParameterValue")
	})
	t.Run("wrong Content-Type", func(t *testing.T) {
		decodeError(t, postRaw(t, ts, mwsserver.OrdersPath, "application/json", `{"Action":"ListOrders"}`), 400, "InvalidParameterValue")
	})
	t.Run("GET", func(t *testing.T) {
		before := s.Calls("ListOrders")
		resp, err := http.Get(ts.URL + mwsserver.OrdersPath + "?" + fields("ListOrders", mwsserver.OrdersVersion).Encode())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		decodeError(t, reply{resp.StatusCode, resp.Header, body}, http.StatusMethodNotAllowed, "MethodNotAllowed")
		if resp.Header.Get("Allow") != "POST" || s.Calls("ListOrders") != before+1 {
			t.Errorf("Allow %q, calls %d", resp.Header.Get("Allow"), s.Calls("ListOrders"))
		}
	})
	// The token survived all the rejected continuations above.
	decodeOK[ordersResult](t, post(t, ts, mwsserver.OrdersPath, fields("ListOrdersByNextToken", mwsserver.OrdersVersion, "NextToken", token)), "ListOrdersByNextToken", mwsserver.OrdersNamespace)
}

func TestDeterministic(t *testing.T) {
	run := func() (ids []string, bodies []string) {
		s := mwsserver.New(mwsserver.WithCustomersPageSize(4))
		ids = slices.Concat(s.AddOrders(12), s.AddReports(12), s.AddCustomers(12))
		ts := httptest.NewServer(s)
		defer ts.Close()
		for _, req := range []struct {
			path string
			v    url.Values
		}{
			{mwsserver.OrdersPath, fields("ListOrders", mwsserver.OrdersVersion, "MaxResultsPerPage", "5")},
			{mwsserver.ReportsPath, fields("GetReportList", mwsserver.ReportsVersion, "MaxCount", "5")},
			{mwsserver.CustomersPath, fields("ListCustomers", mwsserver.CustomersVersion)},
		} {
			bodies = append(bodies, string(post(t, ts, req.path, req.v).body))
		}
		return ids, bodies
	}
	ids1, bodies1 := run()
	ids2, bodies2 := run()
	if !slices.Equal(ids1, ids2) || !slices.Equal(bodies1, bodies2) {
		t.Error("two identical runs differ")
	}
	seen := map[string]bool{}
	for _, id := range ids1 {
		if seen[id] {
			t.Errorf("duplicate id %s", id)
		}
		seen[id] = true
	}
}

func TestConcurrentWalks(t *testing.T) {
	s := mwsserver.New(mwsserver.WithCustomersPageSize(5))
	orderIDs := s.AddOrders(40)
	s.AddCustomers(10)
	ts := httptest.NewServer(s)
	defer ts.Close()

	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := fields("ListOrders", mwsserver.OrdersVersion, "MaxResultsPerPage", fmt.Sprint(3+g))
			var got []string
			for {
				resp, err := http.PostForm(ts.URL+mwsserver.OrdersPath, v)
				if err != nil {
					errs <- err
					return
				}
				var r response[ordersResult]
				err = xml.NewDecoder(resp.Body).Decode(&r)
				resp.Body.Close()
				if err != nil {
					errs <- err
					return
				}
				for _, o := range r.Result.Orders.Order {
					got = append(got, o.AmazonOrderId)
				}
				if r.Result.NextToken == nil {
					break
				}
				v = fields("ListOrdersByNextToken", mwsserver.OrdersVersion, "NextToken", *r.Result.NextToken)
			}
			if !slices.Equal(got, orderIDs) {
				errs <- fmt.Errorf("walker %d got %d ids", g, len(got))
			}
		}()
		go s.AddCustomers(1) // writes racing with reads
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
