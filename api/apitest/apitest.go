// Package apitest makes annotated corpora for the tests and benchmarks of the API and the UI: a small fixture of
// made-up articles whose content the tests know (Fixture), and a generator of any number of varied synthetic
// articles with entities, mentions, time expressions, quotes and events (Generate). Documents are committed
// straight through a newsgraph.Store (Commit), without extraction or annotation, so 100k documents take a
// minute, not hours.
package apitest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"newsgraph"
)

// writer builds one document's text and the annotations that point into it.
type writer struct {
	b    strings.Builder
	d    *newsgraph.Document
	ents map[string]int // entity ID -> index into d.Entities
	sent int            // start of the sentence being written
	date time.Time      // the publication date
}

func newWriter(pub time.Time) *writer {
	return &writer{d: &newsgraph.Document{}, ents: map[string]int{}, date: pub}
}

func (w *writer) text(s string) { w.b.WriteString(s) }

// entity returns e's index in the document's entities, adding it.
func (w *writer) entity(e newsgraph.Entity) int {
	if i, ok := w.ents[e.ID]; ok {
		return i
	}
	i := len(w.d.Entities)
	w.ents[e.ID] = i
	w.d.Entities = append(w.d.Entities, newsgraph.DocEntity{Entity: e, RolesAt: rolesAt(e, w.date)})
	return i
}

func rolesAt(e newsgraph.Entity, t time.Time) []newsgraph.Role {
	var out []newsgraph.Role
	day := t.Format("2006-01-02")
	for _, r := range e.Roles {
		if r.From <= day && (r.To == "" || r.To >= day) {
			out = append(out, r)
		}
	}
	return out
}

// name writes e's name (or as, when not empty: a short form) as a mention and returns its span and entity.
func (w *writer) name(e newsgraph.Entity, as string) (newsgraph.Span, int) {
	if as == "" {
		as = e.Name
	}
	start := w.b.Len()
	w.b.WriteString(as)
	sp := newsgraph.Span{Start: start, End: w.b.Len()}
	i := w.entity(e)
	w.d.Mentions = append(w.d.Mentions, newsgraph.Mention{Span: sp, Label: e.Label, Kind: newsgraph.MentionName, Sentence: len(w.d.Sentences), Entity: i})
	return sp, i
}

// pronoun writes a pronoun that refers to e.
func (w *writer) pronoun(e newsgraph.Entity, p string) newsgraph.Span {
	start := w.b.Len()
	w.b.WriteString(p)
	sp := newsgraph.Span{Start: start, End: w.b.Len()}
	w.d.Mentions = append(w.d.Mentions, newsgraph.Mention{Span: sp, Label: e.Label, Kind: newsgraph.MentionPronoun, Sentence: len(w.d.Sentences), Entity: w.entity(e)})
	return sp
}

// span writes s and returns its span.
func (w *writer) span(s string) newsgraph.Span {
	start := w.b.Len()
	w.b.WriteString(s)
	return newsgraph.Span{Start: start, End: w.b.Len()}
}

// timex writes a time expression with its value.
func (w *writer) timex(s, typ, value string) newsgraph.Span {
	sp := w.span(s)
	w.d.Timexes = append(w.d.Timexes, newsgraph.Timex{Span: sp, Type: typ, Value: value, Sentence: len(w.d.Sentences)})
	return sp
}

// end closes the sentence that reports what happened on date ("" the publication day) and starts the next.
func (w *writer) end(date string) int {
	if date == "" && !w.date.IsZero() {
		date = w.date.Format("2006-01-02")
	}
	i := len(w.d.Sentences)
	w.d.Sentences = append(w.d.Sentences, newsgraph.Sentence{Span: newsgraph.Span{Start: w.sent, End: w.b.Len()}, Date: date})
	w.b.WriteString(" ")
	w.sent = w.b.Len()
	return i
}

// paragraph ends the paragraph (after the sentence just ended).
func (w *writer) paragraph(start int) int {
	end := w.b.Len()
	if end > start && w.b.String()[end-1] == ' ' {
		end--
	}
	w.d.Paragraphs = append(w.d.Paragraphs, newsgraph.Span{Start: start, End: end})
	w.b.WriteString("\n")
	w.sent = w.b.Len()
	return w.b.Len()
}

// actor makes an event side for a mention.
func actor(sp newsgraph.Span, i int, e newsgraph.Entity) newsgraph.EventActor {
	return newsgraph.EventActor{Span: sp, Entity: i, CAMEO: e.CAMEO}
}

// event records an event of the sentence being written: it must be called before end.
func (w *writer) event(span, cue newsgraph.Span, code string, quad int, goldstein float64, src, tgt newsgraph.EventActor, date string, loc int) {
	if date == "" && !w.date.IsZero() {
		date = w.date.Format("2006-01-02")
	}
	w.d.Events = append(w.d.Events, newsgraph.Event{Span: span, Sentence: len(w.d.Sentences), Cue: cue, Code: code, QuadClass: quad,
		Goldstein: goldstein, Source: src, Target: tgt, Date: date, Location: loc, Reporter: -1})
}

// finish returns the document with its metadata; the text starts with the title line.
func (w *writer) finish(title, site, lang, path string) *newsgraph.Document {
	d := w.d
	d.Text = strings.TrimRight(w.b.String(), " \n")
	d.ID = newsgraph.DocumentID(d.Text)
	d.Title, d.Site, d.Language = title, site, lang
	d.Published = w.date
	if !w.date.IsZero() {
		d.PublishedPrecision = newsgraph.PrecisionDay
	}
	d.Format = newsgraph.FormatText
	d.Origin = newsgraph.Origin{Path: path}
	for i := range d.Paragraphs {
		d.Paragraphs[i].End = min(d.Paragraphs[i].End, len(d.Text))
	}
	for i := range d.Sentences {
		d.Sentences[i].End = min(d.Sentences[i].End, len(d.Text))
	}
	return d
}

// Commit stores docs through st in batches, as ingest would (a raw item per document, then Commit), and
// returns how many were new.
func Commit(ctx context.Context, st newsgraph.Store, docs []*newsgraph.Document) (int, error) {
	const batch = 500
	n := 0
	for i := 0; i < len(docs); i += batch {
		part := docs[i:min(i+batch, len(docs))]
		items := make([]newsgraph.Item, len(part))
		for j, d := range part {
			path := d.Origin.Path
			if path == "" {
				path = fmt.Sprintf("apitest/%d.txt", i+j)
			}
			items[j] = newsgraph.Item{Origin: newsgraph.Origin{Path: path, ReadAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
				Format: newsgraph.FormatText, Raw: []byte(d.Text), Title: d.Title, Site: d.Site, Language: d.Language, Published: d.Published}
		}
		ids, _, err := st.AddRaw(ctx, items)
		if err != nil {
			return n, fmt.Errorf("commit documents %d-%d: %w", i, i+len(part), err)
		}
		outs := make([]newsgraph.Outcome, len(part))
		for j, d := range part {
			outs[j] = newsgraph.Outcome{RawID: ids[j], Doc: d}
		}
		if err := st.Commit(ctx, outs); err != nil {
			return n, fmt.Errorf("commit documents %d-%d: %w", i, i+len(part), err)
		}
		for _, o := range outs {
			if !o.Duplicate {
				n++
			}
		}
	}
	return n, nil
}
