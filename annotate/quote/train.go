package quote

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"newsgraph"
)

// GoldQuote is one gold attribution to learn from: its content and its source (speaker) as byte spans into
// the document's text. A split content has several spans; Source is empty when the attribution has none.
type GoldQuote struct {
	Content, Source []newsgraph.Span
	Cue             []newsgraph.Span // the cue ("said"); Learn does not use it
}

// TrainDoc is one document to learn from: annotated up to entities (sentences, tokens, mentions, entities),
// with its gold attributions.
type TrainDoc struct {
	Doc  *newsgraph.Document
	Gold []GoldQuote
}

// TrainOptions tune Train and Learn. The zero value is the measured default.
type TrainOptions struct {
	// Annotate annotates a document's text up to entities (the default pipeline). Train needs it; Learn,
	// which takes annotated documents, ignores it.
	Annotate func(context.Context, *newsgraph.Document) error
	// Epochs is the number of passes over the data; 0 means 10.
	Epochs int
	// MinCount drops the features seen in fewer candidates than this; 0 means 3.
	MinCount int
	// NoRank leaves out the ranking updates (a candidate matching a gold attribution above the overlapping
	// ones matching none) and learns the candidate scorer as a classifier only. False, the zero value, ranks.
	NoRank bool
	// Seed seeds the order of the examples; 0 means 1. The same data and seed give the same model.
	Seed uint64
}

// Train reads the PolNeAR directory dir (text/*.txt, attributions/*_<annotator>.ann; for a document with
// several annotators, the one whose ID sorts first), annotates each text with opt.Annotate and learns a
// model from them.
func Train(ctx context.Context, dir string, opt TrainOptions) (*Model, error) {
	if opt.Annotate == nil {
		return nil, fmt.Errorf("train quotes: TrainOptions.Annotate is nil")
	}
	pdocs, err := ReadPolNeAR(dir)
	if err != nil {
		return nil, err
	}
	docs := make([]TrainDoc, len(pdocs))
	for i, pd := range pdocs {
		docs[i] = TrainDoc{Doc: &newsgraph.Document{Text: pd.Text, ID: pd.Name}, Gold: pd.Gold}
	}
	for i := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := opt.Annotate(ctx, docs[i].Doc); err != nil {
			return nil, fmt.Errorf("train quotes: annotate %s: %w", docs[i].Doc.ID, err)
		}
		docs[i].Doc.Quotes = nil
	}
	return Learn(ctx, docs, opt)
}

// example is one candidate's features and whether it matches a gold attribution.
type example struct {
	fs  []uint64
	pos bool
}

