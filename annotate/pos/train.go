package pos

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// TrainOptions configure Train. The zero value is usable.
type TrainOptions struct {
	// Epochs is the number of passes over the training set; 0: 8.
	Epochs int
	// Dev, when set, is tagged after every epoch and the model of the best epoch is kept; nil: the last.
	Dev [][]Token
	// Seed fixes the order of the sentences in each epoch; runs with one seed and data give identical models.
	Seed uint64
	// DictMin and DictRatio select the words tagged from the dictionary: seen at least DictMin times (0: 20)
	// with one tag at least DictRatio of the time (0: 0.97).
	DictMin   int
	DictRatio float64
	// Prune drops averaged weights smaller in absolute value than this; 0: 0.05. Negative keeps every weight.
	Prune float64
	// TwoStage adds a second greedy stage that also reads the first stage's tags of the next two words (from
	// jackknifed first-stage models on the training set). Measured on CoNLL-2003 dev it does not pay
	// (95.31% against 95.33% for one stage, twice the model size), so it is off by default.
	TwoStage bool
	// Folds is the number of jackknife folds that give the first-stage tags of the training set; 0: 5.
	Folds int
	// Progress receives one line per epoch; nil: silent.
	Progress func(string)
}

// ErrNoData is returned by Train when there is no tagged token to learn from.
var ErrNoData = errors.New("pos: no training data")

// entry is the weight of one (feature, tag) pair during training, with what averaging needs.
type entry struct {
	tag uint8
	w   float32
	tot float64 // sum of w over the updates seen so far, up to ts
	ts  int32   // update counter at the last change of w
}

type trainer struct {
	ids   map[uint64]int32
	feats [][]entry
	c     int32 // tokens seen
	nTags int
	score []float32
}

func (tr *trainer) predict(fs []uint64) uint8 {
	sc := tr.score
	clear(sc)
	for _, h := range fs {
		f, ok := tr.ids[h]
		if !ok {
			continue
		}
		for _, e := range tr.feats[f] {
			sc[e.tag] += e.w
		}
	}
	best := 0
	for t := 1; t < len(sc); t++ {
		if sc[t] > sc[best] {
			best = t
		}
	}
	return uint8(best)
}

func (tr *trainer) update(fs []uint64, gold, guess uint8) {
	for _, h := range fs {
		f, ok := tr.ids[h]
		if !ok {
			f = int32(len(tr.feats))
			tr.ids[h] = f
			tr.feats = append(tr.feats, nil)
		}
		tr.add(f, gold, 1)
		tr.add(f, guess, -1)
	}
}

func (tr *trainer) add(f int32, tag uint8, d float32) {
	es := tr.feats[f]
	k := slices.IndexFunc(es, func(e entry) bool { return e.tag == tag })
	if k < 0 {
		tr.feats[f] = append(es, entry{tag: tag, ts: tr.c})
		es = tr.feats[f]
		k = len(es) - 1
	}
	e := &es[k]
	e.tot += float64(e.w) * float64(tr.c-e.ts)
	e.ts = tr.c
	e.w += d
}

// wfile returns the averaged, pruned and int16-quantised weights of the current state, sorted by hash.
func (tr *trainer) wfile(prune float64) wfile {
	type fw struct {
		h  uint64
		es []entry
	}
	hashes := make([]uint64, len(tr.feats))
	for h, f := range tr.ids {
		hashes[f] = h
	}
	C := float64(max(tr.c, 1))
	var all []fw
	maxAbs := 0.0
	for f, es := range tr.feats {
		var kept []entry
		for _, e := range es {
			avg := (e.tot + float64(e.w)*float64(tr.c-e.ts)) / C
			if math.Abs(avg) <= prune || avg == 0 {
				continue
			}
			kept = append(kept, entry{tag: e.tag, tot: avg})
			maxAbs = max(maxAbs, math.Abs(avg))
		}
		if len(kept) > 0 {
			slices.SortFunc(kept, func(a, b entry) int { return int(a.tag) - int(b.tag) })
			all = append(all, fw{hashes[f], kept})
		}
	}
	slices.SortFunc(all, func(a, b fw) int { return cmp.Compare(a.h, b.h) })
	wf := wfile{Scale: float32(maxAbs / 32767)}
	if wf.Scale == 0 {
		wf.Scale = 1
	}
	for _, x := range all {
		var n int
		for _, e := range x.es {
			q := int16(math.Round(e.tot / float64(wf.Scale)))
			if q == 0 {
				continue
			}
			wf.ETags = append(wf.ETags, e.tag)
			wf.Weights = append(wf.Weights, q)
			n++
		}
		if n > 0 {
			wf.Hashes = append(wf.Hashes, x.h)
			wf.Counts = append(wf.Counts, uint16(n))
		}
	}
	return wf
}

