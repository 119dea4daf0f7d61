package gazetteer

import (
	"bufio"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"newsgraph/internal/shared"
)

// sharedNames lists the names the built-in data deliberately gives to more than one entry.
var sharedNames = map[string]bool{
	"congo":     true, // both Congos
	"congolese": true,
}

func TestBuiltinParsesCleanly(t *testing.T) {
	if err := builtinError(); err != nil {
		t.Fatalf("the built-in data has errors:\n%v", err)
	}
	if err := Default().Check(); err != nil {
		t.Errorf("the built-in data has dangling references:\n%v", err)
	}
}

// TestBuiltinIDsUniquePerFile reads the raw files: Parse merges a repeated ID, which would hide a slip.
func TestBuiltinIDsUniquePerFile(t *testing.T) {
	files, _ := fs.Glob(builtin, "data/*.gaz")
	if len(files) < 4 {
		t.Fatalf("embedded data files = %q, want countries, organisations, groups, leaders", files)
	}
	for _, name := range files {
		f, _ := builtin.Open(name)
		seen := map[string]int{}
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(stripComment(sc.Text()))
			if strings.HasPrefix(line, "[") {
				if first, ok := seen[line]; ok {
					t.Errorf("%s:%d: %s repeats the entry of line %d", name, n, line, first)
				}
				seen[line] = n
			}
		}
		f.Close()
	}
}

func TestBuiltinInvariants(t *testing.T) {
	g := Default()
	for _, e := range g.Entities() {
		if e.Name == "" || e.Kind == "" || e.Label == "" {
			t.Errorf("%s: name, kind and label are required in the built-in data: %+v", e.ID, e)
		}
		if e.Kind == "person" && e.Label != "PER" || e.Kind == "country" && e.Label != "LOC" {
			t.Errorf("%s: kind %s with label %s", e.ID, e.Kind, e.Label)
		}
		if e.Kind == "country" && (len(e.ID) != 3 || strings.ToUpper(e.ID) != e.ID) {
			t.Errorf("%s: a country's ID is its ISO alpha-3 code", e.ID)
		}
		keys := map[string]bool{Key(e.Name): true}
		for _, a := range e.Aliases {
			if keys[Key(a)] {
				t.Errorf("%s: alias %q repeats its name or another alias", e.ID, a)
			}
			keys[Key(a)] = true
		}
		for _, r := range e.Roles {
			if !slices.Contains(Roles, r.Role) {
				t.Errorf("%s: role %q is outside the vocabulary", e.ID, r.Role)
			}
			if r.Title == "" {
				t.Errorf("%s: role %+v has no title", e.ID, r)
			}
			if r.From != "" && r.To != "" {
				n := min(len(r.From), len(r.To))
				if r.From[:n] > r.To[:n] {
					t.Errorf("%s: role %+v ends before it starts", e.ID, r)
				}
			}
			if ent, ok := g.Entity(r.Of); ok && r.Role != RoleLeader && r.Role != RoleUNEnvoy &&
				ent.Kind != "country" && r.Of != "EU" {
				t.Errorf("%s: role %s of %s, which is a %s", e.ID, r.Role, r.Of, ent.Kind)
			}
		}
		if e.Kind == "country" && g.Capital(e.ID) != "" && g.CapitalOf(g.Capital(e.ID)) != e.ID {
			t.Errorf("%s: capital %s is not recorded as the capital of it", e.ID, g.Capital(e.ID))
		}
	}
	// Every name leads back to its entry, and no name is shared except by the allow-list.
	var shared []string
	for k, cs := range g.names {
		if len(cs) > 1 && !sharedNames[k] {
			shared = append(shared, k)
		}
	}
	sort.Strings(shared)
	for _, k := range shared {
		t.Errorf("name %q is shared by %v; add it to sharedNames if that is meant", k, g.names[k])
	}
	for _, e := range g.Entities() {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			found := false
			for _, c := range g.Lookup(n) {
				found = found || c.ID == e.ID
			}
			if !found {
				t.Errorf("Lookup(%q) = %v, want %s among them", n, g.Lookup(n), e.ID)
			}
		}
	}
}

