package cli

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"newsgraph/graph"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// Articles with clear events, written for these tests: the same accusation reported by two articles (one
// happening, two reports), and a 2015 article with an air strike, praise and a condemnation.
const (
	evDoha = `Ministers meet in Doha

date 2024-12-07

Russian Foreign Minister Sergei Lavrov met Turkish Foreign Minister Hakan Fidan in Doha on Saturday.

Russia accused Turkey of supporting the rebels in northern Syria.
`
	evDoha2 = `Lavrov and Fidan hold talks

date 2024-12-08

Russia accused Turkey of supporting the rebels in northern Syria on Saturday.

Lavrov said: "We will keep helping Syria."
`
	evIdlib = `Air strikes in Idlib

date 2015-11-26

Russian warplanes bombed rebel positions in Idlib on Tuesday.

Syrian President Bashar al-Assad thanked Russia for its support.

Turkey condemned Russia.
`
)

func eventsDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "in/doha.txt", evDoha)
	write(t, dir, "in/doha2.txt", evDoha2)
	write(t, dir, "in/idlib.txt", evIdlib)
	db := filepath.Join(dir, "n.db")
	if _, stderr, code := run(t, "", "ingest", "--db", db, filepath.Join(dir, "in")); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	return db
}

func jsonLines[T any](t *testing.T, out string) []T {
	t.Helper()
	var rows []T
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var r T
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("bad JSON line %q: %v", line, err)
		}
		rows = append(rows, r)
	}
	return rows
}

func TestEventsCommand(t *testing.T) {
	db := eventsDB(t)
	out, stderr, code := run(t, "", "events", "--db", db, "--actor", "Russia", "--target", "Turkey", "--from", "2024-01-01", "--json")
	if code != 0 {
		t.Fatalf("events: exit %d: %s", code, stderr)
	}
	evs := jsonLines[storedEventJSON](t, out)
	if len(evs) != 2 {
		t.Fatalf("events --actor Russia --target Turkey --from 2024-01-01 = %d events, want the accusation twice:\n%s", len(evs), out)
	}
	for _, e := range evs {
		if e.Date != "2024-12-07" || e.Code != "112" || e.Root != "11" || e.QuadClass != 3 || e.SourceID != "RUS" || e.TargetID != "TUR" ||
			e.Reports != 2 || !strings.Contains(e.Sentence, "Russia accused Turkey") || !strings.HasSuffix(e.Source, ".txt") || e.Document == "" {
			t.Errorf("event = %+v", e)
		}
	}
	if evs[0].Happening != evs[1].Happening || evs[0].Document == evs[1].Document {
		t.Errorf("two reports of one happening: %s in %s, %s in %s", evs[0].Happening, evs[0].Document, evs[1].Happening, evs[1].Document)
	}

	out, _, code = run(t, "", "events", "--db", db, "--from", "2015", "--to", "2015")
	if code != 0 || strings.Contains(out, "2024-") || !strings.Contains(out, "in Idlib") || !strings.Contains(out, "Bashar al-Assad") {
		t.Errorf("events --from 2015 --to 2015: exit %d\n%s", code, out)
	}
	out, _, _ = run(t, "", "events", "--db", db, "--code", "19", "--json")
	for _, e := range jsonLines[storedEventJSON](t, out) {
		if !strings.HasPrefix(e.Code, "19") {
			t.Errorf("events --code 19 printed code %s", e.Code)
		}
	}
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"--code", "4x"}, 2},
		{[]string{"--from", "yesterday"}, 2},
		{[]string{"Russia"}, 2},
		{[]string{"--actor", "Nobody Known"}, 1},
	} {
		if _, stderr, code := run(t, "", append([]string{"events", "--db", db}, tc.args...)...); code != tc.code {
			t.Errorf("events %v: exit %d, want %d: %s", tc.args, code, tc.code, stderr)
		}
	}
}

