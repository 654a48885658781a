package awsserver

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/pagegen/pagegen/testdata/faults"
)

const (
	iotContentType = "application/json"
	// IoT's registry list operations accept maxResults and pageSize of
	// 1..250 (RegistryMaxResults, PageSize in the model). The default page
	// is not documented; 25 keeps walks multi-page with little data.
	iotMaxPage     = 250
	iotDefaultPage = 25
)

// Thing is an item of ListThings (ThingAttribute).
type Thing struct {
	ThingName     string            `json:"thingName"`
	ThingTypeName string            `json:"thingTypeName,omitempty"`
	ThingArn      string            `json:"thingArn"`
	Attributes    map[string]string `json:"attributes"`
	Version       int64             `json:"version"`
}

// ThingGroup is an item of ListThingGroups (GroupNameAndArn).
type ThingGroup struct {
	GroupName string `json:"groupName"`
	GroupArn  string `json:"groupArn"`
}

// Policy is an item of ListPolicies.
type Policy struct {
	PolicyName string `json:"policyName"`
	PolicyArn  string `json:"policyArn"`
}

// AddThings creates n things named thing-00001, … and returns their names.
// Every other thing has thingTypeName "sensor" (the rest have none), and
// each has the attributes {"index": "<n>", "parity": "even"|"odd"}, so
// filtered listings have something to filter. ListThings lists by name.
func (s *Server) AddThings(n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for range n {
		seq, _ := s.nextSeq()
		name := fmt.Sprintf("thing-%05d", seq)
		t := &Thing{
			ThingName:  name,
			ThingArn:   arn("iot", "thing/"+name),
			Attributes: map[string]string{"index": strconv.Itoa(seq), "parity": [2]string{"even", "odd"}[seq%2]},
			Version:    1,
		}
		if seq%2 == 1 {
			t.ThingTypeName = "sensor"
		}
		s.things = append(s.things, t)
		names = append(names, name)
	}
	slices.SortFunc(s.things, func(a, b *Thing) int { return strings.Compare(a.ThingName, b.ThingName) })
	return names
}

// AddThingGroups creates n top-level thing groups named group-00001, … and
// returns their names.
func (s *Server) AddThingGroups(n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for range n {
		seq, _ := s.nextSeq()
		name := fmt.Sprintf("group-%05d", seq)
		s.thingGroups = append(s.thingGroups, &ThingGroup{GroupName: name, GroupArn: arn("iot", "thinggroup/"+name)})
		names = append(names, name)
	}
	slices.SortFunc(s.thingGroups, func(a, b *ThingGroup) int { return strings.Compare(a.GroupName, b.GroupName) })
	return names
}

// AddPolicies creates n policies named policy-00001, … and returns their
// names, oldest first. ListPolicies returns them newest first unless
// isAscendingOrder=true.
func (s *Server) AddPolicies(n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for range n {
		seq, _ := s.nextSeq()
		name := fmt.Sprintf("policy-%05d", seq)
		s.policies = append(s.policies, &Policy{PolicyName: name, PolicyArn: arn("iot", "policy/"+name)})
		names = append(names, name)
	}
	return names
}

// restOp names the IoT operation of a request and returns its path
// argument (the thing name), or "" when no route matches.
func restOp(r *http.Request) (op, arg string) {
	p := r.URL.Path
	switch {
	case r.Method == http.MethodGet && p == "/things":
		return "ListThings", ""
	case r.Method == http.MethodGet && p == "/thing-groups":
		return "ListThingGroups", ""
	case r.Method == http.MethodGet && p == "/policies":
		return "ListPolicies", ""
	case strings.HasPrefix(p, "/things/") && !strings.Contains(p[len("/things/"):], "/"):
		name, err := url.PathUnescape(p[len("/things/"):])
		if err != nil || name == "" {
			return "", ""
		}
		switch r.Method {
		case http.MethodGet:
			return "DescribeThing", name
		case http.MethodDelete:
			return "DeleteThing", name
		}
	}
	return "", ""
}

