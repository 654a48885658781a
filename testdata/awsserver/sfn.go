package awsserver

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/pagegen/pagegen/testdata/faults"
)

const (
	sfnTargetPrefix = "AWSStepFunctions."
	sfnContentType  = "application/x-amz-json-1.0"
	// sfnErrPrefix is the namespace of Step Functions' own error shapes in
	// __type; clients keep the part after '#'.
	sfnErrPrefix = "com.amazonaws.swf.service.v2.model#"
	// Step Functions pages: "The default is 100 and the max allowed page
	// size is 1000. A value of 0 uses the default."
	sfnDefaultPage = 100
	sfnMaxPage     = 1000
)

// StateMachine is an item of ListStateMachines (StateMachineListItem).
type StateMachine struct {
	StateMachineArn string  `json:"stateMachineArn"`
	Name            string  `json:"name"`
	Type            string  `json:"type"`
	CreationDate    float64 `json:"creationDate"`
	definition      string
	roleArn         string
}

// Execution is an item of ListExecutions (ExecutionListItem).
type Execution struct {
	ExecutionArn    string  `json:"executionArn"`
	StateMachineArn string  `json:"stateMachineArn"`
	Name            string  `json:"name"`
	Status          string  `json:"status"`
	StartDate       float64 `json:"startDate"`
	StopDate        float64 `json:"stopDate,omitempty"`
}

// Activity is an item of ListActivities (ActivityListItem).
type Activity struct {
	ActivityArn  string  `json:"activityArn"`
	Name         string  `json:"name"`
	CreationDate float64 `json:"creationDate"`
}

// AddStateMachines creates n STANDARD state machines named sm-00001, … (the
// number continues across calls) and returns their ARNs. ListStateMachines
// lists them by name.
func (s *Server) AddStateMachines(n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var arns []string
	for range n {
		seq, t := s.nextSeq()
		name := fmt.Sprintf("sm-%05d", seq)
		sm := &StateMachine{
			StateMachineArn: arn("states", "stateMachine:"+name),
			Name:            name,
			Type:            "STANDARD",
			CreationDate:    seconds(t),
			definition:      `{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}`,
			roleArn:         "arn:aws:iam::" + AccountID + ":role/StepFunctionsRole",
		}
		s.stateMachines = append(s.stateMachines, sm)
		arns = append(arns, sm.StateMachineArn)
	}
	s.sortStateMachines()
	return arns
}

func (s *Server) sortStateMachines() {
	slices.SortFunc(s.stateMachines, func(a, b *StateMachine) int { return strings.Compare(a.Name, b.Name) })
}

// AddExecutions starts n executions of the state machine stateMachineArn
// (they finish at once, SUCCEEDED) and returns their ARNs, oldest first.
// ListExecutions lists them newest first, as Step Functions does. It panics
// if the state machine does not exist, which is a bug in the test.
func (s *Server) AddExecutions(stateMachineArn string, n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	sm := s.findStateMachine(stateMachineArn)
	if sm == nil {
		panic("awsserver: AddExecutions: no state machine " + stateMachineArn)
	}
	var arns []string
	for range n {
		seq, t := s.nextSeq()
		name := fmt.Sprintf("exec-%05d", seq)
		e := &Execution{
			ExecutionArn:    arn("states", "execution:"+sm.Name+":"+name),
			StateMachineArn: sm.StateMachineArn,
			Name:            name,
			Status:          "SUCCEEDED",
			StartDate:       seconds(t),
			StopDate:        seconds(t) + 1.5,
		}
		s.executions[sm.StateMachineArn] = append(s.executions[sm.StateMachineArn], e)
		arns = append(arns, e.ExecutionArn)
	}
	return arns
}

// AddActivities creates n activities named act-00001, … and returns their
// ARNs. ListActivities lists them by name.
func (s *Server) AddActivities(n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var arns []string
	for range n {
		seq, t := s.nextSeq()
		name := fmt.Sprintf("act-%05d", seq)
		a := &Activity{ActivityArn: arn("states", "activity:"+name), Name: name, CreationDate: seconds(t)}
		s.activities = append(s.activities, a)
		arns = append(arns, a.ActivityArn)
	}
	return arns
}

