package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/pagegen/pagegen/generator"
)

var explainCommand = &command{
	name:     "explain",
	synopsis: "print, for every operation, whether and how it pages, and why",
	usage:    "pagegen explain [-format text|json] [-min-confidence N] -spec FILE|URL [-overlay FILE...] [-client oapi-codegen|ogen -client-import PATH]",
	examples: `pagegen explain -spec api/openapi.yaml
pagegen explain -spec api/openapi.yaml -client oapi-codegen -client-import example.com/app/api
pagegen explain -format json -spec api/openapi.yaml | jq '.operations[] | select(.paginated)'`,
	flags: func(fs *flag.FlagSet) func(context.Context, *flag.FlagSet, io.Writer, io.Writer) int {
		var specs, overlays listFlag
		fs.Var(&specs, "spec", "OpenAPI `spec`, a file or an http(s) URL")
		fs.Var(&overlays, "overlay", "OpenAPI Overlay `file` (repeatable)")
		format := fs.String("format", "text", "output `format`: text or json")
		minConf := fs.Float64("min-confidence", 0, "confidence below which inferred paginators are skipped (default 0.6)")
		client := fs.String("client", "", "also show how each paginator binds to your client: oapi-codegen or ogen")
		clientImport := fs.String("client-import", "", "import `path` of your generated client package (with -client)")
		return func(ctx context.Context, fs *flag.FlagSet, stdout, stderr io.Writer) int {
			if code, ok := noArgs(fs, stderr); !ok {
				return code
			}
			if len(specs) != 1 {
				return usageError(stderr, "explain", "give exactly one -spec")
			}
			if *format != "text" && *format != "json" {
				return usageError(stderr, "explain", "-format must be text or json, not %q", *format)
			}
			cfg := generator.Config{Specs: specs, Overlays: overlays, MinConfidence: *minConf, Client: *client, ClientImport: *clientImport}
			if cfg.ClientImport != "" && !cfg.OverClient() {
				return usageError(stderr, "explain", clientImportAlone)
			}
			apis, err := generator.Build(ctx, cfg)
			if err != nil {
				fmt.Fprintf(stderr, "pagegen: %v\n", err)
				return 1
			}
			ex := generator.Explain(apis[0])
			if cfg.OverClient() {
				b, err := generator.Bind(apis[0], cfg)
				if err != nil {
					fmt.Fprintf(stderr, "pagegen: %v\n", err)
					return 1
				}
				generator.ExplainBinding(&ex, b)
			}
			if *format == "text" {
				generator.WriteText(stdout, ex)
				return 0
			}
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			if err := enc.Encode(ex); err != nil {
				fmt.Fprintf(stderr, "pagegen: %v\n", err)
				return 1
			}
			return 0
		}
	},
}
