package templates

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
)

func TestWalkTermination(t *testing.T) {
	tests := []struct {
		name      string
		pages     map[string]page[int]
		opts      PaginatorOptions
		wantItems []int
		wantErr   error
		wantCalls []string
		wantToken string // resume token after the walk
	}{
		{
			name: "absent token ends",
			pages: map[string]page[int]{
				"":  pg("A", []int{1, 2}),
				"A": pg("", []int{3}),
			},
			wantItems: []int{1, 2, 3},
			wantCalls: []string{"", "A"},
		},
		{
			name: "more false ends despite a token",
			pages: map[string]page[int]{
				"":  pg("A", []int{1}, true),
				"A": pg("B", []int{2}, false),
			},
			wantItems: []int{1, 2},
			wantCalls: []string{"", "A"},
		},
		{
			name: "same token twice with an empty page ends",
			pages: map[string]page[int]{
				"":  pg("A", []int{1}),
				"A": pg("A", nil),
			},
			wantItems: []int{1},
			wantCalls: []string{"", "A"},
		},
		{
			name: "empty page with a new token goes on",
			pages: map[string]page[int]{
				"":  pg("A", nil),
				"A": pg("B", nil),
				"B": pg("", []int{1}),
			},
			wantItems: []int{1},
			wantCalls: []string{"", "A", "B"},
		},
		{
			name: "token cycle A B A is an error",
			pages: map[string]page[int]{
				"":  pg("A", []int{1}),
				"A": pg("B", []int{2}),
				"B": pg("A", []int{3}),
			},
			wantItems: []int{1, 2, 3},
			wantErr:   ErrTokenCycle,
			wantCalls: []string{"", "A", "B"},
			wantToken: "A",
		},
		{
			name: "same token twice with items is a cycle",
			pages: map[string]page[int]{
				"":  pg("A", []int{1}),
				"A": pg("A", []int{2}),
			},
			wantItems: []int{1, 2},
			wantErr:   ErrTokenCycle,
			wantCalls: []string{"", "A"},
			wantToken: "A",
		},
		{
			name: "MaxPages ends quietly",
			pages: map[string]page[int]{
				"":  pg("A", []int{1}),
				"A": pg("B", []int{2}),
				"B": pg("", []int{3}),
			},
			opts:      PaginatorOptions{MaxPages: 2},
			wantItems: []int{1, 2},
			wantCalls: []string{"", "A"},
			wantToken: "B",
		},
		{
			name: "MaxPages on the last page completes",
			pages: map[string]page[int]{
				"":  pg("A", []int{1}),
				"A": pg("", []int{2}),
			},
			opts:      PaginatorOptions{MaxPages: 2},
			wantItems: []int{1, 2},
			wantCalls: []string{"", "A"},
		},
		{
			name:      "empty first page completes",
			pages:     map[string]page[int]{"": pg("", nil)},
			wantCalls: []string{""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(tt.pages)
			p := newPager(api.spec(), tt.opts)
			items, err := collect(t.Context(), p)
			if !slices.Equal(items, tt.wantItems) {
				t.Errorf("items = %v, want %v", items, tt.wantItems)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if calls := api.callLog(); !slices.Equal(calls, tt.wantCalls) {
				t.Errorf("calls = %q, want %q", calls, tt.wantCalls)
			}
			if got := p.resumeToken(); !samePlace(got, tt.wantToken) {
				t.Errorf("resumeToken = %q, want %q", got, tt.wantToken)
			}
		})
	}
}

func TestNextPageReturnsEmptyPages(t *testing.T) {
	api := newFakeAPI(map[string]page[int]{
		"":  pg("A", nil),
		"A": pg("", []int{1}),
	})
	p := newPager(api.spec(), PaginatorOptions{})
	first, err := p.nextPage(t.Context())
	if err != nil || len(first.items) != 0 || !p.hasMorePages() {
		t.Fatalf("first page = %v, %v; hasMorePages %v; want an empty page and more", first, err, p.hasMorePages())
	}
	if first.next != "A" || first.more == nil || !*first.more {
		t.Errorf("first page next = %q, more = %v; want A, true", first.next, first.more)
	}
	last, err := p.nextPage(t.Context())
	if err != nil || !slices.Equal(last.items, []int{1}) || p.hasMorePages() {
		t.Fatalf("last page = %v, %v; hasMorePages %v", last, err, p.hasMorePages())
	}
	if _, err := p.nextPage(t.Context()); err == nil {
		t.Error("nextPage after the end succeeded")
	}
}

// threePages is a walk of 8 items over pages of 3, 3 and 2.
func threePages() map[string]page[int] {
	return map[string]page[int]{
		"":  pg("A", []int{1, 2, 3}),
		"A": pg("B", []int{4, 5, 6}),
		"B": pg("", []int{7, 8}),
	}
}

func TestMaxItemsAndResume(t *testing.T) {
	tests := []struct {
		name      string
		maxItems  int
		wantToken string
	}{
		{"mid page", 5, encodeResume(cursor{token: "A", skip: 2}, nil)},
		{"in the first page", 2, encodeResume(cursor{skip: 2}, nil)},
		{"at a page boundary", 3, "A"},
		{"at the end", 8, ""},
		{"beyond the end", 20, ""},
	}
	all := []int{1, 2, 3, 4, 5, 6, 7, 8}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPager(newFakeAPI(threePages()).spec(), PaginatorOptions{MaxItems: tt.maxItems})
			items, err := collect(t.Context(), p)
			n := min(tt.maxItems, len(all))
			if err != nil || !slices.Equal(items, all[:n]) {
				t.Fatalf("walk = %v, %v; want %v", items, err, all[:n])
			}
			if p.hasMorePages() {
				t.Error("hasMorePages after MaxItems")
			}
			token := p.resumeToken()
			if !samePlace(token, tt.wantToken) {
				t.Fatalf("resumeToken = %q, want %q", token, tt.wantToken)
			}
			if token == "" {
				return
			}
			rest, err := collect(t.Context(), newPager(newFakeAPI(threePages()).spec(), PaginatorOptions{StartToken: token}))
			if err != nil || !slices.Equal(rest, all[n:]) {
				t.Errorf("resumed walk = %v, %v; want %v", rest, err, all[n:])
			}
		})
	}
}

