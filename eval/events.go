package eval

import (
	"context"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"newsgraph"
	"newsgraph/annotate"
	"newsgraph/annotate/event"
	"newsgraph/annotate/gazetteer"
)

// petrRecords is a PETRARCH validation file (petrarch2_PETR.UnitTest.records.xml): sentences with the
// codings PETRARCH must produce, and the dictionaries the suite codes with.
type petrRecords struct {
	Verbfile  string         `xml:"Environment>Verbfile"`
	Actorfile string         `xml:"Environment>Actorfile"`
	Agentfile string         `xml:"Environment>Agentfile"`
	Sentences []petrSentence `xml:"Sentences>Sentence"`
}

type petrSentence struct {
	ID       string `xml:"id,attr"`
	Date     string `xml:"date,attr"`
	Category string `xml:"category,attr"`
	Codings  []struct {
		Source   string `xml:"sourcecode,attr"`
		Target   string `xml:"targetcode,attr"`
		Code     string `xml:"eventcode,attr"`
		NoEvents string `xml:"noevents,attr"`
		Error    string `xml:"error,attr"`
	} `xml:"EventCoding"`
	Text string `xml:"Text"`
}

// EventScore is the score of event coding on a PETRARCH validation suite: a coding is a (source actor code,
// target actor code, event code) triple of one sentence; recall is the share of expected codings produced,
// precision the share of produced codings expected.
type EventScore struct {
	Sentences int // sentences coded (records that expect an error are left out)
	Expected  int // expected codings
	Produced  int // codings produced (distinct per sentence)
	Correct   int // produced codings that are expected
	// RootCorrect counts produced codings expected up to the event code's root (source and target exact).
	RootCorrect               int
	Precision, Recall, F1     float64
	RootPrecision, RootRecall float64
	ByCategory                map[string][2]int // category -> expected, found
	Duration                  time.Duration
}

// Events scores event coding on a PETRARCH validation file. It builds a gazetteer from the suite's own actor
// dictionary (its countries are fictional), a coder from its verb and agent dictionaries only, annotates each
// record's text (the parse trees are ignored) with the record's date as the publication date, and compares.
func Events(ctx context.Context, path string) (EventScore, error) {
	start := time.Now()
	raw, err := os.ReadFile(path)
	if err != nil {
		return EventScore{}, fmt.Errorf("events: %w", err)
	}
	var rec petrRecords
	if err := xml.Unmarshal(raw, &rec); err != nil {
		return EventScore{}, fmt.Errorf("events: read %s: %w", path, err)
	}
	dict := filepath.Join(filepath.Dir(filepath.Dir(path)), "dictionaries")
	open := func(name, def string) (*os.File, error) {
		if name == "" {
			name = def
		}
		return os.Open(filepath.Join(dict, name))
	}
	g := gazetteer.New()
	f, err := open(rec.Actorfile, "PETR.Validate.actors.txt")
	if err != nil {
		return EventScore{}, fmt.Errorf("events: %w", err)
	}
	// The suite's dictionaries hold deliberate errors to test PETRARCH's reader: what reads is kept.
	_ = g.LoadCAMEO(f, f.Name())
	f.Close()
	c := event.New(g, event.Options{NoBuiltin: true})
	f, err = open(rec.Verbfile, "PETR.Validate.verbs.txt")
	if err != nil {
		return EventScore{}, fmt.Errorf("events: %w", err)
	}
	_ = c.LoadVerbs(f, f.Name())
	f.Close()
	if f, err = open(rec.Agentfile, "PETR.Validate.agents.txt"); err == nil {
		_ = c.LoadAgents(f, f.Name())
		f.Close()
	}
	p, err := annotate.Default(annotate.Options{Gazetteer: g})
	if err != nil {
		return EventScore{}, fmt.Errorf("events: %w", err)
	}
	s := EventScore{ByCategory: map[string][2]int{}}
	for _, r := range rec.Sentences {
		if err := ctx.Err(); err != nil {
			return s, err
		}
		expected := map[string]bool{}
		skip := false
		for _, cd := range r.Codings {
			if cd.Error != "" {
				skip = true
			}
			if cd.Code != "" {
				expected[cd.Source+" "+cd.Target+" "+cd.Code] = true
			}
		}
		if skip {
			continue
		}
		d := &newsgraph.Document{Text: strings.Join(strings.Fields(r.Text), " ")}
		if t, err := time.Parse("20060102", r.Date); err == nil {
			d.Published = t
		}
		if err := p.Annotate(ctx, d); err != nil {
			return s, fmt.Errorf("events: record %s: %w", r.ID, err)
		}
		produced := map[string]bool{}
		for _, e := range c.Code(d) {
			produced[e.Source.CAMEO+" "+e.Target.CAMEO+" "+e.Code] = true
		}
		s.Sentences++
		s.Expected += len(expected)
		s.Produced += len(produced)
		cat := s.ByCategory[r.Category]
		cat[0] += len(expected)
		for k := range produced {
			if expected[k] {
				s.Correct++
				cat[1]++
			}
			if rootExpected(k, expected) {
				s.RootCorrect++
			}
		}
		s.ByCategory[r.Category] = cat
	}
	s.Precision, s.Recall, s.F1 = prf(s.Correct, s.Produced, s.Correct, s.Expected)
	s.RootPrecision, s.RootRecall, _ = prf(s.RootCorrect, s.Produced, s.RootCorrect, s.Expected)
	s.Duration = time.Since(start)
	return s, nil
}

// rootExpected reports whether a produced "SRC TGT CODE" is expected with the same actors and the same
// two-digit root.
func rootExpected(k string, expected map[string]bool) bool {
	i := strings.LastIndexByte(k, ' ')
	if len(k)-i-1 < 2 {
		return false
	}
	prefix, root := k[:i+1], k[i+1:i+3]
	for e := range expected {
		if strings.HasPrefix(e, prefix) && len(e)-len(prefix) >= 2 && e[len(prefix):len(prefix)+2] == root {
			return true
		}
	}
	return false
}

// String summarises the score on one line.
func (s EventScore) String() string {
	return fmt.Sprintf("events: %d sentences, %d expected, %d produced, %d correct: precision %.3f recall %.3f F1 %.3f (by root: P %.3f R %.3f) in %v",
		s.Sentences, s.Expected, s.Produced, s.Correct, s.Precision, s.Recall, s.F1, s.RootPrecision, s.RootRecall, s.Duration.Round(time.Millisecond))
}

// Table renders the score with one row per record category.
func (s EventScore) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-10s %9s %9s %9s %9s %9s\n", "category", "expected", "found", "recall", "", "")
	cats := make([]string, 0, len(s.ByCategory))
	for c := range s.ByCategory {
		cats = append(cats, c)
	}
	sortStrings(cats)
	for _, c := range cats {
		v := s.ByCategory[c]
		r := 0.0
		if v[0] > 0 {
			r = float64(v[1]) / float64(v[0])
		}
		fmt.Fprintf(&b, "%-10s %9d %9d %9.2f\n", c, v[0], v[1], 100*r)
	}
	fmt.Fprintf(&b, "%-10s %9d %9d %9.2f   produced %d, precision %.2f, F1 %.2f\n", "all", s.Expected, s.Correct, 100*s.Recall, s.Produced, 100*s.Precision, 100*s.F1)
	return b.String()
}

func sortStrings(s []string) { slices.Sort(s) }
