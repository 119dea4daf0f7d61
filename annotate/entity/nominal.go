package entity

import (
	"slices"
	"strings"

	"newsgraph"
	"newsgraph/annotate/gazetteer"
)

// ref is a mention of a person in a sentence: its first token and its group.
type ref struct{ pos, group int }

// allyWords end a hyphenated adjective that names a country the referent is not: "Kremlin-allied",
// "Iran-backed", "Moscow-friendly".
var allyWords = map[string]bool{"allied": true, "backed": true, "aligned": true, "supported": true,
	"friendly": true, "sponsored": true, "funded": true, "armed": true, "leaning": true}

// nominalsAndPronouns reads the text left to right adding nominal mentions of people and pronouns, each
// resolved to a person the document names (or, for a nominal, the gazetteer's holder of the office), so that
// a later pronoun or nominal can refer to an earlier one.
//
// A nominal is a determiner ("the", "his", a possessive country "Russia's"), optional adjectives, an optional
// nationality or country mention, title words and a head noun from nominalHeads, not followed by a name:
// "the Russian foreign minister", "Russia's top diplomat", "the Kremlin-allied strongman", "his Turkish
// counterpart". Its span runs from the first word after the determiner and nationality to the head ("foreign
// minister"), so the nationality stays a mention of its own. It refers to the person of the document whose
// office (written before the name, or held at the document's date in the gazetteer) matches the title and the
// country, the one mentioned last before it, else the first after it; else, when the date is known, to the
// single holder of that office of that country at the date in the gazetteer. "leader" is a head of state or
// government; "counterpart" holds the office of the person the determiner or the sentence's subject names,
// for another country. Nominals that resolve to nobody are not emitted.
//
// A pronoun (he, him, his, himself, she, her, hers, herself) refers to the first person mentioned in its
// sentence before it (the subject, roughly), else to the first person mentioned in each earlier sentence up to
// Options.PronounWindow back; a person known to be of the other gender (from "Mr.", "Queen", an earlier "she")
// is skipped. "it" and "they" are left alone.
func (d *doc) nominalsAndPronouns() {
	perSent := make([][]ref, len(d.sents))
	for _, m := range d.ments {
		if m.label == newsgraph.LabelPER && m.group >= 0 && d.isPerson(&d.groups[m.group]) {
			s := d.sentOf[m.first]
			perSent[s] = append(perSent[s], ref{m.first, m.group})
		}
	}
	for si := range d.sents {
		sFirst, sEnd := max(d.sents[si].TokenStart, 0), min(d.sents[si].TokenEnd, len(d.toks))
		for t := sFirst; t < sEnd; t++ {
			if d.cover[t] != 0 {
				continue
			}
			var buf [16]byte
			w := d.w(t)
			lw := string(lowerKey(buf[:], w[:len(w)-possessiveSuffix(w)])) // "minister's"
			if g, ok := pronouns[lw]; ok && d.r.window > 0 {
				if gi := d.antecedent(perSent, si, t, g); gi >= 0 {
					d.addResolved(perSent, si, ment{first: t, end: t + 1, span: d.toks[t], label: newsgraph.LabelPER,
						kind: newsgraph.MentionPronoun, ev: evidence{gender: g}}, gi)
				}
				continue
			}
			if head, ok := nominalHeads[lw]; ok && !d.r.opt.NoNominals {
				d.nominal(perSent, si, t, head, sFirst, sEnd)
			}
		}
	}
}

// addResolved adds a nominal or pronoun mention m of the person group gi; a group that is no person (a
// gazetteer entry of another label) takes no such mention.
func (d *doc) addResolved(perSent [][]ref, si int, m ment, gi int) {
	if gi < 0 || gi >= len(d.groups) || !d.isPerson(&d.groups[gi]) {
		return
	}
	m.group = gi
	idx := d.add(m)
	if idx < 0 {
		return
	}
	g := &d.groups[gi]
	g.ments = append(g.ments, idx)
	if g.ev.gender == 0 {
		g.ev.gender = m.ev.gender
	}
	refs := perSent[si]
	at, _ := slices.BinarySearchFunc(refs, m.first, func(r ref, pos int) int { return r.pos - pos })
	perSent[si] = slices.Insert(refs, at, ref{m.first, gi})
}