func TestMaxItemsCutsThePage(t *testing.T) {
	p := newPager(newFakeAPI(threePages()).spec(), PaginatorOptions{MaxItems: 4})
	if _, err := p.nextPage(t.Context()); err != nil {
		t.Fatal(err)
	}
	second, err := p.nextPage(t.Context())
	if err != nil || !slices.Equal(second.items, []int{4}) {
		t.Fatalf("second page = %v, %v; want [4]", second.items, err)
	}
	// next is the API's token for the page after the one fetched; the
	// resume token is what knows the page was cut.
	if second.next != "B" || second.more == nil || *second.more {
		t.Errorf("second page next = %q, more = %v; want the API's token B and false", second.next, *second.more)
	}
	if c, _ := parseCursor(p.resumeToken()); c.token != "A" || c.skip != 1 {
		t.Errorf("resume token points at %+v, want page A after one item", c)
	}
}

func TestStartToken(t *testing.T) {
	tests := []struct {
		name      string
		start     string
		wantCalls []string
		wantItems []int
	}{
		{"raw token", "A", []string{"A", "B"}, []int{4, 5, 6, 7, 8}},
		{"encoded token", encodeResume(cursor{token: "A", skip: 1}, nil), []string{"A", "B"}, []int{5, 6, 7, 8}},
		{"encoded first page", encodeResume(cursor{skip: 3}, nil), []string{"", "A", "B"}, []int{4, 5, 6, 7, 8}},
		{"skip past the page", encodeResume(cursor{token: "B", skip: 9}, nil), []string{"B"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(threePages())
			p := newPager(api.spec(), PaginatorOptions{StartToken: tt.start})
			if got := p.resumeToken(); !samePlace(got, tt.start) {
				t.Errorf("resumeToken before the walk = %q, want %q", got, tt.start)
			}
			items, err := collect(t.Context(), p)
			if err != nil || !slices.Equal(items, tt.wantItems) {
				t.Errorf("walk = %v, %v; want %v", items, err, tt.wantItems)
			}
			if calls := api.callLog(); !slices.Equal(calls, tt.wantCalls) {
				t.Errorf("calls = %q, want %q", calls, tt.wantCalls)
			}
		})
	}
}

