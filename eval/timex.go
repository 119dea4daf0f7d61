package eval

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"newsgraph"
	"newsgraph/annotate/segment"
	"newsgraph/annotate/timex"
)

// TimexDoc is one TimeML document: the plain text of its TEXT element (tags stripped, entities decoded), its
// creation time and its gold TIMEX3 expressions as spans into Text (the creation time itself excluded).
type TimexDoc struct {
	Name string
	Text string
	DCT  time.Time
	Gold []newsgraph.Timex
}

// ReadTimeML reads a TimeML (.tml) document. The DCT is the TIMEX3 whose functionInDocument is
// CREATION_TIME; its value may carry a time of day, which is kept.
func ReadTimeML(r io.Reader, name string) (TimexDoc, error) {
	doc := TimexDoc{Name: name}
	dec := xml.NewDecoder(r)
	var text strings.Builder
	inText := false
	type open struct {
		start      int
		typ, value string
		dct        bool
	}
	var stack []open
	dctValue := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return doc, fmt.Errorf("read %s: %w", name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "TEXT":
				inText = true
			case "TIMEX3":
				o := open{start: text.Len()}
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "type":
						o.typ = a.Value
					case "value":
						o.value = a.Value
					case "functionInDocument":
						o.dct = a.Value == "CREATION_TIME"
					}
				}
				stack = append(stack, o)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "TEXT":
				inText = false
			case "TIMEX3":
				if len(stack) == 0 {
					return doc, fmt.Errorf("read %s: unbalanced TIMEX3", name)
				}
				o := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				switch {
				case o.dct:
					dctValue = o.value
				case inText:
					doc.Gold = append(doc.Gold, newsgraph.Timex{Span: newsgraph.Span{Start: o.start, End: text.Len()},
						Type: o.typ, Value: o.value})
				}
			}
		case xml.CharData:
			if inText {
				text.Write(t)
			}
		}
	}
	if dctValue == "" {
		return doc, fmt.Errorf("read %s: no TIMEX3 with functionInDocument=CREATION_TIME", name)
	}
	dct, err := parseDCT(dctValue)
	if err != nil {
		return doc, fmt.Errorf("read %s: creation time %q: %w", name, dctValue, err)
	}
	doc.DCT, doc.Text = dct, text.String()
	return doc, nil
}

func parseDCT(v string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02", "20060102"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	if len(v) >= 10 {
		return time.Parse("2006-01-02", v[:10])
	}
	return time.Time{}, fmt.Errorf("unknown date format")
}

// TimexCount holds precision, recall and F1 of one TempEval-3 measure.
type TimexCount struct {
	TP, Pred, Gold        int // TP: system expressions counted correct (for precision; see TimexScore)
	Precision, Recall, F1 float64
}

func (c *TimexCount) finish() { c.Precision, c.Recall, c.F1 = prf(c.TP, c.Pred, c.TP, c.Gold) }

// TimexScore is the TempEval-3 task A score (as its scorer computes it): strict extent (same span), relaxed
// extent (overlapping spans, each gold and system expression matched at most once), and over the relaxed
// matches type and value: an attribute counts when the two match in extent (relaxed) and agree on it, so its
// precision is over all system expressions and its recall over all gold ones.
type TimexScore struct {
	Strict, Relaxed, Type, Value TimexCount
	Docs, Tokens                 int
	Finding                      time.Duration // time in timex.Find (segmentation excluded)
	PerDoc                       time.Duration // Finding / Docs
	TokensPerSecond              float64
	// Errors lists value errors on relaxed matches and misses, for error analysis: "doc: text gold -> got".
	Errors []string
}

// Timex scores timex.Find on every .tml file under dir, segmenting each text with package segment.
func Timex(ctx context.Context, dir string) (TimexScore, error) {
	return TimexEvery(ctx, dir, 1)
}

// TimexEvery is Timex on every nth .tml file (in name order) under dir.
func TimexEvery(ctx context.Context, dir string, nth int) (TimexScore, error) {
	return timexSelect(ctx, dir, nth, true)
}

// TimexRest is Timex on the .tml files under dir that TimexEvery(ctx, dir, nth) leaves out: the complement of
// its subset, to check that a change tuned on one part of the corpus holds on the other.
func TimexRest(ctx context.Context, dir string, nth int) (TimexScore, error) {
	return timexSelect(ctx, dir, nth, false)
}

// timexSelect scores every nth file (in name order) under dir when every, else the others.
func timexSelect(ctx context.Context, dir string, nth int, every bool) (TimexScore, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".tml") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return TimexScore{}, fmt.Errorf("timex eval: %w", err)
	}
	if len(files) == 0 {
		return TimexScore{}, fmt.Errorf("timex eval: no .tml files under %s", dir)
	}
	sort.Strings(files)
	if nth < 1 {
		nth = 1
	}
	var docs []TimexDoc
	for i, name := range files {
		if (i%nth == 0) != every {
			continue
		}
		f, err := os.Open(name)
		if err != nil {
			return TimexScore{}, fmt.Errorf("timex eval: %w", err)
		}
		d, err := ReadTimeML(f, name)
		f.Close()
		if err != nil {
			return TimexScore{}, fmt.Errorf("timex eval: %w", err)
		}
		docs = append(docs, d)
	}
	return TimexDocs(ctx, docs)
}

