package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// Articles written for these tests.
const (
	talks = "Lavrov meets Fidan in Doha\n\n" +
		"date 2024-12-07\n\n" +
		"Russian Foreign Minister Sergei Lavrov met Turkey's Hakan Fidan in Doha on Saturday, the Kremlin said.\n\n" +
		"Lavrov told reporters the talks were useful. \u201cWe agreed to meet again next week,\u201d he said.\n\n" +
		"Share this article on social media!\n"
	visit = "Syrian minister visits Moscow\n\n" +
		"date 2015-11-26\n\n" +
		"Syrian Foreign Minister Walid al-Moualem arrived in Moscow on Thursday for talks with Sergey Lavrov.\n\n" +
		"Mr. Mualem said Damascus welcomed Russia's support.\n"
)

func TestAnnotateJSON(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "talks.txt", talks)
	out, stderr, code := run(t, "", "annotate", "--json", p)
	if code != 0 {
		t.Fatalf("annotate exit %d: %s", code, stderr)
	}
	var got annotateJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("annotate --json printed %q: %v", out, err)
	}
	if got.File != p || got.Text != talks || got.Published != "2024-12-07" {
		t.Errorf("file %q, published %q, text unchanged %v", got.File, got.Published, got.Text == talks)
	}
	ids := map[string]string{}
	for _, e := range got.Entities {
		if e.Start < 0 || e.End > len(talks) || talks[e.Start:e.End] != e.Text {
			t.Errorf("entity %+v: offsets do not match the text", e)
		}
		ids[e.Text] = e.ID
	}
	for text, id := range map[string]string{"Sergei Lavrov": "sergei-lavrov", "Lavrov": "sergei-lavrov", "Hakan Fidan": "hakan-fidan", "Turkey": "TUR", "Doha": ""} {
		got, ok := ids[text]
		if !ok || (id != "" && got != id) {
			t.Errorf("entity %q -> %q (found %v), want %q", text, got, ok, id)
		}
	}
	for text := range ids {
		if strings.Contains(text, "Minister") || strings.Contains(text, "Share") {
			t.Errorf("%q is not a name", text)
		}
	}
	var he bool
	for _, m := range got.Mentions {
		he = he || (m.Text == "he" && m.ID == "sergei-lavrov")
	}
	if !he {
		t.Errorf("mentions %+v: want \"he\" resolved to Lavrov", got.Mentions)
	}
	values := map[string]string{}
	for _, x := range got.Timexes {
		values[x.Text] = x.Value
	}
	if values["Saturday"] != "2024-12-07" || values["next week"] != "2024-W50" {
		t.Errorf("timexes = %v, want Saturday 2024-12-07 and next week 2024-W50", values)
	}

	var direct bool
	for _, q := range got.Quotes {
		if q.Direct && strings.HasPrefix(q.Text, "We agreed") && q.Speaker != nil && q.Speaker.ID == "sergei-lavrov" && q.Date == "2024-12-07" {
			direct = true
		}
		if talks[q.Start:q.End] != q.Text {
			t.Errorf("quote %+v: offsets do not match the text", q)
		}
	}
	if !direct {
		t.Errorf("quotes = %+v, want the direct quote by Lavrov (\"he\") dated 2024-12-07", got.Quotes)
	}

	// --published overrides the article's date.
	out, _, _ = run(t, "", "annotate", "--json", "--published", "2024-12-10", p)
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	for _, x := range got.Timexes {
		if x.Text == "Saturday" && x.Value != "2024-12-07" {
			t.Errorf("Saturday before Tuesday 2024-12-10 = %s, want 2024-12-07", x.Value)
		}
	}
	if _, _, code := run(t, "", "annotate", "--published", "December", p); code != 2 {
		t.Errorf("bad --published: exit %d, want 2", code)
	}
}

func TestAnnotateUserGazetteer(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "a.txt", "Valdorian envoy Mira Kestrel arrived in Ostrava on Monday.\n")
	gaz := write(t, dir, "extra.gaz", "[mira-kestrel]\nkind: person\nlabel: PER\nname: Mira Kestrel\nrole: foreign-minister | VAL | 2020 | | Foreign Minister\n\n[VAL]\nkind: country\nlabel: LOC\nname: Valdoria\ndemonym: Valdorian\n")
	out, stderr, code := run(t, "", "annotate", "--json", "--gazetteer", gaz, p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, `"id":"mira-kestrel"`) || !strings.Contains(out, `"id":"VAL"`) {
		t.Errorf("user gazetteer entries not linked: %s", out)
	}
	// A bad line is reported with its file and line, and the rest of the file is used.
	bad := write(t, dir, "bad.gaz", "[mira-kestrel]\nkind: person\nlabel: PER\nname: Mira Kestrel\nnonsense line\n")
	out, stderr, code = run(t, "", "annotate", "--json", "--gazetteer", bad, p)
	if code != 0 || !strings.Contains(stderr, "bad.gaz:5") || !strings.Contains(out, `"id":"mira-kestrel"`) {
		t.Errorf("bad gazetteer line: exit %d, stderr %q; want a warning naming bad.gaz:5 and the entry used", code, stderr)
	}
	if _, stderr, code := run(t, "", "annotate", "--gazetteer", filepath.Join(dir, "missing.gaz"), p); code != 1 || !strings.Contains(stderr, "missing.gaz") {
		t.Errorf("missing gazetteer: exit %d, stderr %q", code, stderr)
	}
}

