package pubdate

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"newsgraph/internal/shared"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// dataDir finds shared/data above the package directory, or skips the test.
func dataDir(tb testing.TB) string {
	tb.Helper()
	return shared.Need(tb, "data")
}

// benchPage is a page of the htmldate set.
type benchPage struct {
	url  string
	gold string // YYYY-MM-DD
	gz   []byte // the gzipped HTML
}

// parse decompresses and parses the page, decoding its charset.
func (p benchPage) parse(tb testing.TB) *html.Node {
	zr, err := gzip.NewReader(bytes.NewReader(p.gz))
	if err != nil {
		tb.Fatalf("%s: %v", p.url, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatalf("%s: %v", p.url, err)
	}
	r, err := charset.NewReader(bytes.NewReader(b), "")
	if err != nil {
		tb.Fatalf("%s: %v", p.url, err)
	}
	root, err := html.Parse(r)
	if err != nil {
		tb.Fatalf("%s: %v", p.url, err)
	}
	return root
}

// loadPages reads up to n pages of the htmldate set (every page when n <= 0), in URL order.
func loadPages(tb testing.TB, n int) []benchPage {
	dir := filepath.Join(dataDir(tb), "dates", "htmldate")
	raw, err := os.ReadFile(filepath.Join(dir, "eval.json"))
	if err != nil {
		tb.Skipf("no htmldate set: %v", err)
	}
	var gold map[string]struct{ File, Date string }
	if err := json.Unmarshal(raw, &gold); err != nil {
		tb.Fatalf("read eval.json: %v", err)
	}
	urls := make([]string, 0, len(gold))
	for u := range gold {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	if n > 0 && n < len(urls) {
		urls = urls[:n]
	}
	pages := make([]benchPage, 0, len(urls))
	for _, u := range urls {
		gz, err := os.ReadFile(filepath.Join(dir, "html", gold[u].File+".gz"))
		if err != nil {
			tb.Fatal(err)
		}
		pages = append(pages, benchPage{url: u, gold: gold[u].Date, gz: gz})
	}
	return pages
}

// BenchmarkFromHTML measures FromHTML per page over the htmldate set. Each page is parsed (untimed) right before
// FromHTML runs on it, as in ingest, so that the tree is as warm in the cache as it is there.
func BenchmarkFromHTML(b *testing.B) {
	pages := loadPages(b, 0)
	n := 0
	var parsing time.Duration
	for b.Loop() {
		b.StopTimer()
		p := pages[n%len(pages)]
		start := time.Now()
		root := p.parse(b)
		parsing += time.Since(start)
		b.StartTimer()
		FromHTML(root, p.url)
		n++
	}
	// The machine is shared: the ratio to parsing the same pages (gunzip, charset, html.Parse) is steadier than
	// the time itself.
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(n), "µs/page")
	b.ReportMetric(float64(b.Elapsed())/float64(parsing), "x-parse")
}

// BenchmarkFromHTMLOddValue measures the worst case found by fuzzing: a date-like value that nothing reads, so
// that go-htmldate hands it to go-dateparser (100 ms a page before its languages were limited).
func BenchmarkFromHTMLOddValue(b *testing.B) {
	root, err := html.Parse(strings.NewReader(`<meta property="publish_time" content="0000-0-0T0:000">`))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		FromHTML(root, "")
	}
}
