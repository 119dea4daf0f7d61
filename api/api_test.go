package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"newsgraph"
	"newsgraph/api"
	"newsgraph/api/apitest"
	"newsgraph/store/sqlite"
)

// reply is the envelope every reply is.
type reply struct {
	Data  json.RawMessage `json:"data"`
	Page  *api.Page       `json:"page"`
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

type server struct {
	t  *testing.T
	h  http.Handler
	st *sqlite.Store
	f  *apitest.Fixture
}

func openStore(t testing.TB) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// newServer serves the API over a SQLite store holding the made-up fixture.
func newServer(t *testing.T, o api.Options) *server {
	t.Helper()
	st := openStore(t)
	f := apitest.NewFixture()
	if err := f.Load(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	if o.Logf == nil {
		o.Logf = t.Logf
	}
	return &server{t: t, h: api.New(st, o), st: st, f: f}
}

// do sends a request and decodes the envelope, failing the test when the reply is not one.
func (s *server) do(method, target string, body io.Reader, header http.Header) (int, reply, http.Header) {
	s.t.Helper()
	req := httptest.NewRequest(method, target, body)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	var r reply
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		s.t.Fatalf("%s %s: Content-Type %q, want JSON", method, target, ct)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		s.t.Fatalf("%s %s: reply is not JSON: %v\n%s", method, target, err, rec.Body.String())
	}
	if (r.Error == nil) == (rec.Code >= 400) {
		s.t.Errorf("%s %s: status %d with error %v: an error reply must carry error, and only it", method, target, rec.Code, r.Error)
	}
	return rec.Code, r, rec.Header()
}

// get fetches target, wants 200 and decodes data into v.
func (s *server) get(target string, v any) *api.Page {
	s.t.Helper()
	code, r, _ := s.do("GET", target, nil, nil)
	if code != http.StatusOK {
		s.t.Fatalf("GET %s = %d %+v, want 200", target, code, r.Error)
	}
	if err := json.Unmarshal(r.Data, v); err != nil {
		s.t.Fatalf("GET %s: data: %v\n%s", target, err, r.Data)
	}
	return r.Page
}

type doc struct {
	ID, Title, Site, Language, Date, Published string
}

type hit struct {
	Doc        doc
	Snippet    string
	Highlights [][2]int
	Score      float64
}

func TestSearch(t *testing.T) {
	s := newServer(t, api.Options{})
	var hits []hit
	page := s.get("/api/v1/documents?q=ceasefire", &hits)
	if page == nil || page.Total != 1 || len(hits) != 1 || hits[0].Doc.ID != s.f.Meeting.ID {
		t.Fatalf("search ceasefire = %+v (page %+v), want the meeting only", hits, page)
	}
	h := hits[0]
	if len(h.Highlights) == 0 || strings.ContainsAny(h.Snippet, "«»") {
		t.Errorf("snippet %q highlights %v: want the marks turned into spans", h.Snippet, h.Highlights)
	}
	for _, sp := range h.Highlights {
		if got := h.Snippet[sp[0]:sp[1]]; !strings.EqualFold(got, "ceasefire") {
			t.Errorf("highlight %v of %q covers %q, want ceasefire", sp, h.Snippet, got)
		}
	}
	for _, tc := range []struct {
		query string
		want  []string // titles, in order
	}{
		{"", []string{"Karsk shells border villages", "Karsk shells border villages", "Kestrel trifft Varga", "Kestrel and Varga meet in Port Alder", "Valdoria sends aid to Maresia"}},
		{"q=Karsk&lang=en&site=Coastal+Wire", []string{"Karsk shells border villages"}},
		{"lang=de", []string{"Kestrel trifft Varga"}},
		{"entity=mira-kestrel", []string{"Kestrel trifft Varga", "Kestrel and Varga meet in Port Alder"}},
		{"entity=MRS", []string{"Valdoria sends aid to Maresia"}},
		{"from=2024-03-03&to=2024-03", []string{"Karsk shells border villages", "Karsk shells border villages", "Kestrel trifft Varga"}},
		{"from=2023&to=2023", []string{"Valdoria sends aid to Maresia"}},
		{"q=Kestrel+-Varga", nil},
		{`q=%22border+villages%22`, []string{"Karsk shells border villages", "Karsk shells border villages"}},
		{"q=Vald*+OR+Maresia&limit=1&offset=1", nil}, // checked by total below
	} {
		var hits []hit
		page := s.get("/api/v1/documents?"+tc.query, &hits)
		var got []string
		for _, h := range hits {
			got = append(got, h.Doc.Title)
		}
		if tc.want != nil && !slices.Equal(got, tc.want) {
			t.Errorf("search %s = %q, want %q", tc.query, got, tc.want)
		}
		if tc.want != nil && page.Total != len(tc.want) {
			t.Errorf("search %s: total %d, want %d", tc.query, page.Total, len(tc.want))
		}
	}
	page = s.get("/api/v1/documents?limit=2&offset=4", &hits)
	if page.Limit != 2 || page.Offset != 4 || page.Total != 5 || len(hits) != 1 {
		t.Errorf("last page: %+v with %d hits, want limit 2 offset 4 total 5 and 1 hit", page, len(hits))
	}
}

func TestFacets(t *testing.T) {
	s := newServer(t, api.Options{})
	var f struct {
		Total    int
		Sampled  int
		Entities []struct {
			Entity    newsgraph.Entity
			Documents int
		}
		Sites, Languages, Months []struct {
			Key   string
			Count int
		}
	}
	s.get("/api/v1/facets?q=Kestrel", &f)
	if f.Total != 2 || len(f.Languages) != 2 || len(f.Months) != 1 || f.Months[0].Key != "2024-03" || f.Months[0].Count != 2 {
		t.Errorf("facets for Kestrel = %+v: want 2 documents in 2 languages, both in 2024-03", f)
	}
	if len(f.Entities) == 0 || f.Entities[0].Documents != 2 {
		t.Errorf("entity facet = %+v, want entities of both documents first", f.Entities)
	}
	var names []string
	for _, e := range f.Entities {
		names = append(names, e.Entity.Name)
	}
	if !slices.Contains(names, "Mira Kestrel") || !slices.Contains(names, "Port Alder") {
		t.Errorf("entity facet names = %q, want Mira Kestrel and Port Alder", names)
	}
	s.get("/api/v1/facets?site=Coastal+Wire", &f)
	if f.Total != 2 || len(f.Sites) != 1 || f.Sites[0].Key != "Coastal Wire" {
		t.Errorf("facets for site Coastal Wire = %+v", f)
	}
}

type mention struct {
	Start, End        int
	Text, Label, Kind string
	Entity, ID        string
}

type document struct {
	doc
	Text          string
	Entities      []mention             // names
	Mentions      []mention             // descriptions and pronouns
	EntityRecords []newsgraph.DocEntity `json:"entity_records"`
	Timexes       []struct {
		Start, End  int
		Type, Value string
	}
	Quotes []struct {
		Start, End int
		Direct     bool
		Speaker    *struct {
			Start, End       int
			Text, Entity, ID string
		}
	}
	Events []struct {
		Start, End int
		Code, Name string
		QuadClass  int `json:"quad_class"`
		Source     *struct{ Text, Entity, ID string }
		Target     *struct{ Text, Entity, ID string }
	}
	Cluster *struct {
		Cluster, Label, Relation, Of string
	}
}

func TestDocument(t *testing.T) {
	s := newServer(t, api.Options{})
	var d document
	s.get("/api/v1/documents/"+s.f.Meeting.ID[:6], &d)
	if d.ID != s.f.Meeting.ID || d.Text != s.f.Meeting.Text || d.Date != "2024-03-02" {
		t.Fatalf("document by prefix = %s %q %s, want the meeting", d.ID, d.Title, d.Date)
	}
	// Spans are byte offsets into the text: each mention covers its entity's name (or a pronoun).
	for _, m := range d.Entities {
		got := d.Text[m.Start:m.End]
		if m.Kind != "" || got != m.Text || !strings.Contains(m.Entity, got) {
			t.Errorf("name %d-%d %q (text %q, kind %q) names %q", m.Start, m.End, got, m.Text, m.Kind, m.Entity)
		}
	}
	for _, m := range d.Mentions {
		if m.Kind != "nominal" && m.Kind != "pronoun" || d.Text[m.Start:m.End] != m.Text {
			t.Errorf("mention %+v: want a nominal or pronoun covering its text", m)
		}
	}
	if n := len(d.Entities) + len(d.Mentions); n != 6 || len(d.EntityRecords) != 4 {
		t.Errorf("%d mentions of %d entities, want 6 of 4", n, len(d.EntityRecords))
	}
	if len(d.Quotes) != 1 || d.Text[d.Quotes[0].Start:d.Quotes[0].End] != s.f.Quote || d.Quotes[0].Speaker == nil || d.Quotes[0].Speaker.Entity != "Mira Kestrel" {
		t.Errorf("quotes = %+v, want Kestrel's", d.Quotes)
	}
	var values []string
	for _, x := range d.Timexes {
		values = append(values, d.Text[x.Start:x.End]+"="+x.Value)
	}
	if want := []string{"Saturday=2024-03-02", "this spring=2024-SP", "next week=2024-W10"}; !slices.Equal(values, want) {
		t.Errorf("timexes = %q, want %q", values, want)
	}
	if len(d.Events) != 1 || d.Events[0].Code != "040" || d.Events[0].Source.ID != "mira-kestrel" || d.Events[0].Target.ID != "anton-varga" {
		t.Errorf("events = %+v, want Kestrel meeting Varga (040)", d.Events)
	}
	if d.Cluster == nil || d.Cluster.Cluster != "c0ffee000002" || d.Cluster.Label == "" || d.Cluster.Relation != "report" {
		t.Errorf("cluster = %+v, want the meeting cluster", d.Cluster)
	}
	d = document{}
	s.get("/api/v1/documents/"+s.f.Copy.ID, &d)
	if d.Cluster == nil || d.Cluster.Relation != "copy" || d.Cluster.Of != s.f.Shelling.ID {
		t.Errorf("copy's cluster = %+v, want a copy of %s", d.Cluster, s.f.Shelling.ID)
	}
	d = document{}
	s.get("/api/v1/documents/"+s.f.Aid.ID, &d)
	if d.Cluster != nil {
		t.Errorf("unclustered document has cluster %+v", d.Cluster)
	}
}

func TestEntities(t *testing.T) {
	s := newServer(t, api.Options{})
	var list []struct {
		Entity    newsgraph.Entity
		Mentions  int
		Documents int
	}
	page := s.get("/api/v1/entities?label=PER", &list)
	if page.Total != 3 || len(list) != 3 || list[0].Entity.ID != "mira-kestrel" {
		t.Errorf("PER entities = %+v (total %d), want Kestrel first of 3", list, page.Total)
	}
	var p struct {
		Entity    newsgraph.Entity
		Mentions  int
		Documents int
		Aliases   []struct{ Key string }
		Months    []struct {
			Key   string
			Count int
		}
		Related []struct{ Entity newsgraph.Entity }
		Docs    []struct{ Doc doc }
	}
	for _, ref := range []string{"mira-kestrel", "Kestrel", url.PathEscape("mira kestrel"), url.PathEscape("Mira Kestrel")} {
		s.get("/api/v1/entities/"+ref, &p)
		if p.Entity.ID != "mira-kestrel" {
			t.Errorf("entity %s = %s, want mira-kestrel", ref, p.Entity.ID)
		}
	}
	if len(p.Entity.Roles) != 1 || p.Entity.Roles[0].Role != "foreign-minister" || p.Entity.Roles[0].From != "2021-06-01" {
		t.Errorf("Kestrel's roles = %+v", p.Entity.Roles)
	}
	if p.Documents != 2 || len(p.Docs) != 2 || len(p.Months) != 1 || p.Months[0].Key != "2024-03" || len(p.Related) == 0 {
		t.Errorf("Kestrel's profile = %+v", p)
	}
	code, r, _ := s.do("GET", "/api/v1/entities/nobody-at-all", nil, nil)
	if code != http.StatusNotFound || r.Error.Code != "not_found" {
		t.Errorf("unknown entity: %d %+v, want 404 not_found", code, r.Error)
	}
}

func TestQuotesAndEvents(t *testing.T) {
	s := newServer(t, api.Options{})
	var quotes []struct {
		Text, Speaker string
		SpeakerID     string `json:"speaker_id"`
		Doc           doc
	}
	s.get("/api/v1/quotes?speaker=Kestrel", &quotes)
	if len(quotes) != 1 || quotes[0].Text != s.f.Quote {
		t.Errorf("quotes by Kestrel = %+v", quotes)
	}
	page := s.get("/api/v1/quotes?about=KRS", &quotes)
	if page.Total != 1 || quotes[0].SpeakerID != "mira-kestrel" || quotes[0].Speaker != "Mira Kestrel" || quotes[0].Doc.ID != s.f.Meeting.ID {
		t.Errorf("quotes about Karsk = %+v, want Kestrel's (Sorel's quotes do not name Karsk)", quotes)
	}
	page = s.get("/api/v1/quotes?about=KRS&from=2024-03-05", &quotes)
	if page.Total != 0 {
		t.Errorf("quotes about Karsk from 2024-03-05: total %d, want none", page.Total)
	}
	var events []struct {
		Code      string
		QuadClass int `json:"quad_class"`
		Source    struct{ ID, Name string }
		Target    *struct{ ID, Name string }
		Sentence  string
		Reports   int
	}
	page = s.get("/api/v1/events?actor=Karsk&code=19", &events)
	if page.Total != 2 || events[0].Target.ID != "VAL" || events[0].QuadClass != 4 || !strings.Contains(events[0].Sentence, "villages") {
		t.Errorf("Karsk's attacks = %+v (total %d), want 2 reports on Valdoria", events, page.Total)
	}
	if events[0].Reports != 2 {
		t.Errorf("a happening reported by the original and its copy has %d reports, want 2", events[0].Reports)
	}
	page = s.get("/api/v1/events?involving=VAL&from=2023-01-01&to=2023-12-31", &events)
	if page.Total != 1 || events[0].Code != "073" {
		t.Errorf("events involving Valdoria in 2023 = %+v", events)
	}
}

func TestClusters(t *testing.T) {
	s := newServer(t, api.Options{})
	var list []struct {
		ID, Label string
		Size      int
		Docs      []string
	}
	page := s.get("/api/v1/clusters", &list)
	if page.Total != 2 || len(list) != 2 || list[0].Size != 2 {
		t.Fatalf("clusters = %+v", list)
	}
	var c struct {
		ID      string
		Members []struct {
			Doc      doc
			Relation string
			Of       string
		}
		Sites  []struct{ Key string }
		Events []struct {
			Doc, Code, Date, Sentence string
		}
	}
	code, r, _ := s.do("GET", "/api/v1/clusters/c0ffee", nil, nil)
	if code != http.StatusBadRequest || !strings.Contains(r.Error.Message, "c0ffee000001") {
		t.Errorf("an ambiguous cluster prefix = %d %+v, want 400 naming the candidates", code, r.Error)
	}
	s.get("/api/v1/clusters/"+s.f.ClusterID, &c)
	if c.ID != s.f.ClusterID || len(c.Members) != 2 || c.Members[1].Relation != "copy" || c.Members[1].Of != s.f.Shelling.ID {
		t.Errorf("cluster = %+v, want the shelling and its copy", c)
	}
	if len(c.Sites) != 2 {
		t.Errorf("cluster sites = %+v, want two outlets", c.Sites)
	}
	// The copy's events are its original's: the timeline shows the original's two.
	if len(c.Events) != 2 || c.Events[0].Date != "2024-03-09" || c.Events[0].Code != "190" {
		t.Errorf("cluster timeline = %+v", c.Events)
	}
	var stories []struct {
		ID       string
		Size     int
		Clusters []struct{ ID string }
	}
	s.get("/api/v1/stories", &stories)
	if len(stories) != 1 || stories[0].ID != s.f.StoryID || len(stories[0].Clusters) != 2 {
		t.Errorf("stories = %+v", stories)
	}
}

type graphReply struct {
	Nodes []struct {
		ID, Name string
		Events   int
	}
	Edges []struct {
		Source, Target string
		Events         int
		Quad           [4]int
	}
	Total int
}

func TestGraph(t *testing.T) {
	s := newServer(t, api.Options{})
	edges := func(g graphReply) []string {
		var out []string
		for _, e := range g.Edges {
			out = append(out, e.Source+">"+e.Target)
		}
		slices.Sort(out)
		return out
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{"KRS>VAL", "VAL>MRS", "lena-sorel>KRS", "mira-kestrel>anton-varga"}},
		{"from=2024-03&to=2024-03", []string{"KRS>VAL", "lena-sorel>KRS", "mira-kestrel>anton-varga"}},
		{"from=2023&to=2023", []string{"VAL>MRS"}},
		{"from=2024-03-09&to=2024-03-09", []string{"KRS>VAL"}},
		{"from=2024-03&to=2024-03&actor=Karsk", []string{"KRS>VAL", "lena-sorel>KRS"}},
		{"from=2024-03&to=2024-03&min_events=2", []string{"KRS>VAL", "lena-sorel>KRS", "mira-kestrel>anton-varga"}},
		{"from=2024-03&to=2024-03&limit=1", []string{"KRS>VAL"}},
	} {
		var g graphReply
		s.get("/api/v1/graph?"+tc.query, &g)
		if got := edges(g); len(tc.want) > 0 && !slices.Equal(got, tc.want) {
			t.Errorf("graph %s edges = %q, want %q", tc.query, got, tc.want)
		}
		for _, e := range g.Edges {
			sum := e.Quad[0] + e.Quad[1] + e.Quad[2] + e.Quad[3]
			if sum != e.Events {
				t.Errorf("graph %s: edge %s>%s has %d events but quad classes add to %d", tc.query, e.Source, e.Target, e.Events, sum)
			}
		}
		ids := map[string]bool{}
		for _, n := range g.Nodes {
			ids[n.ID] = true
		}
		for _, e := range g.Edges {
			if !ids[e.Source] || !ids[e.Target] {
				t.Errorf("graph %s: edge %s>%s names a node not listed", tc.query, e.Source, e.Target)
			}
		}
	}
	var g graphReply
	s.get("/api/v1/graph?from=2024-03&to=2024-03&limit=1", &g)
	if g.Total != 3 || len(g.Edges) != 1 || g.Edges[0].Events != 2 || len(g.Nodes) != 2 {
		t.Errorf("graph limited to 1 edge = %+v, want the strongest (Karsk on Valdoria, 2 reports) of 3", g)
	}
	var evidence []struct {
		Sentence string
		Doc      doc
	}
	page := s.get("/api/v1/graph/edges/KRS/VAL?from=2024-03&to=2024-03", &evidence)
	if page.Total != 2 || len(evidence) != 2 || !strings.Contains(evidence[0].Sentence, "Karsk") {
		t.Errorf("evidence of Karsk>Valdoria = %+v", evidence)
	}
	page = s.get("/api/v1/graph/edges/KRS/VAL?from=2023&to=2023", &evidence)
	if page.Total != 0 {
		t.Errorf("evidence of Karsk>Valdoria in 2023: total %d, want 0", page.Total)
	}
}

