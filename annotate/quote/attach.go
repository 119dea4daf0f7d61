package quote

import "strings"

// attach gives each direct quotation its attribution: the cue right after it (`"...," Lavrov said`), right
// before it (`Lavrov said: "..."`), the reported speech that holds it (`said it would be "unacceptable"`), or
// the quotation it continues (the second half of a split quotation, the next paragraph of a long one).
func (x *doc) attach() {
	for i := range x.quotes {
		q := &x.quotes[i]
		if ci := x.bylineAfter(q); ci >= 0 {
			q.attr = ci
			continue
		}
		if ci := x.cueAfter(q); ci >= 0 {
			q.attr = ci
			// `"...," Lavrov told reporters after the talks`: what follows the verb is no reported speech.
			if c := &x.cues[ci]; c.cFirst > c.first && !x.is(c.cFirst, "that") {
				c.cFirst, c.cEnd = 0, 0
			}
			continue
		}
		if ci := x.cueBefore(q); ci >= 0 {
			q.attr = ci
			continue
		}
		if ci := x.cueAround(q); ci >= 0 {
			q.attr = ci
			continue
		}
		if i == 0 {
			continue
		}
		// The quotation before, passing over the unattributed ones of the paragraph (a title between the halves
		// of a split quotation: `"...," Cuban said on "Meet the Press." "..."`).
		pi := i - 1
		for pi > 0 && x.quotes[pi].attr < 0 && x.quotes[pi].spFirst < 0 && x.quotes[pi].para == q.para && x.quotes[pi-1].para == q.para {
			pi--
		}
		p := x.quotes[pi]
		if p.attr < 0 && p.spFirst < 0 {
			continue
		}
		switch {
		case p.para == q.para:
			// A split quotation: `"...," he said. "..."`, unless another speaker comes between.
			if x.sentStart(q.open) && x.cueBetween(p.end, q.open, p.attr) < 0 {
				q.attr, q.spFirst, q.spEnd = p.attr, p.spFirst, p.spEnd
			}
		case q.contPrev && p.contNext:
			q.attr, q.spFirst, q.spEnd = p.attr, p.spFirst, p.spEnd
		case x.paraStart(q.open) && x.prevPara(q.para) == p.para && x.cueBetween(p.end, q.open, p.attr) < 0:
			// A paragraph opening on a quotation with no attribution after a quotation: the same speaker goes
			// on (PolNeAR annotates it as the same attribution).
			q.attr, q.spFirst, q.spEnd = p.attr, p.spFirst, p.spEnd
		}
	}
	// A partial quotation after its cue with words between (`called the plan "dead"`, `said the party was
	// "finished" after the vote`): the reported clause around it is the content, when the cue found none.
	for i := range x.quotes {
		q := &x.quotes[i]
		if q.attr < 0 || q.close < 0 {
			continue
		}
		c := &x.cues[q.attr]
		if c.cFirst < c.cEnd || c.end > q.open || x.sentOf[c.first] != x.sentOf[q.open] {
			continue
		}
		words := 0
		for t := c.end; t < q.open; t++ {
			if x.word(t) && !x.is(t, "that") && !dayWords[x.lw(t)] {
				words++
			}
		}
		if words == 0 {
			continue
		}
		_, se := x.sentRange(q.open)
		f, e := x.trimContent(c.end, se)
		if f < e {
			e = max(x.clauseEnd(f, e), min(q.close+1, e))
			c.cFirst, c.cEnd = f, e
		}
	}
	// A paragraph that ends in a colon ("Caddell continued:", "Cruz called them on it:") introduces the
	// quotation that opens the next one: its cue, else its subject speaks.
	for i := range x.quotes {
		q := &x.quotes[i]
		if q.attr >= 0 || !x.paraStart(q.open) || q.para == 0 {
			continue
		}
		prevEnd := x.sents[q.para-1].TokenEnd - 1
		if !x.is(prevEnd, ":") {
			continue
		}
		ss := x.sents[q.para-1].TokenStart
		for k := prevEnd - 1; k >= ss; k-- {
			if ci := x.cueAt[k]; ci >= 0 && x.cues[ci].spFirst >= 0 {
				q.attr = int(ci)
				break
			}
		}
		if q.attr < 0 {
			if f, e := x.subject(ss, prevEnd); f >= 0 {
				q.attr = len(x.cues)
				x.cueAt[prevEnd] = int32(q.attr)
				x.cues = append(x.cues, cue{first: prevEnd, end: prevEnd + 1, spFirst: f, spEnd: e, colon: true})
			}
		}
		if q.attr >= 0 {
			q.spFirst, q.spEnd = -1, -1
			// The paragraphs that continue it share the attribution.
			for j := i + 1; j < len(x.quotes) && x.quotes[j].attr < 0 && x.quotes[j].spFirst < 0 && x.paraStart(x.quotes[j].open) && x.prevPara(x.quotes[j].para) == x.quotes[j-1].para; j++ {
				x.quotes[j].attr = q.attr
			}
		}
	}
}

// paraStart reports whether token t begins its paragraph.
func (x *doc) paraStart(t int) bool {
	si := x.sentOf[t]
	s := x.sents[si]
	return s.TokenStart == t && (si == 0 || x.sents[si-1].Paragraph != s.Paragraph)
}

// sentStart reports whether token t begins its sentence, quotation marks and dashes aside.
func (x *doc) sentStart(t int) bool {
	ss := x.sents[x.sentOf[t]].TokenStart
	for k := t - 1; k >= ss; k-- {
		if !x.isMark(k) && !x.is(k, "-", "–", "—", "(") {
			return false
		}
	}
	return true
}