func TestBuiltinHolders(t *testing.T) {
	g := Default()
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, tc := range []struct {
		role, of, at string
		want         []string
	}{
		{"foreign-minister", "RUS", "2024-12-07", []string{"sergei-lavrov"}},
		{"foreign-minister", "RUS", "2003-06-01", []string{"igor-ivanov"}},
		{"head-of-state", "SYR", "2024-12-07", []string{"bashar-al-assad"}},
		{"head-of-state", "SYR", "2025-02-01", []string{"ahmed-al-sharaa"}},
		{"head-of-state", "SYR", "2013-05-01", []string{"bashar-al-assad"}},
		{"foreign-minister", "SYR", "2013-05-01", []string{"walid-al-muallem"}},
		{"foreign-minister", "SYR", "2025-02-01", []string{"asaad-al-shaibani"}},
		{"foreign-minister", "IRN", "2015-07-14", []string{"mohammad-javad-zarif"}},
		{"foreign-minister", "IRN", "2024-12-07", []string{"abbas-araghchi"}},
		{"foreign-minister", "TUR", "2024-12-07", []string{"hakan-fidan"}},
		{"foreign-minister", "TUR", "2017-11-22", []string{"mevlut-cavusoglu"}},
		{"head-of-government", "TUR", "2010-01-01", []string{"recep-tayyip-erdogan"}},
		{"head-of-state", "TUR", "2017-11-22", []string{"recep-tayyip-erdogan"}},
		{"head-of-state", "RUS", "2010-01-01", []string{"dmitry-medvedev"}},
		{"head-of-government", "RUS", "2010-01-01", []string{"vladimir-putin"}},
		{"head-of-state", "RUS", "2017-11-22", []string{"vladimir-putin"}},
		{"head-of-state", "RUS", "2005-06-01", []string{"vladimir-putin"}},
		{"defence-minister", "RUS", "2016-01-01", []string{"sergei-shoigu"}},
		{"defence-minister", "RUS", "2024-12-07", []string{"andrei-belousov"}},
		{"deputy-foreign-minister", "RUS", "2017-11-22", []string{"mikhail-bogdanov", "sergei-ryabkov"}},
		{"head-of-state", "QAT", "2024-12-07", []string{"tamim-bin-hamad-al-thani"}},
		{"head-of-government", "QAT", "2024-12-07", []string{"mohammed-bin-abdulrahman-al-thani"}},
		{"foreign-minister", "QAT", "2024-12-07", []string{"mohammed-bin-abdulrahman-al-thani"}},
		{"foreign-minister", "SAU", "2016-01-01", []string{"adel-al-jubeir"}},
		{"foreign-minister", "SAU", "2024-12-07", []string{"faisal-bin-farhan"}},
		{"foreign-minister", "USA", "2016-01-01", []string{"john-kerry"}},
		{"foreign-minister", "USA", "2017-06-01", []string{"rex-tillerson"}},
		{"foreign-minister", "USA", "2019-06-01", []string{"mike-pompeo"}},
		{"foreign-minister", "USA", "2023-06-01", []string{"antony-blinken"}},
		{"foreign-minister", "USA", "2025-06-01", []string{"marco-rubio"}},
		{"head-of-state", "USA", "2015-06-01", []string{"barack-obama"}},
		{"head-of-state", "USA", "2019-06-01", []string{"donald-trump"}},
		{"head-of-state", "USA", "2023-06-01", []string{"joe-biden"}},
		{"head-of-state", "USA", "2025-06-01", []string{"donald-trump"}},
		{"head-of-government", "IRN", "2017-11-22", []string{"hassan-rouhani"}},
		{"head-of-government", "IRN", "2022-01-01", []string{"ebrahim-raisi"}},
		{"head-of-government", "IRN", "2024-12-07", []string{"masoud-pezeshkian"}},
		{"head-of-state", "IRN", "2017-11-22", []string{"ali-khamenei"}},
		{"un-envoy", "UNO", "2013-01-01", []string{"jamal-benomar", "lakhdar-brahimi"}}, // Yemen and Syria
		{"un-envoy", "UNO", "2016-01-01", []string{"ismail-ould-cheikh-ahmed", "staffan-de-mistura"}},
		{"un-envoy", "UNO", "2012-05-01", []string{"jamal-benomar", "kofi-annan"}},
		{"leader", "UNO", "2020-01-01", []string{"antonio-guterres"}},
		{"leader", "hts", "2020-01-01", []string{"ahmed-al-sharaa"}},
		{"leader", "syrian-national-coalition", "2013-01-01", []string{"moaz-al-khatib"}},
		{"head-of-government", "GBR", "2017-11-22", []string{"theresa-may"}},
		{"head-of-government", "DEU", "2017-11-22", []string{"angela-merkel"}},
		{"head-of-state", "FRA", "2017-11-22", []string{"emmanuel-macron"}},
		{"head-of-state", "CHN", "2017-11-22", []string{"xi-jinping"}},
		{"foreign-minister", "EU", "2017-11-22", []string{"federica-mogherini"}},
	} {
		got := g.Holders(tc.role, tc.of, day(tc.at))
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Holders(%q, %q, %s) = %q, want %q", tc.role, tc.of, tc.at, got, tc.want)
		}
	}
	for _, tc := range []struct {
		title, of, at string
		want          []string
	}{
		{"president", "IRN", "2017-11-22", []string{"hassan-rouhani"}},
		{"supreme leader", "IRN", "2017-11-22", []string{"ali-khamenei"}},
		{"leader", "IRN", "2017-11-22", []string{"ali-khamenei"}},
		{"president", "RUS", "2017-11-22", []string{"vladimir-putin"}},
		{"prime minister", "RUS", "2017-11-22", []string{"dmitry-medvedev"}},
		{"leader", "RUS", "2017-11-22", []string{"dmitry-medvedev", "vladimir-putin"}},
		{"president", "TUR", "2017-11-22", []string{"recep-tayyip-erdogan"}},
		{"prime minister", "TUR", "2017-11-22", []string{"binali-yildirim"}},
		{"president", "SYR", "2017-11-22", []string{"bashar-al-assad"}},
		{"leader", "SYR", "2024-12-20", []string{"ahmed-al-sharaa"}},
		{"president", "USA", "2017-11-22", []string{"donald-trump"}},
		{"secretary of state", "USA", "2017-11-22", []string{"rex-tillerson"}},
		{"foreign minister", "USA", "2017-11-22", []string{"rex-tillerson"}},
		{"top diplomat", "RUS", "2024-12-07", []string{"sergei-lavrov"}},
		{"emir", "QAT", "2024-12-07", []string{"tamim-bin-hamad-al-thani"}},
		{"king", "SAU", "2024-12-07", []string{"king-salman"}},
		{"crown prince", "SAU", "2024-12-07", nil},
		{"chancellor", "DEU", "2024-12-07", []string{"olaf-scholz"}},
		{"premier", "CHN", "2024-12-07", []string{"li-qiang"}},
		{"secretary-general", "UNO", "2024-12-07", []string{"antonio-guterres"}},
	} {
		got := g.HoldersByTitle(tc.title, tc.of, day(tc.at))
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("HoldersByTitle(%q, %q, %s) = %q, want %q", tc.title, tc.of, tc.at, got, tc.want)
		}
	}
}

