package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"newsgraph"
	"newsgraph/internal/pgtest"
	"newsgraph/query"
	"newsgraph/store/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func open(t testing.TB, dsn string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) newsgraph.Store {
		return open(t, pgtest.Start(t))
	})
}

func TestMigrationsIdempotent(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Start(t)
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("embedded migrations: %v, %v", files, err)
	}
	for i := 0; i < 2; i++ {
		s := open(t, dsn)
		var n, max int
		if err := s.pool.QueryRow(ctx, `SELECT count(*), max(version) FROM schema_migrations`).Scan(&n, &max); err != nil || n != len(files) {
			t.Errorf("open #%d: schema_migrations has %d rows (max %d), %v; want %d", i+1, n, max, err, len(files))
		}
		s.Close()
	}
}

// Processes that start at once on a new database apply each migration once and all open it.
func TestConcurrentOpen(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Start(t)
	const n = 6
	stores := make([]*Store, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], errs[i] = OpenOptions(ctx, dsn, Options{MaxConns: 2})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Open #%d of %d at once: %v", i, n, err)
		}
		defer stores[i].Close()
	}
	var rows, versions int
	if err := stores[0].pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&rows, &versions); err != nil || rows != versions {
		t.Errorf("schema_migrations: %d rows for %d versions, %v", rows, versions, err)
	}
	if _, _, err := stores[n-1].Search(ctx, newsgraph.Query{Text: "anything"}); err != nil {
		t.Errorf("Search on a store opened concurrently: %v", err)
	}
}

func TestCancelledContext(t *testing.T) {
	s := open(t, pgtest.Start(t))
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := s.AddRaw(ctx, []newsgraph.Item{{Origin: newsgraph.Origin{Path: "a.txt"}, Raw: []byte("x")}}); !errors.Is(err, context.Canceled) {
		t.Errorf("AddRaw(cancelled) error = %v, want context.Canceled", err)
	}
	if _, _, err := s.Search(ctx, newsgraph.Query{Text: "x"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Search(cancelled) error = %v, want context.Canceled", err)
	}
	if err := s.Commit(ctx, []newsgraph.Outcome{{RawID: 1, Err: errors.New("x")}}); !errors.Is(err, context.Canceled) {
		t.Errorf("Commit(cancelled) error = %v, want context.Canceled", err)
	}
	if _, err := Open(ctx, pgtest.Start(t)); err == nil {
		t.Errorf("Open(cancelled) succeeded")
	}
	// The store still works with a live context: nothing was left half done.
	if _, _, err := s.AddRaw(context.Background(), []newsgraph.Item{{Origin: newsgraph.Origin{Path: "a.txt"}, Raw: []byte("x")}}); err != nil {
		t.Errorf("AddRaw after a cancelled call: %v", err)
	}
	// A query cut short by a deadline is cancelled on the server and reported.
	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := s.pool.Exec(ctx, `SELECT pg_sleep(5)`); !errors.Is(err, context.DeadlineExceeded) && !isCode(err, "57014") {
		t.Errorf("slow query past its deadline: %v", err)
	}
}

func TestBadDSN(t *testing.T) {
	for _, dsn := range []string{"postgres://nobody@127.0.0.1:1/none?connect_timeout=2", "not a dsn ::: ="} {
		if s, err := Open(context.Background(), dsn); err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded", dsn)
		}
	}
}

