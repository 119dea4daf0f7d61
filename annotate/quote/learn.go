package quote

import (
	"math"
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
	kindPiece      = "rp" // some of the quotes of a rules' attribution, with its cue ("rpi" when none is direct)
	kindPieceOn    = "rq" // some of the quotes of a rules' attribution away from its cue, with its speaker only ("rqi")
)

// maxClauseCue bounds how far before a quotation the cue of a clause candidate may stand, in tokens.
const maxClauseCue = 15

// cand is one candidate attribution: the quotes it would report (one item: they share a cue), with the
// features the model scores it by.
type cand struct {
	kind       string
	qs         []newsgraph.Quote
	first, end int        // the tokens its content covers
	cue        int        // the cue's first token, -1 when none
	bound      int        // the word before the content of a clause candidate, -1 for the others
	quote      int        // index into doc.quotes of the quotation a clause candidate holds, -1 for the others
	cov        [][2]int32 // the token ranges its quotes cover
	spF, spE   int        // the speaker's tokens, spF -1 when none
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
			c := cand{cue: -1, bound: -1, quote: -1, spF: -1, spE: -1, first: x.tokAt(q.Start), end: x.tokAt(q.End-1) + 1}
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
	cs = x.pieces(cs)
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
			if q.attr >= 0 {
				// Inside the reported clause of the quotation's cue, only that clause's start begins one:
				// "said the three ministers agreed on the need to begin “...”" is reported whole.
				if c := x.cues[q.attr]; c.cFirst < c.cEnd && c.cFirst <= q.open && q.open < c.cEnd && f > c.cFirst+1 {
					continue
				}
			}
			ends := []int{q.close + 1}
			if ce, e := x.trimContent(f, se); ce == f && e > q.close+1 {
				e = x.clauseEnd(f, e)
				// The first break after the quotation before the clause's end: `“...” in a tweet, and ...`.
				for t := q.close + 2; t < e; t++ {
					if x.quoteOf[t] < 0 && x.is(t, ",", ";", "and", "but", "—", "–", "(", "while", "as", "though", "because") {
						ends = append(ends, x.trimEnd(f, t))
						break
					}
				}
				ends = append(ends, e)
			}
			cu := -1
			for k := w; k >= ss && k > w-maxClauseCue; k-- {
				if x.quoteOf[k] >= 0 {
					break
				}
				if cues[x.lw(k)] != 0 && !x.upper(k) {
					cu = k
					break
				}
			}
			if cu < 0 {
				cu = w
				if a := q.attr; a >= 0 && x.cues[a].first <= w && x.cues[a].spFirst >= 0 {
					cu = x.cues[a].first
				}
			}
			spF, spE := x.npBefore(cu, ss)
			if spF < 0 {
				spF, spE = x.subject(ss, cu)
			}
			for i, e := range ends {
				if i > 0 && e <= ends[i-1] {
					continue
				}
				c := cand{kind: kindClause, first: f, end: e, cue: cu, bound: w, quote: qi, spF: spF, spE: spE, direct: true}
				inner := x.mkQuote(d, q.first, q.end, true, cu, spF, spE)
				outer := x.mkQuote(d, f, e, false, cu, spF, spE)
				c.qs = append(c.qs, inner, outer)
				cs = append(cs, c)
			}
		}
	}
	if x.opt.DirectOnly {
		cs = slices.DeleteFunc(cs, func(c cand) bool { return !c.direct })
	}
	for i := range cs {
		cs[i].fs = x.features(&cs[i], cs[i].fs[:0])
		cs[i].cov = x.cover(&cs[i])
	}
	return cs
}