func TestRetryInWalk(t *testing.T) {
	api := newFakeAPI(threePages())
	throttled := apiErr(400, "ThrottlingException", "Rate exceeded")
	api.failWith("A", apiErr(503, "", ""), throttled, &transportError{op: "List", err: errFake})
	items, err := collect(t.Context(), newPager(api.spec(), fastOpts()))
	if err != nil || !slices.Equal(items, []int{1, 2, 3, 4, 5, 6, 7, 8}) {
		t.Fatalf("walk = %v, %v", items, err)
	}
	if want := []string{"", "A", "A", "A", "A", "B"}; !slices.Equal(api.callLog(), want) {
		t.Errorf("calls = %q, want %q", api.callLog(), want)
	}
}

func TestRetryExhausted(t *testing.T) {
	api := newFakeAPI(threePages())
	for range 10 {
		api.failWith("A", apiErr(503, "ServiceUnavailable", "try later"))
	}
	opts := fastOpts()
	opts.Retry.MaxAttempts = 4
	items, err := collect(t.Context(), newPager(api.spec(), opts))
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 503 {
		t.Fatalf("err = %v, want the 503 APIError", err)
	}
	if !slices.Equal(items, []int{1, 2, 3}) {
		t.Errorf("items = %v, want [1 2 3]", items)
	}
	if n := len(api.callLog()); n != 1+4 {
		t.Errorf("%d calls, want 5", n)
	}
}

func TestRestart(t *testing.T) {
	// The first walk fails at B; the restarted one hands out the same
	// tokens again, which must not count as a cycle.
	corrupted := apiErr(400, "NextTokenCorrupted", "")
	tests := []struct {
		name      string
		key       bool
		pages     map[string]page[int]
		wantItems []int
	}{
		{
			name:      "by count",
			pages:     map[string]page[int]{"": pg("A", []int{1, 2, 3}), "A": pg("B", []int{4, 5}), "B": pg("", []int{6})},
			wantItems: []int{1, 2, 3, 4, 5, 6},
		},
		{
			name:      "by key",
			key:       true,
			pages:     map[string]page[int]{"": pg("A", []int{1, 2, 3}), "A": pg("B", []int{4, 5}), "B": pg("", []int{6})},
			wantItems: []int{1, 2, 3, 4, 5, 6},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(tt.pages)
			api.failWith("B", corrupted)
			spec := api.spec()
			if tt.key {
				spec.key = strconv.Itoa
			}
			items, err := collect(t.Context(), newPager(spec, fastOpts()))
			if err != nil || !slices.Equal(items, tt.wantItems) {
				t.Errorf("walk = %v, %v; want %v", items, err, tt.wantItems)
			}
			if want := []string{"", "A", "B", "", "A", "B"}; !slices.Equal(api.callLog(), want) {
				t.Errorf("calls = %q, want %q", api.callLog(), want)
			}
		})
	}
}

