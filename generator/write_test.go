package generator_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/generator"
	"github.com/pagegen/pagegen/generator/emit"
)

func generated(name, body string) emit.File {
	return emit.File{Name: name, Content: []byte(emit.Header + "\n\npackage p\n" + body)}
}

func TestUpdateReportsChanges(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	first := []emit.File{generated("a.go", ""), generated("b.go", ""), generated("c.go", "")}
	ch, err := generator.Update(dir, first)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a.go", "b.go", "c.go"}; !reflect.DeepEqual(ch.Written, want) || ch.Unchanged != nil || ch.Removed != nil {
		t.Errorf("first run: %+v", ch)
	}
	ch, err = generator.Update(dir, []emit.File{generated("a.go", ""), generated("b.go", "// changed\n")})
	if err != nil {
		t.Fatal(err)
	}
	want := generator.Changes{Written: []string{"b.go"}, Unchanged: []string{"a.go"}, Removed: []string{"c.go"}}
	if !reflect.DeepEqual(ch, want) {
		t.Errorf("second run: %+v, want %+v", ch, want)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("left behind: %v", entries)
	}
}

// A file in the way that pagegen did not write stops the run before
// anything is written, and the error names it.
func TestUpdateRefusesUserFiles(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "types.go")
	os.WriteFile(mine, []byte("package p\n\n// Mine is hand-written.\ntype Mine int\n"), 0o644)
	_, err := generator.Update(dir, []emit.File{generated("a.go", ""), generated("types.go", "")})
	if err == nil || !strings.Contains(err.Error(), mine) || !strings.Contains(err.Error(), "refusing to overwrite") {
		t.Fatalf("error %v, want a refusal naming %s", err, mine)
	}
	if data, _ := os.ReadFile(mine); !strings.Contains(string(data), "hand-written") {
		t.Error("the user's file was changed")
	}
	if _, err := os.Stat(filepath.Join(dir, "a.go")); !os.IsNotExist(err) {
		t.Error("a.go was written before the refusal")
	}
}
