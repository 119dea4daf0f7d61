package cli

import (
	"context"
	"encoding/csv"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"newsgraph"
	"newsgraph/graph"
)

// storedEventJSON is an event as `events --json` and `export events --format jsonl` print it, one per line. The CSV
// export has the same columns in this order (exportColumns).
type storedEventJSON struct {
	Date        string  `json:"date"`         // TIMEX3 date of the event, "" unknown
	SourceName  string  `json:"source_name"`  // the source's canonical name, else as written
	SourceID    string  `json:"source_id"`    // its entity ID, "" unresolved
	SourceCAMEO string  `json:"source_cameo"` // its CAMEO actor code at the event date
	TargetName  string  `json:"target_name"`
	TargetID    string  `json:"target_id"`
	TargetCAMEO string  `json:"target_cameo"`
	Code        string  `json:"code"` // CAMEO event code
	Root        string  `json:"root"` // CAMEO root code
	QuadClass   int     `json:"quad_class"`
	Goldstein   float64 `json:"goldstein"`
	Location    string  `json:"location"`  // the place named, "" none
	Reporter    string  `json:"reporter"`  // who reports it, "" the article itself
	Happening   string  `json:"happening"` // the key shared by every report of one happening
	Reports     int     `json:"reports"`   // how many stored events report it
	Document    string  `json:"document"`
	Source      string  `json:"source"` // the article's URL, else its path
	Published   string  `json:"published"`
	Start       int     `json:"start"` // byte span of the event in the document's text
	End         int     `json:"end"`
	Cue         string  `json:"cue"`
	Sentence    string  `json:"sentence"`
}

// exportColumns are the CSV columns of `export events`, one per storedEventJSON field.
var exportColumns = []string{"date", "source_name", "source_id", "source_cameo", "target_name", "target_id", "target_cameo",
	"code", "root", "quad_class", "goldstein", "location", "reporter", "happening", "reports", "document", "source", "published",
	"start", "end", "cue", "sentence"}

func docSource(d newsgraph.Document) string {
	if d.URL != "" {
		return d.URL
	}
	return d.Origin.String()
}

func toEventRow(h newsgraph.EventHit) storedEventJSON {
	return storedEventJSON{Date: h.Date, SourceName: h.Source.Name, SourceID: h.Source.ID, SourceCAMEO: h.Source.CAMEO,
		TargetName: h.Target.Name, TargetID: h.Target.ID, TargetCAMEO: h.Target.CAMEO, Code: h.Code, Root: h.Root,
		QuadClass: h.QuadClass, Goldstein: h.Goldstein, Location: h.Location.Name, Reporter: h.Reporter.Name,
		Happening: h.Happening, Reports: h.Reports, Document: h.Doc.ID, Source: docSource(h.Doc), Published: jsonDate(h.Doc),
		Start: h.Span.Start, End: h.Span.End, Cue: h.Cue, Sentence: oneLine(h.Sentence)}
}

func (e storedEventJSON) row() []string {
	return []string{e.Date, e.SourceName, e.SourceID, e.SourceCAMEO, e.TargetName, e.TargetID, e.TargetCAMEO, e.Code, e.Root,
		strconv.Itoa(e.QuadClass), strconv.FormatFloat(e.Goldstein, 'f', -1, 64), e.Location, e.Reporter, e.Happening,
		strconv.Itoa(e.Reports), e.Document, e.Source, e.Published, strconv.Itoa(e.Start), strconv.Itoa(e.End), e.Cue, e.Sentence}
}

