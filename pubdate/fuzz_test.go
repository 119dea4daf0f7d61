package pubdate

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

func FuzzFromText(f *testing.F) {
	for _, s := range []string{
		" date 2024-12-07 \n\nText.",
		"Title\n\nNovember 22, 2017 | By | Reply More\n\nText.",
		"MOSCOW, Dec. 7, 2024 (Reuters) - Text.",
		"Published: 07/12/2024 14:05\n",
		"Posted on 7 December 2024 by Jane Doe\r\n",
		"Data publikacji: 7 grudnia 2024 r., godz. 10:15\n",
		"2024-12-07T23:30:00-05:00",
		"The 2015 resolution was adopted.",
		"\xff\xfe 7. Dezember 2024",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		line, ok := FromText(text)
		now := time.Now()
		if !ok {
			if line != (TextLine{}) {
				t.Fatalf("FromText(%q) = %+v with ok false", text, line)
			}
			return
		}
		if line.Start < 0 || line.Start > line.End || line.End > len(text) {
			t.Fatalf("FromText(%q) range [%d,%d) outside the text (len %d)", text, line.Start, line.End, len(text))
		}
		checkResult(t, "FromText("+quote(text)+")", line.Result, now)
	})
}

func FuzzFromHTML(f *testing.F) {
	for _, s := range []string{
		`<html><head><meta property="article:published_time" content="2024-12-07T23:30:00-05:00"></head><body><h1>T</h1></body></html>`,
		`<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-12-07"}</script>`,
		`<article><h1>T</h1><div class="date">7. Dezember 2024</div></article>`,
		`<time pubdate datetime="2024-12-07">7 Dec</time>`,
		`<h1>T</h1><footer>© 2016</footer>`,
		`<meta name="date" content="2099-01-01">`,
		`<div class="comments"><span class="date">7 December 2024</span></div>`,
		``,
	} {
		f.Add(s, "")
		f.Add(s, "https://example.com/2024/12/07/story")
	}
	f.Fuzz(func(t *testing.T, doc, url string) {
		root, err := html.Parse(strings.NewReader(doc))
		if err != nil {
			return
		}
		r := FromHTML(root, url)
		checkResult(t, "FromHTML("+quote(doc)+", "+quote(url)+")", r, time.Now())
	})
}

// checkResult checks the invariants of a Result: a date has a precision and a source and is not after now; no
// date has neither.
func checkResult(t *testing.T, call string, r Result, now time.Time) {
	t.Helper()
	if r.Time.IsZero() {
		if r != (Result{}) {
			t.Fatalf("%s = %+v: a zero time with a precision or source", call, r)
		}
		return
	}
	if r.Precision != precisionDay && r.Precision != precisionSecond {
		t.Fatalf("%s precision = %q", call, r.Precision)
	}
	if r.Source == "" {
		t.Fatalf("%s has no source", call)
	}
	if r.Time.After(now) {
		t.Fatalf("%s = %v, after now (%v)", call, r.Time, now)
	}
	if r.Time.Year() < minYear {
		t.Fatalf("%s = %v, before %d", call, r.Time, minYear)
	}
}

func quote(s string) string {
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return strings.ReplaceAll(s, "\n", `\n`)
}
