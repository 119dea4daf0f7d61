// Package graph builds the actor graph: who did what to whom over a time window, from the relations an
// event store aggregates (newsgraph.EventStore.Relations), and how one relation changes over consecutive
// windows. It writes the graph as GEXF 1.3 with time spells Gephi's timeline understands, as GraphML, and as
// JSON.
package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"newsgraph"
)

// Window is an inclusive range of days. A zero From or To is open.
type Window struct{ From, To time.Time }

// String renders the window as "2015-01-01..2015-12-31", an open end as "".
func (w Window) String() string { return date(w.From) + ".." + date(w.To) }

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// Years returns the calendar years from's year to to's year, in order, as windows clipped to [from, to].
// It returns nil when either end is zero or to is before from.
func Years(from, to time.Time) []Window { return steps(from, to, 1, 0) }

// Months returns the calendar months from from's month to to's month, clipped to [from, to], like Years.
func Months(from, to time.Time) []Window { return steps(from, to, 0, 1) }

func steps(from, to time.Time, years, months int) []Window {
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return nil
	}
	start := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	if years > 0 {
		start = time.Date(from.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	var out []Window
	for s := start; !s.After(to); s = s.AddDate(years, months, 0) {
		w := Window{From: s, To: s.AddDate(years, months, -1)}
		if w.From.Before(from) {
			w.From = from
		}
		if w.To.After(to) {
			w.To = to
		}
		out = append(out, w)
	}
	return out
}

// Stats aggregates the events of a relation.
type Stats struct {
	Events      int     // event reports
	Happenings  int     // distinct happenings
	Quad        [4]int  // reports by QuadClass: verbal cooperation, material cooperation, verbal conflict, material conflict
	Goldstein   float64 // mean Goldstein score of the reports; 0 when there are none
	Quotes      int     // quotes by the source about the target
	First, Last string  // range of the event dates, "" when none is dated
}

func statsOf(r newsgraph.Relation) Stats {
	return Stats{Events: r.Events, Happenings: r.Happenings, Quad: r.Quad, Goldstein: r.Goldstein, Quotes: r.Quotes, First: r.First, Last: r.Last}
}

// add folds o into s: counts add up, the Goldstein mean is weighted by events, the date range widens. Happenings
// add up too: a happening's reports share its date, so windows that do not overlap never share one.
func (s *Stats) add(o Stats) {
	if s.Events+o.Events > 0 {
		s.Goldstein = (s.Goldstein*float64(s.Events) + o.Goldstein*float64(o.Events)) / float64(s.Events+o.Events)
	}
	s.Events += o.Events
	s.Happenings += o.Happenings
	for i := range s.Quad {
		s.Quad[i] += o.Quad[i]
	}
	s.Quotes += o.Quotes
	if o.First != "" && (s.First == "" || o.First < s.First) {
		s.First = o.First
	}
	if o.Last > s.Last {
		s.Last = o.Last
	}
}

// Spell is a relation's stats over one window.
type Spell struct {
	Window
	Stats
}

// Node is an actor: a canonical entity that is the source or target of a relation.
type Node struct {
	ID, Name string
	Type     string // the entity label: PER, ORG, LOC, NORP, MISC
	CAMEO    string // its CAMEO actor code, "" unknown
	Events   int    // the reports of the events it takes part in, as source or target
	// Spells are the windows in which it takes part in events, in order.
	Spells []Window
}

// Edge is a directed relation, source to target, over the graph's windows.
type Edge struct {
	Source, Target string  // node IDs
	Stats                  // over every window
	Spells         []Spell // the windows in which the relation has events, in order
	Evidence       []newsgraph.EventHit
}

// Graph is the actor graph over one or more consecutive windows. Nodes are sorted by ID; edges by source then
// target ID.
type Graph struct {
	Windows []Window
	Nodes   []Node
	Edges   []Edge
}

// Build queries the relations of every window (q's window when windows is empty: then q.From and q.To) and
// builds the graph. q's Actor, Other and Evidence apply to each window.
func Build(ctx context.Context, es newsgraph.EventStore, q newsgraph.RelationQuery, windows []Window) (*Graph, error) {
	if len(windows) == 0 {
		windows = []Window{{From: q.From, To: q.To}}
	}
	var rels [][]newsgraph.Relation
	for _, w := range windows {
		q.From, q.To = w.From, w.To
		r, err := es.Relations(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("graph %s: %w", w, err)
		}
		rels = append(rels, r)
	}
	return FromRelations(windows, rels), nil
}

// FromRelations builds the graph from the relations of each window: rels[i] are those of windows[i].
func FromRelations(windows []Window, rels [][]newsgraph.Relation) *Graph {
	g := &Graph{Windows: windows}
	nodes := map[string]*Node{}
	edges := map[[2]string]*Edge{}
	node := func(e newsgraph.Entity, w Window, events int) {
		n := nodes[e.ID]
		if n == nil {
			n = &Node{ID: e.ID, Name: e.Name, Type: e.Label, CAMEO: e.CAMEO}
			nodes[e.ID] = n
		}
		n.Events += events
		if len(n.Spells) == 0 || n.Spells[len(n.Spells)-1] != w {
			n.Spells = append(n.Spells, w)
		}
	}
	for i, rs := range rels {
		w := windows[i]
		for _, r := range rs {
			st := statsOf(r)
			// A window open at an end is bounded by the dates of what it holds.
			sw := w
			if sw.From.IsZero() {
				sw.From, _ = time.Parse("2006-01-02", r.First)
			}
			if sw.To.IsZero() {
				sw.To, _ = time.Parse("2006-01-02", r.Last)
			}
			node(r.Source, w, r.Events)
			if r.Target.ID != r.Source.ID {
				node(r.Target, w, r.Events)
			}
			k := [2]string{r.Source.ID, r.Target.ID}
			e := edges[k]
			if e == nil {
				e = &Edge{Source: k[0], Target: k[1]}
				edges[k] = e
			}
			e.Stats.add(st)
			e.Spells = append(e.Spells, Spell{Window: sw, Stats: st})
			e.Evidence = append(e.Evidence, r.Evidence...)
		}
	}
	for _, n := range nodes {
		g.Nodes = append(g.Nodes, *n)
	}
	sort.Slice(g.Nodes, func(a, b int) bool { return g.Nodes[a].ID < g.Nodes[b].ID })
	for _, e := range edges {
		g.Edges = append(g.Edges, *e)
	}
	sort.Slice(g.Edges, func(a, b int) bool {
		if g.Edges[a].Source != g.Edges[b].Source {
			return g.Edges[a].Source < g.Edges[b].Source
		}
		return g.Edges[a].Target < g.Edges[b].Target
	})
	return g
}

// EdgeEvidence returns the newest n reports (at most; 0 means 3) of the relation from source to target (entity
// IDs) in window w: the evidence of one edge, read when it is asked for. A graph of a long window can hold tens of
// thousands of edges: build it without evidence (RelationQuery.Evidence -1), which reads only the store's relation
// aggregates, and fetch the evidence of the edges a reader opens.
func EdgeEvidence(ctx context.Context, es newsgraph.EventStore, source, target string, w Window, n int) ([]newsgraph.EventHit, error) {
	if n <= 0 {
		n = 3
	}
	hits, _, err := es.Events(ctx, newsgraph.EventQuery{Actor: source, Target: target, From: w.From, To: w.To, Limit: n})
	if err != nil {
		return nil, fmt.Errorf("evidence of %s->%s %s: %w", source, target, w, err)
	}
	return hits, nil
}

// Series is how one directed relation changes over consecutive windows.
type Series struct {
	Source, Target newsgraph.Entity
	Spells         []Spell // one per window, in order; zero Stats where the relation has no events
}

// Changes returns how the relations between actor and other (IDs or names, resolved by the store) change over
// the windows: one series per direction that has events in any window, actor's first.
func Changes(ctx context.Context, es newsgraph.EventStore, actor, other string, windows []Window) ([]Series, error) {
	var out []Series
	index := map[[2]string]int{}
	for i, w := range windows {
		rels, err := es.Relations(ctx, newsgraph.RelationQuery{From: w.From, To: w.To, Actor: actor, Other: other, Evidence: -1})
		if err != nil {
			return nil, fmt.Errorf("changes %s: %w", w, err)
		}
		for _, r := range rels {
			k := [2]string{r.Source.ID, r.Target.ID}
			j, ok := index[k]
			if !ok {
				j = len(out)
				index[k] = j
				s := Series{Source: r.Source, Target: r.Target, Spells: make([]Spell, len(windows))}
				for n, w := range windows {
					s.Spells[n].Window = w
				}
				out = append(out, s)
			}
			out[j].Spells[i].Stats = statsOf(r)
		}
	}
	// The actor's direction first: the series whose source was named by the query, if it can be told.
	sort.SliceStable(out, func(a, b int) bool { return matches(out[a].Source, actor) && !matches(out[b].Source, actor) })
	return out, nil
}

func matches(e newsgraph.Entity, ref string) bool {
	return e.ID == ref || strings.EqualFold(e.Name, ref)
}