// eventStore opens the store at path as an EventStore.
func (m *Main) eventStore(ctx context.Context, path string) (newsgraph.EventStore, newsgraph.Store, error) {
	st, err := m.open(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	es, ok := st.(newsgraph.EventStore)
	if !ok {
		return nil, nil, fmt.Errorf("%s: this store keeps no events", path)
	}
	return es, st, nil
}

var quadNames = [5]string{"", "verbal cooperation", "material cooperation", "verbal conflict", "material conflict"}

func quadName(q int) string {
	if q < 1 || q > 4 {
		return "?"
	}
	return quadNames[q]
}

func (m *Main) events(ctx context.Context, args []string) error {
	f := newFlags(m, "events", true, true)
	actor := f.String("actor", "", "the source: a name or an entity ID")
	target := f.String("target", "", "the target: a name or an entity ID")
	involving := f.String("involving", "", "an actor on either side")
	code := f.String("code", "", "CAMEO event code or prefix (04 matches 040-046)")
	dates := f.dateFlags("events dated from (YYYY-MM-DD, YYYY-MM or YYYY)", "... to")
	limit := f.Int("limit", 20, "how many")
	offset := f.Int("offset", 0, "skip this many")
	err := f.parseNone(args, "use --actor or --target")
	if err != nil {
		return err
	}
	if strings.Trim(*code, "0123456789") != "" {
		return fmt.Errorf("--code %q: want a CAMEO code or its prefix (digits): %w", *code, errUsage)
	}
	q := newsgraph.EventQuery{Actor: *actor, Target: *target, Involving: *involving, Code: *code, Limit: *limit, Offset: *offset}
	if q.From, q.To, err = dates.parse(); err != nil {
		return err
	}
	es, _, err := m.eventStore(ctx, f.db)
	if err != nil {
		return err
	}
	hits, total, err := es.Events(ctx, q)
	if err != nil {
		return err
	}
	if f.json {
		return writeJSONLines(m.Stdout, hits, toEventRow)
	}
	w := m.Stdout
	fmt.Fprintln(w, countLine(total, len(hits), q.Offset, "events"))
	for _, h := range hits {
		fmt.Fprintf(w, "\n%s  %s  %s %s  (%s, Goldstein %+.1f)\n", orDash(h.Date), h.Code, actorName(h.Source), actorName(h.Target), quadName(h.QuadClass), h.Goldstein)
		var extra []string
		if h.Location.Name != "" {
			extra = append(extra, "in "+h.Location.Name)
		}
		if h.Reporter.Name != "" {
			extra = append(extra, "reported by "+h.Reporter.Name)
		}
		if h.Reports > 1 {
			extra = append(extra, fmt.Sprintf("%d reports of this happening", h.Reports))
		}
		if len(extra) > 0 {
			fmt.Fprintf(w, "  %s\n", strings.Join(extra, "; "))
		}
		fmt.Fprintf(w, "  %s\n  [%s %s]\n", clip(oneLine(h.Sentence), 240), h.Doc.ID[:min(8, len(h.Doc.ID))], docSource(h.Doc))
	}
	return nil
}

// actorName renders an event side as "Name (CAMEO)", "-" when there is none.
func actorName(a newsgraph.EventSide) string {
	switch {
	case a.Name == "" && a.CAMEO == "":
		return "-"
	case a.Name == "":
		return a.CAMEO
	case a.CAMEO == "":
		return a.Name
	}
	return a.Name + " (" + a.CAMEO + ")"
}

func (m *Main) graph(ctx context.Context, args []string) error {
	f := newFlags(m, "graph", true, false)
	dates := f.dateFlags("events dated from (YYYY-MM-DD, YYYY-MM or YYYY)", "... to")
	format := f.String("format", "gexf", "gexf, graphml or json")
	actor := f.String("actor", "", "only the relations of this actor")
	step := f.String("step", "", "year or month: one time slice per step between --from and --to (GEXF spells, JSON spells)")
	evidence := f.Int("evidence", 3, "evidence items per edge in the JSON output")
	err := f.parseNone(args, "")
	if err != nil {
		return err
	}
	q := newsgraph.RelationQuery{Actor: *actor, Evidence: -1}
	if q.From, q.To, err = dates.parse(); err != nil {
		return err
	}
	var write func(*graph.Graph) error
	switch *format {
	case "gexf":
		write = func(g *graph.Graph) error { return g.WriteGEXF(m.Stdout) }
	case "graphml":
		write = func(g *graph.Graph) error { return g.WriteGraphML(m.Stdout) }
	case "json":
		write = func(g *graph.Graph) error { return g.WriteJSON(m.Stdout) }
		if q.Evidence = *evidence; q.Evidence <= 0 {
			q.Evidence = -1
		}
	default:
		return fmt.Errorf("--format %q: want gexf, graphml or json: %w", *format, errUsage)
	}
	var windows []graph.Window
	switch *step {
	case "":
	case "year", "month":
		if q.From.IsZero() || q.To.IsZero() {
			return fmt.Errorf("--step %s needs --from and --to: %w", *step, errUsage)
		}
		if windows = graph.Years(q.From, q.To); *step == "month" {
			windows = graph.Months(q.From, q.To)
		}
	default:
		return fmt.Errorf("--step %q: want year or month: %w", *step, errUsage)
	}
	es, _, err := m.eventStore(ctx, f.db)
	if err != nil {
		return err
	}
	g, err := graph.Build(ctx, es, q, windows)
	if err != nil {
		return err
	}
	return write(g)
}

// timelineItem is one dated line of a timeline: an event or a quote.
type timelineItem struct {
	Date     string `json:"date"`
	Kind     string `json:"kind"` // "event" or "quote"
	Code     string `json:"code,omitempty"`
	Source   string `json:"source"`           // who acts or speaks
	Target   string `json:"target,omitempty"` // who is acted on
	Text     string `json:"text"`             // the sentence of an event, the content of a quote
	Document string `json:"document"`
	Origin   string `json:"origin"` // the article's URL, else its path
	start    int
}

func (m *Main) timeline(ctx context.Context, args []string) error {
	f := newFlags(m, "timeline", true, true)
	dates := f.dateFlags("from (YYYY-MM-DD, YYYY-MM or YYYY)", "... to")
	limit := f.Int("limit", 500, "at most this many events and this many quotes")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("want one actor, a name or an entity ID: %w", errUsage)
	}
	fromT, toT, err := dates.parse()
	if err != nil {
		return err
	}
	es, st, err := m.eventStore(ctx, f.db)
	if err != nil {
		return err
	}
	evs, _, err := es.Events(ctx, newsgraph.EventQuery{Involving: pos[0], From: fromT, To: toT, Limit: *limit})
	if err != nil {
		return err
	}
	var items []timelineItem
	for _, h := range evs {
		items = append(items, timelineItem{Date: h.Date, Kind: "event", Code: h.Code, Source: actorName(h.Source), Target: actorName(h.Target),
			Text: oneLine(h.Sentence), Document: h.Doc.ID, Origin: docSource(h.Doc), start: h.Span.Start})
	}
	if qs, ok := st.(newsgraph.QuoteStore); ok {
		seen := map[string]bool{}
		for _, q := range []newsgraph.QuoteQuery{{Speaker: pos[0]}, {About: pos[0]}} {
			q.From, q.To, q.Limit = fromT, toT, *limit
			hits, _, err := qs.Quotes(ctx, q)
			if err != nil {
				return err
			}
			for _, h := range hits {
				k := h.Doc.ID + ":" + strconv.Itoa(h.Span.Start)
				if seen[k] {
					continue
				}
				seen[k] = true
				items = append(items, timelineItem{Date: h.Date, Kind: "quote", Source: orDash(h.SpeakerName), Text: oneLine(h.Text),
					Document: h.Doc.ID, Origin: docSource(h.Doc), start: h.Span.Start})
			}
		}
	}
	// Oldest first; undated last.
	sort.SliceStable(items, func(a, b int) bool {
		x, y := items[a], items[b]
		if (x.Date == "") != (y.Date == "") {
			return y.Date == ""
		}
		if x.Date != y.Date {
			return x.Date < y.Date
		}
		if x.Document != y.Document {
			return x.Document < y.Document
		}
		return x.start < y.start
	})
	if f.json {
		return writeJSONLines(m.Stdout, items, func(it timelineItem) timelineItem { return it })
	}
	w := m.Stdout
	fmt.Fprintf(w, "%d events and quotes involving %s\n", len(items), pos[0])
	for _, it := range items {
		if it.Kind == "event" {
			fmt.Fprintf(w, "%-10s  event %-4s %s -> %s: %s  [%s]\n", orDash(it.Date), it.Code, it.Source, it.Target, clip(it.Text, 200), it.Document[:min(8, len(it.Document))])
		} else {
			fmt.Fprintf(w, "%-10s  quote      %s: \u201c%s\u201d  [%s]\n", orDash(it.Date), it.Source, clip(it.Text, 200), it.Document[:min(8, len(it.Document))])
		}
	}
	return nil
}

