package annotate_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"newsgraph"
	"newsgraph/annotate"
	"newsgraph/annotate/entity"
	"newsgraph/annotate/gazetteer"
	"newsgraph/annotate/ner"
	"newsgraph/extract"
	"newsgraph/internal/shared"
)

// BenchmarkAnnotate measures the default pipeline (segmentation, NER, coreference and linking, time
// expressions, quotes) on the seed articles, per core.
func BenchmarkAnnotate(b *testing.B) {
	p, err := annotate.Default(annotate.Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchPipeline(b, p)
}

// BenchmarkAnnotateEntities measures the entity steps alone (segmentation, NER, coreference and linking), the
// base that time expressions and quotes add to.
func BenchmarkAnnotateEntities(b *testing.B) {
	m, err := ner.Default()
	if err != nil {
		b.Fatal(err)
	}
	p, err := annotate.New(annotate.Segment(), annotate.NER(m), annotate.Resolve(entity.New(gazetteer.Default(), entity.Options{})))
	if err != nil {
		b.Fatal(err)
	}
	benchPipeline(b, p)
}

func benchPipeline(b *testing.B, p *annotate.Pipeline) {
	dir := shared.Need(b, "seeds")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	var docs []newsgraph.Document
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		res, err := extract.New(extract.Options{}).Text(raw)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, newsgraph.Document{Title: res.Title, Text: res.Text, Paragraphs: res.Paragraphs, Published: res.Published})
	}
	ctx := context.Background()
	tokens := 0
	b.ResetTimer()
	for range b.N {
		for _, d := range docs {
			d.Paragraphs = append([]newsgraph.Span(nil), d.Paragraphs...)
			if err := p.Annotate(ctx, &d); err != nil {
				b.Fatal(err)
			}
			tokens += len(d.Tokens)
		}
	}
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
}

// TestModelMemory reports the heap the NER model and the gazetteer take once loaded; the budget is 300 MB.
func TestModelMemory(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m, err := ner.Default()
	if err != nil {
		t.Fatal(err)
	}
	g := gazetteer.Default()
	runtime.GC()
	runtime.ReadMemStats(&after)
	mb := float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
	t.Logf("model + gazetteer heap: %.1f MB (%d gazetteer entries)", mb, g.Len())
	if mb > 300 {
		t.Errorf("model + gazetteer take %.1f MB, over the 300 MB budget", mb)
	}
	runtime.KeepAlive(m)
}
