package cluster

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
)

// The join decision: whether a report joins the best candidate cluster the index offers or starts a new one.
// A single similarity threshold cannot tell "the first report of a second happening of one kind" (same topic
// words, other names, other year) from "a report of the same happening told in other words": both fall in the
// same similarity range. JoinModel scores a (document, candidate cluster) pair from a handful of
// corpus-agnostic features (similarities, overlap of rare names, numbers, years and dates, the cluster's size
// and the margin over the next candidate) with a logistic regression learnt by TrainJoin.

// The join features, in the order of JoinModel.W. Every feature lies roughly in [-1, 1] and depends only on
// the text of the document, the candidate cluster and the learnt document frequencies.
const (
	jfBest          = iota // cosine to the most similar member of the cluster
	jfCentroid             // cosine to the cluster's centroid
	jfFactConflict         // the most similar member states years, decimals or ages and shares none of a kind
	jfConflictShare        // share of the scored members whose facts conflict
	jfFactShared           // the most similar member shares a fact (year, decimal, age)
	jfNameCover            // IDF-weighted share of the document's names found in the centroid
	jfRareCover            // share of the document's three strongest names found in the centroid
	jfClusterCover         // share of the centroid's three strongest names found in the document
	jfNumShared            // the document and the centroid share a number
	jfNumConflict          // both have numbers and share none
	jfSize                 // log(1 + members) / log(100)
	jfMargin               // best-member cosine less that of the next candidate cluster (the best other)
	jfLenRatio             // |log(words / words of the most similar member)| / 3
	jfDateShared           // the most similar member names a month or weekday the document names
	jfDateConflict         // both name months and share none
	jfBestSize             // jfBest * jfSize
	jfBestRare             // jfBest * jfRareCover
	NumJoinFeatures
)

// JoinFeatureNames names the join features, for printing weights.
var JoinFeatureNames = [NumJoinFeatures]string{"best", "centroid", "factConflict", "conflictShare", "factShared",
	"nameCover", "rareCover", "clusterCover", "numShared", "numConflict", "size", "margin", "lenRatio",
	"dateShared", "dateConflict", "best*size", "best*rare"}

// JoinSign is the sign each join weight must have for the model to read its feature the way it means (more
// similarity or shared evidence makes a join likelier, a conflict less likely); 0 leaves it free. Training
// keeps to it, which guards a model fitted on few decisions against reading noise.
var JoinSign = [NumJoinFeatures]int{jfBest: 1, jfCentroid: 1, jfFactConflict: -1, jfConflictShare: -1,
	jfFactShared: 1, jfNameCover: 1, jfRareCover: 1, jfClusterCover: 1, jfNumShared: 1, jfNumConflict: -1,
	jfMargin: 1, jfDateShared: 1, jfDateConflict: -1, jfBestRare: 1}

// JoinModel is a logistic regression over the join features: P(same happening) = σ(B + W·x). The zero value
// means DefaultJoinModel when used in Options.
type JoinModel struct {
	W [NumJoinFeatures]float64
	B float64
}

// Prob returns the probability that the pair with features x is the same happening.
func (m JoinModel) Prob(x [NumJoinFeatures]float64) float64 {
	z := m.B
	for i, w := range m.W {
		z += w * x[i]
	}
	return 1 / (1 + math.Exp(-z))
}

// GoString prints m as a Go literal, for the generated weights file.
func (m JoinModel) GoString() string {
	var b strings.Builder
	b.WriteString("JoinModel{W: [NumJoinFeatures]float64{\n")
	for i, w := range m.W {
		fmt.Fprintf(&b, "\t%.6f, // %s\n", w, JoinFeatureNames[i])
	}
	fmt.Fprintf(&b, "}, B: %.6f}", m.B)
	return b.String()
}

// LinkRuleModel returns the model that approximates the fixed rule it replaces: join when half the cosine to
// the most similar member plus half the cosine to the centroid, less a tenth for conflicting facts, reaches
// DefaultEventThreshold (P = 0.5 there, steep around it).
func LinkRuleModel() JoinModel {
	var m JoinModel
	const k = 40
	m.W[jfBest], m.W[jfCentroid], m.W[jfFactConflict] = k*0.5, k*0.5, -k*0.1
	m.B = -k * DefaultEventThreshold
	return m
}

// JoinExample is one join decision met while adding a document: its features against one candidate cluster,
// and whether the cluster (by the majority of its members) reports the document's happening.
type JoinExample struct {
	X    [NumJoinFeatures]float64
	Same bool
}

