package entity

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsgraph"
	"newsgraph/annotate/gazetteer"
)

// group is the set of mentions the document makes of one entity.
type group struct {
	gid    string   // the gazetteer entry, "" for an entity the gazetteer does not hold
	glabel string   // the gazetteer entry's label
	name   string   // the longest name written (words, then bytes)
	words  []string // Key words of name
	keys   []string // Key of every name written
	labels [5]int   // name mentions per label, indexed by labelIndex
	ev     evidence
	ments  []int
	dead   bool // merged into another group
}

var labelOrder = [5]string{newsgraph.LabelPER, newsgraph.LabelORG, newsgraph.LabelLOC, newsgraph.LabelNORP, newsgraph.LabelMISC}

func labelIndex(l string) int {
	for i, x := range labelOrder {
		if x == l {
			return i
		}
	}
	return 4
}

// label returns the group's label: its gazetteer entry's, else the label most of its names carry (the earliest
// listed in labelOrder on a tie).
func (d *doc) label(g *group) string {
	if g.glabel != "" {
		return g.glabel
	}
	best := 0
	for i, n := range g.labels {
		if n > g.labels[best] {
			best = i
		}
	}
	return labelOrder[best]
}

func (d *doc) isPerson(g *group) bool { return d.label(g) == newsgraph.LabelPER }

// group assigns every name mention to a group: by gazetteer entry, by an acronym defined in the text, and by
// the rules of findPerson and findOther.
func (d *doc) group() {
	for i := range d.ments {
		m := &d.ments[i]
		name := m.span.In(d.text)
		key := Key(name)
		gi := -1
		if m.gid != "" {
			if g, ok := d.byGID[m.gid]; ok {
				gi = g
			}
		}
		if gi < 0 && m.alias != "" {
			gi = d.findKey(m.alias, false)
		}
		if gi < 0 {
			if m.label == newsgraph.LabelPER {
				gi = d.findPerson(i, key)
			} else {
				gi = d.findOther(key, name)
			}
		}
		if gi < 0 {
			d.groups = append(d.groups, group{})
			gi = len(d.groups) - 1
		}
		d.join(gi, i, key, name)
	}
}

func (d *doc) join(gi, mi int, key, name string) {
	g := &d.groups[gi]
	m := &d.ments[mi]
	m.group = gi
	g.ments = append(g.ments, mi)
	d.touch(gi)
	if m.kind != newsgraph.MentionName {
		return
	}
	if !slices.Contains(g.keys, key) {
		g.keys = append(g.keys, key)
	}
	g.labels[labelIndex(m.label)]++
	if m.how != gazetteer.HowDemonym && m.how != gazetteer.HowSeat {
		words := strings.Fields(key)
		if len(words) > len(g.words) || len(words) == len(g.words) && len(name) > len(g.name) {
			g.name, g.words = name, words
		}
	}
	if g.gid == "" && m.gid != "" {
		g.gid, g.glabel = m.gid, d.r.ent(m.gid).Label
		d.byGID[m.gid] = gi
	}
	g.ev.merge(m.ev)
}

// recentGroups calls f with the groups mentioned so far, most recently mentioned first, until f returns true.
// group() reads mentions in order, so these are the groups of the mentions before the current one.
func (d *doc) recentGroups(f func(gi int) bool) {
	for k := len(d.recent) - 1; k >= 0; k-- {
		if f(d.recent[k]) {
			return
		}
	}
}

// touch moves group gi to the front of the recency order.
func (d *doc) touch(gi int) {
	if k := slices.Index(d.recent, gi); k >= 0 {
		d.recent = slices.Delete(d.recent, k, k+1)
	}
	d.recent = append(d.recent, gi)
}

// findKey returns the most recent group that wrote a name with the given key (of a person or not), or -1.
func (d *doc) findKey(key string, person bool) int {
	found := -1
	d.recentGroups(func(gi int) bool {
		g := &d.groups[gi]
		if d.isPerson(g) == person && slices.Contains(g.keys, key) {
			found = gi
			return true
		}
		return false
	})
	return found
}

