package cluster

import (
	"slices"
	"testing"

	"newsgraph"
)

func TestFromDocument(t *testing.T) {
	text := "Ann Lee met Bo Ray in Oslo. Lee said Ray agreed."
	ents := []newsgraph.DocEntity{
		{Entity: newsgraph.Entity{ID: "x-ann-lee", Name: "Ann Lee", Label: newsgraph.LabelPER}},
		{Entity: newsgraph.Entity{ID: "x-bo-ray", Name: "Bo Ray", Label: newsgraph.LabelPER}},
		{Entity: newsgraph.Entity{ID: "Q585", Name: "Oslo", Label: newsgraph.LabelLOC}},
		{Entity: newsgraph.Entity{ID: "x-unmentioned", Name: "Unmentioned", Label: newsgraph.LabelORG}},
	}
	men := func(entity int, label string) newsgraph.Mention {
		return newsgraph.Mention{Label: label, Kind: newsgraph.MentionName, Entity: entity}
	}
	tests := []struct {
		name     string
		mentions []newsgraph.Mention
		actors   []string
		counts   map[string]int
	}{
		{"most mentioned person", []newsgraph.Mention{men(0, "PER"), men(1, "PER"), men(2, "LOC"), men(0, "PER"), men(2, "LOC"), men(2, "LOC"), men(-1, "PER")},
			[]string{"x-ann-lee"}, map[string]int{"x-ann-lee": 2, "x-bo-ray": 1, "Q585": 3, "x-unmentioned": 1}},
		{"tie to the smaller ID", []newsgraph.Mention{men(1, "PER"), men(0, "PER")},
			[]string{"x-ann-lee"}, map[string]int{"x-ann-lee": 1, "x-bo-ray": 1, "Q585": 1, "x-unmentioned": 1}},
		{"no person", []newsgraph.Mention{men(2, "LOC")}, nil, map[string]int{"x-ann-lee": 1, "x-bo-ray": 1, "Q585": 1, "x-unmentioned": 1}},
	}
	for _, tc := range tests {
		d := &newsgraph.Document{ID: "d1", Title: "T", Text: text, Entities: ents, Mentions: tc.mentions}
		got := FromDocument(d)
		if got.ID != "d1" || got.Text != text || got.Title != "T" || !slices.Equal(got.Actors, tc.actors) {
			t.Errorf("%s: FromDocument = %+v, want actors %v", tc.name, got, tc.actors)
		}
		for id, n := range tc.counts {
			if got.Entities[id] != n || got.Names[id] == "" {
				t.Errorf("%s: FromDocument: Entities[%s] = %d (name %q), want %d", tc.name, id, got.Entities[id], got.Names[id], n)
			}
		}
	}
	if got := FromDocument(&newsgraph.Document{ID: "d2", Text: text}); got.Entities != nil || got.Actors != nil {
		t.Errorf("FromDocument(unannotated) = %+v, want text alone", got)
	}
}

func TestActorConflict(t *testing.T) {
	a, b, c := hash64(kindEntity, "a"), hash64(kindEntity, "b"), hash64(kindEntity, "c")
	set := func(h ...uint64) []uint64 { slices.Sort(h); return h }
	tests := []struct {
		actA, entsA, actB, entsB []uint64
		want                     bool
	}{
		{[]uint64{a}, set(a), []uint64{b}, set(b), true},     // each leaves the other's actor unnamed
		{[]uint64{a}, set(a, b), []uint64{b}, set(b), false}, // A names B's actor
		{[]uint64{a}, set(a), []uint64{b}, set(a, b), false}, // B names A's actor
		{nil, set(c), []uint64{b}, set(b), false},            // no actor: no evidence
		{[]uint64{a}, set(a, c), []uint64{a}, set(a), false}, // same actor
	}
	for _, tc := range tests {
		if got := actorConflict(tc.actA, tc.entsA, tc.actB, tc.entsB); got != tc.want {
			t.Errorf("actorConflict(%v, %v, %v, %v) = %v, want %v", tc.actA, tc.entsA, tc.actB, tc.entsB, got, tc.want)
		}
	}
}

// TestActorBonus: two reports of one kind of happening that share few words join when they name the same main
// actor and stay apart without the bonus.
func TestActorBonus(t *testing.T) {
	d1 := Doc{ID: "1", Text: "Police arrested the singer Mara Quell at the airport on Friday after a long search.",
		Entities: map[string]int{"x-mara": 2}, Actors: []string{"x-mara"}}
	d2 := Doc{ID: "2", Text: "On Friday officers detained Mara Quell as she tried to board a plane, her lawyer said.",
		Entities: map[string]int{"x-mara": 1}, Actors: []string{"x-mara"}}
	for _, tc := range []struct {
		bonus float64
		join  bool
	}{{-1, false}, {0.5, true}} {
		x := New(Options{ActorBonus: tc.bonus, EventThreshold: 0.3})
		x.Add(d1)
		got := x.Add(d2)
		if got.New == tc.join {
			t.Errorf("ActorBonus %.1f: Add(d2) = %+v, want joined %v", tc.bonus, got, tc.join)
		}
	}
}