// Several processes (stores with their own pools) add and commit the same articles in different orders at once:
// none deadlocks, every article is stored once, and exactly one commit of each document reports it new.
func TestConcurrentProcesses(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Start(t)
	const procs, docs = 4, 60
	ents := []newsgraph.Entity{
		{ID: "RUS", Name: "Russia", Label: "LOC", Known: true},
		{ID: "TUR", Name: "Turkey", Label: "LOC", Known: true},
		{ID: "IRN", Name: "Iran", Label: "LOC", Known: true},
	}
	type result struct {
		newDocs map[string]int
		err     error
	}
	results := make([]result, procs)
	var wg sync.WaitGroup
	for p := range procs {
		s := open(t, dsn)
		defer s.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(p), 1))
			order := rng.Perm(docs)
			res := result{newDocs: map[string]int{}}
			defer func() { results[p] = res }()
			for start := 0; start < docs; start += 10 {
				var items []newsgraph.Item
				var ds []*newsgraph.Document
				for _, i := range order[start : start+10] {
					text := fmt.Sprintf("Article %d: Russia, Turkey and Iran met in Astana.", i)
					items = append(items, newsgraph.Item{Origin: newsgraph.Origin{Path: fmt.Sprintf("feed/%d.txt", i)}, Format: newsgraph.FormatText, Raw: []byte(text)})
					d := &newsgraph.Document{ID: newsgraph.DocumentID(text), Text: text, Title: fmt.Sprintf("Astana %d", i), Language: "en"}
					// Entities in a different order in each document, so the batches name them in different orders.
					for k := range ents {
						e := ents[(k+i)%len(ents)]
						at := strings.Index(text, e.Name)
						d.Entities = append(d.Entities, newsgraph.DocEntity{Entity: e})
						d.Mentions = append(d.Mentions, newsgraph.Mention{Span: newsgraph.Span{Start: at, End: at + len(e.Name)}, Label: "LOC", Kind: newsgraph.MentionName, Entity: k})
					}
					sort.Slice(d.Mentions, func(a, b int) bool { return d.Mentions[a].Start < d.Mentions[b].Start })
					ds = append(ds, d)
				}
				ids, _, err := s.AddRaw(ctx, items)
				if err != nil {
					res.err = err
					return
				}
				var outs []newsgraph.Outcome
				for j := range ds {
					outs = append(outs, newsgraph.Outcome{RawID: ids[j], Doc: ds[j]})
				}
				if err := s.Commit(ctx, outs); err != nil {
					res.err = err
					return
				}
				for _, o := range outs {
					if !o.Duplicate {
						res.newDocs[o.Doc.ID]++
					}
				}
			}
		}()
	}
	wg.Wait()
	news := map[string]int{}
	for p, r := range results {
		if r.err != nil {
			t.Fatalf("process %d: %v", p, r.err)
		}
		for id, n := range r.newDocs {
			news[id] += n
		}
	}
	if len(news) != docs {
		t.Errorf("%d documents reported new, want %d", len(news), docs)
	}
	for id, n := range news {
		if n != 1 {
			t.Errorf("document %s reported new by %d commits, want 1", id, n)
		}
	}
	s := open(t, dsn)
	defer s.Close()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Every process commits every raw item, so each is committed again after its document is stored: as in the
	// SQLite store, the last commit makes it a duplicate (storetest.RawStatus). None is left pending.
	if st.Documents != docs || st.Raw[newsgraph.RawDone]+st.Raw[newsgraph.RawDuplicate] != docs || st.Raw[newsgraph.RawPending] != 0 {
		t.Errorf("Stats = %d documents, raw %v; want %d documents, %d raw items done or duplicate", st.Documents, st.Raw, docs, docs)
	}
	all, total, err := s.Entities(ctx, newsgraph.EntityQuery{})
	if err != nil || total != len(ents) {
		t.Fatalf("Entities = %d, %v; want %d", total, err, len(ents))
	}
	for _, c := range all {
		if c.Mentions != docs || c.Documents != docs {
			t.Errorf("entity %s: %d mentions in %d documents, want %d in %d", c.Entity.ID, c.Mentions, c.Documents, docs, docs)
		}
	}
}

// Accents do not matter when unaccent is installed, as with SQLite's remove_diacritics.
func TestSearchDiacritics(t *testing.T) {
	ctx := context.Background()
	s := open(t, pgtest.Start(t))
	defer s.Close()
	var unaccent bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent')`).Scan(&unaccent); err != nil {
		t.Fatal(err)
	}
	if !unaccent {
		t.Skip("the unaccent extension is not installed on this server")
	}
	texts := []string{"Talks in Genève ended on Friday.", "Ärzte ohne Grenzen reported from Aleppo."}
	ids, _, err := s.AddRaw(ctx, []newsgraph.Item{{Origin: newsgraph.Origin{Path: "a"}, Raw: []byte(texts[0])}, {Origin: newsgraph.Origin{Path: "b"}, Raw: []byte(texts[1])}})
	if err != nil {
		t.Fatal(err)
	}
	var outs []newsgraph.Outcome
	for i, text := range texts {
		outs = append(outs, newsgraph.Outcome{RawID: ids[i], Doc: &newsgraph.Document{ID: newsgraph.DocumentID(text), Text: text}})
	}
	if err := s.Commit(ctx, outs); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		q    string
		want int
	}{{"geneve", 1}, {"Genève", 1}, {"GENEVE", 1}, {"arzte", 1}, {"Ärz*", 1}, {`"arzte ohne"`, 1}, {"genf", 0}} {
		hits, total, err := s.Search(ctx, newsgraph.Query{Text: tc.q})
		if err != nil || total != tc.want {
			t.Errorf("Search(%q) total = %d, %v; want %d", tc.q, total, err, tc.want)
		}
		if tc.want > 0 && len(hits) > 0 && !strings.Contains(hits[0].Snippet, "«") {
			t.Errorf("Search(%q) snippet %q marks no match", tc.q, hits[0].Snippet)
		}
	}
}

