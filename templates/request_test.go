package templates

import (
	"net"
	"slices"
	"testing"
	"time"
)

type status string

type level int8

type stringerID struct{ n int }

func (s stringerID) String() string { return "id-" + formatValue(s.n) }

type pointerStringer struct{}

func (s *pointerStringer) String() string { return "ps" }

func TestFormatValue(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"nil", nil, ""},
		{"string", "a b+c", "a b+c"},
		{"named string", status("Shipped"), "Shipped"},
		{"bool", true, "true"},
		{"int", -42, "-42"},
		{"int8 kind", level(-3), "-3"},
		{"int64", int64(1) << 60, "1152921504606846976"},
		{"uint8", uint8(255), "255"},
		{"uint64", uint64(1) << 63, "9223372036854775808"},
		{"float64", 0.1, "0.1"},
		{"large float64", 1e21, "1000000000000000000000"},
		{"small float64", 1e-7, "0.0000001"},
		{"float32", float32(0.1), "0.1"},
		{"Stringer", stringerID{7}, "id-7"},
		{"pointer Stringer", &pointerStringer{}, "ps"},
		{"time", time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC), "2024-05-01T12:00:00Z"},
		{"pointer", Ptr(int32(10)), "10"},
		{"pointer to named", Ptr(status("x")), "x"},
		{"nil pointer", (*int)(nil), ""},
		{"nil Stringer pointer", (*pointerStringer)(nil), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatValue(tt.v); got != tt.want {
				t.Errorf("formatValue(%#v) = %q, want %q", tt.v, got, tt.want)
			}
		})
	}
}

func TestFormatValues(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want []string
	}{
		{"nil", nil, nil},
		{"nil pointer", (*[]string)(nil), nil},
		{"nil slice", []string(nil), []string{}},
		{"scalar", 3, []string{"3"}},
		{"slice", []status{"a", "b"}, []string{"a", "b"}},
		{"array", [2]bool{true, false}, []string{"true", "false"}},
		{"pointer to slice", &[]int{1, 2}, []string{"1", "2"}},
		{"slice of pointers", []*int{Ptr(1), Ptr(2)}, []string{"1", "2"}},
		{"slice with a text form", net.IPv4(10, 0, 0, 1), []string{"10.0.0.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatValues(tt.v); !slices.Equal(got, tt.want) {
				t.Errorf("formatValues(%#v) = %q, want %q", tt.v, got, tt.want)
			}
		})
	}
}

func TestPointers(t *testing.T) {
	if got := derefOr(Ptr("x")); got != "x" {
		t.Errorf("derefOr(Ptr(x)) = %q", got)
	}
	if got := derefOr[int](nil); got != 0 {
		t.Errorf("derefOr(nil) = %d", got)
	}
	if p, q := Ptr(1), Ptr(1); p == q {
		t.Error("ptr returned the same pointer twice")
	}
}
