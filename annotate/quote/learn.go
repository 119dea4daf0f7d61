package quote

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"newsgraph"
)

// Candidate kinds: where a candidate attribution comes from.
const (
	kindAttributed = "ra" // the rules' quotation with its cue
	kindInherited  = "ri" // the rules' quotation whose speaker goes on from before
	kindBare       = "ru" // a quotation the rules left unattributed
	kindIndirect   = "rx" // the rules' reported speech with no quotation
	kindClause     = "x"  // a quotation with the clause after a word before it, that word as cue
)

// maxClauseCue bounds how far before a quotation the cue of a clause candidate may stand, in tokens.
const maxClauseCue = 15

// cand is one candidate attribution: the quotes it would report (one item: they share a cue), with the
// features the model scores it by.
type cand struct {
	kind       string
	qs         []newsgraph.Quote
	first, end int // the tokens its content covers
	cue        int // the cue's first token, -1 when none
	bound      int // the word before the content of a clause candidate, -1 for the others
	spF, spE   int // the speaker's tokens, spF -1 when none
	direct     bool
	fs         []uint64
	score      float32
}

// tokAt returns the index of the first token ending after byte b.
func (x *doc) tokAt(b int) int {
	return sort.Search(len(x.toks), func(i int) bool { return x.toks[i].End > b })
}

// candidates returns the candidate attributions of the document: the rules' attributions and quotations
// (attributed or not), and for every closed quotation the clauses that run from a word before it to the
// quotation's end or the clause's.
func (x *doc) candidates(d *newsgraph.Document) []cand {
	keep := x.opt.KeepUnattributed
	x.opt.KeepUnattributed = true
	rq := x.output(d)
	x.opt.KeepUnattributed = keep
	var cs []cand
	byCue := map[newsgraph.Span]int{}
	for _, q := range rq {
		i, ok := byCue[q.Cue]
		if !ok || q.Cue.Len() == 0 {
			i = len(cs)
			c := cand{cue: -1, bound: -1, spF: -1, spE: -1, first: x.tokAt(q.Start), end: x.tokAt(q.End-1) + 1}
			switch {
			case q.Cue.Len() > 0:
				c.kind = kindAttributed
				c.cue = x.tokAt(q.Cue.Start)
			case q.Speaker.Len() > 0:
				c.kind = kindInherited
			default:
				c.kind = kindBare
			}
			if q.Speaker.Len() > 0 {
				c.spF, c.spE = x.tokAt(q.Speaker.Start), x.tokAt(q.Speaker.End-1)+1
			}
			cs = append(cs, c)
			if q.Cue.Len() > 0 {
				byCue[q.Cue] = i
			}
		}
		c := &cs[i]
		c.qs = append(c.qs, q)
		c.first = min(c.first, x.tokAt(q.Start))
		c.end = max(c.end, x.tokAt(q.End-1)+1)
		c.direct = c.direct || q.Direct
	}
	for i := range cs {
		if !cs[i].direct {
			cs[i].kind = kindIndirect
		}
	}
	for qi := range x.quotes {
		q := &x.quotes[qi]
		if q.close < 0 || q.dash {
			continue
		}
		ss, se := x.sentRange(q.open)
		if x.titleBefore(q.open) && x.titleLike(q) {
			continue // `on ABC's “This Week”`: a title, no speech
		}
		for w := q.open - 1; w >= ss && w >= q.open-maxClauseCue; w-- {
			if x.quoteOf[w] >= 0 {
				break // another quotation
			}
			if x.final(w) || !x.word(w) || x.upper(w) && w > ss {
				continue
			}
			f := w + 1
			for f < q.open && (x.isMark(f) || !x.word(f)) {
				f++
			}
			if f == q.open {
				continue // the quotation alone, a candidate already
			}
			if x.verbBetween(f, q.open) {
				continue // the clause after that verb is the candidate
			}
			ends := []int{q.close + 1}
			if ce, e := x.trimContent(f, se); ce == f && e > q.close+1 {
				ends = append(ends, x.clauseEnd(f, e))
			}
			// The cue: the rules' attribution of the quotation when it stands before, else the nearest speech
			// verb up to w, else w.
			cu := w
			if q.attr >= 0 && x.cues[q.attr].first <= w && x.cues[q.attr].spFirst >= 0 {
				cu = x.cues[q.attr].first
			} else {
				for k := w; k >= ss && k > w-maxClauseCue; k-- {
					if x.quoteOf[k] >= 0 {
						break
					}
					if cues[x.lw(k)] != 0 && !x.upper(k) {
						cu = k
						break
					}
				}
			}
			spF, spE := x.npBefore(cu, ss)
			if spF < 0 {
				spF, spE = x.subject(ss, cu)
			}
			for i, e := range ends {
				if i > 0 && e <= ends[0] {
					continue
				}
				c := cand{kind: kindClause, first: f, end: e, cue: cu, bound: w, spF: spF, spE: spE, direct: true}
				inner := x.mkQuote(d, q.first, q.end, true, cu, spF, spE)
				outer := x.mkQuote(d, f, e, false, cu, spF, spE)
				c.qs = []newsgraph.Quote{inner, outer}
				cs = append(cs, c)
			}
		}
	}
	if x.opt.DirectOnly {
		cs = slices.DeleteFunc(cs, func(c cand) bool { return !c.direct })
	}
	for i := range cs {
		cs[i].fs = x.features(&cs[i], cs[i].fs[:0])
	}
	return cs
}