// TestBadRequests checks that bad parameters and query syntax errors are 400 with a message naming the
// problem, never 500.
func TestBadRequests(t *testing.T) {
	s := newServer(t, api.Options{})
	long := strings.Repeat("x", 1001)
	for _, tc := range []struct {
		target, code, mention string
	}{
		{`/api/v1/documents?q=%22unclosed`, "bad_query", "quote"},
		{`/api/v1/documents?q=OR`, "bad_query", ""},
		{`/api/v1/documents?q=-only`, "bad_query", ""},
		{`/api/v1/facets?q=(`, "", ""},
		{`/api/v1/facets?q=%22x`, "bad_query", ""},
		{`/api/v1/documents?limit=0`, "bad_parameter", "limit"},
		{`/api/v1/documents?limit=abc`, "bad_parameter", "limit"},
		{`/api/v1/documents?limit=101`, "bad_parameter", "limit"},
		{`/api/v1/documents?limit=99999999999999999999999`, "bad_parameter", "limit"},
		{`/api/v1/documents?offset=-1`, "bad_parameter", "offset"},
		{`/api/v1/documents?offset=10001`, "bad_parameter", "offset"},
		{`/api/v1/documents?from=2024-13-01`, "bad_parameter", "from"},
		{`/api/v1/documents?from=yesterday`, "bad_parameter", "from"},
		{`/api/v1/documents?to=0099`, "bad_parameter", "to"},
		{`/api/v1/documents?from=2024-05&to=2024-04`, "bad_parameter", "after"},
		{`/api/v1/documents?qq=x`, "bad_parameter", "unknown parameter"},
		{`/api/v1/documents?q=a&q=b`, "bad_parameter", "2 times"},
		{`/api/v1/documents?q=%ff`, "bad_parameter", "UTF-8"},
		{`/api/v1/documents?q=a%00b`, "bad_parameter", "NUL"},
		{`/api/v1/documents?q=` + long, "bad_parameter", "longer"},
		{`/api/v1/documents?q=%zz`, "bad_parameter", "query string"},
		{`/api/v1/documents?limit=0&offset=-1&from=x`, "bad_parameter", "offset"},
		{`/api/v1/entities?label=XYZ`, "bad_parameter", "label"},
		{`/api/v1/entities?from=2024-02-30`, "bad_parameter", "from"},
		{`/api/v1/entities/` + long, "bad_parameter", ""},
		{`/api/v1/entities/%ff`, "bad_parameter", ""},
		{`/api/v1/entities/Kestrel?x=1`, "bad_parameter", "takes none"},
		{`/api/v1/quotes?to=2024-1-1`, "bad_parameter", "to"},
		{`/api/v1/quotes?speaker=` + long, "bad_parameter", "speaker"},
		{`/api/v1/events?code=abc`, "bad_parameter", "code"},
		{`/api/v1/events?code=12345`, "bad_parameter", "code"},
		{`/api/v1/events?limit=-5`, "bad_parameter", "limit"},
		{`/api/v1/clusters?min_size=-1`, "bad_parameter", "min_size"},
		{`/api/v1/clusters?min_size=many`, "bad_parameter", "min_size"},
		{`/api/v1/stories?min_clusters=x`, "bad_parameter", "min_clusters"},
		{`/api/v1/graph?limit=5000`, "bad_parameter", "limit"},
		{`/api/v1/graph?min_events=0`, "bad_parameter", "min_events"},
		{`/api/v1/graph?from=2024&to=2023`, "bad_parameter", "after"},
		{`/api/v1/graph/edges/KRS/VAL?from=soon`, "bad_parameter", "from"},
		{`/api/v1/graph/edges/%20/VAL`, "bad_parameter", "edge"},
		{`/api/v1/documents/` + strings.Repeat("a", 65), "bad_parameter", ""},
		{`/api/v1/clusters/` + strings.Repeat("a", 65), "bad_parameter", ""},
		{`/api/v1/stats?verbose=1`, "bad_parameter", "unknown"},
		{`/api/v1/?x=1`, "bad_parameter", "unknown"},
	} {
		code, r, _ := s.do("GET", tc.target, nil, nil)
		if code != http.StatusBadRequest {
			t.Errorf("GET %s = %d %+v, want 400", clip(tc.target), code, r.Error)
			continue
		}
		if tc.code != "" && r.Error.Code != tc.code {
			t.Errorf("GET %s: code %q, want %q", clip(tc.target), r.Error.Code, tc.code)
		}
		if r.Error.Message == "" || !strings.Contains(r.Error.Message, tc.mention) {
			t.Errorf("GET %s: message %q should mention %q", clip(tc.target), r.Error.Message, tc.mention)
		}
	}
}

