package cluster

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
)

// Limits of the inverted indexes: how many of a document's strongest features are looked up and posted, how
// many entries a posting list keeps (the most recent), how many candidates are scored exactly, and how often
// dead entries are swept out.
const (
	lookupFeatures  = 30
	postingCap      = 128
	anchorCap       = 64
	candidateCap    = 20
	rewriteCands    = 10
	storyCentroid   = 64
	sweepEvery      = 4096
	labelNames      = 3
	minCopyShingles = 3
)

// Index clusters a stream of documents. It is safe for concurrent use: methods are serialised by a mutex, so
// one writer and any number of readers may share it, but Add calls are not run in parallel.
type Index struct {
	mu    sync.Mutex
	seeds []uint64
	s     state
}

// feat is one weighted feature of a TF-IDF vector or centroid.
type feat struct {
	Key uint64
	W   float64
}

// docRec is a document still in the candidate indexes.
type docRec struct {
	ID      string
	Cluster int32
	Time    int64 // Unix nanoseconds; 0 undated
	Sig     []uint32
	Sents   []sentSkel
	Anchors []uint64
}

// clusterRec is a cluster; the fields after Label are its candidate state, dropped when it leaves the window.
type clusterRec struct {
	ID          string
	Story       int32
	Docs        []string
	First, Last int64
	Label       string
	Into        int32 // the cluster this one was merged into, or -1

	Active   bool
	LastSeq  int64
	Centroid []feat // sorted by key
	Display  map[uint64]string
	Posted   map[uint64]bool
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
	N   int32
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

	Clusters    []*clusterRec
	ClusterByID map[string]int32
	ClusterPo   map[uint64][]int32
	ClusterQ    []queued
	NActive     int

	Stories   []*storyRec
	StoryByID map[string]int32
	StoryPo   map[uint64][]int32
	StoryQ    []queued
	NStories  int

	idfCache []idfSlot // not saved: a direct-mapped memo of idf, valid for one Seq
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
		ClusterByID: map[string]int32{},
		ClusterPo:   map[uint64][]int32{},
		StoryByID:   map[string]int32{},
		StoryPo:     map[uint64][]int32{},
	}}
	x.seeds = minhashSeeds(opt.Bands * opt.Rows)
	return x
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
	b := s.DF[size+(mix64(key)%size)]
	return min(a, b)
}

func (s *state) countDF(key uint64) {
	size := uint64(len(s.DF) / 2)
	i, j := key%size, size+(mix64(key)%size)
	if s.DF[i] < math.MaxUint32 {
		s.DF[i]++
	}
	if s.DF[j] < math.MaxUint32 {
		s.DF[j]++
	}
}

// idf is the inverse document frequency of key learnt so far: ln(1 + N/df).
func (s *state) idf(key uint64) float64 {
	if s.idfCache == nil {
		s.idfCache = make([]idfSlot, 1<<14)
	}
	e := &s.idfCache[(key>>8)&(1<<14-1)]
	if e.key == key && e.seq == s.Seq {
		return e.v
	}
	v := math.Log(1 + float64(s.Seq)/float64(max(s.df(key), 1)))
	*e = idfSlot{key, s.Seq, v}
	return v
}

// vector builds the term vector of a document: (1 + ln tf) * kind weight per feature, the Features strongest
// by TF-IDF kept, scaled so that the TF-IDF vector (each weight times the current IDF) has unit length, sorted
// by key. Vectors and centroids are kept without IDF, which is applied when they are compared, so that
// clusters made while IDF was still being learnt compare with today's weights.
func (s *state) vector(a analysis) []feat {
	v := make([]feat, 0, len(a.terms))
	for k, tf := range a.terms {
		w := 1 + math.Log(float64(tf))
		switch kindOf(k) {
		case kindName, kindEntity:
			w *= s.Opt.NameWeight
		case kindNumber:
			w *= s.Opt.NumberWeight
		}
		if w > 0 {
			v = append(v, feat{k, w})
		}
	}
	v = s.topFeatures(v, s.Opt.Features)
	var norm float64
	for _, f := range v {
		x := f.W * s.idf(f.Key)
		norm += x * x
	}
	if norm == 0 {
		return nil
	}
	norm = math.Sqrt(norm)
	for i := range v {
		v[i].W /= norm
	}
	return v
}

