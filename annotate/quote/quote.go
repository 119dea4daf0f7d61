// Package quote finds who said what in an annotated news document: direct quotations in straight, curly or
// angle marks (split, running over paragraphs, unbalanced as scraped text leaves them, partial quotes inside
// reported speech, dash-led speech lines, headline "Speaker: quote" attributions) and indirect speech ("Lavrov
// said that ...", "according to X, ...", "..., the Kremlin said"). Each quote keeps its cue (the speech verb or
// phrase, from a lexicon of speech verbs) and its speaker as written, linked through the mention covering the
// speaker to the canonical entity the entity stage resolved it to.
//
// It reads only tokens, sentences and mentions. Rules propose: one pass pairs the quotation marks of each
// paragraph, one pass finds cue words outside quotations with the noun phrase that speaks (before the verb,
// after it when inverted, or the clause's subject for "..., adding that"), and each quotation is attached to
// the cue beside it, around it, or to the quotation it continues. A learned model decides: the rules'
// attributions, runs of their quotes (a quotation and the partial quotation of the clause after it are often
// two attributions), the quotations they left unattributed and, for every quotation, the clauses running from
// a word before it to the quotation, the first break after it or the clause's end ("accused him of acting like
// a “spoiled child”") are candidates; an averaged perceptron, trained both to tell the candidates that match an
// attribution and to rank them above the overlapping ones that match none, scores them, and the best set whose
// quotes neither overlap nor share a cue is kept; a second one ranks the speakers of the kept candidates whose
// rules' speaker is missing or reads as no one (the mentions and noun phrases around the cue and the speech
// verbs of the sentence, the subjects the part-of-speech tags of annotate/pos show, the speaker before). The
// model is trained on PolNeAR train by Train and embedded (model.gob.gz); Options.Rules leaves it out.
package quote

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsgraph"
	"newsgraph/annotate/pos"
)

// Options tune Find. The zero value is the measured default.
type Options struct {
	// DropUnclosed drops a quotation opened and never closed in its paragraph (unless the next paragraph opens
	// with a quotation mark, the news convention for a quotation running over paragraphs). False, the zero
	// value, closes it at the end of its paragraph (or of its sentence when another quotation opens after it).
	DropUnclosed bool
	// KeepUnattributed keeps direct quotations with neither cue nor speaker (scare quotes, titles, slogans),
	// with Mention and Entity -1. False, the zero value, drops them.
	KeepUnattributed bool
	// DirectOnly leaves out indirect speech. False, the zero value, finds both.
	DirectOnly bool
	// Rules keeps the rules' decisions alone, without a learned model. False, the zero value, lets the model
	// choose among the rules' candidates and looser ones (every quotation with the clause around it) and their
	// speakers.
	Rules bool
	// Model is the learned model to use; nil, the zero value, uses DefaultModel. Ignored when Rules is set.
	Model *Model
}

// cue is a speech verb or phrase found outside quotations, with its speaker and the content it introduces.
type cue struct {
	first, end     int // the cue's tokens
	spFirst, spEnd int // the speaker's tokens; spFirst -1 when none
	cFirst, cEnd   int // the reported content's tokens; empty when none
	colon          bool
	dash           bool // the content is a dash-led speech line
}

// doc is a document indexed for one Find call.
type doc struct {
	text     string
	toks     []newsgraph.Span
	sents    []newsgraph.Sentence
	ments    []newsgraph.Mention
	sentOf   []int32 // token -> sentence, -1 outside every sentence
	mentOf   []int32 // token -> mention, -1 when none
	quoteOf  []int32 // token -> direct quotation whose marks or content hold it, -1
	cueAt    []int32 // token -> cue starting there, -1
	quotes   []dq
	cues     []cue
	contFrom int
	opt      Options
	last     lastSpeaker // the speaker of the attribution before, while speakers are chosen
	// Part-of-speech tags, filled a sentence prefix at a time by tag; tagger nil leaves them all "".
	tagger *pos.Model
	tags   []string // token -> tag
	tagTo  []int32  // sentence -> the end of its first tokens that have their tags (0 none)
	words  []string // the words being tagged
	tagBuf []string
	subjOf map[int32][2]int // sentence -> its subject by tags (tagSubject)
}

func (x *doc) w(t int) string { return x.toks[t].In(x.text) }

// lw returns token t in lower case.
func (x *doc) lw(t int) string {
	s := x.w(t)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}

// upper reports whether token t starts with an upper-case letter.
func (x *doc) upper(t int) bool {
	r, _ := utf8.DecodeRuneInString(x.w(t))
	return unicode.IsUpper(r)
}