func clip(s string) string {
	if len(s) > 70 {
		return s[:70] + "…"
	}
	return s
}

func TestNotFound(t *testing.T) {
	s := newServer(t, api.Options{})
	for _, tc := range []struct{ method, target string }{
		{"GET", "/api/v1/documents/ffffffffffffffff"},
		{"GET", "/api/v1/documents/zz"},
		{"GET", "/api/v1/clusters/ffffffff"},
		{"GET", "/api/v1/nothing-here"},
		{"GET", "/api/v2/documents"},
		{"POST", "/api/v1/documents"},
		{"DELETE", "/api/v1/documents/" + s.f.Aid.ID},
		{"GET", "/api/v1/quotes?speaker=nobody-at-all"},
		{"GET", "/api/v1/graph?actor=nobody-at-all"},
	} {
		code, r, _ := s.do(tc.method, tc.target, nil, nil)
		if code != http.StatusNotFound || r.Error.Code != "not_found" || r.Error.Message == "" {
			t.Errorf("%s %s = %d %+v, want 404 not_found with a message", tc.method, tc.target, code, r.Error)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := newServer(t, api.Options{})
	for _, target := range []string{"/api/v1/documents", "/api/v1/nothing", "/api/v1/documents?limit=0"} {
		_, _, h := s.do("GET", target, nil, nil)
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: CSP %q lacks %q", target, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("GET %s: CSP %q allows inline code", target, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: headers %v", target, h)
		}
	}
	// A read request takes no body.
	code, r, _ := s.do("GET", "/api/v1/documents", strings.NewReader("unexpected body"), nil)
	if code != http.StatusOK {
		t.Errorf("GET with a body = %d %+v; the body is ignored, not read", code, r.Error)
	}
}