// TimexDocs scores timex.Find on docs.
func TimexDocs(ctx context.Context, docs []TimexDoc) (TimexScore, error) {
	var sc TimexScore
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return TimexScore{}, fmt.Errorf("timex eval: %w", err)
		}
		_, sents, toks := segment.Segment(d.Text, nil)
		start := time.Now()
		got := timex.Find(d.Text, sents, toks, d.DCT)
		sc.Finding += time.Since(start)
		sc.Docs++
		sc.Tokens += len(toks)
		sc.add(d, got)
	}
	for _, c := range []*TimexCount{&sc.Strict, &sc.Relaxed, &sc.Type, &sc.Value} {
		c.finish()
	}
	if sc.Docs > 0 {
		sc.PerDoc = sc.Finding / time.Duration(sc.Docs)
	}
	if sc.Finding > 0 {
		sc.TokensPerSecond = float64(sc.Tokens) / sc.Finding.Seconds()
	}
	return sc, nil
}

func timexOverlap(a, b newsgraph.Span) bool { return a.Start < b.End && b.Start < a.End }

// add counts one document. Relaxed matching pairs each gold expression with the first unpaired system
// expression overlapping it.
func (sc *TimexScore) add(d TimexDoc, got []newsgraph.Timex) {
	n := len(got)
	for _, c := range []*TimexCount{&sc.Strict, &sc.Relaxed, &sc.Type, &sc.Value} {
		c.Pred += n
		c.Gold += len(d.Gold)
	}
	used := make([]bool, n)
	name := filepath.Base(d.Name)
	for _, g := range d.Gold {
		k := -1
		for j, p := range got {
			if !used[j] && timexOverlap(g.Span, p.Span) {
				k = j
				break
			}
		}
		if k < 0 {
			sc.Errors = append(sc.Errors, fmt.Sprintf("%s: MISS %q %s %s (dct %s) | %s", name, d.Text[g.Start:g.End], g.Type, g.Value, d.DCT.Format("2006-01-02 Mon"), around(d.Text, g.Span)))
			continue
		}
		used[k] = true
		p := got[k]
		sc.Relaxed.TP++
		if p.Span == g.Span {
			sc.Strict.TP++
		} else {
			sc.Errors = append(sc.Errors, fmt.Sprintf("%s: EXTENT %q -> %q", name, d.Text[g.Start:g.End], d.Text[p.Start:p.End]))
		}
		if p.Type == g.Type {
			sc.Type.TP++
		}
		if p.Value == g.Value {
			sc.Value.TP++
		} else {
			sc.Errors = append(sc.Errors, fmt.Sprintf("%s: VALUE %q %s %s -> %q %s %s (dct %s) | %s", name, d.Text[g.Start:g.End], g.Type, g.Value,
				d.Text[p.Start:p.End], p.Type, p.Value, d.DCT.Format("2006-01-02 Mon"), around(d.Text, g.Span)))
		}
	}
	for j, p := range got {
		if !used[j] {
			sc.Errors = append(sc.Errors, fmt.Sprintf("%s: EXTRA %q %s %s | %s", name, d.Text[p.Start:p.End], p.Type, p.Value, around(d.Text, p.Span)))
		}
	}
}

// around is the text around sp on one line, sp in brackets.
func around(text string, sp newsgraph.Span) string {
	a, b := max(0, sp.Start-70), min(len(text), sp.End+30)
	return strings.Join(strings.Fields(text[a:sp.Start]+"["+text[sp.Start:sp.End]+"]"+text[sp.End:b]), " ")
}

// String gives the main numbers on one line.
func (s TimexScore) String() string {
	return fmt.Sprintf("value F1 %.2f, strict extent F1 %.2f, relaxed extent F1 %.2f, type F1 %.2f on %d documents (%d gold, %d found); %v per document, %.0f tokens/s",
		100*s.Value.F1, 100*s.Strict.F1, 100*s.Relaxed.F1, 100*s.Type.F1, s.Docs, s.Value.Gold, s.Value.Pred, s.PerDoc, s.TokensPerSecond)
}

// Table prints the four TempEval-3 measures, one row each.
func (s TimexScore) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-16s %9s %9s %9s %7s %7s %7s\n", "measure", "precision", "recall", "F1", "gold", "pred", "correct")
	for _, r := range []struct {
		name string
		c    TimexCount
	}{{"strict extent", s.Strict}, {"relaxed extent", s.Relaxed}, {"type", s.Type}, {"value", s.Value}} {
		fmt.Fprintf(&b, "%-16s %9.2f %9.2f %9.2f %7d %7d %7d\n", r.name, 100*r.c.Precision, 100*r.c.Recall, 100*r.c.F1, r.c.Gold, r.c.Pred, r.c.TP)
	}
	fmt.Fprintf(&b, "%d documents, %d tokens, %v per document, %.0f tokens/s\n", s.Docs, s.Tokens, s.PerDoc, s.TokensPerSecond)
	return b.String()
}
