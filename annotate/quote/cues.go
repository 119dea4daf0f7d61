package quote

import "strings"

// maxNP bounds a speaker's noun phrase in tokens.
const maxNP = 14

// findCues finds the speech cues outside direct quotations, each with its speaker and content.
func (x *doc) findCues() {
	for si := range x.sents {
		s := x.sents[si]
		for t := s.TokenStart; t < s.TokenEnd; t++ {
			if x.quoteOf[t] >= 0 && !x.isMark(t) {
				continue
			}
			c, ok := x.cueAtTok(t, s.TokenStart, s.TokenEnd)
			if !ok {
				continue
			}
			x.cueAt[t] = int32(len(x.cues))
			x.cues = append(x.cues, c)
			t = c.end - 1
		}
	}
	x.headlineColons()
	x.cutAtNextSpeaker()
}

// cutAtNextSpeaker ends a cue's content where another attribution of the same sentence begins after a comma or
// a contrast: "X said that ..., but the ministry said ...".
func (x *doc) cutAtNextSpeaker() {
	for i := range x.cues {
		c := &x.cues[i]
		if c.cFirst >= c.cEnd || c.cFirst < c.first {
			continue
		}
		for j := i + 1; j < len(x.cues); j++ {
			n := x.cues[j]
			if n.first >= c.cEnd {
				break
			}
			f := n.spFirst
			if f < 0 || n.spFirst > n.first || n.spFirst <= c.cFirst {
				f = n.first
			}
			if f <= c.cFirst {
				continue
			}
			b := f - 1
			if x.is(b, "but", "while", "whereas", "and") {
				b--
			}
			if x.is(b, ",", ";") || x.closesQuote(b) {
				c.cFirst, c.cEnd = x.trimContent(c.cFirst, b)
				break
			}
		}
	}
}

// cueAtTok reads a cue starting at token t of the sentence [ss, se).
func (x *doc) cueAtTok(t, ss, se int) (cue, bool) {
	c := cue{first: t, end: t + 1, spFirst: -1, spEnd: -1}
	lw := x.lw(t)
	if lw == "according" && t+1 < se && x.is(t+1, "to") {
		c.end = t + 2
		f, e := x.npAfter(t+2, se)
		if f < 0 {
			return c, false
		}
		c.spFirst, c.spEnd = f, e
		comma := e
		for comma < se && comma < e+12 && !x.is(comma, ",") {
			comma++
		}
		switch {
		case comma < se && x.is(comma, ",") && t <= ss+1:
			// "According to X, content."
			c.cFirst, c.cEnd = x.trimContent(comma+1, se)
		case t > ss && x.is(t-1, ","):
			// "Content, according to X."
			c.cFirst, c.cEnd = x.trimContent(ss, t-1)
		default:
			return c, false
		}
		return c, true
	}
	kind, ok := cues[lw]
	if !ok || x.upper(t) {
		return c, false
	}
	if t+1 < se && particles[lw] != "" {
		if !x.is(t+1, particles[lw]) {
			return c, false
		}
		c.end = t + 2
	}
	if kind&cueFinite == 0 && kind&cueColon != 0 && !x.quoteNear(t, c.end, ss, se) {
		return c, false
	}
	// A participle or a verb after "and": the clause's subject speaks. "..., adding that", "met X and said".
	prev := t - 1
	for prev >= ss && (skipBeforeCue[x.lw(prev)] || isLyAdverb(x.lw(prev))) {
		prev--
	}
	if kind&cueParticiple != 0 && kind&cueFinite == 0 || prev >= ss && x.is(prev, "and", "but") && kind&cueFinite != 0 {
		if prev > ss && x.closesQuote(prev) && x.is(prev-1, ",") {
			prev-- // `“dead,” adding that`
		}
		if prev < ss || !x.is(prev, ",", "and", "but", "by", "before", "after", "while", "when") {
			return c, false
		}
		f, e := x.subject(ss, prev)
		if f < 0 {
			return c, false
		}
		c.spFirst, c.spEnd = f, e
		c.cFirst, c.cEnd = x.contentAfter(c.end, se, kind)
		return c, true
	}
	if kind&(cueFinite|cueColon) == 0 {
		return c, false
	}
	// Speaker before the verb: "Lavrov said", "the Guardian reports", "he also warned".
	if f, e := x.npBefore(t, ss); f >= 0 {
		c.spFirst, c.spEnd = f, e
		cf, ce := x.contentAfter(c.end, se, kind)
		if cf < ce {
			c.cFirst, c.cEnd = cf, ce
			return c, true
		}
		// Nothing after: "content, the White House said."
		if kind&cueInvert != 0 && f > ss && (x.is(f-1, ",") || x.closesQuote(f-1)) {
			c.cFirst, c.cEnd = x.trimContent(ss, f-1)
		}
		return c, true
	}
	// Inverted: `"...," said Lavrov`, "..., says the minister".
	if kind&cueInvert != 0 && (t == ss || x.is(t-1, ",") || x.closesQuote(t-1)) {
		if f, e := x.npAfter(c.end, se); f >= 0 {
			c.spFirst, c.spEnd = f, e
			if t > ss {
				c.cFirst, c.cEnd = x.trimContent(ss, t-1)
			}
			return c, true
		}
	}
	return c, false
}