// pieces adds to cs, for each rules' attribution of several quotes, every run of them as a candidate of its
// own (for long attributions, each quote alone): the run holding the quote nearest the cue keeps the cue, the
// others keep only the speaker. A quote inside another (a partial quotation in reported speech) goes with it.
// The rules join what PolNeAR often annotates apart: a quotation and the partial quotation of the clause after
// it, the paragraphs of a long quotation.
func (x *doc) pieces(cs []cand) []cand {
	for i, n := 0, len(cs); i < n; i++ {
		c := cs[i]
		if c.kind != kindAttributed && c.kind != kindIndirect || len(c.qs) < 2 {
			continue
		}
		// Units: the quotes not inside another, each with those inside it.
		var units [][]newsgraph.Quote
		for qi, q := range c.qs {
			inside := false
			for qj, o := range c.qs {
				if qj != qi && o.Start <= q.Start && q.Start < o.End && (o.Start < q.Start || q.End < o.End || qj < qi) {
					inside = true
					break
				}
			}
			if inside {
				continue
			}
			u := []newsgraph.Quote{q}
			for qj, o := range c.qs {
				if qj != qi && q.Start <= o.Start && o.Start < q.End && (q.Start < o.Start || o.End < q.End || qi < qj) {
					u = append(u, o)
				}
			}
			units = append(units, u)
		}
		if len(units) < 2 {
			continue
		}
		near, nd := 0, -1
		for ui, u := range units {
			d := abs(x.tokAt(u[0].Start) - c.cue)
			if e := abs(x.tokAt(u[0].End-1) - c.cue); e < d {
				d = e
			}
			if nd < 0 || d < nd {
				near, nd = ui, d
			}
		}
		long := len(units) > 5
		for j := range units {
			for k := j + 1; k <= len(units) && k-j < len(units) && !(long && k > j+1); k++ {
				p := cand{kind: kindPiece, cue: c.cue, bound: -1, quote: -1, spF: c.spF, spE: c.spE, first: len(x.toks)}
				for _, u := range units[j:k] {
					p.qs = append(p.qs, u...)
				}
				if near < j || near >= k {
					p.kind, p.cue = kindPieceOn, -1
					for qi := range p.qs {
						p.qs[qi].Cue = newsgraph.Span{}
					}
				}
				for _, q := range p.qs {
					p.first = min(p.first, x.tokAt(q.Start))
					p.end = max(p.end, x.tokAt(q.End-1)+1)
					p.direct = p.direct || q.Direct
				}
				if !p.direct {
					p.kind += "i"
				}
				cs = append(cs, p)
			}
		}
	}
	return cs
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
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
	// The words around the quotation marks the content holds: how far it runs on after the last closing mark
	// and what follows that mark (`“...,” and his administration`), how many words lead to the first opening.
	lastClose, firstOpen := -1, -1
	for t := max(c.first-1, 0); t <= c.end && t < len(x.toks); t++ {
		if !x.isMark(t) {
			continue
		}
		if firstOpen < 0 && x.opensQuote(t) {
			firstOpen = t
		}
		if x.closesQuote(t) {
			lastClose = t
		}
	}
	if lastClose >= 0 {
		tail := 0
		for t := lastClose + 1; t < c.end; t++ {
			if x.word(t) {
				tail++
			}
		}
		in := b2s(lastClose+1 < c.end)
		add("tail", k, bucket(tail))
		add("tailw", k, in, x.lwAt(lastClose+1, ss, se))
		add("tailp", k, in, x.lwAt(lastClose-1, ss, se), x.lwAt(lastClose+1, ss, se))
	}
	if firstOpen >= 0 {
		head := 0
		for t := c.first; t < firstOpen; t++ {
			if x.word(t) {
				head++
			}
		}
		add("head", k, bucket(head))
		add("headw", k, x.lwAt(firstOpen-1, ss, se), bucket(head))
	}
	// The quotation inside: its own attribution by the rules.
	if c.quote >= 0 {
		q := x.quotes[c.quote]
		add("qattr", b2s(q.attr >= 0), b2s(q.spFirst >= 0))
		add("qlen", bucket(q.end-q.first))
		ql := "mid"
		switch {
		case x.sentStart(q.open):
			ql = "start"
		case x.final(q.end - 1):
			ql = "final"
		case x.is(q.end-1, ","):
			ql = "comma"
		}
		add("qshape", ql, bucket(q.end-q.first))
	}
	// Conjunctions of the above that the linear model cannot form.
	ck := "none"
	if c.cue >= 0 {
		ck = strconv.Itoa(int(cues[x.lw(c.cue)]))
	}
	head, tail := "-", "-"
	if firstOpen >= 0 {
		head = bucket(firstOpen - c.first)
	}
	if lastClose >= 0 {
		tail = bucket(max(c.end-lastClose-1, 0))
	}
	add("k-ck-head-tail", k, ck, head, tail)
	add("k-ck-qin", k, ck, qin, bucket(words))
	if c.cue >= 0 {
		add("k-cw-head", k, x.lw(c.cue), head)
		add("k-cw-tail", k, x.lw(c.cue), tail)
	}
	return fs
}

