package eval

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"newsgraph/annotate/ner"
	"newsgraph/internal/shared"
)

// nerBaseline is the overall F1 of the embedded NER model on the whole CoNLL-2003 dev set when it was last
// trained; TestNER fails when a change loses more than nerSlack of it.
const (
	nerBaseline = 0.9317
	nerSlack    = 0.005
)

func TestNER(t *testing.T) {
	path := filepath.Join(shared.Need(t, "data", "ner", "conll2003"), "dev.txt")
	m, err := ner.Default()
	if err != nil {
		t.Fatalf("ner.Default() error: %v", err)
	}
	score, err := NER(context.Background(), m, path)
	if err != nil {
		t.Fatalf("NER(%s) error: %v", path, err)
	}
	t.Logf("CoNLL-2003 dev: %s\n%s", score, score.Table())
	if score.Tokens < 50000 || score.All.Gold < 5000 {
		t.Fatalf("NER(%s) scored %d tokens, %d gold entities; want the whole dev set (about 51k, 5.9k)", path, score.Tokens, score.All.Gold)
	}
	sum := NERCount{}
	for _, c := range score.Types {
		sum.TP += c.TP
		sum.Pred += c.Pred
		sum.Gold += c.Gold
		if c.TP > c.Pred || c.TP > c.Gold {
			t.Errorf("count %+v: more correct than predicted or gold", *c)
		}
	}
	if sum.TP != score.All.TP || sum.Pred != score.All.Pred || sum.Gold != score.All.Gold {
		t.Errorf("per-type counts %+v do not add up to overall %+v", sum, score.All)
	}
	if score.All.F1 < nerBaseline-nerSlack {
		t.Errorf("dev F1 %.4f below the baseline %.4f - %.3f", score.All.F1, nerBaseline, nerSlack)
	}
}

func TestNERDocsCounts(t *testing.T) {
	m, err := ner.Default()
	if err != nil {
		t.Fatalf("ner.Default() error: %v", err)
	}
	// Gold written so that whatever the model predicts, the counts follow conlleval's definitions.
	in := "-DOCSTART- -X- -X- O\n\nAngela NNP B-NP B-PER\nMerkel NNP I-NP I-PER\nvisited VBD B-VP O\nParis NNP B-NP B-LOC\n. . O O\n"
	docs, err := ner.ReadCoNLL(strings.NewReader(in), "example")
	if err != nil {
		t.Fatal(err)
	}
	score, err := NERDocs(context.Background(), m, docs)
	if err != nil {
		t.Fatalf("NERDocs error: %v", err)
	}
	if score.All.Gold != 2 || score.Types["PER"].Gold != 1 || score.Types["LOC"].Gold != 1 {
		t.Errorf("NERDocs gold counts = %+v (PER %+v, LOC %+v), want 2 = 1 PER + 1 LOC", score.All, *score.Types["PER"], *score.Types["LOC"])
	}
	if score.All.TP > score.All.Pred || score.All.TP > 2 {
		t.Errorf("NERDocs counts %+v: impossible", score.All)
	}
	if !strings.Contains(score.Table(), "overall") {
		t.Errorf("Table() = %q, want an overall row", score.Table())
	}
	if _, err := NER(context.Background(), m, filepath.Join(t.TempDir(), "missing.txt")); err == nil {
		t.Errorf("NER(missing file) = nil error")
	}
}
