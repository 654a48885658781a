package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
)

var versionCommand = &command{
	name:     "version",
	synopsis: "print pagegen's module version and VCS revision",
	usage:    "pagegen version",
	examples: "pagegen version\n# pagegen v0.3.0 go1.26.0\n# pagegen (devel) go1.26.0 a1b2c3d4e5f6 2026-12-05T11:00:00Z modified",
	flags: func(*flag.FlagSet) func(context.Context, *flag.FlagSet, io.Writer, io.Writer) int {
		return func(_ context.Context, fs *flag.FlagSet, stdout, stderr io.Writer) int {
			if code, ok := noArgs(fs, stderr); !ok {
				return code
			}
			fmt.Fprintln(stdout, version())
			return 0
		}
	},
}

// version describes this binary from its build information: the module
// version (a tag, a pseudo-version, or "(devel)" in a build from a clone),
// the Go version, and, when built inside a VCS checkout, the revision,
// its time and whether the tree had local changes.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "pagegen (unknown version: built without module information)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	s := "pagegen " + v + " " + info.GoVersion
	settings := map[string]string{}
	for _, kv := range info.Settings {
		settings[kv.Key] = kv.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		s += " " + rev
		if t := settings["vcs.time"]; t != "" {
			s += " " + t
		}
		if settings["vcs.modified"] == "true" {
			s += " modified"
		}
	}
	return s
}
