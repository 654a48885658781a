package naming

import "strings"

// GoFile returns the name of a file of declarations for the Go name name:
// prefix and name in snake case, with ".go", unique in files (compared in
// lower case, as snake case is). A name the go tool would read as a test
// file or as a build constraint gets "_op" added: op_list_linux.go would
// build only on Linux, op_get_windows.go never here.
func GoFile(prefix, name string, files *Set) string {
	stem := prefix + Snake(name)
	if constrained(stem) {
		stem += "_op"
	}
	return files.Unique(stem, "_op") + ".go"
}

// constrained reports whether a file stem ends in a part the go tool reads
// from file names: _test, _GOOS, _GOARCH.
func constrained(stem string) bool {
	i := strings.LastIndexByte(stem, '_')
	if i < 0 {
		return false
	}
	last := stem[i+1:]
	return last == "test" || knownOS[last] || knownArch[last]
}

// knownOS and knownArch are the GOOS and GOARCH values go/build knows,
// past and present.
var knownOS = map[string]bool{
	"aix": true, "android": true, "darwin": true, "dragonfly": true, "freebsd": true, "hurd": true,
	"illumos": true, "ios": true, "js": true, "linux": true, "nacl": true, "netbsd": true,
	"openbsd": true, "plan9": true, "solaris": true, "wasip1": true, "windows": true, "zos": true,
}

var knownArch = map[string]bool{
	"386": true, "amd64": true, "amd64p32": true, "arm": true, "armbe": true, "arm64": true,
	"arm64be": true, "loong64": true, "mips": true, "mipsle": true, "mips64": true, "mips64le": true,
	"mips64p32": true, "mips64p32le": true, "ppc": true, "ppc64": true, "ppc64le": true,
	"riscv": true, "riscv64": true, "s390": true, "s390x": true, "sparc": true, "sparc64": true,
	"wasm": true,
}
