package generator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/generator"
)

// TestExplainTokenSet: explain lists every token of a token set, in JSON
// and in text, with request_token and response_token its first.
func TestExplainTokenSet(t *testing.T) {
	apis, err := generator.Build(context.Background(), generator.Config{Specs: []string{"../specs/azure.yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	ex := generator.Explain(apis[0])
	var got string
	for _, op := range ex.Operations {
		if op.OperationID != "Entities_Query" {
			continue
		}
		b, err := json.Marshal(struct {
			RequestToken any `json:"request_token"`
			TokenSet     any `json:"token_set"`
		}{op.RequestToken, op.TokenSet})
		if err != nil {
			t.Fatal(err)
		}
		got = string(b)
	}
	want := `{"request_token":{"in":"query","name":"NextPartitionKey"},"token_set":[` +
		`{"request":{"in":"query","name":"NextPartitionKey"},"response":["header:x-ms-continuation-NextPartitionKey"]},` +
		`{"request":{"in":"query","name":"NextRowKey"},"response":["header:x-ms-continuation-NextRowKey"]}]}`
	if got != want {
		t.Errorf("Entities_Query:\n got %s\nwant %s", got, want)
	}
	var text bytes.Buffer
	generator.WriteText(&text, ex)
	if line := "and token:      query:NextRowKey ← header:x-ms-continuation-NextRowKey"; !strings.Contains(text.String(), line) {
		t.Errorf("explain's text lacks %q", line)
	}
}
