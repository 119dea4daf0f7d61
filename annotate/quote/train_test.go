package quote_test

import (
	"context"
	"flag"
	"os"
	"strconv"
	"testing"
	"time"

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

// trainOptions reads QUOTE_EPOCHS and QUOTE_MINCOUNT for experiments; unset, the defaults.
func trainOptions() quote.TrainOptions {
	var o quote.TrainOptions
	o.Epochs, _ = strconv.Atoi(os.Getenv("QUOTE_EPOCHS"))
	o.MinCount, _ = strconv.Atoi(os.Getenv("QUOTE_MINCOUNT"))
	return o
}
