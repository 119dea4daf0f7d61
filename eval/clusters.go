package eval

import (
	"bufio"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"newsgraph"
	"newsgraph/annotate"
	"newsgraph/cluster"
)

// ECBDoc is one ECB+ document with its gold event cluster.
type ECBDoc struct {
	Name  string // file name, e.g. "1_10ecb.xml"
	Topic int
	Event string // gold event cluster (column 3 of gold_doc_clusters.tsv)
	Text  string // rebuilt from the tokens: one sentence a line, tokens separated by spaces
	// Doc is the document annotated by the pipeline (AnnotateECB); nil when annotation did not run.
	Doc *newsgraph.Document
}

// ReadECB reads the ECB+ corpus under dir (ECB+/<topic>/*.xml and gold_doc_clusters.tsv) in stream order:
// documents sorted by the FNV-1a hash of their file name, a fixed shuffle that interleaves topics and
// subtopics as a real stream would (sorting by name would feed each topic, and each subtopic, as a block).
// A leading sentence that is a URL (the ECB+ collectors pasted the source URL into many documents) is
// dropped: it is an artefact of the corpus, not article text.
func ReadECB(dir string) ([]ECBDoc, error) {
	goldPath := filepath.Join(dir, "gold_doc_clusters.tsv")
	f, err := os.Open(goldPath)
	if err != nil {
		return nil, fmt.Errorf("read ecb+: %w", err)
	}
	defer f.Close()
	var docs []ECBDoc
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		cols := strings.Split(strings.TrimSpace(sc.Text()), "\t")
		if line == 1 && len(cols) > 0 && cols[0] == "doc_file" {
			continue
		}
		if len(cols) == 1 && cols[0] == "" {
			continue
		}
		if len(cols) != 3 {
			return nil, fmt.Errorf("read ecb+: %s:%d: %d columns, want 3", goldPath, line, len(cols))
		}
		topic, err := strconv.Atoi(cols[1])
		if err != nil {
			return nil, fmt.Errorf("read ecb+: %s:%d: topic: %w", goldPath, line, err)
		}
		docs = append(docs, ECBDoc{Name: cols[0], Topic: topic, Event: cols[2]})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read ecb+: %s: %w", goldPath, err)
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("read ecb+: %s: no documents", goldPath)
	}
	for i := range docs {
		p := filepath.Join(dir, "ECB+", strconv.Itoa(docs[i].Topic), docs[i].Name)
		text, err := readECBText(p)
		if err != nil {
			return nil, fmt.Errorf("read ecb+: %w", err)
		}
		docs[i].Text = text
	}
	key := func(name string) uint64 {
		h := fnv.New64a()
		h.Write([]byte(name))
		return h.Sum64()
	}
	slices.SortFunc(docs, func(a, b ECBDoc) int {
		if ka, kb := key(a.Name), key(b.Name); ka != kb {
			if ka < kb {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	return docs, nil
}

// readECBText rebuilds the text of one tokenised ECB+ file.
func readECBText(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	dec := xml.NewDecoder(bufio.NewReader(f))
	var sents [][]string
	cur := -1
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			l, _ := dec.InputPos()
			return "", fmt.Errorf("%s:%d: %w", path, l, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "token" {
			continue
		}
		sent := -1
		for _, a := range se.Attr {
			if a.Name.Local == "sentence" {
				if sent, err = strconv.Atoi(a.Value); err != nil {
					l, _ := dec.InputPos()
					return "", fmt.Errorf("%s:%d: sentence %q: %w", path, l, a.Value, err)
				}
			}
		}
		var word string
		if err := dec.DecodeElement(&word, &se); err != nil {
			return "", fmt.Errorf("%s: token: %w", path, err)
		}
		if sent != cur || len(sents) == 0 {
			sents = append(sents, nil)
			cur = sent
		}
		sents[len(sents)-1] = append(sents[len(sents)-1], word)
	}
	var b strings.Builder
	for i, s := range sents {
		if i == 0 && len(s) > 0 && strings.HasPrefix(s[0], "http") {
			continue
		}
		b.WriteString(strings.Join(s, " "))
		b.WriteByte('\n')
	}
	return b.String(), nil
}

// BCubed is a B-cubed score of a clustering: per document, precision is the share of its predicted cluster
// that is in its gold cluster and recall the share of its gold cluster that is in its predicted cluster;
// both are averaged over documents.
type BCubed struct {
	Precision, Recall, F1 float64
	Docs, Clusters, Gold  int // documents, predicted clusters, gold clusters
}

func (b BCubed) String() string {
	return fmt.Sprintf("B3 F1 %.2f (P %.2f R %.2f; %d docs, %d clusters, %d gold)", 100*b.F1, 100*b.Precision,
		100*b.Recall, b.Docs, b.Clusters, b.Gold)
}

// ScoreBCubed scores pred against gold, both mapping document -> cluster; documents missing from pred count
// as singletons, documents missing from gold are ignored.
func ScoreBCubed(pred, gold map[string]string) BCubed {
	inter := map[[2]string]int{}
	predSize, goldSize := map[string]int{}, map[string]int{}
	for d, g := range gold {
		p, ok := pred[d]
		if !ok {
			p = "\x00singleton:" + d
		}
		inter[[2]string{p, g}]++
		predSize[p]++
		goldSize[g]++
	}
	var b BCubed
	for d, g := range gold {
		p, ok := pred[d]
		if !ok {
			p = "\x00singleton:" + d
		}
		n := float64(inter[[2]string{p, g}])
		b.Precision += n / float64(predSize[p])
		b.Recall += n / float64(goldSize[g])
	}
	b.Docs, b.Clusters, b.Gold = len(gold), len(predSize), len(goldSize)
	if b.Docs > 0 {
		b.Precision /= float64(b.Docs)
		b.Recall /= float64(b.Docs)
	}
	if b.Precision+b.Recall > 0 {
		b.F1 = 2 * b.Precision * b.Recall / (b.Precision + b.Recall)
	}
	return b
}

func goldOf(docs []ECBDoc) map[string]string {
	g := make(map[string]string, len(docs))
	for _, d := range docs {
		g[d.Name] = d.Event
	}
	return g
}

// ClusterRun feeds docs, in the order given, through one cluster.Index with opt and scores its clusters. The
// documents are undated (ECB+ gives no publication dates), so no time window applies. Annotated documents
// (AnnotateECB) give the Index their entities (ClusterDoc); the others only their text, so names come from
// capitalised words.
func ClusterRun(ctx context.Context, docs []ECBDoc, opt cluster.Options) (BCubed, time.Duration, error) {
	return ClusterRunWith(ctx, docs, opt, ClusterDoc)
}

// ClusterRunWith is ClusterRun with conv turning each document into what the Index is given.
func ClusterRunWith(ctx context.Context, docs []ECBDoc, opt cluster.Options, conv func(ECBDoc) cluster.Doc) (BCubed, time.Duration, error) {
	x := cluster.New(opt)
	pred := make(map[string]string, len(docs))
	var spent time.Duration
	for i, d := range docs {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return BCubed{}, 0, fmt.Errorf("cluster eval: %w", err)
			}
		}
		start := time.Now()
		x.Add(conv(d))
		spent += time.Since(start)
	}
	// Clusters at the end, not assignments: a later merge may have moved a document.
	for _, c := range x.Clusters() {
		for _, d := range c.Docs {
			pred[d] = c.ID
		}
	}
	return ScoreBCubed(pred, goldOf(docs)), spent, nil
}

// AnnotateECB runs p over the text of every document, filling Doc, and returns the time it took. The
// documents are undated, so time expressions keep their year unknown unless the text states it.
func AnnotateECB(ctx context.Context, p *annotate.Pipeline, docs []ECBDoc) (time.Duration, error) {
	var spent time.Duration
	for i := range docs {
		d := &newsgraph.Document{ID: docs[i].Name, Text: docs[i].Text}
		start := time.Now()
		if err := p.Annotate(ctx, d); err != nil {
			return 0, fmt.Errorf("annotate ecb+ %s: %w", docs[i].Name, err)
		}
		spent += time.Since(start)
		docs[i].Doc = d
	}
	return spent, nil
}

// TextDoc is what the Index is given from a document without its annotation: the text alone.
func TextDoc(d ECBDoc) cluster.Doc { return cluster.Doc{ID: d.Name, Text: d.Text} }

// ClusterDoc is what the Index is given from a document: its text, and when it was annotated its entities
// and main actor (cluster.FromDocument).
func ClusterDoc(d ECBDoc) cluster.Doc {
	if d.Doc == nil {
		return TextDoc(d)
	}
	cd := cluster.FromDocument(d.Doc)
	cd.ID = d.Name
	return cd
}

// Topics returns the documents of odd (odd true) or even topics, order kept.
func Topics(docs []ECBDoc, odd bool) []ECBDoc {
	var out []ECBDoc
	for _, d := range docs {
		if (d.Topic%2 == 1) == odd {
			out = append(out, d)
		}
	}
	return out
}

// BaselineTFIDF is the first thing anyone tries: lower-cased words weighted by TF-IDF (IDF from all of docs),
// one pass in the order given, each document joining the cluster whose mean vector is the most similar by
// cosine if that similarity reaches threshold, else starting a cluster. It compares with every cluster.
func BaselineTFIDF(docs []ECBDoc, threshold float64) BCubed {
	words := func(s string) map[string]float64 {
		tf := map[string]float64{}
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}) {
			tf[w]++
		}
		return tf
	}
	tfs := make([]map[string]float64, len(docs))
	df := map[string]float64{}
	for i, d := range docs {
		tfs[i] = words(d.Text)
		for w := range tfs[i] {
			df[w]++
		}
	}
	n := float64(len(docs))
	type centroid struct {
		sum  map[string]float64
		norm float64 // squared length of sum
		name string
	}
	var cs []*centroid
	pred := map[string]string{}
	for i, d := range docs {
		v := map[string]float64{}
		var norm float64
		for w, c := range tfs[i] {
			x := (1 + math.Log(c)) * math.Log(n/df[w])
			v[w] = x
			norm += x * x
		}
		norm = math.Sqrt(norm)
		for w := range v {
			if norm > 0 {
				v[w] /= norm
			}
		}
		best, bestSim := -1, 0.0
		for j, c := range cs {
			var dot float64
			for w, x := range v {
				dot += x * c.sum[w]
			}
			if c.norm > 0 && dot/math.Sqrt(c.norm) > bestSim {
				best, bestSim = j, dot/math.Sqrt(c.norm)
			}
		}
		if best < 0 || bestSim < threshold {
			cs = append(cs, &centroid{sum: map[string]float64{}, name: d.Name})
			best = len(cs) - 1
		}
		c := cs[best]
		for w, x := range v {
			old := c.sum[w]
			c.sum[w] = old + x
			c.norm += (old+x)*(old+x) - old*old
		}
		pred[d.Name] = c.name
	}
	return ScoreBCubed(pred, goldOf(docs))
}

