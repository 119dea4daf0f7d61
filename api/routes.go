package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"newsgraph"
	"newsgraph/annotate/event"
	"newsgraph/graph"
)

// routeTable registers every route. The OpenAPI document lists the same, which a test checks.
func (a *API) routeTable() {
	a.handle("GET /api/v1/{$}", a.index)
	a.routes = append(a.routes, "GET /api/v1/openapi.json")
	a.mux.HandleFunc("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(openAPI)
	})
	a.handle("GET /api/v1/stats", a.stats)
	a.handle("GET /api/v1/documents", a.documents)
	a.handle("GET /api/v1/facets", a.facets)
	a.handle("GET /api/v1/documents/{id}", a.document)
	a.handle("GET /api/v1/entities", a.entities)
	a.handle("GET /api/v1/entities/{ref}", a.entity)
	a.handle("GET /api/v1/quotes", a.quotes)
	a.handle("GET /api/v1/events", a.events)
	a.handle("GET /api/v1/clusters", a.clusters)
	a.handle("GET /api/v1/clusters/{id}", a.cluster)
	a.handle("GET /api/v1/stories", a.stories)
	a.handle("GET /api/v1/graph", a.graph)
	a.handle("GET /api/v1/graph/edges/{source}/{target}", a.edge)
	a.routes = append(a.routes, "POST /api/v1/ingest")
	a.mux.HandleFunc("POST /api/v1/ingest", a.ingest)
}

func (a *API) index(r *http.Request) (any, *Page, error) {
	if err := parse(r).err(); err != nil {
		return nil, nil, err
	}
	_, facets := a.st.(newsgraph.FacetStore)
	_, ents := a.st.(newsgraph.EntityStore)
	_, quotes := a.st.(newsgraph.QuoteStore)
	_, events := a.st.(newsgraph.EventStore)
	_, clusters := a.st.(newsgraph.ClusterStore)
	return map[string]any{
		"name":     "newsgraph",
		"openapi":  "/api/v1/openapi.json",
		"ingest":   a.opts.IngestToken != "" && a.opts.Ingest != nil,
		"features": map[string]bool{"facets": facets, "entities": ents, "quotes": quotes, "events": events, "clusters": clusters},
	}, nil, nil
}

type statsJSON struct {
	Documents int         `json:"documents"`
	Raw       []countJSON `json:"raw"`
	Sites     []countJSON `json:"sites"`
	Languages []countJSON `json:"languages"`
	First     string      `json:"first,omitempty"`
	Last      string      `json:"last,omitempty"`
	Undated   int         `json:"undated"`
}

func (a *API) stats(r *http.Request) (any, *Page, error) {
	if err := parse(r).err(); err != nil {
		return nil, nil, err
	}
	s, err := a.st.Stats(r.Context())
	if err != nil {
		return nil, nil, err
	}
	j := statsJSON{Documents: s.Documents, Raw: []countJSON{}, Sites: toCounts(s.Sites), Languages: toCounts(s.Languages),
		First: day(s.First), Last: day(s.Last), Undated: s.Undated}
	for _, st := range []newsgraph.RawStatus{newsgraph.RawPending, newsgraph.RawDone, newsgraph.RawDuplicate, newsgraph.RawFailed} {
		j.Raw = append(j.Raw, countJSON{Key: string(st), Count: s.Raw[st]})
	}
	return j, nil, nil
}

// searchQuery reads the document filters shared by /documents and /facets.
func searchQuery(p *params) newsgraph.Query {
	q := newsgraph.Query{Text: p.str("q"), Language: p.str("lang"), Site: p.str("site"), Entity: p.str("entity")}
	q.From, q.To = p.dates()
	return q
}

var searchParams = []string{"q", "lang", "site", "entity", "from", "to"}

func (a *API) documents(r *http.Request) (any, *Page, error) {
	p := parse(r, append(searchParams, "limit", "offset")...)
	q := searchQuery(p)
	q.Limit, q.Offset = p.page(20)
	if err := p.err(); err != nil {
		return nil, nil, err
	}
	hits, total, err := a.st.Search(r.Context(), q)
	if err != nil {
		return nil, nil, err
	}
	out := make([]hitJSON, 0, len(hits))
	for _, h := range hits {
		out = append(out, toHit(h))
	}
	return out, &Page{Limit: q.Limit, Offset: q.Offset, Total: total}, nil
}

