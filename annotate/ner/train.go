package ner

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// TrainOptions configure Train. The zero value of every field but Train is usable.
type TrainOptions struct {
	Train string // CoNLL-2003 file to learn from (required)
	Dev   string // CoNLL-2003 file that picks the epoch of each stage; "": run Epochs epochs
	// Epochs is the most passes over the training set per stage; 0: 20.
	Epochs int
	// Unlabeled lists plain-text, TimeML (.tml) or tokenised XML files and directories (walked for .txt, .tml
	// and .xml) from which word clusters are learnt; together with the tokens of Train (and Dev, whose labels
	// are not read). nil: no cluster features.
	Unlabeled []string
	// NoAggregate leaves out the contexts of a word's other occurrences in the document.
	NoAggregate bool
	// NoList leaves out the names seen as entities in the training set (built per jackknife fold for the
	// training sentences, so that a sentence never sees its own names).
	NoList bool
	// OneStage skips the second (document-level) stage.
	OneStage bool
	// Folds is the number of jackknife folds that produce the first-stage labels of the training set; 0: 5.
	Folds int
	// MinCount drops features seen fewer times in the training set; 0: 2.
	MinCount int
	// Prune drops, after training, features whose every weight is below this fraction of the largest weight
	// in absolute value; 0: keep every feature with a non-zero weight.
	Prune float64
	// Workers bounds the goroutines used; 0: 2.
	Workers int
	// Seed fixes the order of the training sentences in each epoch; runs with one seed are identical.
	Seed uint64
	// Progress receives one line per step; nil: silent.
	Progress func(string)
}

// Unlabeled lists the unlabelled news text under the shared data directory (../shared/data) that the
// embedded model's word clusters were learnt from; nil when data is "". `newsgraph train ner` uses it.
func Unlabeled(data string) []string {
	if data == "" {
		return nil
	}
	return []string{
		filepath.Join(data, "quotes", "polnear"),
		filepath.Join(data, "time", "tempeval3", "TBAQ-cleaned"),
		filepath.Join(data, "clustering", "ecbplus"),
		filepath.Join(filepath.Dir(data), "seeds"),
	}
}

// TrainReport says how training went.
type TrainReport struct {
	Sentences, Tokens int     // of the training set
	Features          int     // kept in the model
	ClusterWords      int     // words with a cluster
	Stage1Epoch       int     // epoch picked for the first stage (1-based)
	Stage1DevF1       float64 // its dev F1 (0 without Dev)
	Stage2Epoch       int
	Stage2DevF1       float64
	DevF1             []float64 // per epoch, first stage then second
	Duration          time.Duration
	ClustersDuration  time.Duration
	Stage1, Jackknife time.Duration
	Stage2            time.Duration
}

type trainSent struct {
	doc  int
	f, x feats
	gold []uint8
	gsp  []Span
}

