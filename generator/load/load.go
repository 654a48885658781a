// Package load reads OpenAPI documents — 3.0, 3.1 and Swagger 2.0, YAML or
// JSON, with $refs across local files and optional Overlay files — into
// kin-openapi's model, and answers "where in the file is this?" for
// diagnostics.
//
// Loading checks only what generation relies on; full validation of a large
// spec costs more than generating from it, and a spec that a vendor
// publishes with small defects should still produce its paginators.
package load

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	yaml "github.com/oasdiff/yaml3"
	"github.com/pagegen/pagegen/generator/model"
)

// Spec is a loaded document.
type Spec struct {
	Doc *openapi3.T
	// File is the path as given by the user, used in messages.
	File string
	// Swagger2 reports that Doc was converted from Swagger 2.0, so positions
	// of converted elements are only approximate.
	Swagger2 bool
	// Overlaid lists the overlay files applied.
	Overlaid []string
	src      *Source
	// annotated holds the pointers (joined by pointerKey) of the
	// x-pagination values the spec file itself has, when overlays are
	// applied, to tell them from those the overlays add.
	annotated map[string]bool
	// warnings are the mistakes decoding read as what they mean.
	warnings []model.Diagnostic
}

// Warnings lists what loading repaired or renamed: mistakes common in
// specs written by hand, read as what they mean ("required: true" on a
// property), and, for Swagger 2.0 bundling, elements of other files
// renamed when copied into the spec.
func (s *Spec) Warnings() []model.Diagnostic {
	out := slices.Clone(s.warnings)
	for _, r := range s.src.renames {
		out = append(out, model.Diagnostic{
			Severity: model.SeverityWarning, Pos: r.Pos,
			Message: fmt.Sprintf("%s %s of another file is called %s here: the spec has a %s of its own", r.Section, r.From, r.To, r.From),
		})
	}
	return out
}

// FromOverlay reports whether the value at the pointer tokens was added by
// an overlay rather than written in the spec file.
func (s *Spec) FromOverlay(tokens ...string) bool {
	return len(s.Overlaid) > 0 && !s.annotated[pointerKey(tokens)]
}

func pointerKey(tokens []string) string { return strings.Join(tokens, "\x00") }

// annotations collects the pointers of the x-pagination values in a
// decoded document: the root's and the operations'.
func annotations(tree any) map[string]bool {
	out := map[string]bool{}
	doc, _ := tree.(map[string]any)
	if _, ok := doc["x-pagination"]; ok {
		out[pointerKey([]string{"x-pagination"})] = true
	}
	for _, section := range []string{"paths", "x-ms-paths"} {
		paths, _ := doc[section].(map[string]any)
		for key, item := range paths {
			if section == "x-ms-paths" {
				key = msPathKey(key)
			}
			ops, _ := item.(map[string]any)
			for method, op := range ops {
				if m, ok := op.(map[string]any); ok && m["x-pagination"] != nil {
					out[pointerKey([]string{"paths", key, method, "x-pagination"})] = true
				}
			}
		}
	}
	return out
}

// Pos returns the position of the element at the JSON pointer tokens
// (e.g. "paths", "/orders", "get"), or of its closest ancestor in the file.
func (s *Spec) Pos(tokens ...string) model.Pos {
	// A converted Swagger 2.0 document keeps its schemas under definitions.
	if s.Swagger2 && len(tokens) >= 2 && tokens[0] == "components" && tokens[1] == "schemas" {
		tokens = append([]string{"definitions"}, tokens[2:]...)
	}
	return s.src.Pos(tokens...)
}