// word reports whether token t starts with a letter or digit.
func (x *doc) word(t int) bool {
	r, _ := utf8.DecodeRuneInString(x.w(t))
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func (x *doc) is(t int, words ...string) bool {
	if t < 0 || t >= len(x.toks) {
		return false
	}
	return slices.Contains(words, x.w(t))
}

// final reports whether token t ends a sentence.
func (x *doc) final(t int) bool { return x.is(t, ".", "!", "?", "…") }

// sentRange returns the token range of the sentence holding token t.
func (x *doc) sentRange(t int) (int, int) {
	s := x.sents[x.sentOf[t]]
	return s.TokenStart, s.TokenEnd
}

// Find returns the quotes of an annotated document (text, sentences, tokens, mentions, entities filled),
// sorted by content start. It reads d and does not change it. Safe for concurrent use.
func Find(d *newsgraph.Document, opt Options) []newsgraph.Quote {
	x := prepare(d, opt)
	if x == nil {
		return nil
	}
	m := opt.Model
	if m == nil && !opt.Rules {
		m, _ = DefaultModel() // a broken embedded model leaves the rules
	}
	if opt.Rules || m.Len() == 0 {
		return x.output(d)
	}
	return x.choose(d, x.candidates(d), m)
}

// prepare indexes d and runs the rules: quotation marks, cues, attributions. It returns nil when d has
// nothing to read.
func prepare(d *newsgraph.Document, opt Options) *doc {
	x := &doc{text: d.Text, toks: d.Tokens, sents: d.Sentences, ments: d.Mentions, opt: opt, contFrom: -1, tagger: posModel()}
	if !x.index() {
		return nil
	}
	// Direct quotations, paragraph by paragraph.
	for s0 := 0; s0 < len(x.sents); {
		s1 := s0 + 1
		for s1 < len(x.sents) && x.sents[s1].Paragraph == x.sents[s0].Paragraph {
			s1++
		}
		next := -1
		if s1 < len(x.sents) && x.sents[s1].TokenStart < x.sents[s1].TokenEnd {
			next = x.sents[s1].TokenStart
		}
		first, end := x.sents[s0].TokenStart, x.sents[s1-1].TokenEnd
		n := len(x.quotes)
		cont := x.contFrom
		x.contFrom = -1
		if first < end {
			x.pairMarks(s0, first, end, next)
		}
		for i := n; i < len(x.quotes); i++ {
			if x.quotes[i].open == cont {
				x.quotes[i].contPrev = true
			}
		}
		s0 = s1
	}
	slices.SortStableFunc(x.quotes, func(a, b dq) int { return a.first - b.first })
	for i, q := range x.quotes {
		hi := q.end
		if q.close >= 0 {
			hi = q.close + 1
		}
		for t := q.open; t < hi; t++ {
			if x.quoteOf[t] < 0 {
				x.quoteOf[t] = int32(i)
			}
		}
	}
	x.findCues()
	x.dashLines()
	x.attach()
	return x
}

// index fills the token maps; it reports false when the document has nothing to read.
func (x *doc) index() bool {
	n := len(x.toks)
	if n == 0 || len(x.sents) == 0 {
		return false
	}
	x.sentOf = make([]int32, n)
	x.mentOf = make([]int32, n)
	x.quoteOf = make([]int32, n)
	x.cueAt = make([]int32, n)
	for i := range n {
		x.sentOf[i], x.mentOf[i], x.quoteOf[i], x.cueAt[i] = -1, -1, -1, -1
	}
	valid := x.sents[:0:0]
	for _, s := range x.sents {
		if s.TokenStart < 0 || s.TokenEnd > n || s.TokenStart >= s.TokenEnd {
			continue
		}
		valid = append(valid, s)
	}
	x.sents = valid
	for si, s := range x.sents {
		for t := s.TokenStart; t < s.TokenEnd; t++ {
			x.sentOf[t] = int32(si)
		}
	}
	t := 0
	for mi, m := range x.ments {
		// Tokens are sorted; mentions nearly so: search from the start when one goes back.
		if t >= n || x.toks[t].Start > m.Start {
			t = 0
		}
		for t < n && x.toks[t].End <= m.Start {
			t++
		}
		for u := t; u < n && x.toks[u].Start < m.End; u++ {
			if x.mentOf[u] < 0 {
				x.mentOf[u] = int32(mi)
			}
		}
	}
	return len(x.sents) > 0
}

// output turns quotations and indirect speech into Quotes.
func (x *doc) output(d *newsgraph.Document) []newsgraph.Quote {
	var out []newsgraph.Quote
	mk := func(first, end int, direct bool, ci int, spFirst, spEnd int) {
		q := newsgraph.Quote{Span: x.spanOf(first, end), Direct: direct, Mention: -1, Entity: -1, Sentence: int(x.sentOf[first])}
		if ci >= 0 {
			c := x.cues[ci]
			q.Cue = x.spanOf(c.first, c.end)
			q.Sentence = int(x.sentOf[c.first])
			spFirst, spEnd = c.spFirst, c.spEnd
		}
		if spFirst >= 0 && spFirst < spEnd {
			q.Speaker = x.spanOf(spFirst, spEnd)
			if m := x.speakerMention(spFirst, spEnd); m >= 0 {
				q.Mention = m
				if e := x.ments[m].Entity; e >= 0 && e < len(d.Entities) {
					q.Entity = e
				}
			}
		}
		q.Date = x.sents[q.Sentence].Date
		out = append(out, q)
	}
	for i := range x.quotes {
		q := &x.quotes[i]
		if q.attr < 0 && q.spFirst < 0 && x.speechLike(q) {
			// Speech with no cue of its own: the speaker of the attribution before it in its paragraph or the
			// one before goes on.
			if ss := x.sents[x.sentOf[q.open]].TokenStart; !x.sentStart(q.open) {
				q.spFirst, q.spEnd = x.subject(ss, q.open)
			} else {
				q.spFirst, q.spEnd = x.lastSpeaker(q)
			}
		}
		if q.attr < 0 && q.spFirst < 0 && !x.opt.KeepUnattributed {
			continue
		}
		mk(q.first, q.end, true, q.attr, q.spFirst, q.spEnd)
	}
	if !x.opt.DirectOnly {
		for ci, c := range x.cues {
			if c.cFirst >= c.cEnd || x.coveredByQuotes(c.cFirst, c.cEnd) {
				continue
			}
			mk(c.cFirst, c.cEnd, c.dash, ci, -1, -1)
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

// speechLike reports whether an unattributed quotation reads as speech rather than a title or scare quotes: a
// clause of four words or more, not capitalised like a title, ending in punctuation or opening its sentence.
func (x *doc) speechLike(q *dq) bool {
	words, caps := x.wordCaps(q)
	if words < 4 || 2*caps > words {
		return false
	}
	return x.final(q.end-1) || x.is(q.end-1, ",") || x.sentStart(q.open)
}

// lastSpeaker returns the speaker of the attribution nearest before quotation q, in q's paragraph or the one
// before; -1, -1 when none.
func (x *doc) lastSpeaker(q *dq) (int, int) {
	lo := x.sents[q.para].TokenStart
	if p := x.prevPara(q.para); p >= 0 {
		lo = x.sents[p].TokenStart
	}
	for t := q.open - 1; t >= lo; t-- {
		if qi := x.quoteOf[t]; qi >= 0 {
			p := x.quotes[qi]
			if p.attr >= 0 && x.cues[p.attr].spFirst >= 0 {
				return x.cues[p.attr].spFirst, x.cues[p.attr].spEnd
			}
			if p.spFirst >= 0 {
				return p.spFirst, p.spEnd
			}
			continue
		}
		if ci := x.cueAt[t]; ci >= 0 && x.cues[ci].spFirst >= 0 {
			return x.cues[ci].spFirst, x.cues[ci].spEnd
		}
	}
	return -1, -1
}

// spanOf returns the byte span of tokens [first, end).
func (x *doc) spanOf(first, end int) newsgraph.Span {
	return newsgraph.Span{Start: x.toks[first].Start, End: x.toks[end-1].End}
}

// coveredByQuotes reports whether direct quotations hold every word of [first, end): then the quotation is the
// content and carries the attribution. Reported content with words of its own around a partial quotation is
// kept beside it, with the same cue.
func (x *doc) coveredByQuotes(first, end int) bool {
	words, in := 0, 0
	if x.is(first, "that") {
		first++ // `said that "..."`
	}
	for t := first; t < end; t++ {
		if !x.word(t) {
			continue
		}
		words++
		if x.quoteOf[t] >= 0 {
			in++
		}
	}
	return in == words
}

// speakerMention returns the mention that names the speaker of tokens [first, end): the one covering the
// phrase's head (its last word), preferring a person or organisation; -1 when none.
func (x *doc) speakerMention(first, end int) int {
	last := end - 1
	for last > first && !x.word(last) {
		last--
	}
	if m := x.mentOf[last]; m >= 0 {
		return int(m)
	}
	// The head may be followed by an apposition cut short; else a name anywhere in a phrase made only of names
	// ("Lavrov and Araghchi") speaks.
	best := -1
	for t := first; t < end; t++ {
		if m := x.mentOf[t]; m >= 0 {
			l := x.ments[m].Label
			if l == newsgraph.LabelPER || l == newsgraph.LabelORG {
				if best < 0 {
					best = int(m)
				}
			}
		} else if x.word(t) && !x.upper(t) && !x.is(t, "and") {
			return -1
		}
	}
	return best
}
