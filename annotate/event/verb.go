package event

import (
	"strings"

	"newsgraph"
)

// maxGap is how many words a space in a pattern lets come between two of its words.
const maxGap = 6

// match is where a verb's code comes from and where its target and source are to be looked for.
type match struct {
	code, rev string
	targetAt  int // the target is the first actor starting at or after this token
	sourceAt  int // -1: the source is before the verb; else the first actor at or after this token
	end       int // the token after the last one the pattern used
}

// matchVerb tries the verb's patterns at token i (the verb's words end before token end) and returns the
// first that matches, or the verb's own code.
func (s *state) matchVerb(v *verb, i, end, lo, hi int) match {
	for _, p := range v.patterns {
		if m, ok := s.matchPattern(p, i, end, lo, hi); ok {
			return m
		}
	}
	return match{code: v.code, rev: v.rev, targetAt: end, sourceAt: -1, end: end}
}

func (s *state) matchPattern(p *pattern, i, end, lo, hi int) (match, bool) {
	m := match{code: p.code, rev: p.rev, targetAt: end, sourceAt: -1, end: end}
	// Before the verb, right to left.
	pos := i - 1
	for k := len(p.before) - 1; k >= 0; k-- {
		adj := k == len(p.before)-1 && p.adjVerbB || k < len(p.before)-1 && p.before[k+1].adjacent
		start, ok := s.findBack(p.before[k], pos, lo, adj)
		if !ok {
			return m, false
		}
		pos = start - 1
	}
	pos = end
	for k, e := range p.after {
		if p.target == k {
			m.targetAt = pos
		}
		if p.source == k {
			m.sourceAt = pos
		}
		next, ok := s.findFwd(e, pos, hi, e.adjacent)
		if !ok {
			return m, false
		}
		pos = next
	}
	if p.target == len(p.after) {
		m.targetAt = pos
	}
	if p.source == len(p.after) {
		m.sourceAt = pos
	}
	m.end = pos
	return m, true
}

// findFwd finds element e starting at pos (adjacent) or within maxGap words after it, before hi; it returns the
// token after the match.
func (s *state) findFwd(e element, pos, hi int, adjacent bool) (int, bool) {
	last := pos + maxGap
	if adjacent {
		last = pos
	}
	for at := pos; at <= last && at < hi; at++ {
		for _, alt := range e.alts {
			if n := s.matchRun(alt, at, hi); n > 0 {
				return at + n, true
			}
		}
		if s.c.lex.forms[s.low[at]] != nil {
			break // do not reach across another verb
		}
	}
	return 0, false
}

// findBack finds element e ending at pos (adjacent) or within maxGap words before it, not before lo; it
// returns the token where the match starts.
func (s *state) findBack(e element, pos, lo int, adjacent bool) (int, bool) {
	last := pos - maxGap
	if adjacent {
		last = pos
	}
	for at := pos; at >= last && at >= lo; at-- {
		for _, alt := range e.alts {
			start := at - len(alt) + 1
			if start >= lo && s.matchRun(alt, start, at+1) == len(alt) {
				return start, true
			}
		}
	}
	return 0, false
}

// matchRun returns len(run) when the words of run are at tokens at.., before hi; else 0.
func (s *state) matchRun(run []word, at, hi int) int {
	if at+len(run) > hi {
		return 0
	}
	for k, w := range run {
		if !w.matches(s.low[at+k]) {
			return 0
		}
	}
	return len(run)
}

func (w word) matches(tok string) bool {
	for _, a := range w.alts {
		if tok == a {
			return true
		}
		if !w.exact && len(tok) > len(a) && tok[:len(a)] == a {
			switch tok[len(a):] {
			case "s", "es":
				return true
			}
		}
		if !w.exact && len(a) > 1 && a[len(a)-1] == 'y' && tok == a[:len(a)-1]+"ies" {
			return true
		}
	}
	return false
}

