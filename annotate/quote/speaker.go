package quote

import (
	"strconv"
	"strings"

	"newsgraph"
)

// spCand is a candidate speaker of an attribution: tokens [f, e), the mention naming it (-1 none), and where
// it was found.
type spCand struct {
	f, e int
	ment int
	src  string
	fs   []uint64
}

// speakerCands returns the candidate speakers of c: the rules' speaker, the noun phrases before and after its
// cue, the description opening the cue's sentence ("The Florida senator"), the person, organisation and group
// mentions (subject pronouns too) of its sentence and the two before it, the subjects of the speech verbs of its
// sentence and the one before, and the subjects of those two sentences read from their part-of-speech tags.
func (x *doc) speakerCands(c *cand) []spCand {
	var out []spCand
	seen := map[[2]int]int{}
	add := func(f, e int, src string) {
		if f < 0 || f >= e {
			return
		}
		if i, ok := seen[[2]int{f, e}]; ok {
			out[i].src += "+" + src
			return
		}
		seen[[2]int{f, e}] = len(out)
		out = append(out, spCand{f: f, e: e, ment: x.speakerMention(f, e), src: src})
	}
	add(c.spF, c.spE, "rule")
	at := c.first
	if c.cue >= 0 {
		at = c.cue
		ss, se := x.sentRange(c.cue)
		f, e := x.npBefore(c.cue, ss)
		add(f, e, "npb")
		f, e = x.npAfter(c.cue+1, se)
		add(f, e, "npa")
	}
	si := int(x.sentOf[at])
	lo := max(si-2, 0)
	t0 := x.sents[lo].TokenStart
	_, se := x.sentRange(max(at, c.end-1))
	if sn := int(x.sentOf[se-1]) + 1; sn < len(x.sents) {
		se = x.sents[sn].TokenEnd // the line after: "― Carla Sanchez"
	}
	for t := t0; t < se; t++ {
		m := x.mentOf[t]
		if m < 0 {
			continue
		}
		mm := x.ments[m]
		e := t + 1
		for e < se && x.mentOf[e] == m {
			e++
		}
		// A possessive or object pronoun ("his", "them") never speaks.
		if mm.Kind == newsgraph.MentionPronoun && !(e == t+1 && subjectPronouns[x.lw(t)]) {
			t = e - 1
			continue
		}
		if mm.Label == newsgraph.LabelPER || mm.Label == newsgraph.LabelORG || mm.Label == newsgraph.LabelNORP || mm.Kind == newsgraph.MentionPronoun {
			add(t, e, "ment")
		}
		t = e - 1
	}
	// The description that opens the sentence, named by no mention: "The Florida senator sought ..., saying".
	if c.cue >= 0 {
		ss, se := x.sentRange(c.cue)
		f := ss
		for f < se && (x.isMark(f) || x.is(f, "But", "And", "-", "—", "–")) {
			f++
		}
		if f < c.cue && determiners[x.lw(f)] && x.quoteOf[f] < 0 {
			if nf, ne := x.npAfter(f, c.cue); nf >= 0 && x.mentOf[ne-1] < 0 {
				add(nf, ne, "desc")
			}
		}
	}
	// The subjects and inverted subjects of the speech verbs of the sentence and the one before, and the phrase
	// opening the sentence: "the source said", "according to the report", "..., said a spokesman".
	s0 := max(si-1, 0)
	for t := x.sents[s0].TokenStart; t < se; t++ {
		if x.quoteOf[t] >= 0 || cues[x.lw(t)] == 0 && !(x.is(t, "according") && x.is(t+1, "to")) {
			continue
		}
		ts, te := x.sentRange(t)
		if x.is(t, "according") {
			f, e := x.npAfter(t+2, te)
			add(f, e, "acc")
			continue
		}
		if x.upper(t) {
			continue
		}
		f, e := x.npBefore(t, ts)
		add(f, e, "vnpb")
		f, e = x.npAfter(t+1, te)
		add(f, e, "vnpa")
	}
	if c.cue >= 0 {
		ss, _ := x.sentRange(c.cue)
		f := ss
		for f < c.cue && (x.isMark(f) || x.is(f, "But", "And", "-", "—", "–")) {
			f++
		}
		if f < c.cue && x.quoteOf[f] < 0 {
			nf, ne := x.npAfter(f, c.cue)
			add(nf, ne, "open")
		}
	}
	// The subjects by part-of-speech tags of the sentence and the one before, named by no mention or not:
	// "The 34-year-old mother of three replied".
	for s := max(si-1, 0); s <= si; s++ {
		sp, ok := x.subjOf[int32(s)]
		if !ok {
			if x.subjOf == nil {
				x.subjOf = map[int32][2]int{}
			}
			sp[0], sp[1] = x.tagSubject(x.sents[s].TokenStart, x.sents[s].TokenEnd)
			x.subjOf[int32(s)] = sp
		}
		add(sp[0], sp[1], "psubj")
	}
	for i := range out {
		out[i].fs = x.speakerFeatures(c, &out[i], out[i].fs[:0])
	}
	return out
}