// A restarted walk finds its place again by the last items it returned,
// however the items before them changed; where the items around its place
// changed it cannot tell what it missed, and says so.
func TestRestartFindsItsPlace(t *testing.T) {
	before := map[string]page[int]{"": pg("A", []int{1, 2, 3}), "A": pg("B", []int{4, 5})}
	tests := []struct {
		name    string
		after   map[string]page[int]
		want    []int
		wantErr error
	}{
		{"unchanged", map[string]page[int]{"": pg("C", []int{1, 2, 3}), "C": pg("D", []int{4, 5}), "D": pg("", []int{6})},
			[]int{1, 2, 3, 4, 5, 6}, nil},
		{"item inserted before the place", map[string]page[int]{"": pg("C", []int{0, 1, 2}), "C": pg("D", []int{3, 4, 5}), "D": pg("", []int{6})},
			[]int{1, 2, 3, 4, 5, 6}, nil},
		{"item deleted before the place", map[string]page[int]{"": pg("C", []int{2, 3}), "C": pg("", []int{4, 5, 6})},
			[]int{1, 2, 3, 4, 5, 6}, nil},
		{"item deleted among the last returned", map[string]page[int]{"": pg("C", []int{1, 2, 4}), "C": pg("", []int{5, 6})},
			[]int{1, 2, 3, 4, 5}, ErrLostPlace},
		{"last item returned deleted", map[string]page[int]{"": pg("C", []int{1, 2, 3}), "C": pg("", []int{4, 6})},
			[]int{1, 2, 3, 4, 5}, ErrLostPlace},
		{"items reordered", map[string]page[int]{"": pg("C", []int{0, 2, 1}), "C": pg("D", []int{3, 4, 5}), "D": pg("", []int{6})},
			[]int{1, 2, 3, 4, 5}, ErrLostPlace},
		{"place gone entirely", map[string]page[int]{"": pg("", []int{7, 8})},
			[]int{1, 2, 3, 4, 5}, ErrLostPlace},
	}
	for _, tt := range tests {
		for _, byKey := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/key=%v", tt.name, byKey), func(t *testing.T) {
				api := newFakeAPI(before)
				api.failWith("B", apiErr(410, "", "gone"))
				spec := api.spec()
				firsts := 0
				spec.first = func(ctx context.Context) (page[int], error) {
					if firsts++; firsts == 2 {
						api.mu.Lock()
						api.pages = tt.after
						api.mu.Unlock()
					}
					return api.fetch(ctx, "")
				}
				if byKey {
					spec.key = strconv.Itoa
				}
				items, err := collect(t.Context(), newPager(spec, fastOpts()))
				if !errors.Is(err, tt.wantErr) || !slices.Equal(items, tt.want) {
					t.Errorf("walk = %v, %v; want %v, %v", items, err, tt.want, tt.wantErr)
				}
			})
		}
	}
}

func TestRestartTriggers(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		restart bool
	}{
		{"NextTokenCorrupted", apiErr(400, "NextTokenCorrupted", ""), true},
		{"InvalidNextToken", apiErr(400, "InvalidNextToken", ""), true},
		{"InvalidToken", apiErr(400, "InvalidToken", ""), true},
		{"ExpiredNextToken", apiErr(400, "ExpiredNextToken", ""), true},
		{"ExpiredTokenException", apiErr(400, "ExpiredTokenException", ""), true},
		{"InvalidNextTokenException", apiErr(400, "InvalidNextTokenException", ""), true},
		{"InvalidPaginationToken", apiErr(400, "InvalidPaginationToken", ""), true},
		{"InvalidPaginationTokenException", apiErr(400, "InvalidPaginationTokenException", ""), true},
		{"restartOn code", apiErr(400, "StaleCursor", ""), true},
		{"restartOn message without a code (Alexa)", apiErr(400, "", "Invalid nextToken"), true},
		{"restartOn message beside a generic code (Ucommerce)", apiErr(400, "BadRequest", "Invalid nextToken"), true},
		{"HTTP 410", apiErr(410, "", ""), true},
		{"Ucommerce mismatch", apiErr(400, "BadRequest", "Paging token does not match the current query"), true},
		{"other 400", apiErr(400, "BadRequest", "maxItems must be positive"), false},
		{"mismatch message on 501", apiErr(501, "", "token does not match"), false},
		{"not an API error", errFake, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(threePages())
			api.failWith("A", tt.err)
			spec := api.spec()
			spec.restartOn = []string{"StaleCursor", "Invalid nextToken"}
			items, err := collect(t.Context(), newPager(spec, fastOpts()))
			if tt.restart {
				if err != nil || len(items) != 8 {
					t.Errorf("walk = %v, %v; want all 8 items after a restart", items, err)
				}
				return
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("err = %v, want %v", err, tt.err)
			}
			if calls := api.callLog(); !slices.Equal(calls, []string{"", "A"}) {
				t.Errorf("calls = %q, want no restart", calls)
			}
		})
	}
}

func TestNoRestart(t *testing.T) {
	invalid := apiErr(400, "InvalidNextToken", "")
	tests := []struct {
		name      string
		opts      PaginatorOptions
		failToken string
		wantCalls []string
	}{
		{"first page fails", PaginatorOptions{}, "", []string{""}},
		{"restarts disabled", PaginatorOptions{MaxRestarts: -1}, "A", []string{"", "A"}},
		{"walk began at a token", PaginatorOptions{StartToken: "A"}, "B", []string{"A", "B"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(threePages())
			api.failWith(tt.failToken, invalid)
			_, err := collect(t.Context(), newPager(api.spec(), tt.opts))
			if err != invalid {
				t.Errorf("err = %v, want the APIError itself", err)
			}
			if calls := api.callLog(); !slices.Equal(calls, tt.wantCalls) {
				t.Errorf("calls = %q, want %q", calls, tt.wantCalls)
			}
		})
	}
}

