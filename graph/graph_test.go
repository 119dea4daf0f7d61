package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"newsgraph"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

var (
	russia = newsgraph.Entity{ID: "RUS", Name: "Russia", Label: "LOC", CAMEO: "RUS"}
	turkey = newsgraph.Entity{ID: "TUR", Name: "Turkey", Label: "LOC", CAMEO: "TUR"}
	syria  = newsgraph.Entity{ID: "SYR", Name: "Syria", Label: "LOC", CAMEO: "SYR"}
	assad  = newsgraph.Entity{ID: "bashar-al-assad", Name: "Bashar al-Assad & co <x>", Label: "PER", CAMEO: "SYRGOV"} // a name to escape
)

// event is one dated event report of the fake store.
type event struct {
	src, tgt  newsgraph.Entity
	quad      int
	goldstein float64
	date      string
}

// fakeStore aggregates its events as a store's Relations does (evidence: one hit per event, newest first).
type fakeStore struct{ events []event }

// Events reads the events of an actor and a target (IDs), newest first, as a store's Events does.
func (f fakeStore) Events(_ context.Context, q newsgraph.EventQuery) ([]newsgraph.EventHit, int, error) {
	if q.Actor == "" || q.Target == "" || q.Involving != "" || q.Code != "" || q.Happening != "" || q.Offset != 0 {
		return nil, 0, errors.New("not used")
	}
	var out []newsgraph.EventHit
	for _, e := range f.events {
		if e.src.ID == q.Actor && e.tgt.ID == q.Target && (q.From.IsZero() || e.date >= date(q.From)) && (q.To.IsZero() || e.date <= date(q.To)) {
			out = append(out, newsgraph.EventHit{Date: e.date, Source: newsgraph.EventSide{ID: e.src.ID}, Target: newsgraph.EventSide{ID: e.tgt.ID}})
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Date > out[b].Date })
	total := len(out)
	return out[:min(len(out), q.Limit)], total, nil
}

func (f fakeStore) RelationsTotal(ctx context.Context, q newsgraph.RelationQuery) ([]newsgraph.Relation, int, error) {
	rels, err := f.Relations(ctx, q)
	return rels, len(rels), err
}

func (f fakeStore) Relations(_ context.Context, q newsgraph.RelationQuery) ([]newsgraph.Relation, error) {
	var out []newsgraph.Relation
	index := map[[2]string]int{}
	for _, e := range f.events {
		if !q.From.IsZero() && e.date < date(q.From) || !q.To.IsZero() && e.date > date(q.To) {
			continue
		}
		if q.Actor != "" && q.Actor != e.src.ID && q.Actor != e.tgt.ID || q.Other != "" && q.Other != e.src.ID && q.Other != e.tgt.ID {
			continue
		}
		k := [2]string{e.src.ID, e.tgt.ID}
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, newsgraph.Relation{Source: e.src, Target: e.tgt, First: e.date})
		}
		r := &out[i]
		r.Goldstein = (r.Goldstein*float64(r.Events) + e.goldstein) / float64(r.Events+1)
		r.Events++
		r.Happenings++
		r.Quad[e.quad-1]++
		r.First, r.Last = min(r.First, e.date), max(r.Last, e.date)
		if q.Evidence >= 0 {
			r.Evidence = append(r.Evidence, newsgraph.EventHit{Doc: newsgraph.Document{ID: "doc-" + e.date, Title: "On " + e.date}, Date: e.date,
				Sentence: e.src.Name + " acted on " + e.tgt.Name + ".", Source: newsgraph.EventSide{ID: e.src.ID}, Target: newsgraph.EventSide{ID: e.tgt.ID}})
		}
	}
	return out, nil
}

var corpus = fakeStore{events: []event{
	{russia, turkey, 3, -2, "2015-11-25"},
	{turkey, russia, 4, -10, "2015-11-24"},
	{russia, syria, 4, -10, "2015-10-01"},
	{russia, turkey, 1, 1, "2017-05-03"},
	{russia, turkey, 2, 7, "2017-09-12"},
	{assad, russia, 1, 3.4, "2017-11-20"},
}}

