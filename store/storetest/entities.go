package storetest

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"newsgraph"
)

// annotated returns a document whose text names the given entities once each, in order, with one mention per
// name and the annotation layers filled in as the annotate stage would.
func annotated(title string, published time.Time, names ...newsgraph.Entity) *newsgraph.Document {
	var b strings.Builder
	var mentions []newsgraph.Mention
	var ents []newsgraph.DocEntity
	var tokens []newsgraph.Span
	index := map[string]int{}
	for _, e := range names {
		b.WriteString("Today ")
		start := b.Len()
		b.WriteString(e.Name)
		end := b.Len()
		b.WriteString(" spoke. ")
		i, ok := index[e.ID]
		if !ok {
			i = len(ents)
			index[e.ID] = i
			ents = append(ents, newsgraph.DocEntity{Entity: e})
		}
		tokens = append(tokens, newsgraph.Span{Start: start, End: end})
		mentions = append(mentions, newsgraph.Mention{Span: newsgraph.Span{Start: start, End: end}, Label: e.Label, Kind: newsgraph.MentionName, Entity: i})
	}
	d := doc(title+". "+b.String(), title, "wire", "en", published)
	// The title is prepended to the text: shift the spans.
	shift := len(title) + 2
	for i := range mentions {
		mentions[i].Start += shift
		mentions[i].End += shift
		tokens[i].Start += shift
		tokens[i].End += shift
	}
	d.Tokens = tokens
	d.Sentences = []newsgraph.Sentence{{Span: newsgraph.Span{Start: 0, End: len(d.Text)}, TokenStart: 0, TokenEnd: len(tokens)}}
	d.Mentions = mentions
	d.Entities = ents
	return d
}

