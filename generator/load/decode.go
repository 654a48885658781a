package load

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/pagegen/pagegen/generator/internal/parallel"
)

// decodeJSON decodes an OpenAPI 3 document written as JSON, each part of
// it once. kin-openapi's own decoding reads large specs several times over:
// the document and its components are decoded a second time into generic
// maps to collect extensions, and every path item is decoded into a map,
// encoded again and decoded once more. Here the document is split into its
// top-level members, path items and components, and those are decoded by
// kin-openapi's own UnmarshalJSON methods, as many at once as there are
// CPUs. References are left for the loader to resolve.
//
// Any error sends the caller back to kin-openapi's loader, whose messages
// the positioned errors are built from.
func decodeJSON(data []byte) (*openapi3.T, []repair, error) {
	top, err := objectMembers(data)
	if err != nil {
		return nil, nil, err
	}
	pathsRaw, hasPaths := top["paths"]
	compsRaw, hasComps := top["components"]
	delete(top, "paths")
	delete(top, "components")
	if err := quoteVersionMembers(top); err != nil {
		return nil, nil, err
	}
	rest, err := json.Marshal(top)
	if err != nil {
		return nil, nil, err
	}
	doc := &openapi3.T{}
	if err := doc.UnmarshalJSON(rest); err != nil {
		return nil, nil, err
	}
	var jobs decodeJobs
	var log repairLog
	if hasPaths && !isNull(pathsRaw) {
		if doc.Paths, err = decodePaths(pathsRaw, &jobs, &log); err != nil {
			return nil, nil, err
		}
	}
	if hasComps && !isNull(compsRaw) {
		if doc.Components, err = decodeComponents(compsRaw, &jobs, &log); err != nil {
			return nil, nil, err
		}
	}
	if err := jobs.run(); err != nil {
		return nil, nil, err
	}
	return doc, log.sorted(), nil
}

// quoteVersionMembers applies quoteVersions to the members of a document
// split by objectMembers.
func quoteVersionMembers(top map[string]json.RawMessage) error {
	head := map[string]any{}
	for _, k := range []string{"openapi", "info"} {
		if raw, ok := top[k]; ok {
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.UseNumber()
			var v any
			if err := dec.Decode(&v); err != nil {
				return err
			}
			head[k] = v
		}
	}
	quoteVersions(head)
	for k, v := range head {
		raw, err := json.Marshal(v)
		if err != nil {
			return err
		}
		top[k] = raw
	}
	return nil
}

// decodeJobs are decodings of independent parts of a document.
type decodeJobs []func() error

// run runs the jobs on as many goroutines as there are CPUs and returns
// the first error.
func (jobs decodeJobs) run() error {
	errs := make([]error, len(jobs))
	parallel.Do(len(jobs), func(i int) { errs[i] = jobs[i]() })
	return errors.Join(errs...)
}

// decodePaths decodes the paths object: path items as jobs, extensions
// (x- keys) at once, as Paths.UnmarshalJSON does.
func decodePaths(raw json.RawMessage, jobs *decodeJobs, log *repairLog) (*openapi3.Paths, error) {
	members, err := objectMembers(raw)
	if err != nil {
		return nil, err
	}
	paths := openapi3.NewPathsWithCapacity(len(members))
	paths.Extensions = map[string]any{}
	for key, value := range members {
		if strings.HasPrefix(key, "x-") {
			var ext any
			if err := json.Unmarshal(value, &ext); err != nil {
				return nil, err
			}
			paths.Extensions[key] = ext
			continue
		}
		item := &openapi3.PathItem{}
		paths.Set(key, item)
		*jobs = append(*jobs, func() error { return splitDecode(value, item, (*splitter).pathItem, []string{"paths", key}, log) })
	}
	return paths, nil
}

