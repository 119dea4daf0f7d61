package worker

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"newsgraph"
	"newsgraph/annotate"
	"newsgraph/cluster"
	"newsgraph/extract"
	"newsgraph/ingest"
	"newsgraph/internal/pgtest"
	"newsgraph/source"
	"newsgraph/store/postgres"
	"newsgraph/store/sqlite"
)

func TestMain(m *testing.M) {
	if dsn := os.Getenv("NEWSGRAPH_WORKER_CHILD"); dsn != "" {
		os.Exit(child(dsn))
	}
	pgtest.Main(m)
}

// child is a worker process for the tests that kill one and for BenchmarkServer: it works the queue of dsn
// until idle. For the benchmark (NEWSGRAPH_WORKER_BENCH set to the number of jobs at once) it runs with the
// default options and writes its Stats as JSON to the file NEWSGRAPH_WORKER_STATS.
func child(dsn string) int {
	ctx := context.Background()
	st, err := postgres.OpenOptions(ctx, dsn, postgres.Options{MaxConns: 8})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	defer st.Close()
	var opt Options
	if n, _ := strconv.Atoi(os.Getenv("NEWSGRAPH_WORKER_BENCH")); n > 0 {
		debug.SetGCPercent(200) // as the worker command runs
		debug.SetMemoryLimit(1 << 30)
		opt = Options{Workers: n, Annotate: pipeline(nil), UntilIdle: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	} else {
		delay, _ := time.ParseDuration(os.Getenv("NEWSGRAPH_WORKER_DELAY"))
		opt = faultOptions(pipeline(nil), delay)
		opt.NoLocalRescue = os.Getenv("NEWSGRAPH_WORKER_NO_LOCAL_RESCUE") != ""
	}
	stats, err := Run(ctx, st, opt)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	if path := os.Getenv("NEWSGRAPH_WORKER_STATS"); path != "" {
		b, _ := json.Marshal(stats)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			return 1
		}
	}
	return 0
}

// faultOptions are the worker options of the fault tests: short timeouts so that jobs of a killed worker are
// rescued within seconds, and annotation slowed by delay per document so that faults land mid-job.
func faultOptions(annotate func(context.Context, *newsgraph.Document) error, delay time.Duration) Options {
	return Options{
		Workers: 2,
		Annotate: func(ctx context.Context, d *newsgraph.Document) error {
			time.Sleep(delay)
			return annotate(ctx, d)
		},
		FetchCooldown:     10 * time.Millisecond,
		FetchPollInterval: 100 * time.Millisecond,
		JobTimeout:        8 * time.Second,
		RescueAfter:       9 * time.Second,
		StopTimeout:       5 * time.Second,
		ClusterPoll:       100 * time.Millisecond,
		UntilIdle:         true,
		Logger:            slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
}

var (
	pipeOnce sync.Once
	pipe     *annotate.Pipeline
	pipeErr  error
)

// pipeline returns the default annotation pipeline's Annotate, built once per test binary.
func pipeline(t testing.TB) func(context.Context, *newsgraph.Document) error {
	pipeOnce.Do(func() { pipe, pipeErr = annotate.Default(annotate.Options{}) })
	if pipeErr != nil {
		if t == nil {
			panic(pipeErr)
		}
		t.Fatal(pipeErr)
	}
	return pipe.Annotate
}

var (
	countries = []string{"France", "Germany", "Kenya", "Brazil", "Japan", "Egypt", "Canada", "Norway", "Chile", "India"}
	people    = []string{"Amara Okoye", "Lars Brenner", "Tomas Vidal", "Keiko Arai", "Omar Haddad", "Ines Moreau", "Rafael Soto", "Anna Lindqvist", "Priya Menon", "David Osei"}
	cities    = []string{"Nairobi", "Geneva", "Oslo", "Cairo", "Lima", "Dakar", "Hanoi", "Quito", "Accra", "Bern"}
)

// corpus describes the generated test input: happenings reported by several articles each, exact copies of
// some articles under other names, and items that cannot be read.
type corpus struct {
	files    int // files written
	distinct int // distinct texts: the documents a run stores
	copies   int // byte-identical copies: duplicates
	bad      int // files that fail
}

// writeCorpus writes happenings x reports short articles (own text, written for these tests) into dir, a copy of
// every seventh, an empty file and a binary file.
func writeCorpus(t testing.TB, dir string, happenings, reports int) corpus {
	t.Helper()
	var c corpus
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		c.files++
	}
	n := 0
	for h := 0; h < happenings; h++ {
		a, b := countries[h%len(countries)], countries[(h+3)%len(countries)]
		p1, p2 := people[h%len(people)], people[(h+5)%len(people)]
		last1, last2 := p1[strings.LastIndexByte(p1, ' ')+1:], p2[strings.LastIndexByte(p2, ' ')+1:]
		city := cities[(h*3)%len(cities)]
		date := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, h*2)
		for r := 0; r < reports; r++ {
			var title, body string
			switch r % 3 {
			case 0:
				title = fmt.Sprintf("%s and %s agree to reopen border crossings", a, b)
				body = fmt.Sprintf("%s, the foreign minister of %s, met %s of %s in %s on Monday. \"We agreed to reopen the border crossings,\" %s told reporters after the talks.",
					p1, a, p2, b, city, last1)
			case 1:
				title = fmt.Sprintf("Talks in %s end with a border deal", city)
				body = fmt.Sprintf("Foreign ministers %s and %s held talks in %s on Monday about the border between %s and %s. \"The crossings will reopen within a week,\" %s said.",
					p1, p2, city, a, b, last2)
			default:
				title = fmt.Sprintf("%s: %s praises accord with %s", city, last2, a)
				body = fmt.Sprintf("%s and %s agreed in %s to reopen their border crossings, %s said on Monday. %s praised the agreement and accused smugglers of delaying it.",
					a, b, city, p1, p2)
			}
			body += fmt.Sprintf("\n\nTrade between the two countries grew by %d percent last year, according to figures released by the %s customs office in report number %d.\n",
				3+(h*7+r*5)%40, city, h*100+r)
			text := fmt.Sprintf("%s\n\ndate %s\n\n%s", title, date.Format("2006-01-02"), body)
			name := fmt.Sprintf("h%03d-r%d.txt", h, r)
			write(name, text)
			c.distinct++
			if n%7 == 3 {
				write(fmt.Sprintf("h%03d-r%d-copy.txt", h, r), text) // read right after its original
				c.copies++
			}
			n++
		}
	}
	write("zz-empty.txt", "")
	write("zz-binary.txt", "\x00\x01\x02\x03 not text \x00\xff\xfe")
	c.bad = 2
	return c
}

