package entity

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"newsgraph"
	"newsgraph/annotate/gazetteer"
)

// doc is the state of one Resolve call.
type doc struct {
	r       *Resolver
	text    string
	sents   []newsgraph.Sentence // never empty: one made up when the caller gave none
	noSents bool
	toks    []newsgraph.Span
	date    time.Time
	sentOf  []int32 // token -> sentence
	cover   []int32 // token -> 1 + index into ments of the mention covering it; 0 for none
	ments   []ment
	groups  []group
	recent  []int             // groups by their last mention so far, most recent last (while grouping)
	byGID   map[string]int    // gazetteer ID -> group
	acr     map[string]string // acronym as written -> Key of the name it was defined for
	surname map[string]bool   // Key of the last word of multi-word person names
	// For a document without a date: the period its dated people mark out (zero when none), whether it is
	// known yet, and whether a link waits for it (see link).
	period               period
	periodDone, deferred bool
}

// ment is a mention under construction.
type ment struct {
	first, end int // tokens
	span       newsgraph.Span
	label      string
	kind       newsgraph.MentionKind
	gid        string        // the gazetteer entry the name itself spells, if any
	how        gazetteer.How // how it spells it
	ev         evidence      // what the text says about the entity around a person's name
	alias      string        // for an acronym: Key of the name it was defined for in the text
	cut        bool          // the span ends inside its last token, at the hyphen of a compound ("US-led")
	group      int
	dead       bool
}

// evidence is what the text says about a person next to its name: "Russian Foreign Minister", "Iran's",
// ", the Syrian president,".
type evidence struct {
	country string           // the country (or organisation) the person belongs to or serves
	roles   []newsgraph.Role // offices named by a title the gazetteer knows (Of is the country when written)
	titles  []string         // every title as written, lower case: "foreign minister", "spokesman"
	gender  byte             // 'm', 'f' or 0, from honorifics and titles ("Mr.", "Queen")
}

func (e *evidence) merge(o evidence) {
	if e.country == "" {
		e.country = o.country
	}
	for _, r := range o.roles {
		// One office once: "President" with the country written beats "President" without.
		i := slices.IndexFunc(e.roles, func(x newsgraph.Role) bool {
			return x.Role == r.Role && (x.Of == r.Of || x.Of == "" || r.Of == "")
		})
		switch {
		case i < 0:
			e.roles = append(e.roles, r)
		case e.roles[i].Of == "":
			e.roles[i] = r
		}
	}
	for _, t := range o.titles {
		if !slices.Contains(e.titles, t) {
			e.titles = append(e.titles, t)
		}
	}
	if e.gender == 0 {
		e.gender = o.gender
	}
}

func newDoc(r *Resolver, text string, sents []newsgraph.Sentence, tokens []newsgraph.Span, date time.Time) *doc {
	d := &doc{r: r, text: text, date: date, byGID: map[string]int{}, acr: map[string]string{}, surname: map[string]bool{}}
	// Keep only tokens that lie inside the text; a bad span would make every later step unsafe.
	n := len(tokens)
	for i, t := range tokens {
		if t.Start < 0 || t.End > len(text) || t.Start >= t.End || i > 0 && t.Start < tokens[i-1].End {
			n = i
			break
		}
	}
	d.toks = tokens[:n]
	d.sentOf = make([]int32, n)
	d.cover = make([]int32, n)
	if len(sents) == 0 {
		d.noSents = true
		d.sents = []newsgraph.Sentence{{Span: newsgraph.Span{Start: 0, End: len(text)}, TokenStart: 0, TokenEnd: n}}
		return d
	}
	d.sents = sents
	// Tokens outside every sentence belong to the sentence before them.
	si := 0
	for i := range n {
		for si+1 < len(sents) && sents[si+1].TokenStart <= i {
			si++
		}
		d.sentOf[i] = int32(si)
	}
	return d
}

// w returns the text of token i.
func (d *doc) w(i int) string { return d.text[d.toks[i].Start:d.toks[i].End] }

// sentRange returns the token range of the sentence token i is in, clipped to the tokens.
func (d *doc) sentRange(i int) (int, int) {
	s := d.sents[d.sentOf[i]]
	first, end := max(s.TokenStart, 0), min(s.TokenEnd, len(d.toks))
	if i < first || i >= end { // a token outside the sentence list's ranges
		return i, i + 1
	}
	return first, end
}

func (d *doc) sentence(i int) int {
	if d.noSents {
		return -1
	}
	return int(d.sentOf[i])
}

// add records a mention of tokens [first, end) and returns its index, or -1 when it would overlap another.
func (d *doc) add(m ment) int {
	for k := m.first; k < m.end; k++ {
		if d.cover[k] != 0 {
			return -1
		}
	}
	if m.span.End <= m.span.Start {
		return -1
	}
	d.ments = append(d.ments, m)
	idx := len(d.ments) - 1
	for k := m.first; k < m.end; k++ {
		d.cover[k] = int32(idx + 1)
	}
	return idx
}

func (d *doc) kill(idx int) {
	m := &d.ments[idx]
	m.dead = true
	for k := m.first; k < m.end; k++ {
		if d.cover[k] == int32(idx+1) {
			d.cover[k] = 0
		}
	}
}