func genderOK(g *group, want byte) bool { return g.ev.gender == 0 || want == 0 || g.ev.gender == want }

// antecedent returns the group a pronoun at token t of sentence si refers to, or -1.
func (d *doc) antecedent(perSent [][]ref, si, t int, gender byte) int {
	for _, r := range perSent[si] {
		if r.pos >= t {
			break
		}
		if genderOK(&d.groups[r.group], gender) {
			return r.group
		}
	}
	for k := si - 1; k >= 0 && k >= si-d.r.window; k-- {
		for _, r := range perSent[k] {
			if genderOK(&d.groups[r.group], gender) {
				return r.group
			}
		}
	}
	return -1
}

// nominal reads a nominal mention whose head is token h, resolves it and adds it.
func (d *doc) nominal(perSent [][]ref, si, h int, head string, sFirst, sEnd int) {
	if h+1 < sEnd {
		next := d.w(h + 1)
		if c := d.cover[h+1]; c != 0 && d.ments[c-1].label == newsgraph.LabelPER {
			return // a title before a name: the name's evidence
		}
		if isCap(next) && isWordy(next) {
			return
		}
	}
	// Title words, ally adjectives and up to two other lower-case words before the head.
	j, spanStart := h-1, h
	titleStart := h
	former, excl, adjectives := false, "", 0
	for ; j >= sFirst && h-j <= 6; j-- {
		if c := d.cover[j]; c != 0 {
			if m := d.ments[c-1]; m.cut && m.gid != "" && allyWords[strings.ToLower(d.w(j)[compoundHyphen(d.w(j))+1:])] {
				excl = d.countryOf(m.gid) // "the Kremlin-allied strongman", "Kremlin" a mention of its own
				j--
			}
			break
		}
		w := d.w(j)
		lw := strings.ToLower(w)
		if determiners[lw] {
			break
		}
		if ok, _, _ := titleOrHonorific(w); ok && !isCap(w) || ok && isCap(d.w(h)) {
			if formerWords[lw] || strings.HasPrefix(lw, "ex-") {
				former = true
			}
			if titleStart == j+1 {
				titleStart = j
			}
			spanStart = j
			continue
		}
		if i := strings.IndexByte(w, '-'); i > 0 && allyWords[strings.ToLower(w[i+1:])] {
			if id := d.placeID(w[:i]); id != "" {
				excl = d.countryOf(id)
			}
			spanStart = j
			continue
		}
		if adjectives < 2 && !isCap(w) && isLetters(w) {
			adjectives++
			spanStart = j
			continue
		}
		break
	}
	// A nationality or country mention, possibly possessive, then a determiner.
	country, det, detTok := "", false, -1
	if j >= sFirst && isPossessive(d.w(j)) && j > sFirst && d.cover[j-1] != 0 {
		m := d.ments[d.cover[j-1]-1]
		if m.gid == "" || m.label == newsgraph.LabelPER {
			return
		}
		country, det = d.countryOf(m.gid), true
	} else if j >= sFirst && d.cover[j] != 0 {
		m := d.ments[d.cover[j]-1]
		if m.label == newsgraph.LabelPER && m.kind == newsgraph.MentionPronoun {
			det, detTok = true, j // "his Turkish counterpart" with "his" resolved
		} else {
			if m.gid == "" || m.label == newsgraph.LabelPER || m.label == newsgraph.LabelMISC {
				return // "the Kurdish leader": a people the gazetteer does not know
			}
			country = d.countryOf(m.gid)
			det = possessiveSuffix(d.w(j)) > 0 // "Russia's" as one token
			j = m.first - 1
			if !det && j >= sFirst && (determiners[strings.ToLower(d.w(j))] ||
				d.cover[j] != 0 && d.ments[d.cover[j]-1].kind == newsgraph.MentionPronoun) {
				det, detTok = true, j
			}
		}
	} else if j >= sFirst && determiners[strings.ToLower(d.w(j))] {
		det, detTok = true, j
	}
	if !det {
		return
	}
	other := -1 // the person a possessive pronoun names: "his prime minister" is someone else of his country
	if detTok >= 0 {
		if dw := strings.ToLower(d.w(detTok)); dw == "its" || dw == "their" {
			return // "its leader": the head of an organisation the resolver cannot name
		}
		if c := d.cover[detTok]; c != 0 && d.ments[c-1].kind == newsgraph.MentionPronoun {
			other = d.ments[c-1].group
			if country == "" && head != "counterpart" {
				country = d.groupCountry(&d.groups[other])
				if country == "" {
					return
				}
			}
		}
	}
	title, _ := d.titleText(titleStart, h+1)
	if t, ok := nominalTitles[title]; ok {
		title = t
	} else if title == "" || title == strings.ToLower(d.w(h)) {
		title = head // "strongman" -> "leader"
	}
	gi := d.resolveNominal(perSent, si, h, title, head, country, excl, other, former, detTok)
	if gi < 0 {
		return
	}
	var gender byte
	if g, ok := titleWords[strings.ToLower(d.w(h))]; ok {
		gender = g
	}
	d.addResolved(perSent, si, ment{first: spanStart, end: h + 1, span: d.spanOf(spanStart, h+1),
		label: newsgraph.LabelPER, kind: newsgraph.MentionNominal, ev: evidence{gender: gender}}, gi)
}

func isLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return len(w) > 0
}

// groupRoles returns the offices a group's person holds at the document's date: those written before its
// name, and those the gazetteer records for its entry.
func (d *doc) groupRoles(g *group) []newsgraph.Role {
	roles := g.ev.roles
	if g.gid != "" {
		roles = append(slices.Clip(roles), gazetteer.RolesAt(*d.r.ent(g.gid), d.date)...)
	}
	return roles
}

// groupCountry returns the country a group's person belongs to: as written, else the gazetteer's.
func (d *doc) groupCountry(g *group) string {
	if g.ev.country != "" {
		return g.ev.country
	}
	if g.gid != "" {
		return d.r.ent(g.gid).Country
	}
	return ""
}

// holds reports whether group g holds the office a title names (role: gazetteer.TitleRole of the title, ""
// when it names none) of the given country ("" for any).
func (d *doc) holds(g *group, title, role, country string) bool {
	gc := d.groupCountry(g)
	for _, r := range d.groupRoles(g) {
		match := false
		switch {
		case title == "leader":
			match = r.Role == gazetteer.RoleHeadOfState || r.Role == gazetteer.RoleHeadOfGovernment
		case role != "" && r.Role == role:
			match = true
		case r.Title != "":
			match = gazetteer.ContainsWords(strings.ToLower(r.Title), title)
		}
		if match && (country == "" || r.Of == country || r.Of == "" && gc == country) {
			return true
		}
	}
	for _, t := range g.ev.titles {
		if gazetteer.ContainsWords(t, title) && (country == "" || gc == country) {
			return true
		}
	}
	return false
}

