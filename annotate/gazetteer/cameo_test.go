package gazetteer

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"newsgraph"
	"newsgraph/internal/shared"
)

// A dictionary written for this test in the TABARI/PETRARCH actor format.
const cameoSample = `<!-- a comment
# spanning
lines -->
# a line comment
ALPHA_LAND_  [ALP]  # a country
+ALPHA_
+ALPHALAND
BETA_ORGANIZATION	[IGOBET] [ELI]
GAMMA_PERSON_
+G._PERSON
	[ALPGOV 951231-20040101]

	[ALPGOV >040102]
	[ALPELI]
DELTA PERSON [DLT < 200102] [--- > 20010201]
EPSILON_  <!-- inline --> [EPS 19990101 - 19991231]
ZETA_ [zet]
ALPHA_LAND_
+ALPHA_REPUBLIC
OLD_TIMER_ [OLDELI 330101-780427] [OLDGOV 331108-730717]
`

func TestReadCAMEOSample(t *testing.T) {
	es, err := ReadCAMEO(strings.NewReader(cameoSample), "sample.actors.txt")
	if err != nil {
		t.Fatalf("ReadCAMEO(sample) error: %v", err)
	}
	got := map[string]newsgraph.Entity{}
	var ids []string
	for _, e := range es {
		got[e.ID] = e
		ids = append(ids, e.ID)
	}
	wantIDs := []string{"cameo:alpha-land", "cameo:beta-organization", "cameo:gamma-person", "cameo:delta-person",
		"cameo:epsilon", "cameo:zeta", "cameo:old-timer"}
	if !reflect.DeepEqual(ids, wantIDs) {
		t.Fatalf("ReadCAMEO(sample) IDs = %q, want %q", ids, wantIDs)
	}
	for _, tc := range []struct {
		id      string
		want    newsgraph.Entity
		comment string
	}{
		{"cameo:alpha-land", newsgraph.Entity{ID: "cameo:alpha-land", Name: "Alpha Land", Known: true, CAMEO: "ALP",
			Aliases: []string{"Alpha", "Alphaland", "Alpha Republic"}}, "an actor listed twice is one entity"},
		{"cameo:beta-organization", newsgraph.Entity{ID: "cameo:beta-organization", Name: "Beta Organization",
			Known: true, CAMEO: "IGOBET"}, "the first undated code is current"},
		{"cameo:gamma-person", newsgraph.Entity{ID: "cameo:gamma-person", Name: "Gamma Person", Known: true,
			Aliases: []string{"G. Person"}, CAMEO: "ALPGOV", Roles: []newsgraph.Role{
				{Role: "cameo", Of: "ALPGOV", From: "1995-12-31", To: "2004-01-01"},
				{Role: "cameo", Of: "ALPGOV", From: "2004-01-02"},
			}}, "codes on continuation lines, after a blank line; the open-ended code is current"},
		{"cameo:delta-person", newsgraph.Entity{ID: "cameo:delta-person", Name: "Delta Person", Known: true,
			CAMEO: "DLT", Roles: []newsgraph.Role{{Role: "cameo", Of: "DLT", To: "2020-01-01"}}},
			"'<' ends the day before; the null code gives no role"},
		{"cameo:epsilon", newsgraph.Entity{ID: "cameo:epsilon", Name: "Epsilon", Known: true, CAMEO: "EPS",
			Roles: []newsgraph.Role{{Role: "cameo", Of: "EPS", From: "1999-01-01", To: "1999-12-31"}}},
			"an inline comment, spaces around '-', eight-digit dates"},
		{"cameo:zeta", newsgraph.Entity{ID: "cameo:zeta", Name: "Zeta", Known: true, CAMEO: "ZET"}, "lower-case code"},
		{"cameo:old-timer", newsgraph.Entity{ID: "cameo:old-timer", Name: "Old Timer", Known: true, CAMEO: "OLDELI",
			Roles: []newsgraph.Role{
				{Role: "cameo", Of: "OLDELI", From: "1933-01-01", To: "1978-04-27"},
				{Role: "cameo", Of: "OLDGOV", From: "1933-11-08", To: "1973-07-17"},
			}}, "a range start before 1941 in two digits; the code that ended last is current"},
	} {
		if e := got[tc.id]; !reflect.DeepEqual(e, tc.want) {
			t.Errorf("%s (%s):\n got %+v\nwant %+v", tc.id, tc.comment, e, tc.want)
		}
	}
}

