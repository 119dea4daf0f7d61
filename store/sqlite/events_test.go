package sqlite

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"newsgraph/store/internal/rowkit"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"newsgraph"
	"newsgraph/store/storetest"
)

// eventCorpus stores docs documents of perDoc synthetic events each, between 200 actors, dated uniformly over
// 2015-2024, through Commit as ingest would. Actors are drawn uniformly (nearly every pair of actors has events:
// the most relations, a worst case), or with skewed by a Zipf law (a few actors take part in most events, as in
// news).
func eventCorpus(tb testing.TB, s *Store, docs, perDoc int, skewed bool) {
	tb.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	zipf := rand.NewZipf(r, 1.1, 2, 199)
	actor := func() int {
		if skewed {
			return int(zipf.Uint64())
		}
		return r.IntN(200)
	}
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
		var ds []*newsgraph.Document
		for i := b; i < min(b+batch, docs); i++ {
			pub := start.AddDate(0, 0, r.IntN(3650))
			var reps []storetest.Report
			for range perDoc {
				src, tgt := &actors[actor()], &actors[actor()]
				c := codes[r.IntN(len(codes))]
				reps = append(reps, storetest.Report{Source: src, Target: tgt, Verb: "acted on", Code: c.code, QuadClass: c.quad, Goldstein: c.g,
					Date: pub.AddDate(0, 0, -r.IntN(3)).Format("2006-01-02")})
			}
			ds = append(ds, storetest.EventDocument(fmt.Sprintf("Report %d", i), pub, reps...))
		}
		if err := storetest.CommitDocuments(ctx, s, ds, func(i int) string { return fmt.Sprintf("r%d.txt", b+i) }, 1); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkRelations times the actor graph of a month, a year, all time and a span of days, months and years over 100k stored events, 10 events in
// each of 10,000 documents, between actors drawn uniformly (nearly every pair of the 200 actors related: the worst
// case) and with a skew (a few actors in most events, as in news):
//
//	go test ./store/sqlite/ -run '^$' -bench Relations -benchtime 3x
//
// cpu-ms/op is the CPU time the process used per query: steadier than ns/op on a shared machine.
func BenchmarkRelations(b *testing.B) {
	ctx := context.Background()
	for _, corpus := range []struct {
		name   string
		skewed bool
	}{{"uniform", false}, {"skewed", true}} {
		b.Run(corpus.name, func(b *testing.B) {
			s, err := Open(ctx, filepath.Join(b.TempDir(), "ev.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			t0 := time.Now()
			eventCorpus(b, s, 10000, 10, corpus.skewed)
			var n int
			if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM events`).Scan(&n); err != nil || n != 100000 {
				b.Fatalf("stored %d events, %v; want 100000", n, err)
			}
			b.Logf("stored %d events in %d documents in %v", n, 10000, time.Since(t0).Round(time.Millisecond))
			benchRelations(b, s)
		})
	}
}

func benchRelations(b *testing.B, s *Store) {
	ctx := context.Background()
	for _, w := range []struct {
		name     string
		from, to time.Time
	}{
		{"month", time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 3, 31, 0, 0, 0, 0, time.UTC)},
		{"year", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC)},
		{"all", time.Time{}, time.Time{}},
		// Days, months and years: the cells of several parts, summed.
		{"span", time.Date(2019, 3, 15, 0, 0, 0, 0, time.UTC), time.Date(2021, 8, 20, 0, 0, 0, 0, time.UTC)},
	} {
		for _, ev := range []int{-1, 3} {
			b.Run(fmt.Sprintf("%s/evidence=%d", w.name, ev), func(b *testing.B) {
				var rels []newsgraph.Relation
				var err error
				cpu := cpuTime()
				for b.Loop() {
					if rels, err = s.Relations(ctx, newsgraph.RelationQuery{From: w.from, To: w.to, Evidence: ev}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
				events := 0
				for _, r := range rels {
					events += r.Events
				}
				b.ReportMetric(float64(len(rels)), "relations")
				b.ReportMetric(float64(events), "events")
			})
		}
		b.Run(w.name+"/actor", func(b *testing.B) {
			cpu := cpuTime()
			for b.Loop() {
				if _, err := s.Relations(ctx, newsgraph.RelationQuery{From: w.from, To: w.to, Actor: "actor-007"}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}

// cpuTime is the CPU time the process has used: on a machine shared with other work, the time a benchmark
// took on the CPU is steadier than the time it took on the clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// relationsByScan aggregates the relations of a window from the events themselves, as Relations did before it
// read relation cells: the reference the cells must reproduce.
func relationsByScan(t *testing.T, s *Store, q newsgraph.RelationQuery, actor, other string) map[[2]string]newsgraph.Relation {
	t.Helper()
	where, args := eventWindow(q.From, q.To)
	where = append(where, `e.source_id != ''`, `e.target_id != ''`)
	switch {
	case other != "":
		where = append(where, `(e.source_id = ? AND e.target_id = ? OR e.source_id = ? AND e.target_id = ?)`)
		args = append(args, actor, other, other, actor)
	case actor != "":
		where = append(where, `(e.source_id = ? OR e.target_id = ?)`)
		args = append(args, actor, actor)
	}
	rows, err := s.r.Query(`SELECT e.source_id, e.target_id, count(*), count(DISTINCT e.happening),
			sum(e.quad_class = 1), sum(e.quad_class = 2), sum(e.quad_class = 3), sum(e.quad_class = 4),
			avg(e.goldstein), COALESCE(min(NULLIF(e.date, '')), ''), max(e.date)
		FROM events e WHERE `+strings.Join(where, " AND ")+` GROUP BY e.source_id, e.target_id`, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[[2]string]newsgraph.Relation{}
	for rows.Next() {
		var r newsgraph.Relation
		if err := rows.Scan(&r.Source.ID, &r.Target.ID, &r.Events, &r.Happenings, &r.Quad[0], &r.Quad[1], &r.Quad[2], &r.Quad[3], &r.Goldstein, &r.First, &r.Last); err != nil {
			t.Fatal(err)
		}
		out[[2]string{r.Source.ID, r.Target.ID}] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRelationCells checks that the relations read from the relation cells are those the events give, for
// windows that start and end anywhere (in a month, on its first or last day, on a year's, open), with events dated
// to a day, a month, a year, a week, without a year or not at all, and happenings reported by several documents.
func TestRelationCells(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "cells.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := rand.New(rand.NewPCG(3, 4))
	reports := storetest.NewReports(r, storetest.SynthActors(6))
	for i := range 400 {
		d := storetest.EventDocument(fmt.Sprintf("Report %d", i), time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), reports.Next()...)
		// Some events name an actor the entity stage could not resolve.
		if r.IntN(10) == 0 {
			d.Events[0].Source.Entity = -1
		}
		// Half the documents are committed twice: the second commit must not count their events again.
		if err := storetest.CommitDocuments(ctx, s, []*newsgraph.Document{d}, func(int) string { return fmt.Sprintf("r%d.txt", i) }, 1+i%2); err != nil {
			t.Fatal(err)
		}
	}
	days := []time.Time{{}}
	for _, d := range []string{"2018-12-31", "2019-01-01", "2019-03-01", "2019-03-15", "2019-03-31", "2019-12-31", "2020-01-01",
		"2020-02-01", "2020-02-29", "2020-06-10", "2021-01-01", "2021-07-31", "2021-08-01", "2021-12-31", "2022-01-01"} {
		t0, _ := time.Parse("2006-01-02", d)
		days = append(days, t0)
	}
	checked := 0
	fast, buckets := 0, 0 // windows read from event_pairs_rank; windows of one bucket
	for _, from := range days {
		for _, to := range days {
			for _, who := range [][2]string{{}, {"a1", ""}, {"a2", "a3"}} {
				q := newsgraph.RelationQuery{From: from, To: to, Actor: who[0], Other: who[1], Evidence: -1}
				got, err := s.Relations(ctx, q)
				if err != nil {
					t.Fatalf("Relations(%v..%v %v): %v", from, to, who, err)
				}
				want := relationsByScan(t, s, q, who[0], who[1])
				if len(got) != len(want) {
					t.Errorf("Relations(%s..%s %v) = %d relations, the events give %d", from.Format(time.DateOnly), to.Format(time.DateOnly), who, len(got), len(want))
					continue
				}
				for _, g := range got {
					w := want[[2]string{g.Source.ID, g.Target.ID}]
					if g.Events != w.Events || g.Happenings != w.Happenings || g.Quad != w.Quad || g.First != w.First || g.Last != w.Last ||
						math.Abs(g.Goldstein-w.Goldstein) > 1e-9 {
						t.Errorf("Relations(%s..%s %v) %s>%s = %d events, %d happenings, %v, %.3f, %q..%q; the events give %d, %d, %v, %.3f, %q..%q",
							from.Format(time.DateOnly), to.Format(time.DateOnly), who, g.Source.ID, g.Target.ID,
							g.Events, g.Happenings, g.Quad, g.Goldstein, g.First, g.Last, w.Events, w.Happenings, w.Quad, w.Goldstein, w.First, w.Last)
					}
				}
				checked += len(got)
				storetest.CheckLimited(t, got, q, s.RelationsTotal)
				if _, _, _, ok := rowkit.OneBucket(rowkit.WindowParts(from, to)); ok && who[0] == "" {
					buckets++
					lq := q
					lq.Limit = 1
					if top, err := s.oneBucket(ctx, lq, rowkit.WindowParts(from, to)); err != nil {
						t.Fatal(err)
					} else if top != nil {
						fast++
					}
				}
			}
		}
	}
	if checked < 1000 {
		t.Errorf("compared only %d relations", checked)
	}
	// Both the top relations from the index and the sums of a bucket with inexact dates in its window are checked.
	if fast < 2 || fast == buckets {
		t.Errorf("%d of %d windows of one bucket read from event_pairs_rank, want some but not all", fast, buckets)
	}

	// The evidence of a relation is its newest events, as Events reads them.
	for _, w := range [][2]time.Time{{}, {days[3], days[10]}} {
		q := newsgraph.RelationQuery{From: w[0], To: w[1], Evidence: 2}
		rels, err := s.Relations(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, rel := range rels {
			hits, _, err := s.Events(ctx, newsgraph.EventQuery{Actor: rel.Source.ID, Target: rel.Target.ID, From: q.From, To: q.To, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			slices.SortFunc(hits, rowkit.NewestFirst)
			if want := hits[:min(len(hits), 2)]; !reflect.DeepEqual(rel.Evidence, want) {
				t.Errorf("Relations(%+v) %s>%s evidence = %+v, Events gives %+v", q, rel.Source.ID, rel.Target.ID, rel.Evidence, want)
			}
		}
	}
	for _, w := range [][2]time.Time{{}, {days[3], days[10]}} {
		storetest.CheckLimited(t, nil, newsgraph.RelationQuery{From: w[0], To: w[1], Evidence: 2}, s.RelationsTotal)
	}

	// The migration computes the cells of the events stored before it as Commit keeps them.
	cells := func() []string {
		rows, err := s.w.Query(`SELECT grain, bucket, source_id, target_id, events, happenings, q1, q2, q3, q4, round(goldstein, 6), first, last
			FROM event_pairs ORDER BY 1, 2, 3, 4`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			v := make([]any, 13)
			for i := range v {
				v[i] = new(any)
			}
			if err := rows.Scan(v...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, x := range v {
				fmt.Fprintf(&b, "%v ", *x.(*any))
			}
			out = append(out, b.String())
		}
		return out
	}
	kept := cells()
	rerunBackfill(t, s, "0007_event_pairs.sql", "-- The events stored before this migration.", "event_pairs")
	if got := cells(); !slices.Equal(got, kept) {
		t.Errorf("the migration computes %d cells, Commit kept %d (first difference %s)", len(got), len(kept), storetest.FirstDiff(got, kept))
	}
}

// The SQL that tells the dates of the day cells from the others is isDay.
func TestIsDaySQL(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "day.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, d := range []string{"2024-12-07", "2024-12-31", "2024-01-01", "2024-00-07", "2024-13-07", "2024-12-00", "2024-12-32",
		"2024-12-7", "2024-12", "2024", "", "XXXX-12-07", "2024-W49", "2024-W49-1", "2024-12-07T10:00", "20241207", "2024/12/07", "9999-12-31"} {
		var got bool
		if err := s.r.QueryRow(`SELECT `+sqlIsDay+` FROM (SELECT ? AS date)`, d).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := rowkit.IsDay(d); got != want {
			t.Errorf("%q: sqlIsDay = %v, isDay = %v", d, got, want)
		}
	}
}

// quoteCorpus stores documents of synthetic events between 6 actors, each reporting sentence also quoted: by one
// of the document's entities or an unresolved speaker, dated to a day, a month, a year, a week, without a year or
// not at all; some documents hold two quotes at one place (the second is not stored) and some are committed twice.
func quoteCorpus(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(5, 6))
	actors := storetest.SynthActors(6)
	for i := range 300 {
		d := storetest.QuoteDocument(r, actors, i)
		if err := storetest.CommitDocuments(ctx, s, []*newsgraph.Document{d}, func(int) string { return fmt.Sprintf("q%d.txt", i) }, 1+i%2); err != nil {
			t.Fatal(err)
		}
	}
}

// quotesByScan counts the quotes by one entity about another in a window from the quotes themselves, as
// Relations did before it read quote cells: the reference the cells must reproduce.
func quotesByScan(t *testing.T, s *Store, from, to time.Time, actor, other string) map[[2]string]int {
	t.Helper()
	where, args := eventWindow(from, to)
	for i := range where {
		where[i] = strings.ReplaceAll(where[i], "e.date", "q.date")
	}
	where = append(where, `q.speaker_id != ''`)
	switch {
	case other != "":
		where = append(where, `(q.speaker_id = ? AND a.entity_id = ? OR q.speaker_id = ? AND a.entity_id = ?)`)
		args = append(args, actor, other, other, actor)
	case actor != "":
		where = append(where, `(q.speaker_id = ? OR a.entity_id = ?)`)
		args = append(args, actor, actor)
	}
	rows, err := s.r.Query(`SELECT q.speaker_id, a.entity_id, count(*) FROM quotes q JOIN quote_about a ON a.doc_id = q.doc_id AND a.start = q.start
		WHERE `+strings.Join(where, " AND ")+` GROUP BY q.speaker_id, a.entity_id`, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[[2]string]int{}
	for rows.Next() {
		var k [2]string
		var n int
		if err := rows.Scan(&k[0], &k[1], &n); err != nil {
			t.Fatal(err)
		}
		out[k] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestQuoteCells checks that the quote counts read from the quote cells are those the quotes give, for windows
// that start and end anywhere, for every actor condition, with and without a list of the actors kept; that
// Relations reports them; and that the migration computes the cells Commit keeps.
func TestQuoteCells(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "quotes.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	quoteCorpus(t, s)
	days := []time.Time{{}}
	for _, d := range []string{"2018-12-31", "2019-01-01", "2019-03-01", "2019-03-15", "2019-03-31", "2019-12-31", "2020-01-01",
		"2020-02-29", "2020-06-10", "2021-01-01", "2021-07-31", "2021-08-01", "2021-12-31", "2022-01-01"} {
		t0, _ := time.Parse("2006-01-02", d)
		days = append(days, t0)
	}
	kept := []any{`["a0","a2","a3","a5"]`, `["a1","a2","a3"]`}
	inKept := func(k [2]string) bool {
		return strings.Contains(kept[0].(string), `"`+k[0]+`"`) && strings.Contains(kept[1].(string), `"`+k[1]+`"`)
	}
	checked := 0
	for _, from := range days {
		for _, to := range days {
			for _, who := range [][2]string{{}, {"a1", ""}, {"a2", "a3"}, {"a4", "a4"}} {
				want := quotesByScan(t, s, from, to, who[0], who[1])
				for _, limited := range []bool{false, true} {
					var k []any
					if limited {
						k = kept
					}
					got := map[[2]string]int{}
					if err := s.quoteCounts(ctx, rowkit.WindowParts(from, to), who[0], who[1], k, func(speaker, entity string, n int) {
						got[[2]string{speaker, entity}] += n
					}); err != nil {
						t.Fatalf("quoteCounts(%v..%v %v): %v", from, to, who, err)
					}
					for p, n := range want {
						if limited && !inKept(p) {
							continue
						}
						if got[p] != n {
							t.Errorf("quoteCounts(%s..%s %v, kept %v) %s>%s = %d, the quotes give %d", from.Format(time.DateOnly), to.Format(time.DateOnly),
								who, limited, p[0], p[1], got[p], n)
						}
						checked++
					}
					for p, n := range got {
						if _, ok := want[p]; !ok || limited && !inKept(p) {
							t.Errorf("quoteCounts(%s..%s %v, kept %v) %s>%s = %d, the quotes give none", from.Format(time.DateOnly), to.Format(time.DateOnly),
								who, limited, p[0], p[1], n)
						}
					}
				}
				// Relations reports the counts of its relations, with a limit too.
				for _, limit := range []int{0, 3} {
					q := newsgraph.RelationQuery{From: from, To: to, Actor: who[0], Other: who[1], Evidence: -1, Limit: limit}
					rels, err := s.Relations(ctx, q)
					if err != nil {
						t.Fatalf("Relations(%+v): %v", q, err)
					}
					for _, rel := range rels {
						if w := want[[2]string{rel.Source.ID, rel.Target.ID}]; rel.Quotes != w {
							t.Errorf("Relations(%+v) %s>%s quotes = %d, the quotes give %d", q, rel.Source.ID, rel.Target.ID, rel.Quotes, w)
						}
					}
				}
			}
		}
	}
	if checked < 5000 {
		t.Errorf("compared only %d counts", checked)
	}

	// The migration computes the cells of the quotes stored before it as Commit keeps them.
	cells := func() []string {
		rows, err := s.w.Query(`SELECT grain || ' ' || bucket || ' ' || speaker_id || ' ' || entity_id || ' ' || quotes FROM quote_pairs ORDER BY grain, bucket, speaker_id, entity_id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				t.Fatal(err)
			}
			out = append(out, c)
		}
		return out
	}
	before := cells()
	rerunBackfill(t, s, "0009_quote_pairs.sql", "-- The quotes stored before this migration.", "quote_pairs")
	if got := cells(); !slices.Equal(got, before) {
		t.Errorf("the migration computes %d cells, Commit kept %d (first difference %s)", len(got), len(before), storetest.FirstDiff(got, before))
	}
	if len(before) < 500 {
		t.Errorf("only %d quote cells", len(before))
	}
}
