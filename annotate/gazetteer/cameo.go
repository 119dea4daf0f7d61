package gazetteer

// CAMEO actor dictionaries, as TABARI and PETRARCH read them (Phoenix.Countries.actors.txt and friends):
//
//	# a comment, to the end of the line; <!-- a comment, possibly over several lines -->
//	SERGEY_LAVROV_  # an actor: its primary name, words joined by '_' or spaces; a trailing '_' is ignored
//	+SERGEI_LAVROV             another name of the actor above
//		[RUSGOV 19940922-20040712] # a code held over a period, dates YYMMDD or YYYYMMDD, both ends included
//		[RUSGOV >20040309]         # a code held from a date on
//		[RUS <911226]              # a code held before a date
//		[RUSELI]                   # the code when no dated code applies
//	UNITED_NATIONS  [IGOUNO]      # codes may follow the name on its line, several in a row
//
// A line opening with '[' or '+' continues the last actor, also after blank lines. The code "---" means "no
// code". A single date without '<' or '>' is read as a start date. {...} forms belong to verb dictionaries and
// are reported as errors here.

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"newsgraph"
)

// cameoRole is the Role.Role of roles read from dated CAMEO codes; Role.Of holds the code.
const cameoRole = "cameo"

type cameoCode struct {
	code     string // "" for the null code "---"
	from, to string // YYYY-MM-DD or ""
	dated    bool
}

type cameoActor struct {
	names []string // display forms, the primary name first
	codes []cameoCode
}

// ReadCAMEO reads a CAMEO actor dictionary (see above). Each actor becomes an entity: ID "cameo:" and its
// primary name in lower case with '-' for spaces, Name the primary name (title-cased when the dictionary writes
// it in upper case, approximately: acronyms it does not know become "Nato"), Aliases the other names, Roles one
// "cameo" role per dated code (Of the code, From and To as YYYY-MM-DD; two-digit years 00-40 are 20xx, others
// 19xx, except the start of a range that would then fall after its end, which is 19xx: the Phoenix dictionaries
// write "[AFGELI 330101-780427]" for 1933-1978; "<d" ends the day before d), and CAMEO the current code: the open-ended dated code that started last,
// else the undated code, else the dated code that ended last. Label, Kind and Country are left empty: the
// dictionaries do not say whether an actor is a person or an organisation. An actor listed twice is one entity.
// Bad lines are skipped and reported in a joined error of *LineError; the rest is read.
func ReadCAMEO(r io.Reader, name string) ([]newsgraph.Entity, error) {
	var (
		actors    []*cameoActor
		byID      = map[string]*cameoActor{}
		cur       *cameoActor
		errs      []error
		lineN     int
		inComment bool
	)
	bad := func(format string, args ...any) {
		errs = append(errs, &LineError{name, lineN, fmt.Sprintf(format, args...)})
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		lineN++
		line := sc.Text()
		if inComment {
			_, after, ok := strings.Cut(line, "-->")
			if !ok {
				continue
			}
			inComment, line = false, after
		}
		line, inComment = stripMarkupComments(line)
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.ContainsAny(line, "{}") {
			bad("{...} forms are not part of actor dictionaries: %q", line)
			continue
		}
		text, codes, cerrs := splitCodes(line)
		for _, err := range cerrs {
			bad("%v", err)
		}
		switch {
		case text == "" || text[0] == '+':
			if cur == nil {
				bad("%q before the first actor", line)
				continue
			}
			if text != "" {
				if n := actorName(text[1:]); n != "" {
					cur.names = append(cur.names, n)
				} else {
					bad("empty alternative name")
				}
			}
			cur.codes = append(cur.codes, codes...)
		default:
			n := actorName(text)
			if n == "" {
				bad("no actor name in %q", line)
				cur = nil
				continue
			}
			id := "cameo:" + strings.ReplaceAll(Key(n), " ", "-")
			if a := byID[id]; a != nil {
				cur = a
			} else {
				cur = &cameoActor{names: []string{n}}
				byID[id] = cur
				actors = append(actors, cur)
			}
			cur.codes = append(cur.codes, codes...)
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("read %s after line %d: %w", name, lineN, err))
	}
	out := make([]newsgraph.Entity, 0, len(actors))
	for _, a := range actors {
		out = append(out, a.entity())
	}
	return out, errors.Join(errs...)
}

