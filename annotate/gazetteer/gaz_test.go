package gazetteer

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"newsgraph"
)

const sample = `# a sample written for this test
[RUS]
kind: country
label: LOC
name: Russia
alias: Russian Federation | RF
demonym: Russian | Russians
capital: moscow
seat: the Kremlin | Kremlin
cameo: RUS

[moscow]
kind: city
label: LOC
name: Moscow
country: RUS
capital-of: RUS

[sergei-lavrov]   # trailing comment
kind: person
label: PER
name: Sergei Lavrov
alias: Sergey Lavrov | Sergei Viktorovich Lavrov
country: RUS
role: foreign-minister | RUS | 2004-03-09 | | Minister of Foreign Affairs
role: leader | RUS
`

func TestParseSample(t *testing.T) {
	es, err := Parse(strings.NewReader(sample), "sample.gaz")
	if err != nil {
		t.Fatalf("Parse(sample) error: %v", err)
	}
	want := []newsgraph.Entity{
		{ID: "RUS", Kind: "country", Label: "LOC", Name: "Russia", Aliases: []string{"Russian Federation", "RF"}, CAMEO: "RUS", Known: true},
		{ID: "moscow", Kind: "city", Label: "LOC", Name: "Moscow", Country: "RUS", Known: true},
		{ID: "sergei-lavrov", Kind: "person", Label: "PER", Name: "Sergei Lavrov",
			Aliases: []string{"Sergey Lavrov", "Sergei Viktorovich Lavrov"}, Country: "RUS", Known: true,
			Roles: []newsgraph.Role{
				{Role: "foreign-minister", Of: "RUS", From: "2004-03-09", Title: "Minister of Foreign Affairs"},
				{Role: "leader", Of: "RUS"},
			}},
	}
	if !reflect.DeepEqual(es, want) {
		t.Errorf("Parse(sample) =\n%+v\nwant\n%+v", es, want)
	}
}

func TestLoadKeepsExtraFacts(t *testing.T) {
	g := New()
	if err := g.Load(strings.NewReader(sample), "sample.gaz"); err != nil {
		t.Fatalf("Load(sample) error: %v", err)
	}
	if got := g.Capital("RUS"); got != "moscow" {
		t.Errorf("Capital(RUS) = %q, want moscow", got)
	}
	if got := g.CapitalOf("moscow"); got != "RUS" {
		t.Errorf("CapitalOf(moscow) = %q, want RUS", got)
	}
	if got := g.Seats("RUS"); !reflect.DeepEqual(got, []string{"the Kremlin", "Kremlin"}) {
		t.Errorf("Seats(RUS) = %q", got)
	}
	if got := g.Demonyms("RUS"); !reflect.DeepEqual(got, []string{"Russian", "Russians"}) {
		t.Errorf("Demonyms(RUS) = %q", got)
	}
	for name, want := range map[string]Candidate{
		"Russians": {ID: "RUS", How: HowDemonym}, "the Kremlin": {ID: "RUS", How: HowSeat},
		"sergey lavrov": {ID: "sergei-lavrov", How: HowAlias}, "MOSCOW": {ID: "moscow", How: HowName},
	} {
		if got := g.Lookup(name); !reflect.DeepEqual(got, []Candidate{want}) {
			t.Errorf("Lookup(%q) = %v, want [%v]", name, got, want)
		}
	}
	if err := g.Check(); err != nil {
		t.Errorf("Check() = %v", err)
	}
}

