package generator

import (
	"fmt"
	"io"
	"strings"

	"github.com/pagegen/pagegen/generator/byo"
	"github.com/pagegen/pagegen/generator/model"
)

// Explanation is the JSON document `pagegen explain -format json` prints.
// Its field names are a contract.
type Explanation struct {
	Spec        string              `json:"spec"`
	Operations  []ExplainedOp       `json:"operations"`
	Diagnostics []ExplainDiagnostic `json:"diagnostics"`
}

// ExplainedOp is what pagegen decided about one operation.
type ExplainedOp struct {
	OperationID   string           `json:"operationId"`
	Method        string           `json:"method"`
	Path          string           `json:"path"`
	Paginated     bool             `json:"paginated"`
	Source        *string          `json:"source"`
	Style         *string          `json:"style"`
	RequestToken  *ExplainLocation `json:"request_token"`
	ResponseToken []string         `json:"response_token"`
	// TokenSet, when several tokens continue the walk together, lists
	// them; request_token and response_token are then its first.
	TokenSet       []ExplainTokenPart `json:"token_set,omitempty"`
	Items          *string            `json:"items"`
	Limit          *ExplainLocation   `json:"limit"`
	More           *string            `json:"more"`
	MoreMeans      *string            `json:"more_means"`
	Done           *string            `json:"done"`
	Total          *string            `json:"total"`
	NextOperation  *string            `json:"next_operation"`
	Key            *string            `json:"key"`
	KeySource      *string            `json:"key_source"`
	ContinuationOf *string            `json:"continuation_of"`
	Confidence     *float64           `json:"confidence"`
	Reasons        []string           `json:"reasons"`
	// Client is what the paginator calls in the user's client package;
	// present only when explaining over an existing client.
	Client *ExplainClient `json:"client,omitempty"`
}

// ExplainClient is how a paginated operation binds to the user's client:
// the Go declarations pagegen found for it.
type ExplainClient struct {
	Method string `json:"method"` // ListCountriesWithResponse
	// PathArgs are the path parameters oapi-codegen's method takes before
	// its params (shelf api.Shelf); null over ogen, whose params hold them.
	PathArgs []string `json:"path_arguments"`
	Params   *string  `json:"params"`   // api.ListCountriesParams
	Body     *string  `json:"body"`     // api.QueryEndpointsJSONRequestBody
	Response string   `json:"response"` // api.ListCountriesResponse
	Items    string   `json:"items"`    // JSON200.Countries
	Item     string   `json:"item"`     // api.Country
	Token    string   `json:"token"`    // ListCountriesParams.NextPagingToken; "url" for a next link
	Limit    *string  `json:"limit"`
	// Next is the method of the operation that continues the walk, when
	// another one does: WidgetsListNextWithResponse.
	Next *string `json:"next"`
}

// ExplainTokenPart is one token of a token set.
type ExplainTokenPart struct {
	Request  *ExplainLocation `json:"request"`
	Response []string         `json:"response"`
}

// ExplainLocation is where a request carries a value.
type ExplainLocation struct {
	In   string `json:"in"`
	Name string `json:"name"`
}