// codeVerb codes the verb form f at token i (its words end before end) and appends the events.
func (s *state) codeVerb(si int, toks []newsgraph.Span, f form, i, end int, out []newsgraph.Event) []newsgraph.Event {
	s.used[i] = true
	lo, hi := s.clause(si, toks, i)
	// An infinitive is coded by the verb that governs it ("refused to talk"), or as a fact after a few verbs
	// ("is about to restore"); after others ("plans to attack", "in order to help") it is no event.
	if f.kind == formBase && i > 0 && s.low[i-1] == "to" && (i < 2 || !factualInf[s.low[i-2]]) {
		return out
	}
	if f.kind == formIng && i > 0 && s.low[i-1] == "," {
		return out // "..., warning that": the subject is the main clause's, too far to tell
	}
	if f.v.lemma == "have" && end < len(s.low) {
		if w := s.low[end]; strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "en") {
			return out // an auxiliary: "have backed"
		}
		for _, g := range s.c.lex.forms[s.low[end]] {
			if g.kind == formPast {
				return out // an auxiliary: "have backed"
			}
		}
	}
	m := s.matchVerb(f.v, i, end, lo, hi)
	for k := end; k < m.end; k++ {
		s.used[k] = true // words of the pattern ("conducting airstrikes") are no verbs of their own
	}
	if m.code == "" {
		return out
	}
	cue := newsgraph.Span{Start: toks[i].Start, End: toks[end-1].End}
	// A verb that governs another: "refused to talk to", "pledged to help", "urged X to negotiate". A pattern
	// that spells the inner verb out ("offered to mediate") wins.
	if j, ok := s.governed(i, end, hi); ok && m.end <= j {
		fs := s.c.lex.forms[s.low[j]]
		if g, gend, ok := s.pickForm(fs, j); ok && g.kind == formBase {
			m2 := s.matchVerb(g.v, j, gend, lo, hi)
			if code, targetFromInner := combine(m.code, m2.code); code != "" {
				s.used[j] = true
				m.code, m.rev = code, ""
				if targetFromInner {
					m.targetAt, m.end = m2.targetAt, m2.end
				}
				cue.End = toks[gend-1].End
			}
		}
	} else if ok && m.end > j {
		s.used[j] = true
	}
	// Passive voice: "was attacked by HTS".
	passive := false
	if f.kind == formPast {
		for k := i - 1; k >= lo && k >= i-3; k-- {
			if beAux[s.low[k]] {
				passive = true
				break
			}
			if !adverbSkip[s.low[k]] && !negators[s.low[k]] && s.low[k] != "been" && s.low[k] != "being" {
				break
			}
		}
		if passive && (s.low[i-1] == "'s" || s.low[i-1] == "got") && i >= 2 && s.low[i-2] == "has" {
			passive = false
		}
	}
	var src, tgt []actor
	srcEnd := -1
	if passive {
		by := -1
		for k := m.end; k < hi && k < m.end+maxGap; k++ {
			if s.low[k] == "by" {
				by = k
				break
			}
		}
		if by < 0 {
			return out // no agent: who acted is not said
		}
		src = s.group(s.firstActorFrom(by+1, hi, false, 0, false), +1)
		left := s.subject(i, lo, true)
		tgt = s.group(left, -1)
		if left >= 0 {
			srcEnd = s.actors[left].end
		}
	} else {
		if m.sourceAt >= 0 {
			src = s.group(s.firstActorFrom(m.sourceAt, hi, false, m.end, false), +1)
			left := s.subject(i, lo, true)
			tgt = s.group(left, -1)
			if left >= 0 {
				srcEnd = s.actors[left].end
			}
		} else {
			left := s.subject(i, lo, false)
			if left >= 0 {
				srcEnd = s.actors[left].end
			}
			// "Calenardhon condemned the attack and promised aid to Ithilen": the second verb shares the first
			// one's subject; negation is looked for after the conjunction.
			if conj := s.conjoined(i, lo); conj >= 0 && s.lastSubj >= 0 {
				left, srcEnd = s.lastSubj, conj
			}
			s.lastSubj, s.lastVerb = left, i
			src = s.group(left, -1)
			tgt = s.group(s.firstActorFrom(m.targetAt, hi, true, m.end, materialConflict(m.code)), +1)
		}
	}
	if len(src) == 0 || s.hypothetical(i, lo, srcEnd) {
		return out
	}
	if len(src) > s.c.opt.MaxActors || len(tgt) > s.c.opt.MaxActors {
		return out
	}
	return s.emit(si, lo, hi, cue, m.code, m.rev, src, tgt, out)
}