// Text PostgreSQL cannot store (NUL, invalid UTF-8) is replaced byte for byte, so spans still hold.
func TestUnstorableBytes(t *testing.T) {
	ctx := context.Background()
	s := open(t, pgtest.Start(t))
	defer s.Close()
	text := "Lavrov\x00 met Fidan \xff in Doha."
	ids, _, err := s.AddRaw(ctx, []newsgraph.Item{{Origin: newsgraph.Origin{Path: "bad\xfe.txt"}, Raw: []byte(text), Title: "t\x00"}})
	if err != nil {
		t.Fatal(err)
	}
	d := &newsgraph.Document{ID: newsgraph.DocumentID(text), Text: text, Title: "Doha\x00",
		Entities: []newsgraph.DocEntity{{Entity: newsgraph.Entity{ID: "x-fidan", Name: "Fidan", Label: "PER"}}},
		Mentions: []newsgraph.Mention{{Span: newsgraph.Span{Start: 12, End: 17}, Label: "PER", Kind: newsgraph.MentionName}}}
	if err := s.Commit(ctx, []newsgraph.Outcome{{RawID: ids[0], Doc: d}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Document(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Text) != len(text) || got.Mentions[0].In(got.Text) != "Fidan" {
		t.Errorf("stored text %q (%d bytes, want %d); mention reads %q", got.Text, len(got.Text), len(text), got.Mentions[0].In(got.Text))
	}
	raw, err := s.Pending(ctx, 0, 1)
	if err == nil && len(raw) == 1 && !bytes.Equal(raw[0].Item.Raw, []byte(text)) {
		t.Errorf("raw bytes changed: %q", raw[0].Item.Raw)
	}
	if _, total, err := s.Search(ctx, newsgraph.Query{Text: "fidan doha"}); err != nil || total != 1 {
		t.Errorf("Search(fidan doha) = %d, %v; want 1", total, err)
	}
}

func TestSearchPastTheEnd(t *testing.T) {
	ctx := context.Background()
	s := open(t, pgtest.Start(t))
	defer s.Close()
	var items []newsgraph.Item
	for i := range 3 {
		items = append(items, newsgraph.Item{Origin: newsgraph.Origin{Path: fmt.Sprint(i)}, Raw: []byte(fmt.Sprintf("Report %d from Idlib.", i))})
	}
	ids, _, err := s.AddRaw(ctx, items)
	if err != nil {
		t.Fatal(err)
	}
	var outs []newsgraph.Outcome
	for i, it := range items {
		outs = append(outs, newsgraph.Outcome{RawID: ids[i], Doc: &newsgraph.Document{ID: newsgraph.DocumentID(string(it.Raw)), Text: string(it.Raw)}})
	}
	if err := s.Commit(ctx, outs); err != nil {
		t.Fatal(err)
	}
	for _, q := range []newsgraph.Query{{Text: "idlib", Offset: 10}, {Offset: 10}, {Text: "idlib", Offset: 2, Limit: 5}} {
		hits, total, err := s.Search(ctx, q)
		if err != nil || total != 3 || len(hits) != max(0, 3-q.Offset) {
			t.Errorf("Search(%+v) = %d hits, total %d, %v; want total 3", q, len(hits), total, err)
		}
	}
}

// Every tsquery that TSQuery renders, from parsed user queries and from hand-built words, is accepted by
// to_tsquery on a real server.
func TestTSQueryAcceptedByServer(t *testing.T) {
	ctx := context.Background()
	s := open(t, pgtest.Start(t))
	defer s.Close()
	alphabet := []string{"a", "b", "é", "Ω", "1", " ", " ", `"`, "'", `\`, "-", "*", "OR", "|", "&", "!", "(", ")", ":", "<->", "\u0301", "ß", "日本", "\t"}
	rng := rand.New(rand.NewPCG(7, 7))
	var queries []string
	for range 600 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		src := b.String()
		if q, err := query.Parse(src); err == nil && !q.Empty() {
			queries = append(queries, q.TSQuery())
		}
		hand := query.Query{Clauses: [][]query.Term{{{Words: []string{src, "x"}, Prefix: true}}, {{Words: []string{src + "y"}, Not: true}}}}
		queries = append(queries, hand.TSQuery())
	}
	batch := &pgx.Batch{}
	for _, q := range queries {
		batch.Queue(`SELECT to_tsquery('newsgraph', $1)::text`, q)
	}
	br := s.pool.SendBatch(ctx, batch)
	defer br.Close()
	for _, q := range queries {
		var out string
		if err := br.QueryRow().Scan(&out); err != nil {
			t.Errorf("to_tsquery(%q): %v", q, err)
		}
	}
}

// isCode reports whether err is a PostgreSQL error with the given SQLSTATE.
func isCode(err error, code string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == code
}

func TestRawStatus(t *testing.T) {
	s := open(t, pgtest.Start(t))
	defer s.Close()
	storetest.RawStatus(t, s)
}

// rerunBackfill is storetest.RerunBackfill on s.
func rerunBackfill(t *testing.T, s *Store, file, marker string, tables ...string) {
	t.Helper()
	storetest.RerunBackfill(t, migrations, file, marker, func(q string) error { _, err := s.pool.Exec(context.Background(), q); return err }, tables...)
}

// textRows returns the one text column of the rows of query.
func textRows(t *testing.T, s *Store, query string) []string {
	t.Helper()
	rows, err := s.pool.Query(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}
