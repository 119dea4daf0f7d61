package apitest

import (
	"context"
	"fmt"
	"time"

	"newsgraph"
)

// The made-up actors of the fixture.
var (
	Valdoria  = newsgraph.Entity{ID: "VAL", Name: "Valdoria", Label: newsgraph.LabelLOC, Kind: "country", CAMEO: "VAL", Known: true}
	Karsk     = newsgraph.Entity{ID: "KRS", Name: "Karsk", Label: newsgraph.LabelLOC, Kind: "country", CAMEO: "KRS", Known: true}
	Maresia   = newsgraph.Entity{ID: "MRS", Name: "Maresia", Label: newsgraph.LabelLOC, Kind: "country", CAMEO: "MRS", Known: true}
	PortAlder = newsgraph.Entity{ID: "port-alder", Name: "Port Alder", Label: newsgraph.LabelLOC, Kind: "city", Country: "VAL", Known: true}
	Kestrel   = newsgraph.Entity{ID: "mira-kestrel", Name: "Mira Kestrel", Label: newsgraph.LabelPER, Kind: "person", Country: "VAL", CAMEO: "VALGOV", Known: true,
		Aliases: []string{"Kestrel"}, Roles: []newsgraph.Role{{Role: "foreign-minister", Title: "Foreign Minister", Of: "VAL", From: "2021-06-01"}}}
	Varga = newsgraph.Entity{ID: "anton-varga", Name: "Anton Varga", Label: newsgraph.LabelPER, Kind: "person", Country: "KRS", CAMEO: "KRSGOV", Known: true,
		Roles: []newsgraph.Role{{Role: "head-of-state", Title: "President", Of: "KRS", From: "2019-01-15"}}}
	Sorel = newsgraph.Entity{ID: "lena-sorel", Name: "Lena Sorel", Label: newsgraph.LabelPER, Kind: "person", Country: "MRS", CAMEO: "MRSGOV", Known: true,
		Roles: []newsgraph.Role{{Role: "foreign-minister", Title: "Foreign Minister", Of: "MRS", From: "2020-02-01", To: "2024-12-31"}}}
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// Fixture is the small made-up corpus and what the tests may expect of it.
type Fixture struct {
	Docs []*newsgraph.Document
	// Meeting is Kestrel meeting Varga in Port Alder, with Kestrel's direct quote about a ceasefire with Karsk.
	Meeting *newsgraph.Document
	// Shelling is Karsk shelling Valdoria's border villages, with Sorel's quote; Copy is another site's copy of
	// it (one word changed), and both form the cluster ClusterID.
	Shelling, Copy *newsgraph.Document
	Aid            *newsgraph.Document // Valdoria sends aid to Maresia, 2023
	German         *newsgraph.Document // a report in German, site "Zeitung"
	ClusterID      string
	StoryID        string
	// Quote is the text of Kestrel's quote in Meeting.
	Quote string
}

// NewFixture builds the fixture.
func NewFixture() *Fixture {
	f := &Fixture{ClusterID: "c0ffee000001", StoryID: "5707e0000001"}

	// The meeting.
	w := newWriter(day("2024-03-02"))
	start := w.b.Len()
	w.text("Kestrel and Varga meet in Port Alder")
	w.end("")
	start = w.paragraph(start)
	s0 := w.b.Len()
	a, ai := w.name(Kestrel, "")
	w.text(" met ")
	b, bi := w.name(Varga, "")
	w.text(" in ")
	_, li := w.name(PortAlder, "")
	w.text(" on ")
	w.timex("Saturday", "DATE", "2024-03-02")
	w.text(".")
	w.event(newsgraph.Span{Start: s0, End: w.b.Len()}, newsgraph.Span{Start: a.End + 1, End: a.End + 4}, "040", 1, 1.0, actor(a, ai, Kestrel), actor(b, bi, Varga), "2024-03-02", li)
	w.end("2024-03-02")
	w.text("“")
	f.Quote = "We want a lasting ceasefire with Karsk, and we want it this spring"
	q0 := w.b.Len()
	w.text("We want a lasting ceasefire with ")
	w.name(Karsk, "")
	w.text(", and we want it ")
	w.timex("this spring", "DATE", "2024-SP")
	q1 := w.b.Len()
	w.text(",” ")
	sp, si := w.name(Kestrel, "Kestrel")
	w.text(" ")
	cue := w.span("said")
	w.text(".")
	w.d.Quotes = append(w.d.Quotes, newsgraph.Quote{Span: newsgraph.Span{Start: q0, End: q1}, Direct: true, Cue: cue, Speaker: sp,
		Mention: len(w.d.Mentions) - 1, Entity: si, Sentence: len(w.d.Sentences), Date: "2024-03-02"})
	w.end("2024-03-02")
	w.pronoun(Kestrel, "She")
	w.text(" will report to parliament ")
	w.timex("next week", "DATE", "2024-W10")
	w.text(".")
	w.end("2024-W10")
	w.paragraph(start)
	f.Meeting = w.finish("Kestrel and Varga meet in Port Alder", "Valdoria Herald", "en", "fixture/meeting.txt")

	// The shelling, and a copy of it.
	shelling := func(verb, site, path string) *newsgraph.Document {
		w := newWriter(day("2024-03-10"))
		start := w.b.Len()
		w.text("Karsk shells border villages")
		w.end("")
		start = w.paragraph(start)
		s0 := w.b.Len()
		w.text("Artillery of ")
		a, ai := w.name(Karsk, "")
		w.text(" ")
		cue := w.span(verb)
		w.text(" villages in ")
		b, bi := w.name(Valdoria, "")
		w.text(" ")
		w.timex("yesterday", "DATE", "2024-03-09")
		w.text(", officials said.")
		w.event(newsgraph.Span{Start: s0, End: w.b.Len()}, cue, "190", 4, -10, actor(a, ai, Karsk), actor(b, bi, Valdoria), "2024-03-09", -1)
		w.end("2024-03-09")
		s0 = w.b.Len()
		w.text("“")
		q0 := w.b.Len()
		w.text("This shelling must stop at once")
		q1 := w.b.Len()
		w.text(",” said ")
		sp, si := w.name(Sorel, "")
		w.text(", who accused ")
		k, ki := w.name(Karsk, "")
		w.text(" of breaking the truce.")
		w.d.Quotes = append(w.d.Quotes, newsgraph.Quote{Span: newsgraph.Span{Start: q0, End: q1}, Direct: true, Cue: newsgraph.Span{Start: q1 + len(",” "), End: q1 + len(",” said")},
			Speaker: sp, Mention: len(w.d.Mentions) - 2, Entity: si, Sentence: len(w.d.Sentences), Date: "2024-03-10"})
		w.event(newsgraph.Span{Start: s0, End: w.b.Len()}, newsgraph.Span{Start: sp.End + len(", who "), End: sp.End + len(", who accused")}, "112", 3, -2,
			actor(sp, si, Sorel), actor(k, ki, Karsk), "", -1)
		w.end("")
		w.paragraph(start)
		return w.finish("Karsk shells border villages", site, "en", path)
	}
	f.Shelling = shelling("shelled", "Valdoria Herald", "fixture/shelling.txt")
	f.Copy = shelling("bombarded", "Coastal Wire", "fixture/shelling-copy.txt")

	// Aid, in 2023.
	w = newWriter(day("2023-11-05"))
	start = w.b.Len()
	w.text("Valdoria sends aid to Maresia")
	w.end("")
	start = w.paragraph(start)
	s0 = w.b.Len()
	a, ai = w.name(Valdoria, "")
	w.text(" ")
	cue = w.span("sent")
	w.text(" grain and medicine to ")
	b, bi = w.name(Maresia, "")
	w.text(" on ")
	w.timex("Sunday", "DATE", "2023-11-05")
	w.text(".")
	w.event(newsgraph.Span{Start: s0, End: w.b.Len()}, cue, "073", 2, 7.4, actor(a, ai, Valdoria), actor(b, bi, Maresia), "2023-11-05", -1)
	w.end("2023-11-05")
	w.paragraph(start)
	f.Aid = w.finish("Valdoria sends aid to Maresia", "Coastal Wire", "en", "fixture/aid.txt")

	// A German report.
	w = newWriter(day("2024-03-03"))
	start = w.b.Len()
	w.text("Kestrel trifft Varga")
	w.end("")
	start = w.paragraph(start)
	s0 = w.b.Len()
	a, ai = w.name(Kestrel, "")
	w.text(" ")
	cue = w.span("traf")
	w.text(" ")
	b, bi = w.name(Varga, "")
	w.text(" in ")
	_, li = w.name(PortAlder, "")
	w.text(" zu Gesprächen über eine Waffenruhe.")
	w.event(newsgraph.Span{Start: s0, End: w.b.Len()}, cue, "040", 1, 1.0, actor(a, ai, Kestrel), actor(b, bi, Varga), "2024-03-02", li)
	w.end("2024-03-02")
	w.paragraph(start)
	f.German = w.finish("Kestrel trifft Varga", "Zeitung", "de", "fixture/treffen.txt")

	f.Docs = []*newsgraph.Document{f.Aid, f.Meeting, f.German, f.Shelling, f.Copy}
	return f
}

// Load commits the fixture through st and, when st keeps clusters, files Shelling and its copy in one cluster
// of one story, and the meeting reports (English and German) in another.
func (f *Fixture) Load(ctx context.Context, st newsgraph.Store) error {
	if _, err := Commit(ctx, st, f.Docs); err != nil {
		return err
	}
	cs, ok := st.(newsgraph.ClusterStore)
	if !ok {
		return nil
	}
	meetingCluster := "c0ffee000002"
	as := []newsgraph.ClusterAssignment{
		{Doc: f.Shelling.ID, Cluster: f.ClusterID, Relation: newsgraph.RelationReport, Story: f.StoryID},
		{Doc: f.Copy.ID, Cluster: f.ClusterID, Relation: newsgraph.RelationCopy, Of: f.Shelling.ID, Similarity: 0.93, Story: f.StoryID},
		{Doc: f.Meeting.ID, Cluster: meetingCluster, Relation: newsgraph.RelationReport, Story: f.StoryID},
		{Doc: f.German.ID, Cluster: meetingCluster, Relation: newsgraph.RelationReport, Similarity: 0.41, Story: f.StoryID},
	}
	clusters := []newsgraph.ClusterInfo{
		{ID: f.ClusterID, Label: "Karsk, Valdoria: shelling", First: f.Shelling.Published, Last: f.Shelling.Published, Story: f.StoryID},
		{ID: meetingCluster, Label: "Mira Kestrel, Port Alder: talks", First: f.Meeting.Published, Last: f.German.Published, Story: f.StoryID},
	}
	stories := []newsgraph.StoryInfo{{ID: f.StoryID, Label: "Valdoria and Karsk", First: f.Meeting.Published, Last: f.Shelling.Published}}
	if err := cs.SaveClusters(ctx, nil, as, clusters, stories); err != nil {
		return fmt.Errorf("fixture clusters: %w", err)
	}
	return nil
}
