package ingest

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"

	"newsgraph/extract"
	"newsgraph/internal/shared"
	"newsgraph/source"
)

// BenchmarkIngestHTML ingests the trafilatura benchmark pages (HTML) into a fresh SQLite store with the full-text
// index, all stages included, and reports documents per second and per core.
func BenchmarkIngestHTML(b *testing.B) {
	src := shared.Need(b, "data", "extraction", "trafilatura", "html")
	files, _ := filepath.Glob(filepath.Join(src, "*.html.gz"))
	if len(files) > 400 {
		files = files[:400]
	}
	dir := b.TempDir()
	for _, f := range files {
		body, err := shared.ReadGz(f)
		if err != nil {
			b.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, filepath.Base(f[:len(f)-3])), body, 0o644)
	}
	inputs, err := source.Plan([]string{dir})
	if err != nil {
		b.Fatal(err)
	}
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(400)) // as the ingest command runs
	}
	b.ResetTimer()
	docs := 0
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := openStore(b, filepath.Join(b.TempDir(), "bench.db"))
		b.StartTimer()
		sum, err := Run(context.Background(), st, extract.New(extract.Options{}), inputs, nil, Options{})
		if err != nil {
			b.Fatal(err)
		}
		docs += sum.New + sum.Duplicates + sum.Failed
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	rate := float64(docs) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "docs/s")
	b.ReportMetric(rate/float64(runtime.GOMAXPROCS(0)), "docs/s/core")
}
