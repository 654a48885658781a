// Package awsserver emulates two AWS APIs for pagegen's end-to-end tests:
// AWS Step Functions (the JSON 1.0 protocol: every operation is POST / with
// an X-Amz-Target header, specs/aws-sfn.yaml) and AWS IoT (REST-JSON: GET
// /things with query parameters, specs/aws-iot.yaml). One [Server] serves
// both, told apart by X-Amz-Target, so a test can point a generated client
// of either spec at the same httptest server.
//
// Pagination behaves as AWS documents it: opaque nextToken values (base64
// with '+', '/' and '='), maxResults bounds validated by the server, an
// empty final page possible, tokens that expire. Tokens are bound to the
// query that produced them and point at the next item (as moto's paginator
// does), so deleting that item, changing a filter, tampering with the token
// or expiring it gets the API's real error:
//
//   - Step Functions: HTTP 400 {"__type":"com.amazonaws.swf.service.v2.model#InvalidToken","message":"Invalid Token: '…'"}
//     (the API reference says an expired token "will return an HTTP 400
//     InvalidToken error").
//   - IoT: HTTP 400 InvalidRequestException (x-amzn-ErrorType header and
//     body), the only client error IoT's list operations declare.
//
// On top of that the server supports the fault matrix of pagegen's runtime
// tests: transport faults and throttling through [Server.Faults] (with
// [Throttle], [Unavailable], [InternalError] and [ErrorFault] shaped like
// each protocol's errors), and the token-shape modes [Server.SetTokenCycle],
// [Server.SetEndless] and [Server.SetEmptyPages]. [Server.Calls],
// [Server.Count] and [Server.Tokens] tell what was asked and answered.
//
// Every response carries an x-amzn-RequestId header.
package awsserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/pagegen/pagegen/testdata/faults"
)

// Region and AccountID appear in every ARN the server makes.
const (
	Region    = "us-east-1"
	AccountID = "123456789012"
)

// epoch is the creation time of the first resource; later ones are a
// minute apart, so data is the same on every run.
var epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Server emulates Step Functions and IoT. Create it with [New]; it is an
// http.Handler and safe for concurrent use.
type Server struct {
	faults.Emulator

	mu            sync.Mutex
	seq           int // resources created, for names and timestamps
	reqSeq        int
	stateMachines []*StateMachine
	executions    map[string][]*Execution // by state machine ARN, oldest first
	activities    []*Activity
	things        []*Thing
	thingGroups   []*ThingGroup
	policies      []*Policy // oldest first
}

// New returns an empty server with an empty fault script.
func New() *Server {
	s := &Server{executions: map[string][]*Execution{}}
	s.Init("aws", s.route, s.requestID)
	return s
}

func (s *Server) requestID() string {
	s.mu.Lock()
	s.reqSeq++
	n := s.reqSeq
	s.mu.Unlock()
	return fmt.Sprintf("%08x-7a1c-4e2b-9c3d-%012x", n, n*7919)
}

// nextSeq returns the next resource number and its creation time.
func (s *Server) nextSeq() (int, time.Time) {
	s.seq++
	return s.seq, epoch.Add(time.Duration(s.seq) * time.Minute)
}

// route sends a request to the protocol it speaks.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("X-Amz-Target") != "" || (r.Method == http.MethodPost && r.URL.Path == "/") {
		s.serveJSON(w, r)
		return
	}
	s.serveREST(w, r)
}

// apiError is an error answer, rendered per protocol.
type apiError struct {
	status  int
	code    string
	message string
}

// token error kinds that paginate maps to each API's error.
type tokenProblem int

const (
	tokenCorrupt tokenProblem = iota
	tokenExpired
	tokenMismatch // issued for another operation or other filters
	tokenGone     // the item the token points at was deleted
)

