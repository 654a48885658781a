package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// Limits on fetching a spec given as an http(s) URL, and the files its
// relative $refs name. A spec server that hangs or streams without end
// must not hang or exhaust the generator.
var (
	fetchTimeout  = 30 * time.Second // for each request, body included
	maxFetchBytes = int64(64 << 20)  // for each document; Stripe's spec is 4 MB
)

// IsURL reports whether a spec argument names an http(s) URL rather than
// a file.
func IsURL(path string) bool {
	return strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://")
}

// readSpec reads the spec at path: a file, or an http(s) URL.
func readSpec(ctx context.Context, path string) ([]byte, error) {
	if !IsURL(path) {
		return os.ReadFile(path)
	}
	u, err := url.Parse(path)
	if err != nil {
		return nil, err
	}
	return fetch(ctx, http.DefaultClient, u)
}

// fetch GETs u with client, within fetchTimeout and maxFetchBytes.
func fetch(ctx context.Context, client *http.Client, u *url.URL) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/yaml, application/json;q=0.9, */*;q=0.8")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", u.Redacted(), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetching %s: %s", u.Redacted(), resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxFetchBytes+1))
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", u.Redacted(), err)
	}
	if int64(len(data)) > maxFetchBytes {
		return nil, fmt.Errorf("fetching %s: larger than %d bytes", u.Redacted(), maxFetchBytes)
	}
	return data, nil
}

// specLocation is the URL the loader resolves the spec's relative $refs
// against.
func specLocation(path string) (*url.URL, error) {
	if IsURL(path) {
		return url.Parse(path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	return &url.URL{Path: filepath.ToSlash(abs)}, nil
}

// refReader returns how the loader reads the documents a spec's $refs
// name. A local spec's references are read from disk only: a spec from an
// untrusted source must not make the generator fetch URLs. A spec fetched
// from a URL is read from that URL's origin (scheme, host and port) only:
// it must not make the generator read local files, nor reach other hosts.
func refReader(ctx context.Context, path string) openapi3.ReadFromURIFunc {
	if !IsURL(path) {
		return readLocalFile
	}
	origin, err := url.Parse(path)
	elsewhere := func(what string, u *url.URL) error {
		if u.Scheme == origin.Scheme && u.Host == origin.Host {
			return nil
		}
		return fmt.Errorf("%s %s: a spec fetched from %s://%s may refer only to documents there", what, u.Redacted(), origin.Scheme, origin.Host)
	}
	// Redirects are followed within the origin only.
	client := &http.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return elsewhere("redirect to", req.URL)
	}}
	return func(_ *openapi3.Loader, location *url.URL) ([]byte, error) {
		if err != nil {
			return nil, err
		}
		if err := elsewhere("reference to", location); err != nil {
			return nil, err
		}
		data, err := fetch(ctx, client, location)
		if err != nil {
			return nil, err
		}
		return stripBOM(data), nil
	}
}
