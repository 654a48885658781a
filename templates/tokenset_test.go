package templates

import (
	"slices"
	"testing"
)

func TestTokenSetRoundTrip(t *testing.T) {
	for _, parts := range [][]string{
		{"1!8!cGsx", "1!12!cm93MTA-"},
		{"pk&with=odd chars%", ""},
		{"", "rk"},
		{"a", "b", "c"},
	} {
		token := joinTokenSet(parts...)
		if token == "" {
			t.Fatalf("joinTokenSet(%q) is empty", parts)
		}
		got, err := splitTokenSet(token, len(parts))
		if err != nil || !slices.Equal(got, parts) {
			t.Errorf("splitTokenSet(joinTokenSet(%q)) = %q, %v", parts, got, err)
		}
	}
	if got := joinTokenSet("", ""); got != "" {
		t.Errorf("a set of empty tokens is %q, want \"\": it ends the walk", got)
	}
	for _, bad := range []string{"only-one", "a&b&c", "a&%zz"} {
		if _, err := splitTokenSet(bad, 2); err == nil {
			t.Errorf("splitTokenSet(%q, 2) succeeded", bad)
		}
	}
}