// BaselineSweep runs BaselineTFIDF at thresholds 0.05, 0.10, ..., 0.95 and returns the best threshold and
// score.
func BaselineSweep(docs []ECBDoc) (float64, BCubed) {
	bestT, best := 0.0, BCubed{}
	for i := 1; i < 20; i++ {
		t := float64(i) / 20
		if b := BaselineTFIDF(docs, t); b.F1 > best.F1 {
			bestT, best = t, b
		}
	}
	return bestT, best
}

// ClusterScore is the standard clustering score on ECB+.
type ClusterScore struct {
	Options          cluster.Options // as given (zero fields are the package defaults)
	All              BCubed          // the Index on all documents
	Odd, Even        BCubed          // separate runs on odd topics (the tuning set) and even topics (held out)
	Singletons       BCubed          // every document alone
	BaselineThresh   float64         // best threshold of BaselineTFIDF on all documents
	Baseline         BCubed          // BaselineTFIDF at that threshold on all documents
	BaselineOddTh    float64         // best threshold of BaselineTFIDF on the odd topics
	BaselineEven     BCubed          // BaselineTFIDF on the even topics at the odd topics' threshold
	PerDoc           time.Duration   // mean time of Index.Add in the run on all documents
	Docs, GoldEvents int
	// Shuffled is the mean B-cubed F1 (all, odd, even) over ShuffledOrders seeded random orders of the
	// documents, and ShuffledMin, ShuffledMax the least and greatest F1 on all: single-pass clustering depends
	// on the order, and one order is a lucky or unlucky draw (the fixed order's F1 on all sits near the top of
	// the range).
	Shuffled                 [3]float64
	ShuffledMin, ShuffledMax float64
}

