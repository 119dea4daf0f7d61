package api_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsgraph"
	"newsgraph/api"
	"newsgraph/api/apitest"
	"newsgraph/store/sqlite"
)

// TestLatency measures the API's latency (p50, p95) for search, facets, entity profiles and the graph over a
// generated corpus, through the HTTP handler and a real SQLite store. It is slow, so it runs only when
// NEWSGRAPH_LATENCY is set:
//
//	NEWSGRAPH_LATENCY=1 go test ./api/ -run TestLatency -v -timeout 30m
//
// NEWSGRAPH_LATENCY_DOCS sets the corpus size (default 100000); NEWSGRAPH_LATENCY_DB keeps the database at that
// path and reuses it when it exists (the corpus is generated once); NEWSGRAPH_LATENCY_KINDS=search,facets,entity,
// graph,graph-edge,graph-all measures only those; NEWSGRAPH_LATENCY_VERBOSE=1 lists every query's time. The test fails when a p95 exceeds
// NEWSGRAPH_LATENCY_P95_MS (default 100) for any kind.
func TestLatency(t *testing.T) {
	if os.Getenv("NEWSGRAPH_LATENCY") == "" {
		t.Skip("set NEWSGRAPH_LATENCY=1 to measure API latency over a generated corpus (minutes)")
	}
	docs := envInt(t, "NEWSGRAPH_LATENCY_DOCS", 100000)
	limit := time.Duration(envInt(t, "NEWSGRAPH_LATENCY_P95_MS", 100)) * time.Millisecond
	ctx := context.Background()
	path := os.Getenv("NEWSGRAPH_LATENCY_DB")
	if path == "" {
		path = filepath.Join(t.TempDir(), "latency.db")
	}
	_, statErr := os.Stat(path)
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	world := apitest.NewWorld(apitest.GenOptions{Seed: 1})
	if statErr != nil {
		start := time.Now()
		const chunk = 5000
		for i := 0; i < docs; i += chunk {
			batch := apitest.Generate(apitest.GenOptions{Docs: min(chunk, docs-i), Seed: uint64(1000 + i)}, world)
			for j, d := range batch {
				d.Origin.Path = fmt.Sprintf("gen/%07d.txt", i+j)
			}
			if _, err := apitest.Commit(ctx, st, batch); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("generated and committed %d documents in %v", docs, time.Since(start).Round(time.Second))
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("corpus: %d documents, %s to %s", stats.Documents, stats.First.Format("2006-01-02"), stats.Last.Format("2006-01-02"))
	h := api.New(st, api.Options{Logf: t.Logf, Timeout: time.Minute})

	r := rand.New(rand.NewPCG(42, 7))
	word := func() string { return world.Words[int(float64(len(world.Words))*r.Float64()*r.Float64())] }
	actor := func(top int) newsgraph.Entity { return world.Actors[r.IntN(top)] }
	month := func() string { return fmt.Sprintf("%d-%02d", 2019+r.IntN(6), 1+r.IntN(12)) }

	type query struct{ kind, target string }
	var queries []query
	add := func(kind, format string, args ...any) {
		queries = append(queries, query{kind, fmt.Sprintf(format, args...)})
	}
	for range 40 {
		switch r.IntN(8) {
		case 0:
			add("search", "/api/v1/documents?q=%s", url.QueryEscape(word()))
		case 1:
			add("search", "/api/v1/documents?q=%s", url.QueryEscape(word()+" "+word()))
		case 2:
			add("search", "/api/v1/documents?q=%s", url.QueryEscape(strings.Fields(actor(50).Name)[0]))
		case 3:
			m := month()
			add("search", "/api/v1/documents?q=%s&from=%s&to=%s", url.QueryEscape(word()), m, m)
		case 4:
			add("search", "/api/v1/documents?entity=%s", url.QueryEscape(actor(100).ID))
		case 5:
			add("search", "/api/v1/documents?q=%s&lang=en&offset=40", url.QueryEscape(word()))
		case 6:
			add("search", "/api/v1/documents?q=%s", url.QueryEscape(`"`+word()+" "+word()+`"`))
		default:
			add("search", "/api/v1/documents")
		}
	}
	for range 20 {
		switch r.IntN(4) {
		case 0:
			add("facets", "/api/v1/facets")
		case 1:
			add("facets", "/api/v1/facets?q=%s", url.QueryEscape(word()))
		case 2:
			add("facets", "/api/v1/facets?entity=%s", url.QueryEscape(actor(100).ID))
		default:
			add("facets", "/api/v1/facets?q=%s&from=%s", url.QueryEscape(word()), month())
		}
	}
	for i := range 40 {
		e := world.Actors[i] // the 10 most prominent first, the worst case
		if i >= 10 {
			e = actor(len(world.Actors))
		}
		add("entity", "/api/v1/entities/%s", url.PathEscape(e.ID))
	}
	for range 30 {
		switch r.IntN(3) {
		case 0:
			m := month()
			add("graph", "/api/v1/graph?from=%s&to=%s", m, m)
		case 1:
			y := 2019 + r.IntN(6)
			add("graph", "/api/v1/graph?from=%d&to=%d", y, y)
		default:
			y := 2019 + r.IntN(6)
			q := 3 * r.IntN(4)
			add("graph", "/api/v1/graph?from=%d-%02d&to=%d-%02d", y, 1+q, y, 3+q)
		}
	}
	for range 10 {
		add("graph-edge", "/api/v1/graph/edges/%s/%s?from=%d&to=%d", url.PathEscape(actor(20).ID), url.PathEscape(actor(20).ID), 2019+r.IntN(6), 2024)
	}
	add("graph-all", "/api/v1/graph")

	if only := os.Getenv("NEWSGRAPH_LATENCY_KINDS"); only != "" {
		kinds := strings.Split(only, ",")
		queries = slices.DeleteFunc(queries, func(q query) bool { return !slices.Contains(kinds, q.kind) })
	}
	do := func(target string) (time.Duration, int) {
		req := httptest.NewRequest("GET", target, nil)
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		return time.Since(start), rec.Code
	}
	// A warm-up pass fills the page cache, as a running server's would be; then each query is timed 3 times.
	for _, q := range queries {
		if d, code := do(q.target); code != http.StatusOK && code != http.StatusNotFound {
			t.Fatalf("GET %s = %d (%v)", q.target, code, d)
		}
	}
	// Every sample counts in "all"; "best" keeps each query's fastest of its 3 runs, which discounts the
	// moments another process held the CPU (the machine is shared).
	times := map[string][]time.Duration{}
	best := map[string][]time.Duration{}
	slowest := map[string]query{}
	var worst = map[string]time.Duration{}
	fastest := make([]time.Duration, len(queries))
	for pass := range 3 {
		for i, q := range queries {
			d, _ := do(q.target)
			times[q.kind] = append(times[q.kind], d)
			if d > worst[q.kind] {
				worst[q.kind], slowest[q.kind] = d, q
			}
			if pass == 0 || d < fastest[i] {
				fastest[i] = d
			}
		}
	}
	for i, q := range queries {
		best[q.kind] = append(best[q.kind], fastest[i])
	}
	if os.Getenv("NEWSGRAPH_LATENCY_VERBOSE") != "" {
		for _, q := range queries {
			d, _ := do(q.target)
			t.Logf("%8v  %s", d.Round(100*time.Microsecond), q.target)
		}
	}
	for _, kind := range []string{"search", "facets", "entity", "graph", "graph-edge", "graph-all"} {
		ds, bs := times[kind], best[kind]
		if len(ds) == 0 {
			continue
		}
		slices.Sort(ds)
		slices.Sort(bs)
		p := func(ds []time.Duration, q float64) time.Duration {
			return ds[min(len(ds)-1, int(q*float64(len(ds))))].Round(100 * time.Microsecond)
		}
		t.Logf("%-10s all n=%3d p50 %8v p95 %8v | best of 3: n=%2d p50 %8v p95 %8v max %8v | slowest: %s", kind, len(ds), p(ds, 0.50), p(ds, 0.95),
			len(bs), p(bs, 0.50), p(bs, 0.95), bs[len(bs)-1].Round(100*time.Microsecond), slowest[kind].target)
		if p(bs, 0.95) > limit {
			t.Errorf("%s: p95 %v (best of 3) exceeds %v", kind, p(bs, 0.95), limit)
		}
	}
}

func envInt(t *testing.T, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive number", name, s)
	}
	return n
}