// serveREST handles IoT's REST-JSON routes.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	op, arg := restOp(r)
	call := faults.Call{Op: op}
	q := r.URL.Query()
	var out any
	var e *apiError
	switch op {
	case "ListThings":
		out, e = s.listThings(q, &call)
	case "ListThingGroups":
		out, e = s.listThingGroups(q, &call)
	case "ListPolicies":
		out, e = s.listPolicies(q, &call)
	case "DescribeThing":
		out, e = s.describeThing(arg)
	case "DeleteThing":
		out, e = s.deleteThing(arg)
	default:
		call.Op = r.Method + " " + r.URL.Path
		e = &apiError{http.StatusNotFound, "UnknownOperationException", "No route for " + r.Method + " " + r.URL.Path}
	}
	if e != nil {
		call.Status, call.Code = e.status, e.code
		s.Log.Add(call)
		writeRESTError(w, e)
		return
	}
	call.Status = http.StatusOK
	s.Log.Add(call)
	writeJSON(w, http.StatusOK, iotContentType, out)
}

// writeRESTError renders an IoT error: the code in x-amzn-ErrorType (where
// AWS's REST-JSON clients read it) and in the body's __type (the Error
// schema of specs/aws-iot.yaml), the text in message.
func writeRESTError(w http.ResponseWriter, e *apiError) {
	w.Header().Set("X-Amzn-Errortype", e.code+":")
	writeJSON(w, e.status, iotContentType, map[string]string{"__type": e.code, "message": e.message})
}

func iotInvalid(msg string) *apiError {
	return &apiError{http.StatusBadRequest, "InvalidRequestException", msg}
}

func iotTokenError(p tokenProblem) *apiError {
	return iotInvalid(map[tokenProblem]string{
		tokenCorrupt:  "The pagination token is invalid.",
		tokenExpired:  "The pagination token has expired.",
		tokenMismatch: "The pagination token does not match the request parameters.",
		tokenGone:     "The pagination token is invalid: the resource it refers to no longer exists.",
	}[p])
}

// iotPaging reads the page size parameter sizeParam and the token parameter
// tokParam, validating the size against 1..250 as IoT does.
func iotPaging(q url.Values, sizeParam, tokParam string, call *faults.Call) (int, string, *apiError) {
	limit := iotDefaultPage
	if v := q.Get(sizeParam); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, "", iotInvalid(fmt.Sprintf("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must be a number", v, sizeParam))
		}
		call.Limit = n
		if n < 1 || n > iotMaxPage {
			return 0, "", iotInvalid(fmt.Sprintf("1 validation error detected: Value '%d' at '%s' failed to satisfy constraint: Member must have value between 1 and %d", n, sizeParam, iotMaxPage))
		}
		limit = n
	}
	tok := q.Get(tokParam)
	call.Token = tok
	return limit, tok, nil
}

func (s *Server) listThings(q url.Values, call *faults.Call) (any, *apiError) {
	limit, tok, e := iotPaging(q, "maxResults", "nextToken", call)
	if e != nil {
		return nil, e
	}
	attrName, attrValue, typ := q.Get("attributeName"), q.Get("attributeValue"), q.Get("thingTypeName")
	prefix := q.Get("usePrefixAttributeValue") == "true"
	if prefix && attrName == "" {
		return nil, iotInvalid("usePrefixAttributeValue requires attributeName and attributeValue")
	}
	s.mu.Lock()
	var items []*Thing
	for _, t := range s.things {
		if typ != "" && t.ThingTypeName != typ {
			continue
		}
		if attrName != "" {
			v, ok := t.Attributes[attrName]
			if !ok || (prefix && !strings.HasPrefix(v, attrValue)) || (!prefix && attrValue != "" && v != attrValue) {
				continue
			}
		}
		items = append(items, t)
	}
	s.mu.Unlock()
	scope := faults.Fingerprint("ListThings", attrName, attrValue, typ, strconv.FormatBool(prefix))
	page, next, e := paginate(s, scope, tok, limit, items,
		func(t *Thing) string { return t.ThingName },
		func(i int) *Thing {
			name := fmt.Sprintf("endless-thing-%06d", i)
			return &Thing{ThingName: name, ThingArn: arn("iot", "thing/"+name), Attributes: map[string]string{}, Version: 1}
		}, iotTokenError)
	if e != nil {
		return nil, e
	}
	call.Items, call.NextToken = len(page), next
	return struct {
		Things    []*Thing `json:"things"`
		NextToken string   `json:"nextToken,omitempty"`
	}{page, next}, nil
}