// ShuffledOrders is how many shuffled orders ScoreClusters averages.
const ShuffledOrders = 8

// shuffle returns docs in the random order seed gives (a PCG stream: the same on every machine).
func shuffle(docs []ECBDoc, seed uint64) []ECBDoc {
	out := slices.Clone(docs)
	r := rand.New(rand.NewPCG(seed, 7))
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// ShuffledRuns clusters docs with opt in n shuffled orders (seeds 1..n) and returns the mean B-cubed F1 on all
// of docs, their odd topics and their even topics, and the least and greatest F1 on all.
func ShuffledRuns(ctx context.Context, docs []ECBDoc, opt cluster.Options, n int) (mean [3]float64, lo, hi float64, err error) {
	lo, hi = 1, 0
	for seed := 1; seed <= n; seed++ {
		ds := shuffle(docs, uint64(seed))
		for i, part := range [][]ECBDoc{ds, Topics(ds, true), Topics(ds, false)} {
			b, _, err := ClusterRun(ctx, part, opt)
			if err != nil {
				return mean, 0, 0, err
			}
			mean[i] += b.F1 / float64(n)
			if i == 0 {
				lo, hi = min(lo, b.F1), max(hi, b.F1)
			}
		}
	}
	return mean, lo, hi, nil
}

// Clusters scores the cluster package with default options on the ECB+ corpus in dir.
func Clusters(ctx context.Context, dir string) (ClusterScore, error) {
	return ClustersWith(ctx, dir, cluster.Options{})
}

// ClustersWith scores the cluster package with opt on the ECB+ corpus in dir, its documents annotated by the
// default pipeline (as ingest does), and the TF-IDF baseline.
func ClustersWith(ctx context.Context, dir string, opt cluster.Options) (ClusterScore, error) {
	docs, err := ReadECB(dir)
	if err != nil {
		return ClusterScore{}, err
	}
	p, err := annotate.Default(annotate.Options{})
	if err != nil {
		return ClusterScore{}, fmt.Errorf("cluster eval: %w", err)
	}
	if _, err := AnnotateECB(ctx, p, docs); err != nil {
		return ClusterScore{}, err
	}
	return ScoreClusters(ctx, docs, opt)
}

// ScoreClusters is ClustersWith on documents already read (annotated or not: see ClusterRun).
func ScoreClusters(ctx context.Context, docs []ECBDoc, opt cluster.Options) (ClusterScore, error) {
	sc := ClusterScore{Options: opt, Docs: len(docs)}
	var spent time.Duration
	var err error
	if sc.All, spent, err = ClusterRun(ctx, docs, opt); err != nil {
		return sc, err
	}
	if sc.Odd, _, err = ClusterRun(ctx, Topics(docs, true), opt); err != nil {
		return sc, err
	}
	if sc.Even, _, err = ClusterRun(ctx, Topics(docs, false), opt); err != nil {
		return sc, err
	}
	sc.PerDoc = spent / time.Duration(max(len(docs), 1))
	if sc.Shuffled, sc.ShuffledMin, sc.ShuffledMax, err = ShuffledRuns(ctx, docs, opt, ShuffledOrders); err != nil {
		return sc, err
	}
	single := map[string]string{}
	for _, d := range docs {
		single[d.Name] = d.Name
	}
	sc.Singletons = ScoreBCubed(single, goldOf(docs))
	sc.GoldEvents = sc.Singletons.Gold
	sc.BaselineThresh, sc.Baseline = BaselineSweep(docs)
	sc.BaselineOddTh, _ = BaselineSweep(Topics(docs, true))
	sc.BaselineEven = BaselineTFIDF(Topics(docs, false), sc.BaselineOddTh)
	return sc, nil
}

// String gives the score in a few lines.
func (s ClusterScore) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ECB+ %d documents, %d gold events, fixed hashed order, undated\n", s.Docs, s.GoldEvents)
	fmt.Fprintf(&b, "cluster all:          %s\n", s.All)
	fmt.Fprintf(&b, "cluster odd (tuning): %s\n", s.Odd)
	fmt.Fprintf(&b, "cluster even (held):  %s\n", s.Even)
	fmt.Fprintf(&b, "%d shuffled orders:    mean B3 F1 all %.2f (%.2f-%.2f), odd %.2f, even %.2f\n", ShuffledOrders,
		100*s.Shuffled[0], 100*s.ShuffledMin, 100*s.ShuffledMax, 100*s.Shuffled[1], 100*s.Shuffled[2])
	fmt.Fprintf(&b, "TF-IDF baseline all:  %s at its best threshold %.2f\n", s.Baseline, s.BaselineThresh)
	fmt.Fprintf(&b, "TF-IDF baseline even: %s at the odd topics' best threshold %.2f\n", s.BaselineEven, s.BaselineOddTh)
	fmt.Fprintf(&b, "singletons:           %s\n", s.Singletons)
	fmt.Fprintf(&b, "time per document:    %v", s.PerDoc)
	return b.String()
}

