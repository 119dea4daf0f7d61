package event

import (
	"slices"
	"strings"
	"time"

	"newsgraph"
	"newsgraph/annotate/gazetteer"
)

// actor is a mention (or an agent word) that can be the source or target of an event, in sentence tokens.
type actor struct {
	first, end int // token range, relative to the sentence
	entity     int // index into Document.Entities, -1 for an agent word alone ("the rebels")
	cameo      string
	place      bool // a city, region or unknown place: a target or location, a source only when a capital
	capital    bool
	placeOnly  bool   // a place the gazetteer does not know ("the Doha Forum"): a location, never an actor
	listAgent  string // the agent code of an agent noun in front of it ("soldiers from"), which a list after it shares
}

// state is one Code call over one document.
type state struct {
	c      *Coder
	d      *newsgraph.Document
	mi     int // next mention to read
	low    []string
	toks   []newsgraph.Span // the sentence's tokens
	actors []actor
	owners []actor // possessors ("Lavrov's"), which only event nouns read; end is the token of "'s"
	used   []bool  // verbs already coded as part of another (the "talk" of "refused to talk")
	seen   map[string]bool
	// lastSubj is the subject (index into actors, -1 none) of the last active verb coded in the sentence, at
	// token lastVerb (-1 none).
	lastSubj, lastVerb int
}

func (c *Coder) newState(d *newsgraph.Document) *state {
	return &state{c: c, d: d, seen: map[string]bool{}}
}