// cover returns the token ranges the quotes of c cover: not the range from the first to the last, as a split
// quotation leaves the words between its halves ("..., recalling a bill that failed") to another attribution.
func (x *doc) cover(c *cand) [][2]int32 {
	var out [][2]int32
	for _, q := range c.qs {
		t := x.tokAt(q.Start)
		e := t
		for e < len(x.toks) && x.toks[e].Start < q.End {
			e++
		}
		out = append(out, [2]int32{int32(t), int32(e)})
	}
	return out
}

// decode returns the candidates kept, best score first: those scoring above zero (reported speech with no
// quotation, and with keepBare the bare quotations, whatever they score) whose quotes cover no token a better
// one covers, and whose cue no better one uses (quotes sharing a cue are one attribution).
func decode(cs []cand, ntoks int, keepBare bool) []int {
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
	taken := make([]bool, ntoks)
	cueUsed := map[int]bool{}
	var chosen []int
	for _, i := range order {
		c := &cs[i]
		if c.score <= 0 && !(keepBare && c.kind == kindBare) && c.kind != kindIndirect {
			continue
		}
		free := !(c.cue >= 0 && cueUsed[c.cue])
		for _, r := range c.cov {
			for t := r[0]; t < r[1] && free; t++ {
				free = !taken[t]
			}
		}
		if !free {
			continue
		}
		if c.cue >= 0 {
			cueUsed[c.cue] = true
		}
		for _, r := range c.cov {
			for t := r[0]; t < r[1]; t++ {
				taken[t] = true
			}
		}
		chosen = append(chosen, i)
	}
	return chosen
}

// choose scores the candidates with m and reports the quotes of those decode keeps, with their speakers, sorted
// by start.
func (x *doc) choose(d *newsgraph.Document, cs []cand, m *Model) []newsgraph.Quote {
	for i := range cs {
		cs[i].score = m.score(cs[i].fs)
	}
	var out []newsgraph.Quote
	for again := true; again; {
		again = false
		out = out[:0]
		chosen := decode(cs, len(x.toks), x.opt.KeepUnattributed)
		// Speakers in reading order: the last one is a feature of the next.
		slices.Sort(chosen)
		slices.SortStableFunc(chosen, func(a, b int) int { return cs[a].first - cs[b].first })
		x.last = lastSpeaker{ent: -1}
		for _, i := range chosen {
			c := &cs[i]
			x.pickSpeaker(d, c, m)
			if c.kind == kindClause && c.qs[0].Speaker.Len() == 0 && cues[x.lw(c.cue)] == 0 {
				// Neither a speaker nor a speech verb: scare quotes in a clause. Choose again without it.
				c.score, again = float32(math.Inf(-1)), true
				break
			}
			if q := c.qs[0]; q.Speaker.Len() > 0 {
				x.last = lastSpeaker{ent: q.Entity, text: strings.ToLower(q.Speaker.In(x.text))}
			}
			out = append(out, c.qs...)
		}
	}
	slices.SortStableFunc(out, func(a, b newsgraph.Quote) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return a.End - b.End
	})
	return out
}