// emit appends the events of a code between sources and targets (and of rev the other way round) reported in
// the clause [lo, hi) of sentence si by the words cue. With no target, coordinated sources of a symmetric code
// ("Lavrov, Araghchi and Fidan met") each act on the others.
func (s *state) emit(si, lo, hi int, cue newsgraph.Span, code, rev string, src, tgt []actor, out []newsgraph.Event) []newsgraph.Event {
	toks := s.toks
	loc := s.location(lo, hi)
	reporter := s.reporter(si, cue)
	sent := s.d.Sentences[si]
	span := newsgraph.Span{Start: toks[lo].Start, End: toks[hi-1].End}
	one := func(code string, a, b actor) {
		if a.entity >= 0 && a.entity == b.entity || a.entity < 0 && b.entity < 0 && a.cameo == b.cameo {
			return
		}
		key := code + "|" + a.cameo + "|" + b.cameo + "|" + itoa(a.entity) + "|" + itoa(b.entity) + "|" + itoa(si)
		if s.seen[key] {
			return
		}
		s.seen[key] = true
		gs, _ := Goldstein(code)
		out = append(out, newsgraph.Event{
			Span: span, Sentence: si, Cue: cue, Code: code, QuadClass: QuadClass(code), Goldstein: gs,
			Source: s.eventActor(toks, a), Target: s.eventActor(toks, b),
			Date: sent.Date, Location: loc, Reporter: reporter,
		})
	}
	if len(tgt) == 0 {
		if rev == code && len(src) > 1 {
			for _, a := range src {
				for _, b := range src {
					one(code, a, b)
				}
			}
		}
		return out
	}
	for _, a := range src {
		for _, b := range tgt {
			one(code, a, b)
			if rev != "" {
				one(rev, b, a)
			}
		}
	}
	return out
}

func itoa(n int) string {
	if n < 0 {
		return "-"
	}
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return string(b[i:])
}

func (s *state) eventActor(toks []newsgraph.Span, a actor) newsgraph.EventActor {
	return newsgraph.EventActor{
		Span:   newsgraph.Span{Start: toks[a.first].Start, End: toks[a.end-1].End},
		Entity: a.entity,
		CAMEO:  a.cameo,
	}
}

// clause returns the tokens [lo, hi) of the clause around token i: bounded by semicolons, colons, dashes,
// quotation marks and brackets, and by the quote holding the token.
func (s *state) clause(si int, toks []newsgraph.Span, i int) (int, int) {
	lo, hi := 0, len(s.low)
	for k := i - 1; k >= 0; k-- {
		if boundaries[s.low[k]] {
			lo = k + 1
			break
		}
	}
	for k := i + 1; k < len(s.low); k++ {
		if boundaries[s.low[k]] {
			hi = k
			break
		}
	}
	for _, q := range s.d.Quotes {
		if q.Start <= toks[i].Start && toks[i].End <= q.End {
			for lo < i && toks[lo].Start < q.Start {
				lo++
			}
			for hi > i+1 && toks[hi-1].End > q.End {
				hi--
			}
			break
		}
	}
	return lo, hi
}

// reporter returns the speaker of the quote that holds the token, -1 when none.
func (s *state) reporter(si int, tok newsgraph.Span) int {
	for _, q := range s.d.Quotes {
		if q.Start <= tok.Start && tok.End <= q.End && q.Entity >= 0 && q.Entity < len(s.d.Entities) {
			return q.Entity
		}
	}
	return -1
}