// CollectJoins feeds docs, in order, through a new Index with opt and returns every (document, candidate
// cluster) pair that the join decision met, labelled with gold (document ID -> happening; documents missing
// from gold are never labelled the same). With forced, each document joins the candidate whose happening is
// its own (the best such by the model) or starts a cluster, so that clusters stay pure, as a teacher would
// build them; without, the Index decides as it would in use, so that the pairs show the mixed clusters its
// own mistakes make. Copies and rewrites are placed as usual and give no pairs.
func CollectJoins(ctx context.Context, docs []Doc, gold map[string]string, opt Options, forced bool) ([]JoinExample, error) {
	x := New(opt)
	var out []JoinExample
	x.oracle = func(doc string, links []link) int {
		g, ok := gold[doc]
		choice := -2
		for i, l := range links[:min(len(links), joinTop)] {
			same := false
			if ok {
				same = x.s.majority(l.cluster, gold) == g
			}
			out = append(out, JoinExample{X: l.x, Same: same})
			if forced && same && choice == -2 {
				choice = i
			}
		}
		if forced && choice == -2 {
			choice = -1
		}
		return choice
	}
	for i, d := range docs {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return out, fmt.Errorf("collect joins: %w", err)
			}
		}
		x.Add(d)
	}
	return out, nil
}

// majority returns the happening most members of cluster c belong to by gold (ties by name).
func (s *state) majority(c int64, gold map[string]string) string {
	n := map[string]int{}
	best, bestN := "", 0
	for _, d := range s.Clusters[c].Docs {
		g, ok := gold[d]
		if !ok {
			continue
		}
		n[g]++
		if n[g] > bestN || (n[g] == bestN && g < best) {
			best, bestN = g, n[g]
		}
	}
	return best
}

// TrainJoin fits a JoinModel to ex by L2-regularised logistic regression (Newton's method, so the result
// depends only on ex and l2, not on a seed or an order). The two classes are weighted to equal total weight.
func TrainJoin(ex []JoinExample, l2 float64) JoinModel {
	const n = joinN
	var pos, neg float64
	for _, e := range ex {
		if e.Same {
			pos++
		} else {
			neg++
		}
	}
	if pos == 0 || neg == 0 {
		return JoinModel{}
	}
	wPos, wNeg := 1.0, 1.0
	var w [n]float64
	for range 50 {
		var g [n]float64
		var h [n][n]float64
		for _, e := range ex {
			var x [n]float64
			copy(x[:], e.X[:])
			x[n-1] = 1
			z := 0.0
			for i := range x {
				z += w[i] * x[i]
			}
			p := 1 / (1 + math.Exp(-z))
			y, c := 0.0, wNeg
			if e.Same {
				y, c = 1, wPos
			}
			for i := range x {
				g[i] += c * (p - y) * x[i]
				for j := range x {
					h[i][j] += c * p * (1 - p) * x[i] * x[j]
				}
			}
		}
		for i := 0; i < n-1; i++ {
			g[i] += l2 * w[i]
			h[i][i] += l2
		}
		h[n-1][n-1] += 1e-9
		step := solve(h, g)
		done := true
		for i := range w {
			w[i] -= step[i]
			if math.Abs(step[i]) > 1e-7 {
				done = false
			}
		}
		if done {
			break
		}
	}
	var m JoinModel
	copy(m.W[:], w[:n-1])
	m.B = w[n-1]
	return m
}

// joinTop is how many candidate clusters, best by link score first, the join model decides between.
const joinTop = 1

// joinN is the number of weights of a JoinModel with its bias.
const joinN = NumJoinFeatures + 1

// solve returns x with a x = b by Gaussian elimination with partial pivoting (a is small and positive
// definite here).
func solve(a [joinN][joinN]float64, b [joinN]float64) [joinN]float64 {
	const N = joinN
	for c := range N {
		p := c
		for r := c + 1; r < N; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		b[c], b[p] = b[p], b[c]
		if a[c][c] == 0 {
			continue
		}
		for r := c + 1; r < N; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k < N; k++ {
				a[r][k] -= f * a[c][k]
			}
			b[r] -= f * b[c]
		}
	}
	var x [N]float64
	for c := N - 1; c >= 0; c-- {
		if a[c][c] == 0 {
			continue
		}
		v := b[c]
		for k := c + 1; k < N; k++ {
			v -= a[c][k] * x[k]
		}
		x[c] = v / a[c][c]
	}
	return x
}

