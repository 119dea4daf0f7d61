package cli

import (
	"context"
	"fmt"
	"strings"

	"newsgraph"
	"newsgraph/extract"
	"newsgraph/ingest"
)

// extractJSON is the contract of `extract --json` (../shared/DESIGN.md): one object per article.
type extractJSON struct {
	File      string `json:"file"`
	Record    int    `json:"record,omitempty"`
	URL       string `json:"url,omitempty"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Author    string `json:"author"`
	Site      string `json:"site"`
	Language  string `json:"language"`
	Text      string `json:"text"`
	Error     string `json:"error,omitempty"`
}

func (m *Main) extract(ctx context.Context, args []string) error {
	f := newFlags(m, "extract", false, true)
	paths, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return fmt.Errorf("no file given: %w", errUsage)
	}
	ex := extract.New(extract.Options{})
	return m.eachArticle(ctx, paths, f.json,
		func(it newsgraph.Item) (*newsgraph.Document, error) {
			d, err := ingest.Build(ex, it)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", it.Origin, err)
			}
			return d, nil
		},
		func(path string, it newsgraph.Item, d *newsgraph.Document, err error) any {
			if err != nil {
				return extractJSON{File: path, Record: it.Origin.Record, Error: err.Error()}
			}
			return extractJSON{File: path, Record: it.Origin.Record, URL: d.URL, Title: d.Title,
				Published: jsonDate(*d), Author: d.Author, Site: d.Site, Language: d.Language, Text: d.Text}
		},
		m.printExtracted)
}

func (m *Main) printExtracted(it newsgraph.Item, d *newsgraph.Document) {
	w := m.Stdout
	fmt.Fprintf(w, "── %s\n", it.Origin)
	for _, kv := range [][2]string{{"title", d.Title}, {"published", jsonDate(*d)}, {"author", d.Author}, {"site", d.Site},
		{"language", d.Language}, {"url", d.URL}, {"id", d.ID}} {
		if kv[1] != "" {
			fmt.Fprintf(w, "%-10s %s\n", kv[0]+":", kv[1])
		}
	}
	fmt.Fprintf(w, "%-10s %d paragraphs, %d words\n\n", "text:", len(d.Paragraphs), len(strings.Fields(d.Text)))
	for i, p := range d.Paragraphs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, p.In(d.Text))
	}
	fmt.Fprintln(w)
}
