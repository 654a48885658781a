// Package model is pagegen's intermediate representation: what inference
// decided about a spec, in terms emission understands. Nothing here refers to
// an OpenAPI library, so emission and explain never see the parser's types.
package model

import (
	"fmt"
	"strings"
)

// Pos is a place in a spec file; Line and Col are 1-based, 0 when
// unknown. Loading, inference and emission all use it.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats p as file:line:col, leaving out what is unknown.
func (p Pos) String() string {
	switch {
	case p.File == "":
		return ""
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// API is everything pagegen knows about one spec (plus overlays).
type API struct {
	// Spec names the main spec file as given by the user.
	Spec  string
	Title string
	// Operations lists every operation of the spec, paginated or not,
	// ordered by path and method.
	Operations []*Operation
	// ClientParams are the parameters the emitted operations take from the
	// client (x-ms-parameter-location: client), in the order first met.
	ClientParams []*ClientParam
	// Types lists the named types the emitted operations need, sorted by Go name.
	Types       []*Type
	Diagnostics []Diagnostic
}

// Operation returns the operation with the given operationId, or nil.
func (a *API) Operation(id string) *Operation {
	for _, op := range a.Operations {
		if op.ID == id {
			return op
		}
	}
	return nil
}

// Severity grades a diagnostic.
type Severity string

// Diagnostic severities.
const (
	SeverityWarning Severity = "warning"
	SeverityError   Severity = "error"
)

// Diagnostic is a finding about the spec that the user should see.
type Diagnostic struct {
	Severity  Severity
	Pos       Pos
	Operation string
	Message   string
	// OwnTypes marks a warning about the Go names of the types pagegen
	// declares: moot in a package over a user's client, which declares
	// none.
	OwnTypes bool
}

func (d Diagnostic) Error() string { return located(d.Pos, d.Operation, d.Message) }

// Error is a problem at a place in a spec file, about an operation when
// one is named. It wraps its cause, which errors.Is and errors.As see.
type Error struct {
	Pos       Pos
	Operation string
	Err       error
}

func (e *Error) Error() string { return located(e.Pos, e.Operation, e.Err.Error()) }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// located writes a message after its place and operation:
// "spec.yaml:12:5: ListOrders: ...".
func located(pos Pos, operation, msg string) string {
	if operation != "" {
		msg = operation + ": " + msg
	}
	if p := pos.String(); p != "" {
		msg = p + ": " + msg
	}
	return msg
}

// Operation is one HTTP operation of the spec.
type Operation struct {
	ID     string // operationId (synthesized from method and path when absent)
	GoName string // exported Go name, e.g. ListOrders
	Method string // upper case
	Path   string // URL path template, without any "#fragment" used for key uniqueness
	Key    string // the path key as written in the spec
	Pos    Pos
	Doc    string

	Params []*Param // path, query, header and form parameters, in spec order
	// Consts are required parameters with a single allowed value
	// (X-Amz-Target, Action): sent on every call, never asked of the caller.
	Consts []*Const
	// ClientParams are the parameters set once on the client (Azure's
	// api-version, subscriptionId) that this operation sends.
	ClientParams []*ClientParam
	Body         *Body     // JSON or XML request body; nil when none
	Result       *Response // the success response; nil when it has no body

	// LongRunning is set on an operation that answers 201 or 202 and runs
	// on (x-ms-long-running-operation): its call polls until it ends.
	LongRunning *LongRunning
	// Pagination is set on an originating operation that pagegen pages.
	Pagination *Pagination
	// Skipped is pagination pagegen found but does not generate — inferred
	// with too little confidence, with no array of items to type, or
	// contradicted by the schemas — with the reasons; a warning diagnostic
	// says which. Its locations are as decided, not checked against the
	// schemas.
	Skipped *Pagination
	// ContinuationOf names the originating operation — the first, when it
	// continues several (Azure's …ListNext) — when this operation
	// continues another one's walk (ListOrdersByNextToken).
	ContinuationOf string
	// Emit reports whether code is generated for the operation: paginated
	// operations, their continuations, and operations declared to return a
	// single page (x-ms-pageable with nextLinkName: null) as plain calls.
	Emit bool
	// TakesNextLink reports whether the operation is called with a URL a
	// response gave (a next link or Link header, its own or that of the
	// operation it continues), so its parameters carry one.
	TakesNextLink bool
	// Names are the identifiers the package declares for an emitted
	// operation.
	Names Names
}

// Names are the Go identifiers and the file the generated package declares
// for one operation. They are decided once, for the whole package, when
// the model is built, so they never collide; emission only uses them.
type Names struct {
	Method   string // the Client method that makes one call
	Params   string // the type of its inputs
	Response string // the type of its response
	ReadPage string // unexported: reads a page out of a Response
	File     string // the file its declarations go in

	// Set on paginated operations.
	All, Pages   string // Client methods ranging over items and pages
	Follow       string // Client method that keeps following; set when more-means is later
	Page         string // the type of one page
	Paginator    string // the paginator type
	NewPaginator string // its constructor
	APIClient    string // the interface the paginator calls
	NewPage      string // unexported: makes a Page of the runtime's page
	// ReadNextPage, set when a continuation operation continues the walk,
	// reads a page of this walk out of the continuation's Response: one
	// continuation may continue several walks.
	ReadNextPage string
}

// LongRunning says how to get a long-running operation's result.
type LongRunning struct {
	// FinalStateVia is x-ms-long-running-operation-options' final-state-via
	// (azure-async-operation, location, original-uri, operation-location);
	// "" for Azure's default.
	FinalStateVia string
}

// ClientParam is a parameter set once for every operation, on the client
// (AutoRest's x-ms-parameter-location: client), by its ClientOption.
type ClientParam struct {
	Name   string // name on the wire
	In     In
	Type   *TypeRef
	Option string // the ClientOption constructor that sets it: WithAPIVersion
	Doc    string
	// Default is the spec's one value (an enum of one value, or its
	// default), sent unless the option sets another; nil when it has none.
	Default *string
	// Required is set when the spec requires the parameter: with no
	// default, a request without the option fails before it is sent.
	Required bool
}

// Const is a parameter whose value is fixed by the spec.
type Const struct {
	Name  string
	In    In
	Value string
}

// In says where a request value travels.
type In string

// Parameter locations. Form is a field of an
// application/x-www-form-urlencoded body, flattened into the parameters.
const (
	InPath   In = "path"
	InQuery  In = "query"
	InHeader In = "header"
	InForm   In = "form"
	InBody   In = "body"
	InURL    In = "url"
)

// Param is one request parameter.
type Param struct {
	Name     string // name on the wire
	GoName   string
	In       In
	Type     *TypeRef
	Required bool
	Doc      string
	Min, Max *int64 // integer bounds from the schema
	// Unescaped, for a path parameter (x-ms-skip-url-encoding), puts the
	// value into the path as it is: a next link whose own query stays a
	// query.
	Unescaped bool
	// ListItem, for a list in a form body whose items the schema names
	// (xml.name), numbers the fields as AWS query and MWS APIs do:
	// MarketplaceId.Id.1, MarketplaceId.Id.2.
	ListItem string
}

// BodyFormat is how a body is encoded.
type BodyFormat string

// Body formats.
const (
	FormatJSON BodyFormat = "json"
	FormatXML  BodyFormat = "xml"
)

// Body is a request body sent as one value.
type Body struct {
	ContentType string
	Format      BodyFormat
	Type        *TypeRef
	Required    bool
	Doc         string
}

// Response is the decoded success response.
type Response struct {
	ContentType string
	Format      BodyFormat
	Type        *TypeRef
}

// Kind classifies a type reference.
type Kind int

// Type kinds.
const (
	KindString Kind = iota
	KindBool
	KindInt32
	KindInt64
	KindFloat32
	KindFloat64
	KindBytes // base64 in JSON
	KindRaw   // json.RawMessage: what cannot be typed
	KindAny   // a free-form value
	KindSlice
	KindMap
	KindNamed
)

// TypeRef is the use of a type.
type TypeRef struct {
	Kind  Kind
	Elem  *TypeRef // slices and maps
	Named *Type    // KindNamed
	// Why explains a KindRaw: what the schema said that could not be typed.
	Why string
}

// IsScalar reports whether the type is a string, number or boolean (possibly named).
func (t *TypeRef) IsScalar() bool {
	switch t.Kind {
	case KindString, KindBool, KindInt32, KindInt64, KindFloat32, KindFloat64:
		return true
	case KindNamed:
		return t.Named.Underlying != nil && t.Named.Underlying.IsScalar()
	}
	return false
}

// Same reports whether t and u denote the same Go type.
func (t *TypeRef) Same(u *TypeRef) bool {
	if t == nil || u == nil || t.Kind != u.Kind {
		return false
	}
	switch t.Kind {
	case KindNamed:
		return t.Named == u.Named
	case KindSlice, KindMap:
		return t.Elem.Same(u.Elem)
	}
	return true
}

// Type is a named Go type declared in the generated package.
type Type struct {
	Name       string // Go name
	SchemaName string // component name, or a synthesized path for inline schemas
	Doc        string
	Pos        Pos

	// Exactly one of Fields (a struct) and Underlying (a defined type) is used.
	Fields     []*Field
	Underlying *TypeRef
	Enum       []EnumValue // allowed values of a string-based type
	XMLName    string      // element name when the type is an XML document root
	// XML reports that the type travels in an XML body, so its fields get
	// xml tags.
	XML bool
}

// EnumValue is one allowed value of an enum type and the constant that
// names it.
type EnumValue struct {
	Value  string
	GoName string
}

// IsStruct reports whether t is declared as a struct.
func (t *Type) IsStruct() bool { return t.Underlying == nil }

// Field returns the field with the given wire name, or nil.
func (t *Type) Field(wire string) *Field {
	for _, f := range t.Fields {
		if f.Wire == wire {
			return f
		}
	}
	return nil
}

// Field is one property of a struct type.
type Field struct {
	Wire     string // the property name in JSON
	GoName   string
	Type     *TypeRef
	Optional bool // a pointer (scalars and structs) with omitempty
	Doc      string
	XML      XMLField
}

// XMLField holds what an OpenAPI xml object says about a property.
type XMLField struct {
	Name      string // element or attribute name; defaults to Wire
	Attribute bool
	Wrapped   bool   // arrays: items sit inside an element named Name
	ItemName  string // arrays: the element name of each item
	// Text is the element's character data (AutoRest's x-ms-text), not
	// an element of its own.
	Text bool
}

// Pagination is what pagegen knows about paging one operation.
type Pagination struct {
	Source     string // x-pagination, inferred, x-ms-pageable, …, overlay
	Style      Style
	Confidence float64
	Reasons    []string

	// Position is where the next request carries its place in the walk,
	// whatever the style: the offset or page number input (counting
	// styles), the token or cursor input, on the Next operation (or the
	// operation itself), or the URL itself (In is InURL) for next links.
	Position *Location
	// Start is the position of the first page: 0 for an offset, the first
	// page number for pages.
	Start int64
	// ResponseToken lists the places the response may carry the token;
	// the first non-empty wins.
	ResponseToken []Path
	// TokenSet, when the walk continues with several tokens at once (Azure
	// Table's NextPartitionKey and NextRowKey), lists them all; the
	// runtime carries them as one opaque token. Position and
	// ResponseToken are then its first part.
	TokenSet  []TokenPart
	Items     Path
	ItemType  *TypeRef
	Limit     *Location
	LimitMin  *int64
	LimitMax  *int64
	Total     *Path
	More      *Path
	Done      *Path
	MoreMeans MoreMeans
	Next      string // continuation operationId; "" = the same operation
	// NextPaths are where the continuation's response carries the token,
	// items and flags when Next is another operation.
	NextPaths  *ResponsePaths
	RestartOn  []string
	Key        string // item property identifying an item
	KeySource  string // where Key came from: the annotation's source, or "inferred"
	CursorFrom string // item property that is the cursor (starting_after = last item's id)
}

// TokenPart is one token of a token set: where the response carries it and
// where the next request sends it.
type TokenPart struct {
	Request  *Location
	Response []Path
}

// ResponsePaths are the places in a continuation's response.
type ResponsePaths struct {
	Token []Path
	Items Path
	More  *Path
	Done  *Path
}

// Style names how pages are linked.
type Style string

// Paging styles.
const (
	StyleToken      Style = "token"
	StyleCursor     Style = "cursor"
	StyleNextLink   Style = "next-link"
	StyleLinkHeader Style = "link-header"
	StyleOffset     Style = "offset"
	StylePage       Style = "page"
)

// Counts reports whether the style counts its way through the walk
// (offset and page), so reading a page needs to know where it is.
func (s Style) Counts() bool { return s == StyleOffset || s == StylePage }

// FollowsLink reports whether the style fetches the URL a response gives
// (a next link or a Link header).
func (s Style) FollowsLink() bool { return s == StyleNextLink || s == StyleLinkHeader }

// MoreMeans says what a false "more" flag means.
type MoreMeans string

// MoreMeans values.
const (
	MoreNow   MoreMeans = "now"
	MoreLater MoreMeans = "later"
)

// Location is a place in a request.
type Location struct {
	In   In
	Name string   // parameter name for path/query/header/form
	Path []string // property names into the body for InBody
}

// String renders the location as DESIGN's "in:name" form, "url", or a bare
// name for a value that may travel anywhere.
func (l *Location) String() string {
	switch {
	case l == nil:
		return ""
	case l.In == InURL:
		return "url"
	case l.In == "":
		return l.Name
	}
	return string(l.In) + ":" + l.Wire()
}

// Wire is what names the value in its place: the parameter's name, or the
// dotted path of a body property.
func (l *Location) Wire() string {
	if l.In == InBody {
		return strings.Join(l.Path, ".")
	}
	return l.Name
}

// Path is a place in a response: property names from the body's root,
// or a header.
type Path struct {
	Header string   // set when the value travels in a response header
	Props  []string // property names into the body; empty means the body itself
	// Declared is false for a token alias the schema does not declare:
	// it is read from the raw body.
	Declared bool
}

// String renders the path with dots ("ListOrdersResult.NextToken"), or
// "header:Name".
func (p Path) String() string {
	if p.Header != "" {
		return "header:" + p.Header
	}
	return strings.Join(p.Props, ".")
}