// governed returns the verb of "to VERB" that follows the verb at i (skipping its object: "urged the
// opposition to negotiate"), when there is one.
func (s *state) governed(i, from, hi int) (int, bool) {
	for k := from; k < hi-1 && k <= from+6; k++ {
		w := s.low[k]
		if w == "to" {
			j := k + 1
			if s.c.lex.forms[s.low[j]] != nil {
				return j, true
			}
			return 0, false
		}
		if s.c.lex.forms[w] != nil || boundaries[w] || w == "that" {
			return 0, false
		}
	}
	return 0, false
}

// combine codes a verb that governs another: a refusal of what the inner verb does, a pledge of it, a threat
// or an appeal. targetFromInner says whether the target follows the inner verb ("refused to talk to Turkey")
// rather than the outer one ("urged Turkey to talk").
func combine(outer, inner string) (string, bool) {
	ir := Root(inner)
	switch Root(outer) {
	case "12":
		switch {
		case ir == "04":
			return "125", true
		case inner == "087" || len(inner) == 4 && inner[:3] == "087":
			return "1246", true
		case ir == "08":
			return "124", true
		case ir == "06" || ir == "07":
			return "121", true
		case ir == "05" || ir == "03":
			return "120", true
		}
		return outer, true
	case "03":
		switch ir {
		case "04":
			return "036", true
		case "05":
			return "032", true
		case "06":
			return "031", true
		case "07":
			return "033", true
		case "08":
			return "035", true
		}
		return outer, true
	case "13":
		switch ir {
		case "18", "19", "20":
			return "138", true
		case "16":
			return "130", true
		case "17":
			return "137", true
		}
		return outer, true
	case "02":
		switch ir {
		case "04":
			return "026", false
		case "08":
			return "025", false
		case "07":
			return "023", false
		case "06":
			return "021", false
		case "05":
			return "022", false
		}
		return outer, false
	case "10":
		switch ir {
		case "04":
			return "106", false
		case "08":
			return "105", false
		case "07":
			return "103", false
		}
		return outer, false
	}
	return "", false
}

// subject returns the index in s.actors of the nearest actor before token i in the clause that can be a
// subject (no preposition before it, not a place unless a capital), -1 when none.
// With places true, places count too (the subject of a passive verb is its target).
func (s *state) subject(i, lo int, places bool) int {
	for k := len(s.actors) - 1; k >= 0; k-- {
		a := s.actors[k]
		if a.end > i {
			continue
		}
		if a.first < lo {
			return -1
		}
		if s.afterPrep(a.first) {
			continue
		}
		if s.subordinate(a.end, i) {
			return -1 // "Arnor restored ties after crowds burned its embassy": the subject of "burned" is not Arnor
		}
		if a.place && !a.capital && !places || a.placeOnly {
			continue
		}
		return k
	}
	return -1
}

// firstActorFrom returns the index of the first actor starting at or after token from, before hi and within
// a few words, skipping places after "in", "at", "near" when object is true (but not after "at" when at is: "fired
// shells at Seoul"); -1 when none.
//
// Another verb before the actor ends the search (the actor is its object), except before token free, which the
// pattern of this verb used.
func (s *state) firstActorFrom(from, hi int, object bool, free int, at bool) int {
	place := func(prep string) bool { return locPreps[prep] && !(at && prep == "at") }
	for k, a := range s.actors {
		if a.first < from {
			continue
		}
		if a.first >= hi || a.first > max(from, free)+8 {
			return -1
		}
		nearestPrep := ""
		for w := from; w < a.first; w++ {
			if w >= free && w > from && s.verbAt(w) {
				return -1 // another verb's object
			}
			if clauseOpeners[s.low[w]] || object && s.low[w] == "," && w+1 < len(s.low) && (determiners[s.low[w+1]] || subordinators[s.low[w+1]]) {
				return -1 // "... burned its embassy, a senior official said"
			}
			if preps[s.low[w]] {
				nearestPrep = s.low[w]
			}
		}
		if object && place(nearestPrep) {
			continue // "talks in the Kazakh capital Astana"
		}
		if a.placeOnly {
			continue
		}
		if object && a.first > 0 && (place(s.low[a.first-1]) || s.low[a.first-1] == "by" && !s.nounAt(a.first-2)) {
			continue // "in Aleppo", "backed by Iran"; but "condemned an attack by Iran" is about Iran
		}
		if object && a.first > 1 && s.low[a.first-1] == "the" && place(s.low[a.first-2]) {
			continue
		}
		return k
	}
	return -1
}