// speakerFeatures appends the features of speaker s of candidate c to fs.
func (x *doc) speakerFeatures(c *cand, s *spCand, fs []uint64) []uint64 {
	add := func(parts ...string) { fs = append(fs, fhashAfter(speakerPrefix, parts...)) }
	add("src", s.src)
	add("src-k", s.src, c.kind)
	label, kind := "none", "none"
	if s.ment >= 0 {
		label, kind = x.ments[s.ment].Label, string(x.ments[s.ment].Kind)
		if x.ments[s.ment].Entity >= 0 {
			add("linked")
		}
	}
	if kind == "none" && s.e == s.f+1 && subjectPronouns[x.lw(s.f)] {
		kind = "pron"
	}
	add("mk", label, kind)
	ss, se := x.sentRange(s.f)
	add("pw", x.lwAt(s.f-1, ss, se))
	add("nw", x.lwAt(s.e, ss, se))
	add("pw-nw", x.lwAt(s.f-1, ss, se), x.lwAt(s.e, ss, se))
	add("len", bucket(s.e-s.f))
	rel := "before"
	switch {
	case s.f >= c.first && s.e <= c.end:
		rel = "inside"
	case s.f >= c.end:
		rel = "after"
	}
	add("rel-content", rel, c.kind)
	cd := int(x.sentOf[c.first]) - int(x.sentOf[s.f])
	add("sentdist", strconv.Itoa(max(min(cd, 3), -1)), c.kind)
	if c.cue >= 0 {
		cw := x.lw(c.cue)
		pos, dist := "before", c.cue-s.e
		if s.f > c.cue {
			pos, dist = "after", s.f-c.cue-1
		}
		if x.sentOf[c.cue] != x.sentOf[s.f] {
			pos = "othersent"
			dist = 0
		}
		add("cpos", pos, bucket(dist))
		add("cpos-k", pos, bucket(dist), label, kind)
		add("cpos-cw", pos, cw)
		add("cpos-pw", pos, x.lwAt(s.f-1, ss, se))
		add("cpos-nw", pos, x.lwAt(s.e, ss, se))
		// Between the speaker and the cue: commas (an apposition), other mentions, a "who".
		commas, ments, who := 0, 0, false
		a, b := s.e, c.cue
		if pos == "after" {
			a, b = c.cue+1, s.f
		}
		for t := a; t < b && pos != "othersent"; t++ {
			switch {
			case x.is(t, ","):
				commas++
			case x.is(t, "who"):
				who = true
			case x.mentOf[t] >= 0 && (t == a || x.mentOf[t-1] != x.mentOf[t]):
				ments++
			}
		}
		add("between", strconv.Itoa(min(commas, 3)), strconv.Itoa(min(ments, 3)), b2s(who))
	} else {
		add("nocue", rel, strconv.Itoa(max(min(cd, 3), -1)), kind)
	}
	// The first speaker-like mention of its sentence: the likely subject.
	first := true
	for t := ss; t < s.f; t++ {
		if m := x.mentOf[t]; m >= 0 && (x.ments[m].Label == newsgraph.LabelPER || x.ments[m].Label == newsgraph.LabelORG) {
			first = false
			break
		}
	}
	add("firstment", b2s(first), rel)
	same := x.last.text != "" && strings.ToLower(x.spanOf(s.f, s.e).In(x.text)) == x.last.text ||
		x.last.ent >= 0 && s.ment >= 0 && x.ments[s.ment].Entity == x.last.ent
	add("last", b2s(same), kind, rel)
	add("last-k", b2s(same), c.kind)
	return fs
}

