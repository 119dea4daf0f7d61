package quote_test

import (
	"testing"

	"newsgraph"
)

// checkQuotes checks what every result of Find must satisfy.
func checkQuotes(t testing.TB, name string, d *newsgraph.Document, qs []newsgraph.Quote) {
	t.Helper()
	in := func(s newsgraph.Span) bool { return s.Start >= 0 && s.End <= len(d.Text) && s.Start <= s.End }
	for i, q := range qs {
		if !in(q.Span) || q.Len() == 0 {
			t.Errorf("%s: quote %d span %v outside the text or empty", name, i, q.Span)
			continue
		}
		if i > 0 && q.Start < qs[i-1].Start {
			t.Errorf("%s: quote %d at %d before quote %d at %d", name, i, q.Start, i-1, qs[i-1].Start)
		}
		if !in(q.Cue) || !in(q.Speaker) {
			t.Errorf("%s: quote %d cue %v or speaker %v outside the text", name, i, q.Cue, q.Speaker)
		}
		if q.Mention < -1 || q.Mention >= len(d.Mentions) || q.Entity < -1 || q.Entity >= len(d.Entities) {
			t.Errorf("%s: quote %d mention %d of %d, entity %d of %d", name, i, q.Mention, len(d.Mentions), q.Entity, len(d.Entities))
			continue
		}
		if q.Mention >= 0 {
			m := d.Mentions[q.Mention]
			if m.End <= q.Speaker.Start || m.Start >= q.Speaker.End {
				t.Errorf("%s: quote %d speaker %q is not where its mention %q is", name, i, q.Speaker.In(d.Text), m.In(d.Text))
			}
			if q.Entity != m.Entity {
				t.Errorf("%s: quote %d entity %d, its mention's %d", name, i, q.Entity, m.Entity)
			}
		} else if q.Entity != -1 {
			t.Errorf("%s: quote %d has entity %d without a mention", name, i, q.Entity)
		}
		if q.Sentence < 0 || q.Sentence >= len(d.Sentences) {
			t.Errorf("%s: quote %d sentence %d of %d", name, i, q.Sentence, len(d.Sentences))
			continue
		}
		if q.Date != d.Sentences[q.Sentence].Date {
			t.Errorf("%s: quote %d date %q, its sentence's %q", name, i, q.Date, d.Sentences[q.Sentence].Date)
		}
		if q.Cue.Len() > 0 {
			s := d.Sentences[q.Sentence]
			if q.Cue.Start < s.Start || q.Cue.End > s.End {
				t.Errorf("%s: quote %d cue %v outside its sentence %v", name, i, q.Cue, s.Span)
			}
		}
	}
}
