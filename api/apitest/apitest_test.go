package apitest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"newsgraph"
)

// checkDoc checks the invariants every made-up document keeps: spans inside the text and in order, mentions
// naming their entity, quotes and events pointing at valid mentions and entities.
func checkDoc(t *testing.T, d *newsgraph.Document) {
	t.Helper()
	n := len(d.Text)
	in := func(what string, s newsgraph.Span) {
		if s.Start < 0 || s.Start > s.End || s.End > n {
			t.Errorf("%s %s: span %v outside the text (%d bytes)", d.ID, what, s, n)
		}
	}
	if d.ID != newsgraph.DocumentID(d.Text) {
		t.Errorf("document ID %s is not the text's", d.ID)
	}
	for i, s := range d.Sentences {
		in("sentence", s.Span)
		if i > 0 && s.Start < d.Sentences[i-1].End {
			t.Errorf("%s: sentence %d starts at %d, before the end of the previous one (%d)", d.ID, i, s.Start, d.Sentences[i-1].End)
		}
	}
	for _, m := range d.Mentions {
		in("mention", m.Span)
		if m.Entity < 0 || m.Entity >= len(d.Entities) {
			t.Fatalf("%s: mention %v names entity %d of %d", d.ID, m.Span, m.Entity, len(d.Entities))
		}
		e := d.Entities[m.Entity]
		if m.Kind == newsgraph.MentionName && !strings.Contains(e.Name, m.In(d.Text)) {
			t.Errorf("%s: mention %q does not name %q", d.ID, m.In(d.Text), e.Name)
		}
		if m.Sentence < 0 || m.Sentence >= len(d.Sentences) || m.Start < d.Sentences[m.Sentence].Start || m.End > d.Sentences[m.Sentence].End {
			t.Errorf("%s: mention %q is not inside its sentence %d", d.ID, m.In(d.Text), m.Sentence)
		}
	}
	for _, q := range d.Quotes {
		in("quote", q.Span)
		in("quote cue", q.Cue)
		in("quote speaker", q.Speaker)
		if q.Entity < 0 || q.Entity >= len(d.Entities) || d.Mentions[q.Mention].Span != q.Speaker {
			t.Errorf("%s: quote %q: speaker %v is not mention %d", d.ID, q.In(d.Text), q.Speaker, q.Mention)
		}
	}
	for _, e := range d.Events {
		in("event", e.Span)
		in("event cue", e.Cue)
		if !strings.Contains(e.In(d.Text), e.Cue.In(d.Text)) || e.Cue.Start < e.Start || e.Cue.End > e.End {
			t.Errorf("%s: event cue %q outside the event %q", d.ID, e.Cue.In(d.Text), e.In(d.Text))
		}
		if d.Entities[e.Source.Entity].Name != e.Source.In(d.Text) {
			t.Errorf("%s: event source %q is not %q", d.ID, e.Source.In(d.Text), d.Entities[e.Source.Entity].Name)
		}
		if len(e.Date) > 0 && len(e.Date) != 10 {
			t.Errorf("%s: event date %q", d.ID, e.Date)
		}
	}
	for _, x := range d.Timexes {
		in("timex", x.Span)
	}
}

func TestGenerateInvariants(t *testing.T) {
	o := GenOptions{Docs: 300, Seed: 7}
	docs := Generate(o, nil)
	if len(docs) != 300 {
		t.Fatalf("Generate(%+v) made %d documents", o, len(docs))
	}
	ids := map[string]bool{}
	events, quotes := 0, 0
	for _, d := range docs {
		checkDoc(t, d)
		if ids[d.ID] {
			t.Errorf("two generated documents share ID %s", d.ID)
		}
		ids[d.ID] = true
		if d.Published.Before(day("2019-01-01")) || d.Published.After(day("2024-12-31")) {
			t.Errorf("%s published %v, outside the default range", d.ID, d.Published)
		}
		events += len(d.Events)
		quotes += len(d.Quotes)
	}
	if events < 300 || quotes < 150 {
		t.Errorf("300 documents hold %d events and %d quotes; want several of each per document", events, quotes)
	}
	again := Generate(o, nil)
	if !reflect.DeepEqual(docs[17], again[17]) {
		t.Errorf("Generate(%+v) is not deterministic", o)
	}
	other := Generate(GenOptions{Docs: 300, Seed: 8}, nil)
	if other[0].ID == docs[0].ID {
		t.Errorf("seeds 7 and 8 make the same first document")
	}
}

func TestFixtureInvariants(t *testing.T) {
	f := NewFixture()
	for _, d := range f.Docs {
		checkDoc(t, d)
	}
	q := f.Meeting.Quotes[0]
	if got := q.In(f.Meeting.Text); got != f.Quote {
		t.Errorf("meeting quote = %q, want %q", got, f.Quote)
	}
	if got := f.Meeting.Entities[q.Entity].ID; got != Kestrel.ID {
		t.Errorf("meeting quote speaker = %s, want %s", got, Kestrel.ID)
	}
	if f.Shelling.ID == f.Copy.ID {
		t.Error("the copy has the shelling's ID: its text must differ")
	}
	if !f.German.Published.Equal(time.Date(2024, 3, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("German report published %v", f.German.Published)
	}
}
