package quote_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"newsgraph"
	"newsgraph/annotate/quote"
)

// span returns the span of the first occurrence of s in text.
func span(t *testing.T, text, s string) newsgraph.Span {
	t.Helper()
	i := strings.Index(text, s)
	if i < 0 {
		t.Fatalf("%q not in %q", s, text)
	}
	return newsgraph.Span{Start: i, End: i + len(s)}
}

// smallTrainSet is a handful of made-up sentences with their gold attributions.
func smallTrainSet(t *testing.T) []quote.TrainDoc {
	var tds []quote.TrainDoc
	for _, c := range []struct{ text, content, source string }{
		{"“We will not retreat,” Petrov said.", "“We will not retreat,”", "Petrov"},
		{"Petrov called the plan “a trap” on Monday.", "the plan “a trap”", "Petrov"},
		{"Petrov praised the deal as “historic” in Geneva.", "the deal as “historic”", "Petrov"},
		{"The so-called “peace zones” were empty.", "", ""},
	} {
		var ms []ment
		if strings.Contains(c.text, "Petrov") {
			ms = append(ms, ment{"Petrov", "PER", "", "Ivan Petrov"})
		}
		d := mkDoc(t, c.text, ms...)
		td := quote.TrainDoc{Doc: d}
		if c.content != "" {
			td.Gold = []quote.GoldQuote{{Content: []newsgraph.Span{span(t, c.text, c.content)}, Source: []newsgraph.Span{span(t, c.text, c.source)}}}
		}
		tds = append(tds, td)
	}
	return tds
}

func TestLearnDeterministicAndSaved(t *testing.T) {
	tds := smallTrainSet(t)
	var files [2]bytes.Buffer
	var models [2]*quote.Model
	for i := range files {
		m, err := quote.Learn(context.Background(), tds, quote.TrainOptions{MinCount: 1})
		if err != nil {
			t.Fatalf("Learn error: %v", err)
		}
		if m.Len() == 0 {
			t.Fatalf("Learn(%d documents) = empty model", len(tds))
		}
		if err := m.Save(&files[i]); err != nil {
			t.Fatalf("Save error: %v", err)
		}
		models[i] = m
	}
	if !bytes.Equal(files[0].Bytes(), files[1].Bytes()) {
		t.Errorf("Learn twice on the same data saved %d and %d different bytes, want the same model", files[0].Len(), files[1].Len())
	}
	loaded, err := quote.LoadModel(bytes.NewReader(files[0].Bytes()))
	if err != nil {
		t.Fatalf("LoadModel(Save(m)) error: %v", err)
	}
	if loaded.Len() != models[0].Len() || loaded.Info != models[0].Info {
		t.Errorf("LoadModel(Save(m)) has %d weights %q, want %d %q", loaded.Len(), loaded.Info, models[0].Len(), models[0].Info)
	}
	// The learned model finds what it was taught, the loaded one the same.
	for _, td := range tds {
		a := got(td.Doc, quote.Find(td.Doc, quote.Options{Model: models[0]}))
		b := got(td.Doc, quote.Find(td.Doc, quote.Options{Model: loaded}))
		if len(a) != len(b) {
			t.Errorf("Find(%q) with the model = %v, with it saved and loaded = %v", td.Doc.Text, a, b)
		}
	}
	d := tds[1].Doc
	var direct []string
	for _, q := range quote.Find(d, quote.Options{Model: models[0]}) {
		direct = append(direct, q.In(d.Text))
	}
	if !strings.Contains(strings.Join(direct, "|"), "a trap") {
		t.Errorf("Find(%q) with a model trained on it = %q, want the partial quotation", d.Text, direct)
	}
	if _, err := quote.LoadModel(strings.NewReader("not a model")); err == nil {
		t.Errorf("LoadModel(garbage) = nil error")
	}
}

func TestDefaultModel(t *testing.T) {
	m, err := quote.DefaultModel()
	if err != nil {
		t.Fatalf("DefaultModel error: %v", err)
	}
	if m.Len() == 0 {
		t.Errorf("DefaultModel has no weights; rebuild it with go test ./annotate/quote -run TestTrainModel -args -train")
	}
	t.Log(m.Info)
}

func TestTrainErrors(t *testing.T) {
	if _, err := quote.Train(context.Background(), t.TempDir(), quote.TrainOptions{}); err == nil {
		t.Errorf("Train without Annotate = nil error")
	}
	annotate := func(context.Context, *newsgraph.Document) error { return nil }
	if _, err := quote.Train(context.Background(), t.TempDir(), quote.TrainOptions{Annotate: annotate}); err == nil {
		t.Errorf("Train(empty directory) = nil error")
	}
}

func TestFhashAfter(t *testing.T) {
	for _, parts := range [][]string{{}, {"a"}, {"src", "rule"}, {"cpos", "before", "0", "PER", "name"}} {
		if got, want := quote.FhashAfterS(parts...), quote.Fhash(append([]string{"S"}, parts...)...); got != want {
			t.Errorf("fhashAfter(S, %q) = %x, want fhash = %x", parts, got, want)
		}
	}
}