func (s *Server) listThingGroups(q url.Values, call *faults.Call) (any, *apiError) {
	limit, tok, e := iotPaging(q, "maxResults", "nextToken", call)
	if e != nil {
		return nil, e
	}
	parent, prefix, recursive := q.Get("parentGroup"), q.Get("namePrefixFilter"), q.Get("recursive")
	s.mu.Lock()
	var items []*ThingGroup
	for _, g := range s.thingGroups {
		// The emulator's groups are all top-level, so a parentGroup filter
		// leaves nothing.
		if parent != "" || !strings.HasPrefix(g.GroupName, prefix) {
			continue
		}
		items = append(items, g)
	}
	s.mu.Unlock()
	page, next, e := paginate(s, faults.Fingerprint("ListThingGroups", parent, prefix, recursive), tok, limit, items,
		func(g *ThingGroup) string { return g.GroupName },
		func(i int) *ThingGroup {
			name := fmt.Sprintf("endless-group-%06d", i)
			return &ThingGroup{GroupName: name, GroupArn: arn("iot", "thinggroup/"+name)}
		}, iotTokenError)
	if e != nil {
		return nil, e
	}
	call.Items, call.NextToken = len(page), next
	return struct {
		ThingGroups []*ThingGroup `json:"thingGroups"`
		NextToken   string        `json:"nextToken,omitempty"`
	}{page, next}, nil
}

func (s *Server) listPolicies(q url.Values, call *faults.Call) (any, *apiError) {
	limit, tok, e := iotPaging(q, "pageSize", "marker", call)
	if e != nil {
		return nil, e
	}
	asc := q.Get("isAscendingOrder")
	if asc != "" && asc != "true" && asc != "false" {
		return nil, iotInvalid("isAscendingOrder must be true or false")
	}
	s.mu.Lock()
	items := slices.Clone(s.policies)
	s.mu.Unlock()
	if asc != "true" {
		slices.Reverse(items)
	}
	page, next, e := paginate(s, faults.Fingerprint("ListPolicies", strconv.FormatBool(asc == "true")), tok, limit, items,
		func(p *Policy) string { return p.PolicyName },
		func(i int) *Policy {
			name := fmt.Sprintf("endless-policy-%06d", i)
			return &Policy{PolicyName: name, PolicyArn: arn("iot", "policy/"+name)}
		}, iotTokenError)
	if e != nil {
		return nil, e
	}
	call.Items, call.NextToken = len(page), next
	return struct {
		Policies   []*Policy `json:"policies"`
		NextMarker string    `json:"nextMarker,omitempty"`
	}{page, next}, nil
}

func (s *Server) describeThing(name string) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.things {
		if t.ThingName == name {
			out := map[string]any{
				"thingName":       t.ThingName,
				"thingId":         faults.Fingerprint("thingId", t.ThingName),
				"thingArn":        t.ThingArn,
				"attributes":      t.Attributes,
				"version":         t.Version,
				"defaultClientId": t.ThingName,
			}
			if t.ThingTypeName != "" {
				out["thingTypeName"] = t.ThingTypeName
			}
			return out, nil
		}
	}
	return nil, &apiError{http.StatusNotFound, "ResourceNotFoundException", "Thing " + name + " cannot be found."}
}

func (s *Server) deleteThing(name string) (any, *apiError) {
	if !s.Delete(name) {
		return nil, &apiError{http.StatusNotFound, "ResourceNotFoundException", "Thing " + name + " cannot be found."}
	}
	return struct{}{}, nil
}