// Learn learns a model from annotated documents with gold attributions: an averaged perceptron that tells the
// candidates matching a gold attribution (content overlapping by at least half of the union) from the others.
// Deterministic for the same documents and options.
func Learn(ctx context.Context, docs []TrainDoc, opt TrainOptions) (*Model, error) {
	if opt.Epochs <= 0 {
		opt.Epochs = 10
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.MinCount <= 0 {
		opt.MinCount = 3
	}
	var exs []example
	var grps []group
	noSpeaker := 0
	var rks []ranking
	npos := 0
	for _, td := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		x := prepare(td.Doc, Options{})
		if x == nil {
			continue
		}
		gold := make([][]newsgraph.Span, len(td.Gold))
		for i, g := range td.Gold {
			gold[i] = MergeSpans(g.Content)
		}
		// The source of the gold attribution before each, in reading order, for the speaker's "last" feature.
		prev := make([]lastSpeaker, len(td.Gold))
		for i := range td.Gold {
			prev[i] = lastSpeaker{ent: -1}
			best := -1
			for j, h := range td.Gold {
				if len(h.Source) > 0 && len(gold[j]) > 0 && len(gold[i]) > 0 && gold[j][0].Start < gold[i][0].Start && (best < 0 || gold[j][0].Start > gold[best][0].Start) {
					best = j
				}
			}
			if best >= 0 {
				src := td.Gold[best].Source[0]
				prev[i].text = strings.ToLower(src.In(td.Doc.Text))
				for _, m := range td.Doc.Mentions {
					if m.Start < src.End && src.Start < m.End && m.Entity >= 0 {
						prev[i].ent = m.Entity
						break
					}
				}
			}
		}
		cs := x.candidates(td.Doc)
		base := len(exs)
		contents := make([][]newsgraph.Span, len(cs))
		for ci, c := range cs {
			var content []newsgraph.Span
			for _, q := range c.qs {
				content = append(content, q.Span)
			}
			content = MergeSpans(content)
			pos, bg, br := false, -1, 0.0
			for gi, g := range gold {
				if r := ratio(g, content); r >= 0.5 {
					pos = true
					if r > br {
						bg, br = gi, r
					}
				}
			}
			if pos {
				npos++
			}
			contents[ci] = content
			exs = append(exs, example{fs: slices.Clone(c.fs), pos: pos})
			if bg < 0 || len(td.Gold[bg].Source) == 0 {
				continue
			}
			var rk ranking
			x.last = prev[bg]
			for _, s := range x.speakerCands(&c) {
				rk.fs = append(rk.fs, slices.Clone(s.fs))
				ok := speakerMatches(td.Doc, td.Gold[bg].Source, s, x)
				rk.ok = append(rk.ok, ok)
				rk.any = rk.any || ok
			}
			if rk.any {
				rks = append(rks, rk)
			} else {
				noSpeaker++
			}
		}
		// For each gold attribution, the candidates matching it against those that match no gold and overlap
		// one of them: only one of two overlapping candidates is kept, the matching one should score higher.
		for _, g := range gold {
			var grp group
			for ci, c := range contents {
				if ratio(g, c) >= 0.5 {
					grp.pos = append(grp.pos, base+ci)
				}
			}
			for ci, c := range contents {
				if len(grp.pos) == 0 {
					break
				}
				if exs[base+ci].pos {
					continue
				}
				for _, p := range grp.pos {
					if overlapBytes(contents[p-base], c) > 0 {
						grp.neg = append(grp.neg, base+ci)
						break
					}
				}
			}
			if len(grp.neg) > 0 {
				grps = append(grps, grp)
			}
		}
	}
	// Features too rare to generalise are left out.
	count := map[uint64]int{}
	for _, e := range exs {
		for _, f := range e.fs {
			count[f]++
		}
	}
	for _, rk := range rks {
		for _, fs := range rk.fs {
			for _, f := range fs {
				count[f]++
			}
		}
	}
	keep := func(fs []uint64) []uint64 {
		return slices.DeleteFunc(fs, func(f uint64) bool { return count[f] < opt.MinCount })
	}
	for i := range exs {
		exs[i].fs = keep(exs[i].fs)
	}
	for _, rk := range rks {
		for i := range rk.fs {
			rk.fs[i] = keep(rk.fs[i])
		}
	}
	p := newPerceptron()
	r := rand.New(rand.NewPCG(opt.Seed, 0x9e3779b97f4a7c15))
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	for ep := 0; ep < opt.Epochs; ep++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			e := exs[i]
			y := float32(-1)
			if e.pos {
				y = 1
			}
			if y*p.score(e.fs) <= 0 {
				p.update(e.fs, y)
			}
			p.tick()
		}
		if opt.NoRank {
			continue
		}
		// The best-scoring matching candidate of each gold attribution must outscore every candidate that
		// overlaps it and matches nothing.
		r.Shuffle(len(grps), func(i, j int) { grps[i], grps[j] = grps[j], grps[i] })
		for _, g := range grps {
			best, bs := -1, float32(0)
			for _, i := range g.pos {
				if s := p.score(exs[i].fs); best < 0 || s > bs {
					best, bs = i, s
				}
			}
			worst, ws := -1, float32(0)
			for _, i := range g.neg {
				if s := p.score(exs[i].fs); worst < 0 || s > ws {
					worst, ws = i, s
				}
			}
			if ws >= bs-rankMargin {
				p.update(exs[best].fs, 1)
				p.update(exs[worst].fs, -1)
			}
			p.tick()
		}
	}
	sp := newPerceptron()
	for ep := 0; ep < opt.Epochs; ep++ {
		r.Shuffle(len(rks), func(i, j int) { rks[i], rks[j] = rks[j], rks[i] })
		for _, rk := range rks {
			best, bs, gold, gs := -1, float32(0), -1, float32(0)
			for i, fs := range rk.fs {
				s := sp.score(fs)
				if best < 0 || s > bs {
					best, bs = i, s
				}
				if rk.ok[i] && (gold < 0 || s > gs) {
					gold, gs = i, s
				}
			}
			if !rk.ok[best] {
				sp.update(rk.fs[gold], 1)
				sp.update(rk.fs[best], -1)
			}
			sp.tick()
		}
	}
	m := &Model{w: map[uint64]float32{}}
	p.addAverage(m.w)
	sp.addAverage(m.w)
	for k, w := range m.w {
		if w < 1e-3 && w > -1e-3 {
			delete(m.w, k) // too small to matter
		}
	}
	m.Info = fmt.Sprintf("averaged perceptron, %d documents, %d candidates (%d matching gold), %d speaker rankings (%d more with no right speaker), %d epochs, seed %d, %d weights",
		len(docs), len(exs), npos, len(rks), noSpeaker, opt.Epochs, opt.Seed, len(m.w))
	return m, nil
}