// decodeComponents decodes the components object: each named component
// as a job, anything else (extensions) at once, as
// Components.UnmarshalJSON does.
func decodeComponents(raw json.RawMessage, jobs *decodeJobs, log *repairLog) (*openapi3.Components, error) {
	sections, err := objectMembers(raw)
	if err != nil {
		return nil, err
	}
	c := &openapi3.Components{}
	for name, value := range sections {
		switch name {
		case "schemas":
			c.Schemas, err = decodeNamed[openapi3.SchemaRef](value, jobs, componentSplits[name], []string{"components", name}, log)
		case "parameters":
			c.Parameters, err = decodeNamed[openapi3.ParameterRef](value, jobs, componentSplits[name], []string{"components", name}, log)
		case "headers":
			c.Headers, err = decodeNamed[openapi3.HeaderRef](value, jobs, componentSplits[name], []string{"components", name}, log)
		case "requestBodies":
			c.RequestBodies, err = decodeNamed[openapi3.RequestBodyRef](value, jobs, componentSplits[name], []string{"components", name}, log)
		case "responses":
			c.Responses, err = decodeNamed[openapi3.ResponseRef](value, jobs, componentSplits[name], []string{"components", name}, log)
		case "securitySchemes":
			c.SecuritySchemes, err = decodeNamed[openapi3.SecuritySchemeRef](value, jobs, nil, []string{"components", name}, log)
		case "examples":
			c.Examples, err = decodeNamed[openapi3.ExampleRef](value, jobs, nil, []string{"components", name}, log)
		case "links":
			c.Links, err = decodeNamed[openapi3.LinkRef](value, jobs, nil, []string{"components", name}, log)
		case "callbacks":
			c.Callbacks, err = decodeNamed[openapi3.CallbackRef](value, jobs, componentSplits[name], []string{"components", name}, log)
		default:
			var ext any
			if err = json.Unmarshal(value, &ext); err == nil {
				if c.Extensions == nil {
					c.Extensions = map[string]any{}
				}
				c.Extensions[name] = ext
			}
		}
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

// decodeNamed splits a map of components and adds a job decoding each,
// with splitDecode when split is given.
func decodeNamed[V any, P interface {
	*V
	json.Unmarshaler
}](raw json.RawMessage, jobs *decodeJobs, split func(*splitter, any) any, at []string, log *repairLog) (map[string]*V, error) {
	if isNull(raw) {
		return nil, nil
	}
	members, err := objectMembers(raw)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*V, len(members))
	for key, value := range members {
		if isNull(value) {
			out[key] = nil
			continue
		}
		v := new(V)
		out[key] = v
		*jobs = append(*jobs, func() error {
			if split == nil {
				return P(v).UnmarshalJSON(value)
			}
			return splitDecode(value, P(v), split, append(slices.Clone(at), key), log)
		})
	}
	return out, nil
}

// objectMembers splits the JSON object data into its members' texts, as
// json.Unmarshal into a map of json.RawMessage does (the last of a
// repeated key wins), in one pass: the values are not checked here, as
// each is decoded, and so checked, on its own.
func objectMembers(data []byte) (map[string]json.RawMessage, error) {
	x := &jsonIndex{data: data}
	bad := func(i int) error { return fmt.Errorf("invalid JSON object at offset %d", i) }
	i := x.skipSpace(0)
	if i >= len(data) || data[i] != '{' {
		return nil, bad(i)
	}
	out := map[string]json.RawMessage{}
	i = x.skipSpace(i + 1)
	if i < len(data) && data[i] == '}' {
		return out, x.trailing(i + 1)
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return nil, bad(i)
		}
		end, closed := x.stringEnd(i)
		if !closed {
			return nil, bad(i)
		}
		var key string
		if err := json.Unmarshal(data[i:end], &key); err != nil {
			return nil, err
		}
		if i = x.skipSpace(end); i >= len(data) || data[i] != ':' {
			return nil, bad(i)
		}
		start := x.skipSpace(i + 1)
		end = x.skipValue(start)
		if end == start {
			return nil, bad(start)
		}
		if prev, dup := out[key]; dup && !json.Valid(prev) {
			// Replaced, prev would never be decoded: check it here.
			return nil, bad(start)
		}
		out[key] = data[start:end]
		switch i = x.skipSpace(end); {
		case i < len(data) && data[i] == ',':
			i = x.skipSpace(i + 1)
		case i < len(data) && data[i] == '}':
			return out, x.trailing(i + 1)
		default:
			return nil, bad(i)
		}
	}
}

func isNull(raw json.RawMessage) bool {
	return bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

// decodeSwagger2 decodes a prepared Swagger 2.0 document the way
// decodeJSON does an OpenAPI 3 one: openapi2.T's UnmarshalJSON decodes the
// whole document twice (the second time for extensions), and each path
// item and schema below it does the same, so here the path items and
// definitions are encoded and decoded each on its own, as many at once as
// there are CPUs, and the rest of the document by openapi2.T.
func decodeSwagger2(tree map[string]any) (*openapi2.T, error) {
	rest := maps.Clone(tree)
	delete(rest, "paths")
	delete(rest, "definitions")
	data, err := json.Marshal(rest)
	if err != nil {
		return nil, err
	}
	doc := &openapi2.T{}
	if err := doc.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	var jobs decodeJobs
	if doc.Paths, err = decodeTreeNamed[openapi2.PathItem](tree["paths"], &jobs, "paths"); err != nil {
		return nil, err
	}
	if doc.Definitions, err = decodeTreeNamed[openapi2.SchemaRef](tree["definitions"], &jobs, "definitions"); err != nil {
		return nil, err
	}
	return doc, jobs.run()
}

// decodeTreeNamed adds a job decoding each member of v, a decoded map of
// named objects, the document's member section; nil when v is absent or
// null. An error is placed at the member.
func decodeTreeNamed[V any, P interface {
	*V
	json.Unmarshaler
}](v any, jobs *decodeJobs, section string) (map[string]*V, error) {
	if v == nil {
		return nil, nil
	}
	members, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%T where an object of named members belongs", v)
	}
	out := make(map[string]*V, len(members))
	for key, value := range members {
		if value == nil {
			out[key] = nil
			continue
		}
		p := new(V)
		out[key] = p
		*jobs = append(*jobs, func() error {
			data, err := json.Marshal(value)
			if err == nil {
				err = P(p).UnmarshalJSON(data)
			}
			if err != nil {
				return &pointerError{[]string{section, key}, "", err}
			}
			return nil
		})
	}
	return out, nil
}