// Train learns a model from opt.Train.
func Train(ctx context.Context, opt TrainOptions) (*Model, TrainReport, error) {
	start := time.Now()
	var rep TrainReport
	progress := opt.Progress
	if progress == nil {
		progress = func(string) {}
	}
	if opt.Epochs <= 0 {
		opt.Epochs = 20
	}
	if opt.Folds <= 1 {
		opt.Folds = 5
	}
	if opt.Workers <= 0 {
		opt.Workers = 2
	}
	if opt.MinCount <= 0 {
		opt.MinCount = 2
	}
	train, err := readFile(opt.Train)
	if err != nil {
		return nil, rep, err
	}
	var dev []Document
	if opt.Dev != "" {
		if dev, err = readFile(opt.Dev); err != nil {
			return nil, rep, err
		}
	}
	m := &Model{cfg: modelConfig{TwoStage: !opt.OneStage, Aggregate: !opt.NoAggregate, List: !opt.NoList}}
	var foldLists []*nameList
	if m.cfg.List {
		m.list = buildList(train, func(int) bool { return true })
		for k := range opt.Folds {
			foldLists = append(foldLists, buildList(train, func(di int) bool { return di%opt.Folds != k }))
		}
	}
	if len(opt.Unlabeled) > 0 {
		t0 := time.Now()
		extra := [][]string{}
		for _, d := range train {
			extra = append(extra, d.Sentences...)
		}
		for _, d := range dev {
			extra = append(extra, d.Sentences...)
		}
		cl, err := learnClusters(ctx, opt.Unlabeled, extra, opt.Workers, progress)
		if err != nil {
			return nil, rep, err
		}
		m.clusters = cl
		m.cfg.Clusters = true
		rep.ClusterWords = len(cl)
		rep.ClustersDuration = time.Since(t0)
	}

	// first-stage features of train (building the dictionary) and dev
	t0 := time.Now()
	dict := newDict()
	trainViews := make([]*docView, len(train))
	var ts []trainSent
	var hb []uint64
	var off []int32
	for di, d := range train {
		v := newDocView(d.Sentences)
		if m.cfg.List {
			v.setList(foldLists[di%opt.Folds])
		}
		trainViews[di] = v
		for s := range d.Sentences {
			hb, off = m.localHashes(v, s, hb[:0], off[:0])
			dict.count(hb)
			gsp := Spans(d.Tags[s])
			ts = append(ts, trainSent{doc: di, f: feats{ids: append([]int32(nil), int32sOf(hb)...), off: append([]int32(nil), off...)}, gsp: gsp, gold: spansToBILOU(gsp, len(d.Sentences[s]))})
			rep.Tokens += len(d.Sentences[s])
		}
	}
	rep.Sentences = len(ts)
	dict.freeze(opt.MinCount)
	// the feats above hold hashes (as a temporary) in ids: map them now
	for k := range ts {
		ts[k].f = dict.mapFeats(ts[k].f)
	}
	m.ids = dict.ids
	devViews := make([]*docView, len(dev))
	var ds []trainSent
	for di, d := range dev {
		v := newDocView(d.Sentences)
		if m.cfg.List {
			v.setList(m.list)
		}
		devViews[di] = v
		for s := range d.Sentences {
			hb, off = m.localHashes(v, s, hb[:0], off[:0])
			gsp := Spans(d.Tags[s])
			ds = append(ds, trainSent{doc: di, f: m.lookup(hb, off), gsp: gsp})
		}
	}
	progress(fmt.Sprintf("features: %d sentences, %d tokens, %d features (%.1fs)", len(ts), rep.Tokens, len(dict.ids), time.Since(t0).Seconds()))

	t0 = time.Now()
	w1, ep1, f1, curve := perceptron(ctx, ts, ds, len(dict.ids), opt.Epochs, opt.Seed, progress, "stage 1")
	if err := ctx.Err(); err != nil {
		return nil, rep, err
	}
	rep.Stage1Epoch, rep.Stage1DevF1, rep.DevF1 = ep1, f1, curve
	rep.Stage1 = time.Since(t0)
	m.s1 = w1
	if opt.OneStage {
		m.prune(opt.Prune)
		rep.Features = len(m.ids)
		rep.Duration = time.Since(start)
		return m, rep, nil
	}

	// jackknife first-stage labels of the training set
	t0 = time.Now()
	s1train := make([][][]uint8, len(train))
	for di, d := range train {
		s1train[di] = make([][]uint8, len(d.Sentences))
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, opt.Workers)
	var mu sync.Mutex
	for k := range opt.Folds {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			var in []trainSent
			for _, t := range ts {
				if t.doc%opt.Folds != k {
					in = append(in, t)
				}
			}
			w, _, _, _ := perceptron(ctx, in, nil, len(dict.ids), ep1, opt.Seed+uint64(k)+1, func(string) {}, "")
			sent := 0
			var sc []float32
			for di, d := range train {
				for s := range d.Sentences {
					if di%opt.Folds == k {
						n := ts[sent].f.len()
						sc = grow(sc, n*nLab)
						w.scores(ts[sent].f, feats{}, sc)
						lab := viterbi(w.trans, sc, n, nil, nil)
						mu.Lock()
						s1train[di][s] = lab
						mu.Unlock()
					}
					sent++
				}
			}
			progress(fmt.Sprintf("jackknife fold %d/%d done", k+1, opt.Folds))
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, rep, err
	}
	rep.Jackknife = time.Since(t0)

	// second-stage features
	t0 = time.Now()
	sent := 0
	for di, d := range train {
		occ := trainViews[di].occ
		for s := range d.Sentences {
			hb, off = nonlocalHashes(trainViews[di], s1train[di], occ, s, hb[:0], off[:0])
			ts[sent].x = dict.addFeats(hb, off)
			sent++
		}
	}
	m.ids = dict.ids
	sent = 0
	var sc []float32
	for di, d := range dev {
		lab := make([][]uint8, len(d.Sentences))
		for s := range d.Sentences {
			n := ds[sent+s].f.len()
			sc = grow(sc, n*nLab)
			m.s1.scores(ds[sent+s].f, feats{}, sc)
			lab[s] = viterbi(m.s1.trans, sc, n, nil, nil)
		}
		occ := devViews[di].occ
		for s := range d.Sentences {
			hb, off = nonlocalHashes(devViews[di], lab, occ, s, hb[:0], off[:0])
			ds[sent].x = m.lookup(hb, off)
			sent++
		}
	}
	// stage 1 weights must cover the features added since
	m.s1.w = append(m.s1.w, make([]float32, len(dict.ids)*nLab-len(m.s1.w))...)
	w2, ep2, f2, curve2 := perceptron(ctx, ts, ds, len(dict.ids), opt.Epochs, opt.Seed, progress, "stage 2")
	if err := ctx.Err(); err != nil {
		return nil, rep, err
	}
	m.s2 = w2
	rep.Stage2Epoch, rep.Stage2DevF1 = ep2, f2
	rep.DevF1 = append(rep.DevF1, curve2...)
	rep.Stage2 = time.Since(t0)
	m.prune(opt.Prune)
	rep.Features = len(m.ids)
	rep.Duration = time.Since(start)
	return m, rep, nil
}