// isNameKey reports whether a feature is a name (a capitalised word or an entity ID).
func isNameKey(k uint64) bool {
	kd := kindOf(k)
	return kd == kindName || kd == kindEntity
}

// inFeats reports whether key is in v (sorted by key).
func inFeats(v []feat, key uint64) bool {
	_, ok := slices.BinarySearchFunc(v, key, func(f feat, k uint64) int { return cmp.Compare(f.Key, k) })
	return ok
}

// topNames returns the n strongest names of v by TF-IDF.
func (s *state) topNames(v []feat, n int) []feat {
	var names []feat
	for _, f := range v {
		if isNameKey(f.Key) {
			names = append(names, feat{f.Key, f.W * float32(s.idf(f.Key))})
		}
	}
	slices.SortFunc(names, byWeight)
	return names[:min(n, len(names))]
}

// joinFeatures fills the features of every link of a document (vector vec, facts, words, dates) and scores
// them with the model in force.
func (s *state) joinFeatures(vec []feat, facts []uint64, words int, dates uint32, links []link) {
	var nameMass float64
	for _, f := range vec {
		if isNameKey(f.Key) {
			nameMass += float64(f.W) * s.idf(f.Key)
		}
	}
	rare := s.topNames(vec, 3)
	hasNum := false
	for _, f := range vec {
		if kindOf(f.Key) == kindNumber {
			hasNum = true
			break
		}
	}
	const months = 1<<12 - 1
	for i := range links {
		l := &links[i]
		c := s.Clusters[l.cluster]
		x := &l.x
		x[jfBest] = l.best
		x[jfCentroid] = l.cent
		r := s.Docs[l.bestSeq]
		if r != nil {
			x[jfFactConflict] = conflict(facts, r.Facts)
			x[jfFactShared] = b2f(sharesAny(facts, r.Facts))
			if words > 0 && r.Words > 0 {
				x[jfLenRatio] = min(math.Abs(math.Log(float64(words)/float64(r.Words)))/3, 1)
			}
			x[jfDateShared] = b2f(dates&r.Dates != 0)
			x[jfDateConflict] = b2f(dates&months != 0 && r.Dates&months != 0 && dates&r.Dates&months == 0)
		}
		if l.members > 0 {
			x[jfConflictShare] = float64(l.conflicts) / float64(l.members)
		}
		if nameMass > 0 {
			var in float64
			for _, f := range vec {
				if isNameKey(f.Key) && inFeats(c.Centroid, f.Key) {
					in += float64(f.W) * s.idf(f.Key)
				}
			}
			x[jfNameCover] = in / nameMass
		}
		if len(rare) > 0 {
			in := 0
			for _, f := range rare {
				if inFeats(c.Centroid, f.Key) {
					in++
				}
			}
			x[jfRareCover] = float64(in) / float64(len(rare))
		}
		if cn := s.topNames(c.Centroid, 3); len(cn) > 0 {
			in := 0
			for _, f := range cn {
				if inFeats(vec, f.Key) {
					in++
				}
			}
			x[jfClusterCover] = float64(in) / float64(len(cn))
		}
		cNum, shared := false, false
		for _, f := range c.Centroid {
			if kindOf(f.Key) == kindNumber {
				cNum = true
				if inFeats(vec, f.Key) {
					shared = true
					break
				}
			}
		}
		x[jfNumShared] = b2f(shared)
		x[jfNumConflict] = b2f(hasNum && cNum && !shared)
		x[jfSize] = math.Log(1+float64(len(c.Docs))) / math.Log(100)
		next := 0.0
		for j := range links {
			if j != i {
				next = max(next, links[j].best)
			}
		}
		x[jfMargin] = l.best - next
		x[jfBestSize] = x[jfBest] * x[jfSize]
		x[jfBestRare] = x[jfBest] * x[jfRareCover]
		l.p = s.Opt.Join.Prob(*x)
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// sharesAny reports whether two sorted lists share an element.
func sharesAny(a, b []uint64) bool {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case b[j] < a[i]:
			j++
		default:
			return true
		}
	}
	return false
}

// dateWords maps month and weekday names to their bit in analysis.dates: months 0-11, weekdays 12-18.
var dateWords = func() map[string]uint32 {
	m := map[string]uint32{}
	for i, w := range []string{"january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
		"saturday", "sunday"} {
		m[w] = 1 << i
	}
	return m
}()
