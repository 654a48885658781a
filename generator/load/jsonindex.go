package load

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"unicode/utf8"
)

// jsonIndex finds JSON pointers in JSON text without decoding it. Each
// object or array is scanned for its members once, when a pointer first
// goes into it, so placing every operation of a 4 MB spec costs one pass
// over the paths rather than a parse of the whole file into nodes.
type jsonIndex struct {
	data []byte

	mu      sync.Mutex
	lines   []int                     // offsets at which lines start
	objects map[int]map[string][2]int // object offset → key → offsets of the key and its value
	arrays  map[int][]int             // array offset → offsets of its elements
}

func newJSONIndex(data []byte) *jsonIndex {
	return &jsonIndex{data: data, objects: map[int]map[string][2]int{}, arrays: map[int][]int{}}
}

// pos returns the line and column of the value at the pointer tokens — of
// its key, for an object member — or of the deepest ancestor found.
func (x *jsonIndex) pos(tokens []string) (line, col int) {
	x.mu.Lock()
	defer x.mu.Unlock()
	at := x.skipSpace(0)
	if at >= len(x.data) {
		return 0, 0
	}
	place := at
	for _, tok := range tokens {
		switch x.data[at] {
		case '{':
			m, ok := x.members(at)[tok]
			if !ok {
				return x.lineCol(place)
			}
			place, at = m[0], m[1]
		case '[':
			elems := x.elements(at)
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(elems) {
				return x.lineCol(place)
			}
			place, at = elems[i], elems[i]
		default:
			return x.lineCol(place)
		}
	}
	return x.lineCol(place)
}

// members scans the object at offset at (once) for its keys.
func (x *jsonIndex) members(at int) map[string][2]int {
	if m, ok := x.objects[at]; ok {
		return m
	}
	m := map[string][2]int{}
	x.objects[at] = m
	i := x.skipSpace(at + 1)
	for i < len(x.data) && x.data[i] == '"' {
		end, closed := x.stringEnd(i)
		if !closed {
			break
		}
		key := string(x.data[i+1 : end-1])
		for _, c := range x.data[i+1 : end-1] {
			if c == '\\' {
				// Escapes are rare in keys ("\/"): decode them properly.
				json.Unmarshal(x.data[i:end], &key)
				break
			}
		}
		j := x.skipSpace(end)
		if j >= len(x.data) || x.data[j] != ':' {
			break
		}
		v := x.skipSpace(j + 1)
		if _, dup := m[key]; !dup {
			m[key] = [2]int{i, v}
		}
		i = x.skipSpace(x.skipValue(v))
		if i < len(x.data) && x.data[i] == ',' {
			i = x.skipSpace(i + 1)
		}
	}
	return m
}

// elements scans the array at offset at (once) for its elements.
func (x *jsonIndex) elements(at int) []int {
	if e, ok := x.arrays[at]; ok {
		return e
	}
	var elems []int
	i := x.skipSpace(at + 1)
	for i < len(x.data) && x.data[i] != ']' {
		elems = append(elems, i)
		i = x.skipSpace(x.skipValue(i))
		if i < len(x.data) && x.data[i] == ',' {
			i = x.skipSpace(i + 1)
		} else {
			break
		}
	}
	x.arrays[at] = elems
	return elems
}

// skipValue returns the offset just after the value at i.
func (x *jsonIndex) skipValue(i int) int {
	depth := 0
	for i < len(x.data) {
		switch c := x.data[i]; c {
		case '"':
			i = x.skipString(i)
			if depth == 0 {
				return i
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i // the end of the object or array around a scalar
			}
			if depth--; depth == 0 {
				return i + 1
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return i
			}
		}
		i++
	}
	return i
}

// skipString returns the offset just after the string that starts at i,
// or len(data) when it is not closed.
func (x *jsonIndex) skipString(i int) int {
	end, _ := x.stringEnd(i)
	return end
}

// stringEnd returns the offset just after the string that starts at i, and
// whether the string is closed there; len(data) and false when it is not.
func (x *jsonIndex) stringEnd(i int) (int, bool) {
	for i++; i < len(x.data); i++ {
		switch x.data[i] {
		case '\\':
			i++
		case '"':
			return i + 1, true
		}
	}
	return len(x.data), false
}

// trailing returns an error when anything but white space follows offset i.
func (x *jsonIndex) trailing(i int) error {
	if i = x.skipSpace(i); i < len(x.data) {
		return fmt.Errorf("invalid JSON: %q after the value at offset %d", x.data[i], i)
	}
	return nil
}

func (x *jsonIndex) skipSpace(i int) int {
	for i < len(x.data) {
		switch x.data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// lineCol turns an offset into a 1-based line and column (in runes).
func (x *jsonIndex) lineCol(off int) (line, col int) {
	if x.lines == nil {
		x.lines = []int{0}
		for i, c := range x.data {
			if c == '\n' {
				x.lines = append(x.lines, i+1)
			}
		}
	}
	l := sort.Search(len(x.lines), func(i int) bool { return x.lines[i] > off }) - 1
	return l + 1, utf8.RuneCount(x.data[x.lines[l]:off]) + 1
}
