package storetest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"newsgraph"
)

// Synthetic event and quote corpora for the stores' aggregate tests, which check the cells a store keeps at
// commit against scans of its own tables.

// SynthActors returns n known organisations, IDs "a0".."a<n-1>".
func SynthActors(n int) []newsgraph.Entity {
	actors := make([]newsgraph.Entity, n)
	for i := range actors {
		actors[i] = newsgraph.Entity{ID: fmt.Sprintf("a%d", i), Name: fmt.Sprintf("Actor %d", i), Label: "ORG", CAMEO: "XXX", Known: true}
	}
	return actors
}

// SynthDate returns a date in 2019-2021 in one of the forms event and quote dates take: mostly a day, else a
// month, a year, a day without a year, a week, or none.
func SynthDate(r *rand.Rand) string {
	d := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(3*365))
	switch r.IntN(12) {
	case 0:
		return d.Format("2006-01")
	case 1:
		return d.Format("2006")
	case 2:
		return ""
	case 3:
		return "XXXX-" + d.Format("01-02")
	case 4:
		return d.Format("2006-W02")
	}
	return d.Format("2006-01-02")
}

// Reports makes the reports of synthetic documents between actors, 1-4 each: a quarter of them further reports
// of a happening reported before, the others of a code of each QuadClass (and none), dated by SynthDate, one in
// eight without a target.
type Reports struct {
	r      *rand.Rand
	actors []newsgraph.Entity
	all    []Report // every happening so far
}

// NewReports returns a maker of reports between actors drawing from r.
func NewReports(r *rand.Rand, actors []newsgraph.Entity) *Reports {
	return &Reports{r: r, actors: actors}
}

var synthCodes = []Report{{Code: "040", QuadClass: 1, Goldstein: 1}, {Code: "070", QuadClass: 2, Goldstein: 7},
	{Code: "112", QuadClass: 3, Goldstein: -2}, {Code: "190", QuadClass: 4, Goldstein: -10}, {Code: "010", QuadClass: 0, Goldstein: 0}}

// Next returns the reports of the next document.
func (g *Reports) Next() []Report {
	r := g.r
	var reps []Report
	for range 1 + r.IntN(4) {
		var rep Report
		if len(g.all) > 0 && r.IntN(4) == 0 {
			rep = g.all[r.IntN(len(g.all))] // another report of a happening
		} else {
			rep = synthCodes[r.IntN(len(synthCodes))]
			rep.Source, rep.Verb, rep.Date = &g.actors[r.IntN(len(g.actors))], "acted on", SynthDate(r)
			if r.IntN(8) > 0 {
				rep.Target = &g.actors[r.IntN(len(g.actors))]
			}
			g.all = append(g.all, rep)
		}
		reps = append(reps, rep)
	}
	return reps
}

// QuoteDocument returns document i of 1-4 events between actors, each reporting sentence also quoted, by one of
// the document's entities or an unresolved speaker, dated by SynthDate; one in six sentences is quoted twice at
// the same place (a store keeps the first).
func QuoteDocument(r *rand.Rand, actors []newsgraph.Entity, i int) *newsgraph.Document {
	var reps []Report
	for range 1 + r.IntN(4) {
		reps = append(reps, Report{Source: &actors[r.IntN(len(actors))], Target: &actors[r.IntN(len(actors))], Verb: "acted on",
			Code: "040", QuadClass: 1, Goldstein: 1, Date: SynthDate(r)})
	}
	d := EventDocument(fmt.Sprintf("Report %d", i), time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), reps...)
	for _, e := range d.Events {
		q := newsgraph.Quote{Span: d.Sentences[e.Sentence].Span, Mention: -1, Entity: r.IntN(len(d.Entities)+1) - 1, Sentence: e.Sentence, Date: SynthDate(r)}
		d.Quotes = append(d.Quotes, q)
		if r.IntN(6) == 0 {
			q.Entity, q.Date = r.IntN(len(d.Entities)), SynthDate(r)
			d.Quotes = append(d.Quotes, q) // at the same place: not stored
		}
	}
	return d
}