// quoteNear reports whether the cue [t, end) stands beside a quotation: one opening within a few words after
// it (`continued: "`, `called Trump "unhinged"`) or one closing just before it (`"...," Blackwell continued`).
func (x *doc) quoteNear(t, end, ss, se int) bool {
	for k := end; k < se && k < end+8; k++ {
		if x.opensQuote(k) {
			return true
		}
		if x.final(k) {
			break
		}
	}
	// Back into the sentence before, whose end may hold the closing mark: `“...?” Vitter demanded.`
	lo := ss
	if si := x.sentOf[ss]; si > 0 && x.sents[si-1].Paragraph == x.sents[si].Paragraph {
		lo = x.sents[si-1].TokenStart
	}
	for k := t - 1; k >= lo && k > t-8; k-- {
		if x.closesQuote(k) {
			return true
		}
		if x.final(k) || x.is(k, ";") {
			break
		}
	}
	return false
}

// opensQuote reports whether token t is a quotation mark that opens.
func (x *doc) opensQuote(t int) bool {
	if t < 0 || t >= len(x.toks) {
		return false
	}
	_, glyph, ok := markOf(x.w(t))
	return ok && x.role(t, glyph) == roleOpen
}

// closesQuote reports whether token t is a quotation mark that closes.
func (x *doc) closesQuote(t int) bool {
	if t < 0 || t >= len(x.toks) {
		return false
	}
	_, glyph, ok := markOf(x.w(t))
	return ok && x.role(t, glyph) == roleClose
}

func isLyAdverb(w string) bool {
	return len(w) > 4 && strings.HasSuffix(w, "ly") && w != "early" && w != "italy" && w != "family" && w != "ally"
}

// npBefore returns the noun phrase that is the subject of the verb at token t, not before token lo: the words
// back to a determiner, a punctuation mark or a function word. Adverbs and auxiliaries between them are skipped.
func (x *doc) npBefore(t, lo int) (int, int) {
	j := t - 1
	for j >= lo && (skipBeforeCue[x.lw(j)] || isLyAdverb(x.lw(j))) {
		j--
	}
	// A time phrase between subject and verb: "Erdogan earlier this week called", "the ministry last month said".
	if j-1 >= lo && timeNouns[x.lw(j)] && x.is(j-1, "this", "last", "next", "that", "each", "every") {
		j -= 2
		for j >= lo && (skipBeforeCue[x.lw(j)] || isLyAdverb(x.lw(j))) {
			j--
		}
	}
	// A parenthetical between subject and verb: "The minister, for his part, said".
	if j >= lo && x.is(j, ",") {
		k := j - 1
		for k >= lo && k > j-7 && !x.is(k, ",") {
			k--
		}
		if k > lo && k < j-1 && x.is(k, ",") && stopWords[x.lw(k+1)] {
			j = k - 1
		}
	}
	if j < lo {
		return -1, -1
	}
	if x.is(j, ",") {
		// An apposition: "Brent Bozell III, founder of the Media Research Center, said".
		commas := 0
		for k := j - 1; k > lo && k > j-25 && commas < 3; k-- {
			if x.final(k) || x.isMark(k) {
				break
			}
			if !x.is(k, ",") {
				continue
			}
			commas++
			f, e := x.npEndingAt(k, lo)
			if f >= 0 && (f == lo || x.is(f-1, ",", "and", "but") || x.isMark(f-1)) {
				return f, e
			}
		}
		return -1, -1
	}
	return x.npEndingAt(j+1, lo)
}

