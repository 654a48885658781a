package templates

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// A key that is not unique after all (names repeat) does not make a
// restarted walk stop at an earlier item of the same name: the items
// before the last one must match too.
func TestRestartWithRepeatedKeys(t *testing.T) {
	api := newFakeAPI(map[string]page[int]{
		"":  pg("A", []int{10, 21, 32}),
		"A": pg("B", []int{40, 51}),
		"B": pg("", []int{60}),
	})
	api.failWith("B", apiErr(410, "", "gone"))
	spec := api.spec()
	spec.key = func(i int) string { return strconv.Itoa(i % 10) } // 0 repeats: 10, 40, 60
	items, err := collect(t.Context(), newPager(spec, fastOpts()))
	if err != nil || !slices.Equal(items, []int{10, 21, 32, 40, 51, 60}) {
		t.Errorf("walk = %v, %v; want each item once", items, err)
	}
}

// An empty key value is no key: such items are known by their content.
func TestEmptyKeyFallsBackToContent(t *testing.T) {
	if identity(func(int) string { return "" }, 1) == identity(func(int) string { return "" }, 2) {
		t.Error("items with empty keys and different content have the same identity")
	}
	if identity(strconv.Itoa, 7) != identity(strconv.Itoa, 7) || identity(strconv.Itoa, 7) == identity(nil, 7) {
		t.Error("identity is not stable, or does not tell a key from content")
	}
}

// A resume token from a walk cut mid-page finds its place on a page that
// changed since, or says it cannot.
func TestResumeMidPageFindsItsPlace(t *testing.T) {
	pages := map[string]page[int]{"": pg("A", []int{1, 2, 3}), "A": pg("", []int{4, 5, 6})}
	p := newPager(newFakeAPI(pages).spec(), PaginatorOptions{MaxItems: 5})
	if _, err := collect(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	resume := p.resumeToken()
	for _, tt := range []struct {
		name string
		page []int
		want []int
		err  error
	}{
		{"unchanged", []int{4, 5, 6}, []int{6}, nil},
		{"item inserted before", []int{0, 4, 5, 6}, []int{6}, nil},
		{"item appended", []int{4, 5, 6, 7}, []int{6, 7}, nil},
		{"item returned from the page deleted", []int{5, 6, 7}, nil, ErrLostPlace},
		{"last item deleted", []int{4, 6}, nil, ErrLostPlace},
	} {
		api := newFakeAPI(map[string]page[int]{"A": pg("", tt.page)})
		got, err := collect(t.Context(), newPager(api.spec(), PaginatorOptions{StartToken: resume}))
		if !errors.Is(err, tt.err) || !slices.Equal(got, tt.want) {
			t.Errorf("%s: resumed walk = %v, %v; want %v, %v", tt.name, got, err, tt.want, tt.err)
		}
	}
}

// Cycles of any length are caught, short ones at their first repeat and
// long ones within about twice their length; tokens that never repeat
// never trip the guard.
func TestTokenGuard(t *testing.T) {
	for _, period := range []int{1, 2, 3, 8, 9, 100, 1000} {
		var g tokenGuard
		steps := 0
		for i := 0; ; i++ {
			token := fmt.Sprint("t", i%period)
			if g.repeats(token) {
				break
			}
			g.add(token)
			if steps++; steps > 3*period+recentTokens {
				t.Fatalf("cycle of %d not caught after %d tokens", period, steps)
			}
		}
		if period <= recentTokens && steps != period {
			t.Errorf("cycle of %d caught after %d tokens, want at its first repeat", period, steps)
		}
	}
	var g tokenGuard
	for i := range 200_000 {
		token := strconv.Itoa(i)
		if g.repeats(token) {
			t.Fatalf("distinct token %d taken for a repeat", i)
		}
		g.add(token)
	}
}

// A next token over the limit ends the walk with an error rather than
// being kept and sent.
func TestNextTokenTooLong(t *testing.T) {
	long := strings.Repeat("x", maxTokenLen+1)
	api := newFakeAPI(map[string]page[int]{"": pg(long, []int{1})})
	_, err := collect(t.Context(), newPager(api.spec(), fastOpts()))
	if err == nil || !strings.Contains(err.Error(), "byte limit") {
		t.Errorf("walk error = %v, want the token refused", err)
	}
	if calls := api.callLog(); len(calls) != 1 {
		t.Errorf("calls = %d, want 1", len(calls))
	}
}
