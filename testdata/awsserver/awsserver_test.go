package awsserver

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/testdata/faults"
)

func start(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	s := New()
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	return s, hs
}

// sfn calls a Step Functions operation and decodes the answer.
func sfn(t *testing.T, hs *httptest.Server, op string, in any) (int, map[string]any, http.Header) {
	t.Helper()
	b, _ := json.Marshal(in)
	req, _ := http.NewRequest("POST", hs.URL+"/", strings.NewReader(string(b)))
	req.Header.Set("Content-Type", sfnContentType)
	req.Header.Set("X-Amz-Target", sfnTargetPrefix+op)
	return do(t, hs, req)
}

func iot(t *testing.T, hs *httptest.Server, path string, q url.Values) (int, map[string]any, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("GET", hs.URL+path+"?"+q.Encode(), nil)
	return do(t, hs, req)
}

func do(t *testing.T, hs *httptest.Server, req *http.Request) (int, map[string]any, http.Header) {
	t.Helper()
	resp, err := hs.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("body %q: %v", b, err)
	}
	return resp.StatusCode, m, resp.Header
}

func names(m map[string]any, items, field string) []string {
	var out []string
	list, _ := m[items].([]any)
	for _, it := range list {
		out = append(out, it.(map[string]any)[field].(string))
	}
	return out
}

func str(m map[string]any, k string) string { s, _ := m[k].(string); return s }

// walkSFN pages through a Step Functions list operation.
func walkSFN(t *testing.T, hs *httptest.Server, op string, in map[string]any, items, field string) ([]string, int) {
	t.Helper()
	var all []string
	pages := 0
	for {
		code, m, _ := sfn(t, hs, op, in)
		if code != 200 {
			t.Fatalf("%s: %d %v", op, code, m)
		}
		pages++
		all = append(all, names(m, items, field)...)
		tok := str(m, "nextToken")
		if tok == "" {
			return all, pages
		}
		if pages > 1000 {
			t.Fatal("walk does not end")
		}
		in["nextToken"] = tok
	}
}

func walkIoT(t *testing.T, hs *httptest.Server, path string, q url.Values, items, field, tokIn, tokOut string) ([]string, int) {
	t.Helper()
	var all []string
	pages := 0
	for {
		code, m, _ := iot(t, hs, path, q)
		if code != 200 {
			t.Fatalf("%s: %d %v", path, code, m)
		}
		pages++
		all = append(all, names(m, items, field)...)
		tok := str(m, tokOut)
		if tok == "" {
			return all, pages
		}
		if pages > 1000 {
			t.Fatal("walk does not end")
		}
		q.Set(tokIn, tok)
	}
}

func sameList(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("got %d items %v\nwant %d items %v", len(got), got, len(want), want)
	}
}

func TestListStateMachinesFullWalk(t *testing.T) {
	s, hs := start(t)
	arns := s.AddStateMachines(23)
	got, pages := walkSFN(t, hs, "ListStateMachines", map[string]any{"maxResults": 5}, "stateMachines", "stateMachineArn")
	sameList(t, got, arns)
	if pages != 5 {
		t.Errorf("pages = %d, want 5", pages)
	}
	for _, tok := range s.Tokens() {
		if !strings.ContainsAny(tok, "+") || !strings.Contains(tok, "/") || !strings.HasSuffix(tok, "=") {
			t.Errorf("token %q lacks + / =", tok)
		}
	}
	if s.Count("ListStateMachines") != 5 || len(s.Tokens()) != 4 {
		t.Errorf("count %d tokens %d", s.Count("ListStateMachines"), len(s.Tokens()))
	}
	// Default page size is 100; 0 means the default.
	s.AddStateMachines(100)
	_, pages = walkSFN(t, hs, "ListStateMachines", map[string]any{"maxResults": 0}, "stateMachines", "stateMachineArn")
	if pages != 2 {
		t.Errorf("default page size: %d pages for 123 items", pages)
	}
}

