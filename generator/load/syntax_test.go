package load

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestSyntaxErrorPositions loads broken YAML and JSON specs and wants the
// place where the text goes wrong, line and column, not the line the YAML
// parser names (for an error inside a block, the block's first line).
func TestSyntaxErrorPositions(t *testing.T) {
	const head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
	for name, tc := range map[string]struct {
		spec string
		want string // the error's position and message, as printed
	}{
		"dash indicator.yaml": {
			spec: head + "paths:\n  /a:\n    get:\n      tags:\n        - a\n        - b\n      - c\n      responses: {}\n",
			want: "dash indicator.yaml:9:7: did not find expected key (in the block that starts on line 6)",
		},
		"list then key.yaml": {
			spec: head + "tags:\n  - name: a\n  - name: b\n  x: 1\npaths: {}\n",
			want: "list then key.yaml:6:3: did not find expected '-' indicator (in the block that starts on line 4)",
		},
		"indented key.yaml": {
			spec: head + "paths:\n  /a:\n    get: {}\n   /b: {}\n",
			want: "indented key.yaml:6:4: did not find expected key (in the block that starts on line 4)",
		},
		"first line.yaml": {
			spec: ": openapi 3.0.3\npaths: {}\n",
			want: "first line.yaml:1:1: did not find expected key",
		},
		"colon.yaml": {
			spec: head + "paths:\n  /a: b: c\n",
			want: "colon.yaml:4:8: mapping values are not allowed in this context",
		},
		"tab.yaml": {
			spec: head + "paths:\n\t/a: {}\n",
			want: "tab.yaml:4:1: found character that cannot start any token",
		},
		"missing comma.json": {
			spec: "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\", \"version\": \"1\"}\n  \"paths\": {}\n}\n",
			want: "missing comma.json:4:3: invalid character '\"' after object key:value pair",
		},
		"missing colon.json": {
			spec: "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\n    \"/a\" {}\n  }\n}\n",
			want: "missing colon.json:4:10: invalid character '{' after object key",
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{name: tc.spec})
			_, err := Load(context.Background(), filepath.Join(dir, name), nil)
			if err == nil {
				t.Fatal("loaded a broken spec")
			}
			if got := strings.TrimPrefix(err.Error(), dir+string(filepath.Separator)); got != tc.want {
				t.Errorf("error\n %s\nwant\n %s", got, tc.want)
			}
		})
	}
}