func (a *API) facets(r *http.Request) (any, *Page, error) {
	p := parse(r, searchParams...)
	q := searchQuery(p)
	if err := p.err(); err != nil {
		return nil, nil, err
	}
	fs, ok := a.st.(newsgraph.FacetStore)
	if !ok {
		return nil, nil, fmt.Errorf("facets: %w", errUnsupported)
	}
	f, err := fs.Facets(r.Context(), q)
	if err != nil {
		return nil, nil, err
	}
	return toFacets(f), nil, nil
}

// clusterOf is implemented by stores that tell which cluster a document is in (the SQLite and PostgreSQL
// stores): ErrNotFound when it has none.
type clusterOf interface {
	ClusterOf(ctx context.Context, docID string) (newsgraph.ClusterAssignment, error)
}

func (a *API) document(r *http.Request) (any, *Page, error) {
	if err := parse(r).err(); err != nil {
		return nil, nil, err
	}
	id := r.PathValue("id")
	if len(id) > 64 || !utf8.ValidString(id) {
		return nil, nil, fmt.Errorf("document %q: an ID is 4 to 16 hex digits: %w", clip(id), errBadParam)
	}
	d, err := a.st.Document(r.Context(), id)
	if err != nil {
		return nil, nil, ambiguous(err)
	}
	j := toDocument(d)
	if co, ok := a.st.(clusterOf); ok {
		as, err := co.ClusterOf(r.Context(), d.ID)
		switch {
		case err == nil:
			j.Cluster = &assignmentJSON{Cluster: as.Cluster, Relation: string(as.Relation), Of: as.Of, Similarity: as.Similarity, Story: as.Story}
			if cs, ok := a.st.(newsgraph.ClusterStore); ok {
				if c, err := cs.Cluster(r.Context(), as.Cluster); err == nil {
					j.Cluster.Label = c.Label
				}
			}
		case !errors.Is(err, newsgraph.ErrNotFound):
			return nil, nil, err
		}
	}
	return j, nil, nil
}

var labels = []string{newsgraph.LabelPER, newsgraph.LabelORG, newsgraph.LabelLOC, newsgraph.LabelNORP, newsgraph.LabelMISC}

func (a *API) entities(r *http.Request) (any, *Page, error) {
	p := parse(r, "name", "label", "from", "to", "limit", "offset")
	q := newsgraph.EntityQuery{Name: p.str("name"), Label: p.enum("label", labels...)}
	q.From, q.To = p.dates()
	q.Limit, q.Offset = p.page(20)
	if err := p.err(); err != nil {
		return nil, nil, err
	}
	es, ok := a.st.(newsgraph.EntityStore)
	if !ok {
		return nil, nil, fmt.Errorf("entities: %w", errUnsupported)
	}
	list, total, err := es.Entities(r.Context(), q)
	if err != nil {
		return nil, nil, err
	}
	return toEntityCounts(list), &Page{Limit: q.Limit, Offset: q.Offset, Total: total}, nil
}

func (a *API) entity(r *http.Request) (any, *Page, error) {
	if err := parse(r).err(); err != nil {
		return nil, nil, err
	}
	ref := strings.TrimSpace(r.PathValue("ref"))
	if ref == "" || len(ref) > maxParam || !utf8.ValidString(ref) {
		return nil, nil, fmt.Errorf("entity %q: want an entity ID or a name: %w", clip(ref), errBadParam)
	}
	es, ok := a.st.(newsgraph.EntityStore)
	if !ok {
		return nil, nil, fmt.Errorf("entity: %w", errUnsupported)
	}
	pr, err := es.EntityProfile(r.Context(), ref)
	if err != nil {
		return nil, nil, err
	}
	return toProfile(pr), nil, nil
}

func (a *API) quotes(r *http.Request) (any, *Page, error) {
	p := parse(r, "speaker", "about", "from", "to", "limit", "offset")
	q := newsgraph.QuoteQuery{Speaker: p.str("speaker"), About: p.str("about")}
	q.From, q.To = p.dates()
	q.Limit, q.Offset = p.page(20)
	if err := p.err(); err != nil {
		return nil, nil, err
	}
	qs, ok := a.st.(newsgraph.QuoteStore)
	if !ok {
		return nil, nil, fmt.Errorf("quotes: %w", errUnsupported)
	}
	list, total, err := qs.Quotes(r.Context(), q)
	if err != nil {
		return nil, nil, err
	}
	out := make([]quoteHitJSON, 0, len(list))
	for _, h := range list {
		out = append(out, toQuoteHit(h))
	}
	return out, &Page{Limit: q.Limit, Offset: q.Offset, Total: total}, nil
}