// spanOf returns the byte span of tokens [first, end), leaving out a possessive ending glued to the last one.
func (d *doc) spanOf(first, end int) newsgraph.Span {
	last := d.w(end - 1)
	return newsgraph.Span{Start: d.toks[first].Start, End: d.toks[end-1].End - possessiveSuffix(last)}
}

// addNames turns NER's spans into name mentions: ends trimmed of punctuation, possessives and a lower-case
// "the"; text up to a quotation mark inside the span dropped ("'Reconcile' Qatar" -> "Qatar"); a hyphenated
// compound such as "US-led" cut to the name before the hyphen, the rest of the span a name of its own; titles
// and honorifics trimmed from the front of person names and kept as evidence. The surnames of the people named
// in full are noted by noteSurnames once names split by NER are joined.
func (d *doc) addNames(names []Name) {
	ns := slices.Clone(names)
	slices.SortStableFunc(ns, func(a, b Name) int {
		if a.First != b.First {
			return a.First - b.First
		}
		return (b.End - b.First) - (a.End - a.First)
	})
	for _, n := range ns {
		label := normLabel(n.Label)
		if label == "" || n.First < 0 || n.First >= n.End || n.First >= len(d.toks) {
			continue
		}
		_, sEnd := d.sentRange(n.First)
		d.addName(n.First, min(n.End, sEnd), label)
	}
}

// addName adds the name mention of tokens [first, end) of one sentence (see addNames).
func (d *doc) addName(first, end int, label string) {
	for k := first; k < end; k++ {
		if d.isQuote(k) {
			first = k + 1
		}
	}
	for k := first; k < end; k++ {
		if h := compoundHyphen(d.w(k)); h > 0 {
			d.addName(k+1, end, label)
			d.addPiece(first, k+1, h, label)
			return
		}
	}
	d.addPiece(first, end, 0, label)
}

// addPiece adds the name mention of tokens [first, end); cut > 0 ends it cut bytes into its last token (the
// name before the hyphen of a compound).
func (d *doc) addPiece(first, end, cut int, label string) {
	for first < end && (!isWordy(d.w(first)) || d.w(first) == "the" || isPossessive(d.w(first))) {
		first++
	}
	for cut == 0 && end > first && (!isWordy(d.w(end-1)) || isPossessive(d.w(end-1))) {
		end--
	}
	if first >= end {
		return
	}
	m := ment{first: first, end: end, label: label, kind: newsgraph.MentionName, group: -1, cut: cut > 0}
	if label == newsgraph.LabelPER {
		if cut == 0 || end-first > 1 {
			m.first = d.stripTitles(first, end)
		}
		if m.first >= end {
			return // a title alone: "the President"
		}
		m.ev = d.personEvidence(m.first, end)
	}
	m.span = d.spanOf(m.first, m.end)
	if cut > 0 {
		m.span.End = d.toks[end-1].Start + cut
	}
	d.add(m)
}

// noteSurnames records the last word of every multi-word person name (from NER, joined) as a surname of the
// document.
func (d *doc) noteSurnames() {
	for _, m := range d.ments {
		if !m.dead && m.label == newsgraph.LabelPER && m.end-m.first > 1 && !m.cut {
			last := d.text[d.toks[m.end-1].Start:m.span.End]
			d.surname[Key(last)] = true
		}
	}
}

// quoteMarks are the tokens that open or close a quotation.
var quoteMarks = map[string]bool{"'": true, "’": true, "‘": true, "\"": true, "“": true, "”": true, "«": true,
	"»": true, "``": true, "''": true, "„": true, "‹": true, "›": true}

// isQuote reports whether token k is a quotation mark, not the apostrophe of a plural possessive glued to the
// word before ("the Kurds' leader").
func (d *doc) isQuote(k int) bool {
	w := d.w(k)
	if !quoteMarks[w] {
		return false
	}
	if (w == "'" || w == "’") && k > 0 && d.toks[k-1].End == d.toks[k].Start {
		prev := d.w(k - 1)
		if c := prev[len(prev)-1]; c == 's' || c == 'S' || c == 'z' {
			return false
		}
	}
	return true
}

// compoundSuffixes end a hyphenated adjective built on a name: "US-led", "Turkey-based", "Kremlin-allied",
// "Obama-era". The name is the part before the hyphen.
var compoundSuffixes = map[string]bool{
	"based": true, "led": true, "backed": true, "allied": true, "sponsored": true, "brokered": true,
	"controlled": true, "held": true, "run": true, "funded": true, "aligned": true, "linked": true,
	"affiliated": true, "born": true, "made": true, "owned": true, "style": true, "era": true, "friendly": true,
	"supported": true, "armed": true, "leaning": true, "bound": true, "focused": true, "centric": true,
	"inspired": true, "dominated": true, "occupied": true, "administered": true, "trained": true,
	"educated": true, "built": true, "oriented": true, "related": true, "mediated": true, "hosted": true,
	"organised": true, "organized": true, "installed": true, "appointed": true, "imposed": true,
	"proposed": true, "drafted": true, "designated": true, "wide": true, "type": true, "registered": true,
	"flagged": true, "listed": true,
}