// paginate serves one page of items under the pager's modes. keyOf names
// items (a token carries the key of the next item), synth makes up items
// past the end in EndlessItems mode, tokErr renders token problems.
func paginate[T any](s *Server, scope, token string, limit int, items []T,
	keyOf func(T) string, synth func(i int) T, tokErr func(tokenProblem) *apiError,
) (page []T, next string, err *apiError) {
	c := faults.Cursor{Scope: scope}
	if token != "" {
		switch e := s.Sealer.Open(token, &c); {
		case errors.Is(e, faults.ErrExpiredToken):
			return nil, "", tokErr(tokenExpired)
		case e != nil:
			return nil, "", tokErr(tokenCorrupt)
		}
		if c.Scope != scope {
			return nil, "", tokErr(tokenMismatch)
		}
		if c.Key != "" {
			c.Pos = -1
			for i, it := range items {
				if keyOf(it) == c.Key {
					c.Pos = i
					break
				}
			}
			if c.Pos < 0 {
				return nil, "", tokErr(tokenGone)
			}
		}
	}
	pg := s.Pager.Plan(c, len(items), limit)
	page = []T{}
	for i := pg.From; i < pg.To; i++ {
		if i < len(items) {
			page = append(page, items[i])
		} else {
			page = append(page, synth(i))
		}
	}
	if pg.Next != nil {
		n := *pg.Next
		n.Key = ""
		if n.Pos < len(items) {
			n.Key = keyOf(items[n.Pos])
		}
		next = s.Sealer.Seal(n)
	}
	return page, next, nil
}

// writeJSON sends v with the given status and content type.
func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(map[string]string{"message": "emulator: " + err.Error()})
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// ErrorFault answers with an error of the given status, code and message,
// shaped like the protocol of the request it hits: for Step Functions a
// {"__type","message"} body in application/x-amz-json-1.0, for IoT an
// x-amzn-ErrorType header with a JSON body. retryAfter, when not empty, is
// sent as Retry-After.
func ErrorFault(status int, code, message, retryAfter string) faults.Fault {
	return faults.FaultFunc(func(w http.ResponseWriter, r *http.Request, _ http.Handler) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		e := &apiError{status: status, code: code, message: message}
		if isJSONProtocol(r) {
			writeJSONError(w, e)
		} else {
			writeRESTError(w, e)
		}
	})
}

// Throttle answers the way each API throttles: Step Functions with HTTP 400
// ThrottlingException (AWS JSON services throttle with a 400 and the error
// code alone), IoT with HTTP 429 ThrottlingException. retryAfter, when not
// empty, adds a Retry-After header.
func Throttle(retryAfter string) faults.Fault {
	return faults.FaultFunc(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		status := http.StatusTooManyRequests
		if isJSONProtocol(r) {
			status = http.StatusBadRequest
		}
		ErrorFault(status, "ThrottlingException", "Rate exceeded", retryAfter).Apply(w, r, next)
	})
}

// Unavailable answers HTTP 503 ServiceUnavailableException with an optional
// Retry-After.
func Unavailable(retryAfter string) faults.Fault {
	return ErrorFault(http.StatusServiceUnavailable, "ServiceUnavailableException", "Service is unavailable", retryAfter)
}

// InternalError answers HTTP 500 InternalFailure (IoT calls it
// InternalFailureException).
func InternalError() faults.Fault {
	return faults.FaultFunc(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		code := "InternalFailureException"
		if isJSONProtocol(r) {
			code = "InternalFailure"
		}
		ErrorFault(http.StatusInternalServerError, code, "An internal error occurred", "").Apply(w, r, next)
	})
}

// Op matches requests for the named operation of either API, e.g.
// Op("ListStateMachines") or Op("ListThings").
func Op(name string) faults.Matcher {
	return func(r *http.Request) bool {
		if isJSONProtocol(r) {
			return r.Header.Get("X-Amz-Target") == sfnTargetPrefix+name
		}
		op, _ := restOp(r)
		return op == name
	}
}

// WithToken matches requests that carry a continuation token (nextToken in
// a JSON body or query, or IoT's marker), i.e. every page but the first.
func WithToken() faults.Matcher {
	return func(r *http.Request) bool {
		if isJSONProtocol(r) {
			var in struct {
				NextToken string `json:"nextToken"`
			}
			if r.Body != nil {
				_ = json.NewDecoder(r.Body).Decode(&in)
			}
			return in.NextToken != ""
		}
		q := r.URL.Query()
		return q.Get("nextToken") != "" || q.Get("marker") != ""
	}
}

func isJSONProtocol(r *http.Request) bool {
	return r.Header.Get("X-Amz-Target") != "" || (r.Method == http.MethodPost && r.URL.Path == "/")
}

// arn builds an ARN in the emulated account.
func arn(service, resource string) string {
	return "arn:aws:" + service + ":" + Region + ":" + AccountID + ":" + resource
}

// seconds renders t the way AWS JSON protocols send timestamps.
func seconds(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }
