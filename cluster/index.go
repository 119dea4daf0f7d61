package cluster

import (
	"newsgraph/internal/hashmix"

	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
)

// Limits of the inverted indexes: how many of a document's strongest features are looked up and posted, how
// many entries a posting list keeps (the most recent), how many candidate documents are scored exactly, and
// how often dead entries are swept out. Together they bound the work of one Add whatever the stream size.
const (
	lookupFeatures  = 24
	postingCap      = 48
	anchorCap       = 64
	candidateCap    = 32
	rewriteCands    = 10
	storyCentroid   = 64
	sweepEvery      = 4096
	labelNames      = 3
	minCopyShingles = 3
	// stopShare: a feature seen in more than this share of the documents so far is a stop term: it still
	// counts in similarities but is neither posted nor looked up (its posting list would hold arbitrary
	// documents). Checked only after stopMinDocs documents.
	stopShare   = 0.05
	stopMinDocs = 200
)

// Index clusters a stream of documents. It is safe for concurrent use: methods are serialised by a mutex, so
// one writer and any number of readers may share it, but Add calls are not run in parallel.
type Index struct {
	mu    sync.Mutex
	seeds []uint64
	s     state
	// oracle, when set (CollectJoins), sees the scored candidate clusters of each report and returns the one
	// to join, -1 for a new cluster, or -2 to let the Index decide.
	oracle func(doc string, links []link) int
}

// feat is one weighted feature of a vector or centroid.
type feat struct {
	Key uint64
	W   float32
}

// docRec is a document still in the candidate indexes.
type docRec struct {
	ID      string
	Cluster int64
	Time    int64 // Unix nanoseconds; 0 undated
	Vec     []feat
	Facts   []uint64 // sorted: years, decimals and ages written in the text (see facts)
	Sig     []uint32
	Sents   []sentSkel
	Anchors []uint64
	Words   int      // words in the text
	Dates   uint32   // months and weekdays named (analysis.dates)
	Actors  []uint64 // the main actor (analysis.actors)
	Ents    []uint64 // the entities named, sorted (analysis.ents)
}

// clusterRec is a cluster. Active clusters are candidates; a cluster that left the window is retired: only
// its summary is kept, until TakeRetired hands it over or the MaxRetired cap drops it.
type clusterRec struct {
	ID          string
	Story       int64
	Docs        []string
	First, Last int64
	Label       string

	Active   bool
	LastSeq  int64
	Members  []int64 // sequence numbers of its documents still in the candidate indexes, ascending
	Centroid []feat  // sorted by key
	Display  map[uint64]string
}

type storyRec struct {
	ID          string
	Clusters    []string
	First, Last int64
	Label       string

	Active   bool
	LastSeq  int64
	Centroid []feat
	Display  map[uint64]string
	Posted   map[uint64]bool
}

type queued struct {
	Seq int64
	N   int64
}

// state is everything an Index knows; it is what MarshalBinary saves.
type state struct {
	Opt   Options
	Seq   int64 // documents added
	DF    []uint32
	Clock int64 // newest publication date seen, Unix nanoseconds

	Docs     map[int64]*docRec // by sequence number, candidates only
	DocByID  map[string]int64
	DocQueue []int64
	Bands    map[uint64][]int64
	AnchorPo map[uint64][]int64
	TermPo   map[uint64][]int64

	Clusters    map[int64]*clusterRec // active and retained retired clusters, by creation number
	NextCluster int64
	ClusterByID map[string]int64
	ClusterQ    []queued
	NActive     int
	Retired     []int64 // retired clusters not yet taken, oldest first
	Dropped     int64   // retired clusters dropped by the MaxRetired cap

	Stories        map[int64]*storyRec
	NextStory      int64
	StoryByID      map[string]int64
	StoryPo        map[uint64][]int64
	StoryQ         []queued
	NStories       int
	RetiredStories []int64

	idfCache []idfSlot // not saved: a direct-mapped memo of idf, valid for one Seq
	prior    *Prior    // not saved: the prior table (DefaultPrior), nil when off
}

type idfSlot struct {
	key uint64
	seq int64
	v   float64
}

// New returns an empty Index.
func New(opt Options) *Index {
	opt = opt.withDefaults()
	x := &Index{s: state{
		Opt:         opt,
		DF:          make([]uint32, 2<<opt.DFBits),
		Docs:        map[int64]*docRec{},
		DocByID:     map[string]int64{},
		Bands:       map[uint64][]int64{},
		AnchorPo:    map[uint64][]int64{},
		TermPo:      map[uint64][]int64{},
		Clusters:    map[int64]*clusterRec{},
		ClusterByID: map[string]int64{},
		Stories:     map[int64]*storyRec{},
		StoryByID:   map[string]int64{},
		StoryPo:     map[uint64][]int64{},
	}}
	x.seeds = minhashSeeds(opt.Bands * opt.Rows)
	x.s.setPrior()
	return x
}

// setPrior attaches the default prior table unless Options.Prior switches it off. A broken embedded table
// leaves the Index without one (TestTrainPrior guards the table).
func (s *state) setPrior() {
	s.prior = nil
	if s.Opt.Prior < 0 {
		return
	}
	if p, err := DefaultPrior(); err == nil && p.Docs() > 0 {
		s.prior = p
	}
}

// Options returns the options in force, defaults filled in.
func (x *Index) Options() Options {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.s.Opt
}

// df returns the document frequency of key from the count-min sketch.
func (s *state) df(key uint64) uint32 {
	size := uint64(len(s.DF) / 2)
	a := s.DF[key%size]
	b := s.DF[size+(hashmix.Finalize(key)%size)]
	return min(a, b)
}

func (s *state) countDF(key uint64) {
	size := uint64(len(s.DF) / 2)
	i, j := key%size, size+(hashmix.Finalize(key)%size)
	if s.DF[i] < math.MaxUint32 {
		s.DF[i]++
	}
	if s.DF[j] < math.MaxUint32 {
		s.DF[j]++
	}
}

// idf is the inverse document frequency of key: the one learnt from the documents before the current one,
// ln((N+1)/(df+0.5)), capped, when the prior table (Options.Prior) holds the feature, by the table's
// ln((Np+1)/(dfp+0.5)); at least a small floor so that a feature seen everywhere still counts a little. A
// feature is thus weak when it is common in the stream (the background of a story that every report repeats)
// or in news at large ("officials", "government"), whichever the evidence shows first: a small stream no longer
// takes its common words for rare ones, and a stream about one subject still learns which of its words tell
// its happenings apart. A feature the table does not hold is not capped: the table's silence is no evidence,
// and a long stream's rare names must stay rarer than anything the table could say.
func (s *state) idf(key uint64) float64 {
	if s.idfCache == nil {
		s.idfCache = make([]idfSlot, 1<<14)
	}
	e := &s.idfCache[(key>>8)&(1<<14-1)]
	if e.key == key && e.seq == s.Seq {
		return e.v
	}
	v := math.Log(float64(s.Seq+1) / (float64(s.df(key)) + 0.5))
	if s.prior != nil {
		if dfp := s.prior.DF(key); dfp > 0 {
			v = min(v, math.Log(float64(s.prior.Docs()+1)/(float64(dfp)+0.5)))
		}
	}
	v = max(v, 0.05)
	*e = idfSlot{key, s.Seq, v}
	return v
}

// stop reports whether key is too common to post or look up.
func (s *state) stop(key uint64) bool {
	return s.Seq >= stopMinDocs && float64(s.df(key)) > stopShare*float64(s.Seq)
}

// vector builds the term vector of a document: saturated term frequency times kind weight per feature, the
// Features strongest by TF-IDF kept, sorted by key. Vectors and centroids are kept without IDF, which is
// applied when they are compared, so that clusters made while IDF was still being learnt compare with
// today's weights.
func (s *state) vector(a analysis) []feat {
	v := make([]feat, 0, len(a.terms))
	for k, tf := range a.terms {
		w := 1 + math.Log(float64(tf))
		switch kindOf(k) {
		case kindName:
			w *= s.Opt.NameWeight
		case kindEntity:
			w *= s.Opt.NameWeight * s.Opt.EntityWeight
		case kindNumber:
			w *= s.Opt.NumberWeight
		}
		if w > 0 {
			v = append(v, feat{k, float32(w)})
		}
	}
	return s.topFeatures(v, s.Opt.Features)
}

// topFeatures keeps the n strongest features of v by TF-IDF (ties by key) and returns them sorted by key.
func (s *state) topFeatures(v []feat, n int) []feat {
	if len(v) > n {
		w := s.weighted(v)
		slices.SortFunc(w, byWeight)
		keep := make(map[uint64]bool, n)
		for _, f := range w[:n] {
			keep[f.Key] = true
		}
		v = slices.DeleteFunc(v, func(f feat) bool { return !keep[f.Key] })
	}
	slices.SortFunc(v, func(a, b feat) int { return cmp.Compare(a.Key, b.Key) })
	return v
}

// weighted returns v with every weight multiplied by its current IDF.
func (s *state) weighted(v []feat) []feat {
	w := make([]feat, len(v))
	for i, f := range v {
		w[i] = feat{f.Key, f.W * float32(s.idf(f.Key))}
	}
	return w
}

func byWeight(a, b feat) int {
	if c := cmp.Compare(b.W, a.W); c != 0 {
		return c
	}
	return cmp.Compare(a.Key, b.Key)
}

// strongest returns the keys of the n strongest features of v by TF-IDF that are not stop terms.
func (s *state) strongest(v []feat, n int) []feat {
	w := s.weighted(v)
	w = slices.DeleteFunc(w, func(f feat) bool { return s.stop(f.Key) })
	slices.SortFunc(w, byWeight)
	return w[:min(n, len(w))]
}

// cosine of two vectors or centroids (sorted by key) under the current IDF.
func (s *state) cosine(a, b []feat) float64 {
	var dot, na, nb float64
	i := 0
	for _, f := range b {
		idf := s.idf(f.Key)
		y := float64(f.W) * idf
		nb += y * y
		for i < len(a) && a[i].Key < f.Key {
			i++
		}
		if i < len(a) && a[i].Key == f.Key {
			dot += float64(a[i].W) * idf * y
		}
	}
	for _, f := range a {
		x := float64(f.W) * s.idf(f.Key)
		na += x * x
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// unit returns v scaled to unit length under the current IDF, so that every member weighs the same in a
// centroid.
func (s *state) unit(v []feat) []feat {
	var n float64
	for _, f := range v {
		x := float64(f.W) * s.idf(f.Key)
		n += x * x
	}
	out := slices.Clone(v)
	if n == 0 {
		return out
	}
	n = math.Sqrt(n)
	for i := range out {
		out[i].W = float32(float64(out[i].W) / n)
	}
	return out
}

// addInto adds v to centroid c (both sorted by key) and keeps the n strongest.
func (s *state) addInto(c, v []feat, n int) []feat {
	out := make([]feat, 0, len(c)+len(v))
	i, j := 0, 0
	for i < len(c) || j < len(v) {
		switch {
		case j == len(v) || (i < len(c) && c[i].Key < v[j].Key):
			out = append(out, c[i])
			i++
		case i == len(c) || v[j].Key < c[i].Key:
			out = append(out, v[j])
			j++
		default:
			out = append(out, feat{c[i].Key, c[i].W + v[j].W})
			i++
			j++
		}
	}
	return s.topFeatures(out, n)
}

// Add assigns d to a cluster and returns where it went.
func (x *Index) Add(d Doc) Assignment {
	x.mu.Lock()
	defer x.mu.Unlock()
	s := &x.s
	o := &s.Opt
	s.Seq++
	seq := s.Seq
	a := analyseWith(d, o.Shingle, o.WordNames >= 0)
	var t int64
	if !d.Published.IsZero() {
		t = d.Published.UnixNano()
		s.Clock = max(s.Clock, t)
	}
	s.evict()
	// IDF comes from the documents before this one: its own terms are counted after it is placed.
	idfSeq := s.Seq
	s.Seq--
	vec := s.vector(a)

	as := Assignment{Doc: d.ID, Relation: Report}
	target := int64(-1)

	// 1. Copies: the same ID again, or LSH candidates with a high estimated Jaccard similarity.
	var sig []uint32
	if o.CopyThreshold > 0 && len(a.shingles) >= minCopyShingles {
		sig = signature(a.shingles, x.seeds)
	}
	if prev, ok := s.DocByID[d.ID]; ok {
		as.Relation, as.Of, as.Similarity, target = Copy, d.ID, 1, s.Docs[prev].Cluster
	} else if sig != nil {
		var cands []int64
		for _, key := range bandKeys(sig, o.Bands, o.Rows) {
			for _, q := range s.Bands[key] {
				if s.Docs[q] != nil {
					cands = append(cands, q)
				}
			}
		}
		slices.Sort(cands)
		cands = slices.Compact(cands)
		best, bestSeq := 0.0, int64(0)
		for _, q := range cands {
			if e := estimate(sig, s.Docs[q].Sig); e > best {
				best, bestSeq = e, q
			}
		}
		if best >= o.CopyThreshold {
			r := s.Docs[bestSeq]
			as.Relation, as.Of, as.Similarity, target = Copy, r.ID, best, r.Cluster
		}
	}

	// 2. Rewrites: documents sharing names and numbers whose sentence skeleton agrees.
	if target < 0 && o.RewriteThreshold > 0 && len(a.anchors) > 0 {
		shared := map[int64]int{}
		for _, k := range a.anchors {
			for _, q := range s.AnchorPo[k] {
				if s.Docs[q] != nil {
					shared[q]++
				}
			}
		}
		type cand struct {
			seq int64
			n   int
		}
		var cs []cand
		for q, n := range shared {
			if n >= 3 {
				cs = append(cs, cand{q, n})
			}
		}
		slices.SortFunc(cs, func(p, q cand) int {
			if c := cmp.Compare(q.n, p.n); c != 0 {
				return c
			}
			return cmp.Compare(p.seq, q.seq)
		})
		best, bestSeq := 0.0, int64(0)
		for _, c := range cs[:min(len(cs), rewriteCands)] {
			r := s.Docs[c.seq]
			if sc := rewriteScore(r.Sents, a.sents, r.Anchors, a.anchors); sc > best || (sc == best && sc > 0 && c.seq < bestSeq) {
				best, bestSeq = sc, c.seq
			}
		}
		if best >= o.RewriteThreshold {
			r := s.Docs[bestSeq]
			as.Relation, as.Of, as.Similarity, target = Rewrite, r.ID, best, r.Cluster
		}
	}

	// 3. Reports: the cluster of the most similar recent documents within the time window.
	facts := a.facts
	var links []link
	if target < 0 {
		links = s.link(vec, facts, a.actors, a.ents, t)
		choice := -1
		if o.JoinThreshold > 0 || x.oracle != nil {
			s.joinFeatures(vec, facts, a.words, a.dates, links)
		}
		if o.JoinThreshold > 0 {
			// The learnt join decision: the candidate most likely the same happening, if likely enough.
			for i, l := range links[:min(len(links), joinTop)] {
				if l.p >= o.JoinThreshold && (choice < 0 || l.p > links[choice].p) {
					choice = i
				}
			}
		} else if len(links) > 0 && links[0].score >= o.EventThreshold {
			choice = 0
		}
		if x.oracle != nil {
			if c := x.oracle(d.ID, links); c >= -1 {
				choice = c
			}
		}
		if choice >= 0 {
			target, as.Similarity = links[choice].cluster, links[choice].score
		}
	}
	if target < 0 {
		target = s.newCluster(d.ID, t)
		as.New = true
		if st, ok := s.bestStory(vec, t); ok {
			s.Clusters[target].Story = st
		} else {
			s.Clusters[target].Story = s.newStory(s.Clusters[target].ID, t)
		}
		st := s.Stories[s.Clusters[target].Story]
		st.Clusters = append(st.Clusters, s.Clusters[target].ID)
	}
	s.Seq = idfSeq
	for k := range a.terms {
		s.countDF(k)
	}

	// Register the document and update its cluster and story.
	c := s.Clusters[target]
	if _, dup := s.DocByID[d.ID]; !dup {
		rec := &docRec{ID: d.ID, Cluster: target, Time: t, Vec: vec, Facts: facts, Sig: sig, Sents: a.sents, Anchors: a.anchors,
			Words: a.words, Dates: a.dates, Actors: a.actors, Ents: a.ents}
		s.Docs[seq] = rec
		s.DocByID[d.ID] = seq
		s.DocQueue = append(s.DocQueue, seq)
		c.Members = append(c.Members, seq)
		if sig != nil {
			for _, key := range bandKeys(sig, o.Bands, o.Rows) {
				s.Bands[key] = appendCapped(s.Bands[key], seq, anchorCap)
			}
		}
		for _, k := range a.anchors {
			s.AnchorPo[k] = appendCapped(s.AnchorPo[k], seq, anchorCap)
		}
		for _, f := range s.strongest(vec, lookupFeatures) {
			s.TermPo[f.Key] = appendCapped(s.TermPo[f.Key], seq, postingCap)
		}
	}
	c.Docs = append(c.Docs, d.ID)
	c.First, c.Last = minTime(c.First, t), max(c.Last, t)
	c.Centroid = s.addInto(c.Centroid, s.unit(vec), o.Centroid)
	keepDisplay(c.Display, c.Centroid, a.display)
	c.LastSeq = seq
	s.ClusterQ = append(s.ClusterQ, queued{seq, target})
	if st := s.Stories[c.Story]; st != nil && st.Active {
		st.First, st.Last = minTime(st.First, t), max(st.Last, t)
		st.Centroid = s.addInto(st.Centroid, s.unit(vec), storyCentroid)
		keepDisplay(st.Display, st.Centroid, a.display)
		for _, f := range s.strongest(vec, lookupFeatures) {
			if len(st.Posted) >= storyCentroid {
				break // a story is found through its first features; the map stays small
			}
			if !st.Posted[f.Key] {
				st.Posted[f.Key] = true
				s.StoryPo[f.Key] = appendCapped(s.StoryPo[f.Key], c.Story, postingCap)
			}
		}
		st.LastSeq = seq
		s.StoryQ = append(s.StoryQ, queued{seq, c.Story})
	}
	// Agglomerative step: another cluster whose members link to this document as strongly as the cluster it
	// joined is the same happening, split earlier; the older absorbs the younger.
	if o.MergeThreshold > 0 && as.Relation == Report {
		for _, l := range links {
			if l.cluster == target || l.score < o.MergeThreshold || s.Clusters[l.cluster] == nil || !s.Clusters[l.cluster].Active {
				continue
			}
			into, from := min(target, l.cluster), max(target, l.cluster)
			as.Merged = append(as.Merged, s.Clusters[from].ID)
			s.merge(into, from)
			target = into
		}
		c = s.Clusters[target]
	}
	// Split step: the cluster it joined may now show two happenings (split.go).
	if !as.New {
		from := c.ID
		if m := s.split(target); m >= 0 {
			nc := s.Clusters[m]
			sp := &Split{From: from, Into: nc.ID}
			for _, id := range nc.Docs {
				if id != d.ID {
					sp.Docs = append(sp.Docs, id)
				}
			}
			as.Split = sp
			if slices.Contains(nc.Docs, d.ID) {
				target = m
			}
			c = s.Clusters[target]
		}
	}
	s.evict()
	if seq%sweepEvery == 0 {
		s.sweep()
	}
	as.Cluster = c.ID
	as.Story = s.storyID(c.Story)
	return as
}

func (s *state) storyID(n int64) string {
	if st := s.Stories[n]; st != nil {
		return st.ID
	}
	return ""
}

func minTime(a, b int64) int64 {
	switch {
	case a == 0:
		return b
	case b == 0:
		return a
	}
	return min(a, b)
}

func appendCapped[T any](l []T, v T, n int) []T {
	if len(l) >= n {
		l = append(l[:0:0], l[len(l)-n+1:]...)
	}
	return append(l, v)
}

// keepDisplay records how to show the features of centroid c (from the document's display strings) and forgets
// those that left it.
func keepDisplay(display map[uint64]string, c []feat, from map[uint64]string) {
	in := make(map[uint64]bool, len(c))
	for _, f := range c {
		in[f.Key] = true
		if _, ok := display[f.Key]; !ok {
			if v, ok := from[f.Key]; ok {
				display[f.Key] = v
			}
		}
	}
	for k := range display {
		if !in[k] {
			delete(display, k)
		}
	}
}

// inWindow reports whether time t may belong with something spanning [first, last] under window w. Undated
// sides always may.
func inWindow(t, first, last int64, w time.Duration) bool {
	if t == 0 || last == 0 {
		return true
	}
	return t >= first-int64(w) && t <= last+int64(w)
}

// link is a candidate cluster for a document with its score.
type link struct {
	cluster   int64
	score     float64
	best      float64 // cosine to the most similar scored member, no fact penalty
	bestSeq   int64   // that member
	cent      float64 // cosine to the centroid
	members   int     // members scored
	conflicts int     // members scored whose facts conflict with the document's
	x         [NumJoinFeatures]float64
	p         float64 // probability of the same happening by the join model
}

// link finds the recent documents most similar to vec through the term postings (at most candidateCap,
// ranked by the summed weight of the shared looked-up features), scores them exactly, and scores each of
// their clusters: LinkWeight times the best similarity to one of its members plus the rest times the
// similarity to its centroid, less a penalty when the facts (years, decimals, ages) or the main actors
// conflict, plus a bonus when the main actors agree. Best first.
func (s *state) link(vec []feat, facts, actors, ents []uint64, t int64) []link {
	acc := map[int64]float64{}
	for _, f := range s.strongest(vec, lookupFeatures) {
		for _, q := range s.TermPo[f.Key] {
			r := s.Docs[q]
			if r == nil || !inWindow(t, r.Time, r.Time, s.Opt.Window) {
				continue
			}
			acc[q] += float64(f.W)
		}
	}
	all := ranked(acc)
	type agg struct {
		best, raw        float64
		rawSeq           int64
		members, conflic int
	}
	per := map[int64]*agg{}
	var order []int64
	pen := s.Opt.FactPenalty
	for _, x := range all[:min(len(all), candidateCap)] {
		r := s.Docs[x.id]
		raw := s.cosine(vec, r.Vec)
		cf := conflict(facts, r.Facts)
		sim := raw
		if pen > 0 {
			sim -= pen * cf
		}
		if apen := s.Opt.ActorPenalty; apen > 0 && actorConflict(actors, ents, r.Actors, r.Ents) {
			sim -= apen
		}
		if b := s.Opt.ActorBonus; b > 0 && len(actors) > 0 && len(r.Actors) > 0 && actors[0] == r.Actors[0] {
			sim += b
		}
		g := per[r.Cluster]
		if g == nil {
			g = &agg{rawSeq: -1}
			per[r.Cluster] = g
			order = append(order, r.Cluster)
		}
		g.best = max(g.best, sim)
		if raw > g.raw || g.rawSeq < 0 {
			g.raw, g.rawSeq = raw, x.id
		}
		g.members++
		if cf > 0 {
			g.conflic++
		}
	}
	alpha := s.Opt.LinkWeight
	out := make([]link, 0, len(order))
	for _, c := range order {
		g := per[c]
		cr := s.Clusters[c]
		cent := s.cosine(vec, cr.Centroid)
		sc := alpha*g.best + (1-alpha)*cent
		out = append(out, link{cluster: c, score: sc, best: g.raw, bestSeq: g.rawSeq, cent: cent, members: g.members,
			conflicts: g.conflic})
	}
	slices.SortFunc(out, func(a, b link) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.cluster, b.cluster)
	})
	return out
}

// actorConflict reports whether two documents both have a main actor and each leaves the other's unnamed.
func actorConflict(actA, entsA, actB, entsB []uint64) bool {
	if len(actA) == 0 || len(actB) == 0 {
		return false
	}
	_, inB := slices.BinarySearch(entsB, actA[0])
	_, inA := slices.BinarySearch(entsA, actB[0])
	return !inA && !inB
}

// conflict is 1 when both documents state facts of a kind (years, decimals, ages) and share none of that
// kind, 0 otherwise (the largest over kinds).
func conflict(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	c := 0.0
	for _, kind := range []byte{factYear, factDecimal, factAge} {
		var na, nb, shared int
		i, j := 0, 0
		for i < len(a) || j < len(b) {
			switch {
			case j == len(b) || (i < len(a) && a[i] < b[j]):
				if byte(a[i]) == kind {
					na++
				}
				i++
			case i == len(a) || b[j] < a[i]:
				if byte(b[j]) == kind {
					nb++
				}
				j++
			default:
				if byte(a[i]) == kind {
					na++
					nb++
					shared++
				}
				i++
				j++
			}
		}
		if na > 0 && nb > 0 && shared == 0 {
			c = 1
		}
	}
	return c
}

func (s *state) bestStory(vec []feat, t int64) (int64, bool) {
	if s.Opt.StoryThreshold < 0 {
		return -1, false
	}
	acc := map[int64]float64{}
	for _, f := range s.strongest(vec, lookupFeatures) {
		for _, c := range s.StoryPo[f.Key] {
			r := s.Stories[c]
			if r != nil && r.Active && inWindow(t, r.First, r.Last, s.Opt.StoryWindow) {
				acc[c] += float64(f.W)
			}
		}
	}
	all := ranked(acc)
	best, bestSim := int64(-1), 0.0
	for _, x := range all[:min(len(all), candidateCap)] {
		if sim := s.cosine(vec, s.Stories[x.id].Centroid); sim > bestSim || (sim == bestSim && sim > 0 && x.id < best) {
			best, bestSim = x.id, sim
		}
	}
	return best, best >= 0 && bestSim >= s.Opt.StoryThreshold
}

// stableID derives an ID from seed, made unique against taken.
func stableID(prefix, seed string, taken func(string) bool) string {
	id := fmt.Sprintf("%s%012x", prefix, hash64(0, seed)>>16)
	for i := 2; taken(id); i++ {
		id = fmt.Sprintf("%s%012x-%d", prefix, hash64(0, seed)>>16, i)
	}
	return id
}

func (s *state) newCluster(docID string, t int64) int64 {
	id := stableID("c", docID, func(id string) bool { _, ok := s.ClusterByID[id]; return ok })
	n := s.NextCluster
	s.NextCluster++
	s.Clusters[n] = &clusterRec{ID: id, Story: -1, First: t, Last: t, Active: true, Display: map[uint64]string{}}
	s.ClusterByID[id] = n
	s.NActive++
	return n
}

func (s *state) newStory(clusterID string, t int64) int64 {
	id := stableID("s", clusterID, func(id string) bool { _, ok := s.StoryByID[id]; return ok })
	n := s.NextStory
	s.NextStory++
	s.Stories[n] = &storyRec{ID: id, First: t, Last: t, Active: true, Display: map[uint64]string{}, Posted: map[uint64]bool{}}
	s.StoryByID[id] = n
	s.NStories++
	return n
}

// merge moves cluster from into cluster into; both are active. The cost is that of the members of from
// still in the candidate indexes.
func (s *state) merge(into, from int64) {
	a, b := s.Clusters[into], s.Clusters[from]
	a.Docs = append(a.Docs, b.Docs...)
	a.First, a.Last = minTime(a.First, b.First), max(a.Last, b.Last)
	a.Centroid = s.addInto(a.Centroid, b.Centroid, s.Opt.Centroid)
	keepDisplay(a.Display, a.Centroid, b.Display)
	for _, q := range b.Members {
		s.Docs[q].Cluster = into
	}
	a.Members = append(a.Members, b.Members...)
	slices.Sort(a.Members)
	a.LastSeq = s.Seq
	s.ClusterQ = append(s.ClusterQ, queued{s.Seq, into})
	if st := s.Stories[b.Story]; st != nil {
		st.Clusters = slices.DeleteFunc(st.Clusters, func(id string) bool { return id == b.ID })
	}
	delete(s.Clusters, from)
	delete(s.ClusterByID, b.ID)
	s.NActive--
}

// evict takes documents, clusters and stories out of the candidate indexes when they are older than their
// window before the newest date seen, or when there are more than the caps allow (oldest updated first).
// Clusters and stories that leave are retired (their summaries wait for TakeRetired, at most MaxRetired).
func (s *state) evict() {
	o := &s.Opt
	for len(s.DocQueue) > 0 {
		q := s.DocQueue[0]
		r := s.Docs[q]
		if r != nil && len(s.Docs) <= o.MaxDocs && (r.Time == 0 || r.Time >= s.Clock-int64(o.Window)) {
			break
		}
		if r != nil {
			s.dropDoc(q)
		}
		s.DocQueue = s.DocQueue[1:]
	}
	for len(s.ClusterQ) > 0 {
		e := s.ClusterQ[0]
		c := s.Clusters[e.N]
		if c != nil && c.Active && c.LastSeq == e.Seq {
			if s.NActive <= o.MaxClusters && (c.Last == 0 || c.Last >= s.Clock-int64(o.Window)) {
				break
			}
			for _, q := range c.Members {
				if s.Docs[q] != nil {
					s.dropDoc(q)
				}
			}
			c.Label = label(c.Centroid, c.Display)
			c.Active, c.Centroid, c.Display, c.Members = false, nil, nil, nil
			s.NActive--
			s.Retired = append(s.Retired, e.N)
			for len(s.Retired) > o.MaxRetired {
				r := s.Clusters[s.Retired[0]]
				delete(s.ClusterByID, r.ID)
				delete(s.Clusters, s.Retired[0])
				s.Retired = s.Retired[1:]
				s.Dropped++
			}
		}
		s.ClusterQ = s.ClusterQ[1:]
	}
	for len(s.StoryQ) > 0 {
		e := s.StoryQ[0]
		c := s.Stories[e.N]
		if c != nil && c.Active && c.LastSeq == e.Seq {
			if s.NStories <= o.MaxStories && (c.Last == 0 || c.Last >= s.Clock-int64(o.StoryWindow)) {
				break
			}
			c.Label = label(c.Centroid, c.Display)
			c.Active, c.Centroid, c.Display, c.Posted = false, nil, nil, nil
			s.NStories--
			s.RetiredStories = append(s.RetiredStories, e.N)
			for len(s.RetiredStories) > o.MaxRetired {
				r := s.Stories[s.RetiredStories[0]]
				delete(s.StoryByID, r.ID)
				delete(s.Stories, s.RetiredStories[0])
				s.RetiredStories = s.RetiredStories[1:]
			}
		}
		s.StoryQ = s.StoryQ[1:]
	}
}

// dropDoc takes document q out of the candidate indexes (its posting entries go at the next sweep).
func (s *state) dropDoc(q int64) {
	r := s.Docs[q]
	delete(s.Docs, q)
	delete(s.DocByID, r.ID)
	if c := s.Clusters[r.Cluster]; c != nil {
		// Documents leave in arrival order, so q is usually the first member; a merge or a retirement may
		// have reordered that.
		if len(c.Members) > 0 && c.Members[0] == q {
			c.Members = c.Members[1:]
		} else {
			c.Members = slices.DeleteFunc(c.Members, func(m int64) bool { return m == q })
		}
	}
}

// sweep drops posting entries of items that left the candidate indexes and compacts the queues, so that the
// indexes hold only live entries (amortised over sweepEvery additions).
func (s *state) sweep() {
	for _, m := range []map[uint64][]int64{s.Bands, s.AnchorPo, s.TermPo} {
		for k, l := range m {
			if l = slices.DeleteFunc(l, func(q int64) bool { return s.Docs[q] == nil }); len(l) == 0 {
				delete(m, k)
			} else {
				m[k] = l
			}
		}
	}
	for k, l := range s.StoryPo {
		if l = slices.DeleteFunc(l, func(c int64) bool { return s.Stories[c] == nil || !s.Stories[c].Active }); len(l) == 0 {
			delete(s.StoryPo, k)
		} else {
			s.StoryPo[k] = l
		}
	}
	s.DocQueue = slices.Clone(s.DocQueue)
	s.ClusterQ = slices.DeleteFunc(slices.Clone(s.ClusterQ), func(e queued) bool {
		c := s.Clusters[e.N]
		return c == nil || !c.Active || c.LastSeq != e.Seq
	})
	s.StoryQ = slices.DeleteFunc(slices.Clone(s.StoryQ), func(e queued) bool {
		c := s.Stories[e.N]
		return c == nil || !c.Active || c.LastSeq != e.Seq
	})
	s.Retired = slices.Clone(s.Retired)
	s.RetiredStories = slices.Clone(s.RetiredStories)
	for _, c := range s.Clusters {
		if c.Active {
			c.Members = slices.Clone(c.Members)
		}
	}
}

// label names a centroid by its strongest names (entities or capitalised words, shown as the longest run of
// capitalised words they were seen in) and its strongest key term: "Lindsay Lohan, Betty Ford Center: rehab".
func label(c []feat, display map[uint64]string) string {
	w := slices.Clone(c)
	slices.SortFunc(w, byWeight)
	var names []string
	term := ""
	for _, f := range w {
		show := display[f.Key]
		if show == "" {
			continue
		}
		switch kindOf(f.Key) {
		case kindName, kindEntity:
			if len(names) >= labelNames {
				continue
			}
			dup := false
			for i, n := range names {
				if strings.Contains(n, show) {
					dup = true
				} else if strings.Contains(show, n) {
					names[i], dup = show, true
				}
			}
			if !dup {
				names = append(names, show)
			}
		case kindTerm:
			if term == "" {
				term = show
			}
		}
		if len(names) >= labelNames && term != "" {
			break
		}
	}
	switch {
	case len(names) == 0:
		return term
	case term == "":
		return strings.Join(names, ", ")
	}
	return strings.Join(names, ", ") + ": " + term
}

func unixTime(t int64) time.Time {
	if t == 0 {
		return time.Time{}
	}
	return time.Unix(0, t).UTC()
}