func TestLoadExtends(t *testing.T) {
	g := New()
	if err := g.Load(strings.NewReader(sample), "sample.gaz"); err != nil {
		t.Fatal(err)
	}
	ext := "[sergei-lavrov]\nalias: Sergej Lawrow\nrole: foreign-minister | RUS | 2004-03-09 | | Minister of Foreign Affairs\n" +
		"[RUS]\nseat: Moscow Kremlin\n"
	if err := g.Load(strings.NewReader(ext), "user.gaz"); err != nil {
		t.Fatalf("Load(extension) error: %v", err)
	}
	e, _ := g.Entity("sergei-lavrov")
	if e.Name != "Sergei Lavrov" || len(e.Roles) != 2 || !strings.Contains(strings.Join(e.Aliases, "|"), "Sergej Lawrow") {
		t.Errorf("extended entry = %+v; want the old name, two roles (the repeat dropped) and the new alias", e)
	}
	if got := g.Lookup("Moscow Kremlin"); len(got) != 1 || got[0].How != HowSeat {
		t.Errorf("Lookup(Moscow Kremlin) = %v, want the seat", got)
	}
	// An entry with no name that extends nothing is an error.
	err := g.Load(strings.NewReader("[nobody]\nalias: No One\n"), "user.gaz")
	var le *LineError
	if !errors.As(err, &le) || le.File != "user.gaz" || le.Line != 1 {
		t.Errorf("Load(nameless new entry) error = %v, want a LineError at user.gaz:1", err)
	}
	if _, ok := g.Entity("nobody"); ok {
		t.Error("a nameless new entry was added")
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		in        string
		lines     []int // the lines reported, in order
		wantGood  int   // entries returned
		errSubstr string
	}{
		{"name: X\n", []int{1}, 0, "before the first"},
		{"[a]\nname: A\ncolour: red\n", []int{3}, 1, "unknown key"},
		{"[a]\nname A\n", []int{2}, 1, "key: value"},
		{"[a b]\nname: A\n[c]\nname: C\n", []int{1}, 1, "bad entry header"},
		{"[a]\nname: A\nlabel: PERSON\n", []int{3}, 1, "label"},
		{"[a]\nname: A\nkind: contry\n", []int{3}, 1, "kind"},
		{"[a]\nname: A\nrole: foreign-minister | RUS | 2004-13-01\n", []int{3}, 1, "date"},
		{"[a]\nname: A\nrole: foreign-minister | RUS | 2010 | 2009\n", []int{3}, 1, "after"},
		{"[a]\nname: A\nrole: foreign-minister\n", []int{3}, 1, "fields"},
		{"[a]\nname: A\nrole: Foreign Minister | RUS\n", []int{3}, 1, "role name"},
		{"[a]\nname: A\nrole: a | b | | | t | extra\n", []int{3}, 1, "fields"},
		{"[a]\nname: A\nalias: B | | C\n", []int{3}, 1, "empty item"},
		{"[a]\nname: A\nname: B\n", []int{3}, 1, "twice"},
		{"[a]\nname: A\ncameo: rus\n", []int{3}, 1, "cameo"},
		{"[a]\nkind: person\nname: A\ndemonym: Aian\n", []int{4}, 1, "demonym"},
		{"[a]\nname: A\nalias:\n", []int{3}, 1, "empty value"},
		{"[a]\nname: A\nalias: \xff\xfe\n", []int{3}, 1, "UTF-8"},
		{"[a]\nname: A\ncolour: red\nlabel: X\n[b]\nname: B\n", []int{3, 4}, 2, "unknown key"},
	} {
		es, err := Parse(strings.NewReader(tc.in), "t.gaz")
		if err == nil {
			t.Errorf("Parse(%q) error = nil, want lines %v", tc.in, tc.lines)
			continue
		}
		var lines []int
		for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
			var le *LineError
			if errors.As(e, &le) {
				lines = append(lines, le.Line)
			}
		}
		if !reflect.DeepEqual(lines, tc.lines) || len(es) != tc.wantGood || !strings.Contains(err.Error(), tc.errSubstr) {
			t.Errorf("Parse(%q) = %d entries, lines %v, error %q; want %d entries, lines %v, error holding %q",
				tc.in, len(es), lines, err, tc.wantGood, tc.lines, tc.errSubstr)
		}
		if !strings.Contains(err.Error(), "t.gaz:") {
			t.Errorf("Parse(%q) error %q does not name the file", tc.in, err)
		}
	}
}

func TestParseBOMAndComments(t *testing.T) {
	in := "\ufeff# comment\n[x]   # the ID\nname: C# Corp   # '#' inside a word is kept\n"
	es, err := Parse(strings.NewReader(in), "t.gaz")
	if err != nil || len(es) != 1 || es[0].ID != "x" || es[0].Name != "C# Corp" {
		t.Errorf("Parse(%q) = %+v, %v; want one entry x named \"C# Corp\"", in, es, err)
	}
}

func TestCheck(t *testing.T) {
	g := New()
	_ = g.Load(strings.NewReader("[a]\nname: A\ncountry: ZZZ\nrole: leader | YYY\n[c]\nname: C\ncapital: nowhere\n"), "t.gaz")
	err := g.Check()
	if err == nil {
		t.Fatal("Check() = nil, want dangling references")
	}
	for _, ref := range []string{`"ZZZ"`, `"YYY"`, `"nowhere"`} {
		if !strings.Contains(err.Error(), ref) {
			t.Errorf("Check() = %q, want it to name %s", err, ref)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(sample)
	f.Add("[a]\nname: A\nrole: x | y | 2020 | 2019 | t\n")
	f.Add("[a\nname:\n:\n[]\n|\n")
	f.Fuzz(func(t *testing.T, in string) {
		es, _ := Parse(strings.NewReader(in), "fuzz.gaz")
		g := New()
		_ = g.Load(strings.NewReader(in), "fuzz.gaz")
		for _, e := range es {
			if !validID(e.ID) {
				t.Errorf("entry with a bad ID %q", e.ID)
			}
			for _, r := range e.Roles {
				if r.From != "" && !validDate(r.From) || r.To != "" && !validDate(r.To) {
					t.Errorf("role with a bad date: %+v", r)
				}
			}
		}
	})
}
