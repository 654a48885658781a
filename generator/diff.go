package generator

import (
	"fmt"
	"strings"
)

// unifiedDiff renders the change from a to b as a unified diff with three
// lines of context around each change. Common leading and trailing lines
// are trimmed before the middle is diffed line by line (an exact LCS when
// it is small enough, else one replaced block).
func unifiedDiff(path, a, b string) string {
	if a == b {
		return ""
	}
	al, bl := splitLines(a), splitLines(b)
	pre := 0
	for pre < len(al) && pre < len(bl) && al[pre] == bl[pre] {
		pre++
	}
	suf := 0
	for suf < len(al)-pre && suf < len(bl)-pre && al[len(al)-1-suf] == bl[len(bl)-1-suf] {
		suf++
	}
	var ops []string
	for _, l := range al[:pre] {
		ops = append(ops, " "+l)
	}
	ops = append(ops, lcsOps(al[pre:len(al)-suf], bl[pre:len(bl)-suf])...)
	for _, l := range al[len(al)-suf:] {
		ops = append(ops, " "+l)
	}

	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s (generated)\n", path, path)
	const context = 3
	// Walk the ops, cutting a hunk wherever more than 2*context unchanged
	// lines separate two changes.
	aLine, bLine := 1, 1 // line numbers of ops[i] in a and b
	for i := 0; i < len(ops); {
		if ops[i][0] == ' ' {
			i, aLine, bLine = i+1, aLine+1, bLine+1
			continue
		}
		start := max(0, i-context)
		aStart, bStart := aLine-(i-start), bLine-(i-start)
		end := i
		for unchanged := 0; end < len(ops) && unchanged <= 2*context; end++ {
			if ops[end][0] == ' ' {
				unchanged++
			} else {
				unchanged = 0
			}
		}
		// end is past the last change plus its trailing context.
		for end > i && ops[end-1][0] == ' ' && trailing(ops[:end]) > context {
			end--
		}
		var aN, bN int
		for _, op := range ops[start:end] {
			if op[0] != '+' {
				aN++
			}
			if op[0] != '-' {
				bN++
			}
		}
		fmt.Fprintf(&sb, "@@ -%d,%d +%d,%d @@\n", aStart, aN, bStart, bN)
		for _, op := range ops[start:end] {
			sb.WriteString(op)
			sb.WriteByte('\n')
		}
		for _, op := range ops[i:end] {
			if op[0] != '+' {
				aLine++
			}
			if op[0] != '-' {
				bLine++
			}
		}
		i = end
	}
	return sb.String()
}

// trailing counts the unchanged lines at the end of ops.
func trailing(ops []string) int {
	n := 0
	for n < len(ops) && ops[len(ops)-1-n][0] == ' ' {
		n++
	}
	return n
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// lcsOps returns the lines of a changed region as " ", "-" and "+" lines.
func lcsOps(a, b []string) []string {
	var out []string
	if len(a)*len(b) > 4_000_000 {
		for _, l := range a {
			out = append(out, "-"+l)
		}
		for _, l := range b {
			out = append(out, "+"+l)
		}
		return out
	}
	// lcs[i][j] is the LCS length of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			out = append(out, " "+a[i])
			i++
			j++
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			// Deletions before insertions, as diff(1) prints them.
			out = append(out, "-"+a[i])
			i++
		default:
			out = append(out, "+"+b[j])
			j++
		}
	}
	return out
}
