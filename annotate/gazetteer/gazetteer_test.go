package gazetteer

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"newsgraph"
)

func TestKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Erdoğan", "erdogan"},
		{"al‑Assad", "al-assad"},
		{"Al–Assad", "al-assad"},
		{"  Gideon   Sa’ar ", "gideon sa'ar"},
		{"Côte d'Ivoire", "cote d'ivoire"},
		{"Yıldırım", "yildirim"},
	} {
		if got := Key(tc.in); got != tc.want {
			t.Errorf("Key(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := Key(Key(tc.in)); got != Key(tc.in) {
			t.Errorf("Key is not idempotent on %q: %q", tc.in, got)
		}
	}
}

func TestAcronymCase(t *testing.T) {
	g := New(
		newsgraph.Entity{ID: "USA", Name: "United States", Aliases: []string{"US", "U.S."}},
		newsgraph.Entity{ID: "NATO", Name: "NATO"},
		newsgraph.Entity{ID: "WHO", Name: "World Health Organization", Aliases: []string{"WHO"}},
		newsgraph.Entity{ID: "TUR", Name: "Turkey"},
	)
	for _, tc := range []struct {
		name string
		want string // the ID found, "" for none
	}{
		{"US", "USA"}, {"us", ""}, {"Us", ""}, {"U.S.", "USA"}, {"u.s.", ""},
		{"NATO", "NATO"}, {"Nato", "NATO"}, {"nato", ""},
		{"WHO", "WHO"}, {"who", ""}, {"Who", ""},
		{"Turkey", "TUR"}, {"turkey", "TUR"}, // Lookup folds case for names that are no acronym
	} {
		got := ""
		if cs := g.Lookup(tc.name); len(cs) > 0 {
			got = cs[0].ID
		}
		if got != tc.want {
			t.Errorf("Lookup(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	words := strings.Fields("let us ask who in Turkey buys turkey from the US and WHO")
	var got []string
	for _, m := range g.Match(words) {
		got = append(got, strings.Join(words[m.Start:m.End], " ")+"="+m.Candidates[0].ID)
	}
	want := []string{"Turkey=TUR", "US=USA", "WHO=WHO"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Match(%q) = %q, want %q", words, got, want)
	}
}

func TestMatchLongestFirst(t *testing.T) {
	g := New(
		newsgraph.Entity{ID: "UNO", Name: "United Nations"},
		newsgraph.Entity{ID: "UNSC", Name: "United Nations Security Council"},
		newsgraph.Entity{ID: "USA", Name: "United States"},
	)
	words := strings.Fields("The United Nations Security Council met as the United States and the United Nations watched")
	var got []string
	for _, m := range g.Match(words) {
		got = append(got, m.Candidates[0].ID)
		if m.Start < 0 || m.End > len(words) || m.Start >= m.End {
			t.Errorf("Match gave a bad range %d:%d", m.Start, m.End)
		}
	}
	if want := []string{"UNSC", "USA", "UNO"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Match(%q) = %q, want %q", words, got, want)
	}
}

func TestCloneIsIndependent(t *testing.T) {
	g := New(newsgraph.Entity{ID: "a", Name: "Alpha", Aliases: []string{"A1"},
		Roles: []newsgraph.Role{{Role: "leader", Of: "b"}}})
	c := g.Clone()
	c.Add(newsgraph.Entity{ID: "a", Aliases: []string{"A2"}, Roles: []newsgraph.Role{{Role: "leader", Of: "c"}}})
	c.AddName("a", "Alphan", HowDemonym)
	if e, _ := g.Entity("a"); len(e.Aliases) != 1 || len(e.Roles) != 1 {
		t.Errorf("the original changed with its clone: %+v", e)
	}
	if g.Lookup("A2") != nil || g.Lookup("Alphan") != nil || g.Demonyms("a") != nil {
		t.Error("the original's index changed with its clone")
	}
	if e, _ := c.Entity("a"); len(e.Aliases) != 2 || len(e.Roles) != 2 {
		t.Errorf("the clone did not take the additions: %+v", e)
	}
	if got := c.Holders("leader", "c", time.Time{}); !reflect.DeepEqual(got, []string{"a"}) {
		t.Errorf("clone Holders(leader, c) = %q", got)
	}
	if got := g.Holders("leader", "c", time.Time{}); got != nil {
		t.Errorf("original Holders(leader, c) = %q, want none", got)
	}
}

func TestHeld(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, tc := range []struct {
		from, to, at string
		want         bool
	}{
		{"2004-03-09", "", "2024-12-07", true},
		{"2004-03-09", "", "2004-03-08", false},
		{"2004-03-09", "", "2004-03-09", true},
		{"2000", "2021", "2021-12-31", true},
		{"2000", "2021", "2022-01-01", false},
		{"2012-09", "2014-05", "2014-05-31", true},
		{"2012-09", "2014-05", "2012-08-31", false},
		{"", "2023-08-23", "2020-01-01", true},
	} {
		r := newsgraph.Role{From: tc.from, To: tc.to}
		if got := Held(r, day(tc.at)); got != tc.want {
			t.Errorf("Held(%s..%s, %s) = %v, want %v", tc.from, tc.to, tc.at, got, tc.want)
		}
	}
}

func TestHeldDuring(t *testing.T) {
	day := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		d, _ := time.Parse(time.DateOnly, s)
		return d
	}
	for _, tc := range []struct {
		from, to, lo, hi string
		want             bool
	}{
		{"2013-08-03", "2021-08-03", "2015-01-01", "2015-12-31", true},
		{"2013-08-03", "2021-08-03", "2021-08-04", "2024-12-07", false},
		{"2013-08-03", "2021-08-03", "2010-01-01", "2013-08-02", false},
		{"2013-08-03", "2021-08-03", "2010-01-01", "2013-08-03", true},
		{"2021", "", "2021-12-31", "2022-01-01", true},
		{"2000", "2021", "2021-12-31", "2022-01-01", true},
		{"2000", "2021", "2022-01-01", "2022-12-31", false},
		{"2004-03-09", "", "", "", true},
		{"2004-03-09", "", "", "2004-03-08", false},
		{"", "2004-03-08", "2004-03-09", "", false},
	} {
		r := newsgraph.Role{From: tc.from, To: tc.to}
		if got := HeldDuring(r, day(tc.lo), day(tc.hi)); got != tc.want {
			t.Errorf("HeldDuring(%s..%s, %s..%s) = %v, want %v", tc.from, tc.to, tc.lo, tc.hi, got, tc.want)
		}
	}
}
