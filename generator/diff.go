package generator

import (
	"fmt"
	"strings"
)

// unifiedDiff renders the change from a to b as a unified diff with three
// lines of context. Common leading and trailing lines are trimmed first; the
// middle is diffed line by line when it is small enough for an exact LCS,
// else shown as one replaced block.
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
	ops := lcsOps(al[pre:len(al)-suf], bl[pre:len(bl)-suf])

	const context = 3
	start := max(0, pre-context)
	var lines []string
	for _, l := range al[start:pre] {
		lines = append(lines, " "+l)
	}
	lines = append(lines, ops...)
	end := min(len(al), len(al)-suf+context)
	for _, l := range al[len(al)-suf : end] {
		lines = append(lines, " "+l)
	}
	aCount := pre - start + (len(al) - suf - pre) + (end - (len(al) - suf))
	bCount := pre - start + (len(bl) - suf - pre) + (end - (len(al) - suf))
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s (generated)\n", path, path)
	fmt.Fprintf(&sb, "@@ -%d,%d +%d,%d @@\n", start+1, aCount, start+1, bCount)
	for _, l := range lines {
		sb.WriteString(l)
		sb.WriteByte('\n')
	}
	return sb.String()
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
		case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
			out = append(out, "+"+b[j])
			j++
		default:
			out = append(out, "-"+a[i])
			i++
		}
	}
	return out
}