// result is what a run stored, in terms that do not depend on the store or on where the files were.
type result struct {
	raw                      map[newsgraph.RawStatus]int
	docs                     []string // document IDs, sorted
	mentions, quotes, events int
	entities                 int
	clusters                 []string // each cluster's document IDs, sorted and joined; sorted
	assigned                 int      // documents in clusters
	copies, rewrites         int
}

func summarize(t testing.TB, st newsgraph.Store) result {
	t.Helper()
	ctx := context.Background()
	s, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r := result{raw: s.Raw}
	hits, _, err := st.Search(ctx, newsgraph.Query{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		r.docs = append(r.docs, h.Doc.ID)
	}
	slices.Sort(r.docs)
	ents, n, err := st.(newsgraph.EntityStore).Entities(ctx, newsgraph.EntityQuery{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	r.entities = n
	for _, e := range ents {
		r.mentions += e.Mentions
	}
	if _, r.quotes, err = st.(newsgraph.QuoteStore).Quotes(ctx, newsgraph.QuoteQuery{Limit: 1}); err != nil {
		t.Fatal(err)
	}
	if _, r.events, err = st.(newsgraph.EventStore).Events(ctx, newsgraph.EventQuery{Limit: 1}); err != nil {
		t.Fatal(err)
	}
	cs := st.(newsgraph.ClusterStore)
	clusters, _, err := cs.Clusters(ctx, newsgraph.ClusterQuery{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range clusters {
		docs := slices.Clone(c.Docs)
		slices.Sort(docs)
		r.clusters = append(r.clusters, strings.Join(docs, ","))
		r.assigned += len(docs)
	}
	slices.Sort(r.clusters)
	if _, r.copies, err = cs.Duplicates(ctx, newsgraph.DuplicateQuery{Kind: newsgraph.DuplicateCopy, Limit: 1}); err != nil {
		t.Fatal(err)
	}
	if _, r.rewrites, err = cs.Duplicates(ctx, newsgraph.DuplicateQuery{Kind: newsgraph.DuplicateRewrite, Limit: 1}); err != nil {
		t.Fatal(err)
	}
	return r
}

// embedded ingests dir into a new SQLite store with the same pipeline and clustering: the reference.
func embedded(t testing.TB, dir string) result {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ref.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := ingest.NewClusterer(ctx, st, cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	inputs, err := source.Plan([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	_, err = ingest.Run(ctx, st, extract.New(extract.Options{}), inputs, nil, ingest.Options{Annotate: pipeline(t),
		Cluster: func(ctx context.Context, docs []*newsgraph.Document) error { _, err := c.Add(ctx, docs); return err }})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	return summarize(t, st)
}

// enqueue stores dir's items in st and queues their jobs, as `newsgraph ingest --db postgres://...` does, in
// batches of batch items (0: ingest's default, 64: two jobs each).
func enqueue(t testing.TB, st *postgres.Store, dir string, batch int) ingest.Summary {
	t.Helper()
	ctx := context.Background()
	q, err := NewQueue(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	inputs, err := source.Plan([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := ingest.Run(ctx, st, extract.New(extract.Options{}), inputs, nil, ingest.Options{Queue: q.Add, BatchSize: batch})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// checkOnce checks that a server run stored what the embedded run stored: every article processed exactly
// once (no raw item left pending, one document per distinct text, as many duplicates and failures, the same
// mentions, quotes and events, none doubled), every document clustered once, into the same clusters.
func checkOnce(t *testing.T, got, want result, c corpus) {
	t.Helper()
	if got.raw[newsgraph.RawPending] != 0 {
		t.Errorf("%d raw items left pending", got.raw[newsgraph.RawPending])
	}
	if got.raw[newsgraph.RawDone] != c.distinct || got.raw[newsgraph.RawDuplicate] != c.copies || got.raw[newsgraph.RawFailed] != c.bad {
		t.Errorf("raw items %v, want %d done, %d duplicate, %d failed", got.raw, c.distinct, c.copies, c.bad)
	}
	if !maps(got.raw, want.raw) {
		t.Errorf("raw items %v, embedded mode %v", got.raw, want.raw)
	}
	if len(got.docs) != c.distinct || !slices.Equal(got.docs, want.docs) {
		t.Errorf("%d documents, want %d, the embedded run's", len(got.docs), len(want.docs))
	}
	if got.mentions != want.mentions || got.quotes != want.quotes || got.events != want.events || got.entities != want.entities {
		t.Errorf("%d mentions of %d entities, %d quotes, %d events; embedded mode %d of %d, %d, %d",
			got.mentions, got.entities, got.quotes, got.events, want.mentions, want.entities, want.quotes, want.events)
	}
	if want.quotes == 0 || want.events == 0 || want.mentions == 0 {
		t.Errorf("the reference has %d mentions, %d quotes, %d events: the corpus should exercise all", want.mentions, want.quotes, want.events)
	}
	if got.assigned != len(got.docs) {
		t.Errorf("%d documents in clusters, want each of the %d once", got.assigned, len(got.docs))
	}
	if !slices.Equal(got.clusters, want.clusters) || got.copies != want.copies || got.rewrites != want.rewrites {
		t.Errorf("%d clusters (%d copies, %d rewrites), embedded mode %d (%d, %d); first differing: %s",
			len(got.clusters), got.copies, got.rewrites, len(want.clusters), want.copies, want.rewrites, firstDiff(got.clusters, want.clusters))
	}
}

func maps(a, b map[newsgraph.RawStatus]int) bool {
	for _, k := range []newsgraph.RawStatus{newsgraph.RawPending, newsgraph.RawDone, newsgraph.RawDuplicate, newsgraph.RawFailed} {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("%q vs %q", a[i], b[i])
		}
	}
	return "(one list is a prefix of the other)"
}

var (
	refOnce sync.Once
	ref     result
)

// reference writes the standard corpus into a directory of t's and returns it, with the result of an embedded
// run over it (computed once per test binary: a result names documents by ID, which depends on the text only).
func reference(t *testing.T) (string, corpus, result) {
	t.Helper()
	dir := t.TempDir()
	c := writeCorpus(t, dir, 24, 5)
	refOnce.Do(func() { ref = embedded(t, dir) })
	if ref.raw == nil {
		t.Fatal("no reference run")
	}
	return dir, c, ref
}

func openPG(t testing.TB, dsn string) *postgres.Store {
	t.Helper()
	st, err := postgres.OpenOptions(context.Background(), dsn, postgres.Options{MaxConns: 10})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestServerMatchesEmbedded ingests in server mode (store and queue, then three concurrent workers of one
// process) and compares what is stored with an embedded run over the same input.
func TestServerMatchesEmbedded(t *testing.T) {
	dir, c, want := reference(t)
	ctx := context.Background()
	st := openPG(t, pgtest.Start(t))
	sum := enqueue(t, st, dir, 0)
	if sum.Queued != c.distinct+c.copies || sum.Failed != c.bad || sum.New != 0 {
		t.Fatalf("ingest queued %d items, %d failed, %d processed; want %d queued, %d failed, none processed", sum.Queued, sum.Failed, sum.New, c.distinct+c.copies, c.bad)
	}
	if p, _ := st.Pending(ctx, 0, 1000); len(p) != c.distinct+c.copies {
		t.Fatalf("%d raw items pending after ingest, want %d", len(p), c.distinct+c.copies)
	}
	// Ingesting again queues nothing: the items are stored and queued already.
	if again := enqueue(t, st, dir, 0); again.Queued != 0 {
		t.Errorf("a second ingest of the same files queued %d items, want 0", again.Queued)
	}
	opt := faultOptions(pipeline(t), 0)
	opt.Workers = 3
	stats, err := Run(ctx, st, opt)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Items != c.distinct+c.copies || stats.New != c.distinct || stats.Clustered != c.distinct || stats.Skipped != 0 {
		t.Errorf("Run: %d items (%d new), %d skipped, %d clustered; want %d (%d new), 0 skipped, %d clustered",
			stats.Items, stats.New, stats.Skipped, stats.Clustered, c.distinct+c.copies, c.distinct, c.distinct)
	}
	checkOnce(t, summarize(t, st), want, c)
}

// TestJobsRunTwice queues every item twice (as a rescued job that still ran, or a requeue racing a job, would)
// and queues items stored without a job: each item is processed once.
func TestJobsRunTwice(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c := writeCorpus(t, dir, 4, 3)
	st := openPG(t, pgtest.Start(t))
	inputs, err := source.Plan([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	// Stored by a plain AddRaw: pending, no job.
	if _, err := ingest.Run(ctx, st, nil, inputs, nil, ingest.Options{Queue: st.AddRaw}); err != nil {
		t.Fatal(err)
	}
	q, err := NewQueue(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 2; round++ {
		n, err := q.Requeue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := []int{c.distinct + c.copies, 0}[round]; n != want {
			t.Errorf("Requeue #%d queued %d items, want %d", round+1, n, want)
		}
	}
	var ids []int64
	pending, _ := st.Pending(ctx, 0, 1000)
	for _, r := range pending {
		ids = append(ids, r.ID)
	}
	tx, err := st.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.insertTx(ctx, tx, ids); err != nil { // every item a second time
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	opt := faultOptions(pipeline(t), 0)
	stats, err := Run(ctx, st, opt)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Items != c.distinct+c.copies || stats.Skipped != c.distinct+c.copies {
		t.Errorf("Run: %d items committed, %d skipped; want %d committed once and %d skipped the second time", stats.Items, stats.Skipped, c.distinct+c.copies, c.distinct+c.copies)
	}
	got := summarize(t, st)
	if got.raw[newsgraph.RawDone] != c.distinct || got.raw[newsgraph.RawDuplicate] != c.copies || got.raw[newsgraph.RawPending] != 0 || got.assigned != c.distinct {
		t.Errorf("raw %v, %d clustered; want %d done, %d duplicate, none pending, %d clustered", got.raw, got.assigned, c.distinct, c.copies, c.distinct)
	}
}

// TestClustererTakeover stops a clusterer after it saved its state and then assigned more documents without
// saving it (as a crash would), and lets another take over: the new one replays the assignments made after the
// saved state, and the clusters end as an embedded run's.
func TestClustererTakeover(t *testing.T) {
	dir, c, want := reference(t)
	ctx := context.Background()
	st := openPG(t, pgtest.Start(t))
	enqueue(t, st, dir, 0)
	opt := faultOptions(pipeline(t), 0)
	opt.NoCluster = true
	if _, err := Run(ctx, st, opt); err != nil {
		t.Fatal(err)
	}
	ids, _, err := st.ClusterReady(ctx, 0, 10000)
	if err != nil || len(ids) != c.distinct {
		t.Fatalf("ClusterReady = %d documents, %v; want %d", len(ids), err, c.distinct)
	}
	third := len(ids) / 3
	first, err := ingest.LoadClusterer(ctx, st, cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := first.AddIDs(ctx, ids[:third]); err != nil {
		t.Fatal(err)
	}
	if err := first.Flush(ctx); err != nil { // the state covers the first third
		t.Fatal(err)
	}
	if err := first.AddIDs(ctx, ids[third:2*third]); err != nil { // assignments saved, the state not
		t.Fatal(err)
	}
	since, err := st.AssignedSinceState(ctx)
	if err != nil || !slices.Equal(since, ids[third:2*third]) {
		t.Fatalf("AssignedSinceState = %d documents, %v; want the %d assigned after the state was saved", len(since), err, third)
	}
	second, err := ingest.LoadClusterer(ctx, st, cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := second.Index().Stats().Docs; got != int64(2*third) {
		t.Errorf("the clusterer taking over knows %d documents, want %d (the saved state and the replayed ones)", got, 2*third)
	}
	if err := second.AddIDs(ctx, ids[2*third:]); err != nil {
		t.Fatal(err)
	}
	if err := second.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	got := summarize(t, st)
	if !slices.Equal(got.clusters, want.clusters) || got.assigned != c.distinct {
		t.Errorf("after the takeover: %d clusters of %d documents, embedded mode %d of %d; first differing: %s",
			len(got.clusters), got.assigned, len(want.clusters), c.distinct, firstDiff(got.clusters, want.clusters))
	}
	if since, err := st.AssignedSinceState(ctx); err != nil || len(since) != 0 {
		t.Errorf("AssignedSinceState after Flush = %d documents, %v; want none", len(since), err)
	}
}