// pickSpeaker sets the speaker of c's quotes to its best-scoring candidate speaker.
func (x *doc) pickSpeaker(d *newsgraph.Document, c *cand, m *Model) {
	if x.rulesSpeak(c) {
		return
	}
	sc := x.speakerCands(c)
	if len(sc) == 0 {
		return
	}
	best, bs := -1, float32(0)
	for i := range sc {
		if s := m.score(sc[i].fs); best < 0 || s > bs {
			best, bs = i, s
		}
	}
	s := sc[best]
	for i := range c.qs {
		q := &c.qs[i]
		q.Speaker = x.spanOf(s.f, s.e)
		q.Mention, q.Entity = -1, -1
		if s.ment >= 0 {
			q.Mention = s.ment
			if e := x.ments[s.ment].Entity; e >= 0 && e < len(d.Entities) {
				q.Entity = e
			}
		}
	}
}

// rulesSpeak reports whether c keeps the rules' speaker of its cue: when it reads as one, as good on PolNeAR
// and better on other news (the seeds). "The numbers argue", "this week called", and the subject the rules
// guess for a participle ("..., adding"): the model chooses.
func (x *doc) rulesSpeak(c *cand) bool {
	if c.kind != kindAttributed && c.kind != kindIndirect && c.kind != kindPiece || c.spF < 0 || !x.plausibleSpeaker(c.spF, c.spE) {
		return false
	}
	if c.cue >= 0 {
		if k := cues[x.lw(c.cue)]; k&cueParticiple != 0 && k&cueFinite == 0 {
			return false
		}
	}
	return true
}

// plausibleSpeaker reports whether tokens [f, e) read as someone who speaks: a person or organisation
// mention, a pronoun, or a phrase whose head is a speaker noun.
func (x *doc) plausibleSpeaker(f, e int) bool {
	if m := x.speakerMention(f, e); m >= 0 {
		l := x.ments[m].Label
		return l == newsgraph.LabelPER || l == newsgraph.LabelORG || l == newsgraph.LabelNORP || x.ments[m].Kind == newsgraph.MentionPronoun
	}
	if e == f+1 && subjectPronouns[x.lw(f)] {
		return true
	}
	return speakerNouns[x.lw(e-1)]
}

// lastSpeaker is the speaker of the attribution before: its entity (-1 none) and its words in lower case.
type lastSpeaker struct {
	ent  int
	text string
}

// tagSubject returns the subject of the sentence [ss, se) read from its part-of-speech tags: the noun phrase
// right before its first finite verb outside quotations (adverbs and modals between them aside); -1, -1 when
// none or without tags.
func (x *doc) tagSubject(ss, se int) (int, int) {
	for t := ss; t < se; t++ {
		if x.quoteOf[t] >= 0 || !isFiniteTag(x.tag(t)) {
			continue
		}
		e := t
		for e > ss && (x.tag(e-1) == "RB" || x.tag(e-1) == "MD") {
			e--
		}
		return x.tagNPEndingAt(e, ss)
	}
	return -1, -1
}

// tagNPEndingAt returns the noun phrase that ends before token e, not before token lo, read from tags: nouns,
// adjectives, numbers and possessives back to a determiner, a possessive pronoun or a subject pronoun, over
// "of" between nouns ("the 34-year-old mother of three"); its last word must be a noun, a pronoun or a number
// after "of". -1, -1 when none.
func (x *doc) tagNPEndingAt(e, lo int) (int, int) {
	f := e
	for f > lo {
		tg := x.tag(f - 1)
		switch {
		case tg == "DT" || tg == "PRP$" || tg == "PRP" && f == e:
			f-- // a determiner or a pronoun starts the phrase
		case isNounTag(tg) || tg == "JJ" || tg == "CD" || tg == "POS":
			f--
			continue
		case tg == "IN" && x.is(f-1, "of") && f < e && f-1 > lo && isNounTag(x.tag(f-2)):
			f--
			continue
		}
		break
	}
	if f == e || e-f > maxNP {
		return -1, -1
	}
	if h := x.tag(e - 1); !isNounTag(h) && h != "PRP" && !(h == "CD" && e-2 > f && x.is(e-2, "of")) {
		return -1, -1
	}
	return f, e
}
