package load

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const remoteSpec = `openapi: 3.0.3
info: {title: remote, version: "1"}
paths:
  /things:
    get:
      operationId: ListThings
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "schemas/things.yaml#/Things"}
`

const remoteSchemas = `Things:
  type: object
  properties:
    items: {type: array, items: {type: string}}
`

// specServer serves the spec at /api/openapi.yaml and the file its
// relative $ref names at /api/schemas/things.yaml.
func specServer(t *testing.T, spec string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/openapi.yaml":
			w.Write([]byte(spec))
		case "/api/schemas/things.yaml":
			w.Write([]byte(remoteSchemas))
		case "/slow.yaml":
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		case "/huge.yaml":
			w.Write([]byte(spec + strings.Repeat("#", 4096)))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestLoadURL(t *testing.T) {
	srv := specServer(t, remoteSpec)
	spec, err := Load(context.Background(), srv.URL+"/api/openapi.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	schema := spec.Doc.Paths.Find("/things").Get.Responses.Status(200).Value.Content.Get("application/json").Schema
	if schema.Value == nil || schema.Value.Properties["items"] == nil {
		t.Fatalf("the relative $ref was not resolved against the URL: %+v", schema)
	}
}

func TestLoadURLErrors(t *testing.T) {
	srv := specServer(t, remoteSpec)
	other := specServer(t, remoteSpec)
	defer func(timeout time.Duration, size int64) { fetchTimeout, maxFetchBytes = timeout, size }(fetchTimeout, maxFetchBytes)
	fetchTimeout, maxFetchBytes = 200*time.Millisecond, int64(len(remoteSpec)+1024)

	for name, tc := range map[string]struct{ url, want string }{
		"not found": {srv.URL + "/api/nope.yaml", "404 Not Found"},
		"timeout":   {srv.URL + "/slow.yaml", "context deadline exceeded"},
		"too large": {srv.URL + "/huge.yaml", "larger than"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Load(context.Background(), tc.url, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.url) {
				t.Errorf("error %v, want one naming %s and containing %q", err, tc.url, tc.want)
			}
		})
	}

	// A fetched spec may refer only to its own origin: no local files, no
	// other hosts.
	for name, ref := range map[string]string{
		"local file": "file:///etc/passwd",
		"other host": other.URL + "/api/schemas/things.yaml",
	} {
		t.Run(name, func(t *testing.T) {
			evil := specServer(t, strings.Replace(remoteSpec, "schemas/things.yaml", ref, 1))
			_, err := Load(context.Background(), evil.URL+"/api/openapi.yaml", nil)
			if err == nil || !strings.Contains(err.Error(), "may refer only to documents there") {
				t.Errorf("error %v, want a refusal", err)
			}
		})
	}

	// Nor by a redirect.
	t.Run("redirect to other host", func(t *testing.T) {
		evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/api/openapi.yaml" {
				w.Write([]byte(remoteSpec))
				return
			}
			http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
		}))
		defer evil.Close()
		_, err := Load(context.Background(), evil.URL+"/api/openapi.yaml", nil)
		if err == nil || !strings.Contains(err.Error(), "may refer only to documents there") {
			t.Errorf("error %v, want a refusal", err)
		}
	})
}

const remoteSwagger2 = `swagger: "2.0"
info: {title: remote, version: "1"}
paths:
  /things:
    get:
      operationId: ListThings
      responses:
        "200":
          description: OK
          schema: {$ref: "REF"}
`

// A Swagger 2.0 spec fetched from a URL is bundled from its origin as an
// OpenAPI 3 one is loaded: relative $refs are resolved against the URL,
// and nothing is read from the local disk or other hosts.
func TestLoadURLSwagger2(t *testing.T) {
	srv := specServer(t, strings.Replace(remoteSwagger2, "REF", "schemas/things.yaml#/Things", 1))
	spec, err := Load(context.Background(), srv.URL+"/api/openapi.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if s := spec.Doc.Components.Schemas["Things"]; s == nil || s.Value.Properties["items"] == nil {
		t.Fatalf("the relative $ref was not resolved against the URL: %v", keysOf(spec.Doc.Components.Schemas))
	}

	local := filepath.Join(t.TempDir(), "secret.yaml")
	if err := os.WriteFile(local, []byte("Secret: {type: object}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	other := specServer(t, remoteSpec)
	for name, tc := range map[string]struct{ ref, want string }{
		"local path": {filepath.ToSlash(local) + "#/Secret", "404 Not Found"},
		"local file": {"file://" + filepath.ToSlash(local) + "#/Secret", "may refer only to documents there"},
		"other host": {other.URL + "/api/schemas/things.yaml#/Things", "may refer only to documents there"},
	} {
		t.Run(name, func(t *testing.T) {
			evil := specServer(t, strings.Replace(remoteSwagger2, "REF", tc.ref, 1))
			_, err := Load(context.Background(), evil.URL+"/api/openapi.yaml", nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
