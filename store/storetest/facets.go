package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"newsgraph"
)

// testFacets checks the entity filter of Search and the counts of FacetStore.Facets: every facet adds up to the
// documents Search finds for the same query.
func testFacets(t *testing.T, s newsgraph.Store) {
	ctx := context.Background()
	lavrov := newsgraph.Entity{ID: "sergei-lavrov", Name: "Sergei Lavrov", Label: "PER", Known: true}
	fidan := newsgraph.Entity{ID: "hakan-fidan", Name: "Hakan Fidan", Label: "PER", Known: true}
	russia := newsgraph.Entity{ID: "RUS", Name: "Russia", Label: "LOC", Known: true}
	qatar := newsgraph.Entity{ID: "QAT", Name: "Qatar", Label: "LOC", Known: true}
	mk := func(title, site, lang string, published time.Time, names ...newsgraph.Entity) *newsgraph.Document {
		d := annotated(title, published, names...)
		d.Site, d.Language = site, lang
		return d
	}
	docs := []*newsgraph.Document{
		mk("Ministers gather in Doha", "Wire", "en", day("2024-12-07"), lavrov, fidan, qatar, lavrov),
		mk("Moscow talks", "Wire", "en", day("2024-11-20"), lavrov, russia),
		mk("Treffen in Doha", "Zeitung", "de", day("2024-12-08"), fidan, qatar),
		mk("Undated commentary", "Blog", "en", time.Time{}, russia, lavrov),
		mk("Unrelated weather report", "Daily", "en", day("2023-01-15")),
	}
	ingest(t, s, docs...)

	// The entity filter of Search, alone and with the other filters.
	for _, tc := range []struct {
		q    newsgraph.Query
		want []*newsgraph.Document
	}{
		{newsgraph.Query{Entity: "sergei-lavrov"}, []*newsgraph.Document{docs[0], docs[1], docs[3]}},
		{newsgraph.Query{Entity: "QAT", Language: "de"}, []*newsgraph.Document{docs[2]}},
		{newsgraph.Query{Entity: "sergei-lavrov", Text: "Doha"}, []*newsgraph.Document{docs[0]}},
		{newsgraph.Query{Entity: "RUS", From: day("2024-01-01")}, []*newsgraph.Document{docs[1]}},
		{newsgraph.Query{Entity: "no-such-entity"}, nil},
		{newsgraph.Query{Entity: "'; DROP TABLE mentions; --"}, nil},
	} {
		hits, total, err := s.Search(ctx, tc.q)
		if err != nil {
			t.Errorf("Search(%+v): %v", tc.q, err)
			continue
		}
		got := map[string]bool{}
		for _, h := range hits {
			got[h.Doc.ID] = true
		}
		want := map[string]bool{}
		for _, d := range tc.want {
			want[d.ID] = true
		}
		if total != len(tc.want) || !reflect.DeepEqual(got, want) && len(want) > 0 {
			t.Errorf("Search(%+v) = %d hits (total %d), want %d: %v", tc.q, len(hits), total, len(tc.want), titles(hits))
		}
	}

	fs, ok := s.(newsgraph.FacetStore)
	if !ok {
		t.Skip("store counts no facets")
	}
	f, err := fs.Facets(ctx, newsgraph.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Total != 5 || f.Sampled != 0 {
		t.Errorf("Facets() total %d sampled %d, want 5 and 0", f.Total, f.Sampled)
	}
	wantSites := []newsgraph.Count{{Key: "Wire", N: 2}, {Key: "Blog", N: 1}, {Key: "Daily", N: 1}, {Key: "Zeitung", N: 1}}
	if !reflect.DeepEqual(f.Sites, wantSites) {
		t.Errorf("Facets().Sites = %v, want %v", f.Sites, wantSites)
	}
	wantLangs := []newsgraph.Count{{Key: "en", N: 4}, {Key: "de", N: 1}}
	if !reflect.DeepEqual(f.Languages, wantLangs) {
		t.Errorf("Facets().Languages = %v, want %v", f.Languages, wantLangs)
	}
	wantMonths := []newsgraph.Count{{Key: "2023-01", N: 1}, {Key: "2024-11", N: 1}, {Key: "2024-12", N: 2}}
	if !reflect.DeepEqual(f.Months, wantMonths) {
		t.Errorf("Facets().Months = %v, want %v (undated documents left out)", f.Months, wantMonths)
	}
	type ec struct {
		id         string
		docs, ment int
	}
	var gotEnts []ec
	for _, e := range f.Entities {
		gotEnts = append(gotEnts, ec{e.Entity.ID, e.Documents, e.Mentions})
	}
	wantEnts := []ec{{"sergei-lavrov", 3, 4}, {"RUS", 2, 2}, {"hakan-fidan", 2, 2}, {"QAT", 2, 2}}
	// Ties on documents and mentions are broken by name: Hakan Fidan, Qatar, Russia.
	wantEnts = []ec{wantEnts[0], wantEnts[2], wantEnts[3], wantEnts[1]}
	if !reflect.DeepEqual(gotEnts, wantEnts) {
		t.Errorf("Facets().Entities = %v, want %v", gotEnts, wantEnts)
	}
	if len(f.Entities) > 0 && f.Entities[0].Entity.Name != "Sergei Lavrov" {
		t.Errorf("entity facet carries the record %+v, want the canonical name", f.Entities[0].Entity)
	}

	// Every facet adds up to the documents Search finds for the same query.
	for _, q := range []newsgraph.Query{
		{}, {Text: "Doha"}, {Entity: "sergei-lavrov"}, {Entity: "QAT", Text: "Doha"}, {Language: "en", Site: "Wire"},
		{From: day("2024-12-01"), To: day("2024-12-31")}, {Text: "nothing-matches-this"}, {Entity: "no-such-entity"},
	} {
		f, err := fs.Facets(ctx, q)
		if err != nil {
			t.Errorf("Facets(%+v): %v", q, err)
			continue
		}
		hits, total, err := s.Search(ctx, newsgraph.Query{Text: q.Text, Entity: q.Entity, Language: q.Language, Site: q.Site, From: q.From, To: q.To, Limit: 100})
		if err != nil {
			t.Fatalf("Search(%+v): %v", q, err)
		}
		undated := 0
		for _, h := range hits {
			if h.Doc.Published.IsZero() {
				undated++
			}
		}
		sum := func(cs []newsgraph.Count) int {
			n := 0
			for _, c := range cs {
				n += c.N
			}
			return n
		}
		if f.Total != total || sum(f.Sites) != total || sum(f.Languages) != total || sum(f.Months) != total-undated {
			t.Errorf("Facets(%+v): total %d, sites add to %d, languages %d, months %d; Search finds %d (%d undated)",
				q, f.Total, sum(f.Sites), sum(f.Languages), sum(f.Months), total, undated)
		}
		for _, e := range f.Entities {
			if e.Documents < 1 || e.Documents > total || e.Mentions < e.Documents {
				t.Errorf("Facets(%+v): entity %s in %d documents with %d mentions, of %d matching", q, e.Entity.ID, e.Documents, e.Mentions, total)
			}
		}
		if q.Entity != "" && total > 0 {
			found := false
			for _, e := range f.Entities {
				found = found || e.Entity.ID == q.Entity && e.Documents == total
			}
			if !found || f.Entities[0].Documents != total {
				t.Errorf("Facets(%+v): the filtered entity should be in the entity facet, with all %d documents: %+v", q, total, f.Entities)
			}
		}
	}

	for _, q := range []newsgraph.Query{{Text: `"Doha`}, {Text: "OR"}, {Text: "-Lavrov"}} {
		if _, err := fs.Facets(ctx, q); !errors.Is(err, newsgraph.ErrBadQuery) {
			t.Errorf("Facets(%+v) error = %v, want ErrBadQuery", q, err)
		}
	}
}

func titles(hits []newsgraph.Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Doc.Title)
	}
	return out
}
