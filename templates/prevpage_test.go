package templates

import (
	"slices"
	"strconv"
	"testing"
)

// TestPrevPageAfterRestart: a walk that restarted drops, by key, the items
// it had returned before the restart. Stepping back with prevPage must not
// make it drop the items of the page nextPage then returns again.
func TestPrevPageAfterRestart(t *testing.T) {
	api := newFakeAPI(map[string]page[int]{
		"":  pg("A", []int{1, 2}),
		"A": pg("B", []int{3, 4}),
		"B": pg("C", []int{5, 6}),
		"C": pg("", []int{7}),
	})
	api.failWith("A", apiErr(400, "InvalidNextToken", ""))
	spec := api.spec()
	spec.key = strconv.Itoa
	p := newPager(spec, fastOpts())
	ctx := t.Context()
	steps := []struct {
		back bool
		want []int
	}{
		{false, []int{1, 2}},
		{false, nil}, // A is rejected; the restarted walk drops 1 and 2
		{false, []int{3, 4}},
		{false, []int{5, 6}},
		{true, []int{3, 4}},
		{false, []int{5, 6}}, // was dropped as already returned
		{true, []int{3, 4}},
		{true, []int{1, 2}},
		{false, []int{3, 4}},
		{false, []int{5, 6}},
		{false, []int{7}},
	}
	for i, s := range steps {
		step := p.nextPage
		if s.back {
			step = p.prevPage
		}
		got, err := step(ctx)
		if err != nil || !slices.Equal(got.items, s.want) {
			t.Fatalf("step %d (back %v) = %v, %v; want %v", i, s.back, got.items, err, s.want)
		}
	}
	if p.hasMorePages() {
		t.Error("hasMorePages after the last page")
	}
}

// TestPrevPageAfterRestartSeeking: a restarted walk drops what comes before
// its place, a new item included, as a walk that never restarted would not
// have seen it either; stepping back from there returns the page whole, and
// the walk goes on after it.
func TestPrevPageAfterRestartSeeking(t *testing.T) {
	api := newFakeAPI(map[string]page[int]{
		"":  pg("A", []int{1, 2}),
		"A": pg("B", []int{3, 4}),
	})
	api.failWith("A", apiErr(400, "InvalidNextToken", ""))
	spec := api.spec()
	spec.key = strconv.Itoa
	p := newPager(spec, fastOpts())
	ctx := t.Context()
	if _, err := p.nextPage(ctx); err != nil { // 1 2
		t.Fatal(err)
	}
	// After the restart the API lists a new item 0 first, then 1 2 again.
	api.mu.Lock()
	api.pages = map[string]page[int]{
		"":  pg("X", []int{0, 1}),
		"X": pg("Y", []int{2, 3}),
		"Y": pg("", []int{4}),
	}
	api.mu.Unlock()
	for _, want := range [][]int{nil, {3}} {
		got, err := p.nextPage(ctx)
		if err != nil || !slices.Equal(got.items, want) {
			t.Fatalf("nextPage = %v, %v; want %v", got.items, err, want)
		}
	}
	if got, err := p.prevPage(ctx); err != nil || !slices.Equal(got.items, []int{0, 1}) {
		t.Fatalf("prevPage = %v, %v; want the whole page [0 1]", got.items, err)
	}
	if got, err := p.nextPage(ctx); err != nil || !slices.Equal(got.items, []int{2, 3}) {
		t.Fatalf("nextPage = %v, %v; want page X whole, [2 3]", got.items, err)
	}
	if got, err := p.nextPage(ctx); err != nil || !slices.Equal(got.items, []int{4}) {
		t.Fatalf("nextPage = %v, %v; want [4]", got.items, err)
	}
}
