package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"newsgraph"
)

// quoted returns a document in which speaker (an entity) says content, directly, on the given date, in a
// sentence that also mentions about.
func quoted(speaker, about newsgraph.Entity, content, date string, published time.Time) *newsgraph.Document {
	text := speaker.Name + " said: \u201c" + content + " " + about.Name + ".\u201d Nothing else happened."
	d := doc(text, "Remarks by "+speaker.Name, "wire", "en", published)
	spk := newsgraph.Span{Start: 0, End: len(speaker.Name)}
	cue := newsgraph.Span{Start: spk.End + 1, End: spk.End + 5}
	open := strings.Index(text, "\u201c") + len("\u201c")
	close := strings.Index(text, "\u201d")
	ab := strings.Index(text, about.Name)
	d.Sentences = []newsgraph.Sentence{
		{Span: newsgraph.Span{Start: 0, End: close + len("\u201d")}, Date: date},
		{Span: newsgraph.Span{Start: close + len("\u201d") + 1, End: len(text)}},
	}
	d.Entities = []newsgraph.DocEntity{{Entity: speaker}, {Entity: about}}
	d.Mentions = []newsgraph.Mention{
		{Span: spk, Label: speaker.Label, Kind: newsgraph.MentionName, Entity: 0},
		{Span: newsgraph.Span{Start: ab, End: ab + len(about.Name)}, Label: about.Label, Kind: newsgraph.MentionName, Entity: 1},
	}
	d.Quotes = []newsgraph.Quote{{Span: newsgraph.Span{Start: open, End: close}, Direct: true, Cue: cue, Speaker: spk, Mention: 0, Entity: 0, Date: date}}
	return d
}

func testQuotes(t *testing.T, s newsgraph.Store) {
	qs, ok := s.(newsgraph.QuoteStore)
	if !ok {
		t.Skip("store keeps no quotes")
	}
	ctx := context.Background()
	lavrov := newsgraph.Entity{ID: "sergei-lavrov", Name: "Sergei Lavrov", Label: "PER", Known: true}
	zarif := newsgraph.Entity{ID: "javad-zarif", Name: "Javad Zarif", Label: "PER", Known: true}
	syria := newsgraph.Entity{ID: "SYR", Name: "Syria", Label: "LOC", Known: true}
	iran := newsgraph.Entity{ID: "IRN", Name: "Iran", Label: "LOC", Known: true}
	d1 := quoted(lavrov, syria, "We will keep helping", "2024-12-07", time.Date(2024, 12, 8, 0, 0, 0, 0, time.UTC))
	d2 := quoted(lavrov, iran, "Our ties are growing with", "2015-11-26", time.Date(2015, 11, 27, 0, 0, 0, 0, time.UTC))
	d3 := quoted(zarif, syria, "There is no military solution in", "2015-10-30", time.Date(2015, 10, 30, 0, 0, 0, 0, time.UTC))
	ingest(t, s, d1, d2, d3)

	all, total, err := qs.Quotes(ctx, newsgraph.QuoteQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if total != 3 || len(all) != 3 || all[0].Date != "2024-12-07" {
		t.Fatalf("Quotes() = %d of %d, first %+v; want 3, newest first", len(all), total, all)
	}
	h := all[0]
	if h.Doc.ID != d1.ID || h.SpeakerID != "sergei-lavrov" || h.SpeakerName != "Sergei Lavrov" || !h.Direct || h.Cue != "said" ||
		h.Text != "We will keep helping Syria." || !strings.HasPrefix(h.Sentence, "Sergei Lavrov said:") || strings.Contains(h.Sentence, "Nothing else") {
		t.Errorf("quote hit = %+v", h)
	}
	for _, tc := range []struct {
		q    newsgraph.QuoteQuery
		want int
	}{
		{newsgraph.QuoteQuery{Speaker: "Lavrov"}, 2},
		{newsgraph.QuoteQuery{Speaker: "sergei-lavrov", From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}, 1},
		{newsgraph.QuoteQuery{Speaker: "Sergei Lavrov", To: time.Date(2015, 12, 31, 0, 0, 0, 0, time.UTC)}, 1},
		{newsgraph.QuoteQuery{About: "Syria"}, 2},
		{newsgraph.QuoteQuery{About: "Iran", Speaker: "Zarif"}, 0},
		{newsgraph.QuoteQuery{Limit: 1, Offset: 2}, 1},
	} {
		got, n, err := qs.Quotes(ctx, tc.q)
		if err != nil || len(got) != tc.want || n != tc.want && tc.q.Limit == 0 {
			t.Errorf("Quotes(%+v) = %d hits (total %d), %v; want %d", tc.q, len(got), n, err, tc.want)
		}
	}
	if _, _, err := qs.Quotes(ctx, newsgraph.QuoteQuery{Speaker: "Nobody Atall"}); !errors.Is(err, newsgraph.ErrNotFound) {
		t.Errorf("unknown speaker: err = %v, want ErrNotFound", err)
	}
	if _, _, err := qs.Quotes(ctx, newsgraph.QuoteQuery{Offset: -1}); !errors.Is(err, newsgraph.ErrBadQuery) {
		t.Errorf("negative offset: err = %v, want ErrBadQuery", err)
	}
	got, err := s.Document(ctx, d1.ID)
	if err != nil || len(got.Quotes) != 1 || got.Quotes[0] != d1.Quotes[0] || got.Sentences[0].Date != "2024-12-07" {
		t.Errorf("quotes and sentence dates do not round-trip: %+v, %v", got.Quotes, err)
	}
}
