package templates

import (
	"net/http"
	"net/url"
	"testing"
)

func TestLookupRaw(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		path []string
		want string
	}{
		{"json top level", `{"value":[],"pagingToken":"abc+/="}`, []string{"pagingToken"}, "abc+/="},
		{"json nested", `{"paginationContext":{"nextToken":"t1"}}`, []string{"paginationContext", "nextToken"}, "t1"},
		{"json number", `{"next":12345678901234}`, []string{"next"}, "12345678901234"},
		{"json absent", `{"value":[]}`, []string{"pagingToken"}, ""},
		{"json null", `{"pagingToken":null}`, []string{"pagingToken"}, ""},
		{"json through a non-object", `{"a":[1]}`, []string{"a", "b"}, ""},
		{"not json", `<<<`, []string{"a"}, ""},
		{"empty", ``, []string{"a"}, ""},
		{"xml below the root", `<R xmlns="urn:x"><Result><NextToken> tok </NextToken></Result></R>`, []string{"Result", "NextToken"}, "tok"},
		{"xml skips a same-named element elsewhere", `<R><Other><NextToken>no</NextToken></Other><Result><NextToken>yes</NextToken></Result></R>`, []string{"Result", "NextToken"}, "yes"},
		{"xml absent", `<R><Result/></R>`, []string{"Result", "NextToken"}, ""},
		{"xml broken", `<R><Result>`, []string{"Result"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lookupRaw([]byte(tt.raw), tt.path...); got != tt.want {
				t.Errorf("lookupRaw(%s, %v) = %q, want %q", tt.raw, tt.path, got, tt.want)
			}
		})
	}
}

func TestNextLinkFromHeader(t *testing.T) {
	tests := []struct {
		links []string
		want  string
	}{
		{[]string{`<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=9>; rel="last"`}, "https://api.github.com/x?page=2"},
		{[]string{`<https://a/x?page=1>; rel="prev"`, `<https://a/x?page=3>; rel="next"`}, "https://a/x?page=3"},
		{[]string{`<https://a/x?q=a,b>; rel="prev next"`}, "https://a/x?q=a,b"},
		{[]string{`<https://a/x>; title="a, b; c"; rel=next`}, "https://a/x"},
		{[]string{`<https://a/x>; rel="last"`}, ""},
		{[]string{`https://a/x; rel="next"`}, ""},
		{nil, ""},
	}
	for _, tt := range tests {
		h := http.Header{}
		for _, l := range tt.links {
			h.Add("Link", l)
		}
		if got := nextLinkFromHeader(h); got != tt.want {
			t.Errorf("nextLinkFromHeader(%q) = %q, want %q", tt.links, got, tt.want)
		}
	}
}

func TestPositionOr(t *testing.T) {
	n := int32(40)
	if got := positionOr(&n, 1); got != 40 {
		t.Errorf("positionOr(&40, 1) = %d", got)
	}
	if got := positionOr[int64](nil, 1); got != 1 {
		t.Errorf("positionOr(nil, 1) = %d", got)
	}
}

func TestAddFormList(t *testing.T) {
	r := newRequest(http.MethodPost, "/")
	r.addFormList("MarketplaceId", "Id", []string{"A", "B+C"})
	r.addFormList("Empty", "Id", []string(nil))
	want := url.Values{"MarketplaceId.Id.1": {"A"}, "MarketplaceId.Id.2": {"B+C"}}
	if got := r.form; got.Encode() != want.Encode() {
		t.Errorf("form = %v, want %v", got, want)
	}
}