func TestWindows(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fn       func(from, to time.Time) []Window
		from, to string
		want     []string
	}{
		{"Years", Years, "2015-03-10", "2017-02-01", []string{"2015-03-10..2015-12-31", "2016-01-01..2016-12-31", "2017-01-01..2017-02-01"}},
		{"Years", Years, "2024-01-01", "2024-12-31", []string{"2024-01-01..2024-12-31"}},
		{"Years", Years, "2024-01-01", "2023-12-31", nil},
		{"Months", Months, "2024-01-31", "2024-03-15", []string{"2024-01-31..2024-01-31", "2024-02-01..2024-02-29", "2024-03-01..2024-03-15"}},
	} {
		var got []string
		for _, w := range tc.fn(day(tc.from), day(tc.to)) {
			got = append(got, w.String())
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s(%s, %s) = %v, want %v", tc.name, tc.from, tc.to, got, tc.want)
		}
	}
	if got := Years(time.Time{}, day("2024-01-01")); got != nil {
		t.Errorf("Years(open, 2024-01-01) = %v, want nil", got)
	}
}

func build(t *testing.T, q newsgraph.RelationQuery, windows []Window) *Graph {
	t.Helper()
	g, err := Build(context.Background(), corpus, q, windows)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestBuild(t *testing.T) {
	g := build(t, newsgraph.RelationQuery{Evidence: -1}, Years(day("2015-01-01"), day("2017-12-31")))
	if len(g.Nodes) != 4 || len(g.Edges) != 4 {
		t.Fatalf("graph has %d nodes and %d edges, want 4 and 4", len(g.Nodes), len(g.Edges))
	}
	var rt *Edge
	for i, e := range g.Edges {
		if e.Source == "RUS" && e.Target == "TUR" {
			rt = &g.Edges[i]
		}
	}
	if rt == nil {
		t.Fatal("no Russia>Turkey edge")
	}
	// 2015: one conflict (-2); 2017: two cooperations (1, 7); mean over the three reports.
	if rt.Events != 3 || rt.Quad != [4]int{1, 1, 1, 0} || math.Abs(rt.Goldstein-2) > 1e-9 || rt.First != "2015-11-25" || rt.Last != "2017-09-12" {
		t.Errorf("Russia>Turkey = %+v", rt.Stats)
	}
	if len(rt.Spells) != 2 || rt.Spells[0].Window.String() != "2015-01-01..2015-12-31" || rt.Spells[1].Events != 2 {
		t.Errorf("Russia>Turkey spells = %+v, want 2015 and 2017", rt.Spells)
	}
	// Invariants: every edge's stats are the sum of its spells'; a node's events are those of its edges.
	events := map[string]int{}
	for _, e := range g.Edges {
		var sum Stats
		for _, s := range e.Spells {
			sum.add(s.Stats)
		}
		if sum.Events != e.Events || sum.Quad != e.Quad || math.Abs(sum.Goldstein-e.Goldstein) > 1e-9 {
			t.Errorf("edge %s>%s: stats %+v, spells sum to %+v", e.Source, e.Target, e.Stats, sum)
		}
		events[e.Source] += e.Events
		events[e.Target] += e.Events
	}
	for _, n := range g.Nodes {
		if n.Events != events[n.ID] {
			t.Errorf("node %s has %d events, its edges %d", n.ID, n.Events, events[n.ID])
		}
	}
	// One window holds what the years hold.
	one := build(t, newsgraph.RelationQuery{From: day("2015-01-01"), To: day("2017-12-31"), Evidence: -1}, nil)
	if len(one.Edges) != len(g.Edges) || len(one.Windows) != 1 {
		t.Errorf("one window: %d edges in %d windows", len(one.Edges), len(one.Windows))
	}
	for i := range one.Edges {
		if one.Edges[i].Stats != g.Edges[i].Stats {
			t.Errorf("edge %s>%s: one window %+v, by year %+v", one.Edges[i].Source, one.Edges[i].Target, one.Edges[i].Stats, g.Edges[i].Stats)
		}
	}
}

func TestChanges(t *testing.T) {
	series, err := Changes(context.Background(), corpus, "RUS", "TUR", Years(day("2015-01-01"), day("2017-12-31")))
	if err != nil {
		t.Fatal(err)
	}
	if len(series) != 2 || series[0].Source.ID != "RUS" || series[1].Source.ID != "TUR" {
		t.Fatalf("Changes(RUS, TUR) = %+v, want RUS>TUR then TUR>RUS", series)
	}
	var got []int
	for _, s := range series[0].Spells {
		got = append(got, s.Events)
	}
	if !reflect.DeepEqual(got, []int{1, 0, 2}) || series[0].Spells[1].Window.String() != "2016-01-01..2016-12-31" {
		t.Errorf("RUS>TUR events by year = %v, want [1 0 2]", got)
	}
	if g := series[0].Spells[0].Goldstein; g != -2 {
		t.Errorf("RUS>TUR 2015 Goldstein = %v, want -2", g)
	}
}

// golden compares got with testdata/name, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update after checking):\n%s", name, got)
	}
}