// prevPara returns the first sentence of the paragraph before the one starting at sentence s0, -1 when none.
func (x *doc) prevPara(s0 int) int {
	if s0 == 0 {
		return -1
	}
	p := s0 - 1
	for p > 0 && x.sents[p-1].Paragraph == x.sents[s0-1].Paragraph {
		p--
	}
	return p
}

// cueBetween returns a cue with a speaker among tokens [from, to) other than not and its speaker, -1 when none:
// `"...," said O'Donnell, who wrote about it. "..."` goes on with the same speaker.
func (x *doc) cueBetween(from, to, not int) int {
	for t := max(from, 0); t < to && t < len(x.toks); t++ {
		if ci := x.cueAt[t]; ci >= 0 && int(ci) != not && x.cues[ci].spFirst >= 0 {
			if not >= 0 && x.sameSpeaker(x.cues[ci], x.cues[not]) {
				continue
			}
			return int(ci)
		}
	}
	return -1
}

// sameSpeaker reports whether two cues have one speaker: the same words, or mentions of one entity.
func (x *doc) sameSpeaker(a, b cue) bool {
	if a.spFirst == b.spFirst && a.spEnd == b.spEnd {
		return true
	}
	ma, mb := x.speakerMention(a.spFirst, a.spEnd), x.speakerMention(b.spFirst, b.spEnd)
	return ma >= 0 && mb >= 0 && x.ments[ma].Entity >= 0 && x.ments[ma].Entity == x.ments[mb].Entity
}

// cueAfter returns the cue that follows the closing mark of q: `"...," Lavrov said`, `"...," said the minister`.
func (x *doc) cueAfter(q *dq) int {
	if q.close < 0 {
		return -1
	}
	j := q.close + 1
	if j < len(x.toks) && x.is(j, ",") {
		j++
	}
	// A quotation that ends its sentence is not followed by its attribution: `"... wrong." He said ...`.
	if x.is(q.end-1, ".") {
		return -1
	}
	asked := x.is(q.end-1, "?", "!") && j < len(x.toks) && x.upper(j)
	if j >= len(x.toks) || x.sentOf[j] < 0 || x.sents[x.sentOf[j]].Paragraph != x.sents[q.para].Paragraph {
		return -1
	}
	for k := j; k < len(x.toks) && k < j+maxNP+4; k++ {
		if ci := x.cueAt[k]; ci >= 0 {
			c := x.cues[ci]
			// Not a participle whose speaker is the clause's before the quotation: `said it was “dead,” adding`.
			if c.spFirst >= j && (c.spFirst == j || c.first == j) {
				if asked && c.cFirst > c.first && c.cFirst < c.cEnd {
					return -1 // `"...?" He said that ...`: a new sentence
				}
				return int(ci)
			}
			return -1
		}
		if x.final(k) || x.isMark(k) || x.sentOf[k] < 0 {
			return -1
		}
	}
	return -1
}

// cueBefore returns the cue that introduces q: `Lavrov said: "..."`, `he said that "..."`, `told reporters "..."`.
func (x *doc) cueBefore(q *dq) int {
	if x.titleBefore(q.open) {
		return -1 // `said on ABC's "This Week"`
	}
	j := q.open - 1
	for n := 0; n < 3 && j >= 0 && x.is(j, ",", ":", "that", "—", "–", "-"); n++ {
		j--
	}
	if j < 0 || x.sentOf[j] < 0 || x.sents[x.sentOf[j]].Paragraph != x.sents[q.para].Paragraph {
		return -1
	}
	for k := j; k >= 0 && k > j-10 && x.sentOf[k] >= 0; k-- {
		if ci := x.cueAt[k]; ci >= 0 {
			if x.cues[ci].spFirst >= 0 {
				return int(ci)
			}
			return -1
		}
		if x.final(k) || x.isMark(k) && k != j {
			return -1
		}
	}
	return -1
}

// cueAround returns the cue whose reported content holds q: a partial quotation inside reported speech.
func (x *doc) cueAround(q *dq) int {
	for ci, c := range x.cues {
		if c.spFirst >= 0 && c.cFirst <= q.open && q.open < c.cEnd {
			return ci
		}
	}
	return -1
}

// bylineAfter returns a cue for the name that signs q on its line, after a dash: `“...” ― Carla Sanchez`,
// creating it; -1 when none.
func (x *doc) bylineAfter(q *dq) int {
	if q.close < 0 {
		return -1
	}
	j := q.close + 1
	if j+1 >= len(x.toks) || !x.is(j, "―", "—", "–") || !x.upper(j+1) || x.sentOf[j+1] < 0 {
		return -1
	}
	if strings.Contains(x.text[x.toks[q.close].End:x.toks[j+1].Start], "\n") {
		return -1
	}
	_, se := x.sentRange(j + 1)
	f, e := x.npAfter(j+1, se)
	if f < 0 || x.speakerMention(f, e) < 0 && !speakerNouns[x.lw(e-1)] {
		return -1
	}
	// The name ends the line: "― Carla Sanchez." or "― Carla Sanchez" then a new line.
	k := e
	if k < len(x.toks) && x.final(k) {
		k++
	}
	if k < len(x.toks) && !strings.Contains(x.text[x.toks[k-1].End:x.toks[k].Start], "\n") {
		return -1
	}
	if x.cueAt[j] >= 0 {
		return int(x.cueAt[j])
	}
	x.cueAt[j] = int32(len(x.cues))
	x.cues = append(x.cues, cue{first: j, end: j + 1, spFirst: f, spEnd: e})
	return int(x.cueAt[j])
}