func TestOpenAPIListsEveryRoute(t *testing.T) {
	s := newServer(t, api.Options{})
	req := httptest.NewRequest("GET", "/api/v1/openapi.json", nil)
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			OperationID string `json:"operationId"`
			Parameters  []struct {
				Ref  string `json:"$ref"`
				Name string `json:"name"`
			} `json:"parameters"`
		} `json:"paths"`
		Components struct {
			Parameters map[string]json.RawMessage `json:"parameters"`
			Schemas    map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi version %q, want 3.1", doc.OpenAPI)
	}
	routes := s.h.(*api.API).Routes()
	if len(routes) < 15 {
		t.Fatalf("only %d routes: %v", len(routes), routes)
	}
	seen := map[string]bool{}
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt, " ")
		path = strings.TrimSuffix(strings.TrimPrefix(path, "/api/v1"), "{$}")
		if path == "" {
			path = "/"
		}
		seen[strings.ToLower(method)+" "+path] = true
		if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("route %s is not in openapi.json (as %s %s)", rt, strings.ToLower(method), path)
		}
	}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if !seen[method+" "+path] {
				t.Errorf("openapi.json documents %s %s, which is no route", method, path)
			}
			if op.OperationID == "" {
				t.Errorf("openapi.json: %s %s has no operationId", method, path)
			}
			for _, p := range op.Parameters {
				if name, ok := strings.CutPrefix(p.Ref, "#/components/parameters/"); ok && doc.Components.Parameters[name] == nil {
					t.Errorf("openapi.json: %s %s refers to missing parameter %s", method, path, name)
				}
			}
		}
	}
	// Every schema reference resolves.
	for _, m := range regexp.MustCompile(`"#/components/schemas/(\w+)"`).FindAllStringSubmatch(rec.Body.String(), -1) {
		if doc.Components.Schemas[m[1]] == nil {
			t.Errorf("openapi.json refers to missing schema %s", m[1])
		}
	}
}

