package quote_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsgraph"
	"newsgraph/annotate/quote"
	"newsgraph/eval"
)

var train = flag.Bool("train", false, "learn the quote model from PolNeAR train and write model.gob.gz")

// TestTrainModel rebuilds the embedded model: go test ./annotate/quote -run TestTrainModel -train. It learns
// from PolNeAR train and reports the scores of the rules and of the new model on dev. QUOTE_NOSAVE=1 leaves
// model.gob.gz as it is.
func TestTrainModel(t *testing.T) {
	if !*train {
		t.Skip("-train unset: the model is rebuilt only on demand")
	}
	docs := polnearDocs(t, "train")
	var tds []quote.TrainDoc
	for _, d := range docs {
		td := quote.TrainDoc{Doc: d.Doc}
		for _, a := range d.Gold {
			td.Gold = append(td.Gold, quote.GoldQuote{Content: a.Content, Source: a.Source})
		}
		tds = append(tds, td)
	}
	start := time.Now()
	m, err := quote.Learn(context.Background(), tds, trainOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s; learned in %s", m.Info, time.Since(start).Round(time.Millisecond))
	dev := polnearDocs(t, "dev")
	for _, c := range []struct {
		name string
		opt  quote.Options
	}{{"rules", quote.Options{Rules: true}}, {"model", quote.Options{Model: m}}} {
		s := eval.ScoreQuotes(dev, c.opt)
		t.Logf("dev, %s: %s\n%s", c.name, s, s.Table())
		if c.name == "model" {
			s = eval.ScoreQuotes(docs, c.opt)
			t.Logf("train, %s: %s\n%s", c.name, s, s.Table())
		}
	}
	if os.Getenv("QUOTE_NOSAVE") != "" {
		return
	}
	f, err := os.Create("model.gob.gz")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Save(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat("model.gob.gz"); err == nil {
		t.Logf("model.gob.gz: %d bytes", st.Size())
	}
}

// trainOptions reads QUOTE_EPOCHS, QUOTE_MINCOUNT, QUOTE_NORANK and QUOTE_SEED for experiments; unset, the
// defaults.
func trainOptions() quote.TrainOptions {
	var o quote.TrainOptions
	o.Epochs, _ = strconv.Atoi(os.Getenv("QUOTE_EPOCHS"))
	o.MinCount, _ = strconv.Atoi(os.Getenv("QUOTE_MINCOUNT"))
	o.NoRank = os.Getenv("QUOTE_NORANK") != ""
	o.Seed, _ = strconv.ParseUint(os.Getenv("QUOTE_SEED"), 10, 64)
	return o
}

// TestCrossValidate scores the model by k-fold cross-validation on PolNeAR train, the held-out measure to tune
// rules and features by without looking at dev: QUOTE_CV=5 go test ./annotate/quote -run CrossValidate -v.
// Document i is held out in fold i mod k; the scores of the folds are summed.
func TestCrossValidate(t *testing.T) {
	k, _ := strconv.Atoi(os.Getenv("QUOTE_CV"))
	if k < 2 {
		t.Skip("QUOTE_CV unset: cross-validation runs only on demand")
	}
	docs := polnearDocs(t, "train")
	var sum [2][4]int // direct, all: gold, pred, pred matched, speaker-correct pred matched
	var f1 [2][2]float64
	var errs strings.Builder // the held-out errors, written to QUOTE_ERRORS when set
	for fold := range k {
		var tds []quote.TrainDoc
		var held []eval.QuoteDoc
		for i, d := range docs {
			if i%k == fold {
				held = append(held, d)
				continue
			}
			td := quote.TrainDoc{Doc: d.Doc}
			for _, a := range d.Gold {
				td.Gold = append(td.Gold, quote.GoldQuote{Content: a.Content, Source: a.Source})
			}
			tds = append(tds, td)
		}
		m, err := quote.Learn(context.Background(), tds, trainOptions())
		if err != nil {
			t.Fatal(err)
		}
		s := eval.ScoreQuotes(held, quote.Options{Model: m})
		for _, qd := range held {
			for _, e := range eval.QuoteErrors(qd.Doc, qd.Gold, quote.Find(qd.Doc, quote.Options{Model: m})) {
				fmt.Fprintf(&errs, "%s\t%s\t%s\n", e.Kind, qd.Name, e.Text)
			}
			if os.Getenv("QUOTE_SCORED") != "" {
				scoredMisses(&errs, qd, m)
			}
		}
		for i, c := range []eval.QuoteCount{s.Direct, s.All} {
			sum[i][0] += c.Gold
			sum[i][1] += c.Pred
			sum[i][2] += int(c.Precision*float64(c.Pred) + 0.5)
			sum[i][3] += int(c.SpeakerPrecision*float64(c.Pred) + 0.5)
			f1[i][0] += c.F1 * float64(c.Gold)
			f1[i][1] += c.SpeakerF1 * float64(c.Gold)
		}
	}
	for i, name := range []string{"direct", "all"} {
		g := float64(sum[i][0])
		t.Logf("%d-fold %-6s: gold %d pred %d; content P %.2f F1 %.2f; speaker P %.2f F1 %.2f", k, name, sum[i][0], sum[i][1],
			100*float64(sum[i][2])/float64(sum[i][1]), 100*f1[i][0]/g, 100*float64(sum[i][3])/float64(sum[i][1]), 100*f1[i][1]/g)
	}
	if out := os.Getenv("QUOTE_ERRORS"); out != "" {
		if err := os.WriteFile(out, []byte(errs.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// scoredMisses writes, for each direct gold attribution of qd that Find misses though a candidate matches it,
// the best matching candidate and the candidates overlapping it that score higher.
func scoredMisses(w *strings.Builder, qd eval.QuoteDoc, m *quote.Model) {
	cs := quote.ScoredCandidates(qd.Doc, m)
	var found [][]newsgraph.Span
	byCue := map[newsgraph.Span]int{}
	for _, q := range quote.Find(qd.Doc, quote.Options{Model: m}) {
		if i, ok := byCue[q.Cue]; ok && q.Cue.Len() > 0 {
			found[i] = quote.MergeSpans(append(found[i], q.Span))
			continue
		}
		byCue[q.Cue] = len(found)
		found = append(found, []newsgraph.Span{q.Span})
	}
	for _, g := range qd.Gold {
		if !g.Direct {
			continue
		}
		best := -1
		for i, c := range cs {
			if quote.Ratio(g.Content, c.Content) >= 0.5 && (best < 0 || c.Score > cs[best].Score) {
				best = i
			}
		}
		if best < 0 {
			continue
		}
		hit := false
		for _, f := range found {
			hit = hit || quote.Ratio(g.Content, f) >= 0.5
		}
		if hit {
			continue
		}
		var parts []string
		for _, c := range g.Content {
			parts = append(parts, c.In(qd.Text))
		}
		fmt.Fprintf(w, "SCORED\t%s\tGOLD [%s]\n\tBEST %.2f %s\n", qd.Name, strings.ReplaceAll(strings.Join(parts, " | "), "\n", " "), cs[best].Score, cs[best].Text)
		for _, c := range cs {
			if c.Score > cs[best].Score && quote.Ratio(c.Content, cs[best].Content) > 0 {
				fmt.Fprintf(w, "\tOVER %.2f %s\n", c.Score, c.Text)
			}
		}
	}
}
