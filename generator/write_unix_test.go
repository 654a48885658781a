//go:build unix

package generator_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/pagegen/pagegen/generator"
	"github.com/pagegen/pagegen/generator/emit"
)

// Generated files are as readable as any file the user creates: 0666 less
// the umask, not os.CreateTemp's 0600.
func TestUpdateFileMode(t *testing.T) {
	for _, umask := range []int{0o022, 0o027} {
		old := syscall.Umask(umask)
		dir := filepath.Join(t.TempDir(), "p")
		_, err := generator.Update(dir, []emit.File{generated("a.go", "")})
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		info, err := os.Stat(filepath.Join(dir, "a.go"))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := info.Mode().Perm(), os.FileMode(0o666&^umask); got != want {
			t.Errorf("umask %03o: mode %v, want %v", umask, got, want)
		}
	}
}