// CheckLimited checks that q with a limit gives the first relations of all (q's relations without a limit, read
// when nil), the same in every field, and the count of all of them; a negative limit is ErrBadQuery.
func CheckLimited(t *testing.T, all []newsgraph.Relation, q newsgraph.RelationQuery,
	relations func(context.Context, newsgraph.RelationQuery) ([]newsgraph.Relation, int, error)) {
	t.Helper()
	ctx := context.Background()
	if all == nil {
		var err error
		if all, _, err = relations(ctx, q); err != nil {
			t.Fatalf("Relations(%+v): %v", q, err)
		}
	}
	for _, n := range []int{1, 2, 3, len(all) / 2, len(all), len(all) + 1} {
		if n < 1 {
			continue
		}
		lq := q
		lq.Limit = n
		got, total, err := relations(ctx, lq)
		if err != nil {
			t.Fatalf("Relations(%+v): %v", lq, err)
		}
		want := all[:min(n, len(all))]
		if total != len(all) || len(got) != len(want) {
			t.Errorf("Relations(%+v) = %d relations of %d, want %d of %d", lq, len(got), total, len(want), len(all))
			continue
		}
		for i := range got {
			g, w := got[i], want[i]
			if math.Abs(g.Goldstein-w.Goldstein) > 1e-9 {
				t.Errorf("Relations(%+v)[%d] Goldstein = %v, unlimited %v", lq, i, g.Goldstein, w.Goldstein)
			}
			g.Goldstein = w.Goldstein
			if !reflect.DeepEqual(g, w) {
				t.Errorf("Relations(%+v)[%d] = %+v, unlimited %+v", lq, i, g, w)
			}
		}
	}
	bad := q
	bad.Limit = -1
	if _, _, err := relations(ctx, bad); !errors.Is(err, newsgraph.ErrBadQuery) {
		t.Errorf("Relations(%+v) err = %v, want ErrBadQuery", bad, err)
	}
}

// CommitDocuments stores ds as ingest would: their texts as raw items, item i named path(i), in one AddRaw, then
// the documents as the outcomes of those items, committed times times (a store counts a document once).
func CommitDocuments(ctx context.Context, s newsgraph.Store, ds []*newsgraph.Document, path func(i int) string, times int) error {
	items := make([]newsgraph.Item, len(ds))
	for i, d := range ds {
		items[i] = newsgraph.Item{Origin: newsgraph.Origin{Path: path(i)}, Format: newsgraph.FormatText, Raw: []byte(d.Text)}
	}
	ids, _, err := s.AddRaw(ctx, items)
	if err != nil {
		return err
	}
	out := make([]newsgraph.Outcome, len(ds))
	for i := range ds {
		out[i] = newsgraph.Outcome{RawID: ids[i], Doc: ds[i]}
	}
	for range times {
		if err := s.Commit(ctx, out); err != nil {
			return err
		}
	}
	return nil
}

// RerunBackfill empties tables and runs again, through exec, the part of the migration file (in migrations) that
// follows marker: its backfill of the rows stored before it, so that a test can check the migration computes
// what Commit keeps.
func RerunBackfill(t *testing.T, migrations fs.FS, file, marker string, exec func(sql string) error, tables ...string) {
	t.Helper()
	body, err := fs.ReadFile(migrations, "migrations/"+file)
	if err != nil {
		t.Fatal(err)
	}
	_, backfill, ok := strings.Cut(string(body), marker)
	if !ok {
		t.Fatalf("%s: no backfill after %q", file, marker)
	}
	var del strings.Builder
	for _, tab := range tables {
		fmt.Fprintf(&del, "DELETE FROM %s; ", tab)
	}
	if err := exec(del.String() + backfill); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// FirstDiff shows the first rows in which a and b differ.
func FirstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i] + " vs " + b[i]
		}
	}
	return "at the end"
}
