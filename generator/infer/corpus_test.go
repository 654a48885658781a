package infer_test

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pagegen/pagegen/generator/infer"
	"github.com/pagegen/pagegen/generator/load"
	"github.com/pagegen/pagegen/generator/model"
	"github.com/pagegen/pagegen/testdata/e2e"
)

// The corpus test measures inference against ground truth that pagegen
// never sees: the labelled real specs in ../shared/realspecs and AWS's own
// paginator definitions for the botocore models in ../shared/data. Specs
// are read without annotations of pagegen's own; the Azure ones carry
// x-ms-pageable, which pagegen reads as users have it.
//
// Held-out corpora are scored with the same measure, so misses are fixed in
// the heuristics, never by naming an operation.

const (
	minPrecision     = 0.99
	minRecall        = 0.98
	minFieldAccuracy = 0.98
)

// sharedDir returns ../shared beside the repository, or skips the test
// (fails it when PAGEGEN_REQUIRE_E2E=1) when it is absent.
func sharedDir(t testing.TB) string {
	t.Helper()
	return e2e.Shared(t, "")
}

// opKey names an operation within a corpus.
type opKey struct{ file, id, method string }

func (k opKey) String() string { return k.file + " " + k.id + " " + k.method }

// truth is what ground truth says about a paginated operation's fields:
// the values accepted for each, nil when it does not say.
type truth struct {
	req, resp, items []string
}

type corpus struct {
	name  string
	dir   string
	files []string // spec files, relative to dir
	pos   map[opKey]truth
	aside map[opKey]bool // counted neither for nor against
	// strip names an extension removed from every operation before
	// inference, so that inference alone is measured on a corpus whose
	// truth comes from it.
	strip string
}

// prediction is what pagegen decided about one operation, in the terms the
// ground truth uses.
type prediction struct {
	paginated        bool
	req, resp, items string
	confidence       float64
	// doubtful: inference found pagination below the default threshold,
	// so generate leaves it out; confidence says how sure it was.
	doubtful bool
	// root is the component the response body is, when it is one: botocore's
	// paths start with the payload member that the body is (DistributionList
	// for cloudfront's ListDistributions).
	root string
}

