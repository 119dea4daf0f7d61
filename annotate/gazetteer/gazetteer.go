// Package gazetteer holds what newsgraph knows about named entities before it reads a word: countries with their
// aliases, demonyms, capitals and seats of power; international organisations; armed and political groups; and
// leaders with dated roles. It finds those names in token sequences and answers who held a role at a date.
package gazetteer

import (
	"maps"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"newsgraph"
)

// How says which field of an entry a name matched.
type How string

// The fields a name can match.
const (
	HowName    How = "name"    // the entry's canonical name
	HowAlias   How = "alias"   // one of its aliases
	HowDemonym How = "demonym" // a demonym of a country ("Russian"); the mention is NORP
	HowSeat    How = "seat"    // a seat of power standing for a government ("the Kremlin")
)

// Candidate is an entry a name may refer to.
type Candidate struct {
	ID  string
	How How
}

// Match is a run of tokens, Words[Start:End], that spells a name in the gazetteer.
type Match struct {
	Start, End int
	Candidates []Candidate // at least one; entries sharing the name ("Georgia") all appear
}

// Gazetteer is an in-memory set of entries indexed by name. It is safe for concurrent reads; Add, AddName, Load
// and LoadCAMEO must not run concurrently with anything else.
type Gazetteer struct {
	entities  map[string]*newsgraph.Entity
	names     map[string][]Candidate // Key(name) -> candidates
	cased     map[string][]caseRule  // Key(name) -> the case rule of each of names[Key(name)], when one has one
	maxWords  int                    // the longest name in words
	firstMax  map[string]int         // Key of a name's first word -> the longest such name in words
	demonyms  map[string][]string    // entity ID -> its demonyms, for callers that render them
	seats     map[string][]string    // entity ID -> the seats of power standing for it
	capital   map[string]string      // country ID -> its capital's ID
	capitalOf map[string]string      // city ID -> the ID of the country it is the capital of
	byRole    map[roleKey][]string   // (role, of) -> IDs of entries that ever held it, in the order added
}

type roleKey struct{ role, of string }

// New returns a gazetteer holding entities. See Add for how entries with one ID combine.
func New(entities ...newsgraph.Entity) *Gazetteer {
	g := &Gazetteer{
		entities:  map[string]*newsgraph.Entity{},
		names:     map[string][]Candidate{},
		cased:     map[string][]caseRule{},
		firstMax:  map[string]int{},
		demonyms:  map[string][]string{},
		seats:     map[string][]string{},
		capital:   map[string]string{},
		capitalOf: map[string]string{},
		byRole:    map[roleKey][]string{},
	}
	g.Add(entities...)
	return g
}

// Clone returns a deep copy of g: adding to either leaves the other unchanged.
func (g *Gazetteer) Clone() *Gazetteer {
	c := &Gazetteer{
		entities:  make(map[string]*newsgraph.Entity, len(g.entities)),
		names:     make(map[string][]Candidate, len(g.names)),
		cased:     make(map[string][]caseRule, len(g.cased)),
		maxWords:  g.maxWords,
		firstMax:  maps.Clone(g.firstMax),
		demonyms:  cloneLists(g.demonyms),
		seats:     cloneLists(g.seats),
		capital:   maps.Clone(g.capital),
		capitalOf: maps.Clone(g.capitalOf),
		byRole:    make(map[roleKey][]string, len(g.byRole)),
	}
	for id, e := range g.entities {
		e := *e
		e.Aliases = slices.Clip(slices.Clone(e.Aliases))
		e.Roles = slices.Clip(slices.Clone(e.Roles))
		c.entities[id] = &e
	}
	for k, v := range g.names {
		c.names[k] = slices.Clip(slices.Clone(v))
	}
	for k, v := range g.cased {
		c.cased[k] = slices.Clip(slices.Clone(v))
	}
	for k, v := range g.byRole {
		c.byRole[k] = slices.Clip(slices.Clone(v))
	}
	return c
}

func cloneLists(m map[string][]string) map[string][]string {
	c := make(map[string][]string, len(m))
	for k, v := range m {
		c[k] = slices.Clip(slices.Clone(v))
	}
	return c
}

// Add adds entries. An entry whose ID is already present replaces its scalar fields when they are set and adds
// its aliases and roles to the existing ones (skipping exact repeats), so a user file can extend a built-in entry
// by naming its ID. The entities' slices are copied, never retained.
func (g *Gazetteer) Add(entities ...newsgraph.Entity) {
	for _, e := range entities {
		old, ok := g.entities[e.ID]
		if !ok {
			e := e
			e.Known = true
			e.Aliases = nil
			e.Roles = nil
			old = &e
			g.entities[e.ID] = old
			g.index(e.Name, e.ID, HowName)
		} else if e.Name != "" && e.Name != old.Name {
			old.Name = e.Name
			g.index(e.Name, e.ID, HowName)
		}
		for _, f := range []struct{ dst, src *string }{
			{&old.Label, &e.Label}, {&old.Kind, &e.Kind}, {&old.Country, &e.Country}, {&old.CAMEO, &e.CAMEO},
		} {
			if *f.src != "" {
				*f.dst = *f.src
			}
		}
		for _, a := range e.Aliases {
			if a == old.Name || slices.Contains(old.Aliases, a) {
				continue
			}
			old.Aliases = append(old.Aliases, a)
			g.index(a, e.ID, HowAlias)
		}
		for _, r := range e.Roles {
			if slices.Contains(old.Roles, r) {
				continue
			}
			old.Roles = append(old.Roles, r)
			k := roleKey{r.Role, r.Of}
			if !slices.Contains(g.byRole[k], e.ID) {
				g.byRole[k] = append(g.byRole[k], e.ID)
			}
		}
	}
}

