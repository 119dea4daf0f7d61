package annotate

import (
	"context"
	"fmt"
	"os"
	"strings"

	"newsgraph"
	"newsgraph/extract"
)

// Rebase makes a document extracted from a plain-text file refer to the file's text, byte for byte, so that
// annotation offsets point into the file: Text becomes raw, and Paragraphs the spans in raw of the document's
// title and paragraphs (what extraction kept as the article: no date line, no boilerplate). A paragraph that
// cannot be found in raw is left out.
func Rebase(d *newsgraph.Document, raw string) {
	var paras []string
	if d.Title != "" {
		paras = append(paras, d.Title)
	}
	for _, sp := range d.Paragraphs {
		paras = append(paras, sp.In(d.Text))
	}
	d.Text, d.Paragraphs = raw, locate(raw, paras)
}

// locate finds paragraphs in text, in order, line by line (extraction trims the ends of lines), and returns
// their spans.
func locate(text string, paras []string) []newsgraph.Span {
	var out []newsgraph.Span
	at := 0
	for _, p := range paras {
		start, end, pos := -1, -1, at
		for _, line := range strings.Split(p, "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			i := strings.Index(text[pos:], line)
			if i < 0 {
				start = -1
				break
			}
			if start < 0 {
				start = pos + i
			}
			pos += i + len(line)
			end = pos
		}
		if start >= 0 {
			out = append(out, newsgraph.Span{Start: start, End: end})
			at = end
		}
	}
	return out
}

// PlainText reads a plain-text article the way `newsgraph annotate` does: extracted by ex (title, date line,
// paragraphs, boilerplate removed) and rebased on raw, so that annotation offsets point into the file.
func PlainText(ex *extract.Extractor, raw []byte) (*newsgraph.Document, error) {
	res, err := ex.Text(raw)
	if err != nil {
		return nil, err
	}
	d := &newsgraph.Document{Title: res.Title, Text: res.Text, Paragraphs: res.Paragraphs, Published: res.Published,
		PublishedPrecision: res.PublishedPrecision, Language: res.Language}
	Rebase(d, string(raw))
	return d, nil
}

// AnnotateFile reads the plain-text article at path as PlainText does, with the default extractor, and
// annotates it with p.
func (p *Pipeline) AnnotateFile(ctx context.Context, path string) (*newsgraph.Document, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("annotate %s: %w", path, err)
	}
	d, err := PlainText(extract.New(extract.Options{}), raw)
	if err != nil {
		return nil, fmt.Errorf("annotate %s: %w", path, err)
	}
	if err := p.Annotate(ctx, d); err != nil {
		return nil, fmt.Errorf("annotate %s: %w", path, err)
	}
	return d, nil
}
