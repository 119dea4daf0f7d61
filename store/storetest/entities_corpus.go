package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"newsgraph"
)

// EntityCorpus stores docs synthetic documents naming entities drawn by a Zipf law (entity-000 is in most of
// them) by a name, a surname or a pronoun, through Commit as ingest would. One document in five is undated; a
// later copy dates every other one of those (a duplicate's merge). It returns the stored documents. Stores
// test their entity aggregates over it against scans of their mentions.
func EntityCorpus(tb testing.TB, s newsgraph.Store, docs int) []*newsgraph.Document {
	tb.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(3, 4))
	zipf := rand.NewZipf(r, 1.2, 1, 39)
	ents := make([]newsgraph.Entity, 40)
	for i := range ents {
		ents[i] = newsgraph.Entity{ID: fmt.Sprintf("entity-%03d", i), Name: fmt.Sprintf("Given%d Family%d", i, i), Label: "PER", Known: i%2 == 0}
	}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	var stored, undated []*newsgraph.Document
	commit := func(ds []*newsgraph.Document) {
		if err := CommitDocuments(ctx, s, ds, func(i int) string { return fmt.Sprintf("e%d-%d.txt", len(stored), i) }, 1); err != nil {
			tb.Fatal(err)
		}
	}
	var batch []*newsgraph.Document
	for i := range docs {
		var b strings.Builder
		fmt.Fprintf(&b, "Report %d.", i)
		d := &newsgraph.Document{Title: fmt.Sprintf("Report %d", i), Site: "wire", Language: "en", Format: newsgraph.FormatText}
		index := map[string]int{}
		for range 1 + r.IntN(8) {
			e := ents[zipf.Uint64()]
			j, ok := index[e.ID]
			if !ok {
				j = len(d.Entities)
				index[e.ID] = j
				d.Entities = append(d.Entities, newsgraph.DocEntity{Entity: e})
			}
			kind, text := newsgraph.MentionName, e.Name
			switch r.IntN(4) {
			case 0:
				text = strings.Fields(e.Name)[1]
			case 1:
				kind, text = newsgraph.MentionPronoun, "He"
			}
			b.WriteString(" ")
			sp := newsgraph.Span{Start: b.Len(), End: b.Len() + len(text)}
			b.WriteString(text + " spoke.")
			d.Mentions = append(d.Mentions, newsgraph.Mention{Span: sp, Label: e.Label, Kind: kind, Entity: j})
		}
		// A second mention at the same place is not stored (nor counted).
		d.Mentions = append(d.Mentions, d.Mentions[0])
		d.Text = b.String()
		d.ID = newsgraph.DocumentID(d.Text)
		d.Paragraphs = []newsgraph.Span{{Start: 0, End: len(d.Text)}}
		if r.IntN(5) > 0 {
			d.Published, d.PublishedPrecision = start.AddDate(0, 0, r.IntN(1200)), newsgraph.PrecisionDay
		} else {
			undated = append(undated, d)
		}
		stored = append(stored, d)
		if batch = append(batch, d); len(batch) == 250 {
			commit(batch)
			batch = nil
		}
	}
	commit(batch)
	batch = nil
	for i, d := range undated {
		if i%2 == 0 {
			c := *d
			c.Published, c.PublishedPrecision = start.AddDate(0, 0, r.IntN(1200)), newsgraph.PrecisionDay
			batch = append(batch, &c)
		}
	}
	commit(batch)
	return stored
}

// CheckProfiles checks EntityProfile against scan (the profile computed from the stored mentions) for the first,
// the second, a middle and the last of ids (most mentioned first): counts, aliases, months, related entities and
// documents; that the first is found by the second word of its name too; and that some of them is in more than
// sample documents, so that a profile's sample of related entities is exercised.
func CheckProfiles(t *testing.T, es newsgraph.EntityStore, ids []string, scan func(id string) newsgraph.EntityProfile, sample int) {
	t.Helper()
	ctx := context.Background()
	if len(ids) < 10 {
		t.Fatalf("%d entities mentioned, want at least 10", len(ids))
	}
	sampled := false
	for _, id := range []string{ids[0], ids[1], ids[len(ids)/2], ids[len(ids)-1]} {
		p, err := es.EntityProfile(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want := scan(id)
		sampled = sampled || want.Documents > sample
		if !reflect.DeepEqual(p.EntityCount, want.EntityCount) {
			t.Errorf("EntityProfile(%q) counts = %+v, scan gives %+v", id, p.EntityCount, want.EntityCount)
		}
		for _, c := range []struct {
			name      string
			got, want any
		}{{"aliases", p.Aliases, want.Aliases}, {"months", p.Months, want.Months}, {"related", p.Related, want.Related}, {"docs", p.Docs, want.Docs}} {
			if !reflect.DeepEqual(c.got, c.want) {
				t.Errorf("EntityProfile(%q) %s = %+v, scan gives %+v", id, c.name, c.got, c.want)
			}
		}
		// Resolution by a name ranks by the same counts.
		if ref := strings.Fields(p.Entity.Name)[1]; id == ids[0] {
			q, err := es.EntityProfile(ctx, ref)
			if err != nil || q.Entity.ID != id {
				t.Errorf("EntityProfile(%q) = %s, %v; want %s", ref, q.Entity.ID, err, id)
			}
		}
	}
	if !sampled {
		t.Errorf("no entity is in more than %d documents: the sample is not exercised", sample)
	}
}