// verbAt reports whether token k reads as a verb: a form of the lexicon that no determiner before it ("the
// talks", "an attack") or noun ("artillery shells") makes a noun.
func (s *state) verbAt(k int) bool {
	if s.c.lex.forms[s.low[k]] == nil {
		return false
	}
	if k == 0 {
		return true
	}
	prev := s.low[k-1]
	if nounMarks[prev] && !preps[prev] {
		return false
	}
	if strings.HasSuffix(s.low[k], "s") && s.c.lex.forms[prev] == nil && isModifier(prev) && !pronouns[prev] {
		for _, a := range s.actors {
			if a.end == k {
				return true // "Russia shells Aleppo"
			}
		}
		return false
	}
	return true
}

// materialConflict reports whether an event code is a threat of force, a protest by force or an act of force (roots
// 18-20), whose target may follow "at": "fired at", "shot at".
func materialConflict(code string) bool {
	r := Root(code)
	return r == "18" || r == "19" || r == "20"
}

// conjoined returns the conjunction that joins the verb at i to the verb coded before it in the clause ("...
// condemned the attack and promised aid"), -1 when it is not so joined.
func (s *state) conjoined(i, lo int) int {
	if s.lastVerb < lo || s.lastVerb >= i {
		return -1
	}
	k := i - 1
	for k > s.lastVerb && adverbSkip[s.low[k]] {
		k--
	}
	if k > s.lastVerb && (s.low[k] == "and" || s.low[k] == "but") {
		return k
	}
	return -1
}

// subordinate reports whether a subordinating word between tokens from and i ("after", "when", "because") opens
// a clause that holds the verb at i: none of its words up to i is a comma.
func (s *state) subordinate(from, i int) bool {
	open := false
	for k := from; k < i; k++ {
		switch {
		case subordinators[s.low[k]]:
			open = true
		case s.low[k] == ",":
			open = false
		}
	}
	return open
}

// afterPrep reports whether the actor starting at token first is the object of a preposition: "with Turkey",
// "in the south of Syria", "in southern Idlib".
func (s *state) afterPrep(first int) bool {
	k := first - 1
	for k >= 0 && k >= first-3 && (s.low[k] == "the" || directions[s.low[k]]) {
		k--
	}
	return k >= 0 && preps[s.low[k]]
}

// nounAt reports whether token k reads as a noun: a word that is no verb form, or one after a determiner or
// the like ("an attack", "the talks").
func (s *state) nounAt(k int) bool {
	if k < 0 || k >= len(s.low) {
		return false
	}
	w := s.low[k]
	if k > 0 && nounMarks[s.low[k-1]] && !preps[s.low[k-1]] {
		return true
	}
	return s.c.lex.forms[w] == nil && !strings.HasSuffix(w, "ed") && !preps[w] && !boundaries[w] && w != ","
}

