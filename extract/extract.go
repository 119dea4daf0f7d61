// Package extract turns an article's raw bytes into clean main text and metadata: for HTML it detects the
// charset, parses the page once, finds the main text with go-trafilatura, reads the title, author, site,
// canonical URL and publication date, removes the boilerplate that survives extraction and detects the
// language; for plain text it finds the title line, the date line and the paragraphs, and cleans them the
// same way.
package extract

import (
	"sync"
	"time"

	"newsgraph"
)

// Focus selects how go-trafilatura trades precision for recall when it chooses the main text.
type Focus uint8

// The extraction focuses.
const (
	// FocusRecall takes more text, even when unsure; the boilerplate cleaner removes most of what it lets
	// through. The default: on the trafilatura benchmark it scores higher than FocusBalanced, and is faster.
	FocusRecall    Focus = iota
	FocusBalanced        // go-trafilatura's default
	FocusPrecision       // less text, fewer boilerplate segments, more pages without text
)

// Options configure an Extractor. The zero value is the default behaviour.
type Options struct {
	// Focus is go-trafilatura's extraction focus. Zero: FocusRecall.
	Focus Focus

	// NoFallback turns off go-trafilatura's fallback extractors (go-readability, then go-domdistiller), which
	// it runs, with FocusRecall, only on pages where its own extraction found less than 2500 characters; there
	// it keeps the better candidate. Zero: the fallback runs. On the trafilatura benchmark it gains 0.8 points
	// of segment F1 for a few per cent of the time; with FocusBalanced or FocusPrecision it runs on every page
	// and costs about 1.7 times the extraction time.
	NoFallback bool

	// DateFallback runs go-htmldate in fast mode (go-trafilatura's own date search, which extract always
	// turns off) when pubdate.FromHTML finds no date. Zero: off: pubdate already ends with go-htmldate's
	// extensive search, and on the 728 dated pages of the trafilatura benchmark the fallback adds no date
	// (pubdate alone: 654 right; go-htmldate fast alone: 598).
	DateFallback bool

	// NoClean turns off the boilerplate cleaner (clean.go) except for dropping a copy of the title at the
	// start of the text. Zero: the cleaner runs.
	NoClean bool

	// SiteRepeatThreshold is the number of earlier documents of the same site in which a paragraph must have
	// been seen for the cleaner to treat it as the site's boilerplate. Zero: 3. Negative: repetition across
	// documents is not used.
	SiteRepeatThreshold int

	// MaxSites bounds the memory of the cross-document statistics: when more sites than this have been seen,
	// the statistics are reset. Zero: 10000.
	MaxSites int
}

// Result is what extraction found.
type Result struct {
	Title    string
	Author   string
	Site     string // the site's name ("Le Monde"), else its host name
	Language string // ISO 639-1 code, "" when unknown
	URL      string // the canonical URL when the page gives one, else the page URL given to HTML

	Published time.Time // zero when unknown
	// PublishedPrecision is newsgraph.PrecisionDay or newsgraph.PrecisionSecond, "" when Published is zero.
	PublishedPrecision string
	// DateSource names the evidence for Published ("meta:...", "htmldate", "text", ...), for debugging.
	DateSource string

	// Text is the clean main text without the title: paragraphs separated by "\n\n". It is valid UTF-8.
	Text string
	// Paragraphs are the byte spans of the paragraphs in Text, in order.
	Paragraphs []newsgraph.Span
}

// Extractor extracts articles. It is safe for concurrent use. It keeps statistics across documents (which
// paragraphs recur in the documents of one site) that the boilerplate cleaner uses, so results depend on the
// documents seen before; use one Extractor per corpus.
type Extractor struct {
	opts  Options
	sites siteStats
	mu    sync.Mutex
}

// New returns an Extractor configured by opts.
func New(opts Options) *Extractor {
	if opts.SiteRepeatThreshold == 0 {
		opts.SiteRepeatThreshold = 3
	}
	if opts.MaxSites == 0 {
		opts.MaxSites = 10000
	}
	return &Extractor{opts: opts, sites: siteStats{}}
}
