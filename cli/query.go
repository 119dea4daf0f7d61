package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"newsgraph/annotate/annojson"
	"slices"
	"strings"
	"time"

	"newsgraph"
	"newsgraph/annotate/gazetteer"
)

func (m *Main) search(ctx context.Context, args []string) error {
	f := newFlags(m, "search", true, true)
	f.terms = true
	var q newsgraph.Query
	f.StringVar(&q.Language, "lang", "", "only documents in this language (ISO 639-1)")
	f.StringVar(&q.Site, "site", "", "only documents from this site")
	from := f.String("from", "", "published on or after YYYY-MM-DD")
	to := f.String("to", "", "published on or before YYYY-MM-DD")
	f.IntVar(&q.Limit, "limit", 10, "hits per page")
	f.IntVar(&q.Offset, "offset", 0, "hits to skip")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	q.Text = strings.Join(pos, " ")
	if q.From, err = parseDate(*from, "from", false); err != nil {
		return err
	}
	if q.To, err = parseDate(*to, "to", true); err != nil {
		return err
	}
	st, err := m.open(ctx, f.db)
	if err != nil {
		return err
	}
	hits, total, err := st.Search(ctx, q)
	if errors.Is(err, newsgraph.ErrBadQuery) {
		return fmt.Errorf("%v: %w", err, errUsage)
	}
	if err != nil {
		return err
	}
	if f.json {
		enc := json.NewEncoder(m.Stdout)
		for _, h := range hits {
			enc.Encode(hitJSON{ID: h.Doc.ID, Title: h.Doc.Title, Site: h.Doc.Site, URL: h.Doc.URL, Published: jsonDate(h.Doc),
				Language: h.Doc.Language, Snippet: h.Snippet, Score: h.Score, Source: h.Doc.Origin.String()})
		}
		return nil
	}
	if total == 0 {
		fmt.Fprintf(m.Stdout, "no documents match %q\n", q.Text)
		return nil
	}
	fmt.Fprintf(m.Stdout, "%d–%d of %d documents\n\n", q.Offset+1, q.Offset+len(hits), total)
	for i, h := range hits {
		title := h.Doc.Title
		if title == "" {
			title = "(untitled)"
		}
		fmt.Fprintf(m.Stdout, "%3d. %s  %s  %s", q.Offset+i+1, day(h.Doc.Published), h.Doc.ID, title)
		if h.Doc.Site != "" {
			fmt.Fprintf(m.Stdout, " — %s", h.Doc.Site)
		}
		fmt.Fprintln(m.Stdout)
		if h.Snippet != "" {
			fmt.Fprintf(m.Stdout, "     %s\n", oneLine(h.Snippet))
		}
	}
	return nil
}

type hitJSON struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Site      string  `json:"site,omitempty"`
	URL       string  `json:"url,omitempty"`
	Published string  `json:"published,omitempty"`
	Language  string  `json:"language,omitempty"`
	Snippet   string  `json:"snippet,omitempty"`
	Score     float64 `json:"score"`
	Source    string  `json:"source"`
}

// jsonDate renders a document's publication date as in the JSON contract: YYYY-MM-DD, or RFC 3339 when the
// time of day is known; "" when unknown.
func jsonDate(d newsgraph.Document) string {
	switch {
	case d.Published.IsZero():
		return ""
	case d.PublishedPrecision == newsgraph.PrecisionSecond:
		return d.Published.Format(time.RFC3339)
	}
	return d.Published.Format("2006-01-02")
}

type docJSON struct {
	ID         string            `json:"id"`
	Title      string            `json:"title"`
	URL        string            `json:"url,omitempty"`
	Author     string            `json:"author,omitempty"`
	Site       string            `json:"site,omitempty"`
	Language   string            `json:"language,omitempty"`
	Published  string            `json:"published,omitempty"`
	Source     string            `json:"source"`
	Format     string            `json:"format"`
	Meta       map[string]string `json:"meta,omitempty"`
	Text       string            `json:"text"`
	Paragraphs [][2]int          `json:"paragraphs"`
	annojson.Layers
}

