package gazetteer

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestTitleRole(t *testing.T) {
	for _, tc := range []struct {
		title, role string
		ok          bool
	}{
		{"foreign minister", RoleForeignMinister, true},
		{"Foreign Minister", RoleForeignMinister, true},
		{"Minister of Foreign Affairs", RoleForeignMinister, true},
		{"FM", RoleForeignMinister, true},
		{"Secretary of State", RoleForeignMinister, true},
		{"foreign secretary", RoleForeignMinister, true},
		{"top diplomat", RoleForeignMinister, true},
		{"chief diplomat", RoleForeignMinister, true},
		{"the top diplomat", RoleForeignMinister, true},
		{"deputy foreign minister", RoleDeputyForeignMinister, true},
		{"defence minister", RoleDefenceMinister, true},
		{"defense minister", RoleDefenceMinister, true},
		{"Secretary of Defense", RoleDefenceMinister, true},
		{"minister of defence", RoleDefenceMinister, true},
		{"president", RoleHeadOfState, true},
		{"King", RoleHeadOfState, true},
		{"emir", RoleHeadOfState, true},
		{"supreme leader", RoleHeadOfState, true},
		{"sultan", RoleHeadOfState, true},
		{"prime minister", RoleHeadOfGovernment, true},
		{"premier", RoleHeadOfGovernment, true},
		{"chancellor", RoleHeadOfGovernment, true},
		{"leader", RoleHeadOfState, true},
		{"Secretary-General", RoleLeader, true},
		{"UN envoy", RoleUNEnvoy, true},
		{"deputy prime minister", "", false},
		{"foreign", "", false},
		{"", "", false},
	} {
		role, ok := TitleRole(tc.title)
		if role != tc.role || ok != tc.ok {
			t.Errorf("TitleRole(%q) = %q, %v; want %q, %v", tc.title, role, ok, tc.role, tc.ok)
		}
	}
	for _, s := range titles {
		for _, r := range append(slices.Clone(s.primary), s.extra...) {
			if !slices.Contains(Roles, r) {
				t.Errorf("the title table names role %q, which is not in Roles", r)
			}
		}
	}
}

// A small gazetteer, written for this test: a country with a president and a prime minister, and one where
// the president heads the government under a supreme leader.
const rolesSample = `
[AAA]
name: Aland
[BBB]
name: Bland
[p1]
name: Pres One
role: head-of-state | AAA | 2000 | 2010 | President
[pm1]
name: Prem One
role: head-of-government | AAA | 2005 | | Prime Minister
[sl]
name: Supreme One
role: head-of-state | BBB | 1990 | | Supreme Leader
[bp]
name: Bee Pres
role: head-of-government | BBB | 2013-08-03 | 2021-08-03 | President
[grp]
name: Group
[gl]
name: Group Leader
role: leader | grp | 2017 | | Emir
`

func TestHoldersByTitle(t *testing.T) {
	g := New()
	if err := g.Load(strings.NewReader(rolesSample), "roles.gaz"); err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, tc := range []struct {
		title, of, at string
		want          []string
	}{
		{"president", "AAA", "2008-01-01", []string{"p1"}},
		{"president", "AAA", "2011-01-01", nil},
		{"prime minister", "AAA", "2008-01-01", []string{"pm1"}},
		{"premier", "AAA", "2008-01-01", []string{"pm1"}},
		{"leader", "AAA", "2008-01-01", []string{"p1", "pm1"}},
		{"president", "BBB", "2017-11-22", []string{"bp"}},
		{"supreme leader", "BBB", "2017-11-22", []string{"sl"}},
		{"leader", "BBB", "2017-11-22", []string{"sl"}},
		{"president", "BBB", "2022-01-01", []string{"sl"}}, // no one titled President then: the head of state
		{"leader", "grp", "2020-01-01", []string{"gl"}},
		{"foreign minister", "AAA", "2008-01-01", nil},
		{"deputy prime minister", "AAA", "2008-01-01", nil},
	} {
		got := g.HoldersByTitle(tc.title, tc.of, day(tc.at))
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("HoldersByTitle(%q, %q, %s) = %q, want %q", tc.title, tc.of, tc.at, got, tc.want)
		}
	}
}

func TestContainsWords(t *testing.T) {
	for _, tc := range []struct {
		s, sub string
		want   bool
	}{
		{"president", "president", true},
		{"federal president", "president", true},
		{"vice-president", "president", false},
		{"presidential council", "president", false},
		{"supreme leader", "leader", true},
		{"prime minister", "minister", true},
	} {
		if got := ContainsWords(tc.s, tc.sub); got != tc.want {
			t.Errorf("ContainsWords(%q, %q) = %v, want %v", tc.s, tc.sub, got, tc.want)
		}
	}
}