// pick returns the person group satisfying ok that the text at token t most likely means: the one mentioned
// last in t's sentence or the sentence before; else the one mentioned most often before t (the last on a tie);
// else the first mentioned after t in its sentence ("the foreign minister, Sergei Lavrov,"); else -1.
func (d *doc) pick(t int, ok func(gi int, g *group) bool) int {
	si := int(d.sentOf[t])
	near, nearPos, often, oftenN, oftenPos, after, afterPos := -1, -1, -1, 0, -1, -1, len(d.toks)
	for gi := range d.groups {
		g := &d.groups[gi]
		if g.dead || len(g.ments) == 0 || !d.isPerson(g) || !ok(gi, g) {
			continue
		}
		last, n := -1, 0
		for _, mi := range g.ments {
			p := d.ments[mi].first
			switch {
			case p < t:
				n++
				last = max(last, p)
			case p > t && int(d.sentOf[p]) == si && p < afterPos:
				after, afterPos = gi, p
			}
		}
		if last >= 0 && int(d.sentOf[last]) >= si-1 && last > nearPos {
			near, nearPos = gi, last
		}
		if n > oftenN || n == oftenN && n > 0 && last > oftenPos {
			often, oftenN, oftenPos = gi, n, last
		}
	}
	switch {
	case near >= 0:
		return near
	case often >= 0:
		return often
	}
	return after
}

// resolveNominal returns the group a nominal refers to, or -1 (see nominalsAndPronouns).
func (d *doc) resolveNominal(perSent [][]ref, si, h int, title, head, country, excl string, other int, former bool, detTok int) int {
	if head == "counterpart" {
		return d.resolveCounterpart(perSent, si, h, country, detTok)
	}
	if title == "" {
		return -1
	}
	role, _ := gazetteer.TitleRole(title)
	allowed := func(gi int, g *group) bool {
		return gi != other && (excl == "" || d.groupCountry(g) != excl)
	}
	gi := d.pick(h, func(gi int, g *group) bool { return allowed(gi, g) && d.holds(g, title, role, country) })
	if gi >= 0 || country == "" || d.date.IsZero() || former {
		return gi
	}
	ids := d.r.g.HoldersByTitle(title, country, d.date)
	if len(ids) > 1 && title == "leader" {
		hos := d.r.g.Holders(gazetteer.RoleHeadOfState, country, d.date)
		if len(hos) == 1 && slices.Contains(ids, hos[0]) {
			ids = hos
		}
	}
	if len(ids) != 1 || d.r.ent(ids[0]).Label != newsgraph.LabelPER {
		return -1
	}
	gi = d.groupFor(ids[0])
	if !allowed(gi, &d.groups[gi]) {
		return -1
	}
	return gi
}

// resolveCounterpart resolves "counterpart": the person holding, for the country written (or another than
// the antecedent's), an office the antecedent holds. The antecedent is the person the determiner names ("his")
// or the subject of the sentence.
func (d *doc) resolveCounterpart(perSent [][]ref, si, h int, country string, detTok int) int {
	ante := -1
	if detTok >= 0 && d.cover[detTok] != 0 {
		if m := d.ments[d.cover[detTok]-1]; m.kind == newsgraph.MentionPronoun {
			ante = m.group
		}
	}
	if ante < 0 {
		ante = d.antecedent(perSent, si, h, 0)
	}
	if ante < 0 {
		return -1
	}
	ag := &d.groups[ante]
	roles := d.groupRoles(ag)
	acountry := d.groupCountry(ag)
	if len(roles) == 0 {
		return -1
	}
	gi := d.pick(h, func(gi int, g *group) bool {
		if gi == ante {
			return false
		}
		gc := d.groupCountry(g)
		if country != "" && gc != "" && gc != country || country == "" && (gc == "" || gc == acountry) {
			return false
		}
		for _, r := range roles {
			if d.holds(g, "", r.Role, country) {
				return true
			}
		}
		return false
	})
	if gi >= 0 || country == "" || d.date.IsZero() {
		return gi
	}
	var found string
	for _, r := range roles {
		for _, id := range d.r.g.Holders(r.Role, country, d.date) {
			if found != "" && found != id {
				return -1
			}
			found = id
		}
	}
	if found == "" || d.r.ent(found).Label != newsgraph.LabelPER {
		return -1
	}
	return d.groupFor(found)
}
