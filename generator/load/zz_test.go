package load

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"testing"
	"time"
)

func TestZZLoad(t *testing.T) {
	data, _ := os.ReadFile("/work/shared/realspecs/stripe/spec3.json")
	for i := 0; i < 3; i++ {
		t0 := time.Now()
		var top map[string]json.RawMessage
		json.Unmarshal(data, &top)
		t1 := time.Now()
		doc, err := decodeJSON(data)
		if err != nil {
			t.Fatal(err)
		}
		t2 := time.Now()
		if err := newLoader(context.Background(), readLocalFile).ResolveRefsIn(doc, &url.URL{Path: "/work/shared/realspecs/stripe/spec3.json"}); err != nil {
			t.Fatal(err)
		}
		t3 := time.Now()
		_, err = Load(context.Background(), "/work/shared/realspecs/stripe/spec3.json", nil)
		t4 := time.Now()
		t.Logf("top %v decode %v resolve %v load %v", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3))
	}
}