func testEntities(t *testing.T, s newsgraph.Store) {
	es, ok := s.(newsgraph.EntityStore)
	if !ok {
		t.Skip("store keeps no entities")
	}
	ctx := context.Background()
	lavrov := newsgraph.Entity{ID: "sergei-lavrov", Name: "Sergei Lavrov", Label: "PER", Known: true,
		Roles: []newsgraph.Role{{Role: "foreign-minister", Of: "RUS", From: "2004-03-09"}}}
	lavrovShort := lavrov
	lavrovShort.Name = "Lavrov"
	russia := newsgraph.Entity{ID: "RUS", Name: "Russia", Label: "LOC", Known: true}
	unknown := newsgraph.Entity{ID: "x-0123456789ab", Name: "Ivan Petrov", Label: "PER"}
	unknownShort := newsgraph.Entity{ID: "x-0123456789ab", Name: "Petrov", Label: "PER"}
	d1 := annotated("Talks in Doha", time.Date(2024, 12, 7, 0, 0, 0, 0, time.UTC), lavrov, russia, lavrovShort)
	d2 := annotated("Moscow meeting", time.Date(2015, 11, 26, 0, 0, 0, 0, time.UTC), russia, unknownShort)
	d3 := annotated("Undated note", time.Time{}, unknown, russia)
	ingest(t, s, d1, d2, d3)

	got, err := s.Document(ctx, d1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Mentions, d1.Mentions) || !reflect.DeepEqual(got.Tokens, d1.Tokens) || !reflect.DeepEqual(got.Sentences, d1.Sentences) {
		t.Errorf("annotations do not round-trip:\n got %+v\nwant %+v", got.Mentions, d1.Mentions)
	}
	if len(got.Entities) != 2 || got.Entities[0].ID != "sergei-lavrov" || got.Entities[0].Roles[0].Of != "RUS" {
		t.Errorf("document entities = %+v", got.Entities)
	}

	all, total, err := es.Entities(ctx, newsgraph.EntityQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if total != 3 || len(all) != 3 {
		t.Fatalf("Entities() = %d of %d, want 3", len(all), total)
	}
	if all[0].Entity.ID != "RUS" || all[0].Mentions != 3 || all[0].Documents != 3 {
		t.Errorf("most mentioned = %+v, want Russia with 3 mentions in 3 documents", all[0])
	}
	if all[0].First.Year() != 2015 || all[0].Last.Year() != 2024 {
		t.Errorf("Russia's date range = %v..%v", all[0].First, all[0].Last)
	}
	per, total, err := es.Entities(ctx, newsgraph.EntityQuery{Label: "PER"})
	if err != nil || total != 2 || len(per) != 2 {
		t.Fatalf("Entities(PER) = %d of %d, %v; want 2", len(per), total, err)
	}
	for _, c := range per {
		if c.Entity.ID == "x-0123456789ab" && c.Entity.Name != "Ivan Petrov" {
			t.Errorf("unknown entity name = %q, want the longest seen, %q", c.Entity.Name, "Ivan Petrov")
		}
		if c.Entity.ID == "sergei-lavrov" && c.Entity.Name != "Sergei Lavrov" {
			t.Errorf("known entity name = %q, want the gazetteer's", c.Entity.Name)
		}
	}
	ranged, _, err := es.Entities(ctx, newsgraph.EntityQuery{From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(ranged) != 2 {
		t.Errorf("Entities(from 2024) = %+v, want Lavrov and Russia", ranged)
	}
	page, _, err := es.Entities(ctx, newsgraph.EntityQuery{Limit: 1, Offset: 1})
	if err != nil || len(page) != 1 || page[0].Entity.ID == all[0].Entity.ID {
		t.Errorf("Entities(limit 1 offset 1) = %+v, %v", page, err)
	}
	if _, _, err := es.Entities(ctx, newsgraph.EntityQuery{Offset: -1}); !errors.Is(err, newsgraph.ErrBadQuery) {
		t.Errorf("negative offset: err = %v, want ErrBadQuery", err)
	}

	for _, ref := range []string{"sergei-lavrov", "Lavrov", "sergei lavrov", "LAVROV"} {
		p, err := es.EntityProfile(ctx, ref)
		if err != nil {
			t.Fatalf("EntityProfile(%q): %v", ref, err)
		}
		if p.Entity.ID != "sergei-lavrov" {
			t.Errorf("EntityProfile(%q) = %s, want sergei-lavrov", ref, p.Entity.ID)
		}
	}
	p, err := es.EntityProfile(ctx, "Lavrov")
	if err != nil {
		t.Fatal(err)
	}
	if p.Mentions != 2 || p.Documents != 1 || len(p.Docs) != 1 || p.Docs[0].N != 2 || p.Docs[0].Doc.ID != d1.ID {
		t.Errorf("profile counts = %d mentions, %d documents, docs %+v", p.Mentions, p.Documents, p.Docs)
	}
	if len(p.Aliases) != 2 {
		t.Errorf("aliases = %+v, want Sergei Lavrov and Lavrov", p.Aliases)
	}
	if len(p.Months) != 1 || p.Months[0] != (newsgraph.Count{Key: "2024-12", N: 2}) {
		t.Errorf("months = %+v", p.Months)
	}
	if len(p.Related) != 1 || p.Related[0].Entity.ID != "RUS" || p.Related[0].Documents != 1 {
		t.Errorf("related = %+v, want Russia in 1 shared document", p.Related)
	}
	if p, err := es.EntityProfile(ctx, "Petr"); err != nil || p.Entity.ID != "x-0123456789ab" {
		t.Errorf("EntityProfile(substring) = %+v, %v", p.Entity, err)
	}
	if _, err := es.EntityProfile(ctx, "Nobody Atall"); !errors.Is(err, newsgraph.ErrNotFound) {
		t.Errorf("EntityProfile(unknown) err = %v, want ErrNotFound", err)
	}

	// Re-committing the same document adds no mentions.
	ingest(t, s, annotated("Talks in Doha", time.Date(2024, 12, 7, 0, 0, 0, 0, time.UTC), lavrov, russia, lavrovShort))
	if p, _ := es.EntityProfile(ctx, "sergei-lavrov"); p.Mentions != 2 {
		t.Errorf("after re-ingest Lavrov has %d mentions, want 2", p.Mentions)
	}
}