func readFile(path string) ([]Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	defer f.Close()
	docs, err := ReadCoNLL(f, path)
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	return docs, nil
}

// int32sOf stores hashes in an int32 slice pairwise, to be mapped by dict.mapFeats (a temporary encoding
// that avoids a second pass over the documents).
func int32sOf(hb []uint64) []int32 {
	out := make([]int32, 2*len(hb))
	for i, h := range hb {
		out[2*i], out[2*i+1] = int32(uint32(h)), int32(uint32(h>>32))
	}
	return out
}

type dict struct {
	counts map[uint64]int
	ids    map[uint64]int32
}

func newDict() *dict { return &dict{counts: map[uint64]int{}} }

func (d *dict) count(hb []uint64) {
	for _, h := range hb {
		d.counts[h]++
	}
}

func (d *dict) freeze(minCount int) {
	d.ids = map[uint64]int32{}
	// IDs in order of first use would depend on map order: assign in hash order for determinism.
	var hs []uint64
	for h, c := range d.counts {
		if c >= minCount {
			hs = append(hs, h)
		}
	}
	slices.Sort(hs)
	for _, h := range hs {
		d.ids[h] = int32(len(d.ids))
	}
	d.counts = nil
}

// mapFeats turns pairwise-encoded hashes (see int32sOf) into IDs, dropping unknown ones.
func (d *dict) mapFeats(f feats) feats {
	out := feats{off: make([]int32, 1, len(f.off))}
	for i := 1; i < len(f.off); i++ {
		for k := f.off[i-1]; k < f.off[i]; k++ {
			h := uint64(uint32(f.ids[2*k])) | uint64(uint32(f.ids[2*k+1]))<<32
			if id, ok := d.ids[h]; ok {
				out.ids = append(out.ids, id)
			}
		}
		out.off = append(out.off, int32(len(out.ids)))
	}
	return out
}

// addFeats maps hashes to IDs, adding unknown ones.
func (d *dict) addFeats(hb []uint64, off []int32) feats {
	out := feats{ids: make([]int32, 0, len(hb)), off: make([]int32, 1, len(off))}
	for i := 1; i < len(off); i++ {
		for _, h := range hb[off[i-1]:off[i]] {
			id, ok := d.ids[h]
			if !ok {
				id = int32(len(d.ids))
				d.ids[h] = id
			}
			out.ids = append(out.ids, id)
		}
		out.off = append(out.off, int32(len(out.ids)))
	}
	return out
}