func (m *Main) show(ctx context.Context, args []string) error {
	f := newFlags(m, "show", true, true)
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("want one document ID: %w", errUsage)
	}
	st, err := m.open(ctx, f.db)
	if err != nil {
		return err
	}
	d, err := st.Document(ctx, pos[0])
	if err != nil {
		return err
	}
	if f.json {
		j := docJSON{ID: d.ID, Title: d.Title, URL: d.URL, Author: d.Author, Site: d.Site, Language: d.Language,
			Published: jsonDate(d), Source: d.Origin.String(), Format: string(d.Format), Meta: d.Meta, Text: d.Text}
		for _, p := range d.Paragraphs {
			j.Paragraphs = append(j.Paragraphs, [2]int{p.Start, p.End})
		}
		j.Layers = annojson.FromDocument(&d)
		return json.NewEncoder(m.Stdout).Encode(j)
	}
	w := m.Stdout
	fmt.Fprintf(w, "%s\n%s\n\n", d.Title, strings.Repeat("=", min(len([]rune(d.Title)), 100)))
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "%-10s %s\n", k+":", v)
		}
	}
	row("id", d.ID)
	pub := jsonDate(d)
	if pub == "" {
		pub = "unknown"
	}
	row("published", pub)
	row("site", d.Site)
	row("author", d.Author)
	row("language", d.Language)
	row("url", d.URL)
	row("source", d.Origin.String()+" ("+string(d.Format)+")")
	for _, k := range slices.Sorted(maps.Keys(d.Meta)) {
		row(k, oneLine(d.Meta[k]))
	}
	fmt.Fprintln(w)
	for i, p := range d.Paragraphs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, p.In(d.Text))
	}
	if len(d.Entities) > 0 || len(d.Timexes) > 0 || len(d.Quotes) > 0 {
		fmt.Fprintf(w, "\n── annotations: %d sentences, %d tokens\n", len(d.Sentences), len(d.Tokens))
		printAnnotations(w, &d, gazetteer.Default())
	}
	return nil
}

func (m *Main) stats(ctx context.Context, args []string) error {
	f := newFlags(m, "stats", true, true)
	if _, err := f.parse(args); err != nil {
		return err
	}
	st, err := m.open(ctx, f.db)
	if err != nil {
		return err
	}
	s, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	if f.json {
		type out struct {
			Documents int                         `json:"documents"`
			Raw       map[newsgraph.RawStatus]int `json:"raw_items"`
			Sites     []newsgraph.Count           `json:"sites"`
			Languages []newsgraph.Count           `json:"languages"`
			Formats   []newsgraph.Count           `json:"formats"`
			First     string                      `json:"first,omitempty"`
			Last      string                      `json:"last,omitempty"`
			Undated   int                         `json:"undated"`
		}
		o := out{s.Documents, s.Raw, s.Sites, s.Languages, s.Formats, "", "", s.Undated}
		if !s.First.IsZero() {
			o.First, o.Last = s.First.Format("2006-01-02"), s.Last.Format("2006-01-02")
		}
		return json.NewEncoder(m.Stdout).Encode(o)
	}
	m.printStats(s)
	return nil
}

func (m *Main) printStats(s newsgraph.Stats) {
	w := m.Stdout
	raw := 0
	for _, n := range s.Raw {
		raw += n
	}
	fmt.Fprintf(w, "documents  %d (from %d raw items: %d new, %d duplicate, %d failed, %d pending)\n",
		s.Documents, raw, s.Raw[newsgraph.RawDone], s.Raw[newsgraph.RawDuplicate], s.Raw[newsgraph.RawFailed], s.Raw[newsgraph.RawPending])
	if !s.First.IsZero() {
		fmt.Fprintf(w, "published  %s to %s", s.First.Format("2006-01-02"), s.Last.Format("2006-01-02"))
		if s.Undated > 0 {
			fmt.Fprintf(w, " (%d undated)", s.Undated)
		}
		fmt.Fprintln(w)
	} else if s.Documents > 0 {
		fmt.Fprintf(w, "published  unknown for all %d documents\n", s.Undated)
	}
	list := func(label string, cs []newsgraph.Count, max int) {
		if len(cs) == 0 {
			return
		}
		var parts []string
		for i, c := range cs {
			if i == max {
				parts = append(parts, fmt.Sprintf("… %d more", len(cs)-max))
				break
			}
			k := c.Key
			if k == "" {
				k = "(unknown)"
			}
			parts = append(parts, fmt.Sprintf("%s %d", k, c.N))
		}
		fmt.Fprintf(w, "%-10s %s\n", label, strings.Join(parts, ", "))
	}
	list("languages", s.Languages, 12)
	list("formats", s.Formats, 10)
	list("sources", s.Sites, 10)
}

func (m *Main) failures(ctx context.Context, args []string) error {
	f := newFlags(m, "failures", true, false)
	limit := f.Int("limit", 50, "most recent failures to list")
	if _, err := f.parse(args); err != nil {
		return err
	}
	st, err := m.open(ctx, f.db)
	if err != nil {
		return err
	}
	fs, err := st.Failures(ctx, *limit)
	if err != nil {
		return err
	}
	if len(fs) == 0 {
		fmt.Fprintln(m.Stdout, "no failed items")
	}
	for _, r := range fs {
		fmt.Fprintf(m.Stdout, "%s  %s\n", r.Item.Origin.ReadAt.Local().Format("2006-01-02 15:04"), r.Reason)
	}
	return nil
}
