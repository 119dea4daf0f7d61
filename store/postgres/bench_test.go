package postgres

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsgraph"
	"newsgraph/internal/pgtest"
	"newsgraph/store/sqlite"
)

// benchDocs returns n small annotated documents (about 700 bytes, 6 sentences, 8 mentions of 50 entities, a
// quote), as the annotate stage would commit them.
func benchDocs(n int) []*newsgraph.Document {
	places := []string{"Doha", "Astana", "Sochi", "Geneva", "Ankara", "Tehran", "Moscow", "Damascus", "Aleppo", "Idlib"}
	people := []string{"Lavrov", "Fidan", "Araghchi", "Erdogan", "Putin", "Rouhani", "Zarif", "Pedersen", "Guterres", "Blinken"}
	docs := make([]*newsgraph.Document, n)
	for i := range docs {
		var b strings.Builder
		d := &newsgraph.Document{Title: fmt.Sprintf("Talks number %d", i), Language: "en", Site: "Wire", Format: newsgraph.FormatText,
			Published: time.Date(2024, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC), PublishedPrecision: newsgraph.PrecisionDay}
		ents := map[string]int{}
		mention := func(name, label string) {
			start := b.Len()
			b.WriteString(name)
			id := strings.ToLower(name)
			k, ok := ents[id]
			if !ok {
				k = len(d.Entities)
				ents[id] = k
				d.Entities = append(d.Entities, newsgraph.DocEntity{Entity: newsgraph.Entity{ID: id, Name: name, Label: label, Known: true}})
			}
			d.Mentions = append(d.Mentions, newsgraph.Mention{Span: newsgraph.Span{Start: start, End: b.Len()}, Label: label, Kind: newsgraph.MentionName, Sentence: len(d.Sentences), Entity: k})
		}
		for s := range 6 {
			start := b.Len()
			switch s {
			case 0:
				b.WriteString("On day ")
				fmt.Fprint(&b, i)
				b.WriteString(", ")
				mention(people[i%10], "PER")
				b.WriteString(" arrived in ")
				mention(places[(i+s)%10], "LOC")
				b.WriteString(" for a round of talks on the ceasefire.")
			case 3:
				mention(people[(i+3)%10], "PER")
				b.WriteString(" said: \u201cWe expect progress in ")
				q := b.Len() - len("We expect progress in ")
				mention(places[(i+5)%10], "LOC")
				b.WriteString(" soon.\u201d")
				d.Quotes = append(d.Quotes, newsgraph.Quote{Span: newsgraph.Span{Start: q, End: b.Len() - len(".\u201d") + 1}, Direct: true, Mention: len(d.Mentions) - 2, Entity: ents[strings.ToLower(people[(i+3)%10])], Sentence: s, Date: "2024-01-01"})
			default:
				b.WriteString("Delegations from ")
				mention(places[(i*7+s)%10], "LOC")
				b.WriteString(" and ")
				mention(places[(i*3+s+1)%10], "LOC")
				b.WriteString(" discussed humanitarian access and the exchange of prisoners.")
			}
			b.WriteString(" ")
			d.Sentences = append(d.Sentences, newsgraph.Sentence{Span: newsgraph.Span{Start: start, End: b.Len() - 1}})
		}
		d.Text = b.String()
		d.ID = newsgraph.DocumentID(d.Text)
		d.Paragraphs = []newsgraph.Span{{Start: 0, End: len(d.Text)}}
		docs[i] = d
	}
	return docs
}

// BenchmarkCommit commits 1000 small annotated documents in batches of 64 (ingest's default) into a new store,
// and reports documents per second. Raw items are added before the timer starts.
func BenchmarkCommit(b *testing.B) {
	const n, batch = 1000, 64
	docs := benchDocs(n)
	for _, backend := range []struct {
		name string
		open func(b *testing.B) newsgraph.Store
	}{
		{"sqlite", func(b *testing.B) newsgraph.Store {
			s, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			return s
		}},
		{"postgres", func(b *testing.B) newsgraph.Store { return open(b, pgtest.Start(b)) }},
	} {
		b.Run(backend.name, func(b *testing.B) {
			ctx := context.Background()
			var elapsed time.Duration
			for range b.N {
				b.StopTimer()
				s := backend.open(b)
				items := make([]newsgraph.Item, n)
				for i, d := range docs {
					items[i] = newsgraph.Item{Origin: newsgraph.Origin{Path: fmt.Sprintf("bench/%d.txt", i)}, Format: newsgraph.FormatText, Raw: []byte(d.Text)}
				}
				ids, _, err := s.AddRaw(ctx, items)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := time.Now()
				for lo := 0; lo < n; lo += batch {
					var outs []newsgraph.Outcome
					for i := lo; i < min(lo+batch, n); i++ {
						outs = append(outs, newsgraph.Outcome{RawID: ids[i], Doc: docs[i]})
					}
					if err := s.Commit(ctx, outs); err != nil {
						b.Fatal(err)
					}
				}
				elapsed += time.Since(start)
				b.StopTimer()
				if st, err := s.Stats(ctx); err != nil || st.Documents != n {
					b.Fatalf("after the benchmark: %d documents, %v; want %d", st.Documents, err, n)
				}
				s.Close()
			}
			b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "docs/s")
		})
	}
}