func TestSFNEmptyList(t *testing.T) {
	_, hs := start(t)
	code, m, h := sfn(t, hs, "ListActivities", map[string]any{})
	if code != 200 || m["nextToken"] != nil {
		t.Fatalf("%d %v", code, m)
	}
	if list, ok := m["activities"].([]any); !ok || len(list) != 0 {
		t.Fatalf("activities = %#v, want []", m["activities"])
	}
	if h.Get("X-Amzn-RequestId") == "" || h.Get("Content-Type") != sfnContentType {
		t.Errorf("headers %v", h)
	}
}

func TestSFNValidation(t *testing.T) {
	_, hs := start(t)
	cases := []struct {
		op   string
		in   any
		code string
	}{
		{"ListStateMachines", map[string]any{"maxResults": 1001}, "com.amazon.coral.validate#ValidationException"},
		{"ListStateMachines", map[string]any{"maxResults": -1}, "com.amazon.coral.validate#ValidationException"},
		{"ListStateMachines", map[string]any{"nextToken": ""}, "com.amazon.coral.validate#ValidationException"},
		{"ListStateMachines", map[string]any{"maxResults": "ten"}, "com.amazon.coral.service#SerializationException"},
		{"ListThings", map[string]any{}, "com.amazon.coral.service#UnknownOperationException"},
		{"ListExecutions", map[string]any{}, "com.amazon.coral.validate#ValidationException"},
		{"ListExecutions", map[string]any{"stateMachineArn": "nope"}, sfnErrPrefix + "InvalidArn"},
		{"ListExecutions", map[string]any{"stateMachineArn": arn("states", "stateMachine:missing")}, sfnErrPrefix + "StateMachineDoesNotExist"},
		{"DescribeStateMachine", map[string]any{"stateMachineArn": arn("states", "stateMachine:missing")}, sfnErrPrefix + "StateMachineDoesNotExist"},
	}
	for _, c := range cases {
		code, m, _ := sfn(t, hs, c.op, c.in)
		if code != 400 || m["__type"] != c.code || str(m, "message") == "" {
			t.Errorf("%s %v: %d %v, want 400 %s", c.op, c.in, code, m, c.code)
		}
	}
	// Wrong content type and wrong target prefix.
	req, _ := http.NewRequest("POST", hs.URL+"/", strings.NewReader(`{}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Amz-Target", sfnTargetPrefix+"ListStateMachines")
	if code, m, _ := do(t, hs, req); code != 400 || !strings.HasSuffix(str(m, "__type"), "#UnknownOperationException") {
		t.Errorf("application/json: %d %v", code, m)
	}
	req, _ = http.NewRequest("POST", hs.URL+"/", strings.NewReader(`{}`))
	req.Header.Set("Content-Type", sfnContentType)
	req.Header.Set("X-Amz-Target", "AmazonSQS.ListQueues")
	if code, m, _ := do(t, hs, req); code != 400 || !strings.HasSuffix(str(m, "__type"), "#UnknownOperationException") {
		t.Errorf("foreign target: %d %v", code, m)
	}
}

func TestSFNTokenErrors(t *testing.T) {
	s, hs := start(t)
	arns := s.AddStateMachines(10)
	s.AddActivities(10)
	_, m, _ := sfn(t, hs, "ListStateMachines", map[string]any{"maxResults": 3})
	tok := str(m, "nextToken")
	invalid := func(what string, op string, in map[string]any) {
		t.Helper()
		code, m, _ := sfn(t, hs, op, in)
		if code != 400 || m["__type"] != sfnErrPrefix+"InvalidToken" || !strings.HasPrefix(str(m, "message"), "Invalid Token: ") {
			t.Errorf("%s: %d %v, want 400 InvalidToken", what, code, m)
		}
	}
	invalid("tampered", "ListStateMachines", map[string]any{"nextToken": faults.Tamper(tok)})
	invalid("other operation", "ListActivities", map[string]any{"nextToken": tok})
	// The token is still good, with another page size too.
	if code, m, _ := sfn(t, hs, "ListStateMachines", map[string]any{"nextToken": tok, "maxResults": 4}); code != 200 || names(m, "stateMachines", "stateMachineArn")[0] != arns[3] {
		t.Fatalf("genuine token: %d %v", code, m)
	}
	// Deleting an item the token does not point at is harmless...
	s.Delete(arns[9])
	if code, _, _ := sfn(t, hs, "ListStateMachines", map[string]any{"nextToken": tok}); code != 200 {
		t.Fatal("deleting another item broke the token")
	}
	// ...deleting the one it points at is not.
	if !s.Delete(arns[3]) {
		t.Fatal("Delete reported nothing deleted")
	}
	invalid("deleted item", "ListStateMachines", map[string]any{"nextToken": tok})
	// Expiry.
	_, m, _ = sfn(t, hs, "ListStateMachines", map[string]any{"maxResults": 3})
	tok = str(m, "nextToken")
	s.ExpireTokens()
	code, m, _ := sfn(t, hs, "ListStateMachines", map[string]any{"nextToken": tok})
	if code != 400 || !strings.Contains(str(m, "message"), "expired") {
		t.Errorf("expired: %d %v", code, m)
	}
	// Restarting works.
	got, _ := walkSFN(t, hs, "ListStateMachines", map[string]any{"maxResults": 3}, "stateMachines", "stateMachineArn")
	if len(got) != 8 {
		t.Errorf("after restart: %d items", len(got))
	}
}

func TestListExecutions(t *testing.T) {
	s, hs := start(t)
	sms := s.AddStateMachines(2)
	e1 := s.AddExecutions(sms[0], 7)
	s.AddExecutions(sms[1], 3)
	got, _ := walkSFN(t, hs, "ListExecutions", map[string]any{"stateMachineArn": sms[0], "maxResults": 2}, "executions", "executionArn")
	want := append([]string(nil), e1...)
	for i, j := 0, len(want)-1; i < j; i, j = i+1, j-1 {
		want[i], want[j] = want[j], want[i]
	}
	sameList(t, got, want) // newest first
	_, m, _ := sfn(t, hs, "ListExecutions", map[string]any{"stateMachineArn": sms[0], "maxResults": 2})
	code, m, _ := sfn(t, hs, "ListExecutions", map[string]any{"stateMachineArn": sms[1], "nextToken": str(m, "nextToken")})
	if code != 400 || m["__type"] != sfnErrPrefix+"InvalidToken" {
		t.Errorf("token with another state machine: %d %v", code, m)
	}
	if got, _ := walkSFN(t, hs, "ListExecutions", map[string]any{"stateMachineArn": sms[0], "statusFilter": "FAILED"}, "executions", "executionArn"); len(got) != 0 {
		t.Errorf("FAILED filter: %v", got)
	}
}

func TestSFNCreateDescribeDelete(t *testing.T) {
	s, hs := start(t)
	code, m, _ := sfn(t, hs, "CreateStateMachine", map[string]any{"name": "orders", "definition": `{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`, "roleArn": "arn:aws:iam::123456789012:role/r"})
	if code != 200 || str(m, "stateMachineArn") != arn("states", "stateMachine:orders") {
		t.Fatalf("create: %d %v", code, m)
	}
	if code, m, _ = sfn(t, hs, "CreateStateMachine", map[string]any{"name": "orders", "definition": `{}`, "roleArn": "r"}); code != 400 || !strings.HasSuffix(str(m, "__type"), "#StateMachineAlreadyExists") {
		t.Fatalf("duplicate: %d %v", code, m)
	}
	if code, m, _ = sfn(t, hs, "DescribeStateMachine", map[string]any{"stateMachineArn": arn("states", "stateMachine:orders")}); code != 200 || m["status"] != "ACTIVE" {
		t.Fatalf("describe: %d %v", code, m)
	}
	if code, _, _ = sfn(t, hs, "DeleteStateMachine", map[string]any{"stateMachineArn": arn("states", "stateMachine:orders")}); code != 200 {
		t.Fatalf("delete: %d", code)
	}
	if got, _ := walkSFN(t, hs, "ListStateMachines", map[string]any{}, "stateMachines", "name"); len(got) != 0 {
		t.Fatalf("after delete: %v", got)
	}
	_ = s
}

func TestListThingsFullWalkAndFilters(t *testing.T) {
	s, hs := start(t)
	things := s.AddThings(31)
	got, pages := walkIoT(t, hs, "/things", url.Values{"maxResults": {"4"}}, "things", "thingName", "nextToken", "nextToken")
	sameList(t, got, things)
	if pages != 8 {
		t.Errorf("pages %d", pages)
	}
	got, _ = walkIoT(t, hs, "/things", url.Values{"maxResults": {"3"}, "thingTypeName": {"sensor"}}, "things", "thingName", "nextToken", "nextToken")
	if len(got) != 16 {
		t.Errorf("sensor filter: %d things", len(got))
	}
	got, _ = walkIoT(t, hs, "/things", url.Values{"attributeName": {"index"}, "attributeValue": {"1"}, "usePrefixAttributeValue": {"true"}}, "things", "thingName", "nextToken", "nextToken")
	if len(got) != 11 { // index 1 and 10..19
		t.Errorf("prefix filter: %d things %v", len(got), got)
	}
	// Default page size.
	_, m, h := iot(t, hs, "/things", url.Values{})
	if len(names(m, "things", "thingName")) != iotDefaultPage || h.Get("X-Amzn-RequestId") == "" {
		t.Errorf("default page: %d items", len(names(m, "things", "thingName")))
	}
	for _, bad := range []string{"0", "251", "x"} {
		code, m, h := iot(t, hs, "/things", url.Values{"maxResults": {bad}})
		if code != 400 || m["__type"] != "InvalidRequestException" || !strings.HasPrefix(h.Get("X-Amzn-ErrorType"), "InvalidRequestException") {
			t.Errorf("maxResults=%s: %d %v", bad, code, m)
		}
	}
}

func TestIoTTokenNeedsEscaping(t *testing.T) {
	s, hs := start(t)
	s.AddThings(5)
	_, m, _ := iot(t, hs, "/things", url.Values{"maxResults": {"2"}})
	tok := str(m, "nextToken")
	// A client that pastes the token into the URL unescaped sends '+' as a
	// space and gets the real API's error.
	req, _ := http.NewRequest("GET", hs.URL+"/things?maxResults=2&nextToken="+tok, nil)
	code, m, _ := do(t, hs, req)
	if code != 400 || m["__type"] != "InvalidRequestException" {
		t.Fatalf("unescaped token: %d %v", code, m)
	}
	if code, _, _ := iot(t, hs, "/things", url.Values{"maxResults": {"2"}, "nextToken": {tok}}); code != 200 {
		t.Fatalf("escaped token: %d", code)
	}
	for what, q := range map[string]url.Values{
		"tampered":       {"nextToken": {faults.Tamper(tok)}},
		"changed filter": {"nextToken": {tok}, "thingTypeName": {"sensor"}},
	} {
		if code, m, _ := iot(t, hs, "/things", q); code != 400 || m["__type"] != "InvalidRequestException" {
			t.Errorf("%s: %d %v", what, code, m)
		}
	}
	s.ExpireTokens()
	if code, m, _ := iot(t, hs, "/things", url.Values{"nextToken": {tok}}); code != 400 || !strings.Contains(str(m, "message"), "expired") {
		t.Errorf("expired: %d %v", code, m)
	}
}

func TestListPoliciesAndGroups(t *testing.T) {
	s, hs := start(t)
	pols := s.AddPolicies(9)
	groups := s.AddThingGroups(6)
	got, _ := walkIoT(t, hs, "/policies", url.Values{"pageSize": {"2"}, "isAscendingOrder": {"true"}}, "policies", "policyName", "marker", "nextMarker")
	sameList(t, got, pols)
	got, _ = walkIoT(t, hs, "/policies", url.Values{"pageSize": {"4"}}, "policies", "policyName", "marker", "nextMarker")
	if got[0] != pols[8] || len(got) != 9 {
		t.Errorf("descending: %v", got)
	}
	got, _ = walkIoT(t, hs, "/thing-groups", url.Values{"maxResults": {"5"}}, "thingGroups", "groupName", "nextToken", "nextToken")
	sameList(t, got, groups)
	if code, _, _ := iot(t, hs, "/policies", url.Values{"pageSize": {"300"}}); code != 400 {
		t.Errorf("pageSize 300: %d", code)
	}
}

func TestDescribeAndDeleteThing(t *testing.T) {
	s, hs := start(t)
	things := s.AddThings(3)
	if code, m, _ := iot(t, hs, "/things/"+things[0], nil); code != 200 || m["thingName"] != things[0] {
		t.Fatalf("describe: %d %v", code, m)
	}
	req, _ := http.NewRequest("DELETE", hs.URL+"/things/"+things[0], nil)
	if code, _, _ := do(t, hs, req); code != 200 {
		t.Fatalf("delete: %d", code)
	}
	if code, m, _ := iot(t, hs, "/things/"+things[0], nil); code != 404 || m["__type"] != "ResourceNotFoundException" {
		t.Fatalf("after delete: %d %v", code, m)
	}
	if code, _, _ := iot(t, hs, "/nowhere", nil); code != 404 {
		t.Fatalf("unknown route: %d", code)
	}
}

func TestTokenCycle(t *testing.T) {
	s, hs := start(t)
	s.AddStateMachines(50)
	s.SetTokenCycle(2)
	in := map[string]any{"maxResults": 5}
	var toks []string
	for range 5 {
		_, m, _ := sfn(t, hs, "ListStateMachines", in)
		tok := str(m, "nextToken")
		if len(names(m, "stateMachines", "name")) != 5 {
			t.Fatalf("cycle page without items")
		}
		toks = append(toks, tok)
		in["nextToken"] = tok
	}
	if toks[0] != toks[2] || toks[1] != toks[3] || toks[0] == toks[1] || toks[4] != toks[0] {
		t.Fatalf("tokens do not cycle A, B, A, B, A: %v", toks)
	}
	s.ResetModes()
	got, _ := walkSFN(t, hs, "ListStateMachines", map[string]any{"maxResults": 5}, "stateMachines", "name")
	if len(got) != 50 {
		t.Fatalf("after ResetModes: %d", len(got))
	}
}

func TestEndless(t *testing.T) {
	s, hs := start(t)
	s.AddThings(3)
	for _, mode := range []faults.Endless{faults.EndlessEmpty, faults.EndlessItems} {
		s.SetEndless(mode)
		q := url.Values{"maxResults": {"2"}}
		seen := map[string]bool{}
		items := 0
		for i := range 20 {
			code, m, _ := iot(t, hs, "/things", q)
			tok := str(m, "nextToken")
			if code != 200 || tok == "" {
				t.Fatalf("mode %d page %d: %d, token %q", mode, i, code, tok)
			}
			if seen[tok] {
				t.Fatalf("mode %d repeated a token", mode)
			}
			seen[tok] = true
			items += len(names(m, "things", "thingName"))
			q.Set("nextToken", tok)
		}
		if mode == faults.EndlessEmpty && items != 3 || mode == faults.EndlessItems && items != 40 {
			t.Errorf("mode %d: %d items in 20 pages", mode, items)
		}
	}
}

func TestEmptyPages(t *testing.T) {
	s, hs := start(t)
	arns := s.AddActivities(7)
	s.SetEmptyPages(1)
	_, m, _ := sfn(t, hs, "ListActivities", map[string]any{"maxResults": 3})
	if len(names(m, "activities", "activityArn")) != 0 || str(m, "nextToken") == "" {
		t.Fatalf("first page should be empty with a token: %v", m)
	}
	got, pages := walkSFN(t, hs, "ListActivities", map[string]any{"maxResults": 3}, "activities", "activityArn")
	sameList(t, got, arns)
	if pages != 6 {
		t.Errorf("pages %d, want 6 (3 empty + 3 real)", pages)
	}
}

func TestProtocolFaults(t *testing.T) {
	s, hs := start(t)
	s.AddStateMachines(4)
	s.AddThings(4)
	s.Faults().Next(Throttle("1"), Throttle(""), Unavailable("2"), InternalError())
	code, m, h := sfn(t, hs, "ListStateMachines", map[string]any{})
	if code != 400 || m["__type"] != "com.amazon.coral.availability#ThrottlingException" || h.Get("Retry-After") != "1" || h.Get("X-Amzn-RequestId") == "" {
		t.Errorf("SFN throttle: %d %v %v", code, m, h)
	}
	code, m, h = iot(t, hs, "/things", nil)
	if code != 429 || m["__type"] != "ThrottlingException" || !strings.HasPrefix(h.Get("X-Amzn-ErrorType"), "ThrottlingException") {
		t.Errorf("IoT throttle: %d %v", code, m)
	}
	code, _, h = iot(t, hs, "/things", nil)
	if code != 503 || h.Get("Retry-After") != "2" {
		t.Errorf("unavailable: %d %v", code, h)
	}
	code, m, _ = sfn(t, hs, "ListStateMachines", map[string]any{})
	if code != 500 || m["__type"] != "com.amazon.coral.service#InternalFailure" {
		t.Errorf("internal: %d %v", code, m)
	}
	if s.Count("") != 0 {
		t.Errorf("faulted requests reached the emulator: %v", s.Calls())
	}
}

func TestTransportFaultsOnSecondPage(t *testing.T) {
	s, hs := start(t)
	things := s.AddThings(6)
	s.Faults().When(faults.All(Op("ListThings"), WithToken()), faults.ResetMidBody(), faults.Truncate())
	q := url.Values{"maxResults": {"3"}}
	_, m, _ := iot(t, hs, "/things", q)
	q.Set("nextToken", str(m, "nextToken"))
	for _, want := range []string{"reset", "truncate"} {
		resp, err := hs.Client().Get(hs.URL + "/things?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil || resp.StatusCode != 200 {
			t.Fatalf("%s: status %d err %v", want, resp.StatusCode, err)
		}
		if want == "truncate" && !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("truncate: %v", err)
		}
	}
	// The retry of the same request gets the same page.
	_, m, _ = iot(t, hs, "/things", q)
	sameList(t, names(m, "things", "thingName"), things[3:])
	if s.Count("ListThings") != 4 || s.Faults().Injected() != 2 {
		t.Errorf("count %d injected %d", s.Count("ListThings"), s.Faults().Injected())
	}
	calls := s.Calls()
	if calls[1].Token == "" || calls[1].Token != calls[3].Token || calls[3].Items != 3 || calls[0].Limit != 3 {
		t.Errorf("calls %+v", calls)
	}
	// The SFN matcher.
	s.Faults().When(Op("ListStateMachines"), Throttle(""))
	if code, _, _ := iot(t, hs, "/things", nil); code != 200 {
		t.Error("Op matcher hit another operation")
	}
	if code, _, _ := sfn(t, hs, "ListStateMachines", map[string]any{}); code != 400 {
		t.Error("Op matcher missed")
	}
}