// titleLike reports whether most words of quotation q are capitalised.
func (x *doc) titleLike(q *dq) bool {
	words, caps := x.wordCaps(q)
	return 2*caps > words
}

// wordCaps counts the words of quotation q and those of them that are capitalised.
func (x *doc) wordCaps(q *dq) (words, caps int) {
	for t := q.first; t < q.end; t++ {
		if x.word(t) {
			words++
			if x.upper(t) {
				caps++
			}
		}
	}
	return words, caps
}

// verbBetween reports whether a speech verb stands among tokens [f, end).
func (x *doc) verbBetween(f, end int) bool {
	for k := f; k < end; k++ {
		if lw := x.lw(k); cues[lw] != 0 || bareClause[lw] || x.cueAt[k] >= 0 {
			return true
		}
	}
	return false
}

// mkQuote makes the quote of content tokens [first, end) with its cue at token cue (-1 none) and its speaker
// [spF, spE) (spF -1 none).
func (x *doc) mkQuote(d *newsgraph.Document, first, end int, direct bool, cue, spF, spE int) newsgraph.Quote {
	q := newsgraph.Quote{Span: x.spanOf(first, end), Direct: direct, Mention: -1, Entity: -1, Sentence: int(x.sentOf[first])}
	if cue >= 0 {
		q.Cue = x.spanOf(cue, cue+1)
		q.Sentence = int(x.sentOf[cue])
	}
	if spF >= 0 && spF < spE {
		q.Speaker = x.spanOf(spF, spE)
		if m := x.speakerMention(spF, spE); m >= 0 {
			q.Mention = m
			if e := x.ments[m].Entity; e >= 0 && e < len(d.Entities) {
				q.Entity = e
			}
		}
	}
	q.Date = x.sents[q.Sentence].Date
	return q
}

func bucket(n int) string {
	switch {
	case n <= 3:
		return strconv.Itoa(n)
	case n <= 6:
		return "4-6"
	case n <= 12:
		return "7-12"
	case n <= 25:
		return "13-25"
	}
	return "26+"
}

