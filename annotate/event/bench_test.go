package event_test

import (
	"path/filepath"
	"strings"
	"testing"

	"newsgraph"
	"newsgraph/annotate/event"
	"newsgraph/internal/shared"
)

// BenchmarkCode measures event coding alone on the annotated seed articles, in tokens per second per core; the
// annotate benchmark (go test -bench BenchmarkAnnotate -cpu 1 ./annotate/) gives the rate it adds to.
func BenchmarkCode(b *testing.B) {
	dir := shared.Need(b, "seeds")
	p, c := setup(b)
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	var docs []*newsgraph.Document
	tokens := 0
	for _, f := range files {
		d := annotateSeed(b, p, f)
		docs = append(docs, d)
		tokens += len(d.Tokens)
	}
	b.ResetTimer()
	n := 0
	for range b.N {
		for _, d := range docs {
			n += len(c.Code(d))
		}
	}
	b.ReportMetric(float64(tokens*b.N)/b.Elapsed().Seconds(), "tokens/s")
	if n == 0 {
		b.Fatal("no events coded")
	}
}

// FuzzCode codes annotated arbitrary text: no panic, and every event holds the invariants.
func FuzzCode(f *testing.F) {
	for _, s := range []string{
		"Russia, Iran and Turkey urged Israel to negotiate.",
		"Aleppo was attacked by Syrian rebels on Sunday.",
		"Lavrov said Russia is helping the Syrian soldiers.",
		"If Turkey attacks, Russia would not meet Iran's forces of Syria's",
		"“Turkish forces shelled”; the rebels — captured, Putin and met",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 2000 {
			return
		}
		codeText(t, text, "2024-12-07")
	})
}

// FuzzLoadVerbs reads arbitrary verb dictionaries: no panic, and a coder that loaded one still codes.
func FuzzLoadVerbs(f *testing.F) {
	f.Add("--- MEET [040] ---\nMEET {MEETS MET}\n- * WITH_ + [040:040] # c\n&S\n+A_B\n- &S * [011]\n")
	f.Add("<!-- x\n--> --- [] ---\nA_+B [1]\n- * $ (TO {X Y}) + [:020]\n")
	f.Fuzz(func(t *testing.T, dict string) {
		c := event.New(nil, event.Options{NoBuiltin: true})
		_ = c.LoadVerbs(strings.NewReader(dict), "fuzz")
		d := &newsgraph.Document{Text: "A met B."}
		c.Code(d)
	})
}

// TestLoadVerbs reads a dictionary in the CAMEO format and codes with it.
func TestLoadVerbs(t *testing.T) {
	dict := `# a test dictionary
&TIES
+RELATIONS
+DIPLOMATIC TIES
--- RESTORE [050] ---
RESTORE
- * &TIES WITH_ + [064] # a pattern with a synonym set
--- CONDEMN [111] ---
CONDEMN
--- BAD [
`
	_, c0 := setup(t)
	c := event.New(nil, event.Options{NoBuiltin: true})
	err := c.LoadVerbs(strings.NewReader(dict), "test.txt")
	if err == nil || !strings.Contains(err.Error(), "test.txt:10") {
		t.Errorf("LoadVerbs error = %v, want one naming test.txt:10", err)
	}
	if c.Verbs() != 2 {
		t.Errorf("Verbs() = %d, want 2", c.Verbs())
	}
	_ = c0
	p, _ := setup(t)
	for _, tt := range []struct{ text, want string }{
		{"Turkey restored diplomatic ties with Syria.", "TUR 064 SYR"},
		{"Turkey restored Syria.", "TUR 050 SYR"},
		{"Turkey condemned Syria.", "TUR 111 SYR"},
	} {
		d := &newsgraph.Document{Text: tt.text}
		if err := p.Annotate(t.Context(), d); err != nil {
			t.Fatal(err)
		}
		got := render(d, c.Code(d))
		if len(got) != 1 || got[0] != tt.want {
			t.Errorf("Code(%q) with the test dictionary = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestCodeTable checks the embedded tables: every code of the built-in lexicon has a Goldstein score, and the
// quad classes follow the roots.
func TestCodeTable(t *testing.T) {
	for code, want := range map[string]int{"010": 1, "040": 1, "057": 1, "061": 2, "0874": 2, "111": 3, "1246": 3, "173": 4, "195": 4, "204": 4, "X": 0} {
		if got := event.QuadClass(code); got != want {
			t.Errorf("QuadClass(%q) = %d, want %d", code, got, want)
		}
	}
	for code, want := range map[string]float64{"040": 1, "057": 8, "195": -10, "0256": -0.3, "1246": -5} {
		if got, ok := event.Goldstein(code); !ok || got != want {
			t.Errorf("Goldstein(%q) = %v, %v; want %v", code, got, ok, want)
		}
	}
	if _, ok := event.Goldstein("999"); ok {
		t.Errorf("Goldstein(999) is known")
	}
	if event.New(nil, event.Options{}).Verbs() < 100 {
		t.Errorf("the built-in lexicon holds few verbs")
	}
}