// TrainJoin learns a cluster.JoinModel on docs (the tuning documents; their gold events label the pairs) and
// chooses its threshold there. Join pairs are collected with clusters kept pure by the gold and a logistic
// regression is fitted with L2 weight l2; that model, and one that reproduces the fixed link-score rule
// (cluster.LinkRuleModel), are then refined by coordinate ascent on the B-cubed F1 of the clustering of docs
// itself (passes over the weights, each tried a step up and down, a change kept when F1 rises by at least
// 0.001), because a wrong early join costs far more than a pair counts: later reports follow it. The better
// of the two is returned with its threshold (always 0.5: the bias carries the threshold).
func TrainJoin(ctx context.Context, docs []ECBDoc, l2 float64, passes int, log io.Writer) (cluster.JoinModel, float64, error) {
	cds := make([]cluster.Doc, len(docs))
	for i, d := range docs {
		cds[i] = cluster.Doc{ID: d.Name, Text: d.Text}
	}
	gold := goldOf(docs)
	ex, err := cluster.CollectJoins(ctx, cds, gold, cluster.Options{}, true)
	if err != nil {
		return cluster.JoinModel{}, 0, err
	}
	lr := cluster.TrainJoin(ex, l2)
	score := func(m cluster.JoinModel) (float64, error) {
		b, _, err := ClusterRun(ctx, docs, cluster.Options{Join: m, JoinThreshold: 0.5})
		return b.F1, err
	}
	var best cluster.JoinModel
	bestF := -1.0
	for _, start := range []cluster.JoinModel{cluster.LinkRuleModel(), lr} {
		m := start
		f, err := score(m)
		if err != nil {
			return m, 0, err
		}
		fmt.Fprintf(log, "start F1 %.4f\n", f)
		for pass := 0; pass < passes; pass++ {
			improved := false
			for i := 0; i <= cluster.NumJoinFeatures; i++ {
				for _, step := range []float64{1, -1, 3, -3} {
					t := m
					if i == cluster.NumJoinFeatures {
						t.B += step
					} else {
						t.W[i] += step
						if sg := cluster.JoinSign[i]; float64(sg)*t.W[i] < 0 {
							continue
						}
					}
					g, err := score(t)
					if err != nil {
						return m, 0, err
					}
					if g >= f+0.001 {
						m, f, improved = t, g, true
						name := "bias"
						if i < cluster.NumJoinFeatures {
							name = cluster.JoinFeatureNames[i]
						}
						fmt.Fprintf(log, "  pass %d %s %+.0f: F1 %.4f\n", pass, name, step, f)
						break
					}
				}
			}
			if !improved {
				break
			}
		}
		if f > bestF {
			best, bestF = m, f
		}
	}
	return best, 0.5, nil
}
