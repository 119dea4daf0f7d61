// Package pubdate finds the publication date of an article: in an HTML page's metadata, markup and text, or in
// the first lines of a plain-text article. When nothing is found the date is unknown: never the current time.
package pubdate

import (
	"time"

	"golang.org/x/net/html"
)

// Result is a found publication date. A zero Time means unknown.
type Result struct {
	Time time.Time
	// Precision is "day" or "second" (newsgraph.PrecisionDay/PrecisionSecond); "" when Time is zero.
	Precision string
	// Source names the evidence used ("meta:article:published_time", "json-ld", "url", "text", ...) for debugging.
	Source string
}

// FromHTML finds the publication date of the page parsed as root, fetched from pageURL ("" when unknown).
// TODO(pubdate helper): implement.
func FromHTML(root *html.Node, pageURL string) Result { return Result{} }

// TextLine is a date line found at the head of a plain-text article.
type TextLine struct {
	Result
	Start, End int // byte range of the whole line in the text, to be removed from the body
}

// FromText looks for a date line near the top of a plain-text article ("date 2024-12-07",
// "November 22, 2017 | By ...", a dateline such as "MOSCOW, Dec 7 (Reuters) -"). ok is false when none is found.
// TODO(pubdate helper): implement.
func FromText(text string) (line TextLine, ok bool) { return TextLine{}, false }
