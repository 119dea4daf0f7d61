package cluster

import "slices"

// The split step. A greedy single pass makes one mistake it cannot undo by itself: the first report of a
// second happening of one kind (another earthquake, another arrest, another coach fired) joins a small
// cluster of the first, because alone it resembles that cluster more than anything else; the later reports
// of the second happening then join the mixed cluster through their own first report. Once both happenings
// have a few reports the mixed cluster shows it: its members fall into two groups that resemble each other
// far less than each resembles itself. So after a document joins a cluster, the cluster's members are cut in
// two by average linkage over their pairwise similarities (the ones link uses: cosine, fact penalty, actor
// bonus); members the cut leaves alone are outliers and stay where they are while the rest is cut again. The
// cluster is split when both parts hold at least splitMinPart documents and the average similarity between
// them is below Options.SplitThreshold times the lesser of their average similarities within. The part
// holding the cluster's first document keeps the cluster and its ID; the other becomes a new cluster of the
// same story (Assignment.Split).

const (
	splitMinPart = 2  // documents in each part of a split
	splitMaxDocs = 48 // larger clusters are not checked: their members are many reports already
	splitEvery   = 16 // above this size a cluster is checked at every fourth join
)

// Split says that a split took documents placed earlier out of cluster From into the new cluster Into.
type Split struct {
	From, Into string
	Docs       []string // the documents moved, in arrival order (the document being added is not among them)
}

// splitCheck reports whether a cluster of n members is checked for a split after a join: at every size up to
// splitEvery, then at every fourth, so that the work (quadratic in n) stays small per document.
func splitCheck(n int) bool {
	return n >= 2*splitMinPart && n <= splitMaxDocs && (n <= splitEvery || n%4 == 0)
}

// split checks cluster n after a join and, when it holds two happenings, moves the part without its first
// document into a new cluster of the same story. It returns the new cluster, or -1.
func (s *state) split(n int64) int64 {
	c := s.Clusters[n]
	if s.Opt.SplitThreshold <= 0 || c == nil || !c.Active || len(c.Members) != len(c.Docs) || !splitCheck(len(c.Members)) {
		return -1
	}
	part := s.bisect(c.Members)
	if part == nil {
		return -1
	}
	first := s.Docs[part[0]]
	m := s.newCluster(first.ID, first.Time)
	nc := s.Clusters[m]
	nc.Story = c.Story
	if st := s.Stories[c.Story]; st != nil {
		st.Clusters = append(st.Clusters, nc.ID)
	}
	for _, q := range part {
		s.Docs[q].Cluster = m
	}
	c.Members = slices.DeleteFunc(c.Members, func(q int64) bool { _, moved := slices.BinarySearch(part, q); return moved })
	nc.Members = part
	// Both summaries are rebuilt from the members, in arrival order.
	old := c.Display
	c.Docs, c.Centroid, c.Display, c.First, c.Last = nil, nil, map[uint64]string{}, 0, 0
	for _, cr := range []*clusterRec{c, nc} {
		for _, q := range cr.Members {
			r := s.Docs[q]
			cr.Docs = append(cr.Docs, r.ID)
			cr.First, cr.Last = minTime(cr.First, r.Time), max(cr.Last, r.Time)
			cr.Centroid = s.addInto(cr.Centroid, s.unit(r.Vec), s.Opt.Centroid)
		}
		keepDisplay(cr.Display, cr.Centroid, old)
	}
	for _, k := range []int64{n, m} {
		s.Clusters[k].LastSeq = s.Seq
		s.ClusterQ = append(s.ClusterQ, queued{s.Seq, k})
	}
	return m
}