// compoundHyphen returns the offset of the hyphen in a compound "X-suffix" whose suffix is in
// compoundSuffixes and X holds a letter ("US-led" -> 2), or 0.
func compoundHyphen(w string) int {
	h := strings.LastIndexByte(w, '-')
	if h <= 0 || h+1 >= len(w) || !isWordy(w[:h]) || w[h-1] == '-' {
		return 0
	}
	var buf [16]byte
	if !compoundSuffixes[string(lowerKey(buf[:], w[h+1:]))] {
		return 0
	}
	return h
}

// stripTitles returns the first token of the name in a person span [first, end) that may begin with titles,
// honorifics, a nationality ("Russian President") or a possessive country ("Iran's"); end when the span holds
// nothing else.
func (d *doc) stripTitles(first, end int) int {
	i := first
	for i < end {
		w := d.w(i)
		if ok, _, _ := titleOrHonorific(w); ok {
			i++
			continue
		}
		if i+1 < end && isCap(w) {
			if ok, _, _ := titleOrHonorific(d.w(i + 1)); ok && (d.demonymCountry(w) != "" || d.placeID(w) != "") {
				i++ // "Russian President", "Qatar Prime Minister"
				continue
			}
			if isPossessive(d.w(i+1)) && d.placeID(w) != "" {
				i += 2
				continue
			}
		}
		if n := possessiveSuffix(w); n > 0 && i+1 < end && d.placeID(w[:len(w)-n]) != "" {
			i++
			continue
		}
		break
	}
	return i
}

// demonymCountry returns the country a capitalised demonym names ("Russian" -> RUS), or "".
func (d *doc) demonymCountry(w string) string {
	if !isCap(w) {
		return ""
	}
	for _, c := range d.r.g.Lookup(w) {
		if c.How == gazetteer.HowDemonym {
			return c.ID
		}
	}
	return ""
}

// placeID returns the gazetteer entry that a capitalised name of a country, organisation or seat of power
// spells ("Iran", "UN", "Kremlin"), or "". Demonyms and people do not count.
func (d *doc) placeID(name string) string {
	if !isCap(name) {
		return ""
	}
	for _, c := range d.r.g.Lookup(name) {
		if c.How == gazetteer.HowDemonym {
			continue
		}
		if e, ok := d.r.entities[c.ID]; ok && e.Label != newsgraph.LabelPER {
			return c.ID
		}
	}
	return ""
}

// placeEndingAt returns the entry a place or organisation name ending at token j spells, trying up to four
// tokens back within the sentence.
func (d *doc) placeEndingAt(j int) string {
	sFirst, _ := d.sentRange(j)
	for n := min(4, j-sFirst+1); n >= 1; n-- {
		if id := d.placeID(d.text[d.toks[j-n+1].Start:d.toks[j].End]); id != "" {
			return id
		}
	}
	return ""
}

// countryOf returns the country an entry stands for: itself for a country, the country of a person or body.
func (d *doc) countryOf(id string) string {
	e, ok := d.r.entities[id]
	if !ok {
		return ""
	}
	switch e.Kind {
	case "country", "territory":
		return id
	}
	if e.Country != "" {
		return e.Country
	}
	return id
}

var formerWords = map[string]bool{"former": true, "ex": true, "late": true, "then": true}