func b2s(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// lemma strips the common inflections of a verb form: "accused" -> "accus", "calling" -> "call".
func lemma(w string) string {
	for _, s := range []string{"ing", "ed", "es", "s", "d"} {
		if len(w) > len(s)+2 && strings.HasSuffix(w, s) {
			return w[:len(w)-len(s)]
		}
	}
	return w
}

// lwAt returns token t in lower case, or a boundary marker outside [lo, hi).
func (x *doc) lwAt(t, lo, hi int) string {
	if t < lo || t >= hi || t < 0 || t >= len(x.toks) {
		return "<s>"
	}
	return x.lw(t)
}

// features appends the features of candidate c to fs.
func (x *doc) features(c *cand, fs []uint64) []uint64 {
	k := c.kind
	add := func(parts ...string) { fs = append(fs, fhash(parts...)) }
	ss, se := x.sentRange(c.first)
	words, in, caps := 0, 0, 0
	for t := c.first; t < c.end; t++ {
		if !x.word(t) {
			continue
		}
		words++
		if x.quoteOf[t] >= 0 {
			in++
		}
		if x.upper(t) {
			caps++
		}
	}
	qin := "0"
	switch {
	case in == words && words > 0:
		qin = "1"
	case 2*in >= words && in > 0:
		qin = "half+"
	case in > 0:
		qin = "some"
	}
	add("b", k)
	add("len", k, bucket(words))
	add("qin", k, qin)
	add("qin-len", k, qin, bucket(words))
	add("caps", k, b2s(2*caps > words))
	startMark := c.first > 0 && x.isMark(c.first-1) || x.isMark(c.first)
	endMark := c.end < len(x.toks) && x.isMark(c.end) || x.isMark(c.end-1)
	add("marks", k, b2s(startMark), b2s(endMark))
	add("fw", k, x.lwAt(c.first, ss, se))
	add("lw", k, x.lwAt(c.end-1, ss, se))
	pw := c.first - 1
	if pw >= ss && x.isMark(pw) {
		pw--
	}
	add("pw", k, x.lwAt(pw, ss, se))
	nw := c.end
	if nw < se && x.isMark(nw) {
		nw++
	}
	add("nw", k, x.lwAt(nw, ss, se))
	add("punct-end", k, b2s(x.final(c.end-1) || c.end < se && x.isMark(c.end) && x.final(c.end-1)), b2s(x.is(c.end-1, ",")))
	add("sent", k, b2s(c.first <= ss+1), b2s(c.end >= se-1))
	si := int(x.sentOf[c.first])
	add("para", k, b2s(x.paraStart(x.sents[si].TokenStart)), b2s(x.sents[si].Paragraph == x.sents[0].Paragraph))
	add("nq", k, strconv.Itoa(min(len(c.qs), 3)))
	if c.cue >= 0 {
		cw := x.lw(c.cue)
		pos, dist := "in", 0
		switch {
		case c.cue < c.first:
			pos, dist = "before", c.first-c.cue-1
		case c.cue >= c.end:
			pos, dist = "after", c.cue-c.end
		}
		add("cw", cw)
		add("cw", k, cw)
		add("cl", lemma(cw))
		add("ck", k, strconv.Itoa(int(cues[cw])))
		add("cp", k, pos, bucket(dist))
		add("cpw", k, x.lwAt(c.cue-1, ss, se))
		add("cnw", k, x.lwAt(c.cue+1, ss, se))
		add("cpw-cw", x.lwAt(c.cue-1, ss, se), cw)
		add("ccue", k, b2s(x.cueAt[c.cue] >= 0))
		add("cup", k, b2s(x.upper(c.cue)))
	} else {
		add("nocue", k)
	}
	if c.spF >= 0 {
		sw := x.lw(c.spF)
		add("sp", k, b2s(c.spE == c.spF+1 && subjectPronouns[sw]))
		if m := x.speakerMention(c.spF, c.spE); m >= 0 {
			add("spm", k, x.ments[m].Label, string(x.ments[m].Kind))
		} else {
			add("spm", k, "none")
		}
		add("spd", k, b2s(x.sentOf[c.spF] == x.sentOf[c.first]))
	} else {
		add("nosp", k)
	}
	if c.bound >= 0 {
		bw := x.lw(c.bound)
		add("bw", bw)
		add("bl", lemma(bw))
		add("bw-cue", b2s(c.bound == c.cue), bucket(c.bound-c.cue))
		add("bk", strconv.Itoa(int(cues[bw])))
	}
	// The quotation inside: its own attribution by the rules.
	if qi := x.quoteOf[min(c.first+1, c.end-1)]; qi >= 0 && c.kind == kindClause {
		q := x.quotes[qi]
		add("qattr", b2s(q.attr >= 0), b2s(q.spFirst >= 0))
		add("qlen", bucket(q.end-q.first))
	}
	return fs
}

// choose scores the candidates with m and reports the best set that does not overlap, best first.
func (x *doc) choose(d *newsgraph.Document, cs []cand, m *Model) []newsgraph.Quote {
	for i := range cs {
		cs[i].score = m.score(cs[i].fs)
	}
	order := make([]int, len(cs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case cs[a].score > cs[b].score:
			return -1
		case cs[a].score < cs[b].score:
			return 1
		}
		return 0
	})
	taken := make([]bool, len(x.toks))
	var out []newsgraph.Quote
	var chosen []int
	for _, i := range order {
		c := &cs[i]
		if c.score <= 0 && !(x.opt.KeepUnattributed && c.kind == kindBare) && c.kind != kindIndirect {
			continue
		}
		free := true
		for t := c.first; t < c.end; t++ {
			if taken[t] {
				free = false
				break
			}
		}
		if !free {
			continue
		}
		for t := c.first; t < c.end; t++ {
			taken[t] = true
		}
		chosen = append(chosen, i)
	}
	// Speakers in reading order: the last one is a feature of the next.
	slices.Sort(chosen)
	slices.SortStableFunc(chosen, func(a, b int) int { return cs[a].first - cs[b].first })
	x.last = lastSpeaker{ent: -1}
	for _, i := range chosen {
		c := &cs[i]
		x.pickSpeaker(d, c, m)
		if q := c.qs[0]; q.Speaker.Len() > 0 {
			x.last = lastSpeaker{ent: q.Entity, text: strings.ToLower(q.Speaker.In(x.text))}
		}
		out = append(out, c.qs...)
	}
	slices.SortStableFunc(out, func(a, b newsgraph.Quote) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return a.End - b.End
	})
	return out
}