func TestBuiltinLookup(t *testing.T) {
	g := Default()
	for _, tc := range []struct {
		name string
		want Candidate
	}{
		{"Russian Federation", Candidate{"RUS", HowAlias}},
		{"USA", Candidate{"USA", HowAlias}},
		{"U.S.", Candidate{"USA", HowAlias}},
		{"United States of America", Candidate{"USA", HowAlias}},
		{"Britain", Candidate{"GBR", HowAlias}},
		{"Syrian Arab Republic", Candidate{"SYR", HowAlias}},
		{"Islamic Republic of Iran", Candidate{"IRN", HowAlias}},
		{"Türkiye", Candidate{"TUR", HowAlias}},
		{"Turkiye", Candidate{"TUR", HowAlias}},
		{"DPRK", Candidate{"PRK", HowAlias}},
		{"Côte d'Ivoire", Candidate{"CIV", HowAlias}},
		{"Syrians", Candidate{"SYR", HowDemonym}},
		{"the Kremlin", Candidate{"RUS", HowSeat}},
		{"Downing Street", Candidate{"GBR", HowSeat}},
		{"Elysee", Candidate{"FRA", HowSeat}},
		{"Zhongnanhai", Candidate{"CHN", HowSeat}},
		{"Pentagon", Candidate{"usa-defense-department", HowSeat}},
		{"Foggy Bottom", Candidate{"usa-state-department", HowSeat}},
		{"Doha", Candidate{"doha", HowName}},
		{"Nur-Sultan", Candidate{"astana", HowAlias}},
		{"ISIS", Candidate{"islamic-state", HowAlias}},
		{"Daesh", Candidate{"islamic-state", HowAlias}},
		{"IS", Candidate{"islamic-state", HowAlias}},
		{"HTS", Candidate{"hts", HowAlias}},
		{"Jabhat al-Nusra", Candidate{"nusra-front", HowAlias}},
		{"Ansar Allah", Candidate{"houthis", HowAlias}},
		{"Hizbollah", Candidate{"hezbollah", HowAlias}},
		{"UNSC", Candidate{"UNSC", HowAlias}},
		{"UN", Candidate{"UNO", HowAlias}},
		{"Revolutionary Guards", Candidate{"irgc", HowAlias}},
		{"Sergey Lavrov", Candidate{"sergei-lavrov", HowAlias}},
		{"Walid al-Moualem", Candidate{"walid-al-muallem", HowAlias}},
		{"Abu Mohammad al-Jolani", Candidate{"ahmed-al-sharaa", HowAlias}},
		{"Recep Tayyip Erdogan", Candidate{"recep-tayyip-erdogan", HowName}},
		{"Moaz Alkhatib", Candidate{"moaz-al-khatib", HowAlias}},
	} {
		if got := g.Lookup(tc.name); !reflect.DeepEqual(got, []Candidate{tc.want}) {
			t.Errorf("Lookup(%q) = %v, want [%v]", tc.name, got, tc.want)
		}
	}
	for _, surname := range []string{"Lavrov", "Assad", "Erdogan", "Putin"} {
		if got := g.Lookup(surname); got != nil {
			t.Errorf("Lookup(%q) = %v; surnames alone are left to the entity stage", surname, got)
		}
	}
	if got := g.Capital("SYR"); got != "damascus" {
		t.Errorf("Capital(SYR) = %q", got)
	}
	if got := g.CapitalOf("doha"); got != "QAT" {
		t.Errorf("CapitalOf(doha) = %q", got)
	}
}