func (s *state) summary(c *clusterRec) Cluster {
	l := c.Label
	if c.Active {
		l = label(c.Centroid, c.Display)
	}
	return Cluster{ID: c.ID, Label: l, Docs: slices.Clone(c.Docs), First: unixTime(c.First), Last: unixTime(c.Last),
		Story: s.storyID(c.Story)}
}

func (s *state) storySummary(c *storyRec) Story {
	l := c.Label
	if c.Active {
		l = label(c.Centroid, c.Display)
	}
	return Story{ID: c.ID, Label: l, Clusters: slices.Clone(c.Clusters), First: unixTime(c.First), Last: unixTime(c.Last)}
}

// Clusters returns the clusters held in memory, in order of creation, with their members in arrival order:
// the active ones and the retired ones not yet taken by TakeRetired (nor dropped by the MaxRetired cap).
// Until anything is retired, that is every cluster made so far.
func (x *Index) Clusters() []Cluster {
	x.mu.Lock()
	defer x.mu.Unlock()
	s := &x.s
	out := make([]Cluster, 0, len(s.Clusters))
	for _, k := range slices.Sorted(maps.Keys(s.Clusters)) {
		out = append(out, s.summary(s.Clusters[k]))
	}
	return out
}

// Stories returns the stories held in memory (active and retired not taken), in order of creation.
func (x *Index) Stories() []Story {
	x.mu.Lock()
	defer x.mu.Unlock()
	s := &x.s
	out := make([]Story, 0, len(s.Stories))
	for _, k := range slices.Sorted(maps.Keys(s.Stories)) {
		out = append(out, s.storySummary(s.Stories[k]))
	}
	return out
}

// Summaries returns the summaries of the named clusters and stories still held in memory, in the order named;
// IDs it does not hold are left out. It costs what the named ones cost, not what the index holds.
func (x *Index) Summaries(clusterIDs, storyIDs []string) ([]Cluster, []Story) {
	x.mu.Lock()
	defer x.mu.Unlock()
	s := &x.s
	var cs []Cluster
	for _, id := range clusterIDs {
		if k, ok := s.ClusterByID[id]; ok && s.Clusters[k] != nil {
			cs = append(cs, s.summary(s.Clusters[k]))
		}
	}
	var ss []Story
	for _, id := range storyIDs {
		if k, ok := s.StoryByID[id]; ok && s.Stories[k] != nil {
			ss = append(ss, s.storySummary(s.Stories[k]))
		}
	}
	return cs, ss
}

// TakeRetired returns the clusters and stories that left the candidate window since the last call, oldest
// first, and forgets them: they can no longer change, and the caller (the store) keeps them. Summaries not
// taken stay in memory up to Options.MaxRetired each; beyond that the oldest are dropped (Stats.Dropped).
func (x *Index) TakeRetired() ([]Cluster, []Story) {
	x.mu.Lock()
	defer x.mu.Unlock()
	s := &x.s
	cs := make([]Cluster, 0, len(s.Retired))
	for _, n := range s.Retired {
		c := s.Clusters[n]
		cs = append(cs, s.summary(c))
		delete(s.Clusters, n)
		delete(s.ClusterByID, c.ID)
	}
	ss := make([]Story, 0, len(s.RetiredStories))
	for _, n := range s.RetiredStories {
		c := s.Stories[n]
		ss = append(ss, s.storySummary(c))
		delete(s.Stories, n)
		delete(s.StoryByID, c.ID)
	}
	s.Retired, s.RetiredStories = nil, nil
	return cs, ss
}

// Stats describes the size of an Index.
type Stats struct {
	Docs           int64 // documents added
	Clusters       int64 // clusters made
	Stories        int64
	ActiveDocs     int // documents, clusters and stories in the candidate indexes
	ActiveClusters int
	ActiveStories  int
	Retained       int   // retired clusters held for TakeRetired
	Dropped        int64 // retired clusters dropped by the MaxRetired cap
	Postings       int   // entries in all posting lists
}

// Stats returns the sizes of the Index.
func (x *Index) Stats() Stats {
	x.mu.Lock()
	defer x.mu.Unlock()
	s := &x.s
	st := Stats{Docs: s.Seq, Clusters: s.NextCluster, Stories: s.NextStory, ActiveDocs: len(s.Docs),
		ActiveClusters: s.NActive, ActiveStories: s.NStories, Retained: len(s.Retired), Dropped: s.Dropped}
	for _, m := range []map[uint64][]int64{s.Bands, s.AnchorPo, s.TermPo, s.StoryPo} {
		for _, l := range m {
			st.Postings += len(l)
		}
	}
	return st
}

// scored is a candidate found through the postings, with the summed weight of the features it shares.
type scored struct {
	id int64
	w  float64
}

// ranked orders accumulated candidate weights, heaviest first, ties by ID so that the order is deterministic.
func ranked(acc map[int64]float64) []scored {
	all := make([]scored, 0, len(acc))
	for id, w := range acc {
		all = append(all, scored{id, w})
	}
	slices.SortFunc(all, func(a, b scored) int {
		if c := cmp.Compare(b.w, a.w); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	return all
}
