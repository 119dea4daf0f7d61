package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"newsgraph/api"
	"newsgraph/api/apitest"
	"newsgraph/internal/shared"
)

// TestSeeds ingests the five real seed articles through extraction, annotation and clustering and walks the
// API as the UI does: search, a document, Lavrov's profile, his quotes and events, the graph and an edge.
func TestSeeds(t *testing.T) {
	dir := shared.Need(t, "seeds")
	if testing.Short() {
		t.Skip("skipped in -short mode: annotates the seeds")
	}
	st := openStore(t)
	n, err := apitest.Ingest(context.Background(), st, dir)
	if err != nil {
		t.Fatal(err)
	}
	if n != 5 {
		t.Errorf("ingested %d seed documents, want 5", n)
	}
	s := &server{t: t, h: api.New(st, api.Options{Logf: t.Logf})}

	var hits []hit
	page := s.get("/api/v1/documents?q=Lavrov", &hits)
	if page.Total == 0 {
		t.Fatal("no seed mentions Lavrov")
	}
	var d document
	s.get("/api/v1/documents/"+hits[0].Doc.ID, &d)
	for _, m := range d.Entities {
		if m.Start < 0 || m.End > len(d.Text) || m.Start > m.End {
			t.Fatalf("mention span %d-%d outside the text", m.Start, m.End)
		}
	}
	for _, q := range d.Quotes {
		if q.Start < 0 || q.End > len(d.Text) || q.Start >= q.End {
			t.Errorf("quote span %d-%d outside the text", q.Start, q.End)
		}
	}

	var p struct {
		Entity struct{ ID, Name string }
		Roles  []any
		Months []struct{ Key string }
	}
	s.get("/api/v1/entities/Lavrov", &p)
	if p.Entity.Name != "Sergei Lavrov" || len(p.Months) == 0 {
		t.Errorf("Lavrov's profile = %+v, want Sergei Lavrov with mentions by month", p)
	}
	for _, target := range []string{
		"/api/v1/quotes?speaker=" + url.QueryEscape(p.Entity.ID),
		"/api/v1/events?involving=" + url.QueryEscape(p.Entity.ID),
		"/api/v1/facets?q=Syria",
		"/api/v1/entities?label=PER",
		"/api/v1/clusters",
		"/api/v1/stories",
		"/api/v1/stats",
	} {
		code, r, _ := s.do("GET", target, nil, nil)
		if code != http.StatusOK {
			t.Errorf("GET %s = %d %+v", target, code, r.Error)
		}
	}
	var g graphReply
	s.get("/api/v1/graph", &g)
	if len(g.Edges) == 0 {
		t.Fatal("the seeds' graph has no edge")
	}
	e := g.Edges[0]
	var evidence []struct{ Sentence string }
	page = s.get("/api/v1/graph/edges/"+url.PathEscape(e.Source)+"/"+url.PathEscape(e.Target), &evidence)
	if page.Total != e.Events || len(evidence) == 0 || strings.TrimSpace(evidence[0].Sentence) == "" {
		t.Errorf("evidence of %s>%s: %d of %d events, %+v", e.Source, e.Target, page.Total, e.Events, evidence)
	}
	b, _ := json.Marshal(g)
	t.Logf("seed graph: %d nodes, %d edges (%d bytes)", len(g.Nodes), len(g.Edges), len(b))
}