// TestCountryCoverage checks the country table against the mledoze/countries list of UN members (read only
// to check; nothing is taken from it): at least 99% of them must be found by name, each as the entry whose ID
// is its alpha-3 code.
func TestCountryCoverage(t *testing.T) {
	path := filepath.Join(shared.Need(t, "data", "gazetteer", "countries"), "countries.json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("skipped: %v", err)
	}
	var list []struct {
		Name struct {
			Common, Official string
		}
		CCA3     string
		UNMember bool
	}
	if err := json.Unmarshal(b, &list); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	g := Default()
	members, found := 0, 0
	for _, c := range list {
		if !c.UNMember {
			continue
		}
		members++
		ok := false
		for _, n := range []string{c.Name.Common, c.Name.Official} {
			for _, cand := range g.Lookup(n) {
				ok = ok || cand.ID == c.CCA3
			}
		}
		if ok {
			found++
		} else {
			t.Logf("not found: %s (%s, %q)", c.CCA3, c.Name.Common, c.Name.Official)
		}
	}
	cover := float64(found) / float64(members)
	t.Logf("UN members found by name or alias: %d of %d (%.1f%%)", found, members, 100*cover)
	if members < 190 || cover < 0.99 {
		t.Errorf("coverage %d of %d UN members, want at least 99%%", found, members)
	}
}

func TestDefaultIsFreshAndFast(t *testing.T) {
	Default() // parse once
	start := time.Now()
	const n = 5
	for range n {
		Default()
	}
	per := time.Since(start) / n
	t.Logf("Default() after the first call: %v", per)
	if per > 50*time.Millisecond {
		t.Errorf("Default() takes %v, want well under 50ms", per)
	}
	a, b := Default(), Default()
	if err := a.Load(strings.NewReader("[RUS]\nalias: Rossiya\n"), "user.gaz"); err != nil {
		t.Fatal(err)
	}
	if b.Lookup("Rossiya") != nil || Default().Lookup("Rossiya") != nil {
		t.Error("Load on one Default() changed another")
	}
	if a.Lookup("Rossiya") == nil {
		t.Error("Load on Default() did not extend it")
	}
}

func BenchmarkDefault(b *testing.B) {
	Default()
	for b.Loop() {
		Default()
	}
}

func BenchmarkMatch(b *testing.B) {
	g := Default()
	words := strings.Fields("Russian Foreign Minister Sergei Lavrov met his Turkish and Iranian counterparts Hakan Fidan and " +
		"Abbas Araghchi in Doha on Saturday as Hayat Tahrir al-Sham fighters advanced on Homs and the United Nations " +
		"Security Council prepared to meet in New York")
	for b.Loop() {
		g.Match(words)
	}
}