// group returns the actor at index k with the actors coordinated with it ("Qatar, Turkey, Russia and Iran"),
// looking left (dir -1) or right (+1). A list is commas closed by a conjunction: looking left the first link
// must be "and" or "or"; looking right, links after the last conjunction are dropped ("Raqqa, the group's
// stronghold" is no list). Unknown places and, as sources, places other than capitals end a list.
func (s *state) group(k, dir int) []actor {
	if k < 0 {
		return nil
	}
	out := []actor{s.actors[k]}
	lastConj := 1
	for j := k + dir; j >= 0 && j < len(s.actors); j += dir {
		a, b := s.actors[j], s.actors[j-dir]
		if dir > 0 {
			a, b = b, a
		}
		// a is the left one, b the right one
		if b.first <= a.end {
			break
		}
		conj, ok := s.coordinated(a.end, b.first)
		if !ok || s.actors[j].placeOnly || dir < 0 && s.actors[j].place && !s.actors[j].capital {
			break
		}
		if dir < 0 && len(out) == 1 && !conj {
			break
		}
		out = append(out, s.actors[j])
		if conj {
			lastConj = len(out)
		}
	}
	if dir > 0 {
		out = out[:lastConj]
	}
	// "the ambassadors of Arnor, Osgiliath and Gondor": the agent in front of the list is every member's.
	lead := out[0]
	if dir < 0 {
		lead = out[len(out)-1]
	}
	if lead.listAgent != "" {
		for i := range out {
			if len(out[i].cameo) == 3 {
				out[i].cameo = withAgent(out[i].cameo, lead.listAgent)
			}
		}
	}
	return out
}

// coordinated reports whether the tokens [from, to) join two actors (commas, "and", "or", "as well as", titles
// written with capitals: "Putin and Foreign Minister Lavrov", possessors: "Lavrov and Iran's Araghchi"), and
// whether a conjunction is among them.
func (s *state) coordinated(from, to int) (conj, ok bool) {
	link := false
	for k := from; k < to; k++ {
		w := s.low[k]
		title := s.toks[k].End > s.toks[k].Start && s.d.Text[s.toks[k].Start] >= 'A' && s.d.Text[s.toks[k].Start] <= 'Z'
		// A capitalised possessor of the next actor belongs to it: "Lavrov and Iran's Abbas Araghchi".
		possessor := (w == "'s" || w == "'") && k > from && s.toks[k-1].End > s.toks[k-1].Start &&
			s.d.Text[s.toks[k-1].Start] >= 'A' && s.d.Text[s.toks[k-1].Start] <= 'Z'
		// After the link, the words in front of the next actor: "and the evil Gondor", "and the city of Homs".
		front := link && (w == "the" || isModifier(w) && s.c.lex.forms[w] == nil && !strings.HasSuffix(w, "ed") ||
			w == "of" && k > from && placeNouns[s.low[k-1]])
		if !coordination[w] && !(title && k > from) && !possessor && !front {
			return false, false
		}
		switch w {
		case "and", "or", "&":
			conj, link = true, true
		case ",", "as":
			link = true
		}
	}
	return conj, link && to-from <= 5
}

// hypothetical reports whether the verb at i is negated, conditional or modal: a negator or modal between the
// source (which ends at srcEnd, -1 when before the clause) and the verb, or "if" earlier in its part of the
// clause.
func (s *state) hypothetical(i, lo, srcEnd int) bool {
	from := srcEnd
	if from < lo {
		from = max(lo, i-4)
	}
	for k := from; k < i; k++ {
		if negators[s.low[k]] || modals[s.low[k]] {
			return true
		}
	}
	for k := i - 1; k >= lo; k-- {
		w := s.low[k]
		if w == "," {
			break
		}
		if conditionals[w] {
			return true
		}
	}
	return false
}

// location returns the entity of the first place named with "in", "at" or "near" in the clause, -1 when none.
func (s *state) location(lo, hi int) int {
	for _, a := range s.actors {
		if a.first < lo || a.first >= hi || a.entity < 0 {
			continue
		}
		p := a.first - 1
		if p >= 0 && (s.low[p] == "the" || s.low[p] == "city" || s.low[p] == "of") {
			for p >= 0 && p >= a.first-4 && !locPreps[s.low[p]] {
				p--
			}
		}
		if p < lo || !locPreps[s.low[p]] {
			continue
		}
		switch s.d.Entities[a.entity].Kind {
		case "city", "region", "territory", "country":
			return a.entity
		case "":
			if s.d.Entities[a.entity].Label == newsgraph.LabelLOC {
				return a.entity
			}
		}
	}
	return -1
}