func TestEntitiesAndProfile(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "in/talks.txt", talks)
	write(t, dir, "in/visit.txt", visit)
	db := filepath.Join(dir, "t.db")
	if _, stderr, code := run(t, "", "ingest", "--db", db, filepath.Join(dir, "in")); code != 0 {
		t.Fatalf("ingest: %s", stderr)
	}
	out, _, code := run(t, "", "entities", "--db", db, "--type", "PER", "--json")
	if code != 0 {
		t.Fatalf("entities exit %d", code)
	}
	var first entityCountJSON
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &first); err != nil {
		t.Fatalf("entities --json: %q: %v", out, err)
	}
	if first.ID != "sergei-lavrov" || first.Documents != 2 || len(first.RolesThen) == 0 {
		t.Errorf("top person = %+v, want Lavrov in 2 documents with his role", first)
	}
	if !strings.Contains(out, `"walid-al-muallem"`) && !strings.Contains(out, "Muallem") && !strings.Contains(out, "Moualem") {
		t.Errorf("entities: no al-Moualem in %s", out)
	}
	out, _, code = run(t, "", "entities", "--db", db, "--type", "PER")
	if code != 0 || !strings.Contains(out, "Sergei Lavrov") || !strings.Contains(out, "Minister of Foreign Affairs of Russia") {
		t.Errorf("entities table:\n%s", out)
	}
	out, _, code = run(t, "", "entity", "--db", db, "--json", "Lavrov")
	if code != 0 {
		t.Fatalf("entity exit %d", code)
	}
	var p profileJSON
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	aliases := map[string]bool{}
	for _, a := range p.Aliases {
		aliases[a.Key] = true
	}
	if p.ID != "sergei-lavrov" || !aliases["Sergey Lavrov"] || !aliases["Sergei Lavrov"] || len(p.Documents) != 2 || len(p.Months) != 2 {
		t.Errorf("profile = id %s aliases %v documents %d months %v", p.ID, aliases, len(p.Documents), p.Months)
	}
	related := map[string]bool{}
	for _, r := range p.Related {
		related[r.ID] = true
	}
	if !related["RUS"] || !related["hakan-fidan"] {
		t.Errorf("related = %v, want Russia and Fidan", related)
	}
	if len(p.Documents) > 0 {
		out, _, _ = run(t, "", "show", "--db", db, "--json", p.Documents[0].ID)
		var d docJSON
		if err := json.Unmarshal([]byte(out), &d); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range d.Entities {
			found = found || (e.ID == "sergei-lavrov" && d.Text[e.Start:e.End] == e.Text)
		}
		if !found || len(d.Timexes) == 0 {
			t.Errorf("show --json: entities %+v timexes %+v; want Lavrov at his offsets and the time expressions", d.Entities, d.Timexes)
		}
		out, _, _ = run(t, "", "show", "--db", db, p.Documents[0].ID)
		if !strings.Contains(out, "Sergei Lavrov") || !strings.Contains(out, "time expressions") {
			t.Errorf("show lists no annotations:\n%s", out)
		}
	}
	out, _, code = run(t, "", "quotes", "--db", db, "--by", "Lavrov", "--json")
	var q quoteHitJSON
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &q); code != 0 || err != nil {
		t.Fatalf("quotes --by Lavrov: exit %d, %q, %v", code, out, err)
	}
	if q.SpeakerID != "sergei-lavrov" || q.Date != "2024-12-07" || !strings.Contains(q.Sentence, q.Text) {
		t.Errorf("newest Lavrov quote = %+v", q)
	}
	if out, _, _ := run(t, "", "quotes", "--db", db, "--by", "Lavrov", "--to", "2015"); strings.Contains(out, "We agreed") {
		t.Errorf("quotes --to 2015 lists a 2024 quote:\n%s", out)
	}
	if _, stderr, code := run(t, "", "quotes", "--db", db, "--by", "Nobody Known"); code != 1 || !strings.Contains(stderr, "not found") {
		t.Errorf("unknown speaker: exit %d, %q", code, stderr)
	}
	if _, stderr, code := run(t, "", "entity", "--db", db, "Nobody Known"); code != 1 || !strings.Contains(stderr, "not found") {
		t.Errorf("unknown entity: exit %d, %q", code, stderr)
	}
	if _, _, code := run(t, "", "entities", "--db", db, "--type", "PERSON"); code != 2 {
		t.Errorf("bad --type: exit %d, want 2", code)
	}
}

func TestTrainUsage(t *testing.T) {
	if _, _, code := run(t, "", "train"); code != 2 {
		t.Errorf("train without a model: exit %d, want 2", code)
	}
	if _, _, code := run(t, "", "train", "ner", "--train", filepath.Join(t.TempDir(), "missing.txt"), "--out", filepath.Join(t.TempDir(), "m.zst")); code != 1 {
		t.Errorf("train on a missing file: exit %d, want 1", code)
	}
}
