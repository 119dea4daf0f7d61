package event_test

import (
	"context"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"newsgraph"
	"newsgraph/annotate"
	"newsgraph/annotate/event"
	"newsgraph/annotate/gazetteer"
	"newsgraph/internal/shared"
)

var (
	petrList = flag.Bool("petr.list", false, "TestPETRARCH: log every record's missed and extra codings")
	petrText = flag.String("petr.text", "", "TestPETRARCH: code this text alone and log its tokens, mentions and events")
)

// TestPETRARCH codes the PETRARCH unit-test records that eval.Events scores (newsgraph eval events) with the
// suite's own dictionaries, and keeps their recall and precision from falling below the baselines; with
// -petr.list it logs each record's missed and extra codings, for error analysis.
func TestPETRARCH(t *testing.T) {
	dir := shared.Need(t, "data", "events", "cameo")
	path := filepath.Join(dir, "validation", "petrarch2_PETR.UnitTest.records.xml")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		Sentences []struct {
			ID       string `xml:"id,attr"`
			Date     string `xml:"date,attr"`
			Category string `xml:"category,attr"`
			Codings  []struct {
				Source string `xml:"sourcecode,attr"`
				Target string `xml:"targetcode,attr"`
				Code   string `xml:"eventcode,attr"`
				Error  string `xml:"error,attr"`
			} `xml:"EventCoding"`
			Text string `xml:"Text"`
		} `xml:"Sentences>Sentence"`
	}
	if err := xml.Unmarshal(raw, &rec); err != nil {
		t.Fatal(err)
	}
	dict := func(name string) *os.File {
		f, err := os.Open(filepath.Join(dir, "dictionaries", name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	g := gazetteer.New()
	_ = g.LoadCAMEO(dict("PETR.Validate.actors.txt"), "actors") // the suite's files hold deliberate errors
	c := event.New(g, event.Options{NoBuiltin: true})
	_ = c.LoadVerbs(dict("PETR.Validate.verbs.txt"), "verbs")
	_ = c.LoadAgents(dict("PETR.Validate.agents.txt"), "agents")
	p, err := annotate.Default(annotate.Options{Gazetteer: g})
	if err != nil {
		t.Fatal(err)
	}
	if *petrText != "" {
		d := &newsgraph.Document{Text: *petrText}
		if err := p.Annotate(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		for _, m := range d.Mentions {
			code := ""
			if m.Entity >= 0 {
				code = d.Entities[m.Entity].CAMEO + " " + d.Entities[m.Entity].Kind
			}
			t.Logf("mention %q %s %s", m.In(d.Text), m.Label, code)
		}
		for _, e := range c.Code(d) {
			t.Logf("event %s %s %s  cue %q  source %q target %q", e.Source.CAMEO, e.Code, e.Target.CAMEO, e.Cue.In(d.Text), e.Source.In(d.Text), e.Target.In(d.Text))
		}
		return
	}
	var expected, produced, correct int
	for _, r := range rec.Sentences {
		want := map[string]bool{}
		skip := false
		for _, cd := range r.Codings {
			skip = skip || cd.Error != ""
			if cd.Code != "" {
				want[cd.Source+" "+cd.Target+" "+cd.Code] = true
			}
		}
		if skip {
			continue
		}
		d := &newsgraph.Document{Text: strings.Join(strings.Fields(r.Text), " ")}
		d.Published, _ = time.Parse("20060102", r.Date)
		if err := p.Annotate(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		evs := c.Code(d)
		checkEvents(t, d, evs)
		for _, e := range evs {
			got[e.Source.CAMEO+" "+e.Target.CAMEO+" "+e.Code] = true
		}
		var missed, extra []string
		for k := range want {
			if !got[k] {
				missed = append(missed, k)
			}
		}
		for k := range got {
			if want[k] {
				correct++
			} else {
				extra = append(extra, k)
			}
		}
		expected += len(want)
		produced += len(got)
		if *petrList && (len(missed) > 0 || len(extra) > 0) {
			slices.Sort(missed)
			slices.Sort(extra)
			var ms []string
			for _, m := range d.Mentions {
				ms = append(ms, m.In(d.Text)+"/"+m.Label)
			}
			t.Logf("%s %s\n\t%s\n\tmissed %v\n\textra  %v\n\tmentions %v", r.ID, r.Category, d.Text, missed, extra, ms)
		}
	}
	recall := float64(correct) / float64(max(expected, 1))
	precision := float64(correct) / float64(max(produced, 1))
	t.Logf("PETRARCH unit tests: %d expected, %d produced, %d correct: recall %.3f, precision %.3f", expected, produced, correct, recall, precision)
	if recall < petrRecall || precision < petrPrecision {
		t.Errorf("recall %.3f, precision %.3f; want at least %.2f and %.2f", recall, precision, petrRecall, petrPrecision)
	}
}

// Baselines of TestPETRARCH.
const (
	petrRecall    = 0.44
	petrPrecision = 0.75
)

var codeTextFlag = flag.String("code.text", "", "TestCodeText: code this text with the built-in lexicon and log its mentions and events")

// TestCodeText is a tool for error analysis: go test -run CodeText -v -code.text "Russia attacked Turkey."
func TestCodeText(t *testing.T) {
	if *codeTextFlag == "" {
		t.Skip("no -code.text")
	}
	d, evs := codeText(t, *codeTextFlag, "2024-12-07")
	for _, m := range d.Mentions {
		id := ""
		if m.Entity >= 0 {
			id = d.Entities[m.Entity].ID + " " + d.Entities[m.Entity].Kind
		}
		t.Logf("mention %q %s %s %s", m.In(d.Text), m.Label, m.Kind, id)
	}
	for _, e := range evs {
		t.Logf("event %s %s %s  cue %q  source %q target %q", e.Source.CAMEO, e.Code, e.Target.CAMEO, e.Cue.In(d.Text), e.Source.In(d.Text), e.Target.In(d.Text))
	}
}