func TestReadCAMEOErrors(t *testing.T) {
	for _, tc := range []struct {
		in    string
		lines []int
		n     int // entities
	}{
		{"+ORPHAN\n[X]\nREAL [R]\n", []int{1, 2}, 1},
		{"A [AAA 9900101-991231]\n", []int{1}, 1},
		{"A [AAA 991231-990101]\n", []int{1}, 1},
		{"A [AAA 990231]\n", []int{1}, 1},
		{"A [A+A]\n", []int{1}, 1},
		{"A [AAA] trailing words\n+B\n", []int{1}, 1},
		{"A [AAA\n", []int{1}, 1},
		{"A {B C}\n", []int{1}, 0},
		{"A ]\n", []int{1}, 1},
		{"A []\n", []int{1}, 1},
	} {
		es, err := ReadCAMEO(strings.NewReader(tc.in), "t.txt")
		var lines []int
		if err != nil {
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var le *LineError
				if errors.As(e, &le) {
					lines = append(lines, le.Line)
				}
			}
		}
		if !reflect.DeepEqual(lines, tc.lines) || len(es) != tc.n {
			t.Errorf("ReadCAMEO(%q) = %d entities, error lines %v (%v); want %d, %v", tc.in, len(es), lines, err, tc.n, tc.lines)
		}
	}
}

