package parallel

import (
	"sync/atomic"
	"testing"
)

// TestDoCallsEachOnce checks that every index is called exactly once, for
// counts below, at and above the number of goroutines.
func TestDoCallsEachOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 1000} {
		calls := make([]atomic.Int32, n)
		Do(n, func(i int) { calls[i].Add(1) })
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Fatalf("n=%d: index %d called %d times", n, i, c)
			}
		}
	}
}