// Load reads the spec at path, a file or an http(s) URL, and applies the
// overlays in order.
func Load(ctx context.Context, path string, overlays []string) (*Spec, error) {
	data, err := readSpec(ctx, path)
	if err != nil {
		return nil, err
	}
	data = stripBOM(data)
	src := &Source{File: path, data: data}
	spec := &Spec{File: path, src: src}
	read := refReader(ctx, path)

	// Decided once, on the file as written: re-encoding sorts the keys and
	// can push "swagger" out of the head isSwagger2 looks at.
	spec.Swagger2 = isSwagger2(data)
	var tree any
	// YAML, Swagger 2.0 and overlaid documents are read into a tree and
	// decoded from it as JSON: kin-openapi's own YAML loading is slower and
	// decodes nested schemas level by level.
	if len(overlays) > 0 || spec.Swagger2 || !isJSON(data) {
		if tree, err = decodeTree(data); err != nil {
			return nil, src.syntaxError(err)
		}
		quoteVersions(tree)
	}
	if len(overlays) > 0 {
		spec.annotated = annotations(tree)
	}
	for _, o := range overlays {
		if err := applyOverlayFile(o, &tree); err != nil {
			return nil, err
		}
		spec.Overlaid = append(spec.Overlaid, o)
	}
	if spec.Swagger2 {
		if err := bundleSwagger2(tree, src, read); err != nil {
			return nil, err
		}
		var log repairLog
		prepareSwagger2(tree, src, &log)
		doc2, err := decodeSwagger2Tree(tree)
		var pe *pointerError
		if errors.As(err, &pe) {
			return nil, &model.Error{Pos: src.Pos(pe.tokens...), Err: fmt.Errorf("Swagger 2.0: %w", pe.err)}
		}
		if err != nil {
			return nil, &model.Error{Pos: src.Pos(), Err: fmt.Errorf("Swagger 2.0: %w", err)}
		}
		doc, err := openapi2conv.ToV3(doc2)
		if err != nil {
			return nil, fmt.Errorf("%s: converting Swagger 2.0: %w", path, err)
		}
		spec.Doc = doc
		spec.warn(log.sorted())
		return spec, nil
	}
	if tree != nil {
		if data, err = json.Marshal(tree); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}

	location, err := specLocation(path)
	if err != nil {
		return nil, err
	}
	doc, repairs, err := decodeAndResolve(ctx, data, location, read)
	var pe *pointerError
	if errors.As(err, &pe) {
		return nil, &model.Error{Pos: spec.Pos(pe.tokens...), Operation: pe.op, Err: pe.err}
	}
	if err != nil {
		return nil, src.loadError(err)
	}
	if doc.Paths == nil {
		return nil, fmt.Errorf("%s: not an OpenAPI document: no paths", path)
	}
	spec.Doc = doc
	spec.warn(repairs)
	return spec, nil
}

// warn records the repairs as warnings at their places.
func (s *Spec) warn(repairs []repair) {
	for _, r := range repairs {
		s.warnings = append(s.warnings, model.Diagnostic{Severity: model.SeverityWarning, Pos: s.Pos(r.tokens...), Message: r.msg})
	}
}

// decodeAndResolve decodes an OpenAPI 3 document and resolves its
// references, and returns what decoding repaired. JSON is decoded by
// decodeJSON; JSON that decodeJSON cannot take by kin-openapi's loader. When
// that fails too, decodeJSON's error, which says where, is the one
// returned, else the loader's.
func decodeAndResolve(ctx context.Context, data []byte, location *url.URL, read openapi3.ReadFromURIFunc) (*openapi3.T, []repair, error) {
	var placed *pointerError
	if isJSON(data) {
		doc, repairs, err := decodeJSON(data)
		if err == nil && newLoader(ctx, read).ResolveRefsIn(doc, location) == nil {
			return doc, repairs, nil
		}
		errors.As(err, &placed)
	}
	doc, err := newLoader(ctx, read).LoadFromDataWithPath(data, location)
	if err != nil && placed != nil {
		return nil, nil, placed
	}
	return doc, nil, err
}

// newLoader returns kin-openapi's loader reading referenced documents with
// read.
func newLoader(ctx context.Context, read openapi3.ReadFromURIFunc) *openapi3.Loader {
	loader := openapi3.NewLoader()
	loader.Context = ctx
	loader.IsExternalRefsAllowed = true
	loader.ReadFromURIFunc = read
	return loader
}

// decodeSwagger2Tree decodes a prepared Swagger 2.0 document with
// decodeSwagger2; a document it cannot take is decoded whole by
// openapi2.T. When that fails too, decodeSwagger2's error, which says
// where, is the one reported.
func decodeSwagger2Tree(tree any) (*openapi2.T, error) {
	var placed *pointerError
	if m, ok := tree.(map[string]any); ok {
		doc, err := decodeSwagger2(m)
		if err == nil {
			return doc, nil
		}
		errors.As(err, &placed)
	}
	data, err := json.Marshal(tree)
	if err != nil {
		return nil, err
	}
	var doc openapi2.T
	if err := json.Unmarshal(data, &doc); err != nil {
		if placed != nil {
			return nil, placed
		}
		return nil, err
	}
	return &doc, nil
}