var (
	boundaries = set(";", ":", "\"", "“", "”", "—", "–", "(", ")")
	negators   = set("not", "n't", "never", "no", "neither", "nor", "without", "failed", "fails", "fail", "cannot", "nobody")
	modals     = set("would", "could", "may", "might", "should", "can", "must", "will", "shall", "'ll", "'d", "wo",
		"ca", "cannot", "if", "unless", "whether", "lest", "plans", "planned", "planning", "intends", "hopes",
		"wants", "expects", "expected", "likely", "possible", "possibly", "reportedly")
	conditionals = set("if", "unless", "whether", "lest", "once")
	beAux        = set("is", "are", "was", "were", "be", "been", "being", "'s", "got", "get", "gets")
	locPreps     = set("in", "at", "near", "inside", "outside", "across", "around")
	// preps keep a mention from being a subject: "talks with Turkey", "in Syria".
	preps = set("in", "at", "near", "with", "to", "from", "for", "on", "against", "by", "between", "into", "toward",
		"towards", "about", "over", "under", "amid", "among", "after", "before", "during", "despite", "including",
		"like", "than", "via", "inside", "outside", "across", "around", "regarding", "behind", "through", "within")
	// nounMarks before a word that could be a verb or a noun make it the noun: "the talks", "its attack".
	nounMarks = set("the", "a", "an", "its", "their", "his", "her", "our", "my", "your", "these", "those", "this",
		"of", "new", "fresh", "further", "more", "air", "any", "such", "some", "recent", "latest", "first", "last",
		"several", "two", "three", "many", "military", "terrorist", "deadly", "major", "'s", "no", "every", "each",
		"peace", "direct", "bilateral", "planned", "possible", "for", "on", "in", "at", "with", "by", "from", "after",
		"before", "during", "amid", "against", "to-day", "official", "state")
	// infinitives after these are reported as facts: "is about to restore", "went on to attack".
	factualInf = set("about", "decided", "decides", "decide", "continued", "continues", "continue", "began", "begins",
		"begin", "started", "starts", "moved", "moves", "proceeded", "went", "on", "helped", "helps")
	// agentPreps join an agent noun to the actor it belongs to: "the forces of Syria", "soldiers from Gondor".
	agentPreps = set("of", "from", "in")
	// directions come between a preposition and a place: "in south Ithilen", "in northern Syria".
	directions = set("north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
		"northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern", "southwestern")
	pronouns = set("he", "she", "it", "they", "we", "i", "you", "who", "which", "that", "this", "there")
	// subordinators open a clause with a subject of its own: "after crowds burned its embassy".
	subordinators = set("after", "before", "when", "while", "although", "though", "because", "since", "until", "whereas",
		"once", "as")
	determiners = set("a", "an", "the", "this", "that", "these", "those")
	// placeNouns name a place by the name after "of": "the city of Homs".
	placeNouns         = set("city", "town", "village", "province", "region", "district", "capital", "state", "republic", "kingdom", "port")
	possessivePronouns = set("his", "her", "its", "their", "our", "my", "your", "hers", "theirs")
	// clauseOpeners end the search for a target: "cooperating on ending the war, despite Turkey ...".
	clauseOpeners = set("despite", "while", "although", "though", "because", "but", "which", "who", "whom", "whose",
		"where", "when", "whereas", "since", "until", "yet", "so")
	coordination = set(",", "and", "or", "&", "as", "well", "both", "also")
	adverbSkip   = set("also", "reportedly", "allegedly", "repeatedly", "again", "then", "later", "jointly", "already",
		"recently", "formally", "officially", "now", "just", "still", "subsequently", "previously")
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

func lower(s string) string {
	s = strings.ToLower(s)
	if strings.ContainsRune(s, '’') {
		s = strings.ReplaceAll(s, "’", "'")
	}
	return s
}

// sentence codes sentence si and appends its events to out.
func (s *state) sentence(si int, out []newsgraph.Event) []newsgraph.Event {
	d := s.d
	sent := d.Sentences[si]
	if sent.TokenStart < 0 || sent.TokenEnd > len(d.Tokens) || sent.TokenStart >= sent.TokenEnd {
		return out
	}
	toks := d.Tokens[sent.TokenStart:sent.TokenEnd]
	s.toks = toks
	s.low = s.low[:0]
	anyVerb := false
	for _, t := range toks {
		if t.Start < 0 || t.End > len(d.Text) || t.Start > t.End {
			return out
		}
		w := lower(d.Text[t.Start:t.End])
		s.low = append(s.low, w)
		if !anyVerb && s.c.lex.forms[w] != nil {
			anyVerb = true
		}
	}
	s.collectActors(si, toks, anyVerb)
	if !anyVerb || len(s.actors) == 0 {
		return out
	}
	s.used = slices.Grow(s.used[:0], len(toks))[:len(toks)]
	clear(s.used)
	clear(s.seen)
	s.lastSubj, s.lastVerb = -1, -1
	for i, w := range s.low {
		if s.used[i] {
			continue
		}
		fs := s.c.lex.forms[w]
		if fs == nil {
			continue
		}
		f, end, ok := s.pickForm(fs, i)
		if !ok || !s.isVerb(f, i) {
			continue
		}
		n := len(out)
		if out = s.codeVerb(si, toks, f, i, end, out); len(out) == n {
			s.used[i] = false // coded nothing: it may be an event noun ("rocket attacks by rebels on Damascus")
		}
	}
	return s.codeNouns(si, out)
}

// pickForm returns the first form whose fixed words around the verb are in place, and the token after it.
func (s *state) pickForm(fs []form, i int) (form, int, bool) {
	for _, f := range fs {
		if i < len(f.v.pre) || i+1+len(f.v.post) > len(s.low) {
			continue
		}
		ok := true
		for k, w := range f.v.pre {
			ok = ok && s.low[i-len(f.v.pre)+k] == w
		}
		for k, w := range f.v.post {
			ok = ok && s.low[i+1+k] == w
		}
		if ok {
			return f, i + 1 + len(f.v.post), true
		}
	}
	return form{}, 0, false
}

// isVerb tells a verb from the noun of the same spelling by the word before it: "the talks", "its attack",
// "Israeli strikes" are nouns.
func (s *state) isVerb(f form, i int) bool {
	if i == 0 {
		return f.kind == formPast || f.kind == formS
	}
	prev := s.low[i-1]
	if f.kind == formPast {
		return prev != "the" && prev != "a" && prev != "an"
	}
	if nounMarks[prev] {
		return false
	}
	for _, a := range s.actors {
		if a.end == i && a.entity >= 0 && s.d.Entities[a.entity].Label == newsgraph.LabelNORP {
			return false
		}
		if a.end == i && a.place && f.kind != formIng && a.first > 0 && nounMarks[s.low[a.first-1]] {
			return false // "the Doha talks"
		}
	}
	if f.kind == formBase && (strings.HasSuffix(prev, "ed") || s.c.lex.forms[prev] != nil) {
		return false // "voiced support", "offered help"
	}
	if f.kind == formIng {
		return !preps[prev]
	}
	return true
}

// collectActors fills s.actors with the mentions and agent words of sentence si.
func (s *state) collectActors(si int, toks []newsgraph.Span, anyVerb bool) {
	d := s.d
	s.actors, s.owners = s.actors[:0], s.owners[:0]
	for s.mi < len(d.Mentions) && d.Mentions[s.mi].Sentence < si {
		s.mi++
	}
	date := sentDate(d.Sentences[si].Date)
	covered := 0 // tokens before this are part of an actor
	for k := s.mi; k < len(d.Mentions) && d.Mentions[k].Sentence == si; k++ {
		m := d.Mentions[k]
		if !anyVerb {
			continue
		}
		if m.Entity < 0 || m.Entity >= len(d.Entities) {
			continue
		}
		// Events, laws and other named things are no actors; a name the recogniser took for one but that names
		// an entity with an actor code is ("Arnor" of a CAMEO actor dictionary).
		if m.Label == newsgraph.LabelMISC && s.actorCode(&d.Entities[m.Entity], date) == "" {
			continue
		}
		if m.Kind == newsgraph.MentionPronoun && possessivePronouns[lower(m.In(d.Text))] {
			continue // "his counterpart": the counterpart is the actor
		}
		a, b := tokenRange(toks, m.Span)
		if a < 0 || a < covered {
			continue
		}
		de := &d.Entities[m.Entity]
		act := actor{first: a, end: b, entity: m.Entity}
		// "the forces of Syria", "soldiers from Gondor", "human rights activists in Arnor" (but "the rebels in Idlib"
		// are rebels, in Idlib)
		if a >= 2 && agentPreps[s.low[a-1]] && !(s.low[a-1] == "in" && (de.Kind == "city" || de.Kind == "region" || de.Kind == "territory")) {
			for start := a - 2; start >= covered && start >= a-4; start-- {
				if ag, n := s.c.agents.match(s.low, start); n == a-1-start {
					act.first = start
					act.cameo = withAgent(s.actorCode(de, date), ag.code)
					act.listAgent = ag.code
					break
				}
			}
		}
		j := b
		possessive := j < len(s.low) && (s.low[j] == "'s" || s.low[j] == "'")
		if possessive {
			j++
		}
		var ag agent
		found := false
		nominal := false
		for mods := 0; j < len(s.low) && j < b+5; {
			if (m.Label == newsgraph.LabelNORP || possessive) && s.startsMention(si, toks, k, j) {
				nominal = true // "the Syrian leader": the nominal mention that follows is the actor
				break
			}
			if g, n := s.c.agents.match(s.low, j); n > 0 {
				ag, found = g, true
				j += n
				continue
			}
			if !found && mods < 2 && isModifier(s.low[j]) && s.c.lex.forms[s.low[j]] == nil && !s.startsMention(si, toks, k, j) {
				mods++
				j++
				continue
			}
			break
		}
		if nominal || found && s.startsMention(si, toks, k, j) {
			continue // "Russian Foreign Minister Sergei Lavrov": the title of the name that follows
		}
		switch {
		case found:
			act.end = j
			act.cameo = withAgent(s.actorCode(de, date), ag.code)
		case possessive:
			act.cameo = s.actorCode(de, date)
			s.owners = append(s.owners, act) // "Ankara's request": the possessor of a noun, no actor of a verb
			continue
		case m.Label == newsgraph.LabelNORP:
			continue // "the Syrian crisis"
		case act.cameo == "":
			act.cameo = s.actorCode(de, date)
			switch de.Kind {
			case "city", "region", "territory", "":
				if de.Label == newsgraph.LabelLOC || de.Kind != "" {
					act.place = true
					act.capital = s.c.g.CapitalOf(de.ID) != ""
					act.placeOnly = de.Kind == ""
				}
			}
		}
		if s.modifiesNext(si, toks, k, act.end) {
			continue // "Assad ally Iran": the name after the noun is the actor
		}
		s.actors = append(s.actors, act)
		covered = act.end
	}
	if !anyVerb {
		return
	}
	// Agent words on their own: "the rebels", "opposition groups".
	n := len(s.actors)
	next := 0
	for i := 0; i < len(s.low); i++ {
		for next < n && s.actors[next].end <= i {
			next++
		}
		if next < n && s.actors[next].first <= i {
			i = s.actors[next].end - 1
			continue
		}
		ag, w := s.c.agents.match(s.low, i)
		if w == 0 {
			continue
		}
		if ag.standalone && !s.modifiesNext(si, toks, s.mi-1, i+w) {
			s.actors = append(s.actors, actor{first: i, end: i + w, entity: -1, cameo: ag.code})
		}
		i += w - 1
	}
	if len(s.actors) > n {
		slices.SortFunc(s.actors, func(x, y actor) int { return x.first - y.first })
	}
}

// modifiesNext reports whether the actor of mention k, which ends at token end, names what the one or two plain
// nouns after it belong to, followed by another name mention: "Assad ally Iran", "opposition supporter Turkey".
func (s *state) modifiesNext(si int, toks []newsgraph.Span, k, end int) bool {
	for j := end; j < len(s.low) && j <= end+2; j++ {
		if j > end && s.startsName(si, toks, k, j) {
			return true
		}
		w := s.low[j]
		if !isModifier(w) || s.c.lex.forms[w] != nil || directions[w] || pronouns[w] || conditionals[w] || clauseOpeners[w] {
			return false
		}
		if _, n := s.c.agents.match(s.low, j); n > 0 {
			return false
		}
		if toks[j].End <= toks[j].Start || s.d.Text[toks[j].Start] < 'a' || s.d.Text[toks[j].Start] > 'z' {
			return false
		}
	}
	return false
}

// startsName reports whether token j of sentence si starts a name mention after mention k that names an entity.
func (s *state) startsName(si int, toks []newsgraph.Span, k, j int) bool {
	d := s.d
	for k++; k < len(d.Mentions) && d.Mentions[k].Sentence == si; k++ {
		m := d.Mentions[k]
		if m.Start > toks[j].Start {
			return false
		}
		if m.Start == toks[j].Start {
			return m.Kind == newsgraph.MentionName && m.Entity >= 0 && m.Label != newsgraph.LabelMISC
		}
	}
	return false
}

// startsMention reports whether token j of sentence si starts a name mention after mention k.
func (s *state) startsMention(si int, toks []newsgraph.Span, k, j int) bool {
	if j >= len(toks) {
		return false
	}
	d := s.d
	for k++; k < len(d.Mentions) && d.Mentions[k].Sentence == si; k++ {
		m := d.Mentions[k]
		if m.Start > toks[j].Start {
			return false
		}
		if m.Start == toks[j].Start {
			return (m.Label == newsgraph.LabelPER || m.Label == newsgraph.LabelORG) && m.Entity >= 0
		}
	}
	return false
}

// isModifier reports whether a word may stand between a country and its agent noun: "Syrian government
// forces", "Turkish-backed rebel fighters".
func isModifier(w string) bool {
	if w == "" || preps[w] || nounMarks[w] || coordination[w] || negators[w] || modals[w] || beAux[w] {
		return false
	}
	for _, r := range w {
		if !(r >= 'a' && r <= 'z' || r == '-') {
			return false
		}
	}
	return true
}

// tokenRange returns the tokens toks[a:b] a span covers, a = -1 when none.
func tokenRange(toks []newsgraph.Span, sp newsgraph.Span) (int, int) {
	a, _ := slices.BinarySearchFunc(toks, sp.Start, func(t newsgraph.Span, x int) int { return t.End - 1 - x })
	if a >= len(toks) || toks[a].Start >= sp.End {
		return -1, -1
	}
	b := a
	for b < len(toks) && toks[b].Start < sp.End {
		b++
	}
	return a, b
}

// sentDate reads a TIMEX3 date value at the precision given; zero when it is none.
func sentDate(v string) time.Time {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(v) == len(layout) {
			if t, err := time.Parse(layout, v); err == nil {
				return t
			}
		}
	}
	return time.Time{}
}

