package eval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsgraph/internal/shared"
)

// timexBaseline is the value F1 of timex.Find on every third .tml file of TBAQ-cleaned when the rules were last
// changed; TestTimex fails when a change loses more than timexSlack of it.
const (
	timexBaseline = 0.8202
	timexSlack    = 0.01
	timexNth      = 3
)

func TestTimex(t *testing.T) {
	dir := shared.Need(t, "data", "time", "tempeval3", "TBAQ-cleaned")
	score, err := TimexEvery(context.Background(), dir, timexNth)
	if err != nil {
		t.Fatalf("TimexEvery(%s, %d) error: %v", dir, timexNth, err)
	}
	t.Logf("TBAQ-cleaned, one file in %d: %s\n%s", timexNth, score, score.Table())
	// The whole corpus takes well under a second: log it too, and write its errors to $TIMEX_ERRORS if set.
	all, err := Timex(context.Background(), dir)
	if err != nil {
		t.Fatalf("Timex(%s) error: %v", dir, err)
	}
	t.Logf("TBAQ-cleaned, all files: %s\n%s", all, all.Table())
	rest, err := TimexRest(context.Background(), dir, timexNth)
	if err != nil {
		t.Fatalf("TimexRest(%s, %d) error: %v", dir, timexNth, err)
	}
	t.Logf("TBAQ-cleaned, the other files: %s", rest)
	if rest.Docs+score.Docs != all.Docs || rest.Value.Gold+score.Value.Gold != all.Value.Gold {
		t.Errorf("TimexRest %d documents (%d gold) + TimexEvery %d (%d) != Timex %d (%d)", rest.Docs, rest.Value.Gold,
			score.Docs, score.Value.Gold, all.Docs, all.Value.Gold)
	}
	if out := os.Getenv("TIMEX_ERRORS"); out != "" {
		if err := os.WriteFile(out, []byte(strings.Join(all.Errors, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if score.Docs < 80 || score.Value.Gold < 500 {
		t.Fatalf("scored %d documents, %d gold expressions; want one in %d of 256 documents (about 600)", score.Docs, score.Value.Gold, timexNth)
	}
	for name, c := range map[string]TimexCount{"strict": score.Strict, "relaxed": score.Relaxed, "type": score.Type, "value": score.Value} {
		if c.TP > c.Pred || c.TP > c.Gold {
			t.Errorf("%s count %+v: more correct than predicted or gold", name, c)
		}
	}
	if score.Strict.TP > score.Relaxed.TP || score.Value.TP > score.Relaxed.TP || score.Type.TP > score.Relaxed.TP {
		t.Errorf("strict %d, value %d or type %d correct exceed relaxed %d", score.Strict.TP, score.Value.TP, score.Type.TP, score.Relaxed.TP)
	}
	if score.Value.F1 < timexBaseline-timexSlack {
		t.Errorf("value F1 %.4f below the baseline %.4f - %.2f", score.Value.F1, timexBaseline, timexSlack)
	}
}

func TestReadTimeML(t *testing.T) {
	in := `<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-12-07" functionInDocument="CREATION_TIME">December 7</TIMEX3></DCT>
<TEXT>
Talks <EVENT eid="e1">ended</EVENT> on <TIMEX3 tid="t1" type="DATE" value="2024-12-06">Friday</TIMEX3> &amp; resume <TIMEX3 tid="t2" type="DATE" value="2024-W50">next week</TIMEX3>.
</TEXT>
</TimeML>`
	d, err := ReadTimeML(strings.NewReader(in), "example.tml")
	if err != nil {
		t.Fatalf("ReadTimeML error: %v", err)
	}
	if want := time.Date(2024, 12, 7, 0, 0, 0, 0, time.UTC); !d.DCT.Equal(want) {
		t.Errorf("ReadTimeML DCT = %v, want %v", d.DCT, want)
	}
	if len(d.Gold) != 2 {
		t.Fatalf("ReadTimeML gold = %+v, want 2 expressions (the DCT excluded)", d.Gold)
	}
	for _, c := range []struct{ text, typ, value string }{{"Friday", "DATE", "2024-12-06"}, {"next week", "DATE", "2024-W50"}} {
		found := false
		for _, g := range d.Gold {
			if d.Text[g.Start:g.End] == c.text && g.Type == c.typ && g.Value == c.value {
				found = true
			}
		}
		if !found {
			t.Errorf("ReadTimeML gold %+v in %q lacks %q %s %s", d.Gold, d.Text, c.text, c.typ, c.value)
		}
	}
	if !strings.Contains(d.Text, "Friday & resume") {
		t.Errorf("ReadTimeML text %q: entity not decoded or tags kept", d.Text)
	}
	score, err := TimexDocs(context.Background(), []TimexDoc{d})
	if err != nil {
		t.Fatal(err)
	}
	if score.Value.Gold != 2 || score.Value.TP > score.Value.Pred || !strings.Contains(score.Table(), "value") {
		t.Errorf("TimexDocs = %+v\n%s", score, score.Table())
	}
	if _, err := ReadTimeML(strings.NewReader("<TimeML><TEXT>no dct</TEXT></TimeML>"), "bad.tml"); err == nil {
		t.Errorf("ReadTimeML(no DCT) = nil error")
	}
	if _, err := ReadTimeML(strings.NewReader("<TimeML><TEXT>"), "cut.tml"); err == nil {
		t.Errorf("ReadTimeML(truncated) = nil error")
	}
	if _, err := Timex(context.Background(), filepath.Join(t.TempDir(), "none")); err == nil {
		t.Errorf("Timex(missing dir) = nil error")
	}
}
