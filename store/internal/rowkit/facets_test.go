package rowkit

import (
	"slices"
	"testing"

	"newsgraph"
)

func TestFoldFacets(t *testing.T) {
	var f newsgraph.Facets
	FoldFacets(&f, []FacetGroup{
		{"b.example", "en", "2024-02", 2},
		{"a.example", "en", "", 3},
		{"a.example", "fr", "2024-01", 1},
		{"b.example", "en", "2024-01", 1},
	})
	if f.Total != 7 {
		t.Errorf("Total = %d, want 7", f.Total)
	}
	// Largest first, ties by key; months in order, undated left out.
	if want := []newsgraph.Count{{Key: "a.example", N: 4}, {Key: "b.example", N: 3}}; !slices.Equal(f.Sites, want) {
		t.Errorf("Sites = %v, want %v", f.Sites, want)
	}
	if want := []newsgraph.Count{{Key: "en", N: 6}, {Key: "fr", N: 1}}; !slices.Equal(f.Languages, want) {
		t.Errorf("Languages = %v, want %v", f.Languages, want)
	}
	if want := []newsgraph.Count{{Key: "2024-01", N: 2}, {Key: "2024-02", N: 2}}; !slices.Equal(f.Months, want) {
		t.Errorf("Months = %v, want %v", f.Months, want)
	}
}

func TestTopCounts(t *testing.T) {
	m := map[string]int{"c": 2, "a": 2, "b": 5, "d": 1}
	if got, want := TopCounts(m, 3), []newsgraph.Count{{Key: "b", N: 5}, {Key: "a", N: 2}, {Key: "c", N: 2}}; !slices.Equal(got, want) {
		t.Errorf("TopCounts(%v, 3) = %v, want %v", m, got, want)
	}
	if got := TopCounts(m, 10); len(got) != 4 {
		t.Errorf("TopCounts(%v, 10) has %d counts, want 4", m, len(got))
	}
}
