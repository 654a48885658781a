package azureserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/pagegen/pagegen/testdata/faults"
)

// Matrix emulates three of the operations of specs/azure.yaml over a store
// of items, for the fault matrix (testdata/faultmatrix): each page holds
// MatrixPageSize items and points to the next with a sealed $skiptoken,
// which faults.Pager shapes (cycles, endless paging, empty pages):
//
//	GET /subscriptions?api-version=              Subscriptions_List: an absolute nextLink in the body
//	GET /alerts?api-version=                     Alerts_List: a Link header relative to the page
//	GET /widgets?api-version=                    Widgets_List: a nextLink "more?$skiptoken=…" for
//	GET /widgets/next/more?$skiptoken=&api-version=   Widgets_ListNext, which takes it into its path
//
// A $skiptoken that does not open (corrupted, or of another operation) is a
// 400 InvalidToken, one issued before ExpireTokens a 410 ExpiredToken:
// the runtime restarts the walk on both. Every response carries an
// x-ms-request-id.
type Matrix struct {
	faults.Emulator
	subs, widgets []string
	alerts        []int64
	requests      atomic.Int64
}

// MatrixPageSize is the number of items a page of Matrix holds.
const MatrixPageSize = 5

// The codes of Matrix's answers to a token it cannot use.
const (
	CodeInvalidToken = "InvalidToken"
	CodeExpiredToken = "ExpiredToken"
)

// NewMatrix returns a Matrix with n items of each operation.
func NewMatrix(n int) *Matrix {
	m := &Matrix{}
	for i := 1; i <= n; i++ {
		m.subs = append(m.subs, fmt.Sprintf("sub-%03d", i))
		m.widgets = append(m.widgets, fmt.Sprintf("widget-%03d", i))
		m.alerts = append(m.alerts, int64(i))
	}
	m.Init("azure", m.route, nil)
	return m
}

// Subscriptions returns the ids of the subscriptions, in the order the
// emulator lists them.
func (m *Matrix) Subscriptions() []string { return append([]string(nil), m.subs...) }

// Widgets returns the ids of the widgets, in order.
func (m *Matrix) Widgets() []string { return append([]string(nil), m.widgets...) }

// Alerts returns the ids of the alerts, in order, as strings.
func (m *Matrix) Alerts() []string {
	var out []string
	for _, id := range m.alerts {
		out = append(out, strconv.FormatInt(id, 10))
	}
	return out
}

// ServeHTTP serves the operations, faults first, each response with an
// x-ms-request-id, injected faults included, as Azure's front ends send.
func (m *Matrix) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("x-ms-request-id", fmt.Sprintf("00000000-0000-0000-0000-%012d", m.requests.Add(1)))
	m.Emulator.ServeHTTP(w, r)
}

// WithSkipToken matches requests that carry a $skiptoken: every page but
// the first.
func WithSkipToken() faults.Matcher {
	return func(r *http.Request) bool { return r.URL.Query().Get("$skiptoken") != "" }
}

// ErrorFault answers with status and Azure's error body, with Retry-After
// when retryAfter is not empty.
func ErrorFault(status int, code, retryAfter string) faults.Fault {
	body, _ := json.Marshal(map[string]any{"error": map[string]string{"code": code, "message": code + " (emulated)"}})
	return faults.Status(status, retryAfter, string(body), "application/json")
}

// TooManyRequests answers 429 TooManyRequests.
func TooManyRequests(retryAfter string) faults.Fault {
	return ErrorFault(http.StatusTooManyRequests, "TooManyRequests", retryAfter)
}

// ServerBusy answers 503 ServerBusy.
func ServerBusy(retryAfter string) faults.Fault {
	return ErrorFault(http.StatusServiceUnavailable, "ServerBusy", retryAfter)
}

// InternalError answers 500 InternalServerError.
func InternalError() faults.Fault {
	return ErrorFault(http.StatusInternalServerError, "InternalServerError", "")
}

func (m *Matrix) route(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var op string
	switch {
	case r.URL.Path == "/subscriptions":
		op = "Subscriptions_List"
	case r.URL.Path == "/alerts":
		op = "Alerts_List"
	case r.URL.Path == "/widgets":
		op = "Widgets_List"
	case r.URL.Path == "/widgets/next/more":
		op = "Widgets_ListNext"
	default:
		http.NotFound(w, r)
		return
	}
	call := faults.Call{Op: op, Token: q.Get("$skiptoken")}
	fail := func(status int, code string) {
		call.Status, call.Code = status, code
		m.Log.Add(call)
		body, _ := json.Marshal(map[string]any{"error": map[string]string{"code": code, "message": code}})
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(body)
	}
	if got := q["api-version"]; len(got) != 1 || got[0] != APIVersion {
		fail(http.StatusBadRequest, "MissingApiVersionParameter")
		return
	}
	if op == "Widgets_ListNext" && call.Token == "" {
		fail(http.StatusBadRequest, "MissingSkipToken")
		return
	}
	// Widgets_ListNext continues Widgets_List's walk: their tokens share
	// a scope.
	scope := strings.TrimSuffix(op, "Next")
	c := faults.Cursor{Scope: scope}
	if call.Token != "" {
		err := m.Sealer.Open(call.Token, &c)
		switch {
		case errors.Is(err, faults.ErrExpiredToken):
			fail(http.StatusGone, CodeExpiredToken)
			return
		case err != nil, c.Scope != scope:
			fail(http.StatusBadRequest, CodeInvalidToken)
			return
		}
	}
	total := len(m.subs)
	pg := m.Pager.Plan(c, total, MatrixPageSize)
	var items []any
	for i := pg.From; i < pg.To; i++ {
		switch op {
		case "Subscriptions_List":
			id := fmt.Sprintf("made-up-%03d", i+1)
			if i < total {
				id = m.subs[i]
			}
			items = append(items, map[string]string{"subscriptionId": id})
		case "Alerts_List":
			items = append(items, map[string]int64{"id": int64(i + 1)})
		default:
			id := fmt.Sprintf("made-up-%03d", i+1)
			if i < total {
				id = m.widgets[i]
			}
			items = append(items, map[string]string{"id": id})
		}
	}
	if items == nil {
		items = []any{}
	}
	next := ""
	if pg.Next != nil {
		next = m.Sealer.Seal(*pg.Next)
	}
	call.Status, call.Items, call.NextToken = http.StatusOK, len(items), next
	m.Log.Add(call)
	skip := "$skiptoken=" + url.QueryEscape(next)
	switch op {
	case "Subscriptions_List":
		body := map[string]any{"value": items}
		if next != "" {
			body["nextLink"] = fmt.Sprintf("http://%s/subscriptions?api-version=%s&%s", r.Host, APIVersion, skip)
		}
		Reply(w, body)
	case "Alerts_List":
		if next != "" {
			w.Header().Set("Link", fmt.Sprintf(`<alerts?%s>; rel="next"`, skip))
		}
		Reply(w, items)
	default:
		body := map[string]any{"value": items}
		if next != "" {
			body["nextLink"] = "more?" + skip
		}
		Reply(w, body)
	}
}