// npEndingAt returns the noun phrase ending at token end-1, not before token lo.
func (x *doc) npEndingAt(end, lo int) (int, int) {
	j := end - 1
	lw := x.lw(j)
	if subjectPronouns[lw] {
		if lw == "who" {
			// "Putin, who ... said": the phrase before the comma.
			if j-1 >= lo && x.is(j-1, ",") && j-2 >= lo {
				return x.npEndingAt(j-1, lo)
			}
			return -1, -1
		}
		return j, j + 1
	}
	if !x.word(j) || stopWords[lw] || determiners[lw] {
		return -1, -1
	}
	first := -1
	for i := j; i >= lo && end-i <= maxNP; i-- {
		w := x.w(i)
		lw := x.lw(i)
		if determiners[lw] && i < j {
			first = i
			// "the mayor of the city": go on over "of" to the head before it.
			if i-2 >= lo && x.is(i-1, "of") && x.word(i-2) && !stopWords[x.lw(i-2)] && !subjectPronouns[x.lw(i-2)] && !determiners[x.lw(i-2)] && cues[x.lw(i-2)] == 0 {
				i--
				continue
			}
			break
		}
		switch {
		case w == "'s" || w == "’s" || w == "-" || w == "&" || w == "." && i < j:
		case x.upper(i):
			if stopWords[lw] || skipBeforeCue[lw] || subjectPronouns[lw] {
				break
			}
			first = i
			continue
		case lw == "of" && i < j && i > lo && x.word(i-1) && !stopWords[x.lw(i-1)] && !subjectPronouns[x.lw(i-1)]:
		case x.word(i) && !stopWords[lw] && !subjectPronouns[lw] && cues[lw] == 0:
			first = i
			continue
		default:
		}
		if w == "'s" || w == "’s" || w == "-" || w == "&" || w == "." || lw == "of" {
			if i == lo || !x.word(i-1) {
				break
			}
			continue
		}
		break
	}
	if first < 0 {
		return -1, -1
	}
	for first < end && !x.word(first) {
		first++
	}
	if first >= end {
		return -1, -1
	}
	// A phrase of lower-case words only needs a determiner or a speaker noun: "officials said", not "meeting said".
	if !x.upper(first) && !determiners[x.lw(first)] {
		hasUpper := false
		for i := first; i < end; i++ {
			if x.upper(i) {
				hasUpper = true
			}
		}
		if !hasUpper && !speakerNouns[x.lw(end-1)] {
			return -1, -1
		}
	}
	if last := x.w(end - 1); last == "'s" || last == "’s" {
		return -1, -1
	}
	return first, end
}

// npAfter returns the noun phrase starting at token t, not reaching hi: "said the Russian minister".
func (x *doc) npAfter(t, hi int) (int, int) {
	if t >= hi {
		return -1, -1
	}
	lw := x.lw(t)
	if subjectPronouns[lw] && lw != "who" && lw != "it" {
		return t, t + 1
	}
	i := t
	if determiners[lw] {
		i++
	}
	end := -1
	for ; i < hi && i-t < maxNP; i++ {
		w, lw := x.w(i), x.lw(i)
		switch {
		case w == "'s" || w == "’s" || w == "-" || w == "&":
			continue
		case lw == "of" && i > t && x.upper(i-1) && i+1 < hi && x.upper(i+1):
			continue
		case x.upper(i) && !stopWords[lw]:
			end = i + 1
			continue
		case x.word(i) && !stopWords[lw] && cues[lw] == 0 && !isLyAdverb(lw):
			end = i + 1
			continue
		}
		break
	}
	if end < 0 {
		return -1, -1
	}
	if !x.upper(t) && !determiners[x.lw(t)] && !speakerNouns[x.lw(end-1)] {
		hasUpper := false
		for k := t; k < end; k++ {
			hasUpper = hasUpper || x.upper(k)
		}
		if !hasUpper {
			return -1, -1
		}
	}
	return t, end
}