// newModel builds a model from its parts.
func newModel(tags []string, dict map[string]uint8, s1 wfile, s2 *wfile) *Model {
	f := &file{Version: fileVersion, Tags: tags, S1: s1, S2: s2}
	for w := range dict {
		f.DictWords = append(f.DictWords, w)
	}
	slices.Sort(f.DictWords)
	for _, w := range f.DictWords {
		f.DictTags = append(f.DictTags, dict[w])
	}
	m, err := f.model()
	if err != nil {
		panic(err) // built by the trainer: cannot be malformed
	}
	return m
}

type trainSent struct {
	norm   []string // normalised words
	infos  []tokInfo
	static []uint64 // nStatic per token
	gold   []uint8
	inDict []bool
}

// Train learns a model from tagged sentences.
func Train(ctx context.Context, sents [][]Token, opt TrainOptions) (*Model, error) {
	if opt.Epochs <= 0 {
		opt.Epochs = 8
	}
	if opt.DictMin <= 0 {
		opt.DictMin = 20
	}
	if opt.DictRatio <= 0 {
		opt.DictRatio = 0.97
	}
	if opt.Prune == 0 {
		opt.Prune = 0.05
	}
	if opt.Folds <= 1 {
		opt.Folds = 5
	}
	progress := opt.Progress
	if progress == nil {
		progress = func(string) {}
	}
	// tag set and dictionary
	tagIdx := map[string]int{}
	counts := map[string]map[string]int{}
	for _, s := range sents {
		for _, t := range s {
			tagIdx[t.Tag] = 0
			w := normWord(t.Word)
			if counts[w] == nil {
				counts[w] = map[string]int{}
			}
			counts[w][t.Tag]++
		}
	}
	if len(tagIdx) == 0 {
		return nil, ErrNoData
	}
	if len(tagIdx) > 250 {
		return nil, fmt.Errorf("pos: %d distinct tags (at most 250)", len(tagIdx))
	}
	tags := make([]string, 0, len(tagIdx))
	for t := range tagIdx {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	for i, t := range tags {
		tagIdx[t] = i
	}
	dict := map[string]uint8{}
	for w, tc := range counts {
		n, best, bestTag := 0, 0, ""
		for t, c := range tc {
			n += c
			if c > best || (c == best && t < bestTag) {
				best, bestTag = c, t
			}
		}
		if n >= opt.DictMin && float64(best)/float64(n) >= opt.DictRatio {
			dict[w] = uint8(tagIdx[bestTag])
		}
	}

	// static features
	ts := make([]trainSent, 0, len(sents))
	var buf []byte
	for _, s := range sents {
		if len(s) == 0 {
			continue
		}
		x := trainSent{infos: make([]tokInfo, 0, len(s)+4), gold: make([]uint8, len(s)), inDict: make([]bool, len(s))}
		x.infos = append(x.infos, padBefore, padBefore)
		for i, t := range s {
			w := normWord(t.Word)
			x.norm = append(x.norm, w)
			var ti tokInfo
			ti, buf = info(w, i == 0, buf)
			x.infos = append(x.infos, ti)
			x.gold[i] = uint8(tagIdx[t.Tag])
			_, x.inDict[i] = dict[w]
		}
		x.infos = append(x.infos, padAfter, padAfter)
		x.static = make([]uint64, 0, nStatic*len(s))
		for i := range s {
			x.static = staticFeats(x.static, x.infos, i)
		}
		ts = append(ts, x)
	}

	var eval1 func(wfile) float64
	if opt.Dev != nil {
		eval1 = func(w wfile) float64 {
			acc, _, _ := Accuracy(newModel(tags, dict, w, nil), opt.Dev, nil)
			return acc
		}
	}
	all := make([]int, len(ts))
	for i := range all {
		all[i] = i
	}
	s1, ep1, err := trainStage(ctx, ts, all, nil, len(tags), opt.Epochs, opt.Seed, opt.Prune, eval1, func(s string) { progress("stage 1 " + s) })
	if err != nil {
		return nil, err
	}
	if !opt.TwoStage {
		return newModel(tags, dict, s1, nil), nil
	}

	// first-stage tags of the training set from models trained on the other folds
	right := make([][]uint8, len(ts))
	for k := range opt.Folds {
		var in, out []int
		for i := range ts {
			if i%opt.Folds == k {
				out = append(out, i)
			} else {
				in = append(in, i)
			}
		}
		w, _, err := trainStage(ctx, ts, in, nil, len(tags), ep1, opt.Seed, opt.Prune, nil, func(string) {})
		if err != nil {
			return nil, err
		}
		m := newModel(tags, dict, w, nil)
		sc := &scratch{score: make([]float32, len(tags))}
		for _, i := range out {
			sc.infos, sc.norm = ts[i].infos, ts[i].norm
			right[i] = m.greedy(sc, &m.s1, nil, nil)
		}
		progress(fmt.Sprintf("jackknife fold %d/%d", k+1, opt.Folds))
	}
	var eval2 func(wfile) float64
	if opt.Dev != nil {
		eval2 = func(w wfile) float64 {
			acc, _, _ := Accuracy(newModel(tags, dict, s1, &w), opt.Dev, nil)
			return acc
		}
	}
	s2, _, err := trainStage(ctx, ts, all, right, len(tags), opt.Epochs, opt.Seed, opt.Prune, eval2, func(s string) { progress("stage 2 " + s) })
	if err != nil {
		return nil, err
	}
	return newModel(tags, dict, s1, &s2), nil
}

// trainStage trains one stage on the sentences ts[use] for epochs passes (reading the first-stage tags right
// when not nil) and returns the weights of the last epoch, or when eval is not nil those of the epoch eval
// scores best, with that epoch (1-based).
func trainStage(ctx context.Context, ts []trainSent, use []int, right [][]uint8, nTags, epochs int, seed uint64, prune float64,
	eval func(wfile) float64, progress func(string)) (wfile, int, error) {
	tr := &trainer{ids: map[uint64]int32{}, nTags: nTags, score: make([]float32, nTags)}
	order := slices.Clone(use)
	var best wfile
	bestEp, bestAcc := 0, -1.0
	fs := make([]uint64, 0, nFeat)
	for ep := range epochs {
		if err := ctx.Err(); err != nil {
			return wfile{}, 0, err
		}
		t0 := time.Now()
		rng := rand.New(rand.NewPCG(seed, uint64(ep)))
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		correct, total := 0, 0
		for _, si := range order {
			x := &ts[si]
			t1, t2 := uint8(nTags), uint8(nTags)
			for i := range x.gold {
				g := x.gold[i]
				guess := g
				if !x.inDict[i] {
					fs = append(fs[:0], x.static[i*nStatic:(i+1)*nStatic]...)
					fs = dynFeats(fs, x.infos, i, t1, t2)
					if right != nil {
						fs = rightFeats(fs, x.infos, i, right[si], t1, nTags)
					}
					guess = tr.predict(fs)
					tr.c++
					if guess != g {
						tr.update(fs, g, guess)
					}
				}
				if guess == g {
					correct++
				}
				total++
				t2, t1 = t1, guess
			}
		}
		line := fmt.Sprintf("epoch %d: train %.2f%%, %d features (%.1fs)", ep+1, 100*float64(correct)/float64(total), len(tr.feats), time.Since(t0).Seconds())
		if eval != nil {
			w := tr.wfile(prune)
			acc := eval(w)
			line += fmt.Sprintf(", dev %.2f%%", 100*acc)
			if acc > bestAcc {
				best, bestEp, bestAcc = w, ep+1, acc
			}
		}
		progress(line)
	}
	if eval == nil {
		return tr.wfile(prune), epochs, nil
	}
	return best, bestEp, nil
}

// Accuracy tags sents with m and returns the share of tokens tagged as in sents; when known is not nil, also
// the accuracy on the words for which known is false and their number.
func Accuracy(m *Model, sents [][]Token, known func(word string) bool) (acc, unknownAcc float64, unknown int) {
	var words, got []string
	ok, n, uok := 0, 0, 0
	for _, s := range sents {
		words = words[:0]
		for _, t := range s {
			words = append(words, t.Word)
		}
		got = m.TagInto(got, words)
		for i, t := range s {
			hit := got[i] == t.Tag
			if hit {
				ok++
			}
			n++
			if known != nil && !known(t.Word) {
				unknown++
				if hit {
					uok++
				}
			}
		}
	}
	if n > 0 {
		acc = float64(ok) / float64(n)
	}
	if unknown > 0 {
		unknownAcc = float64(uok) / float64(unknown)
	}
	return acc, unknownAcc, unknown
}
