package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"newsgraph/annotate/annojson"
	"os"
	"strings"
	"time"

	"newsgraph"
	"newsgraph/annotate"
	"newsgraph/annotate/event"
	"newsgraph/annotate/gazetteer"
	"newsgraph/extract"
	"newsgraph/ingest"
	"newsgraph/source"
)

// knowledge holds the flags that extend the built-in gazetteer, shared by every command that annotates.
type knowledge struct {
	gazetteers, cameo, verbs multiFlag
}

type multiFlag []string

func (f *multiFlag) String() string     { return strings.Join(*f, ",") }
func (f *multiFlag) Set(v string) error { *f = append(*f, v); return nil }

func (k *knowledge) register(f *flags) {
	f.Var(&k.gazetteers, "gazetteer", "a gazetteer file (.gaz) extending the built-in one (repeatable)")
	f.Var(&k.cameo, "cameo-actors", "a CAMEO/PETRARCH actor dictionary to load (repeatable)")
	f.Var(&k.verbs, "cameo-verbs", "a CAMEO/PETRARCH verb dictionary to code events with, besides the built-in lexicon (repeatable)")
}

// gazetteer returns the built-in gazetteer extended by the files the flags name. A file that cannot be read
// is an error; bad lines in a file are reported through warn (naming file and line) and the rest is loaded.
func (k *knowledge) gazetteer(warn func(error)) (*gazetteer.Gazetteer, error) {
	g := gazetteer.Default()
	load := func(flagName, path string, fn func(*os.File) error) error {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("--%s: %w", flagName, err)
		}
		defer f.Close()
		if err := fn(f); err != nil {
			var lines *gazetteer.LineError
			if !errors.As(err, &lines) {
				return fmt.Errorf("--%s: %w", flagName, err)
			}
			warn(fmt.Errorf("--%s: some lines were skipped:\n%w", flagName, err))
		}
		return nil
	}
	for _, p := range k.gazetteers {
		if err := load("gazetteer", p, func(f *os.File) error { return g.Load(f, p) }); err != nil {
			return nil, err
		}
	}
	for _, p := range k.cameo {
		if err := load("cameo-actors", p, func(f *os.File) error { return g.LoadCAMEO(f, p) }); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// pipeline returns the annotation pipeline with the flags' gazetteer.
func (k *knowledge) pipeline(warn func(error)) (*annotate.Pipeline, *gazetteer.Gazetteer, error) {
	g, err := k.gazetteer(warn)
	if err != nil {
		return nil, nil, err
	}
	coder := event.New(g, event.Options{})
	for _, path := range k.verbs {
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, fmt.Errorf("--cameo-verbs: %w", err)
		}
		err = coder.LoadVerbs(f, path)
		f.Close()
		if err != nil {
			warn(fmt.Errorf("--cameo-verbs: some lines were skipped:\n%w", err))
		}
	}
	p, err := annotate.Default(annotate.Options{Gazetteer: g, Coder: coder})
	return p, g, err
}

// warn prints a warning on standard error.
func (m *Main) warn(err error) { fmt.Fprintf(m.Stderr, "warning: %v\n", err) }

// annotateJSON is the contract of `annotate --json` (../shared/DESIGN.md): one object per article.
type annotateJSON struct {
	File      string `json:"file"`
	Record    int    `json:"record,omitempty"`
	Text      string `json:"text"`
	Published string `json:"published"`
	annojson.Layers
	Error string `json:"error,omitempty"`
}

func (m *Main) annotate(ctx context.Context, args []string) error {
	f := newFlags(m, "annotate", false, true)
	var k knowledge
	k.register(f)
	published := f.String("published", "", "the publication date (YYYY-MM-DD) relative dates resolve against; default: the article's own")
	paths, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return fmt.Errorf("no file given: %w", errUsage)
	}
	var date time.Time
	if *published != "" {
		if date, err = time.Parse("2006-01-02", *published); err != nil {
			return fmt.Errorf("--published %q: want YYYY-MM-DD: %w", *published, errUsage)
		}
	}
	p, g, err := k.pipeline(m.warn)
	if err != nil {
		return err
	}
	ex := extract.New(extract.Options{})
	return m.eachArticle(ctx, paths, f.json,
		func(it newsgraph.Item) (*newsgraph.Document, error) { return annotateItem(ctx, ex, p, it, date) },
		func(path string, it newsgraph.Item, d *newsgraph.Document, err error) any {
			if err != nil {
				return annotateJSON{File: path, Record: it.Origin.Record, Error: err.Error()}
			}
			return toAnnotateJSON(path, it.Origin.Record, d)
		},
		func(it newsgraph.Item, d *newsgraph.Document) { m.printAnnotated(it, d, g) })
}

// eachArticle reads every article of paths, builds each with build, and prints it: the value toJSON returns
// (one JSON object per line, also for a failure) when asJSON, else through show. Failures are reported on
// standard error and the rest goes on; it fails only when no article could be built.
func (m *Main) eachArticle(ctx context.Context, paths []string, asJSON bool, build func(newsgraph.Item) (*newsgraph.Document, error),
	toJSON func(path string, it newsgraph.Item, d *newsgraph.Document, err error) any, show func(newsgraph.Item, *newsgraph.Document)) error {
	inputs, err := source.Plan(paths)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetEscapeHTML(false)
	ok, failed := 0, 0
	for _, in := range inputs {
		_ = source.Read(ctx, in, m.Stdin, source.Options{}, func(it newsgraph.Item) error {
			d, err := (*newsgraph.Document)(nil), it.Err
			if err == nil {
				d, err = build(it)
			}
			if err != nil {
				failed++
				fmt.Fprintf(m.Stderr, "error: %v\n", err)
			} else {
				ok++
			}
			switch {
			case asJSON:
				return enc.Encode(toJSON(in.Path, it, d, err))
			case err == nil:
				show(it, d)
			}
			return nil
		})
	}
	if ok == 0 && failed > 0 {
		return errQuiet
	}
	return nil
}

