package generator_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/generator"
)

// For offset and page styles, request_token names the input that carries
// the position, as it does for tokens.
func TestExplainPositionInputs(t *testing.T) {
	apis, err := generator.Build(context.Background(), generator.Config{Specs: []string{"../testdata/golden/offset/spec.yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	ex := generator.Explain(apis[0])
	want := map[string]string{"listRows": "offset query:offset", "listPages": "page query:page"}
	for _, op := range ex.Operations {
		w, ok := want[op.OperationID]
		if !ok {
			continue
		}
		delete(want, op.OperationID)
		if op.RequestToken == nil {
			t.Errorf("%s: request_token is null, want %s", op.OperationID, w)
			continue
		}
		if got := *op.Style + " " + op.RequestToken.In + ":" + op.RequestToken.Name; got != w {
			t.Errorf("%s: style and request_token %q, want %q", op.OperationID, got, w)
		}
	}
	if len(want) > 0 {
		t.Errorf("operations not explained: %v", want)
	}
	var text bytes.Buffer
	generator.WriteText(&text, ex)
	for _, line := range []string{"  offset:         query:offset\n", "  page:           query:page\n"} {
		if !strings.Contains(text.String(), line) {
			t.Errorf("text explanation lacks %q:\n%s", line, text.String())
		}
	}
}