// weighted returns v with every weight multiplied by its current IDF.
func (s *state) weighted(v []feat) []feat {
	w := make([]feat, len(v))
	for i, f := range v {
		w[i] = feat{f.Key, f.W * s.idf(f.Key)}
	}
	return w
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

func byWeight(a, b feat) int {
	if c := cmp.Compare(b.W, a.W); c != 0 {
		return c
	}
	return cmp.Compare(a.Key, b.Key)
}

// strongest returns the keys of the n strongest features of v by TF-IDF.
func (s *state) strongest(v []feat, n int) []uint64 {
	w := s.weighted(v)
	slices.SortFunc(w, byWeight)
	keys := make([]uint64, 0, min(n, len(w)))
	for _, f := range w[:min(n, len(w))] {
		keys = append(keys, f.Key)
	}
	return keys
}

// cosine of document vector v with centroid c (both sorted by key) under the current IDF.
func (s *state) cosine(v, c []feat) float64 {
	var dot, norm float64
	i := 0
	for _, f := range c {
		idf := s.idf(f.Key)
		x := f.W * idf
		norm += x * x
		for i < len(v) && v[i].Key < f.Key {
			i++
		}
		if i < len(v) && v[i].Key == f.Key {
			dot += v[i].W * idf * x
		}
	}
	if norm == 0 {
		return 0
	}
	return dot / math.Sqrt(norm)
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
	a := analyse(d, o.Shingle)
	for k := range a.terms {
		s.countDF(k)
	}
	var t int64
	if !d.Published.IsZero() {
		t = d.Published.UnixNano()
		s.Clock = max(s.Clock, t)
	}
	s.evict()
	vec := s.vector(a)

	as := Assignment{Doc: d.ID, Relation: Report}
	target := int32(-1)

	// 1. Copies: the same ID again, or LSH candidates with a high estimated Jaccard similarity.
	var sig []uint32
	if o.CopyThreshold > 0 && len(a.shingles) >= minCopyShingles {
		sig = signature(a.shingles, x.seeds)
	}
	if prev, ok := s.DocByID[d.ID]; ok {
		as.Relation, as.Of, as.Similarity, target = Copy, d.ID, 1, s.resolve(s.Docs[prev].Cluster)
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
			as.Relation, as.Of, as.Similarity, target = Copy, r.ID, best, s.resolve(r.Cluster)
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
			as.Relation, as.Of, as.Similarity, target = Rewrite, r.ID, best, s.resolve(r.Cluster)
		}
	}

	// 3. Reports: the most similar candidate cluster within the time window.
	if target < 0 {
		c, sim := s.bestCluster(vec, t)
		if c >= 0 && sim >= o.EventThreshold {
			target, as.Similarity = c, sim
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

	// Register the document and update its cluster and story.
	rec := &docRec{ID: d.ID, Cluster: target, Time: t, Sig: sig, Sents: a.sents, Anchors: a.anchors}
	if _, dup := s.DocByID[d.ID]; !dup {
		s.Docs[seq] = rec
		s.DocByID[d.ID] = seq
		s.DocQueue = append(s.DocQueue, seq)
		if sig != nil {
			for _, key := range bandKeys(sig, o.Bands, o.Rows) {
				s.Bands[key] = appendCapped(s.Bands[key], seq, anchorCap)
			}
		}
		for _, k := range a.anchors {
			s.AnchorPo[k] = appendCapped(s.AnchorPo[k], seq, anchorCap)
		}
	}
	c := s.Clusters[target]
	c.Docs = append(c.Docs, d.ID)
	c.First, c.Last = minTime(c.First, t), max(c.Last, t)
	if c.Active {
		c.Centroid = s.addInto(c.Centroid, vec, o.Centroid)
		keepDisplay(c.Display, c.Centroid, a.display)
		for _, k := range s.strongest(vec, lookupFeatures) {
			if !c.Posted[k] {
				c.Posted[k] = true
				s.ClusterPo[k] = appendCapped(s.ClusterPo[k], target, postingCap)
			}
		}
		c.LastSeq = seq
		s.ClusterQ = append(s.ClusterQ, queued{seq, target})
	}
	if st := s.Stories[c.Story]; st.Active {
		st.First, st.Last = minTime(st.First, t), max(st.Last, t)
		st.Centroid = s.addInto(st.Centroid, vec, storyCentroid)
		keepDisplay(st.Display, st.Centroid, a.display)
		for _, k := range s.strongest(vec, lookupFeatures) {
			if !st.Posted[k] {
				st.Posted[k] = true
				s.StoryPo[k] = appendCapped(s.StoryPo[k], c.Story, postingCap)
			}
		}
		st.LastSeq = seq
		s.StoryQ = append(s.StoryQ, queued{seq, c.Story})
	}
	if c.Active && o.MergeThreshold > 0 {
		for {
			into, from, ok := s.mergeCandidate(target)
			if !ok {
				break
			}
			as.Merged = append(as.Merged, s.Clusters[from].ID)
			s.merge(into, from)
			target = into
		}
		c = s.Clusters[target]
	}
	s.evict()
	if seq%sweepEvery == 0 {
		s.sweep()
	}
	as.Cluster = c.ID
	as.Story = s.Stories[c.Story].ID
	return as
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

// candidates collects the items posted under the strongest features of vec, ranked by the summed weight of
// those features, best first, at most candidateCap.
func (s *state) candidates(vec []feat, post map[uint64][]int32, ok func(int32) bool) []int32 {
	acc := map[int32]float64{}
	w := s.weighted(vec)
	slices.SortFunc(w, byWeight)
	for _, f := range w[:min(lookupFeatures, len(w))] {
		for _, c := range post[f.Key] {
			if ok(c) {
				acc[c] += f.W
			}
		}
	}
	type scored struct {
		c int32
		w float64
	}
	all := make([]scored, 0, len(acc))
	for c, w := range acc {
		all = append(all, scored{c, w})
	}
	slices.SortFunc(all, func(a, b scored) int {
		if c := cmp.Compare(b.w, a.w); c != 0 {
			return c
		}
		return cmp.Compare(a.c, b.c)
	})
	out := make([]int32, 0, min(len(all), candidateCap))
	for _, x := range all[:min(len(all), candidateCap)] {
		out = append(out, x.c)
	}
	return out
}

func (s *state) bestCluster(vec []feat, t int64) (int32, float64) {
	cs := s.candidates(vec, s.ClusterPo, func(c int32) bool {
		r := s.Clusters[c]
		return r.Active && inWindow(t, r.First, r.Last, s.Opt.Window)
	})
	best, bestSim := int32(-1), 0.0
	for _, c := range cs {
		if sim := s.cosine(vec, s.Clusters[c].Centroid); sim > bestSim || (sim == bestSim && sim > 0 && c < best) {
			best, bestSim = c, sim
		}
	}
	return best, bestSim
}

func (s *state) bestStory(vec []feat, t int64) (int32, bool) {
	if s.Opt.StoryThreshold < 0 {
		return -1, false
	}
	cs := s.candidates(vec, s.StoryPo, func(c int32) bool {
		r := s.Stories[c]
		return r.Active && inWindow(t, r.First, r.Last, s.Opt.StoryWindow)
	})
	best, bestSim := int32(-1), 0.0
	for _, c := range cs {
		if sim := s.cosine(vec, s.Stories[c].Centroid); sim > bestSim || (sim == bestSim && sim > 0 && c < best) {
			best, bestSim = c, sim
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

func (s *state) newCluster(docID string, t int64) int32 {
	id := stableID("c", docID, func(id string) bool { _, ok := s.ClusterByID[id]; return ok })
	n := int32(len(s.Clusters))
	s.Clusters = append(s.Clusters, &clusterRec{ID: id, Story: -1, Into: -1, First: t, Last: t, Active: true,
		Display: map[uint64]string{}, Posted: map[uint64]bool{}})
	s.ClusterByID[id] = n
	s.NActive++
	return n
}

func (s *state) newStory(clusterID string, t int64) int32 {
	id := stableID("s", clusterID, func(id string) bool { _, ok := s.StoryByID[id]; return ok })
	n := int32(len(s.Stories))
	s.Stories = append(s.Stories, &storyRec{ID: id, First: t, Last: t, Active: true,
		Display: map[uint64]string{}, Posted: map[uint64]bool{}})
	s.StoryByID[id] = n
	s.NStories++
	return n
}

// resolve follows merges from cluster c to the cluster that holds its documents now.
func (s *state) resolve(c int32) int32 {
	for s.Clusters[c].Into >= 0 {
		c = s.Clusters[c].Into
	}
	return c
}

// centroidCosine is the cosine of two centroids under the current IDF.
func (s *state) centroidCosine(a, b []feat) float64 {
	var dot, na, nb float64
	i := 0
	for _, f := range b {
		idf := s.idf(f.Key)
		x := f.W * idf
		nb += x * x
		for i < len(a) && a[i].Key < f.Key {
			i++
		}
		if i < len(a) && a[i].Key == f.Key {
			dot += a[i].W * idf * x
		}
	}
	for _, f := range a {
		x := f.W * s.idf(f.Key)
		na += x * x
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// mergeCandidate finds the active cluster most similar to cluster c, if the similarity of their centroids
// reaches MergeThreshold; the older of the two (created first) absorbs the other.
func (s *state) mergeCandidate(c int32) (into, from int32, ok bool) {
	r := s.Clusters[c]
	cs := s.candidates(r.Centroid, s.ClusterPo, func(o int32) bool {
		q := s.Clusters[o]
		return o != c && q.Active && (r.Last == 0 || q.Last == 0 ||
			(q.First <= r.Last+int64(s.Opt.Window) && r.First <= q.Last+int64(s.Opt.Window)))
	})
	best, bestSim := int32(-1), 0.0
	for _, o := range cs {
		if sim := s.centroidCosine(r.Centroid, s.Clusters[o].Centroid); sim > bestSim || (sim == bestSim && sim > 0 && o < best) {
			best, bestSim = o, sim
		}
	}
	if best < 0 || bestSim < s.Opt.MergeThreshold {
		return 0, 0, false
	}
	return min(c, best), max(c, best), true
}

// merge moves cluster from into cluster into.
func (s *state) merge(into, from int32) {
	a, b := s.Clusters[into], s.Clusters[from]
	a.Docs = append(a.Docs, b.Docs...)
	a.First, a.Last = minTime(a.First, b.First), max(a.Last, b.Last)
	a.Centroid = s.addInto(a.Centroid, b.Centroid, s.Opt.Centroid)
	keepDisplay(a.Display, a.Centroid, b.Display)
	for k := range b.Posted {
		if !a.Posted[k] {
			a.Posted[k] = true
			s.ClusterPo[k] = appendCapped(s.ClusterPo[k], into, postingCap)
		}
	}
	a.LastSeq = s.Seq
	s.ClusterQ = append(s.ClusterQ, queued{s.Seq, into})
	b.Docs, b.Into, b.Active, b.Centroid, b.Display, b.Posted = nil, into, false, nil, nil, nil
	s.NActive--
}

// evict takes documents, clusters and stories out of the candidate indexes when they are older than their
// window before the newest date seen, or when there are more than the caps allow (oldest updated first).
func (s *state) evict() {
	o := &s.Opt
	for len(s.DocQueue) > 0 {
		q := s.DocQueue[0]
		r := s.Docs[q]
		if r != nil && len(s.Docs) <= o.MaxDocs && (r.Time == 0 || r.Time >= s.Clock-int64(o.Window)) {
			break
		}
		if r != nil {
			delete(s.Docs, q)
			delete(s.DocByID, r.ID)
		}
		s.DocQueue = s.DocQueue[1:]
	}
	for len(s.ClusterQ) > 0 {
		e := s.ClusterQ[0]
		c := s.Clusters[e.N]
		if c.Active && c.LastSeq == e.Seq {
			if s.NActive <= o.MaxClusters && (c.Last == 0 || c.Last >= s.Clock-int64(o.Window)) {
				break
			}
			c.Label = label(c.Centroid, c.Display)
			c.Active, c.Centroid, c.Display, c.Posted = false, nil, nil, nil
			s.NActive--
		}
		s.ClusterQ = s.ClusterQ[1:]
	}
	for len(s.StoryQ) > 0 {
		e := s.StoryQ[0]
		c := s.Stories[e.N]
		if c.Active && c.LastSeq == e.Seq {
			if s.NStories <= o.MaxStories && (c.Last == 0 || c.Last >= s.Clock-int64(o.StoryWindow)) {
				break
			}
			c.Label = label(c.Centroid, c.Display)
			c.Active, c.Centroid, c.Display, c.Posted = false, nil, nil, nil
			s.NStories--
		}
		s.StoryQ = s.StoryQ[1:]
	}
}

// sweep drops posting entries of items that left the candidate indexes and compacts the queues, so that the
// indexes hold only live entries (amortised over sweepEvery additions).
func (s *state) sweep() {
	for k, l := range s.Bands {
		if l = slices.DeleteFunc(l, func(q int64) bool { return s.Docs[q] == nil }); len(l) == 0 {
			delete(s.Bands, k)
		} else {
			s.Bands[k] = l
		}
	}
	for k, l := range s.AnchorPo {
		if l = slices.DeleteFunc(l, func(q int64) bool { return s.Docs[q] == nil }); len(l) == 0 {
			delete(s.AnchorPo, k)
		} else {
			s.AnchorPo[k] = l
		}
	}
	for k, l := range s.ClusterPo {
		if l = slices.DeleteFunc(l, func(c int32) bool { return !s.Clusters[c].Active }); len(l) == 0 {
			delete(s.ClusterPo, k)
		} else {
			s.ClusterPo[k] = l
		}
	}
	for k, l := range s.StoryPo {
		if l = slices.DeleteFunc(l, func(c int32) bool { return !s.Stories[c].Active }); len(l) == 0 {
			delete(s.StoryPo, k)
		} else {
			s.StoryPo[k] = l
		}
	}
	s.DocQueue = slices.Clone(s.DocQueue)
	s.ClusterQ = slices.DeleteFunc(slices.Clone(s.ClusterQ), func(e queued) bool {
		return !s.Clusters[e.N].Active || s.Clusters[e.N].LastSeq != e.Seq
	})
	s.StoryQ = slices.DeleteFunc(slices.Clone(s.StoryQ), func(e queued) bool {
		return !s.Stories[e.N].Active || s.Stories[e.N].LastSeq != e.Seq
	})
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

// Clusters returns every cluster made so far, in order of creation, with its members in arrival order.
func (x *Index) Clusters() []Cluster {
	x.mu.Lock()
	defer x.mu.Unlock()
	s := &x.s
	out := make([]Cluster, 0, len(s.Clusters))
	for _, c := range s.Clusters {
		if c.Into >= 0 {
			continue
		}
		l := c.Label
		if c.Active {
			l = label(c.Centroid, c.Display)
		}
		out = append(out, Cluster{ID: c.ID, Label: l, Docs: slices.Clone(c.Docs), First: unixTime(c.First),
			Last: unixTime(c.Last), Story: s.Stories[c.Story].ID})
	}
	return out
}

// Stories returns every story made so far, in order of creation.
func (x *Index) Stories() []Story {
	x.mu.Lock()
	defer x.mu.Unlock()
	out := make([]Story, len(x.s.Stories))
	for i, c := range x.s.Stories {
		l := c.Label
		if c.Active {
			l = label(c.Centroid, c.Display)
		}
		out[i] = Story{ID: c.ID, Label: l, Clusters: slices.Clone(c.Clusters), First: unixTime(c.First), Last: unixTime(c.Last)}
	}
	return out
}

// Stats describes the size of an Index.
type Stats struct {
	Docs           int64 // documents added
	Clusters       int   // clusters made
	Stories        int
	ActiveDocs     int // documents, clusters and stories in the candidate indexes
	ActiveClusters int
	ActiveStories  int
	Postings       int // entries in all posting lists
}

// Stats returns the sizes of the Index.
func (x *Index) Stats() Stats {
	x.mu.Lock()
	defer x.mu.Unlock()
	s := &x.s
	st := Stats{Docs: s.Seq, Clusters: len(s.Clusters), Stories: len(s.Stories), ActiveDocs: len(s.Docs),
		ActiveClusters: s.NActive, ActiveStories: s.NStories}
	for _, l := range s.Bands {
		st.Postings += len(l)
	}
	for _, l := range s.AnchorPo {
		st.Postings += len(l)
	}
	for _, l := range s.ClusterPo {
		st.Postings += len(l)
	}
	for _, l := range s.StoryPo {
		st.Postings += len(l)
	}
	return st
}
