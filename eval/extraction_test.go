package eval

import (
	"compress/gzip"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsgraph/extract"
	"newsgraph/internal/shared"
)

var extractionFull = flag.Bool("extraction.full", false, "score main-text extraction on every page of the trafilatura set, not every 5th")

// extractionBaseline is the segment F1 of extract (default options) on every 5th page of the trafilatura set
// when it was last tuned; TestExtraction fails when a change loses more than extractionSlack of it.
const (
	extractionBaseline = 0.9345
	extractionSlack    = 0.01
)

// extractionDataDir finds shared/data/extraction/trafilatura above the package directory, or skips the test.
func extractionDataDir(t *testing.T) string {
	t.Helper()
	return shared.Need(t, "data", "extraction", "trafilatura")
}

func TestExtraction(t *testing.T) {
	dir := extractionDataDir(t)
	opts := ExtractionOptions{Every: 5}
	if *extractionFull {
		opts.Every = 1
	}
	var failures strings.Builder
	score, err := ExtractionWith(context.Background(), dir, extract.New(extract.Options{}), &failures, opts)
	if err != nil {
		t.Fatalf("ExtractionWith(%s, every %d) error: %v", dir, opts.Every, err)
	}
	t.Logf("trafilatura set, every %d page(s): %s", opts.Every, score)
	if want := 990 / opts.Every; score.Docs < want-1 || score.Docs > want+1 {
		t.Fatalf("ExtractionWith(%s, every %d) scored %d pages, want %d", dir, opts.Every, score.Docs, want)
	}
	if got := strings.Count(failures.String(), "\n"); got != score.Failed {
		t.Errorf("progress has %d failure lines, want Failed = %d", got, score.Failed)
	}
	if score.F1 < extractionBaseline-extractionSlack {
		t.Errorf("segment F1 %.4f below the baseline %.4f - %.2f; failures:\n%s", score.F1, extractionBaseline, extractionSlack, failures.String())
	}
}

func TestExtractionNorm(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  a \n\n b\tc  ", "a b c"},
		{"a\u00a0b", "a b"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := extractionNorm(tt.in); got != tt.want {
			t.Errorf("extractionNorm(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestExtractionScoring scores a tiny benchmark written to a temporary folder, so the counting rule is
// checked without the real data.
func TestExtractionScoring(t *testing.T) {
	dir := t.TempDir()
	page := "<html><body><article><h1>Headline</h1>" +
		strings.Repeat("<p>The ministers met on Saturday and agreed that talks should begin soon between all parties.</p>", 4) +
		"</article><footer>Imprint and contact</footer></body></html>"
	writeGz(t, filepath.Join(dir, "html", "a.html.gz"), page)
	writeGz(t, filepath.Join(dir, "html", "b.html.gz"), "<html></html>")
	eval := `{"https://x.example/a": {"file": "a.html", "with": ["ministers  met on Saturday", "not in the page"], "without": ["Imprint and contact", "absent"], "title": "Headline"},
	          "https://x.example/b": {"file": "b.html", "with": ["anything"], "without": ["nothing"]}}`
	if err := os.WriteFile(filepath.Join(dir, "evaldata.json"), []byte(eval), 0o644); err != nil {
		t.Fatal(err)
	}
	var progress strings.Builder
	s, err := Extraction(context.Background(), dir, extract.New(extract.Options{}), &progress)
	if err != nil {
		t.Fatalf("Extraction(tiny set) error: %v", err)
	}
	got := [6]int{s.TP, s.FP, s.FN, s.TN, s.Docs, s.Failed}
	if want := [6]int{1, 0, 2, 3, 2, 1}; got != want {
		t.Errorf("Extraction(tiny set) TP,FP,FN,TN,Docs,Failed = %v, want %v (%s)", got, want, s)
	}
	if s.Precision != 1 || s.Recall != 1.0/3 || s.F1 != 0.5 {
		t.Errorf("Extraction(tiny set) P,R,F1 = %v,%v,%v, want 1,1/3,0.5", s.Precision, s.Recall, s.F1)
	}
	if !strings.Contains(progress.String(), "b.html") {
		t.Errorf("progress %q does not name the failed page b.html", progress.String())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Extraction(ctx, dir, extract.New(extract.Options{}), nil); err == nil {
		t.Errorf("Extraction(cancelled context) returned no error")
	}
}

func writeGz(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	if _, err := zw.Write([]byte(content)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