func outputs(t *testing.T, g *Graph) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for ext, fn := range map[string]func(*bytes.Buffer) error{
		"gexf":    func(b *bytes.Buffer) error { return g.WriteGEXF(b) },
		"graphml": func(b *bytes.Buffer) error { return g.WriteGraphML(b) },
		"json":    func(b *bytes.Buffer) error { return g.WriteJSON(b) },
	} {
		var b bytes.Buffer
		if err := fn(&b); err != nil {
			t.Fatalf("write %s: %v", ext, err)
		}
		out[ext] = b.Bytes()
	}
	return out
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name    string
		q       newsgraph.RelationQuery
		windows []Window
	}{
		{"years", newsgraph.RelationQuery{Evidence: -1}, Years(day("2015-01-01"), day("2017-12-31"))},
		{"window", newsgraph.RelationQuery{From: day("2017-01-01"), To: day("2017-12-31")}, nil},
	} {
		for ext, b := range outputs(t, build(t, tc.q, tc.windows)) {
			golden(t, tc.name+"."+ext, b)
		}
	}
}

// The XML outputs, read back with structures written independently of the writers'.
type (
	xmlGEXF struct {
		XMLName xml.Name `xml:"http://gexf.net/1.3 gexf"`
		Version string   `xml:"version,attr"`
		Graph   struct {
			Mode       string `xml:"mode,attr"`
			EdgeType   string `xml:"defaultedgetype,attr"`
			TimeFormat string `xml:"timeformat,attr"`
			Attributes []struct {
				Class string `xml:"class,attr"`
				Attr  []struct {
					ID string `xml:"id,attr"`
				} `xml:"attribute"`
			} `xml:"attributes"`
			Nodes []struct {
				ID     string     `xml:"id,attr"`
				Label  string     `xml:"label,attr"`
				Values []xmlValue `xml:"attvalues>attvalue"`
				Spells []xmlSpell `xml:"spells>spell"`
			} `xml:"nodes>node"`
			Edges []struct {
				Source string     `xml:"source,attr"`
				Target string     `xml:"target,attr"`
				Weight float64    `xml:"weight,attr"`
				Values []xmlValue `xml:"attvalues>attvalue"`
				Spells []xmlSpell `xml:"spells>spell"`
			} `xml:"edges>edge"`
		} `xml:"graph"`
	}
	xmlValue struct {
		For   string `xml:"for,attr"`
		Value string `xml:"value,attr"`
		Start string `xml:"start,attr"`
		End   string `xml:"end,attr"`
	}
	xmlSpell struct {
		Start string `xml:"start,attr"`
		End   string `xml:"end,attr"`
	}
)