// code reads a CAMEO event code or prefix: 1 to 4 digits.
func (p *params) code(name string) string {
	s := p.str(name)
	if s != "" && (len(s) > 4 || strings.Trim(s, "0123456789") != "") {
		p.bad("parameter %s=%q: want a CAMEO event code or its prefix, 1 to 4 digits (\"04\", \"190\")", name, clip(s))
		return ""
	}
	return s
}

func (a *API) events(r *http.Request) (any, *Page, error) {
	p := parse(r, "actor", "target", "involving", "code", "happening", "from", "to", "limit", "offset")
	q := newsgraph.EventQuery{Actor: p.str("actor"), Target: p.str("target"), Involving: p.str("involving"), Code: p.code("code"), Happening: p.str("happening")}
	q.From, q.To = p.dates()
	q.Limit, q.Offset = p.page(20)
	if err := p.err(); err != nil {
		return nil, nil, err
	}
	es, ok := a.st.(newsgraph.EventStore)
	if !ok {
		return nil, nil, fmt.Errorf("events: %w", errUnsupported)
	}
	list, total, err := es.Events(r.Context(), q)
	if err != nil {
		return nil, nil, err
	}
	return toEventHits(list), &Page{Limit: q.Limit, Offset: q.Offset, Total: total}, nil
}

func (a *API) clusterStore(what string) (newsgraph.ClusterStore, error) {
	cs, ok := a.st.(newsgraph.ClusterStore)
	if !ok {
		return nil, fmt.Errorf("%s: %w", what, errUnsupported)
	}
	return cs, nil
}

func (a *API) clusters(r *http.Request) (any, *Page, error) {
	p := parse(r, "from", "to", "min_size", "story", "limit", "offset")
	q := newsgraph.ClusterQuery{MinSize: p.int("min_size", 0, 0, 1<<30), Story: p.str("story")}
	q.From, q.To = p.dates()
	q.Limit, q.Offset = p.page(20)
	if err := p.err(); err != nil {
		return nil, nil, err
	}
	cs, err := a.clusterStore("clusters")
	if err != nil {
		return nil, nil, err
	}
	list, total, err := cs.Clusters(r.Context(), q)
	if err != nil {
		return nil, nil, err
	}
	out := make([]clusterJSON, 0, len(list))
	for _, c := range list {
		out = append(out, toCluster(c))
	}
	return out, &Page{Limit: q.Limit, Offset: q.Offset, Total: total}, nil
}

// maxTimelineDocs bounds the members whose events a cluster's timeline shows.
const maxTimelineDocs = 50

func (a *API) cluster(r *http.Request) (any, *Page, error) {
	if err := parse(r).err(); err != nil {
		return nil, nil, err
	}
	id := r.PathValue("id")
	if len(id) > 64 || !utf8.ValidString(id) {
		return nil, nil, fmt.Errorf("cluster %q: too long: %w", clip(id), errBadParam)
	}
	cs, err := a.clusterStore("cluster")
	if err != nil {
		return nil, nil, err
	}
	c, err := cs.Cluster(r.Context(), id)
	if err != nil {
		return nil, nil, ambiguous(err)
	}
	j := clusterDetailJSON{clusterJSON: toCluster(c.ClusterInfo), Members: make([]memberJSON, 0, len(c.Members)),
		Entities: toEntityCounts(c.Entities), Dates: toCounts(c.Dates), Sites: toCounts(c.Sites), Events: []timelineJSON{}}
	for i, m := range c.Members {
		j.Members = append(j.Members, memberJSON{Doc: toDoc(m.Doc), Relation: string(m.Relation), Of: m.Of, Similarity: m.Similarity})
		if i >= maxTimelineDocs || m.Relation == newsgraph.RelationCopy {
			continue // a copy reports the events of what it copies
		}
		d, err := a.st.Document(r.Context(), m.Doc.ID)
		if err != nil {
			return nil, nil, fmt.Errorf("cluster %s: member %s: %w", c.ID, m.Doc.ID, err)
		}
		j.Events = append(j.Events, timeline(d)...)
	}
	slices.SortStableFunc(j.Events, func(x, y timelineJSON) int { return strings.Compare(x.Date, y.Date) })
	return j, nil, nil
}