// Delete removes the resource identified by id: a state machine (with its
// executions), execution or activity ARN, or an IoT thing, thing group or
// policy name or ARN. It reports whether something was removed. A token
// that points at a deleted item is rejected from then on (moto does the
// same), so a walk must restart.
func (s *Server) Delete(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.stateMachines) + len(s.activities) + len(s.things) + len(s.thingGroups) + len(s.policies)
	s.stateMachines = slices.DeleteFunc(s.stateMachines, func(sm *StateMachine) bool {
		if sm.StateMachineArn == id {
			delete(s.executions, id)
			return true
		}
		return false
	})
	for k, es := range s.executions {
		before := len(es)
		s.executions[k] = slices.DeleteFunc(es, func(e *Execution) bool { return e.ExecutionArn == id })
		if len(s.executions[k]) != before {
			return true
		}
	}
	s.activities = slices.DeleteFunc(s.activities, func(a *Activity) bool { return a.ActivityArn == id })
	s.things = slices.DeleteFunc(s.things, func(t *Thing) bool { return t.ThingName == id || t.ThingArn == id })
	s.thingGroups = slices.DeleteFunc(s.thingGroups, func(g *ThingGroup) bool { return g.GroupName == id || g.GroupArn == id })
	s.policies = slices.DeleteFunc(s.policies, func(p *Policy) bool { return p.PolicyName == id || p.PolicyArn == id })
	return n != len(s.stateMachines)+len(s.activities)+len(s.things)+len(s.thingGroups)+len(s.policies)
}

func (s *Server) findStateMachine(arn string) *StateMachine {
	for _, sm := range s.stateMachines {
		if sm.StateMachineArn == arn {
			return sm
		}
	}
	return nil
}

// sfnInput holds the members of every Step Functions request the server
// understands; pointers tell absent from empty where AWS validates that.
type sfnInput struct {
	MaxResults      *int    `json:"maxResults"`
	NextToken       *string `json:"nextToken"`
	StateMachineArn string  `json:"stateMachineArn"`
	StatusFilter    string  `json:"statusFilter"`
	MapRunArn       string  `json:"mapRunArn"`
	Name            string  `json:"name"`
	Definition      string  `json:"definition"`
	RoleArn         string  `json:"roleArn"`
	Type            string  `json:"type"`
}

var sfnOps = map[string]func(*Server, *sfnInput, *faults.Call) (any, *apiError){
	"ListStateMachines":    (*Server).listStateMachines,
	"ListExecutions":       (*Server).listExecutions,
	"ListActivities":       (*Server).listActivities,
	"DescribeStateMachine": (*Server).describeStateMachine,
	"CreateStateMachine":   (*Server).createStateMachine,
	"DeleteStateMachine":   (*Server).deleteStateMachine,
}

