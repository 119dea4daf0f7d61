package gazetteer

// The .gaz format: UTF-8 text, one entry per block, written by hand.
//
//	# a comment: '#' at the start of a line or after a space
//	[RUS]
//	kind: country
//	label: LOC
//	name: Russia
//	alias: Russian Federation | RF
//	demonym: Russian | Russians
//	capital: moscow
//	seat: the Kremlin | Kremlin
//	cameo: RUS
//
//	[sergei-lavrov]
//	kind: person
//	label: PER
//	name: Sergei Lavrov
//	country: RUS
//	role: foreign-minister | RUS | 2004-03-09 | | Minister of Foreign Affairs
//
// "[ID]" opens an entry. The keys:
//
//	kind        one of Kinds
//	label       PER, ORG, LOC, NORP or MISC
//	name        the canonical name
//	alias       other full names, spellings and acronyms, '|' separated; repeatable
//	demonym     for a country or territory: "Russian | Russians"; repeatable; matched with HowDemonym
//	capital     the ID of the country's capital city entry
//	capital-of  the ID of the country a city is the capital of
//	seat        names standing for the government: "the Kremlin"; repeatable; matched with HowSeat
//	country     the ID of the country the entry belongs to
//	cameo       its CAMEO actor code: "RUS", "IGOUNO"
//	role        role | of | from | to | title: a position held; from and to are YYYY, YYYY-MM or YYYY-MM-DD,
//	            an empty to means still held; from, to and title may be left out; repeatable
//
// Unknown keys and malformed lines are errors naming file:line; the rest of the file is still read. An ID met
// again, in the same file or a later one, extends the entry (see Gazetteer.Add), so a user file can add aliases
// or roles to a built-in entry with a block holding only "[ID]" and the new lines.

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"newsgraph"
)

// Kinds lists the values the kind key takes.
var Kinds = []string{
	"country",      // a sovereign or partly recognised state
	"territory",    // a dependent territory: Greenland, Hong Kong
	"city",         // a city or town
	"region",       // a region, province, area or natural place: Crimea, the Gulf, the Golan Heights
	"igo",          // an intergovernmental organisation: the UN, NATO
	"government",   // a body of a government: a ministry, an army, an agency
	"organisation", // any other organisation: an NGO, a company, a court not founded by treaty
	"group",        // an armed or militant group
	"party",        // a political party or movement, an opposition coalition
	"people",       // an ethnic, religious or political group of people (NORP): Kurds, Alawites
	"person",       // a person
	"event",        // a named event: a war, a conference
}

var keys = []string{"kind", "label", "name", "alias", "demonym", "capital", "capital-of", "seat", "country", "cameo", "role"}

var labels = []string{newsgraph.LabelPER, newsgraph.LabelORG, newsgraph.LabelLOC, newsgraph.LabelNORP, newsgraph.LabelMISC}