// subject returns the subject of the clause that ends before token end of the sentence starting at ss: the
// first person, organisation or pronoun that is not inside a prepositional phrase.
func (x *doc) subject(ss, end int) (int, int) {
	for t := ss; t < end; t++ {
		if x.quoteOf[t] >= 0 {
			continue
		}
		lw := x.lw(t)
		isSubj := false
		if m := x.mentOf[t]; m >= 0 {
			mm := x.ments[m]
			if mm.Label == "PER" || mm.Label == "ORG" || mm.Label == "LOC" || mm.Label == "NORP" {
				// the mention's last token
				for t+1 < end && x.mentOf[t+1] == m {
					t++
				}
				isSubj = true
			}
		} else if subjectPronouns[lw] && lw != "who" && lw != "it" && lw != "you" {
			isSubj = true
		}
		if !isSubj {
			continue
		}
		// Extend over the rest of the phrase: "Iran's President Hassan Rouhani".
		e := t + 1
		for e < end && e-t < maxNP && (x.upper(e) || x.is(e, "'s", "’s")) {
			e++
		}
		f, fe := x.npEndingAt(e, ss)
		if f < 0 {
			continue
		}
		if f > ss && stopWords[x.lw(f-1)] && !x.is(f-1, "and", "but", "then", "that") {
			continue // in a prepositional phrase: "Ahead of the Doha talks"
		}
		if fe < end && x.is(fe, "'s", "’s") {
			continue // a possessor: "Iran's President"
		}
		return f, fe
	}
	return -1, -1
}

// contentAfter returns the content a cue ending at token t introduces, up to the sentence end se: after
// "that" when it comes within a few words ("said Saturday that", "told reporters that"), else right after the
// cue ("said Russia is", "said: ...").
func (x *doc) contentAfter(t, se int, kind cueKind) (int, int) {
	start := t
	for k := t; k < se && k < t+12; k++ {
		if x.is(k, "that") {
			start = k
			break
		}
		// A title in quotation marks: `said on ABC's "This Week" that`.
		if x.opensQuote(k) && x.titleBefore(k) {
			if qi := x.quoteOf[k]; qi >= 0 && x.quotes[qi].close > k {
				k = x.quotes[qi].close
				continue
			}
		}
		if x.is(k, ",", ";", ":", "(", ")") || x.isMark(k) || x.final(k) || cues[x.lw(k)] != 0 {
			break
		}
	}
	if start == t {
		if kind&cueObject != 0 {
			// The hearer: "told reporters", "told Trump".
			if f, e := x.npAfter(t, se); f == t {
				start = e
			}
		}
		// A time word before the content: "said Saturday Russia is".
		for start < se && dayWords[x.lw(start)] {
			start++
		}
		if start < se && x.is(start, "that", "how", "whether", "why", "what") {
		} else if start < se && x.is(start, ",") && !x.opensQuote(start+1) {
			return 0, 0 // `"...," Crowley said, alluding to ...`: no content after the verb
		} else if start < se && !(x.is(start, ":") || x.opensQuote(start)) {
			// Only verbs that commonly drop "that" take a bare clause: "said Russia is", not "predict the outcome".
			if !bareClause[x.lw(t-1)] && kind&cueColon == 0 {
				return 0, 0
			}
			// Content right after the verb must start like a clause: not a preposition ("said in a statement"),
			// not a punctuation mark.
			if stopWords[x.lw(start)] && !subjectPronouns[x.lw(start)] && !x.is(start, "there", "this", "these", "those", "it") &&
				!(x.is(start, "at", "more", "less") && x.is(start+1, "least", "than")) {
				return 0, 0
			}
		}
	}
	f, e := x.trimContent(start, se)
	if f < e {
		e = x.clauseEnd(f, e)
	}
	return f, e
}

// titleBefore reports whether the quotation opening at token k names a title rather than speech: it follows a
// preposition or a possessive (`on ABC's "This Week"`, `in "The Art of the Deal"`).
func (x *doc) titleBefore(k int) bool {
	return k > 0 && x.is(k-1, "on", "in", "of", "at", "from", "with", "for", "about", "'s", "’s", "titled", "entitled", "called")
}