func TestTooManyRestarts(t *testing.T) {
	api := newFakeAPI(threePages())
	expired := apiErr(400, "ExpiredNextToken", "token expired")
	api.failWith("A", expired, expired, expired)
	opts := fastOpts()
	opts.MaxRestarts = 2
	items, err := collect(t.Context(), newPager(api.spec(), opts))
	if !errors.Is(err, ErrTooManyRestarts) || !errors.Is(err, expired) {
		t.Fatalf("err = %v, want ErrTooManyRestarts wrapping the APIError", err)
	}
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != "ExpiredNextToken" {
		t.Errorf("errors.As(APIError) = %v", ae)
	}
	if !slices.Equal(items, []int{1, 2, 3}) {
		t.Errorf("items = %v, want [1 2 3] once", items)
	}
	if want := []string{"", "A", "", "A", "", "A"}; !slices.Equal(api.callLog(), want) {
		t.Errorf("calls = %q, want %q", api.callLog(), want)
	}
}

func TestRestartAfterEncodedStart(t *testing.T) {
	// A walk resumed on the first page, two items in, can restart: it
	// knows its place from the start of the walk.
	api := newFakeAPI(threePages())
	api.failWith("B", apiErr(400, "InvalidToken", ""))
	opts := fastOpts()
	opts.StartToken = encodeResume(cursor{skip: 2}, nil)
	items, err := collect(t.Context(), newPager(api.spec(), opts))
	if err != nil || !slices.Equal(items, []int{3, 4, 5, 6, 7, 8}) {
		t.Errorf("walk = %v, %v; want [3 4 5 6 7 8]", items, err)
	}
}

func TestValidate(t *testing.T) {
	limitMin, limitMax := int64(1), int64(10)
	tests := []struct {
		name    string
		opts    PaginatorOptions
		wantErr bool
	}{
		{"default limit", PaginatorOptions{}, false},
		{"limit in range", PaginatorOptions{Limit: 10}, false},
		{"limit above", PaginatorOptions{Limit: 11}, true},
		{"negative limit", PaginatorOptions{Limit: -1}, true},
		{"negative MaxItems", PaginatorOptions{MaxItems: -1}, true},
		{"negative MaxPages", PaginatorOptions{MaxPages: -1}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(threePages())
			validations := 0
			spec := api.spec()
			spec.validate = func(o PaginatorOptions) error {
				validations++
				if o.Limit == 0 {
					return nil
				}
				return checkRange("maxResults", int64(o.Limit), &limitMin, &limitMax)
			}
			_, err := collect(t.Context(), newPager(spec, tt.opts))
			if tt.wantErr {
				if !errors.Is(err, ErrInvalidParams) || len(api.callLog()) != 0 {
					t.Errorf("err = %v after %d calls; want ErrInvalidParams before any", err, len(api.callLog()))
				}
				return
			}
			if err != nil || validations != 1 {
				t.Errorf("err = %v, %d validations; want nil, 1", err, validations)
			}
		})
	}
}

func TestMoreLater(t *testing.T) {
	tests := []struct {
		name      string
		pages     map[string]page[int]
		wantToken string
	}{
		{
			name:      "token with more false",
			pages:     map[string]page[int]{"": pg("A", []int{1, 2}, true), "A": pg("B", []int{3}, false)},
			wantToken: "B",
		},
		{
			name:      "no token",
			pages:     map[string]page[int]{"": pg("A", []int{1, 2}, true), "A": pg("", []int{3, 4}, false)},
			wantToken: encodeResume(cursor{token: "A", skip: 2}, nil),
		},
		{
			name:      "same token on an empty page",
			pages:     map[string]page[int]{"": pg("A", []int{1, 2}), "A": pg("A", nil)},
			wantToken: "A",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := newFakeAPI(tt.pages).spec()
			spec.moreLater = true
			p := newPager(spec, PaginatorOptions{})
			if _, err := collect(t.Context(), p); err != nil {
				t.Fatal(err)
			}
			if p.hasMorePages() {
				t.Error("hasMorePages after catching up")
			}
			if got := p.resumeToken(); !samePlace(got, tt.wantToken) {
				t.Errorf("resumeToken = %q, want %q", got, tt.wantToken)
			}
		})
	}
}