func TestGraphCommand(t *testing.T) {
	db := eventsDB(t)
	out, stderr, code := run(t, "", "graph", "--db", db, "--from", "2015-01-01", "--to", "2024-12-31", "--step", "year", "--format", "gexf")
	if code != 0 {
		t.Fatalf("graph: exit %d: %s", code, stderr)
	}
	var gexf struct {
		Graph struct {
			Mode  string `xml:"mode,attr"`
			Nodes []struct {
				ID string `xml:"id,attr"`
			} `xml:"nodes>node"`
			Edges []struct {
				Source string `xml:"source,attr"`
				Target string `xml:"target,attr"`
				Weight int    `xml:"weight,attr"`
				Spells []struct {
					Start string `xml:"start,attr"`
				} `xml:"spells>spell"`
			} `xml:"edges>edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal([]byte(out), &gexf); err != nil {
		t.Fatalf("graph --format gexf does not parse: %v\n%s", err, out)
	}
	found := false
	for _, e := range gexf.Graph.Edges {
		if e.Source == "RUS" && e.Target == "TUR" {
			found = true
			if e.Weight != 2 || len(e.Spells) != 1 || e.Spells[0].Start != "2024-01-01" {
				t.Errorf("RUS>TUR edge = %+v, want weight 2 in the 2024 slice", e)
			}
		}
	}
	if !found || gexf.Graph.Mode != "dynamic" {
		t.Errorf("GEXF graph (mode %q) has no RUS>TUR edge:\n%s", gexf.Graph.Mode, out)
	}

	out, _, code = run(t, "", "graph", "--db", db, "--format", "json", "--actor", "Bashar al-Assad")
	var g struct {
		Edges []struct {
			Source, Target string
			Evidence       []struct{ Sentence string }
		}
	}
	if err := json.Unmarshal([]byte(out), &g); err != nil || code != 0 {
		t.Fatalf("graph --format json: exit %d, %v\n%s", code, err, out)
	}
	if len(g.Edges) != 1 || g.Edges[0].Source != "bashar-al-assad" || len(g.Edges[0].Evidence) != 1 || !strings.Contains(g.Edges[0].Evidence[0].Sentence, "thanked") {
		t.Errorf("graph --actor Bashar al-Assad = %+v, want his one relation with its sentence", g.Edges)
	}
	out, _, code = run(t, "", "graph", "--db", db, "--format", "graphml", "--to", "2015")
	if err := xml.Unmarshal([]byte(out), new(struct{})); err != nil || code != 0 || strings.Contains(out, `"hakan-fidan"`) || !strings.Contains(out, "<graphml") {
		t.Errorf("graph --format graphml --to 2015: exit %d, %v\n%s", code, err, out)
	}
	for _, args := range [][]string{{"--format", "dot"}, {"--step", "year"}, {"--step", "week", "--from", "2015", "--to", "2016"}} {
		if _, stderr, code := run(t, "", append([]string{"graph", "--db", db}, args...)...); code != 2 {
			t.Errorf("graph %v: exit %d, want 2: %s", args, code, stderr)
		}
	}
}

func TestTimelineCommand(t *testing.T) {
	db := eventsDB(t)
	out, stderr, code := run(t, "", "timeline", "--db", db, "--json", "Russia")
	if code != 0 {
		t.Fatalf("timeline: exit %d: %s", code, stderr)
	}
	items := jsonLines[timelineItem](t, out)
	if len(items) < 4 {
		t.Fatalf("timeline Russia = %d items, want its events in 2015 and 2024:\n%s", len(items), out)
	}
	for i := 1; i < len(items); i++ {
		if items[i].Date != "" && items[i].Date < items[i-1].Date {
			t.Errorf("timeline not in date order: %s after %s", items[i].Date, items[i-1].Date)
		}
	}
	if items[0].Date[:4] != "2015" || items[len(items)-1].Date[:4] != "2024" {
		t.Errorf("timeline Russia runs %s..%s, want 2015..2024", items[0].Date, items[len(items)-1].Date)
	}
	out, _, code = run(t, "", "timeline", "--db", db, "Lavrov")
	if code != 0 || !strings.Contains(out, "quote") || !strings.Contains(out, "We will keep helping Syria") {
		t.Errorf("timeline Lavrov: exit %d, want his quote:\n%s", code, out)
	}
	if _, _, code := run(t, "", "timeline", "--db", db); code != 2 {
		t.Errorf("timeline without an actor: exit %d, want 2", code)
	}
	if _, _, code := run(t, "", "timeline", "--db", db, "Nobody Known"); code != 1 {
		t.Errorf("timeline of an unknown actor: exit %d, want 1", code)
	}
}

func TestExportEvents(t *testing.T) {
	db := eventsDB(t)
	all, _, _ := run(t, "", "events", "--db", db, "--limit", "1000", "--json")
	want := jsonLines[storedEventJSON](t, all)
	out, stderr, code := run(t, "", "export", "events", "--db", db, "--format", "csv")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("export csv does not parse: %v", err)
	}
	if !reflect.DeepEqual(rows[0], exportColumns) || len(rows) != len(want)+1 || len(want) == 0 {
		t.Fatalf("export csv: header %v, %d rows; want %d events", rows[0], len(rows)-1, len(want))
	}
	for i, r := range rows[1:] {
		if !reflect.DeepEqual(r, want[i].row()) {
			t.Errorf("csv row %d = %v, want %v", i, r, want[i].row())
		}
	}
	out, _, code = run(t, "", "export", "events", "--db", db, "--format", "jsonl")
	if got := jsonLines[storedEventJSON](t, out); code != 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("export jsonl: exit %d, %d events, want the %d of `events`", code, len(got), len(want))
	}
	for _, args := range [][]string{{"events", "--format", "xml"}, {}, {"quotes"}} {
		if _, _, code := run(t, "", append([]string{"export", "--db", db}, args...)...); code != 2 {
			t.Errorf("export %v: exit %d, want 2", args, code)
		}
	}
}

func TestRelationCommand(t *testing.T) {
	db := eventsDB(t)
	out, stderr, code := run(t, "", "relation", "--db", db, "--from", "2015", "--to", "2024", "--json", "Russia", "Turkey")
	if code != 0 {
		t.Fatalf("relation: exit %d: %s", code, stderr)
	}
	series := jsonLines[graph.Series](t, out)
	byDir := map[string]graph.Series{}
	for _, s := range series {
		byDir[s.Source.ID+">"+s.Target.ID] = s
		if len(s.Spells) != 10 {
			t.Errorf("%s -> %s: %d yearly windows, want 10", s.Source.Name, s.Target.Name, len(s.Spells))
		}
	}
	rt, tr := byDir["RUS>TUR"], byDir["TUR>RUS"]
	if len(rt.Spells) != 10 || len(tr.Spells) != 10 {
		t.Fatalf("relation series = %+v, want both directions", series)
	}
	if last := rt.Spells[9]; last.Events != 2 || last.Happenings != 1 || last.Quad[2] != 2 {
		t.Errorf("Russia -> Turkey in 2024 = %+v, want 2 reports of 1 verbal conflict", last.Stats)
	}
	if first := tr.Spells[0]; first.Events != 1 || first.Quad[2]+first.Quad[3] != 1 {
		t.Errorf("Turkey -> Russia in 2015 = %+v, want 1 conflict event", first.Stats)
	}
	if rt.Spells[0].Events != 0 || tr.Spells[9].Events != 0 {
		t.Errorf("events where none were reported: %+v / %+v", rt.Spells[0].Stats, tr.Spells[9].Stats)
	}
	if _, _, code := run(t, "", "relation", "--db", db, "Russia", "Turkey"); code != 2 {
		t.Errorf("relation without --from/--to: exit %d, want 2", code)
	}
}