// TestParametersDocumented checks that the parameters an endpoint accepts are the ones openapi.json lists: an
// unknown one is refused with the list of those it takes.
func TestParametersDocumented(t *testing.T) {
	s := newServer(t, api.Options{})
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Ref  string `json:"$ref"`
				Name string `json:"name"`
				In   string `json:"in"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	req := httptest.NewRequest("GET", "/api/v1/openapi.json", nil)
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for path, ops := range doc.Paths {
		op, ok := ops["get"]
		if !ok || path == "/openapi.json" {
			continue
		}
		var documented []string
		for _, p := range op.Parameters {
			name := p.Name
			if n, ok := strings.CutPrefix(p.Ref, "#/components/parameters/"); ok {
				name = n
			}
			if p.In != "path" {
				documented = append(documented, name)
			}
		}
		target := "/api/v1" + regexp.MustCompile(`\{\w+\}`).ReplaceAllString(path, "KRS") + "?not_a_parameter=1"
		if strings.Contains(path, "documents/") || strings.Contains(path, "clusters/") {
			target = strings.Replace(target, "KRS", "c0ffee", 1)
		}
		_, r, _ := s.do("GET", target, nil, nil)
		if r.Error == nil {
			t.Errorf("GET %s accepted an unknown parameter", target)
			continue
		}
		_, takes, _ := strings.Cut(r.Error.Message, "this endpoint takes ")
		takes, _, _ = strings.Cut(takes, ":")
		var accepted []string
		if takes != "none" {
			accepted = strings.Split(takes, ", ")
		}
		slices.Sort(accepted)
		slices.Sort(documented)
		if !slices.Equal(accepted, documented) {
			t.Errorf("GET %s takes %q; openapi.json documents %q", path, accepted, documented)
		}
	}
}

func TestIngestAuth(t *testing.T) {
	var got string
	ingest := func(ctx context.Context, r io.Reader) (api.IngestResult, error) {
		b, err := io.ReadAll(r)
		got = string(b)
		return api.IngestResult{Read: 1, New: 1}, err
	}
	off := newServer(t, api.Options{Ingest: ingest})
	code, r, _ := off.do("POST", "/api/v1/ingest", strings.NewReader(`{"text":"x"}`), http.Header{"Authorization": {"Bearer anything"}})
	if code != http.StatusForbidden || r.Error.Code != "ingest_disabled" || got != "" {
		t.Errorf("ingest without a configured token = %d %+v, want 403 and no ingest", code, r.Error)
	}
	s := newServer(t, api.Options{IngestToken: "s3cret-token", Ingest: ingest, MaxIngestBytes: 1 << 10})
	for _, auth := range []string{"", "Bearer", "Bearer ", "Bearer s3cret", "Bearer s3cret-token-and-more", "Basic s3cret-token", "s3cret-token"} {
		h := http.Header{}
		if auth != "" {
			h.Set("Authorization", auth)
		}
		code, r, hdr := s.do("POST", "/api/v1/ingest", strings.NewReader(`{"text":"x"}`), h)
		if code != http.StatusUnauthorized || r.Error.Code != "unauthorized" || hdr.Get("WWW-Authenticate") == "" {
			t.Errorf("ingest with Authorization %q = %d %+v, want 401 with WWW-Authenticate", auth, code, r.Error)
		}
	}
	if got != "" {
		t.Fatalf("an unauthorized request reached ingest: %q", got)
	}
	body := `{"title":"T","text":"Some article text."}` + "\n"
	code, r, _ = s.do("POST", "/api/v1/ingest", strings.NewReader(body), http.Header{"Authorization": {"Bearer s3cret-token"}})
	if code != http.StatusOK || got != body {
		t.Errorf("authorized ingest = %d %+v, body seen %q", code, r.Error, got)
	}
	var res api.IngestResult
	if err := json.Unmarshal(r.Data, &res); err != nil || res.New != 1 || res.Failures == nil {
		t.Errorf("ingest result %s: %v", r.Data, err)
	}
	code, r, _ = s.do("POST", "/api/v1/ingest", strings.NewReader(strings.Repeat("x", 2<<10)), http.Header{"Authorization": {"Bearer s3cret-token"}})
	if code != http.StatusRequestEntityTooLarge || r.Error.Code != "too_large" {
		t.Errorf("ingest over the size limit = %d %+v, want 413", code, r.Error)
	}
	code, r, _ = s.do("GET", "/api/v1/ingest", nil, nil)
	if code != http.StatusNotFound {
		t.Errorf("GET /api/v1/ingest = %d %+v, want 404", code, r.Error)
	}
}

// slowStore is a store whose searches wait until their context ends.
type slowStore struct{ newsgraph.Store }

func (slowStore) Search(ctx context.Context, q newsgraph.Query) ([]newsgraph.Hit, int, error) {
	<-ctx.Done()
	return nil, 0, ctx.Err()
}

// failingStore is a store whose searches fail with an internal error.
type failingStore struct{ newsgraph.Store }

func (failingStore) Search(ctx context.Context, q newsgraph.Query) ([]newsgraph.Hit, int, error) {
	return nil, 0, errors.New("disk on fire at /secret/path.db")
}

func TestTimeoutAndInternalErrors(t *testing.T) {
	st := openStore(t)
	var logged []string
	logf := func(format string, args ...any) { logged = append(logged, format) }
	s := &server{t: t, h: api.New(slowStore{st}, api.Options{Timeout: 50 * time.Millisecond, Logf: logf})}
	start := time.Now()
	code, r, _ := s.do("GET", "/api/v1/documents?q=x", nil, nil)
	if code != http.StatusServiceUnavailable || r.Error.Code != "timeout" || time.Since(start) > 5*time.Second {
		t.Errorf("slow search = %d %+v after %v, want 503 timeout soon after 50ms", code, r.Error, time.Since(start))
	}
	s = &server{t: t, h: api.New(failingStore{st}, api.Options{Logf: logf})}
	code, r, _ = s.do("GET", "/api/v1/documents", nil, nil)
	if code != http.StatusInternalServerError || strings.Contains(r.Error.Message, "secret") || len(logged) == 0 {
		t.Errorf("failing search = %d %+v (logged %d), want 500 without the cause, which is logged", code, r.Error, len(logged))
	}
	// A store without the optional interfaces says so.
	s = &server{t: t, h: api.New(failingStore{st}, api.Options{Logf: logf})}
	code, r, _ = s.do("GET", "/api/v1/entities", nil, nil)
	if code != http.StatusNotImplemented || r.Error.Code != "not_supported" {
		t.Errorf("entities on a store without them = %d %+v, want 501", code, r.Error)
	}
}