// ExplainDiagnostic is a finding with its place.
type ExplainDiagnostic struct {
	Severity  string `json:"severity"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	Operation string `json:"operation,omitempty"`
	Message   string `json:"message"`
}

// Explain renders the model's decisions; it computes nothing of its own.
func Explain(api *model.API) Explanation {
	ex := Explanation{Spec: api.Spec, Operations: []ExplainedOp{}, Diagnostics: []ExplainDiagnostic{}}
	for _, op := range api.Operations {
		ex.Operations = append(ex.Operations, explainOp(op))
	}
	ex.addDiagnostics(api.Diagnostics)
	return ex
}

func (ex *Explanation) addDiagnostics(diags []model.Diagnostic) {
	for _, d := range diags {
		ex.Diagnostics = append(ex.Diagnostics, ExplainDiagnostic{
			Severity: string(d.Severity), File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col,
			Operation: d.Operation, Message: d.Message,
		})
	}
}

func explainOp(op *model.Operation) ExplainedOp {
	e := ExplainedOp{OperationID: op.ID, Method: op.Method, Path: op.Path, Reasons: []string{}, ResponseToken: nil}
	if op.ContinuationOf != "" {
		e.ContinuationOf = &op.ContinuationOf
	}
	p := op.Pagination
	if p == nil {
		return e
	}
	e.Paginated = true
	e.Source = &p.Source
	style := string(p.Style)
	e.Style = &style
	// For counting styles, the offset or page input: where the position goes.
	e.RequestToken = explainLocation(p.Position)
	for _, t := range p.ResponseToken {
		e.ResponseToken = append(e.ResponseToken, t.String())
	}
	for _, part := range p.TokenSet {
		tp := ExplainTokenPart{Request: explainLocation(part.Request)}
		for _, t := range part.Response {
			tp.Response = append(tp.Response, t.String())
		}
		e.TokenSet = append(e.TokenSet, tp)
	}
	items := p.Items.String()
	e.Items = &items
	e.Limit = explainLocation(p.Limit)
	e.More = pathString(p.More)
	mm := string(p.MoreMeans)
	e.MoreMeans = &mm
	e.Done = pathString(p.Done)
	e.Total = pathString(p.Total)
	next := p.Next
	if next == "" {
		next = op.ID
	}
	e.NextOperation = &next
	if p.Key != "" {
		e.Key, e.KeySource = &p.Key, &p.KeySource
	}
	conf := p.Confidence
	e.Confidence = &conf
	e.Reasons = append(e.Reasons, p.Reasons...)
	return e
}

func explainLocation(l *model.Location) *ExplainLocation {
	if l == nil {
		return nil
	}
	return &ExplainLocation{In: string(l.In), Name: l.Wire()}
}

func pathString(p *model.Path) *string {
	if p == nil {
		return nil
	}
	s := p.String()
	return &s
}

// WriteText prints the explanation for people: one block per paginated
// operation, one line per other operation, then the diagnostics.
func WriteText(w io.Writer, ex Explanation) {
	fmt.Fprintf(w, "%s\n", ex.Spec)
	for _, op := range ex.Operations {
		switch {
		case op.Paginated:
			fmt.Fprintf(w, "\n%s  %s %s\n", op.OperationID, op.Method, op.Path)
			fmt.Fprintf(w, "  paginated (%s, %s, confidence %.2f)\n", *op.Source, *op.Style, *op.Confidence)
			switch rt := op.RequestToken; {
			case rt == nil:
			case rt.In == "url":
				fmt.Fprintf(w, "  request token:  url (the next link is fetched as it is)\n")
			case *op.Style == string(model.StyleOffset):
				fmt.Fprintf(w, "  offset:         %s:%s\n", rt.In, rt.Name)
			case *op.Style == string(model.StylePage):
				fmt.Fprintf(w, "  page:           %s:%s\n", rt.In, rt.Name)
			default:
				fmt.Fprintf(w, "  request token:  %s:%s\n", rt.In, rt.Name)
			}
			if len(op.ResponseToken) > 0 {
				fmt.Fprintf(w, "  response token: %s\n", strings.Join(op.ResponseToken, " | "))
			}
			for _, tp := range op.TokenSet[min(1, len(op.TokenSet)):] {
				fmt.Fprintf(w, "  and token:      %s:%s ← %s\n", tp.Request.In, tp.Request.Name, strings.Join(tp.Response, " | "))
			}
			fmt.Fprintf(w, "  items:          %s\n", orBody(*op.Items))
			if op.Limit != nil {
				fmt.Fprintf(w, "  limit:          %s:%s\n", op.Limit.In, op.Limit.Name)
			}
			if op.More != nil {
				fmt.Fprintf(w, "  more:           %s (more-means %s)\n", *op.More, *op.MoreMeans)
			}
			if op.Done != nil {
				fmt.Fprintf(w, "  done:           %s\n", *op.Done)
			}
			if op.Total != nil {
				fmt.Fprintf(w, "  total:          %s\n", *op.Total)
			}
			fmt.Fprintf(w, "  next operation: %s\n", *op.NextOperation)
			if op.Key != nil {
				fmt.Fprintf(w, "  key:            %s (%s)\n", *op.Key, *op.KeySource)
			}
			if c := op.Client; c != nil {
				fmt.Fprintf(w, "  client:         %s → %s, items %s []%s, token %s\n", c.Method, c.Response, c.Items, c.Item, c.Token)
				if len(c.PathArgs) > 0 {
					fmt.Fprintf(w, "  path arguments: %s\n", strings.Join(c.PathArgs, ", "))
				}
				if c.Next != nil {
					fmt.Fprintf(w, "  continued by:   %s\n", *c.Next)
				}
			}
			for _, r := range op.Reasons {
				fmt.Fprintf(w, "  - %s\n", r)
			}
		case op.ContinuationOf != nil:
			fmt.Fprintf(w, "\n%s  %s %s\n  continues %s\n", op.OperationID, op.Method, op.Path, *op.ContinuationOf)
		}
	}
	var plain []string
	for _, op := range ex.Operations {
		if !op.Paginated && op.ContinuationOf == nil {
			plain = append(plain, op.OperationID)
		}
	}
	if len(plain) > 0 {
		fmt.Fprintf(w, "\nnot paginated: %s\n", strings.Join(plain, ", "))
	}
	for _, d := range ex.Diagnostics {
		fmt.Fprintf(w, "\n%s:%d:%d: %s: %s: %s\n", d.File, d.Line, d.Column, d.Severity, d.Operation, d.Message)
	}
}

func orBody(items string) string {
	if items == "" {
		return "(the body itself)"
	}
	return items
}

// ExplainBinding adds to ex how each paginated operation binds to the
// user's client package, as b found it, and gives the diagnostics that
// hold over it.
func ExplainBinding(ex *Explanation, b *byo.Binding) {
	ex.Diagnostics = ex.Diagnostics[:0]
	ex.addDiagnostics(b.Diagnostics)
	q := func(name string) *string {
		if name == "" {
			return nil
		}
		s := b.PkgName + "." + name
		return &s
	}
	for i := range ex.Operations {
		bo := b.Ops[ex.Operations[i].OperationID]
		if bo == nil {
			continue
		}
		c := &ExplainClient{
			Method:   bo.Method,
			Params:   q(bo.Params),
			Body:     q(bo.Body),
			Response: b.PkgName + "." + bo.Response,
			Items:    bo.Success,
			Item:     byo.TypeString(bo.Item),
			Token:    clientToken(bo),
		}
		if bo.Next != nil {
			c.Next = &bo.Next.Op.Method
		}
		for _, a := range bo.PathArgs {
			c.PathArgs = append(c.PathArgs, a.Name+" "+byo.TypeString(a.Type))
		}
		if bo.Unwrap != "" {
			c.Items += "." + bo.Unwrap
		}
		if bo.Decoded != "" {
			// The raw Body, decoded into the client's type of its schema.
			c.Items = bo.Decoded
		}
		for _, st := range bo.Items {
			c.Items += "." + st.Field
		}
		if bo.Limit != nil {
			l := bo.InputName(bo.Limit)
			c.Limit = &l
		}
		ex.Operations[i].Client = c
	}
}

// clientToken names where the walk's next request carries its token: a
// params or body field, "url" for a next link, or where the continuation
// takes it.
func clientToken(bo *byo.Op) string {
	switch {
	case bo.Next != nil && bo.Next.TokenArg != "":
		return bo.Next.Op.Method + "'s argument " + bo.Next.TokenArg
	case bo.Next != nil && bo.Next.Op.Token != nil:
		return bo.Next.Op.InputName(bo.Next.Op.Token)
	case bo.Next != nil, bo.Link != nil:
		return "url"
	}
	return bo.InputName(bo.Token)
}
