package cluster

// rewriteScore measures how far b could be a spun rewrite of a from what rewriting leaves alone. The sentences
// that carry anchors (names and numbers) are aligned in order (longest common subsequence); two sentences
// align when they share at least half of their anchors (Jaccard >= 0.5) and their word counts are within a
// factor of 1.6. The score is the share of aligned sentences in the longer of the two documents. It is 0 when
// either document has fewer than 3 anchored sentences (too little evidence), when the two differ in sentence
// count by more than a factor of 1.6, or when fewer than 40% of their anchors (names, numbers, quoted words)
// are shared.
func rewriteScore(a, b []sentSkel, anchorsA, anchorsB []uint64) float64 {
	if !within(len(a), len(b), 1.6) || jaccard(anchorsA, anchorsB) < 0.4 {
		return 0
	}
	sa, sb := anchored(a), anchored(b)
	if len(sa) < 3 || len(sb) < 3 {
		return 0
	}
	// LCS with two rows.
	prev := make([]int, len(sb)+1)
	cur := make([]int, len(sb)+1)
	for i := range sa {
		for j := range sb {
			switch {
			case within(sa[i].Words, sb[j].Words, 1.6) && jaccard(sa[i].Anchors, sb[j].Anchors) >= 0.5:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return float64(prev[len(sb)]) / float64(max(len(sa), len(sb)))
}

func anchored(s []sentSkel) []sentSkel {
	out := make([]sentSkel, 0, len(s))
	for _, x := range s {
		if len(x.Anchors) > 0 {
			out = append(out, x)
		}
	}
	return out
}

// within reports whether positive counts x and y differ by at most factor f.
func within(x, y int, f float64) bool {
	if x <= 0 || y <= 0 {
		return false
	}
	lo, hi := min(x, y), max(x, y)
	return float64(hi) <= f*float64(lo)
}