// findPerson returns the group a person's name joins, or -1: the most recent person written with the same
// key; else the most recent whose name ends with this one ("Lavrov" after "Sergei Lavrov", "Assad" after
// "Bashar al-Assad") or that this one ends with ("Sergei Lavrov" after "Lavrov"); else the most recent whose
// surname is a spelling variant of this one's by Similarity (and whose given names, when both are written,
// agree). Evidence that disagrees (another country, gender or gazetteer entry) keeps two names apart.
func (d *doc) findPerson(i int, key string) int {
	m := &d.ments[i]
	words := strings.Fields(key)
	if len(words) == 0 {
		return -1
	}
	ok := func(g *group) bool {
		return d.isPerson(g) && (m.gid == "" || g.gid == "" || m.gid == g.gid) &&
			(m.ev.country == "" || g.ev.country == "" || m.ev.country == g.ev.country) &&
			(m.ev.gender == 0 || g.ev.gender == 0 || m.ev.gender == g.ev.gender)
	}
	found := -1
	d.recentGroups(func(gi int) bool {
		g := &d.groups[gi]
		if ok(g) && slices.Contains(g.keys, key) {
			found = gi
			return true
		}
		return false
	})
	if found >= 0 {
		return found
	}
	d.recentGroups(func(gi int) bool {
		g := &d.groups[gi]
		if !ok(g) || len(g.words) == 0 {
			return false
		}
		if hasSuffix(g.words, words) || hasSuffix(words, g.words) {
			found = gi
			return true
		}
		a, b := words[len(words)-1], g.words[len(g.words)-1]
		if min(len(a), len(b)) >= 4 && wordPairSim(a, b) >= d.r.threshold &&
			(len(words) == 1 || len(g.words) == 1 || wordPairSim(words[0], g.words[0]) >= d.r.threshold) {
			found = gi
			return true
		}
		return false
	})
	return found
}

func hasSuffix(long, short []string) bool {
	if len(short) > len(long) {
		return false
	}
	return slices.Equal(long[len(long)-len(short):], short)
}

// findOther returns the group a name of an organisation, place or other thing joins, or -1: the most recent
// one written with the same key, else for an acronym the most recent whose name has those initials
// ("HTS" after "Hayat Tahrir al-Sham"), else for a longer name the most recent acronym it spells out.
func (d *doc) findOther(key, name string) int {
	if gi := d.findKey(key, false); gi >= 0 {
		return gi
	}
	found := -1
	if isAcronym(name) {
		letters := acronymLetters(name)
		d.recentGroups(func(gi int) bool {
			g := &d.groups[gi]
			if !d.isPerson(g) && len(g.words) > 1 && initials(g.name) == letters {
				found = gi
				return true
			}
			return false
		})
		return found
	}
	if strings.IndexFunc(name, unicode.IsSpace) < 0 && !strings.Contains(name, "-") {
		return -1
	}
	in := initials(name)
	d.recentGroups(func(gi int) bool {
		g := &d.groups[gi]
		if !d.isPerson(g) && isAcronym(g.name) && acronymLetters(g.name) == in {
			found = gi
			return true
		}
		return false
	})
	return found
}