// bisect returns the members (sequence numbers, ascending) to split off a cluster with members (ascending),
// or nil when the cluster is one happening.
func (s *state) bisect(members []int64) []int64 {
	n := len(members)
	recs := make([]*docRec, n)
	vecs := make([][]feat, n)
	for i, q := range members {
		recs[i] = s.Docs[q]
		vecs[i] = s.weighted(s.unit(recs[i].Vec)) // unit length under the current IDF: cosines are dot products
	}
	sim := make([][]float64, n)
	for i := range sim {
		sim[i] = make([]float64, n)
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			v := s.adjust(dot(vecs[i], vecs[j]), recs[i], recs[j])
			sim[i][j], sim[j][i] = v, v
		}
	}
	avg := func(a, b []int) float64 {
		t, k := 0.0, 0
		for _, i := range a {
			for _, j := range b {
				if i != j {
					t += sim[i][j]
					k++
				}
			}
		}
		if k == 0 {
			return 0
		}
		return t / float64(k)
	}
	live := make([]int, n)
	for i := range live {
		live[i] = i
	}
	for len(live) >= 2*splitMinPart {
		a, b := cut(live, sim)
		if len(a) < splitMinPart || len(b) < splitMinPart {
			// An outlier: it stays with the cluster, and the rest is cut again.
			small := a
			if len(b) < len(a) {
				small = b
			}
			live = slices.DeleteFunc(live, func(i int) bool { return slices.Contains(small, i) })
			continue
		}
		if avg(a, b) >= s.Opt.SplitThreshold*min(avg(a, a), avg(b, b)) {
			return nil
		}
		// The part that goes is the one without the cluster's first member (or, when the cut left that
		// member out as an outlier, the one whose first member came later).
		if slices.Contains(a, 0) || (!slices.Contains(b, 0) && a[0] < b[0]) {
			a = b
		}
		out := make([]int64, len(a))
		for k, i := range a {
			out[k] = members[i]
		}
		slices.Sort(out)
		return out
	}
	return nil
}

// cut merges the items of live by average linkage over sim until two groups remain, and returns them, each
// in ascending order.
func cut(live []int, sim [][]float64) ([]int, []int) {
	n := len(live)
	groups := make([][]int, n)
	sum := make([][]float64, n)
	for g, i := range live {
		groups[g] = []int{i}
		sum[g] = make([]float64, n)
		for h, j := range live {
			sum[g][h] = sim[i][j]
		}
	}
	for alive := n; alive > 2; alive-- {
		bg, bh, best := -1, -1, 0.0
		for g := range n {
			if groups[g] == nil {
				continue
			}
			for h := g + 1; h < n; h++ {
				if groups[h] == nil {
					continue
				}
				if avg := sum[g][h] / float64(len(groups[g])*len(groups[h])); bg < 0 || avg > best {
					bg, bh, best = g, h, avg
				}
			}
		}
		groups[bg] = append(groups[bg], groups[bh]...)
		groups[bh] = nil
		for k := range n {
			sum[bg][k] += sum[bh][k]
			sum[k][bg] = sum[bg][k]
		}
	}
	var parts [][]int
	for _, g := range groups {
		if g != nil {
			slices.Sort(g)
			parts = append(parts, g)
		}
	}
	return parts[0], parts[1]
}

// adjust turns the cosine of two stored documents into the similarity link scores a document with: less the
// fact penalty, less the actor penalty, plus the actor bonus.
func (s *state) adjust(cos float64, a, b *docRec) float64 {
	if pen := s.Opt.FactPenalty; pen > 0 {
		cos -= pen * conflict(a.Facts, b.Facts)
	}
	if apen := s.Opt.ActorPenalty; apen > 0 && actorConflict(a.Actors, a.Ents, b.Actors, b.Ents) {
		cos -= apen
	}
	if bon := s.Opt.ActorBonus; bon > 0 && len(a.Actors) > 0 && len(b.Actors) > 0 && a.Actors[0] == b.Actors[0] {
		cos += bon
	}
	return cos
}

// dot is the dot product of two vectors sorted by key.
func dot(a, b []feat) float64 {
	var d float64
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].Key < b[j].Key:
			i++
		case a[i].Key > b[j].Key:
			j++
		default:
			d += float64(a[i].W) * float64(b[j].W)
			i++
			j++
		}
	}
	return d
}