// rankMargin is how far above the overlapping candidates that match nothing the best matching one must score
// before the ranking leaves it.
const rankMargin = 2

// group is one gold attribution's candidates: those that match it and those that overlap them and match no
// gold attribution, as indices into the examples.
type group struct{ pos, neg []int }

// overlapBytes returns the bytes two merged span lists share.
func overlapBytes(a, b []newsgraph.Span) int {
	n := 0
	for _, x := range a {
		for _, y := range b {
			if lo, hi := max(x.Start, y.Start), min(x.End, y.End); hi > lo {
				n += hi - lo
			}
		}
	}
	return n
}

// ranking is one attribution's candidate speakers: their features and which are right.
type ranking struct {
	fs  [][]uint64
	ok  []bool
	any bool
}

// speakerMatches reports whether speaker s is the gold source: overlapping it, or naming the entity of a
// mention that overlaps it.
func speakerMatches(d *newsgraph.Document, source []newsgraph.Span, s spCand, x *doc) bool {
	sp := x.spanOf(s.f, s.e)
	for _, g := range source {
		if g.Start < sp.End && sp.Start < g.End {
			return true
		}
	}
	if AntecedentOf(d.Text, source, sp) {
		return true
	}
	if s.ment < 0 || x.ments[s.ment].Entity < 0 {
		return false
	}
	for _, m := range d.Mentions {
		if m.Entity != x.ments[s.ment].Entity {
			continue
		}
		for _, g := range source {
			if g.Start < m.End && m.Start < g.End {
				return true
			}
		}
		if AntecedentOf(d.Text, source, m.Span) {
			return true
		}
	}
	return false
}

// AntecedentOf reports whether sp is the antecedent of a gold source that is a relative pronoun: PolNeAR
// marks "who" in "Lavrov, who said ..." as the source, the speaker is the phrase right before it (only spaces
// and a comma between). Training and eval both read gold sources this way.
func AntecedentOf(text string, source []newsgraph.Span, sp newsgraph.Span) bool {
	if len(source) != 1 || sp.End > source[0].Start {
		return false
	}
	switch strings.ToLower(source[0].In(text)) {
	case "who", "which", "that", "whom":
	default:
		return false
	}
	between := strings.TrimSpace(text[sp.End:source[0].Start])
	return between == "" || between == ","
}

// ratio returns the overlap of two merged contents over their union.
func ratio(a, b []newsgraph.Span) float64 {
	inter, ta, tb := 0, 0, 0
	for _, x := range a {
		ta += x.Len()
		for _, y := range b {
			if lo, hi := max(x.Start, y.Start), min(x.End, y.End); hi > lo {
				inter += hi - lo
			}
		}
	}
	for _, y := range b {
		tb += y.Len()
	}
	if inter == 0 {
		return 0
	}
	return float64(inter) / float64(ta+tb-inter)
}

// matches reports whether two merged contents overlap by at least half of their union.
func matches(a, b []newsgraph.Span) bool {
	return ratio(a, b) >= 0.5
}