// ambiguous marks the stores' error for an ID prefix that several IDs start with (which carries no sentinel)
// as a bad parameter: the client is to give more of the ID.
func ambiguous(err error) error {
	if err != nil && !errors.Is(err, newsgraph.ErrNotFound) && strings.Contains(err.Error(), "ambiguous prefix") {
		return fmt.Errorf("%w: %w", err, errBadParam)
	}
	return err
}

// timeline returns the events of d with the sentences that report them.
func timeline(d newsgraph.Document) []timelineJSON {
	var out []timelineJSON
	n := len(d.Text)
	side := func(a newsgraph.EventActor) *sideJSON {
		j := &sideJSON{CAMEO: a.CAMEO}
		if a.Entity >= 0 && a.Entity < len(d.Entities) {
			j.ID, j.Name = d.Entities[a.Entity].ID, d.Entities[a.Entity].Name
		} else if a.End > a.Start && valid(a.Span, n) {
			j.Name = a.In(d.Text)
		}
		if j.ID == "" && j.Name == "" && j.CAMEO == "" {
			return nil
		}
		return j
	}
	for _, e := range d.Events {
		if !valid(e.Span, n) {
			continue
		}
		// The whole sentence reads better than the coded clause.
		sent := e.Span
		if k := e.Sentence; k >= 0 && k < len(d.Sentences) && valid(d.Sentences[k].Span, n) {
			sent = d.Sentences[k].Span
		}
		out = append(out, timelineJSON{Doc: d.ID, Start: e.Start, End: e.End, Sentence: sent.In(d.Text), Code: e.Code, Name: event.CodeName(e.Code),
			QuadClass: e.QuadClass, Date: e.Date, Source: side(e.Source), Target: side(e.Target)})
	}
	return out
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (a *API) stories(r *http.Request) (any, *Page, error) {
	p := parse(r, "from", "to", "min_clusters", "limit", "offset")
	q := newsgraph.StoryQuery{MinClusters: p.int("min_clusters", 0, 0, 1<<30)}
	q.From, q.To = p.dates()
	q.Limit, q.Offset = p.page(20)
	if err := p.err(); err != nil {
		return nil, nil, err
	}
	cs, err := a.clusterStore("stories")
	if err != nil {
		return nil, nil, err
	}
	list, total, err := cs.Stories(r.Context(), q)
	if err != nil {
		return nil, nil, err
	}
	out := make([]storyJSON, 0, len(list))
	for _, s := range list {
		out = append(out, toStory(s))
	}
	return out, &Page{Limit: q.Limit, Offset: q.Offset, Total: total}, nil
}

type nodeJSON struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Label  string `json:"label,omitempty"`
	CAMEO  string `json:"cameo,omitempty"`
	Events int    `json:"events"` // reports of the shown edges it takes part in
}

type edgeJSON struct {
	Source     string  `json:"source"`
	Target     string  `json:"target"`
	Events     int     `json:"events"`
	Happenings int     `json:"happenings"`
	Quad       [4]int  `json:"quad"` // verbal cooperation, material cooperation, verbal conflict, material conflict
	Goldstein  float64 `json:"goldstein"`
	Quotes     int     `json:"quotes"`
	First      string  `json:"first,omitempty"`
	Last       string  `json:"last,omitempty"`
}

type graphJSON struct {
	From  string     `json:"from,omitempty"`
	To    string     `json:"to,omitempty"`
	Nodes []nodeJSON `json:"nodes"`
	Edges []edgeJSON `json:"edges"`
	// Total counts every relation of the window; Edges are the strongest, up to limit, with min_events.
	Total int `json:"total"`
}

