// Package newsgraph holds the domain of the project: the raw items that sources read, the documents built from
// them, the annotations that refer to document text by byte span, and the Store contract that every storage
// back end implements. It imports no driver; store/sqlite and friends import it.
package newsgraph

import (
	"errors"
	"strconv"
	"time"
)

// Errors callers test with errors.Is.
var (
	ErrNotFound  = errors.New("not found")
	ErrDuplicate = errors.New("duplicate document")
	ErrEmpty     = errors.New("no text")
	ErrBinary    = errors.New("binary content")
	ErrTooLarge  = errors.New("input too large")
	ErrBadQuery  = errors.New("bad query")
)

// Span is a half-open byte range [Start, End) into Document.Text.
type Span struct{ Start, End int }

// Len returns the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// In returns the text the span covers in text.
func (s Span) In(text string) string { return text[s.Start:s.End] }

// Format names how raw bytes are to be read.
type Format string

// The formats sources recognise.
const (
	FormatText  Format = "text"
	FormatHTML  Format = "html"
	FormatJSONL Format = "jsonl"
	FormatFeed  Format = "feed" // RSS 2.0, RSS 1.0 or Atom
	FormatWARC  Format = "warc"
)

// Origin says where raw bytes came from, precisely enough to find them again.
type Origin struct {
	Path   string    // file path as given, or "-" for standard input
	URL    string    // the article's URL when the container names one (JSONL url, feed link, WARC target URI)
	Record int       // 1-based line (JSONL), item (feed) or record (WARC) number; 0 for a whole file
	ReadAt time.Time // when the bytes were read
}

// String renders the origin as "path", "path:line" or "path#record" for messages.
func (o Origin) String() string {
	if o.Record == 0 {
		return o.Path
	}
	return o.Path + ":" + strconv.Itoa(o.Record)
}

// Item is one article as a source yields it: the raw bytes of the article itself (an HTML page, a text file,
// a feed item's content) with whatever metadata its container carried. A source that meets a bad record yields
// an Item with Err set (and Raw holding what could be read, possibly nothing) and goes on with the next one.
type Item struct {
	Origin Origin
	Format Format // FormatText or FormatHTML: the format of Raw after unwrapping the container
	Raw    []byte

	// Metadata from the container; zero values mean "not given".
	Title     string
	Author    string
	Site      string // feed title, JSONL source, WARC host
	Language  string
	Published time.Time
	Meta      map[string]string // container fields newsgraph has no column for (JSONL unknown fields, feed categories)

	Err error // the record could not be read; the error names file and line/record
}

// Document is an extracted, cleaned article. Its ID is derived from its normalised text, so the same article
// read twice is one document.
type Document struct {
	ID        string
	URL       string
	Title     string
	Author    string
	Site      string
	Language  string // ISO 639-1 code, "" when unknown
	Published time.Time
	// PublishedPrecision is "day" when only the date is known, "second" when the time of day is known too,
	// "" when Published is unknown (zero).
	PublishedPrecision string
	Text               string
	Paragraphs         []Span
	// Annotations of Text; empty until the annotate stage has run.
	Sentences  []Sentence
	Tokens     []Span
	Mentions   []Mention
	Entities   []DocEntity
	Timexes    []Timex
	Quotes     []Quote
	Events     []Event
	Meta       map[string]string
	Origin     Origin
	Format     Format
	IngestedAt time.Time
}

// Precision values for Document.PublishedPrecision.
const (
	PrecisionDay    = "day"
	PrecisionSecond = "second"
)
