package entity

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"newsgraph/annotate/gazetteer"
	"newsgraph/annotate/ner"
	"newsgraph/internal/shared"
)

// TestSeeds runs segmentation, the NER model and Resolve with the built-in gazetteer over the seed articles
// and checks the invariants of the result, and that each article yields people and pronouns linked to them.
func TestSeeds(t *testing.T) {
	dir := shared.Need(t, "seeds")
	m, err := ner.Default()
	if err != nil {
		t.Skipf("skipped: no NER model: %v", err)
	}
	r := New(gazetteer.Default(), Options{})
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seeds in %s: %v", dir, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		_, sents, toks := segmentText(text)
		words := make([][]string, len(sents))
		for i, s := range sents {
			for _, tk := range toks[s.TokenStart:s.TokenEnd] {
				words[i] = append(words[i], tk.In(text))
			}
		}
		var names []Name
		for i, spans := range m.TagDocument(words) {
			for _, sp := range spans {
				names = append(names, Name{First: sents[i].TokenStart + sp.Start, End: sents[i].TokenStart + sp.End, Label: sp.Label})
			}
		}
		ms, es := r.Resolve(text, sents, toks, names, time.Date(2024, 12, 7, 0, 0, 0, 0, time.UTC))
		checkInvariants(t, text, sents, toks, ms, es)
		kinds := map[string]int{}
		for _, m := range ms {
			if es[m.Entity].Label == "PER" {
				kinds[string(m.Kind)]++
			}
		}
		if kinds["name"] < 3 || kinds["pronoun"] < 1 {
			t.Errorf("%s: person mentions by kind %v, want >= 3 names and a pronoun", filepath.Base(f), kinds)
		}
	}
}
