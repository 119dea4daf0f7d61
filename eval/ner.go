package eval

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"newsgraph/annotate/ner"
)

// NERCount is the span count of one entity type (or of all): TP predicted spans that match a gold span
// exactly in boundaries and type, Pred predicted spans, Gold gold spans.
type NERCount struct {
	TP, Pred, Gold        int
	Precision, Recall, F1 float64
}

func (c *NERCount) finish() { c.Precision, c.Recall, c.F1 = prf(c.TP, c.Pred, c.TP, c.Gold) }

// NERScore is the CoNLL-2003 score of a model on one file, by the rules of conlleval: gold and predicted
// entities are read from IOB tags, and a prediction counts only when its span and type both match.
type NERScore struct {
	Types           map[string]*NERCount // per entity type (PER, ORG, LOC, MISC and any other type in the gold)
	All             NERCount
	Docs, Sentences int
	Tokens          int
	Tagging         time.Duration // time spent in TagDocument (reading excluded)
	TokensPerSecond float64
}

// NER scores m on the CoNLL file at path, tagging each document whole with TagDocument.
func NER(ctx context.Context, m *ner.Model, path string) (NERScore, error) {
	f, err := os.Open(path)
	if err != nil {
		return NERScore{}, fmt.Errorf("ner eval: %w", err)
	}
	defer f.Close()
	docs, err := ner.ReadCoNLL(f, path)
	if err != nil {
		return NERScore{}, fmt.Errorf("ner eval: %w", err)
	}
	return NERDocs(ctx, m, docs)
}

// NERDocs scores m on labelled documents.
func NERDocs(ctx context.Context, m *ner.Model, docs []ner.Document) (NERScore, error) {
	sc := NERScore{Types: map[string]*NERCount{}}
	for _, t := range ner.Types {
		sc.Types[t] = &NERCount{}
	}
	count := func(label string) *NERCount {
		c := sc.Types[label]
		if c == nil {
			c = &NERCount{}
			sc.Types[label] = c
		}
		return c
	}
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return NERScore{}, fmt.Errorf("ner eval: %w", err)
		}
		if len(d.Tags) != len(d.Sentences) {
			return NERScore{}, fmt.Errorf("ner eval: %s: document has no tags", d.Name)
		}
		start := time.Now()
		got := m.TagDocument(d.Sentences)
		sc.Tagging += time.Since(start)
		sc.Docs++
		for s, toks := range d.Sentences {
			sc.Sentences++
			sc.Tokens += len(toks)
			gold := ner.Spans(d.Tags[s])
			goldSet := make(map[ner.Span]bool, len(gold))
			for _, g := range gold {
				goldSet[g] = true
				count(g.Label).Gold++
				sc.All.Gold++
			}
			for _, p := range got[s] {
				c := count(p.Label)
				c.Pred++
				sc.All.Pred++
				if goldSet[p] {
					c.TP++
					sc.All.TP++
				}
			}
		}
	}
	for _, c := range sc.Types {
		c.finish()
	}
	sc.All.finish()
	if sc.Tagging > 0 {
		sc.TokensPerSecond = float64(sc.Tokens) / sc.Tagging.Seconds()
	}
	return sc, nil
}

// String gives the overall score on one line.
func (s NERScore) String() string {
	return fmt.Sprintf("F1 %.2f (P %.2f R %.2f; %d gold, %d predicted, %d correct) on %d documents, %d tokens, %.0f tokens/s",
		100*s.All.F1, 100*s.All.Precision, 100*s.All.Recall, s.All.Gold, s.All.Pred, s.All.TP, s.Docs, s.Tokens, s.TokensPerSecond)
}

// Table prints the score per type and overall, one row each, in the layout of conlleval.
func (s NERScore) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-8s %9s %9s %9s %7s %7s %7s\n", "type", "precision", "recall", "F1", "gold", "pred", "correct")
	row := func(name string, c NERCount) {
		fmt.Fprintf(&b, "%-8s %9.2f %9.2f %9.2f %7d %7d %7d\n", name, 100*c.Precision, 100*c.Recall, 100*c.F1, c.Gold, c.Pred, c.TP)
	}
	seen := map[string]bool{}
	for _, t := range ner.Types {
		seen[t] = true
		row(t, *s.Types[t])
	}
	var other []string
	for t := range s.Types {
		if !seen[t] {
			other = append(other, t)
		}
	}
	sort.Strings(other)
	for _, t := range other {
		row(t, *s.Types[t])
	}
	row("overall", s.All)
	return b.String()
}
