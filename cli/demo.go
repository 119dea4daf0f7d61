package cli

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"newsgraph"
	"newsgraph/demo"
	"newsgraph/ingest"
)

// demo ingests the built-in sample into a temporary database (or --db) and shows what newsgraph found.
func (m *Main) demo(ctx context.Context, args []string) error {
	f := newFlags(m, "demo", false, false)
	db := f.String("db", "", "database file to keep (default: a temporary one)")
	serve := f.Bool("serve", true, "then serve the web UI on the sample until Ctrl-C (false: print what was found and exit)")
	addr := f.String("addr", "127.0.0.1:8080", "address to serve the UI on")
	if _, err := f.parse(args); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "newsgraph-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "sample")
	if err := writeSample(dir); err != nil {
		return fmt.Errorf("write sample: %w", err)
	}
	path := *db
	if path == "" {
		path = filepath.Join(tmp, "demo.db")
	}
	st, err := m.open(ctx, path)
	if err != nil {
		return err
	}
	var k knowledge
	p, _, err := k.pipeline(m.warn)
	if err != nil {
		return err
	}
	w := m.Stdout
	fmt.Fprintf(w, "newsgraph demo: ingesting the built-in sample (%d files: text, HTML, JSON Lines, RSS)\n\n", len(demo.Files()))
	opts := ingest.Options{Annotate: p.Annotate}
	var flush func(context.Context) error
	if opts.Cluster, flush, err = m.clusterer(ctx, st); err != nil {
		return err
	}
	sum, err := m.runIngest(ctx, st, []string{dir}, opts, false)
	if err != nil {
		return err
	}
	if err := flush(ctx); err != nil {
		return err
	}
	if sum.New+sum.Duplicates == 0 {
		return fmt.Errorf("the sample produced no documents")
	}
	s, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\n== What is stored")
	m.printStats(s)

	fmt.Fprintln(w, "\n== Documents, oldest first")
	hits, _, err := st.Search(ctx, newsgraph.Query{Limit: 100})
	if err != nil {
		return err
	}
	for i := len(hits) - 1; i >= 0; i-- {
		d := hits[i].Doc
		fmt.Fprintf(w, "  %s  %s  %-2s  %s  [%s]\n", day(d.Published), d.ID, d.Language, d.Title, strings.TrimPrefix(d.Origin.String(), dir+string(filepath.Separator)))
	}
	if sum.Duplicates > 0 {
		fmt.Fprintf(w, "\n  %d item(s) were exact copies of a document already stored and were not stored twice.\n", sum.Duplicates)
	}

	fmt.Fprintln(w, "\n== Full-text search: ceasefire")
	hits, total, err := st.Search(ctx, newsgraph.Query{Text: "ceasefire", Limit: 3})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  %d documents match; the best three:\n", total)
	for _, h := range hits {
		fmt.Fprintf(w, "  %s  %s\n      %s\n", day(h.Doc.Published), h.Doc.Title, oneLine(h.Snippet))
	}
	if es, ok := st.(newsgraph.EntityStore); ok {
		fmt.Fprintln(w, "\n== Who and what the articles name, most mentioned first")
		list, total, err := es.Entities(ctx, newsgraph.EntityQuery{Limit: 12})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %d canonical entities; the first %d:\n", total, len(list))
		for _, c := range list {
			fmt.Fprintf(w, "  %-4s %-30s %3d mentions in %d documents\n", c.Entity.Label, c.Entity.Name, c.Mentions, c.Documents)
		}
	}
	if cs, ok := st.(newsgraph.ClusterStore); ok {
		fmt.Fprintln(w, "\n== Same-event clusters, largest first")
		list, total, err := cs.Clusters(ctx, newsgraph.ClusterQuery{Limit: 8})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %d clusters; the first %d:\n", total, len(list))
		for _, c := range list {
			fmt.Fprintf(w, "  %s  %2d docs  %-22s %s\n", c.ID, c.Size, span(c), c.Label)
		}
		dups, n, err := cs.Duplicates(ctx, newsgraph.DuplicateQuery{Limit: 5})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n== Copies: %d exact, syndicated or rewritten\n", n)
		for _, p := range dups {
			fmt.Fprintf(w, "  %-7s %.2f  %s\n          of %s\n", p.Kind, p.Similarity, oneLine(p.Of.Title), docSource(p.Of))
		}
	}
	if *db != "" {
		fmt.Fprintf(w, "\nThe database is kept at %s: try `newsgraph search --db %s \"ceasefire\"` or `newsgraph show --db %s ID`.\n", *db, *db, *db)
	}
	if !*serve {
		return nil
	}
	fmt.Fprintln(w, "\n== Explore it in a browser")
	return m.serveStore(ctx, st, *addr, "", &k)
}

// writeSample copies the embedded sample into dir.
func writeSample(dir string) error {
	return fs.WalkDir(demo.Corpus, "corpus", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p, "corpus")))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := demo.Corpus.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}
