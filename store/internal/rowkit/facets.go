package rowkit

import (
	"maps"
	"slices"
	"strings"

	"newsgraph"
)

// FacetGroup is the count of matching documents with one site, language and month ("" undated).
type FacetGroup struct {
	Site, Language, Month string
	N                     int
}

// FoldFacets sums groups into f's total, sites, languages (the newsgraph.FacetLimit largest) and months (in order).
func FoldFacets(f *newsgraph.Facets, groups []FacetGroup) {
	sites, langs, months := map[string]int{}, map[string]int{}, map[string]int{}
	for _, g := range groups {
		f.Total += g.N
		sites[g.Site] += g.N
		langs[g.Language] += g.N
		if g.Month != "" {
			months[g.Month] += g.N
		}
	}
	f.Sites = TopCounts(sites, newsgraph.FacetLimit)
	f.Languages = TopCounts(langs, newsgraph.FacetLimit)
	for _, k := range slices.Sorted(maps.Keys(months)) {
		f.Months = append(f.Months, newsgraph.Count{Key: k, N: months[k]})
	}
}

// TopCounts returns the n largest counts of m, largest first, then by key.
func TopCounts(m map[string]int, n int) []newsgraph.Count {
	out := make([]newsgraph.Count, 0, len(m))
	for k, v := range m {
		out = append(out, newsgraph.Count{Key: k, N: v})
	}
	slices.SortFunc(out, func(a, b newsgraph.Count) int {
		if a.N != b.N {
			return b.N - a.N
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out[:min(n, len(out))]
}