// LoadCAMEO reads a CAMEO actor dictionary into g (see ReadCAMEO). An actor whose current code starts with the
// ID of a country g holds ("RUSGOV" and RUS) gets that country.
func (g *Gazetteer) LoadCAMEO(r io.Reader, name string) error {
	es, err := ReadCAMEO(r, name)
	for i := range es {
		if len(es[i].CAMEO) >= 3 {
			if c := g.entities[es[i].CAMEO[:3]]; c != nil && c.Kind == "country" {
				es[i].Country = c.ID
			}
		}
	}
	g.Add(es...)
	return err
}

// stripMarkupComments removes <!-- ... --> comments (and the "<! -- ... -->" slip) from line; open reports a
// comment left open at the end of the line.
func stripMarkupComments(line string) (string, bool) {
	for {
		i := strings.Index(line, "<!")
		if i < 0 {
			return line, false
		}
		j := strings.Index(line[i:], "-->")
		if j < 0 {
			return line[:i], true
		}
		line = line[:i] + " " + line[i+j+3:]
	}
}

// splitCodes splits a line into the text before its first '[' and the codes of its [...] groups. Bad groups
// and stray text after the codes are reported and left out; the rest is returned.
func splitCodes(line string) (string, []cameoCode, []error) {
	i := strings.IndexByte(line, '[')
	if i < 0 {
		if strings.IndexByte(line, ']') >= 0 {
			return strings.ReplaceAll(line, "]", ""), nil, []error{fmt.Errorf("']' without '[' in %q", line)}
		}
		return line, nil, nil
	}
	text := strings.TrimSpace(line[:i])
	var (
		codes []cameoCode
		errs  []error
	)
	rest := line[i:]
	for {
		rest = strings.TrimSpace(rest)
		if rest == "" {
			return text, codes, errs
		}
		if rest[0] != '[' {
			return text, codes, append(errs, fmt.Errorf("text %q after a code (a '#' missing?)", rest))
		}
		j := strings.IndexByte(rest, ']')
		if j < 0 {
			return text, codes, append(errs, fmt.Errorf("unclosed code %q", rest))
		}
		if c, err := parseCode(rest[1:j]); err != nil {
			errs = append(errs, err)
		} else {
			codes = append(codes, c)
		}
		rest = rest[j+1:]
	}
}

// parseCode reads "CODE", "CODE a-b", "CODE >a", "CODE <b" or "CODE a".
func parseCode(s string) (cameoCode, error) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return cameoCode{}, fmt.Errorf("empty code []")
	}
	c := cameoCode{code: strings.ToUpper(f[0])}
	if c.code == "---" {
		c.code = ""
	} else if !validCAMEOCode(c.code) {
		return c, fmt.Errorf("code %q: want letters and digits, '/' between codes, or ---", f[0])
	}
	d := strings.Join(f[1:], "")
	if d == "" {
		return c, nil
	}
	c.dated = true
	var err error
	switch {
	case d[0] == '<':
		var t time.Time
		if t, err = cameoDate(d[1:]); err == nil {
			c.to = t.AddDate(0, 0, -1).Format(time.DateOnly)
		}
	case d[0] == '>':
		c.from, err = cameoDay(d[1:])
	default:
		a, b, ok := strings.Cut(d, "-")
		if c.from, err = cameoDay(a); err == nil && ok {
			c.to, err = cameoDay(b)
			if err == nil && c.from > c.to && len(a) == 6 && c.from[:2] == "20" {
				c.from = "19" + c.from[2:] // "330101-731108": a start before 1941 written with two digits
			}
		}
	}
	if err != nil {
		return c, fmt.Errorf("code [%s]: %w", s, err)
	}
	if c.from != "" && c.to != "" && c.from > c.to {
		return c, fmt.Errorf("code [%s]: starts after it ends", s)
	}
	return c, nil
}

func validCAMEOCode(code string) bool {
	for _, part := range strings.Split(code, "/") {
		if part == "" {
			return false
		}
		for _, r := range part {
			if !('A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
				return false
			}
		}
	}
	return true
}

func cameoDay(s string) (string, error) {
	t, err := cameoDate(s)
	if err != nil {
		return "", err
	}
	return t.Format(time.DateOnly), nil
}

// cameoDate reads YYMMDD (00-40 are 20xx, others 19xx) or YYYYMMDD.
func cameoDate(s string) (time.Time, error) {
	var layout string
	switch len(s) {
	case 6:
		if s[:2] <= "40" {
			s = "20" + s
		} else {
			s = "19" + s
		}
		layout = "20060102"
	case 8:
		layout = "20060102"
	default:
		return time.Time{}, fmt.Errorf("date %q: want YYMMDD or YYYYMMDD", s)
	}
	t, err := time.Parse(layout, s)
	if err != nil || t.Format(layout) != s {
		return time.Time{}, fmt.Errorf("date %q is no calendar date", s)
	}
	return t, nil
}

