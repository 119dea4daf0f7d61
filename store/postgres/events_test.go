package postgres

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"newsgraph/store/internal/rowkit"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"newsgraph"
	"newsgraph/internal/pgtest"
	"newsgraph/store/storetest"
)

// commitReports stores one document per list of reports, through Commit as ingest would, in batches of 500.
func commitReports(tb testing.TB, s *Store, pub func(i int) time.Time, docs [][]storetest.Report) {
	tb.Helper()
	ctx := context.Background()
	const batch = 500
	for b := 0; b < len(docs); b += batch {
		var ds []*newsgraph.Document
		for i := b; i < min(b+batch, len(docs)); i++ {
			ds = append(ds, storetest.EventDocument(fmt.Sprintf("Report %d", i), pub(i), docs[i]...))
		}
		if err := storetest.CommitDocuments(ctx, s, ds, func(i int) string { return fmt.Sprintf("r%d.txt", b+i) }, 1); err != nil {
			tb.Fatal(err)
		}
	}
}

// relationsByScan aggregates the relations of a window from the events themselves: the reference the relation
// cells must reproduce.
func relationsByScan(t *testing.T, s *Store, q newsgraph.RelationQuery, actor, other string) map[[2]string]newsgraph.Relation {
	t.Helper()
	var p params
	where := append(eventWindow(&p, "e.date", q.From, q.To), `e.source_id != ''`, `e.target_id != ''`)
	switch {
	case other != "":
		x, y := p.add(actor), p.add(other)
		where = append(where, `(e.source_id = `+x+` AND e.target_id = `+y+` OR e.source_id = `+y+` AND e.target_id = `+x+`)`)
	case actor != "":
		x := p.add(actor)
		where = append(where, `(e.source_id = `+x+` OR e.target_id = `+x+`)`)
	}
	rows, err := s.pool.Query(context.Background(), `SELECT e.source_id, e.target_id, count(*)::int, count(DISTINCT e.happening)::int,
			count(*) FILTER (WHERE e.quad_class = 1)::int, count(*) FILTER (WHERE e.quad_class = 2)::int,
			count(*) FILTER (WHERE e.quad_class = 3)::int, count(*) FILTER (WHERE e.quad_class = 4)::int,
			avg(e.goldstein), COALESCE(min(NULLIF(e.date, '')), ''), max(e.date)
		FROM events e WHERE `+strings.Join(where, " AND ")+` GROUP BY e.source_id, e.target_id`, p...)
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
// windows that start and end anywhere, with events dated to a day, a month, a year, a week, without a year or not
// at all, happenings reported by several documents, and commits from several writers at once.
func TestRelationCells(t *testing.T) {
	ctx := context.Background()
	s := open(t, pgtest.Start(t))
	defer s.Close()
	reports := storetest.NewReports(rand.New(rand.NewPCG(3, 4)), storetest.SynthActors(6))
	docs := make([][]storetest.Report, 400)
	for i := range docs {
		docs[i] = reports.Next()
	}
	// Four writers commit at once, documents in batches of 20, each document twice.
	errs := make(chan error, 4)
	for w := range 4 {
		go func() {
			for lo := w * 100; lo < (w+1)*100; lo += 20 {
				var ds []*newsgraph.Document
				for i := lo; i < lo+20; i++ {
					d := storetest.EventDocument(fmt.Sprintf("Report %d", i), time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), docs[i]...)
					if i%10 == 0 {
						d.Events[0].Source.Entity = -1 // an actor the entity stage could not resolve
					}
					ds = append(ds, d)
				}
				if err := storetest.CommitDocuments(ctx, s, ds, func(i int) string { return fmt.Sprintf("r%d.txt", lo+i) }, 2); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}

	days := []time.Time{{}}
	for _, d := range []string{"2018-12-31", "2019-01-01", "2019-03-01", "2019-03-15", "2019-03-31", "2019-12-31", "2020-01-01",
		"2020-02-29", "2020-06-10", "2021-01-01", "2021-07-31", "2021-08-01", "2021-12-31", "2022-01-01"} {
		t0, _ := time.Parse("2006-01-02", d)
		days = append(days, t0)
	}
	checked := 0
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
			}
		}
	}
	if checked < 1000 {
		t.Errorf("compared only %d relations", checked)
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
		return textRows(t, s, `SELECT concat_ws(' ', grain, bucket, source_id, target_id, events, happenings, q1, q2, q3, q4, round(goldstein::numeric, 6), first, last)
			FROM event_pairs ORDER BY grain, bucket, source_id, target_id`)
	}
	kept := cells()
	rerunBackfill(t, s, "0006_event_pairs.sql", "-- The events stored before this migration.", "event_pairs")
	if got := cells(); !slices.Equal(got, kept) {
		t.Errorf("the migration computes %d cells, Commit kept %d (first difference %s)", len(got), len(kept), storetest.FirstDiff(got, kept))
	}
}

