package extract

import (
	"bytes"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"newsgraph/internal/shared"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// benchPages loads up to n pages of the trafilatura benchmark (in file name order), or one generated page when
// the data is absent.
func benchPages(b *testing.B, n int) [][]byte {
	dir := sharedData("extraction/trafilatura/html")
	if dir == "" {
		return [][]byte{[]byte(generatedPage(40))}
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*.html.gz"))
	sort.Strings(names)
	var pages [][]byte
	for _, name := range names {
		if len(pages) == n {
			break
		}
		raw, err := shared.ReadGz(name)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, raw)
	}
	return pages
}

// BenchmarkHTML extracts the pages of the trafilatura benchmark one after the other on one goroutine; pages/s
// is the per-core rate.
func BenchmarkHTML(b *testing.B) {
	pages := benchPages(b, 200)
	e := New(Options{})
	var bytes int64
	for _, p := range pages {
		bytes += int64(len(p))
	}
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for _, p := range pages {
			e.HTML(p, "")
			n++
		}
	}
	b.SetBytes(bytes)
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pages/s")
}

// generatedPage is a news page with n paragraphs and the usual furniture around them.
func generatedPage(n int) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ministers meet in Doha | Example News</title>
<meta property="og:site_name" content="Example News"><meta property="article:published_time" content="2024-12-07T10:30:00Z">
<link rel="canonical" href="https://news.example.com/2024/12/07/doha"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li></ul></nav>
<article><h1>Ministers meet in Doha</h1><p class="byline">By Jane Doe</p>`)
	for i := range n {
		b.WriteString("<p>The foreign ministers met on Saturday at the forum and discussed the situation in the region, ")
		b.WriteString("agreeing that talks between the government and the opposition should begin soon. ")
		b.WriteString(strings.Repeat("Officials said the meeting was constructive and that more meetings would follow. ", 1+i%3))
		b.WriteString("</p>\n")
	}
	b.WriteString(`<p>Tags: <a href="/t/a">diplomacy</a>, <a href="/t/b">Syria</a></p></article>
<aside><h3>Related</h3><ul><li><a href="/x">Other story one</a></li><li><a href="/y">Other story two</a></li></ul></aside>
<footer><p>Copyright 2024 Example News. All rights reserved.</p><p>Subscribe to our newsletter</p></footer></body></html>`)
	return b.String()
}

// BenchmarkTrafilatura is the reference: html.Parse and go-trafilatura with its default options (balanced,
// no fallback, fast date search) on the same pages, for the ratio to BenchmarkHTML.
func BenchmarkTrafilatura(b *testing.B) {
	pages := benchPages(b, 200)
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for _, p := range pages {
			root, err := html.Parse(bytes.NewReader(p))
			if err != nil {
				continue
			}
			trafilatura.ExtractDocument(root, trafilatura.Options{ExcludeComments: true})
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkText extracts a plain-text article of 40 paragraphs.
func BenchmarkText(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("Ministers meet in Doha\n\ndate 2024-12-07\n\n")
	for range 40 {
		sb.WriteString(content + "\n\n")
	}
	sb.WriteString("Tags: , ,\n\nLeave a Reply\n")
	raw := []byte(sb.String())
	e := New(Options{})
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := e.Text(raw); err != nil {
			b.Fatal(err)
		}
	}
}