// MergeSpans returns ss sorted, with the spans that overlap or touch merged and the empty ones left out; ss is
// not changed.
func MergeSpans(ss []newsgraph.Span) []newsgraph.Span {
	ss = slices.Clone(ss)
	slices.SortFunc(ss, func(a, b newsgraph.Span) int { return a.Start - b.Start })
	var out []newsgraph.Span
	for _, s := range ss {
		if s.End <= s.Start {
			continue
		}
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// PolNeARDoc is one document of a PolNeAR directory: its name, the annotator whose attributions were read,
// its text and those attributions (byte spans into Text).
type PolNeARDoc struct {
	Name, Annotator string
	Text            string
	Gold            []GoldQuote
}

// ReadPolNeAR reads the documents of a PolNeAR directory (text/*.txt and attributions/*_<annotator>.ann),
// sorted by name. A document annotated by several annotators is read with the annotation file whose annotator
// ID sorts first, so that runs agree. Offsets in the files count characters; they are turned into byte offsets.
func ReadPolNeAR(dir string) ([]PolNeARDoc, error) {
	anns, err := filepath.Glob(filepath.Join(dir, "attributions", "*.ann"))
	if err != nil {
		return nil, fmt.Errorf("read polnear %s: %w", dir, err)
	}
	if len(anns) == 0 {
		return nil, fmt.Errorf("read polnear %s: no attributions/*.ann", dir)
	}
	chosen := map[string]string{} // document name -> annotator
	var names []string
	for _, a := range anns {
		base := strings.TrimSuffix(filepath.Base(a), ".ann")
		i := strings.LastIndexByte(base, '_')
		if i < 0 {
			return nil, fmt.Errorf("read polnear %s: want <document>_<annotator>.ann", a)
		}
		name, who := base[:i], base[i+1:]
		if prev, ok := chosen[name]; !ok || who < prev {
			if !ok {
				names = append(names, name)
			}
			chosen[name] = who
		}
	}
	sort.Strings(names)
	var docs []PolNeARDoc
	for _, name := range names {
		who := chosen[name]
		raw, err := os.ReadFile(filepath.Join(dir, "text", name+".txt"))
		if err != nil {
			return nil, fmt.Errorf("read polnear: %w", err)
		}
		path := filepath.Join(dir, "attributions", name+"_"+who+".ann")
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("read polnear: %w", err)
		}
		gold, err := ReadBrat(f, path, string(raw))
		f.Close()
		if err != nil {
			return nil, err
		}
		docs = append(docs, PolNeARDoc{Name: name, Annotator: who, Text: string(raw), Gold: gold})
	}
	return docs, nil
}

// ReadBrat reads the attributions of a brat standoff file over text: T lines (Source, Cue, Content spans, with
// "start end;start end" fragments counted in characters) and E lines relating them
// ("Attribution:T4 Content:T3 Cue:T2 Source:T1"). Other lines (notes, Discard and Discuss spans) are skipped,
// and so are relations without content. Spans are kept as annotated (not merged). name labels errors.
func ReadBrat(r io.Reader, name, text string) ([]GoldQuote, error) {
	// byteAt[i] is the byte offset of character i.
	byteAt := make([]int, 0, len(text)+1)
	for i := range text {
		byteAt = append(byteAt, i)
	}
	byteAt = append(byteAt, len(text))
	spans := map[string][]newsgraph.Span{}
	var rels [][]string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for n := 1; sc.Scan(); n++ {
		fields := strings.SplitN(sc.Text(), "\t", 3)
		if len(fields) < 2 || fields[0] == "" {
			continue
		}
		switch fields[0][0] {
		case 'T':
			_, frags, ok := strings.Cut(fields[1], " ")
			if !ok {
				return nil, fmt.Errorf("read %s:%d: no span in %q", name, n, fields[1])
			}
			var ss []newsgraph.Span
			for _, fr := range strings.Split(frags, ";") {
				a, b, ok := strings.Cut(strings.TrimSpace(fr), " ")
				s, err1 := strconv.Atoi(a)
				e, err2 := strconv.Atoi(b)
				if !ok || err1 != nil || err2 != nil || s < 0 || e < s || e >= len(byteAt) {
					return nil, fmt.Errorf("read %s:%d: bad span %q (text has %d characters)", name, n, fr, len(byteAt)-1)
				}
				ss = append(ss, newsgraph.Span{Start: byteAt[s], End: byteAt[e]})
			}
			spans[fields[0]] = ss
		case 'E':
			rels = append(rels, strings.Fields(fields[1]))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var out []GoldQuote
	for _, rel := range rels {
		var g GoldQuote
		for _, arg := range rel {
			role, id, ok := strings.Cut(arg, ":")
			if !ok {
				continue
			}
			ss, ok := spans[id]
			if !ok {
				return nil, fmt.Errorf("read %s: relation %v names %s, which is no span", name, rel, id)
			}
			switch strings.TrimRight(role, "0123456789") {
			case "Content":
				g.Content = append(g.Content, ss...)
			case "Source":
				g.Source = append(g.Source, ss...)
			case "Cue":
				g.Cue = append(g.Cue, ss...)
			}
		}
		if len(g.Content) > 0 {
			out = append(out, g)
		}
	}
	return out, nil
}