func TestGEXFStructure(t *testing.T) {
	g := build(t, newsgraph.RelationQuery{Evidence: -1}, Years(day("2015-01-01"), day("2017-12-31")))
	var doc xmlGEXF
	if err := xml.Unmarshal(outputs(t, g)["gexf"], &doc); err != nil {
		t.Fatalf("GEXF does not parse: %v", err)
	}
	if doc.Version != "1.3" || doc.Graph.Mode != "dynamic" || doc.Graph.EdgeType != "directed" || doc.Graph.TimeFormat != "date" || len(doc.Graph.Nodes) != len(g.Nodes) || len(doc.Graph.Edges) != len(g.Edges) {
		t.Fatalf("GEXF version %q, %d nodes, %d edges; want 1.3, %d, %d", doc.Version, len(doc.Graph.Nodes), len(doc.Graph.Edges), len(g.Nodes), len(g.Edges))
	}
	declared := map[string]bool{}
	for _, a := range doc.Graph.Attributes {
		for _, at := range a.Attr {
			declared[a.Class+"/"+at.ID] = true
		}
	}
	nodes := map[string]bool{}
	for _, n := range doc.Graph.Nodes {
		nodes[n.ID] = true
		for _, v := range n.Values {
			if !declared["node/"+v.For] {
				t.Errorf("node %s: value for undeclared attribute %q", n.ID, v.For)
			}
		}
		for _, s := range n.Spells {
			if s.Start == "" || s.End == "" || s.Start > s.End {
				t.Errorf("node %s: bad spell %+v", n.ID, s)
			}
		}
	}
	if assad := doc.Graph.Nodes[len(doc.Graph.Nodes)-1]; assad.ID != "bashar-al-assad" || assad.Label != "Bashar al-Assad & co <x>" {
		t.Errorf("node %s label = %q, want the name unchanged after escaping", assad.ID, assad.Label)
	}
	for _, e := range doc.Graph.Edges {
		if !nodes[e.Source] || !nodes[e.Target] {
			t.Errorf("edge %s>%s: an endpoint is no node", e.Source, e.Target)
		}
		events := 0.0
		for _, v := range e.Values {
			if !declared["edge/"+v.For] {
				t.Errorf("edge %s>%s: value for undeclared attribute %q", e.Source, e.Target, v.For)
			}
			inSpell := false
			for _, s := range e.Spells {
				inSpell = inSpell || v.Start == s.Start && v.End == s.End
			}
			if !inSpell {
				t.Errorf("edge %s>%s: value %+v outside the edge's spells %+v", e.Source, e.Target, v, e.Spells)
			}
			if v.For == "events" {
				var n float64
				if err := json.Unmarshal([]byte(v.Value), &n); err != nil {
					t.Errorf("events value %q: %v", v.Value, err)
				}
				events += n
			}
		}
		if e.Weight != events || e.Weight <= 0 {
			t.Errorf("edge %s>%s: weight %v, events over its spells %v", e.Source, e.Target, e.Weight, events)
		}
	}
}