// AddName indexes one more name for an entry that is already present: a demonym ("Russian") or a seat of power
// ("the Kremlin"). It reports whether the entry exists.
func (g *Gazetteer) AddName(id, name string, how How) bool {
	if _, ok := g.entities[id]; !ok {
		return false
	}
	switch how {
	case HowDemonym:
		if !slices.Contains(g.demonyms[id], name) {
			g.demonyms[id] = append(g.demonyms[id], name)
		}
	case HowSeat:
		if !slices.Contains(g.seats[id], name) {
			g.seats[id] = append(g.seats[id], name)
		}
	}
	g.index(name, id, how)
	return true
}

func (g *Gazetteer) index(name, id string, how How) {
	k := Key(name)
	words := strings.Split(k, " ")
	if k == "" {
		return
	}
	for _, c := range g.names[k] {
		if c.ID == id {
			return
		}
	}
	rule := ruleOf(name)
	if rule != anyCase || g.cased[k] != nil {
		if g.cased[k] == nil {
			g.cased[k] = make([]caseRule, len(g.names[k]))
		}
		g.cased[k] = append(g.cased[k], rule)
	}
	g.names[k] = append(g.names[k], Candidate{ID: id, How: how})
	g.maxWords = max(g.maxWords, len(words))
	g.firstMax[words[0]] = max(g.firstMax[words[0]], len(words))
}

// caseRule says how the case of a text must agree with an all-capitals name for the name to match. Names
// compare by Key, which folds case; without the rule the acronyms "US", "IS", "WHO" and "UN" would match the
// words "us", "is", "who" and "un".
type caseRule uint8

const (
	anyCase   caseRule = iota // any text with the name's Key
	upperOnly                 // a text with no lower-case letter: "US", "U.S." (names of up to 3 letters)
	notLower                  // a text with an upper-case letter: "NATO", "Nato", not "nato" (longer names)
)