// perceptron trains averaged weights on ts for up to epochs passes, keeping the epoch with the best F1 on
// dev (the last epoch without dev). It returns the weights, the 1-based epoch and its dev F1.
func perceptron(ctx context.Context, ts, dev []trainSent, nfeat, epochs int, seed uint64, progress func(string), name string) (weights, int, float64, []float64) {
	w := make([]float32, nfeat*nLab)
	acc := make([]float64, nfeat*nLab)
	tr := make([]float32, (nLab+1)*nLab)
	tacc := make([]float64, (nLab+1)*nLab)
	c := 1.0
	order := make([]int, len(ts))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, 0x6e6572))
	cur := weights{w: w, trans: tr}
	var sc []float32
	var pred, back []uint8
	var best weights
	bestEp, bestF1 := 0, -1.0
	var curve []float64
	upd := func(f, x feats, i int, l uint8, d float32) {
		cd := c * float64(d)
		for _, id := range f.ids[f.off[i]:f.off[i+1]] {
			k := int(id)*nLab + int(l)
			w[k] += d
			acc[k] += cd
		}
		if x.off != nil {
			for _, id := range x.ids[x.off[i]:x.off[i+1]] {
				k := int(id)*nLab + int(l)
				w[k] += d
				acc[k] += cd
			}
		}
	}
	average := func() weights {
		a := weights{w: make([]float32, len(w)), trans: make([]float32, len(tr))}
		for k := range w {
			a.w[k] = w[k] - float32(acc[k]/c)
		}
		for k := range tr {
			a.trans[k] = tr[k] - float32(tacc[k]/c)
		}
		return a
	}
	for ep := 1; ep <= epochs; ep++ {
		if ctx.Err() != nil {
			return best, bestEp, bestF1, curve
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		errs := 0
		for _, k := range order {
			t := &ts[k]
			n := t.f.len()
			sc = grow(sc, n*nLab)
			cur.scores(t.f, t.x, sc)
			pred = viterbi(tr, sc, n, pred, back)
			for i := range n {
				pp, gp := nLab, nLab
				if i > 0 {
					pp, gp = int(pred[i-1]), int(t.gold[i-1])
				}
				if pred[i] != t.gold[i] {
					errs++
					upd(t.f, t.x, i, t.gold[i], 1)
					upd(t.f, t.x, i, pred[i], -1)
				}
				if pred[i] != t.gold[i] || pp != gp {
					tr[gp*nLab+int(t.gold[i])]++
					tacc[gp*nLab+int(t.gold[i])] += c
					tr[pp*nLab+int(pred[i])]--
					tacc[pp*nLab+int(pred[i])] -= c
				}
			}
			c++
		}
		if dev == nil {
			if ep == epochs {
				best, bestEp = average(), ep
			}
			continue
		}
		a := average()
		f1 := evalSents(&a, dev)
		curve = append(curve, f1)
		progress(fmt.Sprintf("%s epoch %d: %d token errors, dev F1 %.2f", name, ep, errs, 100*f1))
		if f1 > bestF1 {
			best, bestEp, bestF1 = a, ep, f1
		}
	}
	return best, bestEp, bestF1, curve
}

// evalSents returns the span F1 of w on sentences with gold spans.
func evalSents(w *weights, sents []trainSent) float64 {
	var tp, np, ng int
	var sc []float32
	for _, t := range sents {
		n := t.f.len()
		sc = grow(sc, n*nLab)
		w.scores(t.f, t.x, sc)
		pred := bilouToSpans(viterbi(w.trans, sc, n, nil, nil))
		tp += matchSpans(pred, t.gsp)
		np += len(pred)
		ng += len(t.gsp)
	}
	return f1(tp, np, ng)
}

func matchSpans(pred, gold []Span) int {
	n := 0
	for _, p := range pred {
		for _, g := range gold {
			if p == g {
				n++
				break
			}
		}
	}
	return n
}

func f1(tp, np, ng int) float64 {
	if tp == 0 {
		return 0
	}
	p, r := float64(tp)/float64(np), float64(tp)/float64(ng)
	return 2 * p * r / (p + r)
}

// prune drops features whose weights are all small, and renumbers the rest.
func (m *Model) prune(frac float64) {
	var maxAbs float32
	stages := []*weights{&m.s1}
	if m.cfg.TwoStage {
		stages = append(stages, &m.s2)
	}
	for _, st := range stages {
		for _, x := range st.w {
			maxAbs = max(maxAbs, abs32(x))
		}
	}
	thr := float32(frac) * maxAbs
	ids := map[uint64]int32{}
	var hs []uint64
	for h := range m.ids {
		hs = append(hs, h)
	}
	slices.Sort(hs)
	news := make([][]float32, len(stages))
	for _, h := range hs {
		id := int(m.ids[h])
		keep := false
		for _, st := range stages {
			for _, x := range st.w[id*nLab : id*nLab+nLab] {
				if abs32(x) > thr {
					keep = true
				}
			}
		}
		if !keep {
			continue
		}
		ids[h] = int32(len(ids))
		for k, st := range stages {
			news[k] = append(news[k], st.w[id*nLab:id*nLab+nLab]...)
		}
	}
	m.ids = ids
	for k, st := range stages {
		st.w = news[k]
	}
}

func abs32(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}