// annotateItem extracts and annotates one item. A plain-text article is annotated as the file is, byte for
// byte, so that offsets point into the file; only the paragraphs extraction keeps as the article (its title and
// body, not the date line or the boilerplate) are annotated.
func annotateItem(ctx context.Context, ex *extract.Extractor, p *annotate.Pipeline, it newsgraph.Item, date time.Time) (*newsgraph.Document, error) {
	d, err := ingest.Build(ex, it)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", it.Origin, err)
	}
	if it.Format == newsgraph.FormatText {
		annotate.Rebase(d, string(it.Raw))
	}
	if !date.IsZero() {
		d.Published, d.PublishedPrecision = date, newsgraph.PrecisionDay
	}
	if err := p.Annotate(ctx, d); err != nil {
		return nil, fmt.Errorf("%s: %w", it.Origin, err)
	}
	return d, nil
}

func toAnnotateJSON(file string, record int, d *newsgraph.Document) annotateJSON {
	return annotateJSON{File: file, Record: record, Text: d.Text, Published: jsonDate(*d), Layers: annojson.FromDocument(d)}
}

// printAnnotated shows an annotated article for a reader: each entity with its mentions and its roles then.
func (m *Main) printAnnotated(it newsgraph.Item, d *newsgraph.Document, g *gazetteer.Gazetteer) {
	w := m.Stdout
	fmt.Fprintf(w, "── %s   %s   %d sentences, %d tokens\n", it.Origin, jsonDate(*d), len(d.Sentences), len(d.Tokens))
	printAnnotations(w, d, g)
	fmt.Fprintln(w)
}

// printAnnotations lists a document's entities, each with the forms it is mentioned by and its roles then, and
// its time expressions.
func printAnnotations(w io.Writer, d *newsgraph.Document, g *gazetteer.Gazetteer) {
	byEntity := make([][]newsgraph.Mention, len(d.Entities))
	for _, mn := range d.Mentions {
		if mn.Entity >= 0 && mn.Entity < len(d.Entities) {
			byEntity[mn.Entity] = append(byEntity[mn.Entity], mn)
		}
	}
	for i, e := range d.Entities {
		var forms []string
		seen := map[string]bool{}
		for _, mn := range byEntity[i] {
			if t := oneLine(mn.In(d.Text)); !seen[t] {
				seen[t] = true
				forms = append(forms, fmt.Sprintf("%q", t))
			}
		}
		fmt.Fprintf(w, "%-4s %-32s %2d× %s\n", e.Label, e.Name, len(byEntity[i]), strings.Join(forms, " "))
		for _, r := range mergeRoles(e.RolesAt) {
			fmt.Fprintf(w, "     %s\n", roleString(r, g))
		}
	}
	if len(d.Timexes) > 0 {
		fmt.Fprintln(w, "\ntime expressions")
		for _, t := range d.Timexes {
			fmt.Fprintf(w, "  %-9s %-14s %q\n", t.Type, t.Value, oneLine(t.In(d.Text)))
		}
	}
	if len(d.Events) > 0 {
		fmt.Fprintln(w, "\nevents")
		for _, e := range annojson.FromDocument(d).Events {
			side := func(a *annojson.Actor) string {
				switch {
				case a == nil:
					return "-"
				case a.Entity != "":
					return a.Entity + " (" + orDash(a.CAMEO) + ")"
				}
				return oneLine(a.Text) + " (" + orDash(a.CAMEO) + ")"
			}
			fmt.Fprintf(w, "  %-10s %-5s %-34s %s -> %s\n", orDash(e.Date), e.Code, clip(e.Name, 34), side(e.Source), side(e.Target))
		}
	}
	if len(d.Quotes) > 0 {
		fmt.Fprintln(w, "\nquotes")
		for _, q := range d.Quotes {
			who := "?"
			if q.Entity >= 0 && q.Entity < len(d.Entities) {
				who = d.Entities[q.Entity].Name
			} else if q.Speaker.End > q.Speaker.Start {
				who = oneLine(q.Speaker.In(d.Text))
			}
			cue, kind := "", "reported"
			if q.Cue.End > q.Cue.Start {
				cue = oneLine(q.Cue.In(d.Text))
			}
			if q.Direct {
				kind = "direct"
			}
			fmt.Fprintf(w, "  %-10s %-24s %-10s %-8s %s\n", orDash(q.Date), who, orDash(cue), kind, clip(oneLine(q.In(d.Text)), 90))
		}
	}
}

// clip shortens s to at most n runes, marking the cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// roleString renders a role: "Minister of Foreign Affairs of Russia, 2004-03-09 to now".
func roleString(r newsgraph.Role, g *gazetteer.Gazetteer) string {
	title := r.Title
	if title == "" {
		title = strings.ReplaceAll(r.Role, "-", " ")
	}
	of := r.Of
	if e, ok := g.Entity(r.Of); ok {
		of = e.Name
	}
	to := r.To
	if to == "" {
		to = "now"
	}
	from := r.From
	if from == "" {
		from = "?"
	}
	return fmt.Sprintf("%s of %s, %s to %s", title, of, from, to)
}
