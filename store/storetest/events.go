package storetest

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"newsgraph"
)

// Report is one coded event for EventDocument: Source Verb Target [in Location].
type Report struct {
	Source, Target *newsgraph.Entity // Target nil: the event has none
	Verb           string            // the words between them: "met", "accused"
	Code           string
	QuadClass      int
	Goldstein      float64
	Date           string            // the sentence's date
	Location       *newsgraph.Entity // nil: no place named
}

// EventDocument returns a document with one sentence per report ("Source Verb Target in Location."), each
// sentence holding one coded event, with its entities, mentions and sentence dates filled in as the annotate
// stage would. Title is the first words of the text.
func EventDocument(title string, published time.Time, reports ...Report) *newsgraph.Document {
	var b strings.Builder
	b.WriteString(title + ".")
	var sents []newsgraph.Sentence
	var mentions []newsgraph.Mention
	var ents []newsgraph.DocEntity
	var events []newsgraph.Event
	index := map[string]int{}
	name := func(e *newsgraph.Entity, sent int) newsgraph.EventActor {
		start := b.Len()
		b.WriteString(e.Name)
		i, ok := index[e.ID]
		if !ok {
			i = len(ents)
			index[e.ID] = i
			ents = append(ents, newsgraph.DocEntity{Entity: *e})
		}
		sp := newsgraph.Span{Start: start, End: b.Len()}
		mentions = append(mentions, newsgraph.Mention{Span: sp, Label: e.Label, Kind: newsgraph.MentionName, Sentence: sent, Entity: i})
		return newsgraph.EventActor{Span: sp, Entity: i, CAMEO: e.CAMEO}
	}
	sents = append(sents, newsgraph.Sentence{Span: newsgraph.Span{Start: 0, End: b.Len()}})
	for _, r := range reports {
		b.WriteString(" ")
		si := len(sents)
		start := b.Len()
		ev := newsgraph.Event{Sentence: si, Code: r.Code, QuadClass: r.QuadClass, Goldstein: r.Goldstein, Date: r.Date,
			Target: newsgraph.EventActor{Entity: -1}, Location: -1, Reporter: -1}
		ev.Source = name(r.Source, si)
		b.WriteString(" ")
		ev.Cue = newsgraph.Span{Start: b.Len(), End: b.Len() + len(r.Verb)}
		b.WriteString(r.Verb)
		if r.Target != nil {
			b.WriteString(" ")
			ev.Target = name(r.Target, si)
		}
		if r.Location != nil {
			b.WriteString(" in ")
			ev.Location = name(r.Location, si).Entity
		}
		b.WriteString(".")
		ev.Span = newsgraph.Span{Start: start, End: b.Len()}
		sents = append(sents, newsgraph.Sentence{Span: ev.Span, Date: r.Date})
		events = append(events, ev)
	}
	d := doc(b.String(), title, "wire", "en", published)
	d.Sentences, d.Mentions, d.Entities, d.Events = sents, mentions, ents, events
	return d
}