// LineError is one bad line of an input file.
type LineError struct {
	File string
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// record is one entry as a file states it, with the facts newsgraph.Entity has no field for.
type record struct {
	e                  newsgraph.Entity
	demonyms, seats    []string
	capital, capitalOf string
	line               int // the line of its "[ID]"
}

// Parse reads .gaz text. It returns every entry it could read, in the order of first appearance (an ID met twice
// is one entry), and an error joining a *LineError for every bad line; a bad line is skipped and the rest of its
// entry kept. Demonyms, seats and capitals have no place in newsgraph.Entity and are dropped: Gazetteer.Load
// keeps them. The name is the file name errors cite.
func Parse(r io.Reader, name string) ([]newsgraph.Entity, error) {
	recs, err := parse(r, name)
	out := make([]newsgraph.Entity, len(recs))
	for i, rec := range recs {
		out[i] = rec.e
	}
	return out, err
}

// Load reads .gaz text into g (see Parse). Entries whose ID g already holds are extended, as by Add. An entry
// that has no name and extends nothing is an error, as is a reference (country, capital, role of) that does not
// resolve when Check runs, which Load does not do: files may refer to entries a later file adds.
func (g *Gazetteer) Load(r io.Reader, name string) error {
	recs, err := parse(r, name)
	errs := []error{err}
	for _, rec := range recs {
		if _, ok := g.entities[rec.e.ID]; !ok && rec.e.Name == "" {
			errs = append(errs, &LineError{name, rec.line, fmt.Sprintf("entry %q has no name and extends no entry", rec.e.ID)})
			continue
		}
		g.apply(rec)
	}
	return errors.Join(errs...)
}

func (g *Gazetteer) apply(rec record) {
	g.Add(rec.e)
	id := rec.e.ID
	for _, d := range rec.demonyms {
		g.AddName(id, d, HowDemonym)
	}
	for _, s := range rec.seats {
		g.AddName(id, s, HowSeat)
	}
	// Capitals may name entries not loaded yet, so they are recorded without the check SetCapital makes.
	if rec.capital != "" {
		g.capital[id] = rec.capital
		g.capitalOf[rec.capital] = id
	}
	if rec.capitalOf != "" {
		g.capitalOf[id] = rec.capitalOf
		g.capital[rec.capitalOf] = id
	}
}

// Check reports references that do not resolve: a country, capital, capital-of or role's of naming no entry.
// The error joins one error per bad reference, in ID order; nil when all resolve.
func (g *Gazetteer) Check() error {
	var errs []error
	missing := func(id, field, ref string) {
		if ref != "" && g.entities[ref] == nil {
			errs = append(errs, fmt.Errorf("entry %q: %s %q is no entry", id, field, ref))
		}
	}
	for _, e := range g.Entities() {
		missing(e.ID, "country", e.Country)
		for _, r := range e.Roles {
			if r.Role != cameoRole {
				missing(e.ID, "role "+r.Role+" of", r.Of)
			}
		}
		missing(e.ID, "capital", g.capital[e.ID])
		missing(e.ID, "capital-of", g.capitalOf[e.ID])
	}
	return errors.Join(errs...)
}

func parse(r io.Reader, name string) ([]record, error) {
	var (
		recs      []record
		byID      = map[string]int{} // ID -> index into recs
		cur       = -1               // the entry being read; -1 before the first or after a bad "[ID]"
		seen      map[string]bool    // the single-valued keys the current block has set
		errs      []error
		lineN     int
		badHeader bool // the last "[ID]" line was bad: its lines are skipped silently
	)
	bad := func(format string, args ...any) {
		errs = append(errs, &LineError{name, lineN, fmt.Sprintf(format, args...)})
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		lineN++
		line := sc.Text()
		if lineN == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if !utf8.ValidString(line) {
			bad("invalid UTF-8")
			continue
		}
		line = strings.TrimSpace(stripComment(line))
		if line == "" {
			continue
		}
		if line[0] == '[' {
			id, ok := strings.CutSuffix(line[1:], "]")
			if !ok || !validID(id) {
				bad("bad entry header %q: want [ID], the ID without spaces, brackets, '|' or '#'", line)
				cur, badHeader = -1, true
				continue
			}
			if i, ok := byID[id]; ok {
				cur = i
			} else {
				cur = len(recs)
				byID[id] = cur
				recs = append(recs, record{e: newsgraph.Entity{ID: id, Known: true}, line: lineN})
			}
			seen = map[string]bool{}
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			bad("want \"key: value\" or \"[ID]\", got %q", line)
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if cur < 0 {
			if !badHeader {
				bad("%q before the first [ID]", line)
			}
			continue // the bad header was reported
		}
		rec := &recs[cur]
		if !slices.Contains(keys, key) {
			bad("unknown key %q", key)
			continue
		}
		if val == "" {
			bad("%s: empty value", key)
			continue
		}
		switch key {
		case "kind", "label", "name", "country", "capital", "capital-of", "cameo":
			if seen[key] {
				bad("%s given twice in one entry", key)
				continue
			}
			seen[key] = true
		}
		switch key {
		case "kind":
			if !slices.Contains(Kinds, val) {
				bad("kind %q is none of %s", val, strings.Join(Kinds, ", "))
				continue
			}
			if rec.e.Kind != "" && rec.e.Kind != val {
				bad("kind %q contradicts kind %q given earlier", val, rec.e.Kind)
				continue
			}
			if len(rec.demonyms) > 0 && !demonymKind(val) {
				bad("kind %s cannot have demonyms", val)
				continue
			}
			rec.e.Kind = val
		case "label":
			if !slices.Contains(labels, val) {
				bad("label %q is none of %s", val, strings.Join(labels, " "))
				continue
			}
			rec.e.Label = val
		case "name":
			if strings.Contains(val, "|") {
				bad("name %q holds '|': give other names as alias", val)
				continue
			}
			rec.e.Name = val
		case "alias", "demonym", "seat":
			names, ok := splitList(val)
			if !ok {
				bad("%s %q has an empty item", key, val)
				continue
			}
			switch key {
			case "alias":
				rec.e.Aliases = appendNew(rec.e.Aliases, names...)
			case "demonym":
				if rec.e.Kind != "" && !demonymKind(rec.e.Kind) {
					bad("demonym on an entry of kind %s: only countries and territories have demonyms", rec.e.Kind)
					continue
				}
				rec.demonyms = appendNew(rec.demonyms, names...)
			case "seat":
				rec.seats = appendNew(rec.seats, names...)
			}
		case "country", "capital", "capital-of":
			if !validID(val) {
				bad("%s %q is not an ID", key, val)
				continue
			}
			switch key {
			case "country":
				rec.e.Country = val
			case "capital":
				rec.capital = val
			case "capital-of":
				rec.capitalOf = val
			}
		case "cameo":
			if !validCAMEO(val) {
				bad("cameo %q: want a code of 3 or more upper-case letters and digits", val)
				continue
			}
			rec.e.CAMEO = val
		case "role":
			role, err := parseRole(val)
			if err != nil {
				bad("role %q: %v", val, err)
				continue
			}
			if !slices.Contains(rec.e.Roles, role) {
				rec.e.Roles = append(rec.e.Roles, role)
			}
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("read %s after line %d: %w", name, lineN, err))
	}
	return recs, errors.Join(errs...)
}

// stripComment cuts line at a '#' that starts it or follows a space or tab.
func stripComment(line string) string {
	for i := 0; i < len(line); i++ {
		if line[i] == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
			return line[:i]
		}
	}
	return line
}

func demonymKind(kind string) bool { return kind == "country" || kind == "territory" }

func validID(id string) bool {
	if id == "" {
		return false
	}
	for _, r := range id {
		if unicode.IsSpace(r) || !unicode.IsPrint(r) || strings.ContainsRune("[]|#", r) {
			return false
		}
	}
	return true
}

func validCAMEO(code string) bool {
	if len(code) < 3 {
		return false
	}
	for _, r := range code {
		if !('A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

func splitList(val string) ([]string, bool) {
	parts := strings.Split(val, "|")
	for i, p := range parts {
		parts[i] = strings.Join(strings.Fields(p), " ")
		if parts[i] == "" {
			return nil, false
		}
	}
	return parts, true
}

func appendNew(list []string, items ...string) []string {
	for _, it := range items {
		if !slices.Contains(list, it) {
			list = append(list, it)
		}
	}
	return list
}

// parseRole reads "role | of | from | to | title"; from, to and title may be left out.
func parseRole(val string) (newsgraph.Role, error) {
	f := strings.Split(val, "|")
	if len(f) < 2 || len(f) > 5 {
		return newsgraph.Role{}, fmt.Errorf("want role | of | from | to | title, got %d fields", len(f))
	}
	for len(f) < 5 {
		f = append(f, "")
	}
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	r := newsgraph.Role{Role: f[0], Of: f[1], From: f[2], To: f[3], Title: strings.Join(strings.Fields(f[4]), " ")}
	if !validRoleName(r.Role) {
		return r, fmt.Errorf("role name %q: want lower-case letters, digits and '-'", r.Role)
	}
	if !validID(r.Of) {
		return r, fmt.Errorf("of %q is not an ID", r.Of)
	}
	for _, d := range []string{r.From, r.To} {
		if d != "" && !validDate(d) {
			return r, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", d)
		}
	}
	if r.From != "" && r.To != "" {
		n := min(len(r.From), len(r.To))
		if r.From[:n] > r.To[:n] {
			return r, fmt.Errorf("from %s is after to %s", r.From, r.To)
		}
	}
	return r, nil
}

func validRoleName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// validDate reports whether d is a real date written YYYY, YYYY-MM or YYYY-MM-DD.
func validDate(d string) bool {
	layout := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}[len(d)]
	if layout == "" {
		return false
	}
	t, err := time.Parse(layout, d)
	return err == nil && t.Format(layout) == d
}