// code returns the CAMEO actor code of an entity at a date (zero: the document's date).
func (s *state) actorCode(de *newsgraph.DocEntity, at time.Time) string {
	// Dated CAMEO codes from actor dictionaries.
	best := ""
	bestFrom := ""
	for _, r := range de.Roles {
		if r.Role == "cameo" && held(r, at, de.RolesAt) && (best == "" || r.From > bestFrom) {
			best, bestFrom = r.Of, r.From
		}
	}
	if best != "" {
		return best
	}
	switch de.Kind {
	case "person":
		var roles []newsgraph.Role
		if at.IsZero() {
			roles = de.RolesAt
		} else {
			roles = gazetteer.RolesAt(de.Entity, at)
		}
		if len(roles) == 0 && at.IsZero() && len(de.Roles) > 0 {
			roles = []newsgraph.Role{latest(de.Roles)}
		}
		for _, r := range roles {
			switch r.Role {
			case gazetteer.RoleHeadOfState, gazetteer.RoleHeadOfGovernment, gazetteer.RoleForeignMinister,
				gazetteer.RoleDeputyForeignMinister, gazetteer.RoleDefenceMinister, gazetteer.RoleLeader, gazetteer.RoleUNEnvoy:
				if c := s.codeOf(r.Of); c != "" {
					return c
				}
			}
		}
		if de.CAMEO != "" {
			return de.CAMEO
		}
		return s.countryCode(de.Country)
	case "country":
		if de.CAMEO != "" {
			return de.CAMEO
		}
		return s.countryCode(de.ID)
	case "city", "region", "territory":
		if c := s.c.g.CapitalOf(de.ID); c != "" {
			return withAgent(s.countryCode(c), "GOV")
		}
		if de.CAMEO != "" {
			return de.CAMEO
		}
		return s.countryCode(de.Country)
	case "government":
		if de.CAMEO != "" {
			return de.CAMEO
		}
		return withAgent(s.countryCode(de.Country), "GOV")
	case "group":
		if de.CAMEO != "" {
			return de.CAMEO
		}
		if de.Country != "" {
			return withAgent(s.countryCode(de.Country), "REB")
		}
	}
	return de.CAMEO
}