// serveJSON handles the AWS JSON 1.0 protocol: POST /, X-Amz-Target names
// the operation, the body is the input structure.
func (s *Server) serveJSON(w http.ResponseWriter, r *http.Request) {
	target := r.Header.Get("X-Amz-Target")
	call := faults.Call{Op: strings.TrimPrefix(target, sfnTargetPrefix)}
	fail := func(e *apiError) {
		call.Status, call.Code = e.status, e.code
		s.Log.Add(call)
		writeJSONError(w, e)
	}
	op, ok := sfnOps[call.Op]
	if r.Method != http.MethodPost || r.URL.Path != "/" || !strings.HasPrefix(target, sfnTargetPrefix) || !ok {
		fail(&apiError{http.StatusBadRequest, "com.amazon.coral.service#UnknownOperationException",
			fmt.Sprintf("Unknown operation: %s %s with X-Amz-Target %q", r.Method, r.URL.Path, target)})
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != sfnContentType {
		// AWS routes JSON-protocol requests by content type; anything else
		// does not reach the operation.
		fail(&apiError{http.StatusBadRequest, "com.amazon.coral.service#UnknownOperationException",
			fmt.Sprintf("Content-Type %q is not supported; send %s", r.Header.Get("Content-Type"), sfnContentType)})
		return
	}
	var in sfnInput
	body, _ := io.ReadAll(r.Body)
	if len(strings.TrimSpace(string(body))) > 0 {
		if err := json.Unmarshal(body, &in); err != nil {
			fail(&apiError{http.StatusBadRequest, "com.amazon.coral.service#SerializationException", err.Error()})
			return
		}
	}
	if in.NextToken != nil {
		call.Token = *in.NextToken
	}
	if in.MaxResults != nil {
		call.Limit = *in.MaxResults
	}
	out, e := op(s, &in, &call)
	if e != nil {
		fail(e)
		return
	}
	call.Status = http.StatusOK
	s.Log.Add(call)
	writeJSON(w, http.StatusOK, sfnContentType, out)
}

func writeJSONError(w http.ResponseWriter, e *apiError) {
	code := e.code
	if !strings.Contains(code, "#") {
		if ns, ok := coralErrors[code]; ok {
			code = ns + code
		} else {
			code = sfnErrPrefix + code
		}
	}
	writeJSON(w, e.status, sfnContentType, map[string]string{"__type": code, "message": e.message})
}

// coralErrors are the errors AWS's service framework raises before a
// request reaches Step Functions itself, with their __type namespaces.
var coralErrors = map[string]string{
	"ThrottlingException":         "com.amazon.coral.availability#",
	"ServiceUnavailableException": "com.amazon.coral.availability#",
	"InternalFailure":             "com.amazon.coral.service#",
	"UnknownOperationException":   "com.amazon.coral.service#",
	"SerializationException":      "com.amazon.coral.service#",
	"ValidationException":         "com.amazon.coral.validate#",
}

func sfnValidation(msg string) *apiError {
	return &apiError{http.StatusBadRequest, "com.amazon.coral.validate#ValidationException", "1 validation error detected: " + msg}
}

// sfnPaging validates maxResults and nextToken as Step Functions does and
// returns the page size to use and the token ("" for a first page).
func sfnPaging(in *sfnInput) (int, string, *apiError) {
	limit := sfnDefaultPage
	if in.MaxResults != nil {
		switch m := *in.MaxResults; {
		case m < 0:
			return 0, "", sfnValidation(fmt.Sprintf("Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 0", m))
		case m > sfnMaxPage:
			return 0, "", sfnValidation(fmt.Sprintf("Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to %d", m, sfnMaxPage))
		case m > 0:
			limit = m
		}
	}
	tok := ""
	if in.NextToken != nil {
		tok = *in.NextToken
		// PageToken has minLength 1: a client that sends "nextToken": ""
		// on a first page is rejected by the real service too.
		if tok == "" {
			return 0, "", sfnValidation("Value '' at 'nextToken' failed to satisfy constraint: Member must have length greater than or equal to 1")
		}
		if len(tok) > 1024 {
			return 0, "", sfnValidation("Value at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to 1024")
		}
	}
	return limit, tok, nil
}

func sfnTokenError(p tokenProblem) *apiError {
	msg := map[tokenProblem]string{
		tokenCorrupt:  "Invalid Token: 'Invalid token'",
		tokenExpired:  "Invalid Token: 'Token has expired'",
		tokenMismatch: "Invalid Token: 'Token does not match the request'",
		tokenGone:     "Invalid Token: 'The resource the token points to no longer exists'",
	}[p]
	return &apiError{http.StatusBadRequest, "InvalidToken", msg}
}

func (s *Server) listStateMachines(in *sfnInput, call *faults.Call) (any, *apiError) {
	limit, tok, e := sfnPaging(in)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	items := slices.Clone(s.stateMachines)
	s.mu.Unlock()
	page, next, e := paginate(s, faults.Fingerprint("ListStateMachines"), tok, limit, items,
		func(sm *StateMachine) string { return sm.StateMachineArn },
		func(i int) *StateMachine {
			name := fmt.Sprintf("endless-sm-%06d", i)
			return &StateMachine{StateMachineArn: arn("states", "stateMachine:"+name), Name: name, Type: "STANDARD", CreationDate: seconds(epoch)}
		}, sfnTokenError)
	if e != nil {
		return nil, e
	}
	call.Items, call.NextToken = len(page), next
	return struct {
		StateMachines []*StateMachine `json:"stateMachines"`
		NextToken     string          `json:"nextToken,omitempty"`
	}{page, next}, nil
}

func (s *Server) listExecutions(in *sfnInput, call *faults.Call) (any, *apiError) {
	limit, tok, e := sfnPaging(in)
	if e != nil {
		return nil, e
	}
	if in.StateMachineArn == "" {
		if in.MapRunArn != "" {
			return nil, &apiError{http.StatusBadRequest, "ResourceNotFound", "Resource not found: '" + in.MapRunArn + "'"}
		}
		return nil, &apiError{http.StatusBadRequest, "ValidationException", "Must provide a StateMachine ARN or MapRun ARN"}
	}
	if !strings.HasPrefix(in.StateMachineArn, "arn:") {
		return nil, &apiError{http.StatusBadRequest, "InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + in.StateMachineArn + "'"}
	}
	switch in.StatusFilter {
	case "", "RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE":
	default:
		return nil, sfnValidation(fmt.Sprintf("Value '%s' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]", in.StatusFilter))
	}
	s.mu.Lock()
	sm := s.findStateMachine(in.StateMachineArn)
	var items []*Execution
	for _, e := range slices.Backward(s.executions[in.StateMachineArn]) {
		if in.StatusFilter == "" || e.Status == in.StatusFilter {
			items = append(items, e)
		}
	}
	s.mu.Unlock()
	if sm == nil {
		return nil, &apiError{http.StatusBadRequest, "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + in.StateMachineArn + "'"}
	}
	page, next, e := paginate(s, faults.Fingerprint("ListExecutions", in.StateMachineArn, in.StatusFilter), tok, limit, items,
		func(e *Execution) string { return e.ExecutionArn },
		func(i int) *Execution {
			name := fmt.Sprintf("endless-exec-%06d", i)
			return &Execution{ExecutionArn: arn("states", "execution:"+sm.Name+":"+name), StateMachineArn: sm.StateMachineArn,
				Name: name, Status: "SUCCEEDED", StartDate: seconds(epoch)}
		}, sfnTokenError)
	if e != nil {
		return nil, e
	}
	call.Items, call.NextToken = len(page), next
	return struct {
		Executions []*Execution `json:"executions"`
		NextToken  string       `json:"nextToken,omitempty"`
	}{page, next}, nil
}

func (s *Server) listActivities(in *sfnInput, call *faults.Call) (any, *apiError) {
	limit, tok, e := sfnPaging(in)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	items := slices.Clone(s.activities)
	s.mu.Unlock()
	page, next, e := paginate(s, faults.Fingerprint("ListActivities"), tok, limit, items,
		func(a *Activity) string { return a.ActivityArn },
		func(i int) *Activity {
			name := fmt.Sprintf("endless-act-%06d", i)
			return &Activity{ActivityArn: arn("states", "activity:"+name), Name: name, CreationDate: seconds(epoch)}
		}, sfnTokenError)
	if e != nil {
		return nil, e
	}
	call.Items, call.NextToken = len(page), next
	return struct {
		Activities []*Activity `json:"activities"`
		NextToken  string      `json:"nextToken,omitempty"`
	}{page, next}, nil
}

func (s *Server) describeStateMachine(in *sfnInput, _ *faults.Call) (any, *apiError) {
	if in.StateMachineArn == "" {
		return nil, sfnValidation("Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sm := s.findStateMachine(in.StateMachineArn)
	if sm == nil {
		return nil, &apiError{http.StatusBadRequest, "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + in.StateMachineArn + "'"}
	}
	return map[string]any{
		"stateMachineArn": sm.StateMachineArn,
		"name":            sm.Name,
		"status":          "ACTIVE",
		"definition":      sm.definition,
		"roleArn":         sm.roleArn,
		"type":            sm.Type,
		"creationDate":    sm.CreationDate,
	}, nil
}

func (s *Server) createStateMachine(in *sfnInput, _ *faults.Call) (any, *apiError) {
	for _, f := range []struct{ name, v string }{{"name", in.Name}, {"definition", in.Definition}, {"roleArn", in.RoleArn}} {
		if f.v == "" {
			return nil, sfnValidation("Value null at '" + f.name + "' failed to satisfy constraint: Member must not be null")
		}
	}
	typ := in.Type
	if typ == "" {
		typ = "STANDARD"
	}
	if typ != "STANDARD" && typ != "EXPRESS" {
		return nil, sfnValidation("Value '" + typ + "' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]")
	}
	if !json.Valid([]byte(in.Definition)) {
		return nil, &apiError{http.StatusBadRequest, "InvalidDefinition", "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED'"}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := arn("states", "stateMachine:"+in.Name)
	if s.findStateMachine(a) != nil {
		return nil, &apiError{http.StatusBadRequest, "StateMachineAlreadyExists", "State Machine Already Exists: '" + a + "'"}
	}
	_, t := s.nextSeq()
	s.stateMachines = append(s.stateMachines, &StateMachine{
		StateMachineArn: a, Name: in.Name, Type: typ, CreationDate: seconds(t), definition: in.Definition, roleArn: in.RoleArn,
	})
	s.sortStateMachines()
	return map[string]any{"stateMachineArn": a, "creationDate": seconds(t)}, nil
}

func (s *Server) deleteStateMachine(in *sfnInput, _ *faults.Call) (any, *apiError) {
	if !strings.HasPrefix(in.StateMachineArn, "arn:") {
		return nil, &apiError{http.StatusBadRequest, "InvalidArn", "Invalid Arn: '" + in.StateMachineArn + "'"}
	}
	// Deleting a state machine that does not exist succeeds: the call is
	// idempotent, as in Step Functions.
	s.Delete(in.StateMachineArn)
	return struct{}{}, nil
}
