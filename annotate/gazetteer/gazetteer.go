// Package gazetteer holds what newsgraph knows about named entities before it reads a word: countries with their
// aliases, demonyms, capitals and seats of power; international organisations; armed and political groups; and
// leaders with dated roles. It finds those names in token sequences and answers who held a role at a date.
package gazetteer

import (
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

// Gazetteer is an in-memory set of entries indexed by name. It is safe for concurrent reads; Add must not run
// concurrently with anything else.
type Gazetteer struct {
	entities map[string]*newsgraph.Entity
	names    map[string][]Candidate // Key(name) -> candidates
	maxWords int                    // the longest name in words
	demonyms map[string][]string    // entity ID -> its demonyms, for callers that render them
}

// New returns a gazetteer holding entities. See Add for how entries with one ID combine.
func New(entities ...newsgraph.Entity) *Gazetteer {
	g := &Gazetteer{
		entities: map[string]*newsgraph.Entity{},
		names:    map[string][]Candidate{},
		demonyms: map[string][]string{},
	}
	g.Add(entities...)
	return g
}

// Add adds entries. An entry whose ID is already present replaces its scalar fields when they are set and adds
// its aliases and roles to the existing ones, so a user file can extend a built-in entry by naming its ID.
func (g *Gazetteer) Add(entities ...newsgraph.Entity) {
	for _, e := range entities {
		old, ok := g.entities[e.ID]
		if !ok {
			e := e
			e.Known = true
			g.entities[e.ID] = &e
			g.index(e.Name, e.ID, HowName)
			for _, a := range e.Aliases {
				g.index(a, e.ID, HowAlias)
			}
			continue
		}
		if e.Name != "" && e.Name != old.Name {
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
			old.Aliases = append(old.Aliases, a)
			g.index(a, e.ID, HowAlias)
		}
		old.Roles = append(old.Roles, e.Roles...)
	}
}

// AddName indexes one more name for an entry that is already present: a demonym ("Russian") or a seat of power
// ("the Kremlin"). It reports whether the entry exists.
func (g *Gazetteer) AddName(id, name string, how How) bool {
	if _, ok := g.entities[id]; !ok {
		return false
	}
	if how == HowDemonym {
		g.demonyms[id] = append(g.demonyms[id], name)
	}
	g.index(name, id, how)
	return true
}

func (g *Gazetteer) index(name, id string, how How) {
	words := strings.Fields(name)
	if len(words) == 0 {
		return
	}
	k := Key(name)
	for _, c := range g.names[k] {
		if c.ID == id {
			return
		}
	}
	g.names[k] = append(g.names[k], Candidate{ID: id, How: how})
	if len(words) > g.maxWords {
		g.maxWords = len(words)
	}
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

// Lookup returns the entries a whole name may refer to, compared by Key; nil when none.
func (g *Gazetteer) Lookup(name string) []Candidate { return g.names[Key(name)] }

// Match finds names in a token sequence, longest first and left to right; matches do not overlap.
func (g *Gazetteer) Match(words []string) []Match {
	var out []Match
	for i := 0; i < len(words); {
		found := false
		for n := min(g.maxWords, len(words)-i); n > 0; n-- {
			if cs := g.names[Key(strings.Join(words[i:i+n], " "))]; len(cs) > 0 {
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
	for id, e := range g.entities {
		for _, r := range e.Roles {
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

// Key normalises a name for lookup: NFKC, lower case, diacritics removed, typographic apostrophes and dashes
// folded, spaces collapsed. "Erdoğan" and "erdogan", "al‑Assad" and "Al-Assad" share a key.
func Key(name string) string {
	name = norm.NFD.String(name)
	var b strings.Builder
	b.Grow(len(name))
	space := false
	for _, r := range name {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == '\u2018' || r == '\u2019' || r == '`' || r == '\u00b4':
			r = '\''
		case r == '\u2010' || r == '\u2011' || r == '\u2012' || r == '\u2013' || r == '\u2014':
			r = '-'
		case r == 'ı':
			r = 'i'
		}
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