// Entities of the event tests.
var (
	evLavrov = newsgraph.Entity{ID: "sergei-lavrov", Name: "Sergei Lavrov", Label: "PER", CAMEO: "RUSGOV", Known: true}
	evFidan  = newsgraph.Entity{ID: "hakan-fidan", Name: "Hakan Fidan", Label: "PER", CAMEO: "TURGOV", Known: true}
	evRussia = newsgraph.Entity{ID: "RUS", Name: "Russia", Label: "LOC", CAMEO: "RUS", Known: true}
	evTurkey = newsgraph.Entity{ID: "TUR", Name: "Turkey", Label: "LOC", CAMEO: "TUR", Known: true}
	evSyria  = newsgraph.Entity{ID: "SYR", Name: "Syria", Label: "LOC", CAMEO: "SYR", Known: true}
	evDoha   = newsgraph.Entity{ID: "doha", Name: "Doha", Label: "LOC", Known: true}
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func testEvents(t *testing.T, s newsgraph.Store) {
	es, ok := s.(newsgraph.EventStore)
	if !ok {
		t.Skip("store keeps no events")
	}
	ctx := context.Background()
	meet := Report{Source: &evLavrov, Target: &evFidan, Verb: "met", Code: "040", QuadClass: 1, Goldstein: 1, Date: "2024-12-07", Location: &evDoha}
	d1 := EventDocument("Talks in Doha", day("2024-12-07"), meet,
		Report{Source: &evRussia, Target: &evTurkey, Verb: "accused", Code: "112", QuadClass: 3, Goldstein: -2, Date: "2024-12-07"},
		Report{Source: &evTurkey, Verb: "protested", Code: "140", QuadClass: 3, Goldstein: -6.5, Date: "2024-12-07"})
	// The same meeting reported the next day by another article: one happening, two reports.
	d2 := EventDocument("Ministers meet", day("2024-12-08"), meet)
	d3 := EventDocument("Jet downed", day("2015-11-25"),
		Report{Source: &evTurkey, Target: &evRussia, Verb: "shot down a jet of", Code: "190", QuadClass: 4, Goldstein: -10, Date: "2015-11-24"},
		Report{Source: &evRussia, Target: &evTurkey, Verb: "accused", Code: "112", QuadClass: 3, Goldstein: -2, Date: "2015-11-25"},
		Report{Source: &evLavrov, Target: &evTurkey, Verb: "criticized", Code: "111", QuadClass: 3, Goldstein: -2, Date: "2015-11-25"},
		Report{Source: &evRussia, Target: &evSyria, Verb: "bombed targets in", Code: "195", QuadClass: 4, Goldstein: -10, Date: "XXXX-11-20"})
	// A quote by Lavrov about Turkey, in d3: "Turkey" of the criticism sentence lies inside it.
	crit := d3.Events[2]
	d3.Quotes = []newsgraph.Quote{{Span: crit.Target.Span, Cue: crit.Cue, Speaker: crit.Source.Span, Mention: -1, Entity: crit.Source.Entity,
		Sentence: crit.Sentence, Date: "2015-11-25"}}
	ingest(t, s, d1, d2, d3)

	all, total, err := es.Events(ctx, newsgraph.EventQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if total != 8 || len(all) != 8 {
		t.Fatalf("Events() = %d of %d, want 8", len(all), total)
	}
	for i := 1; i < len(all); i++ {
		if all[i].Date > all[i-1].Date {
			t.Errorf("Events() not newest first: %s before %s", all[i-1].Date, all[i].Date)
		}
	}
	if last := all[len(all)-1]; last.Date != "" || last.Code != "195" {
		t.Errorf("the event without a year sorts last with no date: %+v", last)
	}

	lav, n, err := es.Events(ctx, newsgraph.EventQuery{Actor: "Lavrov", Code: "04"})
	if err != nil || n != 2 || len(lav) != 2 {
		t.Fatalf("Events(actor Lavrov, code 04) = %d of %d, %v; want 2", len(lav), n, err)
	}
	h := lav[0]
	wantSent := "Sergei Lavrov met Hakan Fidan in Doha."
	if h.Code != "040" || h.Root != "04" || h.QuadClass != 1 || h.Goldstein != 1 || h.Date != "2024-12-07" || h.Cue != "met" ||
		h.Source != (newsgraph.EventSide{ID: "sergei-lavrov", Name: "Sergei Lavrov", CAMEO: "RUSGOV"}) ||
		h.Target != (newsgraph.EventSide{ID: "hakan-fidan", Name: "Hakan Fidan", CAMEO: "TURGOV"}) ||
		h.Location != (newsgraph.EventSide{ID: "doha", Name: "Doha"}) || h.Sentence != wantSent || h.Reports != 2 ||
		h.Happening != newsgraph.EventKey("sergei-lavrov", "hakan-fidan", "040", "2024-12-07") {
		t.Errorf("Events(actor Lavrov)[0] = %+v", h)
	}
	if h.Doc.ID != d1.ID && h.Doc.ID != d2.ID || lav[0].Doc.ID == lav[1].Doc.ID || lav[0].Happening != lav[1].Happening {
		t.Errorf("the two reports of the meeting: %s %s, %s %s", lav[0].Doc.ID, lav[0].Happening, lav[1].Doc.ID, lav[1].Happening)
	}
	if d, _ := s.Document(ctx, h.Doc.ID); h.Span.In(d.Text) != wantSent || h.Index != 0 {
		t.Errorf("hit span %v (event %d) does not locate the sentence in %s", h.Span, h.Index, h.Doc.ID)
	}

	for _, tc := range []struct {
		q    newsgraph.EventQuery
		want int
	}{
		{newsgraph.EventQuery{Actor: "Russia", Target: "Turkey"}, 2},
		{newsgraph.EventQuery{Actor: "RUS", Target: "turkey", From: day("2016-01-01")}, 1},
		{newsgraph.EventQuery{Actor: "Russia", To: day("2015-12-31")}, 1},         // the undated bombing is outside any range
		{newsgraph.EventQuery{Actor: "Russia"}, 3},                                // ... and inside the open one
		{newsgraph.EventQuery{Involving: "Turkey"}, 5},                            // source or target
		{newsgraph.EventQuery{Code: "1"}, 6},                                      // 112, 140, 190, 112, 111, 195
		{newsgraph.EventQuery{Code: "19"}, 2},                                     // 190, 195
		{newsgraph.EventQuery{Code: "190"}, 1},                                    // exact code
		{newsgraph.EventQuery{Code: "0400"}, 0},                                   // a longer code is a narrower prefix
		{newsgraph.EventQuery{From: day("2015-11-25"), To: day("2015-11-25")}, 2}, // one day, inclusive
		{newsgraph.EventQuery{Happening: h.Happening}, 2},
		{newsgraph.EventQuery{Target: "Turkey", Limit: 1, Offset: 1}, 1},
		{newsgraph.EventQuery{Offset: 100}, 0},
	} {
		got, n, err := es.Events(ctx, tc.q)
		if err != nil || len(got) != tc.want || tc.q.Limit == 0 && tc.q.Offset == 0 && n != tc.want {
			t.Errorf("Events(%+v) = %d hits (total %d), %v; want %d", tc.q, len(got), n, err, tc.want)
		}
		for _, g := range got {
			if tc.q.Code != "" && !strings.HasPrefix(g.Code, tc.q.Code) {
				t.Errorf("Events(%+v) returned code %s", tc.q, g.Code)
			}
		}
	}
	for _, tc := range []struct {
		q    newsgraph.EventQuery
		want error
	}{
		{newsgraph.EventQuery{Actor: "Nobody Atall"}, newsgraph.ErrNotFound},
		{newsgraph.EventQuery{Target: "Nobody Atall"}, newsgraph.ErrNotFound},
		{newsgraph.EventQuery{Code: "04%"}, newsgraph.ErrBadQuery},
		{newsgraph.EventQuery{Offset: -1}, newsgraph.ErrBadQuery},
	} {
		if _, _, err := es.Events(ctx, tc.q); !errors.Is(err, tc.want) {
			t.Errorf("Events(%+v) err = %v, want %v", tc.q, err, tc.want)
		}
	}

	rels, err := es.Relations(ctx, newsgraph.RelationQuery{})
	if err != nil {
		t.Fatal(err)
	}
	// Lavrov->Fidan (2 reports), Russia->Turkey (2), Turkey->Russia, Lavrov->Turkey, Russia->Syria (undated).
	// Turkey's protest has no target: no relation.
	if len(rels) != 5 {
		t.Fatalf("Relations() = %d relations, want 5: %+v", len(rels), rels)
	}
	byPair := map[string]newsgraph.Relation{}
	for i, r := range rels {
		byPair[r.Source.ID+">"+r.Target.ID] = r
		if i > 0 && r.Events > rels[i-1].Events {
			t.Errorf("Relations() not by event count: %d after %d", r.Events, rels[i-1].Events)
		}
		if sum := r.Quad[0] + r.Quad[1] + r.Quad[2] + r.Quad[3]; sum != r.Events || r.Happenings < 1 || r.Happenings > r.Events {
			t.Errorf("relation %s>%s: quad %v, %d happenings, %d events", r.Source.ID, r.Target.ID, r.Quad, r.Happenings, r.Events)
		}
		if want := min(r.Events, 3); len(r.Evidence) != want {
			t.Errorf("relation %s>%s has %d evidence items, want %d", r.Source.ID, r.Target.ID, len(r.Evidence), want)
		}
		for j, e := range r.Evidence {
			if e.Source.ID != r.Source.ID || e.Target.ID != r.Target.ID || e.Sentence == "" || e.Doc.ID == "" {
				t.Errorf("relation %s>%s evidence %+v", r.Source.ID, r.Target.ID, e)
			}
			if j > 0 && e.Date > r.Evidence[j-1].Date {
				t.Errorf("relation %s>%s evidence not newest first", r.Source.ID, r.Target.ID)
			}
		}
	}
	lf := byPair["sergei-lavrov>hakan-fidan"]
	if lf.Events != 2 || lf.Happenings != 1 || lf.Quad != [4]int{2, 0, 0, 0} || lf.Goldstein != 1 || lf.First != "2024-12-07" || lf.Last != "2024-12-07" ||
		lf.Source.Name != "Sergei Lavrov" || lf.Target.CAMEO != "TURGOV" {
		t.Errorf("Lavrov>Fidan = %+v", lf)
	}
	rt := byPair["RUS>TUR"]
	if rt.Events != 2 || rt.Happenings != 2 || rt.Quad != [4]int{0, 0, 2, 0} || math.Abs(rt.Goldstein+2) > 1e-9 || rt.First != "2015-11-25" || rt.Last != "2024-12-07" ||
		len(rt.Evidence) != 2 || rt.Evidence[0].Date != "2024-12-07" {
		t.Errorf("Russia>Turkey = %+v", rt)
	}
	if lt := byPair["sergei-lavrov>TUR"]; lt.Quotes != 1 || lt.Events != 1 {
		t.Errorf("Lavrov>Turkey = %d events, %d quotes; want 1 and the quote about Turkey", lt.Events, lt.Quotes)
	}
	if rs := byPair["RUS>SYR"]; rs.First != "" || rs.Last != "" || rs.Quad != [4]int{0, 0, 0, 1} {
		t.Errorf("Russia>Syria (undated) = %+v", rs)
	}

	pairs := func(q newsgraph.RelationQuery) []string {
		t.Helper()
		rels, err := es.Relations(ctx, q)
		if err != nil {
			t.Fatalf("Relations(%+v): %v", q, err)
		}
		var out []string
		for _, r := range rels {
			out = append(out, r.Source.ID+">"+r.Target.ID)
		}
		return out
	}
	for _, tc := range []struct {
		q    newsgraph.RelationQuery
		want []string
	}{
		{newsgraph.RelationQuery{From: day("2015-01-01"), To: day("2015-12-31")}, []string{"RUS>TUR", "TUR>RUS", "sergei-lavrov>TUR"}},
		{newsgraph.RelationQuery{From: day("2024-12-07"), To: day("2024-12-07")}, []string{"sergei-lavrov>hakan-fidan", "RUS>TUR"}},
		{newsgraph.RelationQuery{From: day("2016-01-01")}, []string{"sergei-lavrov>hakan-fidan", "RUS>TUR"}},
		{newsgraph.RelationQuery{Actor: "Turkey", To: day("2015-12-31")}, []string{"RUS>TUR", "TUR>RUS", "sergei-lavrov>TUR"}},
		{newsgraph.RelationQuery{Actor: "Turkey", Other: "Russia"}, []string{"RUS>TUR", "TUR>RUS"}},
		{newsgraph.RelationQuery{Actor: "Syria", Other: "Turkey"}, nil},
		{newsgraph.RelationQuery{From: day("2030-01-01")}, nil},
	} {
		got := pairs(tc.q)
		// Order: by events, then source and target ID; compare as sets where counts tie.
		if !sameSet(got, tc.want) {
			t.Errorf("Relations(%+v) = %v, want %v", tc.q, got, tc.want)
		}
	}
	// RelationsTotal: the strongest N, in Relations' order, and the count of all.
	allRels, err := es.Relations(ctx, newsgraph.RelationQuery{Evidence: -1})
	if err != nil {
		t.Fatalf("Relations: %v", err)
	}
	for _, n := range []int{0, 1, 2, len(allRels) + 1} {
		rels, total, err := es.RelationsTotal(ctx, newsgraph.RelationQuery{Evidence: -1, Limit: n})
		want := allRels
		if n > 0 {
			want = allRels[:min(n, len(allRels))]
		}
		if err != nil || total != len(allRels) || len(rels) != len(want) {
			t.Errorf("RelationsTotal(limit %d) = %d relations of %d, %v; want %d of %d", n, len(rels), total, err, len(want), len(allRels))
			continue
		}
		for i := range rels {
			if rels[i].Source.ID != want[i].Source.ID || rels[i].Target.ID != want[i].Target.ID {
				t.Errorf("RelationsTotal(limit %d)[%d] = %s>%s, want %s>%s", n, i, rels[i].Source.ID, rels[i].Target.ID, want[i].Source.ID, want[i].Target.ID)
			}
		}
	}
	if _, _, err := es.RelationsTotal(ctx, newsgraph.RelationQuery{Limit: -1}); !errors.Is(err, newsgraph.ErrBadQuery) {
		t.Errorf("RelationsTotal(limit -1) error = %v, want ErrBadQuery", err)
	}
	if rels, err := es.Relations(ctx, newsgraph.RelationQuery{Evidence: -1}); err != nil || len(rels) != 5 || rels[0].Evidence != nil {
		t.Errorf("Relations(no evidence) = %d relations, evidence %v, %v", len(rels), rels[0].Evidence, err)
	}
	if rels, err := es.Relations(ctx, newsgraph.RelationQuery{Actor: "Russia", Other: "Turkey", Evidence: 1}); err != nil || len(rels) == 0 || len(rels[0].Evidence) != 1 {
		t.Errorf("Relations(evidence 1) = %+v, %v", rels, err)
	}
	for _, tc := range []struct {
		q    newsgraph.RelationQuery
		want error
	}{
		{newsgraph.RelationQuery{Actor: "Nobody Atall"}, newsgraph.ErrNotFound},
		{newsgraph.RelationQuery{Actor: "Russia", Other: "Nobody Atall"}, newsgraph.ErrNotFound},
		{newsgraph.RelationQuery{Other: "Russia"}, newsgraph.ErrBadQuery},
	} {
		if _, err := es.Relations(ctx, tc.q); !errors.Is(err, tc.want) {
			t.Errorf("Relations(%+v) err = %v, want %v", tc.q, err, tc.want)
		}
	}

	// Events round-trip in the document, and committing a document again adds no events.
	got, err := s.Document(ctx, d3.ID)
	if err != nil || !reflect.DeepEqual(got.Events, d3.Events) {
		t.Errorf("events do not round-trip: %+v, %v", got.Events, err)
	}
	ingest(t, s, EventDocument("Ministers meet", day("2024-12-08"), meet))
	if _, n, err := es.Events(ctx, newsgraph.EventQuery{}); err != nil || n != 8 {
		t.Errorf("after committing a document again: %d events, %v; want 8", n, err)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		seen[x]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}