func TestMoreLaterResumePicksUpNewItems(t *testing.T) {
	pages := map[string]page[int]{"": pg("A", []int{1, 2}, true), "A": pg("", []int{3, 4}, false)}
	spec := newFakeAPI(pages).spec()
	spec.moreLater = true
	p := newPager(spec, PaginatorOptions{})
	if _, err := collect(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	// Later, page A has grown.
	pages["A"] = pg("B", []int{3, 4, 5}, true)
	pages["B"] = pg("", []int{6}, false)
	p2 := newPager(spec, PaginatorOptions{StartToken: p.resumeToken()})
	items, err := collect(t.Context(), p2)
	if err != nil || !slices.Equal(items, []int{5, 6}) {
		t.Errorf("resumed walk = %v, %v; want [5 6]", items, err)
	}
}

func TestMoreFalseWithoutMoreLaterCompletes(t *testing.T) {
	p := newPager(newFakeAPI(map[string]page[int]{"": pg("A", []int{1}, false)}).spec(), PaginatorOptions{})
	if _, err := collect(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	if got := p.resumeToken(); got != "" {
		t.Errorf("resumeToken = %q, want \"\" after a completed walk", got)
	}
}

func TestPrevPage(t *testing.T) {
	api := newFakeAPI(map[string]page[int]{
		"":  pg("A", []int{1}),
		"A": pg("B", []int{2}),
		"B": pg("C", []int{3}),
		"C": pg("", []int{4}),
	})
	p := newPager(api.spec(), PaginatorOptions{})
	ctx := t.Context()
	if _, err := p.prevPage(ctx); !errors.Is(err, ErrNoPrevPage) {
		t.Fatalf("prevPage before any page: %v, want ErrNoPrevPage", err)
	}
	steps := []struct {
		back bool
		want int
	}{
		{false, 1}, {false, 2}, {false, 3},
		{true, 2}, {false, 3},
		{true, 2}, {true, 1},
		{false, 2}, {false, 3}, {false, 4},
		{true, 3},
	}
	for i, s := range steps {
		step := p.nextPage
		if s.back {
			step = p.prevPage
		}
		got, err := step(ctx)
		if err != nil || !slices.Equal(got.items, []int{s.want}) {
			t.Fatalf("step %d (back %v) = %v, %v; want [%d]", i, s.back, got.items, err, s.want)
		}
	}
	if _, err := p.nextPage(ctx); err != nil || p.hasMorePages() {
		t.Fatalf("last page: %v, hasMorePages %v", err, p.hasMorePages())
	}
	for range 3 {
		if _, err := p.prevPage(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.prevPage(ctx); !errors.Is(err, ErrNoPrevPage) {
		t.Errorf("prevPage at the first page: %v, want ErrNoPrevPage", err)
	}
	want := []string{"", "A", "B", "A", "B", "A", "", "A", "B", "C", "B", "C", "B", "A", ""}
	if calls := api.callLog(); !slices.Equal(calls, want) {
		t.Errorf("calls = %q, want %q", calls, want)
	}
}

func TestPrevPageKeepsMaxPages(t *testing.T) {
	p := newPager(newFakeAPI(threePages()).spec(), PaginatorOptions{MaxPages: 2})
	ctx := t.Context()
	for range 2 {
		if _, err := p.nextPage(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if p.hasMorePages() {
		t.Fatal("hasMorePages after MaxPages")
	}
	if got, err := p.prevPage(ctx); err != nil || !slices.Equal(got.items, []int{1, 2, 3}) {
		t.Fatalf("prevPage = %v, %v", got.items, err)
	}
	if got, err := p.nextPage(ctx); err != nil || !slices.Equal(got.items, []int{4, 5, 6}) || p.hasMorePages() {
		t.Fatalf("nextPage = %v, %v, hasMorePages %v; want [4 5 6] and the cap again", got.items, err, p.hasMorePages())
	}
}

func TestRestartWithMaxItems(t *testing.T) {
	for _, byKey := range []bool{false, true} {
		api := newFakeAPI(map[string]page[int]{
			"":  pg("A", []int{1, 2, 3}),
			"A": pg("B", []int{4, 5}),
			"B": pg("", []int{6, 7}),
		})
		api.failWith("B", apiErr(400, "InvalidNextToken", ""))
		spec := api.spec()
		if byKey {
			spec.key = strconv.Itoa
		}
		opts := fastOpts()
		opts.MaxItems = 6
		p := newPager(spec, opts)
		items, err := collect(t.Context(), p)
		if err != nil || !slices.Equal(items, []int{1, 2, 3, 4, 5, 6}) {
			t.Errorf("byKey %v: walk = %v, %v; want [1 2 3 4 5 6]", byKey, items, err)
		}
		if got, want := p.resumeToken(), encodeResume(cursor{token: "B", skip: 1}, nil); !samePlace(got, want) {
			t.Errorf("byKey %v: resumeToken = %q, want %q", byKey, got, want)
		}
	}
}

// samePlace reports whether two resume tokens point at the same page and
// item, whatever they say about the items before.
func samePlace(a, b string) bool {
	ca, _ := parseCursor(a)
	cb, _ := parseCursor(b)
	return ca.token == cb.token && ca.skip == cb.skip
}

// A walk resumed from a ResumeToken whose continuation token then expires
// restarts from the first page and drops what the earlier walk returned.
func TestResumedWalkRestartsWithoutRepeats(t *testing.T) {
	for _, byKey := range []bool{false, true} {
		api := newFakeAPI(threePages())
		spec := api.spec()
		if byKey {
			spec.key = strconv.Itoa
		}
		p := newPager(spec, PaginatorOptions{MaxItems: 4})
		first, err := collect(t.Context(), p)
		if err != nil || len(first) != 4 {
			t.Fatalf("first walk = %v, %v", first, err)
		}
		resume := p.resumeToken()

		api = newFakeAPI(threePages())
		spec = api.spec()
		if byKey {
			spec.key = strconv.Itoa
		}
		c, _ := parseCursor(resume)
		api.failWith(c.token, &APIError{StatusCode: 400, Code: "InvalidToken"})
		p = newPager(spec, PaginatorOptions{StartToken: resume})
		rest, err := collect(t.Context(), p)
		if err != nil {
			t.Fatalf("byKey %v: resumed walk: %v", byKey, err)
		}
		if got := append(first, rest...); !slices.Equal(got, []int{1, 2, 3, 4, 5, 6, 7, 8}) {
			t.Errorf("byKey %v: items = %v, want 1..8 once each", byKey, got)
		}
		if calls := api.callLog(); !slices.Equal(calls, []string{"A", "", "A", "B"}) {
			t.Errorf("byKey %v: calls = %q, want the rejected A, then a restart from the first page", byKey, calls)
		}
	}
}

// TestPagesKeepTheirResponse checks that the page nextPage returns still
// points at the response it was read from, also when MaxItems cuts it
// short.
func TestPagesKeepTheirResponse(t *testing.T) {
	first, second := pg("A", []int{1, 2, 3}), pg("", []int{4, 5})
	first.response, second.response = "response 1", "response 2"
	p := newPager(newFakeAPI(map[string]page[int]{"": first, "A": second}).spec(), PaginatorOptions{MaxItems: 4})
	for i, want := range []string{"response 1", "response 2"} {
		got, err := p.nextPage(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if got.response != want {
			t.Errorf("page %d: response %v, want %q", i, got.response, want)
		}
	}
}

// TestPaginator walks the generic Paginator over the fake API: pages come
// out through the conversion, PrevPage goes back one, and the options' limit is
// checked by limitWithin before any request.
func TestPaginator(t *testing.T) {
	type intPage struct{ Items []int }
	conv := func(p page[int]) *intPage { return &intPage{Items: p.items} }
	api := newFakeAPI(map[string]page[int]{"": pg("A", []int{1, 2}), "A": pg("", []int{3})})
	p := newPaginator(api.spec(), PaginatorOptions{}, conv)
	var got [][]int
	for p.HasMorePages() {
		pg, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, pg.Items)
	}
	if fmt.Sprint(got) != "[[1 2] [3]]" {
		t.Errorf("pages %v, want [[1 2] [3]]", got)
	}
	if tok := p.ResumeToken(); tok != "" {
		t.Errorf("ResumeToken = %q after a completed walk", tok)
	}
	if prev, err := p.PrevPage(t.Context()); err != nil || fmt.Sprint(prev.Items) != "[1 2]" {
		t.Errorf("PrevPage = %v, %v; want [1 2]", prev, err)
	}
	p.Close()

	spec := api.spec()
	spec.validate = limitWithin("maxResults", Ptr(int64(1)), Ptr(int64(10)))
	calls := len(api.calls)
	for limit, ok := range map[int32]bool{0: true, 1: true, 10: true, 11: false, -1: false} {
		bounded := newPaginator(spec, PaginatorOptions{Limit: limit}, conv)
		_, err := bounded.NextPage(t.Context())
		if ok != (err == nil) || !ok && !errors.Is(err, ErrInvalidParams) {
			t.Errorf("Limit %d: err = %v", limit, err)
		}
	}
	if n := len(api.calls) - calls; n != 3 {
		t.Errorf("%d requests, want 3: none for a limit out of bounds", n)
	}
}

// TestNewPage checks that a Page carries the items, the token and the
// response of the page it is made from, and no response of another type.
func TestNewPage(t *testing.T) {
	resp := &struct{ ID string }{"r1"}
	got := newPage[int, *struct{ ID string }](page[int]{items: []int{1, 2}, next: "B", response: resp})
	if fmt.Sprint(got.Items) != "[1 2]" || got.NextToken != "B" || got.Response != resp {
		t.Errorf("newPage = %+v", got)
	}
	if other := newPage[int, *struct{ ID string }](page[int]{response: "not it"}); other.Response != nil {
		t.Errorf("Response = %v from a response of another type", other.Response)
	}
}

// TestReadWith checks that a failed call's error comes back with no page
// read, and a successful call's response is read.
func TestReadWith(t *testing.T) {
	reads := 0
	read := readWith(func(n int) page[int] {
		reads++
		return page[int]{items: []int{n}}
	})
	boom := errors.New("boom")
	if pg, err := read(7, boom); err != boom || pg.items != nil || reads != 0 {
		t.Errorf("failed call: %v, %v after %d reads", pg, err, reads)
	}
	if pg, err := read(7, nil); err != nil || fmt.Sprint(pg.items) != "[7]" {
		t.Errorf("successful call: %v, %v", pg, err)
	}
}

// TestStartFrom checks that a token in params becomes the StartToken and
// leaves params, unless the options already start elsewhere.
func TestStartFrom(t *testing.T) {
	var opts PaginatorOptions
	token := Ptr("T1")
	startFrom(&opts, &token)
	if opts.StartToken != "T1" || token != nil {
		t.Errorf("StartToken %q, token %v; want T1, nil", opts.StartToken, token)
	}
	token = Ptr("T2")
	startFrom(&opts, &token)
	if opts.StartToken != "T1" || derefOr(token) != "T2" {
		t.Errorf("StartToken %q, token %v; want T1 kept and T2 left", opts.StartToken, derefOr(token))
	}
	var none *string
	opts = PaginatorOptions{}
	startFrom(&opts, &none)
	if opts.StartToken != "" || none != nil {
		t.Errorf("no token: StartToken %q", opts.StartToken)
	}
}

// TestNonZeroOr checks that a zero value leaves the pointer as it is and
// any other replaces it.
func TestNonZeroOr(t *testing.T) {
	mine := Ptr(int32(5))
	if got := nonZeroOr(int32(0), mine); got != mine {
		t.Errorf("zero: got %v, want the caller's pointer", got)
	}
	if got := nonZeroOr(int32(9), mine); got == mine || *got != 9 || *mine != 5 {
		t.Errorf("nonzero: got %v, caller's %d", derefOr(got), *mine)
	}
	if got := nonZeroOr("", (*string)(nil)); got != nil {
		t.Errorf("empty token: got %q, want nil", *got)
	}
}