// isJSON reports whether data is a JSON object rather than YAML.
func isJSON(data []byte) bool {
	trimmed := bytes.TrimSpace(data)
	return len(trimmed) > 0 && trimmed[0] == '{'
}

// readLocalFile reads referenced files from disk only: a spec from an
// untrusted source must not make the generator fetch URLs.
func readLocalFile(_ *openapi3.Loader, location *url.URL) ([]byte, error) {
	if location.Scheme != "" && location.Scheme != "file" {
		return nil, fmt.Errorf("reference to %s: only local files are followed", location)
	}
	data, err := os.ReadFile(filepath.FromSlash(location.Path))
	if err != nil {
		return nil, err
	}
	return stripBOM(data), nil
}

func stripBOM(data []byte) []byte {
	return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
}

// isSwagger2 reports whether the document declares swagger: "2.0". The key
// may come anywhere (Slack's JSON has it last), so the whole text is
// searched; in JSON, where the text could be a value, a match is confirmed
// on the top-level members, which jsonIndex finds by scanning the text
// rather than decoding the document. In YAML a top-level key starts a line.
func isSwagger2(data []byte) bool {
	if isJSON(data) {
		if !swaggerJSON.Match(data) {
			return false
		}
		x := newJSONIndex(data)
		m, ok := x.members(x.skipSpace(0))["swagger"]
		return ok && bytes.HasPrefix(data[m[1]:], []byte(`"2.0"`))
	}
	return swaggerYAML.Match(data)
}

var (
	swaggerJSON = regexp.MustCompile(`"swagger"\s*:\s*"2\.0"`)
	swaggerYAML = regexp.MustCompile(`(?m)^["']?swagger["']?\s*:\s*["']?2\.0`)
)

// quoteVersions turns the document's version numbers into the strings
// OpenAPI types them as, where they are written as numbers: YAML reads
// "openapi: 3.0", "swagger: 2.0" and "info: {version: 1.0}" as numbers,
// which kin-openapi refuses, and hand-written specs often say so. JSON
// numbers keep their text; YAML's integral floats get one decimal.
func quoteVersions(doc any) {
	m, _ := doc.(map[string]any)
	info, _ := m["info"].(map[string]any)
	for _, at := range []struct {
		in  map[string]any
		key string
	}{{m, "openapi"}, {m, "swagger"}, {info, "version"}} {
		var s string
		switch v := at.in[at.key].(type) {
		case json.Number:
			s = v.String()
		case float64:
			if v == math.Trunc(v) && math.Abs(v) < 1e15 {
				s = strconv.FormatFloat(v, 'f', 1, 64)
			} else {
				s = strconv.FormatFloat(v, 'f', -1, 64)
			}
		case int, int64, uint64, bool:
			s = fmt.Sprint(v)
		default:
			continue
		}
		at.in[at.key] = s
	}
}

// decodeTree decodes a document into maps and slices: JSON with
// encoding/json, keeping numbers as written, which is several times faster
// than the YAML parser on a large spec; YAML, and JSON that encoding/json
// rejects, with the YAML parser, whose errors carry a line and column.
func decodeTree(data []byte) (any, error) {
	if isJSON(data) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var tree any
		if err := dec.Decode(&tree); err == nil && !dec.More() {
			return tree, nil
		}
	}
	// Dates stay the strings they are written as, as kin-openapi reads
	// them (an example: 2020-01-01 is not a time.Time).
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.DisableTimestamps(true)
	var tree any
	if err := dec.Decode(&tree); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return normalize(tree), nil
}

// normalize turns what the YAML decoder produces into what encoding/json
// accepts (map[string]any instead of map[any]any).
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = normalize(e)
		}
		return v
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[fmt.Sprint(k)] = normalize(e)
		}
		return m
	case []any:
		for i, e := range v {
			v[i] = normalize(e)
		}
		return v
	}
	return v
}