func readTSV(t testing.TB, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var header []string
	var rows []map[string]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		if header == nil {
			header = cols
			continue
		}
		row := map[string]string{}
		for i, h := range header {
			if i < len(cols) {
				row[h] = cols[i]
			}
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// realCorpora reads every folder of realspecs that has ground truth.
func realCorpora(t testing.TB, shared string) []*corpus {
	root := filepath.Join(shared, "realspecs")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var out []*corpus
	for _, e := range entries {
		detail := filepath.Join(root, e.Name(), "paginated_ops_detail.tsv")
		if !e.IsDir() || strings.HasPrefix(e.Name(), "_") {
			continue
		}
		if _, err := os.Stat(detail); err != nil {
			continue
		}
		c := &corpus{name: e.Name(), dir: filepath.Join(root, e.Name()), pos: map[opKey]truth{}, aside: map[opKey]bool{}}
		files := map[string]bool{}
		for _, row := range readTSV(t, detail) {
			files[row["file"]] = true
			c.pos[opKey{row["file"], row["operationId"], row["method"]}] = realTruth(row)
		}
		// Every spec of the folder counts, not only those with paginated
		// operations: the others are where false positives hide. Where a
		// selection.tsv lists the top-level specs, the other files are
		// only what those specs $ref.
		if selected := selection(t, c.dir); selected != nil {
			for _, f := range selected {
				files[f] = true
			}
		} else {
			filepath.WalkDir(c.dir, func(path string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && specExt(path) {
					rel, _ := filepath.Rel(c.dir, path)
					files[filepath.ToSlash(rel)] = true
				}
				return err
			})
		}
		for f := range files {
			c.files = append(c.files, f)
		}
		sort.Strings(c.files)
		if n := countLines(t, filepath.Join(c.dir, "paginated_ops.txt")); n != len(c.pos) {
			t.Fatalf("%s: paginated_ops.txt lists %d operations, paginated_ops_detail.tsv %d", c.name, n, len(c.pos))
		}
		setAsideRelated(t, c)
		out = append(out, c)
		if c.name == "azure-rest" {
			// The truth is the publishers' x-ms-pageable: scored again
			// without it, the corpus measures inference alone. (The
			// AutoRest test fixtures are not: one of their continuation
			// operations takes no link at all, and only its x-ms-pageable
			// says it returns one page.)
			stripped := *c
			stripped.name, stripped.strip = c.name+" (x-ms-pageable stripped)", "x-ms-pageable"
			out = append(out, &stripped)
		}
	}
	return out
}

// setAsideRelated sets aside the look-alikes of not_paginated_but_related.tsv
// that no schema can tell from a pager: single-page lists (x-ms-pageable's
// nextLinkName: null is all that says so) and contested ones (a continuation
// documented without the publisher's x-ms-pageable). They count neither
// way. Continuation operations stay counted: they must not be flagged.
func setAsideRelated(t testing.TB, c *corpus) {
	for _, row := range optionalTSV(t, filepath.Join(c.dir, "not_paginated_but_related.tsv")) {
		if kind := row["kind"]; strings.HasPrefix(kind, "single-page") || strings.HasPrefix(kind, "contested") {
			c.aside[opKey{row["file"], row["operationId"], row["method"]}] = true
		}
	}
}

// selection returns the top-level specs a corpus's selection.tsv lists
// (path in its second column), or nil when it has none.
func selection(t testing.TB, dir string) []string {
	path := filepath.Join(dir, "selection.tsv")
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	var out []string
	for _, row := range readTSV(t, path) {
		for k, v := range row {
			if strings.HasPrefix(k, "path") {
				out = append(out, v)
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s lists no spec", path)
	}
	return out
}

// optionalTSV reads a TSV file that a corpus may lack.
func optionalTSV(t testing.TB, path string) []map[string]string {
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	return readTSV(t, path)
}

func specExt(path string) bool {
	switch filepath.Ext(path) {
	case ".json", ".yaml", ".yml":
		return true
	}
	return false
}

func countLines(t testing.TB, path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return len(strings.Fields(strings.ReplaceAll(string(data), "\t", "_")))
}

// realTruth reads a paginated_ops_detail.tsv row. Its request_params list
// the token (or page, or offset) parameter first; response_next and
// items_path are schema paths with notes in parentheses; "?" is unknown.
func realTruth(row map[string]string) truth {
	var tr truth
	style, resp := row["style"], row["response_next"]
	link := strings.HasPrefix(resp, "Link ")
	switch {
	case strings.Contains(style, "->"):
		// The continuation operation takes the link: where is not stated.
	case row["request_params"] == "-":
		tr.req = []string{"url"}
	default:
		tr.req = []string{strings.Split(row["request_params"], ",")[0]}
		if link {
			tr.req = append(tr.req, "url")
		}
	}
	resp = strings.TrimSpace(cutNote(resp))
	switch {
	case link:
		tr.resp = []string{"header:Link"}
	case strings.HasPrefix(style, "page-number"):
		// A page number needs no token from the response.
	default:
		tr.resp = []string{resp}
	}
	switch items := row["items_path"]; items {
	case "?":
	case "$":
		tr.items = []string{""}
	default:
		tr.items = strings.Split(items, ",")
	}
	return tr
}

// cutNote drops a parenthesized note: "data[-1].id (has_more)".
func cutNote(s string) string {
	if i := strings.Index(s, " ("); i >= 0 {
		return s[:i]
	}
	return s
}

// botocoreCorpus reads AWS's paginators and the look-alikes to set aside.
func botocoreCorpus(t testing.TB, shared string) *corpus {
	dir := filepath.Join(shared, "data", "aws-botocore")
	c := &corpus{name: "aws-botocore", dir: filepath.Join(dir, "specs"), pos: map[opKey]truth{}, aside: map[opKey]bool{}}
	key := func(row map[string]string) opKey {
		return opKey{row["service"] + ".json", row["operationId"], row["method"]}
	}
	body := func(s string) []string {
		var out []string
		for _, alt := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '|' }) {
			out = append(out, strings.TrimPrefix(strings.TrimSpace(alt), "body:"))
		}
		return out
	}
	for _, row := range readTSV(t, filepath.Join(dir, "paginators.tsv")) {
		var req []string
		for _, r := range strings.Split(row["spec_request_token"], ",") {
			// Form fields of query and ec2 bodies are written body:Name.
			req = append(req, r, strings.Replace(r, "body:", "form:", 1))
		}
		c.pos[key(row)] = truth{req: req, resp: body(row["spec_response_token"]), items: body(row["spec_items"])}
	}
	for _, row := range readTSV(t, filepath.Join(dir, "lookalikes.tsv")) {
		c.aside[key(row)] = true
	}
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if specExt(e.Name()) {
			c.files = append(c.files, e.Name())
		}
	}
	return c
}

// predict loads one spec and records pagegen's decision for each operation.
func predict(path, rel, strip string) (map[opKey]prediction, error) {
	spec, err := load.Load(context.Background(), path, nil)
	if err != nil {
		return nil, err
	}
	if strip != "" {
		for _, item := range spec.Doc.Paths.Map() {
			for _, op := range item.Operations() {
				delete(op.Extensions, strip)
			}
		}
	}
	api, err := infer.Build(spec, infer.Options{MinConfidence: infer.DefaultMinConfidence})
	if err != nil {
		return nil, err
	}
	out := map[opKey]prediction{}
	for _, op := range api.Operations {
		p := op.Pagination
		// Pagination found but not generated still counts when it was
		// found at the threshold: the spec declares no items to type
		// (the warning says so), or the schemas contradict the
		// extension that declares it.
		doubtful := false
		if s := op.Skipped; p == nil && s != nil {
			p, doubtful = s, s.Confidence < infer.DefaultMinConfidence
		}
		pr := describe(p)
		if doubtful {
			pr = prediction{doubtful: true, confidence: p.Confidence}
		}
		if r := op.Result; r != nil && r.Type.Kind == model.KindNamed {
			pr.root = r.Type.Named.SchemaName
		}
		out[opKey{rel, op.ID, op.Method}] = pr
	}
	return out, nil
}

// describe renders a decision as the ground truth writes it.
func describe(p *model.Pagination) prediction {
	if p == nil {
		return prediction{}
	}
	pr := prediction{paginated: true, items: p.Items.String(), confidence: p.Confidence, req: p.Position.String()}
	switch {
	case p.Style == model.StyleOffset:
		if p.Total != nil {
			pr.resp = p.Total.String()
		}
	case !p.Style.Counts():
		if len(p.ResponseToken) > 0 {
			pr.resp = p.ResponseToken[0].String()
		} else if p.CursorFrom != "" {
			pr.resp = strings.TrimPrefix(p.Items.String()+"[-1]."+p.CursorFrom, ".")
		}
	}
	return pr
}

// predictAll runs predict over every spec of the corpora, in parallel.
func predictAll(t testing.TB, corpora []*corpus) map[*corpus]map[opKey]prediction {
	type job struct {
		c   *corpus
		rel string
	}
	jobs := make(chan job)
	var mu sync.Mutex
	out := map[*corpus]map[opKey]prediction{}
	var errs []string
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				got, err := predict(filepath.Join(j.c.dir, filepath.FromSlash(j.rel)), j.rel, j.c.strip)
				mu.Lock()
				if err != nil {
					errs = append(errs, fmt.Sprintf("%s: %v", j.c.name, err))
				}
				if out[j.c] == nil {
					out[j.c] = map[opKey]prediction{}
				}
				for k, v := range got {
					out[j.c][k] = v
				}
				mu.Unlock()
			}
		}()
	}
	for _, c := range corpora {
		for _, f := range c.files {
			jobs <- job{c, f}
		}
	}
	close(jobs)
	wg.Wait()
	sort.Strings(errs)
	for _, e := range errs {
		t.Error(e)
	}
	return out
}