// acronymLetters returns the capitals of an acronym without dots: "U.N." -> "UN".
func acronymLetters(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// initials returns the upper-case initials of a name's words, skipping particles and connectors ("Hayat
// Tahrir al-Sham" -> "HTS", "Islamic State of Iraq and the Levant" -> "ISIL"); an acronym inside the name
// counts whole ("UN Security Council" -> "UNSC").
func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || r == '-' }) {
		if isAcronym(w) {
			b.WriteString(acronymLetters(w))
			continue
		}
		lw := strings.ToLower(w)
		if connectors[lw] || hyphenParticles[lw] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLetter(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// link links every group without a gazetteer entry that one of its names spells to the entry that a fuzzy
// match finds (linkPerson, linkOther), then merges groups linked to one entry. In a document without a date a
// surname shared by several people is left for a second pass, which reads the period the people linked in the
// first mark out (see inferPeriod).
func (d *doc) link() {
	d.linkPass(false)
	if d.date.IsZero() && d.deferred {
		var ids []string
		for gi := range d.groups {
			if g := &d.groups[gi]; !g.dead && g.gid != "" {
				ids = append(ids, g.gid)
			}
		}
		d.period = d.inferPeriod(ids)
		d.periodDone = true
		d.linkPass(true)
	}
}

// linkPass links the groups not linked yet; second says it is the second pass of link.
func (d *doc) linkPass(second bool) {
	for gi := range d.groups {
		g := &d.groups[gi]
		if g.dead || g.gid != "" || len(g.words) == 0 || second && !d.isPerson(g) {
			continue
		}
		id := ""
		if !second {
			id = d.linkKey(g)
		}
		switch {
		case id != "":
		case d.isPerson(g):
			id = d.linkPerson(g)
		case !second:
			id = d.linkOther(g)
		}
		if id == "" {
			continue
		}
		if other, ok := d.byGID[id]; ok && other != gi {
			d.merge(other, gi)
			continue
		}
		g.gid, g.glabel = id, d.r.ent(id).Label
		d.byGID[id] = gi
	}
}

// period is a span of days written "YYYY-MM-DD", compared as text.
type period struct{ from, to string }

// padFrom and padTo turn a date of a role written to the year or month into its first or last day; an empty
// date is open.
func padFrom(s string) string {
	switch len(s) {
	case 0:
		return "0000-01-01"
	case 4:
		return s + "-01-01"
	case 7:
		return s + "-01"
	}
	return s
}

func padTo(s string) string {
	switch len(s) {
	case 0:
		return "9999-12-31"
	case 4:
		return s + "-12-31"
	case 7:
		return s + "-31"
	}
	return s
}

// career returns the days from the start of a person's first office in the gazetteer to the end of the last;
// false when the gazetteer records none.
func career(e *newsgraph.Entity) (period, bool) {
	if e.Label != newsgraph.LabelPER || len(e.Roles) == 0 {
		return period{}, false
	}
	p := period{from: "9999-12-31", to: "0000-01-01"}
	for _, r := range e.Roles {
		p.from, p.to = min(p.from, padFrom(r.From)), max(p.to, padTo(r.To))
	}
	return p, true
}

// inferPeriod returns the days on which every dated person among ids (gazetteer IDs) held some office, the
// period a document without a date most likely speaks of ("Zarif", foreign minister 2013-2021, and "Jubeir",
// 2015-2018: 2015-2018); the zero period when no person is dated or the careers do not meet.
func (d *doc) inferPeriod(ids []string) period {
	w, any := period{from: "0000-01-01", to: "9999-12-31"}, false
	for _, id := range ids {
		if c, ok := career(d.r.ent(id)); ok {
			w.from, w.to, any = max(w.from, c.from), min(w.to, c.to), true
		}
	}
	if !any || w.from > w.to {
		return period{}
	}
	return w
}

// heldIn reports whether e held an office on some day of p.
func heldIn(e *newsgraph.Entity, p period) bool {
	for _, r := range e.Roles {
		if padFrom(r.From) <= p.to && padTo(r.To) >= p.from {
			return true
		}
	}
	return false
}

// latest returns the one candidate whose offices (those begun by the day ref) reach latest, the person a
// text most likely means by a shared surname ("Assad" in a text of 2015, or of no known date: Bashar, not
// Hafez); "" when two reach equally far or none held an office.
func (d *doc) latest(ids []string, ref string) string {
	best, bestEnd, tie := "", "", false
	for _, id := range ids {
		end := ""
		for _, r := range d.r.ent(id).Roles {
			if padFrom(r.From) <= ref {
				end = max(end, min(padTo(r.To), ref))
			}
		}
		switch {
		case end == "":
		case end > bestEnd:
			best, bestEnd, tie = id, end, false
		case end == bestEnd:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

// linkKey returns the one gazetteer entry of the group's label that has a name with the Key of one of the
// group's names ("Walid Muallem" for an entry named "Walid al-Moualem"), if the evidence does not contradict it.
func (d *doc) linkKey(g *group) string {
	label := d.label(g)
	found := ""
	for _, k := range g.keys {
		for _, id := range d.r.byKey[label+"\x00"+k] {
			if found != "" && found != id {
				return ""
			}
			found = id
		}
	}
	if found != "" && !compatible(g.ev, d.r.ent(found)) {
		return ""
	}
	return found
}

// merge moves the mentions of group b into group a.
func (d *doc) merge(a, b int) {
	ga, gb := &d.groups[a], &d.groups[b]
	for _, mi := range gb.ments {
		d.ments[mi].group = a
	}
	ga.ments = append(ga.ments, gb.ments...)
	for _, k := range gb.keys {
		if !slices.Contains(ga.keys, k) {
			ga.keys = append(ga.keys, k)
		}
	}
	for i := range ga.labels {
		ga.labels[i] += gb.labels[i]
	}
	if len(gb.words) > len(ga.words) {
		ga.name, ga.words = gb.name, gb.words
	}
	ga.ev.merge(gb.ev)
	*gb = group{dead: true}
	if k := slices.Index(d.recent, b); k >= 0 {
		d.recent = slices.Delete(d.recent, k, k+1)
	}
}

// compatible reports whether what the text says of a person (ev) does not contradict a gazetteer entry: the
// country written is the entry's or one it holds a role of, and an office written is one it held.
func compatible(ev evidence, e *newsgraph.Entity) bool {
	if ev.country != "" && e.Country != ev.country && e.ID != ev.country {
		known := e.Country != ""
		held := false
		for _, r := range e.Roles {
			known = true
			if r.Of == ev.country {
				held = true
			}
		}
		if known && !held {
			return false
		}
	}
	if len(ev.roles) > 0 && len(e.Roles) > 0 {
		for _, a := range ev.roles {
			for _, b := range e.Roles {
				if a.Role == b.Role {
					return true
				}
			}
		}
		return false
	}
	return true
}

// agrees reports whether the text's evidence positively supports a gazetteer entry.
func agrees(ev evidence, e *newsgraph.Entity) bool {
	if ev.country != "" && (e.Country == ev.country || e.ID == ev.country) {
		return true
	}
	for _, a := range ev.roles {
		for _, b := range e.Roles {
			if a.Role == b.Role {
				return true
			}
		}
	}
	return false
}

// linkPerson finds the gazetteer person a group of names refers to when no name matched exactly. For a single
// word: the people with that surname whom the evidence does not contradict, narrowed to those it supports and
// then (when the date is known) to those holding an office at the date; or, when the text gives a title or
// country, the people with that given name it supports ("Qatar's Emir Sheikh Tamim"); one left is the link.
// For a fuller name: the best Similarity at or above the threshold (less 0.05 when the evidence agrees), a
// name whose words all occur in order in the entry's ("Recep Erdogan"), or a fuller form of the entry's name
// with the same first and last word ("Tamim bin Hamad bin Khalifa Al Thani" for "Tamim bin Hamad Al Thani";
// for a two-word entry only when the evidence agrees), counting as the threshold. Two entries scoring alike
// leave the group unlinked.
func (d *doc) linkPerson(g *group) string {
	words := g.words
	last := words[len(words)-1]
	if len(words) == 1 {
		if id := d.narrow(g, d.r.surnames[last], false); id != "" {
			return id
		}
		if g.ev.country != "" || len(g.ev.roles) > 0 {
			return d.narrow(g, d.r.given[last], true)
		}
		return ""
	}
	best, bestScore, tie := "", 0.0, false
	for _, fe := range d.r.fuzzy[newsgraph.LabelPER+last[:1]] {
		if !closeLast(last, fe.words) {
			continue
		}
		e := d.r.ent(fe.id)
		s := keySimilarity(words, fe.words)
		if s < d.r.threshold && fe.words[len(fe.words)-1] == last && (subsequence(words, fe.words) ||
			fe.words[0] == words[0] && subsequence(fe.words, words) && (len(fe.words) >= 3 || agrees(g.ev, e))) {
			s = d.r.threshold
		}
		if s < d.r.threshold-0.05 || !compatible(g.ev, e) {
			continue
		}
		if agrees(g.ev, e) {
			s += 0.05
		}
		switch {
		case s > bestScore+1e-9:
			best, bestScore, tie = fe.id, s, false
		case s > bestScore-1e-9 && fe.id != best:
			tie = true
		}
	}
	if tie || bestScore < d.r.threshold {
		return ""
	}
	return best
}

// narrow returns the one candidate left after keeping those the group's evidence does not contradict (and,
// when mustAgree, supports), then those it supports, then those holding an office at the document's date (or,
// without a date, in the period the document's dated people mark out, see inferPeriod); of several left, or
// none holding an office then, the one whose offices reach latest (see latest); "" when none or several are
// left. In a document without a date the choice among several waits for link's second pass.
func (d *doc) narrow(g *group, ids []string, mustAgree bool) string {
	var cands []string
	for _, id := range ids {
		e := d.r.ent(id)
		if compatible(g.ev, e) && (!mustAgree || agrees(g.ev, e)) {
			cands = append(cands, id)
		}
	}
	cands = keepIf(cands, func(id string) bool { return agrees(g.ev, d.r.ent(id)) })
	if len(cands) <= 1 {
		return first(cands)
	}
	if !d.date.IsZero() {
		held := filter(cands, func(id string) bool { return len(gazetteer.RolesAt(*d.r.ent(id), d.date)) > 0 })
		switch len(held) {
		case 0:
			return d.latest(cands, d.date.Format("2006-01-02"))
		case 1:
			return held[0]
		}
		return ""
	}
	if !d.periodDone {
		d.deferred = true
		return ""
	}
	ref := "9999-12-31"
	if d.period.to != "" {
		cands = keepIf(cands, func(id string) bool { return heldIn(d.r.ent(id), d.period) })
		ref = d.period.to
	}
	if len(cands) == 1 {
		return cands[0]
	}
	return d.latest(cands, ref)
}

// narrowScan returns the person a surname NER missed stands for: the one of ids the evidence does not
// contradict, or the one holding an office at the document's date (without a date: in the period its
// people linked by name mark out); "".
func (d *doc) narrowScan(ev evidence, ids []string) string {
	cands := filter(ids, func(id string) bool { return compatible(ev, d.r.ent(id)) })
	if len(cands) > 1 && !d.date.IsZero() {
		cands = filter(cands, func(id string) bool { return len(gazetteer.RolesAt(*d.r.ent(id), d.date)) > 0 })
	} else if len(cands) > 1 {
		var named []string
		for _, m := range d.ments {
			if !m.dead && m.gid != "" && m.label == newsgraph.LabelPER {
				named = append(named, m.gid)
			}
		}
		if p := d.inferPeriod(named); p.to != "" {
			cands = filter(cands, func(id string) bool { return heldIn(d.r.ent(id), p) })
		}
	}
	if len(cands) != 1 {
		return ""
	}
	return cands[0]
}

// filter returns the IDs f accepts.
func filter(ids []string, f func(string) bool) []string {
	var out []string
	for _, id := range ids {
		if f(id) {
			out = append(out, id)
		}
	}
	return out
}

// keepIf returns the IDs f accepts, or all of them when it accepts none.
func keepIf(ids []string, f func(string) bool) []string {
	if k := filter(ids, f); len(k) > 0 {
		return k
	}
	return ids
}

func first(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return ids[0]
}

// subsequence reports whether the words of short occur in long in order.
func subsequence(short, long []string) bool {
	i := 0
	for _, w := range long {
		if i < len(short) && short[i] == w {
			i++
		}
	}
	return i == len(short)
}

// linkOther finds the gazetteer entry of the group's label whose name is most similar to the group's at or
// above the threshold. Names shorter than six letters only match exactly (done already by look-up).
func (d *doc) linkOther(g *group) string {
	words := g.words
	if len(strings.Join(words, "")) < 6 {
		return ""
	}
	label := d.label(g)
	last := words[len(words)-1]
	best, bestScore, tie := "", 0.0, false
	for _, fe := range d.r.fuzzy[label+last[:1]] {
		if !closeLast(last, fe.words) {
			continue
		}
		s := keySimilarity(words, fe.words)
		if s < d.r.threshold {
			continue
		}
		switch {
		case s > bestScore+1e-9:
			best, bestScore, tie = fe.id, s, false
		case s > bestScore-1e-9 && fe.id != best:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

// groupFor returns the group linked to a gazetteer entry, making an empty one when the document has none yet
// (a nominal resolved through the gazetteer's office holders).
func (d *doc) groupFor(id string) int {
	if gi, ok := d.byGID[id]; ok {
		return gi
	}
	e := d.r.ent(id)
	d.groups = append(d.groups, group{gid: id, glabel: e.Label, name: e.Name, words: strings.Fields(Key(e.Name))})
	gi := len(d.groups) - 1
	d.byGID[id] = gi
	return gi
}

// closeLast is the cheap test that lets a gazetteer name be compared with Similarity at all: its last word is
// about as long as last and alike at the word level (keySimilarity pairs no words scoring under 0.6, and a
// name whose last word pairs with nothing cannot reach the linking threshold in practice). It keeps fuzzy
// linking from comparing every unknown name with every entry that shares an initial.
func closeLast(last string, words []string) bool {
	other := words[len(words)-1]
	if other == last {
		return true
	}
	a, b := len(last), len(other)
	if a > b {
		a, b = b, a
	}
	if b-a > 3 || 10*a < 6*b {
		return false
	}
	return wordPairSim(last, other) >= 0.6
}
