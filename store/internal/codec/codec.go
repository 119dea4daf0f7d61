// Package codec holds the stored forms both stores share, so that SQLite and PostgreSQL keep the same bytes:
// raw article bytes compressed above a size, and a document's annotation layers as compressed JSON.
package codec

import (
	"encoding/json"
	"fmt"

	"github.com/klauspost/compress/zstd"

	"newsgraph"
)

// zstd coders for raw bytes and annotations; EncodeAll and DecodeAll are safe for concurrent use.
var (
	zenc, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
	zdec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0))
)

// CompressAbove is the raw size from which raw bytes are stored compressed.
const CompressAbove = 4 << 10

// Compress returns the stored form of raw bytes and the name of its encoding: "identity" below CompressAbove,
// else "zstd".
func Compress(b []byte) ([]byte, string) {
	if len(b) < CompressAbove {
		return b, "identity"
	}
	return zenc.EncodeAll(b, make([]byte, 0, len(b)/3)), "zstd"
}

// Decompress returns the bytes Compress stored under the encoding enc.
func Decompress(b []byte, enc string) ([]byte, error) {
	switch enc {
	case "identity", "":
		return b, nil
	case "zstd":
		return zdec.DecodeAll(b, nil)
	}
	return nil, fmt.Errorf("unknown raw encoding %q", enc)
}

// annotations is the stored form of a document's annotation layers: spans as flat integer arrays, which keeps
// the JSON about a third of the size of one object per span.
type annotations struct {
	Sentences []int                 `json:"s,omitempty"` // start, end, paragraph, first, end per sentence
	Tokens    []int                 `json:"t,omitempty"` // start, end per token
	Mentions  []storedMention       `json:"m,omitempty"`
	Entities  []newsgraph.DocEntity `json:"e,omitempty"`
	Dates     []string              `json:"d,omitempty"` // Sentence.Date per sentence
	Timexes   []newsgraph.Timex     `json:"x,omitempty"`
	Quotes    []newsgraph.Quote     `json:"q,omitempty"`
	Events    []newsgraph.Event     `json:"v,omitempty"`
}

type storedMention struct {
	S, E     int
	Label    string                `json:"L"`
	Kind     newsgraph.MentionKind `json:"K"`
	Sentence int                   `json:"s"`
	Entity   int                   `json:"e"`
}

// EncodeAnnotations returns the compressed annotation layers of d, or nil when it has none.
func EncodeAnnotations(d *newsgraph.Document) ([]byte, error) {
	if len(d.Sentences) == 0 && len(d.Tokens) == 0 && len(d.Mentions) == 0 && len(d.Entities) == 0 && len(d.Timexes) == 0 && len(d.Quotes) == 0 && len(d.Events) == 0 {
		return nil, nil
	}
	a := annotations{
		Sentences: make([]int, 0, 5*len(d.Sentences)),
		Tokens:    make([]int, 0, 2*len(d.Tokens)),
		Mentions:  make([]storedMention, len(d.Mentions)),
		Entities:  d.Entities,
		Timexes:   d.Timexes,
		Quotes:    d.Quotes,
		Events:    d.Events,
	}
	dated := false
	for _, s := range d.Sentences {
		a.Sentences = append(a.Sentences, s.Start, s.End, s.Paragraph, s.TokenStart, s.TokenEnd)
		a.Dates = append(a.Dates, s.Date)
		dated = dated || s.Date != ""
	}
	if !dated {
		a.Dates = nil
	}
	for _, t := range d.Tokens {
		a.Tokens = append(a.Tokens, t.Start, t.End)
	}
	for i, m := range d.Mentions {
		a.Mentions[i] = storedMention{S: m.Start, E: m.End, Label: m.Label, Kind: m.Kind, Sentence: m.Sentence, Entity: m.Entity}
	}
	b, err := json.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("annotations: %w", err)
	}
	return zenc.EncodeAll(b, make([]byte, 0, len(b)/4)), nil
}

// DecodeAnnotations fills d's annotation layers from their stored form; nil leaves them empty.
func DecodeAnnotations(b []byte, d *newsgraph.Document) error {
	if len(b) == 0 {
		return nil
	}
	raw, err := zdec.DecodeAll(b, nil)
	if err != nil {
		return fmt.Errorf("annotations: %w", err)
	}
	var a annotations
	if err := json.Unmarshal(raw, &a); err != nil {
		return fmt.Errorf("annotations: %w", err)
	}
	if len(a.Sentences)%5 != 0 || len(a.Tokens)%2 != 0 {
		return fmt.Errorf("annotations: truncated span arrays")
	}
	for i := 0; i < len(a.Sentences); i += 5 {
		x := a.Sentences[i : i+5]
		s := newsgraph.Sentence{Span: newsgraph.Span{Start: x[0], End: x[1]}, Paragraph: x[2], TokenStart: x[3], TokenEnd: x[4]}
		if n := i / 5; n < len(a.Dates) {
			s.Date = a.Dates[n]
		}
		d.Sentences = append(d.Sentences, s)
	}
	for i := 0; i < len(a.Tokens); i += 2 {
		d.Tokens = append(d.Tokens, newsgraph.Span{Start: a.Tokens[i], End: a.Tokens[i+1]})
	}
	for _, m := range a.Mentions {
		d.Mentions = append(d.Mentions, newsgraph.Mention{Span: newsgraph.Span{Start: m.S, End: m.E}, Label: m.Label, Kind: m.Kind, Sentence: m.Sentence, Entity: m.Entity})
	}
	d.Entities, d.Timexes, d.Quotes, d.Events = a.Entities, a.Timexes, a.Quotes, a.Events
	return nil
}

// QuoteContext returns the span of the sentences that hold a quote and its cue.
func QuoteContext(d *newsgraph.Document, q newsgraph.Quote) newsgraph.Span {
	sp := q.Span
	if q.Cue.End > q.Cue.Start {
		sp.Start, sp.End = min(sp.Start, q.Cue.Start), max(sp.End, q.Cue.End)
	}
	out := sp
	for _, s := range d.Sentences {
		if s.End > sp.Start && s.Start < sp.End {
			out.Start, out.End = min(out.Start, s.Start), max(out.End, s.End)
		}
	}
	return out
}