func (m *Main) export(ctx context.Context, args []string) error {
	f := newFlags(m, "export", true, false)
	format := f.String("format", "csv", "csv (with a header row) or jsonl")
	dates := f.dateFlags("events dated from (YYYY-MM-DD, YYYY-MM or YYYY)", "... to")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "events" {
		return fmt.Errorf("want what to export: events: %w", errUsage)
	}
	if *format != "csv" && *format != "jsonl" {
		return fmt.Errorf("--format %q: want csv or jsonl: %w", *format, errUsage)
	}
	q := newsgraph.EventQuery{Limit: 1000}
	if q.From, q.To, err = dates.parse(); err != nil {
		return err
	}
	es, _, err := m.eventStore(ctx, f.db)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(m.Stdout)
	enc := jsonEncoder(m.Stdout)
	if *format == "csv" {
		if err := cw.Write(exportColumns); err != nil {
			return err
		}
	}
	for {
		hits, _, err := es.Events(ctx, q)
		if err != nil {
			return err
		}
		for _, h := range hits {
			e := toEventRow(h)
			if *format == "csv" {
				err = cw.Write(e.row())
			} else {
				err = enc.Encode(e)
			}
			if err != nil {
				return err
			}
		}
		if len(hits) < q.Limit {
			break
		}
		q.Offset += len(hits)
	}
	cw.Flush()
	return cw.Error()
}

