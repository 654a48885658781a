package infer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// A restarted walk finds its place again by the last items it returned,
// known by their key. Where the annotation names none, the item schema
// often makes one evident: these are the kinds of property that identify
// an item, best first.
var keyKinds = []struct {
	what  string // the kind, with its article, for the reason
	match func(name string) bool
}{
	{"an id", func(n string) bool { return strings.EqualFold(n, "id") }},
	{"an …Id", func(n string) bool {
		return strings.HasSuffix(n, "Id") || strings.HasSuffix(n, "ID") || strings.HasSuffix(strings.ToLower(n), "_id")
	}},
	{"an Arn", func(n string) bool {
		return strings.EqualFold(n, "arn") || strings.HasSuffix(n, "Arn") || strings.HasSuffix(n, "ARN") || strings.HasSuffix(strings.ToLower(n), "_arn")
	}},
	{"a Key", func(n string) bool { return n == "Key" }}, // S3 objects and versions
	{"a name", func(n string) bool { return strings.EqualFold(n, "name") }},
}

// inferKey picks the item property that identifies an item: a string or
// integer property of the best kind in keyKinds. Of several of that kind it
// takes the one named after the item schema (OrderId for Order), and none
// when that does not settle it. reason says why, for explain.
func inferKey(item *openapi3.SchemaRef) (name, reason string) {
	item = deref(item)
	if item == nil || item.Value == nil {
		return "", ""
	}
	var props []string
	all, _ := flatten(item.Value)
	for _, p := range all {
		if isType(property(item.Value, p.name, 0), "string", "integer") {
			props = append(props, p.name)
		}
	}
	schemaName := strings.ToLower(componentName(item.Ref))
	for _, kind := range keyKinds {
		found := slices.DeleteFunc(slices.Clone(props), func(n string) bool { return !kind.match(n) })
		if len(found) > 1 && schemaName != "" {
			found = slices.DeleteFunc(found, func(n string) bool { return !strings.Contains(strings.ToLower(n), schemaName) })
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], fmt.Sprintf("key %s: inferred from the item schema (%s property)", found[0], kind.what)
		}
		return "", ""
	}
	return "", ""
}