func (a *API) graph(r *http.Request) (any, *Page, error) {
	p := parse(r, "from", "to", "actor", "min_events", "limit")
	q := newsgraph.RelationQuery{Actor: p.str("actor"), Evidence: -1}
	q.From, q.To = p.dates()
	minEvents := p.int("min_events", 1, 1, 1<<30)
	limit := p.int("limit", 150, 1, 1000)
	if err := p.err(); err != nil {
		return nil, nil, err
	}
	es, ok := a.st.(newsgraph.EventStore)
	if !ok {
		return nil, nil, fmt.Errorf("graph: %w", errUnsupported)
	}
	// The store keeps the strongest relations (most reports first, ties by IDs, so the same window always shows
	// the same graph) and counts them all.
	q.Limit = limit
	rels, total, err := es.RelationsTotal(r.Context(), q)
	if err != nil {
		return nil, nil, fmt.Errorf("graph %s..%s: %w", day(q.From), day(q.To), err)
	}
	g := graph.FromRelations([]graph.Window{{From: q.From, To: q.To}}, [][]newsgraph.Relation{rels})
	j := graphJSON{From: day(q.From), To: day(q.To), Nodes: []nodeJSON{}, Edges: []edgeJSON{}}
	edges := slices.Clone(g.Edges)
	slices.SortStableFunc(edges, func(x, y graph.Edge) int { return y.Events - x.Events })
	j.Total = total
	names := map[string]graph.Node{}
	for _, n := range g.Nodes {
		names[n.ID] = n
	}
	counts := map[string]int{}
	for _, e := range edges {
		if e.Events < minEvents || len(j.Edges) >= limit {
			continue
		}
		j.Edges = append(j.Edges, edgeJSON{Source: e.Source, Target: e.Target, Events: e.Events, Happenings: e.Happenings, Quad: e.Quad,
			Goldstein: e.Goldstein, Quotes: e.Quotes, First: e.First, Last: e.Last})
		counts[e.Source] += e.Events
		if e.Target != e.Source {
			counts[e.Target] += e.Events
		}
	}
	for _, n := range g.Nodes {
		if counts[n.ID] > 0 {
			j.Nodes = append(j.Nodes, nodeJSON{ID: n.ID, Name: n.Name, Label: n.Type, CAMEO: n.CAMEO, Events: counts[n.ID]})
		}
	}
	return j, nil, nil
}

// edge returns the evidence of one relation: the events coded with source acting on target in the window.
func (a *API) edge(r *http.Request) (any, *Page, error) {
	p := parse(r, "from", "to", "limit", "offset")
	q := newsgraph.EventQuery{Actor: r.PathValue("source"), Target: r.PathValue("target")}
	q.From, q.To = p.dates()
	q.Limit, q.Offset = p.page(20)
	for _, v := range []string{q.Actor, q.Target} {
		if strings.TrimSpace(v) == "" || len(v) > maxParam || !utf8.ValidString(v) {
			p.bad("edge %q: want entity IDs or names", clip(v))
		}
	}
	if err := p.err(); err != nil {
		return nil, nil, err
	}
	es, ok := a.st.(newsgraph.EventStore)
	if !ok {
		return nil, nil, fmt.Errorf("graph: %w", errUnsupported)
	}
	list, total, err := es.Events(r.Context(), q)
	if err != nil {
		return nil, nil, err
	}
	return toEventHits(list), &Page{Limit: q.Limit, Offset: q.Offset, Total: total}, nil
}

func (a *API) ingest(w http.ResponseWriter, r *http.Request) {
	if a.opts.IngestToken == "" || a.opts.Ingest == nil {
		a.fail(w, r, fmt.Errorf("ingest over HTTP is off: start the server with --ingest-token: %w", errIngestDisabled))
		return
	}
	if !a.authorized(r) {
		a.fail(w, r, fmt.Errorf("ingest: a bearer token is required (Authorization: Bearer TOKEN): %w", errUnauthorized))
		return
	}
	if err := parse(r).err(); err != nil {
		a.fail(w, r, err)
		return
	}
	if r.ContentLength > a.opts.MaxIngestBytes {
		a.fail(w, r, fmt.Errorf("ingest: body of %d bytes exceeds %d: %w", r.ContentLength, a.opts.MaxIngestBytes, newsgraph.ErrTooLarge))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), a.opts.IngestTimeout)
	defer cancel()
	body := http.MaxBytesReader(w, r.Body, a.opts.MaxIngestBytes)
	a.ingestMu.Lock()
	defer a.ingestMu.Unlock()
	start := time.Now()
	res, err := a.opts.Ingest(ctx, body)
	if err != nil {
		a.fail(w, r, fmt.Errorf("ingest: %w", err))
		return
	}
	if res.Failures == nil {
		res.Failures = []string{}
	}
	a.opts.Logf("api: ingest: %d read, %d new, %d duplicates, %d failed in %s", res.Read, res.New, res.Duplicates, res.Failed, time.Since(start).Round(time.Millisecond))
	a.write(w, http.StatusOK, envelope{Data: res})
}