// The SQL that tells the dates of the day cells from the others is isDay.
func TestIsDaySQL(t *testing.T) {
	re := regexp.MustCompile(pgIsDay)
	for _, d := range []string{"2024-12-07", "2024-12-31", "2024-01-01", "2024-00-07", "2024-13-07", "2024-12-00", "2024-12-32",
		"2024-12-7", "2024-12", "2024", "", "XXXX-12-07", "2024-W49", "2024-W49-1", "2024-12-07T10:00", "20241207", "2024/12/07", "9999-12-31"} {
		if got, want := re.MatchString(d), rowkit.IsDay(d); got != want {
			t.Errorf("%q: pgIsDay matches %v, isDay = %v", d, got, want)
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRelations times the actor graph of a month, a year and all time over 100k stored events (10,000
// documents of 10 events between 200 actors, dated uniformly over 2015-2024):
//
//	go test ./store/postgres/ -run '^$' -bench Relations -benchtime 3x
//
// cpu-ms/op is the CPU time of the test process only (the server's is not counted): read it with ns/op.
func BenchmarkRelations(b *testing.B) {
	ctx := context.Background()
	s := open(b, pgtest.Start(b))
	defer s.Close()
	r := rand.New(rand.NewPCG(1, 2))
	actors := make([]newsgraph.Entity, 200)
	for i := range actors {
		actors[i] = newsgraph.Entity{ID: fmt.Sprintf("actor-%03d", i), Name: fmt.Sprintf("Actor %03d", i), Label: "ORG", CAMEO: "XXX", Known: true}
	}
	codes := []storetest.Report{{Code: "040", QuadClass: 1, Goldstein: 1}, {Code: "036", QuadClass: 1, Goldstein: 4}, {Code: "057", QuadClass: 1, Goldstein: 8},
		{Code: "070", QuadClass: 2, Goldstein: 7}, {Code: "112", QuadClass: 3, Goldstein: -2}, {Code: "130", QuadClass: 3, Goldstein: -4.4},
		{Code: "190", QuadClass: 4, Goldstein: -10}, {Code: "195", QuadClass: 4, Goldstein: -10}}
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	pubs := make([]time.Time, 10000)
	docs := make([][]storetest.Report, len(pubs))
	for i := range docs {
		pubs[i] = start.AddDate(0, 0, r.IntN(3650))
		for range 10 {
			rep := codes[r.IntN(len(codes))]
			rep.Source, rep.Target, rep.Verb = &actors[r.IntN(len(actors))], &actors[r.IntN(len(actors))], "acted on"
			rep.Date = pubs[i].AddDate(0, 0, -r.IntN(3)).Format("2006-01-02")
			docs[i] = append(docs[i], rep)
		}
	}
	t0 := time.Now()
	commitReports(b, s, func(i int) time.Time { return pubs[i] }, docs)
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM events`).Scan(&n); err != nil || n != 100000 {
		b.Fatalf("stored %d events, %v; want 100000", n, err)
	}
	if _, err := s.pool.Exec(ctx, `VACUUM ANALYZE`); err != nil {
		b.Fatal(err)
	}
	b.Logf("stored %d events in %d documents in %v", n, len(docs), time.Since(t0).Round(time.Millisecond))
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
			for b.Loop() {
				if _, err := s.Relations(ctx, newsgraph.RelationQuery{From: w.from, To: w.to, Actor: "actor-007"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// quoteCorpus stores documents of synthetic events between 6 actors, each reporting sentence also quoted: by one
// of the document's entities or an unresolved speaker, dated to a day, a month, a year, a week, without a year or
// not at all; some documents hold two quotes at one place (the second is not stored). Documents are committed in
// batches, some batches twice.
func quoteCorpus(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(5, 6))
	actors := storetest.SynthActors(6)
	for b := range 30 {
		var ds []*newsgraph.Document
		for i := b * 10; i < b*10+10; i++ {
			ds = append(ds, storetest.QuoteDocument(r, actors, i))
		}
		if err := storetest.CommitDocuments(ctx, s, ds, func(i int) string { return fmt.Sprintf("q%d.txt", b*10+i) }, 1+b%2); err != nil {
			t.Fatal(err)
		}
	}
}

// quotesByScan counts the quotes by one entity about another in a window from the quotes themselves, as
// Relations did before it read quote cells: the reference the cells must reproduce.
func quotesByScan(t *testing.T, s *Store, from, to time.Time, actor, other string) map[[2]string]int {
	t.Helper()
	var p params
	where := append(eventWindow(&p, "q.date", from, to), `q.speaker_id != ''`)
	switch {
	case other != "":
		x, y := p.add(actor), p.add(other)
		where = append(where, `(q.speaker_id = `+x+` AND a.entity_id = `+y+` OR q.speaker_id = `+y+` AND a.entity_id = `+x+`)`)
	case actor != "":
		x := p.add(actor)
		where = append(where, `(q.speaker_id = `+x+` OR a.entity_id = `+x+`)`)
	}
	rows, err := s.pool.Query(context.Background(), `SELECT q.speaker_id, a.entity_id, count(*)::int FROM quotes q
		JOIN quote_about a ON a.doc_id = q.doc_id AND a.start = q.start
		WHERE `+strings.Join(where, " AND ")+` GROUP BY q.speaker_id, a.entity_id`, p...)
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
	s := open(t, pgtest.Start(t))
	defer s.Close()
	quoteCorpus(t, s)
	days := []time.Time{{}}
	for _, d := range []string{"2018-12-31", "2019-01-01", "2019-03-01", "2019-03-15", "2019-03-31", "2019-12-31", "2020-01-01",
		"2020-02-29", "2020-06-10", "2021-01-01", "2021-07-31", "2021-08-01", "2021-12-31", "2022-01-01"} {
		t0, _ := time.Parse("2006-01-02", d)
		days = append(days, t0)
	}
	sources, targets := []string{"a0", "a2", "a3", "a5"}, []string{"a1", "a2", "a3"}
	inKept := func(k [2]string) bool { return slices.Contains(sources, k[0]) && slices.Contains(targets, k[1]) }
	checked := 0
	for _, from := range days {
		for _, to := range days {
			for _, who := range [][]string{nil, {"a1"}, {"a2", "a3"}, {"a4", "a4"}} {
				var actor, other string
				if len(who) > 0 {
					actor = who[0]
				}
				if len(who) > 1 {
					other = who[1]
				}
				want := quotesByScan(t, s, from, to, actor, other)
				for _, limited := range []bool{false, true} {
					got := map[[2]string]int{}
					if err := s.quoteCounts(ctx, rowkit.WindowParts(from, to), who, limited, sources, targets, func(speaker, entity string, n int) {
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
					q := newsgraph.RelationQuery{From: from, To: to, Actor: actor, Other: other, Evidence: -1, Limit: limit}
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
		return textRows(t, s, `SELECT concat_ws(' ', grain, bucket, speaker_id, entity_id, quotes) FROM quote_pairs ORDER BY grain, bucket, speaker_id, entity_id`)
	}
	before := cells()
	rerunBackfill(t, s, "0008_quote_pairs.sql", "-- The quotes stored before this migration.", "quote_pairs")
	if got := cells(); !slices.Equal(got, before) {
		t.Errorf("the migration computes %d cells, Commit kept %d (first difference %s)", len(got), len(before), storetest.FirstDiff(got, before))
	}
	if len(before) < 500 {
		t.Errorf("only %d quote cells", len(before))
	}
}
