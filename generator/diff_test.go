package generator

import (
	"strings"
	"testing"
)

func TestUnifiedDiff(t *testing.T) {
	var a, b []string
	for i := range 40 {
		line := "line " + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		a = append(a, line)
		b = append(b, line)
	}
	b[5] = "changed 5"
	b[30] = "changed 30"
	b = append(b[:20], b[21:]...) // line 21 removed
	got := unifiedDiff("f.go", strings.Join(a, "\n")+"\n", strings.Join(b, "\n")+"\n")
	want := `--- f.go
+++ f.go (generated)
@@ -3,7 +3,7 @@
 line c
 line d
 line e
-line f
+changed 5
 line g
 line h
 line i
@@ -18,7 +18,6 @@
 line r
 line s
 line t
-line u
 line v
 line w
 line x
@@ -28,7 +27,7 @@
 line bx
 line cx
 line dx
-line ex
+changed 30
 line fx
 line gx
 line hx
`
	if got != want {
		t.Errorf("diff:\n%s\nwant:\n%s", got, want)
	}
	if unifiedDiff("f.go", "same\n", "same\n") != "" {
		t.Error("no diff expected for equal inputs")
	}
	if got := unifiedDiff("f.go", "", "new\n"); !strings.Contains(got, "@@ -1,0 +1,1 @@\n+new\n") {
		t.Errorf("new file diff:\n%s", got)
	}
}