// titleText lower-cases the title words of tokens [from, to), splitting hyphenated tokens and leaving out
// honorifics: "Foreign Minister" -> "foreign minister", "Secretary-General" -> "secretary general". It reports
// whether a word such as "former" says the title is no longer held.
func (d *doc) titleText(from, to int) (string, bool) {
	var b strings.Builder
	former := false
	for i := from; i < to; i++ {
		for part := range strings.SplitSeq(strings.TrimSuffix(d.w(i), "."), "-") {
			p := strings.ToLower(part)
			if formerWords[p] {
				former = true
			}
			if _, ok := titleWords[p]; !ok {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(p)
		}
	}
	return b.String(), former
}

// personEvidence reads the title, nationality and honorifics written before a person's name (tokens [first,
// end)), and, when there are none, an apposition after it (", Russia's foreign minister,").
func (d *doc) personEvidence(first, end int) evidence {
	var ev evidence
	sFirst, sEnd := d.sentRange(first)
	j := first - 1
	for ; j >= sFirst; j-- {
		ok, g, _ := titleOrHonorific(d.w(j))
		if !ok || determiners[strings.ToLower(d.w(j))] {
			break
		}
		if ev.gender == 0 {
			ev.gender = g
		}
	}
	title, former := d.titleText(j+1, first)
	titleFrom, titleTo := j+1, first
	of := ""
	if j >= sFirst {
		w := d.w(j)
		switch {
		case d.demonymCountry(w) != "":
			of = d.demonymCountry(w)
		case isPossessive(w) && j > sFirst:
			of = d.placeEndingAt(j - 1)
		case possessiveSuffix(w) > 0:
			of = d.placeID(w[:len(w)-possessiveSuffix(w)])
		case title != "":
			of = d.placeEndingAt(j)
		}
	}
	if title == "" && of == "" && end+2 < sEnd && d.w(end) == "," {
		title, former, of, titleFrom, titleTo = d.apposition(end+1, sEnd)
	}
	if of != "" {
		ev.country = d.countryOf(of)
	}
	if title != "" {
		ev.titles = append(ev.titles, title)
		if role, ok := gazetteer.TitleRole(title); ok && !former {
			ev.roles = append(ev.roles, newsgraph.Role{Role: role, Title: d.writtenTitle(titleFrom, titleTo), Of: of})
		}
		for _, part := range strings.Fields(title) {
			if g := titleWords[part]; g != 0 && ev.gender == 0 {
				ev.gender = g
			}
		}
	}
	return ev
}

// writtenTitle returns the text of the title tokens in [from, to) without the honorifics at either end:
// "Foreign Minister", "Secretary-General".
func (d *doc) writtenTitle(from, to int) string {
	for from < to {
		if _, _, hon := titleOrHonorific(d.w(from)); !hon {
			break
		}
		from++
	}
	for to > from {
		if _, _, hon := titleOrHonorific(d.w(to - 1)); !hon {
			break
		}
		to--
	}
	if from >= to {
		return ""
	}
	return d.text[d.toks[from].Start:d.toks[to-1].End]
}

// apposition reads ", [the] [Russian | Russia's] foreign minister [of Russia]" from token k (after the comma).
func (d *doc) apposition(k, sEnd int) (title string, former bool, of string, from, to int) {
	if k < sEnd && (d.w(k) == "the" || d.w(k) == "a" || d.w(k) == "an") {
		k++
	}
	if k < sEnd {
		if c := d.demonymCountry(d.w(k)); c != "" {
			of = c
			k++
		} else if k+1 < sEnd && isPossessive(d.w(k+1)) {
			if id := d.placeID(d.w(k)); id != "" {
				of = id
				k += 2
			}
		}
	}
	from = k
	t := k
	for t < sEnd {
		ok, _, _ := titleOrHonorific(d.w(t))
		if !ok || isCap(d.w(t)) && t > from {
			break
		}
		t++
	}
	if t == from {
		return "", false, "", from, from
	}
	if _, head := nominalHeads[strings.ToLower(d.w(t-1))]; !head {
		return "", false, "", from, from
	}
	title, former = d.titleText(from, t)
	if of == "" && t+1 < sEnd && d.w(t) == "of" {
		s := t + 1
		if s < sEnd && d.w(s) == "the" {
			s++
		}
		for e := min(sEnd, s+4); e > s; e-- {
			if id := d.placeID(d.text[d.toks[s].Start:d.toks[e-1].End]); id != "" {
				of = id
				break
			}
		}
	}
	return title, former, of, from, t
}

// pickCandidate chooses among the gazetteer entries a name may refer to: those of the label NER gave first, then
// by how the name matched (name, alias, seat, demonym), then the first.
func (d *doc) pickCandidate(cands []gazetteer.Candidate, label string) (gazetteer.Candidate, bool) {
	if len(cands) == 0 {
		return gazetteer.Candidate{}, false
	}
	rank := func(c gazetteer.Candidate) int {
		score := 0
		e := d.r.ent(c.ID)
		switch {
		case c.How == gazetteer.HowDemonym && (label == newsgraph.LabelMISC || label == newsgraph.LabelNORP):
		case c.How == gazetteer.HowSeat && label != newsgraph.LabelPER:
		case e.Label == label:
		default:
			score += 10
		}
		switch c.How {
		case gazetteer.HowName:
		case gazetteer.HowAlias:
			score++
		case gazetteer.HowSeat:
			score += 2
		default:
			score += 3
		}
		return score
	}
	best := cands[0]
	for _, c := range cands[1:] {
		if rank(c) < rank(best) {
			best = c
		}
	}
	return best, true
}

// labelFor returns the mention label of a gazetteer match: NORP for a demonym, ORG for a seat of power, the
// entry's label otherwise (fallback when the entry has none).
func (d *doc) labelFor(c gazetteer.Candidate, fallback string) string {
	switch c.How {
	case gazetteer.HowDemonym:
		return newsgraph.LabelNORP
	case gazetteer.HowSeat:
		return newsgraph.LabelORG
	}
	if l := d.r.ent(c.ID).Label; l != "" {
		return l
	}
	return fallback
}

// nasabParticles link the parts of an Arabic name: "Mohammed bin Salman", "Tamim bin Hamad", "Abu Bakr".
var nasabParticles = map[string]bool{"bin": true, "ibn": true, "bint": true, "ben": true, "abu": true,
	"bou": true, "ould": true, "binti": true}

// nasabParticle reports whether w links two parts of an Arabic name: one of nasabParticles in lower case, or
// "Bin", "Ibn", "Bint", "Abu" capitalised.
func nasabParticle(w string) bool {
	var buf [8]byte
	k := string(lowerKey(buf[:], w))
	return nasabParticles[k] && (w == k || k != "ben" && k != "bou" && k != "ould")
}

// joinNasab joins the pieces of a long Arabic name that NER split at its particles: a person name followed by
// "bin", "ibn", "bint" or "abu" and a capitalised name (a person mention NER found, or capitalised words it
// left out) becomes one name, and so on along the chain, with "Al" and the family name after a particle:
// "Mohammed bin Abdulrahman" + "bin" + "Jassim Al-Thani", "Tamim" + "bin" + "Hamad Al-Thani".
func (d *doc) joinNasab() {
	for i := range d.ments {
		m := &d.ments[i]
		if m.dead || m.cut || m.label != newsgraph.LabelPER {
			continue
		}
		_, sEnd := d.sentRange(m.first)
		nasab := false
		for k := m.first; k < m.end; k++ {
			nasab = nasab || nasabParticle(d.w(k))
		}
		for m.end+1 < sEnd {
			k := m.end
			w := d.w(k)
			var buf [8]byte
			lw := string(lowerKey(buf[:], w))
			isAl := nasab && (lw == "al" || lw == "el" || lw == "āl") && d.cover[k] == 0
			if !isAl && (!nasabParticle(w) || d.cover[k] != 0) || !nameWord(d.w(k+1)) {
				break
			}
			end := k + 1
			if c := d.cover[k+1]; c != 0 {
				o := &d.ments[c-1]
				if o.first != k+1 || o.cut || o.label != newsgraph.LabelPER && (o.end-o.first > 2 ||
					len(d.r.g.Lookup(o.span.In(d.text))) > 0) {
					break
				}
				end = o.end
				d.kill(int(c - 1))
			} else {
				for end < sEnd && d.cover[end] == 0 && nameWord(d.w(end)) && !isAllCaps(d.w(end)) {
					end++
				}
				if end == k+1 {
					break
				}
			}
			nasab = nasab || !isAl
			for t := m.end; t < end; t++ {
				d.cover[t] = int32(i + 1)
			}
			m.end = end
			m.span = d.spanOf(m.first, m.end)
		}
	}
}

// joinParticles extends a person's name over a following "al-Sisi" that NER left out or labelled apart
// ("Abdel Fattah" + "al-Sisi").
func (d *doc) joinParticles() {
	for i := range d.ments {
		m := &d.ments[i]
		if m.dead || m.cut || m.label != newsgraph.LabelPER || m.end >= len(d.toks) || d.sentOf[m.end] != d.sentOf[m.first] {
			continue
		}
		w := d.w(m.end)
		h := strings.IndexByte(w, '-')
		if h <= 0 || !hyphenParticles[strings.ToLower(w[:h])] || !isCap(w[h+1:]) {
			continue
		}
		if c := d.cover[m.end]; c != 0 {
			o := d.ments[c-1]
			if o.end-o.first != 1 || o.label == newsgraph.LabelPER {
				continue
			}
			d.kill(int(c - 1))
		}
		m.end++
		m.span = d.spanOf(m.first, m.end)
		d.cover[m.end-1] = int32(i + 1)
		d.surname[Key(d.text[d.toks[m.end-1].Start:m.span.End])] = true
	}
}

// fixLabels looks every NER name up in the gazetteer: a known name takes the gazetteer's label (a person's
// surname that the document spelled in full before stays a person: "Michael Jordan" ... "Jordan"); a single
// word the gazetteer does not hold that is the surname of a person the document names in full, or of exactly
// one person of the gazetteer, becomes a person ("al-Assad" tagged LOC); single-word MISC names that are
// nationality or religion words become NORP.
func (d *doc) fixLabels() {
	for i := range d.ments {
		m := &d.ments[i]
		if m.dead {
			continue
		}
		name := m.span.In(d.text)
		single := m.end-m.first == 1
		if m.cut {
			d.fixCompound(i)
			continue
		}
		if m.label == newsgraph.LabelPER && single && d.surname[Key(name)] {
			continue
		}
		c, ok := d.pickCandidate(d.r.g.Lookup(name), m.label)
		if !ok {
			switch {
			case !single || m.label == newsgraph.LabelPER:
			case d.surname[Key(name)] || len(d.r.surnames[Key(name)]) == 1:
				m.label = newsgraph.LabelPER
				m.ev = d.personEvidence(m.first, m.end)
			case m.label == newsgraph.LabelMISC && demonymShaped(name):
				m.label = newsgraph.LabelNORP
			}
			continue
		}
		if m.label == newsgraph.LabelPER && d.r.ent(c.ID).Label != newsgraph.LabelPER && m.ev.country != "" {
			continue // "Turkish President Jordan": the title says a person
		}
		m.gid, m.how = c.ID, c.How
		m.label = d.labelFor(c, m.label)
	}
}

// fixCompound labels the name before the hyphen of a compound ("US" of "US-led"): the gazetteer entry it names
// (a seat of power as an ORG mention of its country, a nationality as NORP), else a people or religion word
// (NORP), else the surname of a person the document names in full or of one person of the gazetteer (PER);
// a name that is none of these is dropped.
func (d *doc) fixCompound(i int) {
	m := &d.ments[i]
	name := m.span.In(d.text)
	if c, ok := d.pickCandidate(d.r.g.Lookup(name), m.label); ok {
		m.gid, m.how = c.ID, c.How
		m.label = d.labelFor(c, m.label)
		return
	}
	single := m.end-m.first == 1 && !strings.ContainsAny(name, " -")
	switch k := Key(name); {
	case single && demonymShaped(name):
		m.label = newsgraph.LabelNORP
	case single && (d.surname[k] || len(d.r.surnames[k]) == 1):
		m.label = newsgraph.LabelPER
	default:
		d.kill(i)
	}
}

// peopleWords are names of religions and peoples that NER tags MISC and newsgraph calls NORP.
var peopleWords = map[string]bool{
	"sunni": true, "sunnis": true, "shia": true, "shiite": true, "shiites": true, "shi'ite": true, "alawite": true,
	"alawites": true, "arab": true, "arabs": true, "kurd": true, "kurds": true, "muslim": true, "muslims": true,
	"christian": true, "christians": true, "jew": true, "jews": true, "jewish": true, "islamist": true,
	"islamists": true, "jihadist": true, "jihadists": true, "druze": true, "yazidi": true, "yazidis": true,
	"pashtun": true, "pashtuns": true, "tajik": true, "uighur": true, "uyghur": true, "uighurs": true, "uyghurs": true,
}

// demonymShaped reports whether a capitalised word is a people or religion word, or ends like a nationality
// adjective that is rarely anything else ("Kurdish", "Lebanese", "Alawite").
func demonymShaped(w string) bool {
	if !isCap(w) || len(w) < 3 {
		return false
	}
	l := strings.ToLower(w)
	if peopleWords[l] {
		return true
	}
	for _, s := range []string{"ish", "ese", "ite", "ites"} {
		if strings.HasSuffix(l, s) && len(l) > len(s)+2 {
			return true
		}
	}
	return false
}

// sentenceAllCaps reports whether the sentence of tokens [first, end) is written in capitals (a headline).
func (d *doc) sentenceAllCaps(first, end int) bool {
	upper, lower := 0, 0
	for i := first; i < end; i++ {
		for _, r := range d.w(i) {
			switch {
			case unicode.IsUpper(r):
				upper++
			case unicode.IsLower(r):
				lower++
			}
		}
	}
	return upper >= 6 && upper > 3*lower
}

// nameWord reports whether token w may stand in a name: capitalised, an acronym, a particle joined to a
// capitalised stem ("al-Sham"), or a number.
func nameWord(w string) bool {
	if isCap(w) {
		return true
	}
	if i := strings.IndexByte(w, '-'); i > 0 && i+1 < len(w) && isCap(w[i+1:]) {
		return true
	}
	return false
}

// scanGazetteer adds the gazetteer names NER missed: runs of capitalised tokens (and "the Kremlin") that spell
// exactly one entry, outside other mentions or covering only whole non-person mentions (which it replaces:
// "UN" + "Security Council" -> "UN Security Council").
func (d *doc) scanGazetteer() {
	for si := range d.sents {
		sFirst, sEnd := max(d.sents[si].TokenStart, 0), min(d.sents[si].TokenEnd, len(d.toks))
		if sFirst >= sEnd {
			continue
		}
		caps := d.sentenceAllCaps(sFirst, sEnd)
		for i := sFirst; i < sEnd; {
			if e := d.scanAt(i, sFirst, sEnd, caps); e > i {
				i = e
			} else {
				i++
			}
		}
	}
}

// scanAt tries a gazetteer name starting at token i and returns the token after it, or i.
func (d *doc) scanAt(i, sFirst, sEnd int, caps bool) int {
	w := d.w(i)
	if c := d.cover[i]; c != 0 && (d.ments[c-1].first != i || d.ments[c-1].label == newsgraph.LabelPER || d.ments[c-1].cut) {
		return i
	}
	if h := compoundHyphen(w); h > 0 && d.cover[i] == 0 {
		d.scanCompound(i, h, caps)
		return i + 1
	}
	start := i
	if w == "the" || w == "The" {
		start = i + 1
	}
	if start >= sEnd || !nameWord(d.w(start)) {
		return i
	}
	runEnd := start + 1
	for k := start + 1; k < sEnd && k-i < 8; k++ {
		wk := d.w(k)
		if nameWord(wk) || unicode.IsDigit(rune(wk[0])) {
			runEnd = k + 1
			continue
		}
		var buf [8]byte
		if connectors[string(lowerKey(buf[:], wk))] {
			continue
		}
		break
	}
	for e := runEnd; e > start; e-- {
		if !nameWord(d.w(e-1)) && !unicode.IsDigit(rune(d.w(e - 1)[0])) {
			continue
		}
		nameEnd := d.toks[e-1].End - possessiveSuffix(d.w(e-1)) // "Russia's" as one token
		name := d.text[d.toks[i].Start:nameEnd]
		cands := d.r.g.Lookup(name)
		if len(cands) == 0 && start > i {
			name = d.text[d.toks[start].Start:nameEnd]
			cands = d.r.g.Lookup(name)
		}
		if len(cands) == 0 {
			continue
		}
		if d.acceptScan(cands, i, start, e, sFirst, sEnd, caps) {
			return e
		}
		return i
	}
	return i
}

// scanCompound adds the name before the hyphen of a compound NER did not tag ("Iran-backed" -> "Iran") when
// it spells exactly one gazetteer entry that is no person, written as the gazetteer writes it (an acronym in
// capitals) and not in a headline in capitals.
func (d *doc) scanCompound(i, h int, caps bool) {
	x := d.w(i)[:h]
	if caps || !isCap(x) {
		return
	}
	cands := d.r.g.Lookup(x)
	if len(cands) == 0 {
		return
	}
	for _, c := range cands[1:] {
		if c.ID != cands[0].ID {
			return
		}
	}
	c := cands[0]
	if d.r.ent(c.ID).Label == newsgraph.LabelPER || d.r.acronyms[gazetteer.Key(x)] && !isAllCaps(x) {
		return
	}
	span := newsgraph.Span{Start: d.toks[i].Start, End: d.toks[i].Start + h}
	d.add(ment{first: i, end: i + 1, span: span, label: d.labelFor(c, newsgraph.LabelMISC), kind: newsgraph.MentionName,
		gid: c.ID, how: c.How, group: -1, cut: true})
}

func (d *doc) acceptScan(cands []gazetteer.Candidate, i, start, e, sFirst, sEnd int, caps bool) bool {
	id := cands[0].ID
	for _, c := range cands[1:] {
		if c.ID != id {
			return false // ambiguous: "Georgia"
		}
	}
	c := cands[0]
	ent := d.r.ent(id)
	if ent.Label == newsgraph.LabelPER && e-start < 2 {
		return false
	}
	if e-start == 1 {
		w := d.w(start)
		var buf [16]byte
		if functionWords[string(lowerKey(buf[:], w))] {
			if !isAllCaps(w) || caps || start == sFirst && !(start+1 < sEnd && isCap(d.w(start+1))) {
				return false
			}
		}
		if d.surname[Key(w)] {
			return false // "Jordan" after "Michael Jordan"
		}
		if d.r.acronyms[gazetteer.Key(w)] && !isAllCaps(w) {
			return false // "Us", "Hts": an acronym must be written in capitals
		}
	}
	// Part of a longer name the gazetteer does not know ("Damascus University", "Michael Jordan")?
	if e < sEnd && d.cover[e] == 0 && isCap(d.w(e)) {
		if ok, _, _ := titleOrHonorific(d.w(e)); !ok && d.demonymCountry(d.w(e)) == "" {
			return false
		}
	}
	if start > sFirst && d.cover[start-1] == 0 && isCap(d.w(start-1)) && start-1 > sFirst {
		if ok, _, _ := titleOrHonorific(d.w(start - 1)); !ok {
			return false
		}
	}
	// Mentions inside the match must lie wholly inside it, be no person, and be shorter.
	var inside []int
	for k := i; k < e; k++ {
		if c := d.cover[k]; c != 0 {
			m := d.ments[c-1]
			if m.first < i || m.end > e || m.cut || m.label == newsgraph.LabelPER || m.end-m.first >= e-start {
				return false
			}
			if !slices.Contains(inside, int(c-1)) {
				inside = append(inside, int(c-1))
			}
		}
	}
	for _, idx := range inside {
		d.kill(idx)
	}
	label := d.labelFor(c, newsgraph.LabelMISC)
	d.add(ment{first: start, end: e, span: d.spanOf(start, e), label: label, kind: newsgraph.MentionName,
		gid: id, how: c.How, group: -1})
	return true
}

// acronyms finds acronyms defined in parentheses after a name ("Syrian Democratic Forces (SDF)"), adds them as
// mentions when NER missed them, and adds their later uses NER missed.
func (d *doc) acronyms() {
	n := len(d.ments)
	for i := 0; i < n; i++ {
		m := d.ments[i]
		if m.dead || m.end+2 >= len(d.toks) || m.end-m.first < 2 || d.w(m.end) != "(" || d.w(m.end+2) != ")" {
			continue
		}
		a := d.w(m.end + 1)
		if !isAcronym(a) {
			continue
		}
		long := Key(m.span.In(d.text))
		d.acr[a] = long
		if c := d.cover[m.end+1]; c != 0 {
			d.ments[c-1].alias = long
			continue
		}
		d.add(ment{first: m.end + 1, end: m.end + 2, span: d.toks[m.end+1], label: m.label,
			kind: newsgraph.MentionName, alias: long, group: -1})
	}
	if len(d.acr) == 0 {
		return
	}
	labels := map[string]string{}
	for _, m := range d.ments {
		if !m.dead && m.alias != "" {
			labels[m.alias] = m.label
		}
	}
	for i := range d.toks {
		if d.cover[i] != 0 {
			continue
		}
		if long, ok := d.acr[d.w(i)]; ok {
			d.add(ment{first: i, end: i + 1, span: d.toks[i], label: labels[long], kind: newsgraph.MentionName,
				alias: long, group: -1})
		}
	}
}

// reportingVerbs follow or precede a person's name in news: "Lavrov said", "said Lavrov", "Trump spoke".
var reportingVerbs = map[string]bool{
	"said": true, "says": true, "told": true, "tells": true, "added": true, "adds": true, "spoke": true,
	"speaks": true, "stated": true, "states": true, "noted": true, "warned": true, "warns": true, "urged": true,
	"urges": true, "insisted": true, "claimed": true, "stressed": true, "announced": true, "declared": true,
	"asked": true, "argued": true, "replied": true, "responded": true, "met": true, "meets": true,
	"wrote": true, "explained": true, "agreed": true, "accused": true, "rejected": true, "welcomed": true,
	"denied": true, "emphasised": true, "emphasized": true, "reiterated": true, "confirmed": true,
	"expressed": true, "praised": true, "thanked": true, "tweeted": true, "acknowledged": true, "admitted": true,
	"visited": true, "promised": true, "pledged": true, "vowed": true, "suggested": true, "called": true,
}

// verbSkips may stand between a name and its reporting verb: "Lavrov further said", "Putin has told".
var verbSkips = map[string]bool{
	"further": true, "also": true, "then": true, "later": true, "earlier": true, "again": true, "has": true,
	"had": true, "have": true, "was": true, "is": true, "will": true, "would": true, "reportedly": true,
	"previously": true, "recently": true, "once": true, "himself": true, "herself": true,
}

// reportingCue reports whether a reporting verb follows token i (after up to two of verbSkips or words ending
// in "ly") or precedes it, within the sentence [sFirst, sEnd).
func (d *doc) reportingCue(i, sFirst, sEnd int) bool {
	var buf [16]byte
	for k := i + 1; k < sEnd && k <= i+3; k++ {
		w := string(lowerKey(buf[:], d.w(k)))
		if reportingVerbs[w] {
			return true
		}
		if !verbSkips[w] && !(strings.HasSuffix(w, "ly") && isLetters(w)) {
			break
		}
	}
	return i > sFirst && reportingVerbs[string(lowerKey(buf[:], d.w(i-1)))]
}

// scanKnownSurnames adds person mentions NER missed for the surname of a gazetteer person where the text shows
// a person: a reporting verb follows or precedes it ("Lavrov further said", "said Lavrov"). The word must be
// capitalised (not in capitals), four letters or more, never written in lower case in the document, name
// nothing but people in the gazetteer, stand alone (no capitalised word next to it, but for the start of the
// sentence), and be the surname of one person, or of one holding an office at the document's date (or in the
// period its dated people mark out when it has no date). Its other uses are then found by scanSurnames.
func (d *doc) scanKnownSurnames() {
	var lower map[string]bool
	for i := range d.toks {
		w := d.w(i)
		if d.cover[i] != 0 || len(w) < 4 || !isCap(w) || isAllCaps(w) || !isLetters(w) {
			continue
		}
		sFirst, sEnd := d.sentRange(i)
		if !d.reportingCue(i, sFirst, sEnd) || i+1 < sEnd && isCap(d.w(i+1)) || i > sFirst && isCap(d.w(i-1)) {
			continue
		}
		key := Key(w)
		ids := d.r.surnames[key]
		if len(ids) == 0 || d.surname[key] {
			continue
		}
		if lower == nil {
			lower = map[string]bool{}
			for k := range d.toks {
				if t := d.w(k); !isCap(t) {
					lower[t] = true
				}
			}
		}
		if lower[strings.ToLower(w)] {
			continue
		}
		other := false
		for _, c := range d.r.g.Lookup(w) {
			other = other || d.r.ent(c.ID).Label != newsgraph.LabelPER
		}
		if other {
			continue
		}
		ev := d.personEvidence(i, i+1)
		id := d.narrowScan(ev, ids)
		if id == "" {
			continue
		}
		d.surname[key] = true
		d.add(ment{first: i, end: i + 1, span: d.spanOf(i, i+1), label: newsgraph.LabelPER,
			kind: newsgraph.MentionName, ev: ev, gid: id, how: gazetteer.HowAlias, group: -1})
	}
}

// scanSurnames adds person mentions NER missed for surnames of people the document named in full.
func (d *doc) scanSurnames() {
	if len(d.surname) == 0 {
		return
	}
	for i := range d.toks {
		w := d.w(i)
		if d.cover[i] != 0 || len(w) < 3 || !nameWord(w) || isAllCaps(w) {
			continue
		}
		sFirst, sEnd := d.sentRange(i)
		if i+1 < sEnd && d.cover[i+1] == 0 && isCap(d.w(i+1)) {
			continue
		}
		if i > sFirst && d.cover[i-1] == 0 && isCap(d.w(i-1)) && i-1 > sFirst {
			if ok, _, _ := titleOrHonorific(d.w(i - 1)); !ok {
				continue
			}
		}
		end := i + 1
		if n := possessiveSuffix(w); n > 0 {
			w = w[:len(w)-n]
		}
		if !d.surname[Key(w)] {
			continue
		}
		d.add(ment{first: i, end: end, span: d.spanOf(i, end), label: newsgraph.LabelPER,
			kind: newsgraph.MentionName, ev: d.personEvidence(i, end), group: -1})
	}
}

// sortMentions drops dead mentions, orders the rest by position and rebuilds the token cover.
func (d *doc) sortMentions() {
	live := d.ments[:0]
	for _, m := range d.ments {
		if !m.dead {
			live = append(live, m)
		}
	}
	slices.SortFunc(live, func(a, b ment) int { return a.first - b.first })
	d.ments = live
	clear(d.cover)
	for i, m := range d.ments {
		for k := m.first; k < m.end; k++ {
			d.cover[k] = int32(i + 1)
		}
	}
}