func (a *cameoActor) entity() newsgraph.Entity {
	e := newsgraph.Entity{
		ID:    "cameo:" + strings.ReplaceAll(Key(a.names[0]), " ", "-"),
		Name:  a.names[0],
		Known: true,
	}
	keys := []string{Key(e.Name)}
	for _, n := range a.names[1:] {
		if k := Key(n); !slices.Contains(keys, k) {
			keys = append(keys, k)
			e.Aliases = append(e.Aliases, n)
		}
	}
	var open, undated, ended *cameoCode
	for i := range a.codes {
		c := &a.codes[i]
		if c.code == "" {
			continue
		}
		if !c.dated {
			if undated == nil {
				undated = c
			}
			continue
		}
		role := newsgraph.Role{Role: cameoRole, Of: c.code, From: c.from, To: c.to}
		if !slices.Contains(e.Roles, role) {
			e.Roles = append(e.Roles, role)
		}
		switch {
		case c.to == "":
			if open == nil || c.from > open.from {
				open = c
			}
		case ended == nil || c.to > ended.to || c.to == ended.to && c.from > ended.from:
			ended = c
		}
	}
	for _, c := range []*cameoCode{open, undated, ended} {
		if c != nil {
			e.CAMEO = c.code
			break
		}
	}
	return e
}

// acronyms stay upper case when a name is title-cased.
var acronyms = map[string]bool{
	"UN": true, "EU": true, "AU": true, "NATO": true, "OPEC": true, "IAEA": true, "UNICEF": true, "UNESCO": true,
	"UNHCR": true, "UNDP": true, "UNFPA": true, "UNRWA": true, "UNEP": true, "UNIFIL": true, "IMF": true,
	"ICC": true, "ICJ": true, "OSCE": true, "ASEAN": true, "OIC": true, "ECOWAS": true, "USA": true, "UAE": true,
	"IRA": true, "PLO": true, "ISIS": true, "ISIL": true, "FARC": true, "ETA": true, "ANC": true, "OAS": true,
	"OAU": true, "SADC": true, "IGAD": true, "NAFTA": true, "ICAO": true, "UNAMA": true, "UNAMID": true,
	"MONUSCO": true, "AQIM": true, "AQAP": true, "ELN": true, "SPLA": true, "SPLM": true, "FAO": true, "ILO": true,
	"WFP": true, "WHO": true, "WTO": true, "IOM": true, "IFAD": true, "OECD": true, "CIA": true, "FBI": true,
}

// particles are lower case inside a title-cased name.
var particles = map[string]bool{
	"of": true, "the": true, "and": true, "for": true, "in": true, "on": true, "at": true, "to": true, "de": true,
	"du": true, "des": true, "del": true, "la": true, "le": true, "el": true, "al": true, "bin": true, "ibn": true,
	"van": true, "von": true, "der": true, "da": true, "dos": true, "y": true,
}

// actorName turns a dictionary name into display form: '_' to spaces, spaces collapsed, title case when it is
// written in upper case.
func actorName(s string) string {
	words := strings.Fields(strings.ReplaceAll(s, "_", " "))
	if strings.ToUpper(s) != s {
		return strings.Join(words, " ")
	}
	for i, w := range words {
		lw := strings.ToLower(w)
		switch {
		case acronyms[w] || strings.ContainsAny(w, ".()") || !strings.ContainsAny(w, "AEIOUY"):
		case i > 0 && particles[lw]:
			words[i] = lw
		case i > 0 && (strings.HasPrefix(lw, "al-") || strings.HasPrefix(lw, "el-")) && len(lw) > 3:
			words[i] = lw[:3] + capitalise(lw[3:])
		default:
			words[i] = capitalise(lw)
		}
	}
	return strings.Join(words, " ")
}

// capitalise upper-cases the first letter of each '-' part of a lower-case word, and the letter after an
// O' or D' prefix.
func capitalise(w string) string {
	parts := strings.Split(w, "-")
	for i, p := range parts {
		r := []rune(p)
		if len(r) == 0 {
			continue
		}
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
		if len(r) > 2 && r[1] == '\'' && (r[0] == 'O' || r[0] == 'D') {
			r[2] = []rune(strings.ToUpper(string(r[2])))[0]
		}
		parts[i] = string(r)
	}
	return strings.Join(parts, "-")
}
