package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"newsgraph"
	"newsgraph/store/storetest"
)

// eventCorpus stores docs documents of perDoc synthetic events each, between 200 actors, dated uniformly over
// 2015-2024, through Commit as ingest would.
func eventCorpus(tb testing.TB, s *Store, docs, perDoc int) {
	tb.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	actors := make([]newsgraph.Entity, 200)
	for i := range actors {
		actors[i] = newsgraph.Entity{ID: fmt.Sprintf("actor-%03d", i), Name: fmt.Sprintf("Actor %03d", i), Label: "ORG", CAMEO: "XXX", Known: true}
	}
	codes := []struct {
		code string
		quad int
		g    float64
	}{{"040", 1, 1}, {"036", 1, 4}, {"057", 1, 8}, {"070", 2, 7}, {"112", 3, -2}, {"130", 3, -4.4}, {"190", 4, -10}, {"195", 4, -10}}
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	const batch = 500
	for b := 0; b < docs; b += batch {
		var items []newsgraph.Item
		var ds []*newsgraph.Document
		for i := b; i < min(b+batch, docs); i++ {
			pub := start.AddDate(0, 0, r.IntN(3650))
			var reps []storetest.Report
			for range perDoc {
				src, tgt := &actors[r.IntN(len(actors))], &actors[r.IntN(len(actors))]
				c := codes[r.IntN(len(codes))]
				reps = append(reps, storetest.Report{Source: src, Target: tgt, Verb: "acted on", Code: c.code, QuadClass: c.quad, Goldstein: c.g,
					Date: pub.AddDate(0, 0, -r.IntN(3)).Format("2006-01-02")})
			}
			d := storetest.EventDocument(fmt.Sprintf("Report %d", i), pub, reps...)
			ds = append(ds, d)
			items = append(items, newsgraph.Item{Origin: newsgraph.Origin{Path: fmt.Sprintf("r%d.txt", i)}, Format: newsgraph.FormatText, Raw: []byte(d.Text)})
		}
		ids, _, err := s.AddRaw(ctx, items)
		if err != nil {
			tb.Fatal(err)
		}
		out := make([]newsgraph.Outcome, len(ds))
		for i := range ds {
			out[i] = newsgraph.Outcome{RawID: ids[i], Doc: ds[i]}
		}
		if err := s.Commit(ctx, out); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkRelations times the actor graph of a month and of a year over 100k stored events:
//
//	go test ./store/sqlite/ -run '^$' -bench Relations -benchtime 20x
func BenchmarkRelations(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "ev.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	t0 := time.Now()
	eventCorpus(b, s, 10000, 10)
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM events`).Scan(&n); err != nil || n != 100000 {
		b.Fatalf("stored %d events, %v; want 100000", n, err)
	}
	b.Logf("stored %d events in %d documents in %v", n, 10000, time.Since(t0).Round(time.Millisecond))
	for _, w := range []struct {
		name     string
		from, to time.Time
	}{
		{"month", time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 3, 31, 0, 0, 0, 0, time.UTC)},
		{"year", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC)},
		{"all", time.Time{}, time.Time{}},
	} {
		for _, ev := range []int{-1, 3} {
			b.Run(fmt.Sprintf("%s/evidence=%d", w.name, ev), func(b *testing.B) {
				var rels []newsgraph.Relation
				for b.Loop() {
					if rels, err = s.Relations(ctx, newsgraph.RelationQuery{From: w.from, To: w.to, Evidence: ev}); err != nil {
						b.Fatal(err)
					}
				}
				events := 0
				for _, r := range rels {
					events += r.Events
				}
				b.ReportMetric(float64(len(rels)), "relations")
				b.ReportMetric(float64(events), "events")
			})
		}
		b.Run(w.name+"/actor", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Relations(ctx, newsgraph.RelationQuery{From: w.from, To: w.to, Actor: "actor-007"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