// clauseEnd returns where the reported clause [first, end) ends: before a new clause joined to it, which
// PolNeAR leaves out of the content ("..., adding that", "..., which would", "... — a modest boost",
// "... and insisted that", "... before claiming"). Words inside quotation marks never end it.
func (x *doc) clauseEnd(first, end int) int {
	for t := first + 2; t < end; t++ {
		if x.quoteOf[t] >= 0 && !x.isMark(t) {
			continue
		}
		lw := x.lw(t)
		switch {
		case lw == "—" || lw == "–" || lw == "--" || lw == "(":
			return x.trimEnd(first, t)
		case (lw == "," || x.closesQuote(t) && x.is(t-1, ",")) && t+1 < end:
			n := x.lw(t + 1)
			if n == "which" || n == "who" || n == "whose" || n == "where" || isIng(n) && x.quoteOf[t+1] < 0 {
				if lw != "," {
					return t + 1 // the closing mark stays: `“dead,” adding`
				}
				return x.trimEnd(first, t)
			}
		case (lw == "and" || lw == "but") && t+1 < end:
			n := t + 1
			for n < end && (skipBeforeCue[x.lw(n)] || isLyAdverb(x.lw(n))) {
				n++
			}
			if n < end && cues[x.lw(n)] != 0 && x.quoteOf[n] < 0 {
				return x.trimEnd(first, t)
			}
		case (lw == "before" || lw == "after" || lw == "while") && t+1 < end && isIng(x.lw(t+1)):
			return x.trimEnd(first, t)
		}
	}
	return end
}

// trimEnd trims punctuation at the end of [first, end), keeping at least its first token.
func (x *doc) trimEnd(first, end int) int {
	for end > first+1 && (x.final(end-1) || x.is(end-1, ",", ":", ";", "—", "–", "-", "and", "but")) {
		end--
	}
	return end
}

// isIng reports whether w looks like a present participle: "adding", "arguing".
func isIng(w string) bool {
	return len(w) > 5 && strings.HasSuffix(w, "ing") && w != "during" && w != "including" && w != "according" && w != "nothing" && w != "something" && w != "anything" && w != "everything"
}

// trimContent trims punctuation and conjunctions at the ends of [first, end).
func (x *doc) trimContent(first, end int) (int, int) {
	for first < end && (x.is(first, ",", ":", ";", "—", "–", "-") || x.isMark(first) && x.quoteOf[first] < 0) {
		first++
	}
	for end > first && (x.final(end-1) || x.is(end-1, ",", ":", ";", "—", "–", "-")) {
		end--
	}
	if first >= end {
		return 0, 0
	}
	return first, end
}

// headlineColons finds "Speaker: content" at the start of a short paragraph without final punctuation (a
// headline or a caption): "Syrian opposition leader: “Russia isn't clinging to Assad”".
func (x *doc) headlineColons() {
	for s0 := 0; s0 < len(x.sents); s0++ {
		if s0 > 0 && x.sents[s0-1].Paragraph == x.sents[s0].Paragraph {
			continue
		}
		s := x.sents[s0]
		first, end := s.TokenStart, s.TokenEnd
		if end-first > 40 {
			continue
		}
		colon := -1
		for t := first + 1; t < end && t < first+8; t++ {
			if x.is(t, ":") {
				colon = t
				break
			}
		}
		if colon < 0 || x.cueAt[colon-1] >= 0 || colon+1 >= end {
			continue
		}
		f, e := x.npEndingAt(colon, first)
		if f != first || e != colon {
			continue
		}
		// The phrase must name someone: a person or organisation mention, or a speaker noun as head.
		if m := x.speakerMention(f, e); m < 0 && !speakerNouns[x.lw(e-1)] {
			continue
		} else if m >= 0 && x.ments[m].Label != "PER" && x.ments[m].Label != "ORG" {
			continue
		}
		c := cue{first: colon, end: colon + 1, spFirst: f, spEnd: e, colon: true}
		c.cFirst, c.cEnd = x.trimContent(colon+1, end)
		x.cueAt[colon] = int32(len(x.cues))
		x.cues = append(x.cues, c)
	}
}

// dashLines finds speech lines led by a dash, the convention of many European papers: "- If ..., he said."
// The content runs from the dash to the comma before the attribution.
func (x *doc) dashLines() {
	for ci := range x.cues {
		c := &x.cues[ci]
		if c.cFirst >= c.cEnd || c.spFirst < 0 {
			continue
		}
		si := x.sentOf[c.first]
		ss := x.sents[si].TokenStart
		if !x.is(ss, "-", "–", "—", "―") {
			continue
		}
		if si > 0 && x.sents[si-1].Paragraph == x.sents[si].Paragraph {
			continue // not at the start of its paragraph
		}
		if c.cFirst <= ss+1 && c.cEnd <= c.first {
			c.dash = true
		}
	}
}