// score is one corpus's result.
type score struct {
	specs, ops, truth, flagged, tp, fp, fn, aside int
	asideFlagged                                  int
	fieldOK, fieldN                               [3]int // request token, response token, items
	misses                                        []string
}

func (s *score) precision() float64 { return ratio(s.tp, s.tp+s.fp) }
func (s *score) recall() float64    { return ratio(s.tp, s.tp+s.fn) }
func (s *score) fieldAccuracy() float64 {
	return ratio(s.fieldOK[0]+s.fieldOK[1]+s.fieldOK[2], s.fieldN[0]+s.fieldN[1]+s.fieldN[2])
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func measure(c *corpus, got map[opKey]prediction) *score {
	s := &score{specs: len(c.files), truth: len(c.pos)}
	keys := make([]opKey, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	for _, k := range keys {
		pr := got[k]
		s.ops++
		tr, want := c.pos[k]
		switch {
		case c.aside[k] && !want:
			s.aside++
			if pr.paginated {
				s.asideFlagged++
			}
			continue
		case pr.paginated && want:
			s.tp++
		case pr.paginated:
			s.fp++
			s.misses = append(s.misses, fmt.Sprintf("false positive %s (req %s, resp %s, items %q, confidence %.2f)", k, pr.req, pr.resp, pr.items, pr.confidence))
		case want:
			s.fn++
			s.misses = append(s.misses, "missed "+k.String())
		}
		if pr.paginated {
			s.flagged++
		}
		if !pr.paginated || !want {
			continue
		}
		for i, f := range []struct {
			name   string
			got    string
			accept []string
		}{{"request token", pr.req, tr.req}, {"response token", pr.resp, tr.resp}, {"items", pr.items, tr.items}} {
			if f.accept == nil {
				continue
			}
			s.fieldN[i]++
			if slices.Contains(f.accept, f.got) || pr.root != "" && slices.Contains(f.accept, pr.root+"."+f.got) {
				s.fieldOK[i]++
			} else {
				s.misses = append(s.misses, fmt.Sprintf("wrong %s of %s: %q, want %q", f.name, k, f.got, strings.Join(f.accept, " or ")))
			}
		}
	}
	for k := range c.pos {
		if _, seen := got[k]; !seen {
			s.fn++
			s.misses = append(s.misses, "not in the loaded spec: "+k.String())
		}
	}
	return s
}

// TestCorpus prints, per corpus, detection precision and recall and field
// accuracy, as the README shows them, and fails below the thresholds.
//
// An operation is detected when pagegen decides at the default confidence
// threshold that it pages, whether or not it can generate its paginator
// (Slack's responses that declare no items are reported and skipped).
// Field accuracy counts, over the detected paginated operations, the
// request token, response token and items that match the ground truth,
// where the ground truth states them: for page numbers the page parameter
// (or the next URL, where the truth names a Link header); for offsets the
// offset and the total; for a cursor taken from the last item
// "items[-1].id". Run with -v to see the table and every miss.
func TestCorpus(t *testing.T) {
	shared := sharedDir(t)
	corpora := append(realCorpora(t, shared), botocoreCorpus(t, shared))
	got := predictAll(t, corpora)
	var table strings.Builder
	table.WriteString("| corpus | specs | operations | paginated (truth) | flagged | set aside | precision | recall | request token | response token | items | field accuracy |\n")
	table.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	var notes []string
	for _, c := range corpora {
		s := measure(c, got[c])
		if s.aside > 0 {
			notes = append(notes, fmt.Sprintf("%s: of the %d look-alikes set aside, pagegen flags %d.", c.name, s.aside, s.asideFlagged))
		}
		fmt.Fprintf(&table, "| %s | %d | %d | %d | %d | %d | %.3f | %.3f | %s | %s | %s | %.3f |\n",
			c.name, s.specs, s.ops, s.truth, s.flagged, s.aside, s.precision(), s.recall(),
			fieldCell(s, 0), fieldCell(s, 1), fieldCell(s, 2), s.fieldAccuracy())
		for _, m := range s.misses {
			t.Logf("%s: %s", c.name, m)
		}
		if s.precision() < minPrecision || s.recall() < minRecall || s.fieldAccuracy() < minFieldAccuracy {
			t.Errorf("%s: precision %.3f (min %.2f), recall %.3f (min %.2f), field accuracy %.3f (min %.2f)",
				c.name, s.precision(), minPrecision, s.recall(), minRecall, s.fieldAccuracy(), minFieldAccuracy)
		}
	}
	t.Logf("\n%s\n%s", table.String(), strings.Join(notes, "\n"))
	checkCalibration(t, corpora, got)
}

// A calibration bucket counts the operations inference found with a
// confidence in [lo, hi), and how many of them the ground truth lists.
type bucket struct {
	lo, hi         float64
	found, correct int
}

// checkCalibration prints, over every corpus, the share of the operations
// found at each confidence that truly page, and fails unless the ones below
// the default threshold, which generate leaves out, are the doubtful ones:
// a smaller share of them pages than of any bucket above it. Look-alikes
// set aside count neither way.
func checkCalibration(t *testing.T, corpora []*corpus, got map[*corpus]map[opKey]prediction) {
	t.Helper()
	buckets := []*bucket{
		{lo: 0, hi: infer.DefaultMinConfidence}, {lo: infer.DefaultMinConfidence, hi: 0.7},
		{lo: 0.7, hi: 0.8}, {lo: 0.8, hi: 0.9}, {lo: 0.9, hi: 1}, {lo: 1, hi: 1.01},
	}
	for _, c := range corpora {
		for k, pr := range got[c] {
			if !pr.paginated && !pr.doubtful || c.aside[k] && !hasKey(c.pos, k) {
				continue
			}
			for _, b := range buckets {
				if pr.confidence >= b.lo && pr.confidence < b.hi {
					b.found++
					if hasKey(c.pos, k) {
						b.correct++
					}
				}
			}
		}
	}
	var table strings.Builder
	table.WriteString("| confidence | found | truly paginated | share correct |\n|---|---:|---:|---:|\n")
	for _, b := range buckets {
		label := fmt.Sprintf("%.2f–%.2f", b.lo, b.hi)
		switch {
		case b.lo == 0:
			label = fmt.Sprintf("below %.2f (not generated)", b.hi)
		case b.lo == 1:
			label = "1.00 (declared)"
		}
		fmt.Fprintf(&table, "| %s | %d | %d | %.3f |\n", label, b.found, b.correct, ratio(b.correct, b.found))
	}
	t.Logf("calibration over every corpus:\n%s", table.String())
	below := buckets[0]
	for _, b := range buckets[1:] {
		if b.found > 0 && below.found > 0 && ratio(below.correct, below.found) >= ratio(b.correct, b.found) {
			t.Errorf("operations below %.2f are right as often (%.3f) as those in [%.2f, %.2f) (%.3f): the threshold does not set the doubtful ones apart",
				below.hi, ratio(below.correct, below.found), b.lo, b.hi, ratio(b.correct, b.found))
		}
	}
}

func hasKey(m map[opKey]truth, k opKey) bool {
	_, ok := m[k]
	return ok
}

func fieldCell(s *score, i int) string {
	return fmt.Sprintf("%d/%d", s.fieldOK[i], s.fieldN[i])
}
