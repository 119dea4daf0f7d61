package annojson

import (
	"encoding/json"
	"strings"
	"testing"

	"newsgraph"
)

func span(text, sub string) newsgraph.Span {
	i := strings.Index(text, sub)
	return newsgraph.Span{Start: i, End: i + len(sub)}
}

func TestFromDocument(t *testing.T) {
	text := `Mira Kestrel met Anton Varga on Saturday. "We agreed," she said.`
	d := &newsgraph.Document{Text: text}
	d.Entities = []newsgraph.DocEntity{{Entity: newsgraph.Entity{ID: "mira-kestrel", Name: "Mira Kestrel"}}, {Entity: newsgraph.Entity{ID: "anton-varga", Name: "Anton Varga"}}}
	d.Mentions = []newsgraph.Mention{
		{Span: span(text, "Mira Kestrel"), Label: "PER", Kind: newsgraph.MentionName, Entity: 0},
		{Span: span(text, "Anton Varga"), Label: "PER", Kind: newsgraph.MentionName, Entity: 1},
		{Span: span(text, "she"), Label: "PER", Kind: newsgraph.MentionPronoun, Entity: 0},
		{Span: newsgraph.Span{Start: 60, End: 500}, Label: "PER", Kind: newsgraph.MentionName, Entity: 1}, // outside the text
	}
	d.Timexes = []newsgraph.Timex{{Span: span(text, "Saturday"), Type: "DATE", Value: "2024-03-02"}}
	d.Quotes = []newsgraph.Quote{{Span: span(text, "We agreed,"), Direct: true, Cue: span(text, "said"), Speaker: span(text, "she"), Entity: 0, Date: "2024-03-02"}}
	d.Events = []newsgraph.Event{{Span: span(text, "Mira Kestrel met Anton Varga on Saturday."), Cue: span(text, "met"), Code: "040", QuadClass: 1,
		Source: newsgraph.EventActor{Span: span(text, "Mira Kestrel"), Entity: 0}, Target: newsgraph.EventActor{Span: span(text, "Anton Varga"), Entity: 1}, Location: -1, Reporter: -1}}

	l := FromDocument(d)
	if len(l.Entities) != 2 || len(l.Mentions) != 1 {
		t.Fatalf("FromDocument: %d names and %d mentions, want 2 and 1 (the span outside the text left out)", len(l.Entities), len(l.Mentions))
	}
	for _, m := range append(l.Entities, l.Mentions...) {
		if text[m.Start:m.End] != m.Text || m.ID == "" {
			t.Errorf("mention %+v: text or entity wrong", m)
		}
	}
	if l.Entities[0].Kind != "" || l.Mentions[0].Kind != "pronoun" {
		t.Errorf("kinds: name %q, mention %q; want empty and pronoun", l.Entities[0].Kind, l.Mentions[0].Kind)
	}
	if q := l.Quotes; len(q) != 1 || q[0].Text != "We agreed," || q[0].Speaker == nil || q[0].Speaker.ID != "mira-kestrel" || q[0].Cue == nil {
		t.Errorf("quotes = %+v", q)
	}
	if e := l.Events; len(e) != 1 || e[0].Source.ID != "mira-kestrel" || e[0].Target.Text != "Anton Varga" || e[0].Name == "" {
		t.Errorf("events = %+v", e)
	}
	if tx := l.Timexes; len(tx) != 1 || tx[0].Text != "Saturday" || tx[0].Value != "2024-03-02" {
		t.Errorf("timexes = %+v", tx)
	}
}

// An empty document gives empty lists, never null: readers of the contract index them without checks.
func TestEmptyListsNotNull(t *testing.T) {
	b, err := json.Marshal(FromDocument(&newsgraph.Document{}))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "null") {
		t.Errorf("FromDocument(empty) = %s, want [] for every list", b)
	}
}