func TestGraphMLStructure(t *testing.T) {
	g := build(t, newsgraph.RelationQuery{From: day("2015-01-01"), To: day("2017-12-31"), Evidence: -1}, nil)
	var doc struct {
		XMLName xml.Name `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
		Keys    []struct {
			ID  string `xml:"id,attr"`
			For string `xml:"for,attr"`
		} `xml:"key"`
		Graph struct {
			EdgeDefault string `xml:"edgedefault,attr"`
			Nodes       []struct {
				ID   string    `xml:"id,attr"`
				Data []xmlData `xml:"data"`
			} `xml:"node"`
			Edges []struct {
				Source string    `xml:"source,attr"`
				Target string    `xml:"target,attr"`
				Data   []xmlData `xml:"data"`
			} `xml:"edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(outputs(t, g)["graphml"], &doc); err != nil {
		t.Fatalf("GraphML does not parse: %v", err)
	}
	keys := map[string]string{}
	for _, k := range doc.Keys {
		keys[k.ID] = k.For
	}
	if doc.Graph.EdgeDefault != "directed" || len(doc.Graph.Nodes) != len(g.Nodes) || len(doc.Graph.Edges) != len(g.Edges) {
		t.Fatalf("GraphML: %q, %d nodes, %d edges", doc.Graph.EdgeDefault, len(doc.Graph.Nodes), len(doc.Graph.Edges))
	}
	nodes := map[string]bool{}
	for _, n := range doc.Graph.Nodes {
		nodes[n.ID] = true
		for _, d := range n.Data {
			if keys[d.Key] != "node" {
				t.Errorf("node %s: data for key %q, declared for %q", n.ID, d.Key, keys[d.Key])
			}
		}
	}
	for i, e := range doc.Graph.Edges {
		if !nodes[e.Source] || !nodes[e.Target] {
			t.Errorf("edge %s>%s: an endpoint is no node", e.Source, e.Target)
		}
		vals := map[string]string{}
		for _, d := range e.Data {
			if keys[d.Key] != "edge" {
				t.Errorf("edge %s>%s: data for key %q, declared for %q", e.Source, e.Target, d.Key, keys[d.Key])
			}
			vals[d.Key] = d.Value
		}
		if vals["weight"] != vals["events"] || vals["events"] == "" || g.Edges[i].Events == 0 {
			t.Errorf("edge %s>%s: weight %q, events %q", e.Source, e.Target, vals["weight"], vals["events"])
		}
	}
}

type xmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

func TestJSONRoundTrip(t *testing.T) {
	g := build(t, newsgraph.RelationQuery{From: day("2017-01-01"), To: day("2017-12-31")}, nil)
	var doc struct {
		From, To string
		Nodes    []struct{ ID string }
		Edges    []struct {
			Source, Target string
			Events         int
			Evidence       []struct{ Document, Sentence, Date string }
		}
	}
	if err := json.Unmarshal(outputs(t, g)["json"], &doc); err != nil {
		t.Fatal(err)
	}
	if doc.From != "2017-01-01" || doc.To != "2017-12-31" || len(doc.Nodes) != 3 || len(doc.Edges) != 2 {
		t.Fatalf("JSON graph = %+v", doc)
	}
	for _, e := range doc.Edges {
		if len(e.Evidence) != e.Events || e.Evidence[0].Sentence == "" || e.Evidence[0].Date < "2017" {
			t.Errorf("edge %s>%s: %d events, evidence %+v", e.Source, e.Target, e.Events, e.Evidence)
		}
	}
}

func TestEdgeEvidence(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		src, tgt string
		w        Window
		n        int
		want     []string // dates
	}{
		{"RUS", "TUR", Window{}, 0, []string{"2017-09-12", "2017-05-03", "2015-11-25"}},
		{"RUS", "TUR", Window{}, 1, []string{"2017-09-12"}},
		{"RUS", "TUR", Window{From: day("2015-01-01"), To: day("2016-12-31")}, 3, []string{"2015-11-25"}},
		{"TUR", "SYR", Window{}, 3, nil},
	} {
		hits, err := EdgeEvidence(ctx, corpus, tc.src, tc.tgt, tc.w, tc.n)
		var got []string
		for _, h := range hits {
			got = append(got, h.Date)
			if h.Source.ID != tc.src || h.Target.ID != tc.tgt {
				t.Errorf("EdgeEvidence(%s, %s, %s, %d) holds %s->%s", tc.src, tc.tgt, tc.w, tc.n, h.Source.ID, h.Target.ID)
			}
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("EdgeEvidence(%s, %s, %s, %d) = %v, %v; want %v", tc.src, tc.tgt, tc.w, tc.n, got, err, tc.want)
		}
	}
}