// ruleOf returns the case rule of a name: a single word with capitals and no lower-case letter is an acronym.
func ruleOf(name string) caseRule {
	if strings.ContainsFunc(name, unicode.IsSpace) || strings.ContainsFunc(name, unicode.IsLower) ||
		!strings.ContainsFunc(name, unicode.IsUpper) {
		return anyCase
	}
	letters := 0
	for _, r := range name {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters <= 3 {
		return upperOnly
	}
	return notLower
}

func (r caseRule) allows(text string) bool {
	switch r {
	case upperOnly:
		return !strings.ContainsFunc(text, unicode.IsLower)
	case notLower:
		return strings.ContainsFunc(text, unicode.IsUpper)
	}
	return true
}

// candidates returns the candidates for key k whose case rule text meets.
func (g *Gazetteer) candidates(k, text string) []Candidate {
	cs := g.names[k]
	rules := g.cased[k]
	if rules == nil {
		return cs
	}
	var out []Candidate
	for i, c := range cs {
		if rules[i].allows(text) {
			out = append(out, c)
		}
	}
	return out
}

// Len returns the number of entries.
func (g *Gazetteer) Len() int { return len(g.entities) }

// Entity returns the entry with the given ID. The returned value is a copy.
func (g *Gazetteer) Entity(id string) (newsgraph.Entity, bool) {
	e, ok := g.entities[id]
	if !ok {
		return newsgraph.Entity{}, false
	}
	c := *e
	return c, true
}

// Entities returns every entry, ordered by ID.
func (g *Gazetteer) Entities() []newsgraph.Entity {
	out := make([]newsgraph.Entity, 0, len(g.entities))
	for _, e := range g.entities {
		out = append(out, *e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Demonyms returns the demonyms indexed for an entry.
func (g *Gazetteer) Demonyms(id string) []string { return g.demonyms[id] }

// Seats returns the seats of power indexed for an entry ("the Kremlin" for RUS), nil when none.
func (g *Gazetteer) Seats(id string) []string { return g.seats[id] }

// Capital returns the ID of a country's capital city, "" when unknown.
func (g *Gazetteer) Capital(countryID string) string { return g.capital[countryID] }

// CapitalOf returns the ID of the country whose capital the city is, "" when it is none.
func (g *Gazetteer) CapitalOf(cityID string) string { return g.capitalOf[cityID] }

// SetCapital records that city is the capital of country. Both entries must be present; it reports whether
// they are. A country has one capital: setting another replaces it.
func (g *Gazetteer) SetCapital(country, city string) bool {
	if g.entities[country] == nil || g.entities[city] == nil {
		return false
	}
	if old := g.capital[country]; old != "" && old != city {
		delete(g.capitalOf, old)
	}
	g.capital[country] = city
	g.capitalOf[city] = country
	return true
}

// Lookup returns the entries a whole name may refer to, compared by Key; nil when none. An all-capitals name of
// one word is an acronym and matches only a text in capitals ("US", not "us"; "NATO" or "Nato", not "nato").
func (g *Gazetteer) Lookup(name string) []Candidate { return g.candidates(Key(name), name) }

// Match finds names in a token sequence, longest first and left to right; matches do not overlap. Case is
// folded except for acronyms, as in Lookup, and a run of words none of which holds a capital letter matches
// nothing: "turkey" and "male" are no country and no city, "Turkey" and "Malé" are.
func (g *Gazetteer) Match(words []string) []Match {
	var out []Match
	keys := make([]string, len(words))
	upper := make([]int, len(words)+1) // upper[i]: how many of words[:i] hold an upper-case letter
	for i, w := range words {
		keys[i] = Key(w)
		upper[i+1] = upper[i]
		if strings.ContainsFunc(w, unicode.IsUpper) {
			upper[i+1]++
		}
	}
	for i := 0; i < len(words); {
		found := false
		first, _, _ := strings.Cut(keys[i], " ")
		for n := min(g.firstMax[first], len(words)-i); n > 0; n-- {
			if upper[i+n] == upper[i] {
				continue // names are capitalised: "turkey", "chad" and "male" name nothing
			}
			k := strings.Join(keys[i:i+n], " ")
			cs := g.names[k]
			if len(cs) > 0 && g.cased[k] != nil {
				cs = g.candidates(k, strings.Join(words[i:i+n], " "))
			}
			if len(cs) > 0 {
				out = append(out, Match{Start: i, End: i + n, Candidates: cs})
				i += n
				found = true
				break
			}
		}
		if !found {
			i++
		}
	}
	return out
}

// Holders returns the IDs of the entries that held role (for example "foreign-minister") of the entry of (for
// example "RUS") at the given date, ordered by ID.
func (g *Gazetteer) Holders(role, of string, at time.Time) []string {
	var out []string
	for _, id := range g.byRole[roleKey{role, of}] {
		for _, r := range g.entities[id].Roles {
			if r.Role == role && r.Of == of && Held(r, at) {
				out = append(out, id)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// RolesAt returns the roles of e held at the given date. With a zero date it returns the roles held now,
// that is, those with no end.
func RolesAt(e newsgraph.Entity, at time.Time) []newsgraph.Role {
	var out []newsgraph.Role
	for _, r := range e.Roles {
		if Held(r, at) {
			out = append(out, r)
		}
	}
	return out
}

// Held reports whether r was held at the given date. Dates compare at the precision written: a role "to 2021"
// was held on any day of 2021. With a zero date, Held reports whether the role is current (has no end).
func Held(r newsgraph.Role, at time.Time) bool {
	if at.IsZero() {
		return r.To == ""
	}
	d := at.Format("2006-01-02")
	if r.From != "" && d[:min(len(r.From), len(d))] < r.From {
		return false
	}
	if r.To != "" && d[:min(len(r.To), len(d))] > r.To {
		return false
	}
	return true
}

// HeldDuring reports whether r was held at some time between from and to, inclusive, comparing at the precision
// the role's dates are written (as Held does). A zero from or to leaves that end of the period open.
func HeldDuring(r newsgraph.Role, from, to time.Time) bool {
	if !to.IsZero() && r.From != "" {
		if d := to.Format("2006-01-02"); d[:min(len(r.From), len(d))] < r.From {
			return false
		}
	}
	if !from.IsZero() && r.To != "" {
		if d := from.Format("2006-01-02"); d[:min(len(r.To), len(d))] > r.To {
			return false
		}
	}
	return true
}

// Key normalises a name for lookup: diacritics removed, then newsgraph.NormalizeText (NFKC, lower case,
// typographic apostrophes and dashes folded, spaces collapsed). "Erdoğan" and "erdogan", "al‑Assad" and
// "Al-Assad" share a key.
func Key(name string) string { return newsgraph.NormalizeText(stripMarks(name)) }

// stripMarks removes combining marks (after canonical decomposition), and folds the dotless i and the
// backtick and acute accent used as apostrophes.
func stripMarks(name string) string {
	plain := true
	for i := 0; i < len(name); i++ {
		if c := name[i]; c >= 0x80 || c == '`' {
			plain = false
			break
		}
	}
	if plain {
		return name
	}
	var b strings.Builder
	b.Grow(len(name))
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == '`' || r == '\u00b4':
			r = '\''
		case r == 'ı':
			r = 'i'
		}
		b.WriteRune(r)
	}
	return b.String()
}