func TestActorName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"SERGEY_V._LAVROV", "Sergey V. Lavrov"},
		{"BASHAR_AL_ASSAD_", "Bashar al Assad"},
		{"WALID_AL-MUALLEM", "Walid al-Muallem"},
		{"AL-QAEDA", "Al-Qaeda"},
		{"UNITED_NATIONS_SECURITY_COUNCIL", "United Nations Security Council"},
		{"NATO_", "NATO"},
		{"PKK", "PKK"},
		{"ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_", "Aden Abyan Islamic Army (AAIA)"},
		{"O'BRIEN_", "O'Brien"},
		{"UN_Secy_Gen", "UN Secy Gen"},
		{"THE_UNITED_NATIONS_", "The United Nations"},
	} {
		if got := actorName(tc.in); got != tc.want {
			t.Errorf("actorName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLoadCAMEOSetsCountry(t *testing.T) {
	g := New()
	_ = g.Load(strings.NewReader("[RUS]\nkind: country\nlabel: LOC\nname: Russia\n"), "c.gaz")
	if err := g.LoadCAMEO(strings.NewReader("IVAN_IVANOVICH_\n\t[RUSGOV >20040309]\nSOMEONE_ [IGOUNO]\n"), "a.txt"); err != nil {
		t.Fatal(err)
	}
	if e, _ := g.Entity("cameo:ivan-ivanovich"); e.Country != "RUS" || e.CAMEO != "RUSGOV" {
		t.Errorf("LoadCAMEO entity = %+v, want country RUS and CAMEO RUSGOV", e)
	}
	if e, _ := g.Entity("cameo:someone"); e.Country != "" {
		t.Errorf("LoadCAMEO IGO entity got country %q", e.Country)
	}
	if got := g.Lookup("Ivan Ivanovich"); len(got) != 1 {
		t.Errorf("Lookup(Ivan Ivanovich) = %v", got)
	}
}

// TestReadCAMEODictionaries reads the Phoenix and PETRARCH actor dictionaries. Their few bad lines are known
// slips in the files (dates of 7, 9 or 10 digits, a range that ends before it starts, text after a code
// without its '#', a stray ']', the validation suite's deliberate "[+++]"); each is reported with file:line
// and the rest is read.
func TestReadCAMEODictionaries(t *testing.T) {
	dir := shared.Need(t, "data", "events", "cameo", "dictionaries")
	type spot struct {
		id, name, alias, cameo string
		role                   newsgraph.Role // a role it must hold; zero for none
	}
	for _, tc := range []struct {
		file      string
		minActors int
		badLines  []int
		spots     []spot
	}{
		{"PETR.Validate.actors.txt", 100, []int{112}, []spot{
			{"cameo:gollum", "Gollum", "Smeagol", "HOBREB", newsgraph.Role{Role: "cameo", Of: "HOBGOV", From: "1995-06-01", To: "1999-08-15"}},
			{"cameo:sam-gamgee", "Sam Gamgee", "", "HOBELI", newsgraph.Role{Role: "cameo", Of: "ORCHOB", From: "2010-01-09", To: "2010-01-12"}},
			{"cameo:zimbabwe", "Zimbabwe", "", "ZBW", newsgraph.Role{Role: "cameo", Of: "RHO", To: "1979-06-05"}},
			{"cameo:prince-of-dol-amroth", "Prince of Dol Amroth", "", "DOL", newsgraph.Role{}},
			{"cameo:palestinian", "Palestinian", "", "PSE", newsgraph.Role{}},
			{"cameo:international-criminal-police-organization", "International Criminal Police Organization", "Interpol", "IGOCOPITP", newsgraph.Role{}},
			{"cameo:isildur", "Isildur", "", "", newsgraph.Role{}},
		}},
		{"Phoenix.Countries.actors.txt", 15000, []int{2039, 14190, 15346, 18010, 22508, 22519, 43613}, []spot{
			{"cameo:sergey-lavrov", "Sergey Lavrov", "Sergei Lavrov", "RUSGOV", newsgraph.Role{Role: "cameo", Of: "RUSGOV", From: "2004-03-09"}},
			{"cameo:bashar-al-assad", "Bashar al Assad", "", "SYRGOV", newsgraph.Role{Role: "cameo", Of: "SYRGOV", From: "2000-07-17"}},
			{"cameo:russian-federation", "Russian Federation", "Moskva", "RUS", newsgraph.Role{}},
			{"cameo:mohammad-zahir-shah", "Mohammad Zahir Shah", "", "AFGELI", newsgraph.Role{Role: "cameo", Of: "AFGGOV", From: "1933-11-08", To: "1973-07-17"}},
			{"cameo:jabhat-al-nusra", "Jabhat al Nusra", "Nusra Front", "SYRREBMUS", newsgraph.Role{}},
		}},
		{"Phoenix.International.actors.txt", 6000, []int{40, 3696, 3726, 6605}, []spot{
			{"cameo:the-united-nations", "The United Nations", "", "IGOUNO", newsgraph.Role{}},
			{"cameo:kofi-annan", "Kofi Annan", "Kofi Atta Annan", "ELI", newsgraph.Role{Role: "cameo", Of: "IGOUNO", From: "1997-01-01", To: "2006-12-31"}},
			{"cameo:iaea", "IAEA", "", "IGOUNOIAE", newsgraph.Role{}},
			{"cameo:secretary-general-ban-ki-moon", "Secretary-General Ban Ki-Moon", "Ban Ki-Moon", "IGOUNO", newsgraph.Role{Role: "cameo", Of: "IGOUNO", From: "2007-01-01"}},
			{"cameo:a.h.-belo-corporation", "A.H. Belo Corporation", "", "MNCMED", newsgraph.Role{}},
		}},
		{"Phoenix.MilNonState.actors.txt", 900, nil, []spot{
			{"cameo:hezbollah", "Hezbollah", "Hizballah", "LBNREB", newsgraph.Role{}},
			{"cameo:kurdistan-workers'-party", "Kurdistan Workers' Party", "Kurdistan Workers Party", "TURREB", newsgraph.Role{}},
			{"cameo:al-shabaab", "Al-Shabaab", "Harakat al-Shabaab al-Mujahideen", "SOMREB", newsgraph.Role{}},
		}},
	} {
		f, err := os.Open(filepath.Join(dir, tc.file))
		if err != nil {
			t.Errorf("open %s: %v", tc.file, err)
			continue
		}
		es, err := ReadCAMEO(f, tc.file)
		f.Close()
		var bad []int
		if err != nil {
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var le *LineError
				if !errors.As(e, &le) || le.File != tc.file {
					t.Errorf("%s: an error that names no line of the file: %v", tc.file, e)
					continue
				}
				bad = append(bad, le.Line)
			}
		}
		t.Logf("%s: %d actors, %d bad lines", tc.file, len(es), len(bad))
		if len(es) < tc.minActors {
			t.Errorf("%s: %d actors, want at least %d", tc.file, len(es), tc.minActors)
		}
		if !reflect.DeepEqual(bad, tc.badLines) {
			t.Errorf("%s: bad lines %v, want %v (the known slips)\n%v", tc.file, bad, tc.badLines, err)
		}
		byID := map[string]newsgraph.Entity{}
		for _, e := range es {
			if _, dup := byID[e.ID]; dup {
				t.Errorf("%s: ID %s twice", tc.file, e.ID)
			}
			byID[e.ID] = e
			for _, r := range e.Roles {
				if r.Role != cameoRole || r.Of == "" || r.From != "" && !validDate(r.From) || r.To != "" && !validDate(r.To) ||
					r.From != "" && r.To != "" && r.From > r.To {
					t.Errorf("%s: %s has a bad role %+v", tc.file, e.ID, r)
				}
			}
		}
		for _, s := range tc.spots {
			e, ok := byID[s.id]
			if !ok {
				t.Errorf("%s: no entity %s", tc.file, s.id)
				continue
			}
			if e.Name != s.name || e.CAMEO != s.cameo || s.alias != "" && !slices.Contains(e.Aliases, s.alias) ||
				s.role != (newsgraph.Role{}) && !slices.Contains(e.Roles, s.role) {
				t.Errorf("%s: %s = %+v\nwant name %q, CAMEO %q, alias %q, role %+v", tc.file, s.id, e, s.name, s.cameo, s.alias, s.role)
			}
		}
	}
}

func FuzzReadCAMEO(f *testing.F) {
	f.Add(cameoSample)
	f.Add("A [B 991231-000101] [C <1] [D >] [E -]\n+\n[\n]\n<!--")
	f.Add("X_\n\t[ABC 20000229]\n\t[ABC 20010229]\n")
	f.Fuzz(func(t *testing.T, in string) {
		es, _ := ReadCAMEO(strings.NewReader(in), "fuzz.txt")
		seen := map[string]bool{}
		for _, e := range es {
			if !strings.HasPrefix(e.ID, "cameo:") || e.Name == "" || seen[e.ID] {
				t.Errorf("bad or repeated entity %+v", e)
			}
			seen[e.ID] = true
			for _, r := range e.Roles {
				if r.From != "" && !validDate(r.From) || r.To != "" && !validDate(r.To) {
					t.Errorf("role with a bad date %+v", r)
				}
			}
		}
	})
}