// relation shows how the relation between two actors changes over time: one line per window and direction.
func (m *Main) relation(ctx context.Context, args []string) error {
	f := newFlags(m, "relation", true, true)
	dates := f.dateFlags("from (YYYY-MM-DD, YYYY-MM or YYYY)", "to")
	step := f.String("step", "year", "year or month")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return fmt.Errorf("want two actors: %w", errUsage)
	}
	from, to, err := dates.parse()
	if err != nil {
		return err
	}
	if from.IsZero() || to.IsZero() {
		return fmt.Errorf("--from and --to are needed: %w", errUsage)
	}
	var windows []graph.Window
	switch *step {
	case "year":
		windows = graph.Years(from, to)
	case "month":
		windows = graph.Months(from, to)
	default:
		return fmt.Errorf("--step %q: want year or month: %w", *step, errUsage)
	}
	st, err := m.open(ctx, f.db)
	if err != nil {
		return err
	}
	es, ok := st.(newsgraph.EventStore)
	if !ok {
		return fmt.Errorf("%s: this store keeps no events", f.db)
	}
	series, err := graph.Changes(ctx, es, pos[0], pos[1], windows)
	if err != nil {
		return err
	}
	if f.json {
		enc := jsonEncoder(m.Stdout)
		for _, s := range series {
			if err := enc.Encode(s); err != nil {
				return err
			}
		}
		return nil
	}
	if len(series) == 0 {
		fmt.Fprintf(m.Stdout, "no events between %s and %s in %s..%s\n", pos[0], pos[1], from.Format("2006-01-02"), to.Format("2006-01-02"))
		return nil
	}
	for _, s := range series {
		fmt.Fprintf(m.Stdout, "%s -> %s\n", s.Source.Name, s.Target.Name)
		fmt.Fprintf(m.Stdout, "  %-23s %6s %6s %6s %6s %6s %6s %9s %6s\n", "window", "events", "happ.", "v.coop", "m.coop", "v.conf", "m.conf", "goldstein", "quotes")
		for _, sp := range s.Spells {
			fmt.Fprintf(m.Stdout, "  %-23s %6d %6d %6d %6d %6d %6d %9.2f %6d\n", sp.Window, sp.Events, sp.Happenings,
				sp.Quad[0], sp.Quad[1], sp.Quad[2], sp.Quad[3], sp.Goldstein, sp.Quotes)
		}
	}
	return nil
}
