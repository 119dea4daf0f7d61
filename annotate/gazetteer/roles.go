package gazetteer

import (
	"slices"
	"strings"
	"time"
)

// The role vocabulary (newsgraph.Role.Role). The built-in data uses these only; user files may add others.
const (
	RoleHeadOfState           = "head-of-state"      // president, monarch, emir, Iran's Supreme Leader
	RoleHeadOfGovernment      = "head-of-government" // prime minister, chancellor, premier; Iran's president
	RoleForeignMinister       = "foreign-minister"   // also the US Secretary of State, the UK Foreign Secretary, the EU High Representative
	RoleDeputyForeignMinister = "deputy-foreign-minister"
	RoleDefenceMinister       = "defence-minister" // also the US Secretary of Defense
	RoleUNEnvoy               = "un-envoy"         // a special envoy of the UN secretary-general (of UNO; the title says for what)
	RoleLeader                = "leader"           // the head of an organisation, group or party: secretary-general, chairman, emir of a group
)

// Roles lists the role vocabulary, in the order above.
var Roles = []string{
	RoleHeadOfState, RoleHeadOfGovernment, RoleForeignMinister, RoleDeputyForeignMinister, RoleDefenceMinister,
	RoleUNEnvoy, RoleLeader,
}

// titleSpec says which roles a title names: a holder of a primary role always answers to the title; a holder of
// an extra role answers only when the title of the role says so (Iran's president is its head of government).
type titleSpec struct {
	primary, extra []string
}

var (
	hos    = []string{RoleHeadOfState}
	hog    = []string{RoleHeadOfGovernment}
	heads  = []string{RoleHeadOfState, RoleHeadOfGovernment}
	fm     = []string{RoleForeignMinister}
	dfm    = []string{RoleDeputyForeignMinister}
	dm     = []string{RoleDefenceMinister}
	envoy  = []string{RoleUNEnvoy}
	leader = []string{RoleLeader}
)

// titles maps the ways news writes titles, compared by titleKey, to roles.
var titles = map[string]titleSpec{
	"president": {hos, hog}, "head of state": {hos, nil},
	"king": {hos, nil}, "queen": {hos, nil}, "monarch": {hos, nil}, "emir": {hos, nil}, "amir": {hos, nil},
	"sultan": {hos, nil}, "supreme leader": {hos, nil}, "emperor": {hos, nil},

	"prime minister": {hog, nil}, "pm": {hog, nil}, "premier": {hog, nil}, "chancellor": {hog, nil},
	"head of government": {hog, nil},

	"leader": {append(slices.Clone(heads), RoleLeader), nil},

	"foreign minister": {fm, nil}, "fm": {fm, nil}, "foreign affairs minister": {fm, nil},
	"minister of foreign affairs": {fm, nil}, "minister for foreign affairs": {fm, nil},
	"minister of foreign affairs and expatriates": {fm, nil}, "secretary of state": {fm, nil},
	"foreign secretary": {fm, nil}, "top diplomat": {fm, nil}, "chief diplomat": {fm, nil},
	"external affairs minister": {fm, nil}, "minister of external affairs": {fm, nil},
	"high representative": {fm, nil}, "foreign policy chief": {fm, nil},

	"deputy foreign minister": {dfm, nil}, "vice foreign minister": {dfm, nil},
	"deputy minister of foreign affairs": {dfm, nil}, "deputy minister for foreign affairs": {dfm, nil},

	"defence minister": {dm, nil}, "defense minister": {dm, nil}, "minister of defence": {dm, nil},
	"minister of defense": {dm, nil}, "minister for defence": {dm, nil}, "secretary of defense": {dm, nil},
	"defence secretary": {dm, nil}, "defense secretary": {dm, nil}, "secretary of war": {dm, nil},
	"war minister": {dm, nil}, "minister of national defence": {dm, nil}, "minister of national defense": {dm, nil},

	"un envoy": {envoy, nil}, "special envoy": {envoy, nil}, "un special envoy": {envoy, nil},
	"envoy": {envoy, nil}, "un mediator": {envoy, nil},

	"secretary-general": {leader, nil}, "secretary general": {leader, nil}, "chairman": {leader, nil},
	"chair": {leader, nil}, "head": {leader, nil}, "chief": {leader, nil},
}

// titleKey normalises a title: Key, a leading "the" and full stops dropped, hyphens between words kept.
func titleKey(title string) string {
	k := strings.ReplaceAll(Key(title), ".", "")
	k = strings.TrimPrefix(k, "the ")
	return strings.Join(strings.Fields(k), " ")
}

// TitleRole returns the role a title names as news writes it, compared case- and accent-insensitively:
// "foreign minister", "Minister of Foreign Affairs", "FM", "secretary of state", "top diplomat" ->
// foreign-minister; "defence minister", "secretary of defense" -> defence-minister; "president", "king", "emir",
// "supreme leader", "sultan" -> head-of-state; "prime minister", "premier", "chancellor" -> head-of-government;
// "secretary-general", "chairman" -> leader; "UN envoy" -> un-envoy. "leader" returns head-of-state: it names
// heads of government and leaders of groups too, which HoldersByTitle finds. ok is false for a title outside
// the vocabulary ("deputy prime minister").
func TitleRole(title string) (role string, ok bool) {
	s, ok := titles[titleKey(title)]
	if !ok {
		return "", false
	}
	return s.primary[0], true
}

// HoldersByTitle returns the IDs of the entries that held, at the given date, a role of of that title names
// (see TitleRole), ordered by ID. Where the recorded titles of those roles say the title itself, only their
// holders are returned: the "president" of Iran is its head of government, recorded with the title President,
// not the Supreme Leader who is its head of state; the "leader" of Iran is the Supreme Leader. Otherwise the
// holders of the title's roles are returned: the "leader" of Russia is its president and its prime minister.
func (g *Gazetteer) HoldersByTitle(title, of string, at time.Time) []string {
	tk := titleKey(title)
	s, ok := titles[tk]
	if !ok {
		return nil
	}
	var titled, primary []string
	for _, role := range append(slices.Clone(s.primary), s.extra...) {
		isPrimary := slices.Contains(s.primary, role)
		for _, id := range g.byRole[roleKey{role, of}] {
			for _, r := range g.entities[id].Roles {
				if r.Role != role || r.Of != of || !Held(r, at) {
					continue
				}
				if ContainsWords(titleKey(r.Title), tk) {
					titled = appendNew(titled, id)
				}
				if isPrimary {
					primary = appendNew(primary, id)
				}
			}
		}
	}
	out := primary
	if len(titled) > 0 {
		out = titled
	}
	slices.Sort(out)
	return out
}

// ContainsWords reports whether the words of sub occur in s in a row (both single-spaced); an empty sub never does.
func ContainsWords(s, sub string) bool {
	if sub == "" {
		return false
	}
	for i := 0; ; {
		j := strings.Index(s[i:], sub)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(sub)
		if (j == 0 || s[j-1] == ' ') && (end == len(s) || s[end] == ' ') {
			return true
		}
		i = j + 1
	}
}