// codeOf returns the code a role of the entity of gives its holder: a country's government, an
// organisation's own code.
func (s *state) codeOf(of string) string {
	e, ok := s.c.g.Entity(of)
	if !ok {
		return ""
	}
	if e.Kind == "country" {
		return withAgent(s.countryCode(of), "GOV")
	}
	if e.CAMEO != "" {
		return e.CAMEO
	}
	return withAgent(s.countryCode(e.Country), "GOV")
}

func (s *state) countryCode(id string) string {
	if id == "" {
		return ""
	}
	if e, ok := s.c.g.Entity(id); ok && e.CAMEO != "" {
		return e.CAMEO
	}
	if len(id) == 3 && strings.ToUpper(id) == id {
		return id
	}
	return ""
}

func held(r newsgraph.Role, at time.Time, rolesAt []newsgraph.Role) bool {
	if at.IsZero() {
		return slices.Contains(rolesAt, r) || r.To == ""
	}
	return gazetteer.Held(r, at)
}

func latest(rs []newsgraph.Role) newsgraph.Role {
	best := rs[0]
	for _, r := range rs[1:] {
		if r.To == "" || best.To != "" && r.To > best.To {
			best = r
		}
	}
	return best
}

// withAgent adds an agent code to an actor code: "SYR"+"MIL" = "SYRMIL"; an actor that holds an agent
// already has it replaced ("RUSGOV"+"MIL" = "RUSMIL").
func withAgent(base, ag string) string {
	switch {
	case base == "":
		return ag
	case len(base) == 3:
		return base + ag
	case len(base) >= 6 && isAgentCode(base[3:]) && !strings.HasPrefix(base, "IGO"):
		return base[:3] + ag
	case strings.HasSuffix(base, ag):
		return base
	}
	return base + ag
}

func isAgentCode(c string) bool {
	switch c {
	case "GOV", "MIL", "REB", "OPP", "COP", "MED", "CVL", "SPY", "JUD", "LEG", "GOVMIL", "PTY", "BUS", "NGO":
		return true
	}
	return false
}
