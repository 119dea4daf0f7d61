package eval

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"newsgraph"
	"newsgraph/annotate"
	"newsgraph/annotate/quote"
	"newsgraph/internal/shared"
)

// Baselines of quote.Find (the embedded model) on the first quotesSubset documents of PolNeAR dev (sorted by
// name), recorded when the model was last trained on train; TestQuotes fails when a change loses more than
// quotesSlack of one.
const (
	quotesSubset          = 30
	quotesDirectF1        = 0.8483 // P 85.88 R 83.79 (all of dev: 87.58; the rules alone on dev: 84.30)
	quotesDirectSpeakerF1 = 0.8031 // (all of dev: 83.02; the rules alone on dev: 80.16)
	quotesAllF1           = 0.5626 // P 82.78 R 42.61 (all of dev: 55.25; the rules alone on dev: 53.25)
	quotesSlack           = 0.01
)

func TestQuotes(t *testing.T) {
	dir := shared.Need(t, "data", "quotes", "polnear", "dev")
	docs, err := ReadPolNeAR(dir)
	if err != nil {
		t.Fatalf("ReadPolNeAR(%s) error: %v", dir, err)
	}
	if len(docs) < quotesSubset {
		t.Fatalf("ReadPolNeAR(%s) read %d documents, want at least %d", dir, len(docs), quotesSubset)
	}
	docs = docs[:quotesSubset]
	p, err := annotate.Default(annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := AnnotateQuoteDocs(context.Background(), p, docs); err != nil {
		t.Fatal(err)
	}
	s := ScoreQuotes(docs, quote.Options{})
	t.Logf("PolNeAR dev, first %d documents: %s\n%s", quotesSubset, s, s.Table())
	for _, c := range []QuoteCount{s.Direct, s.All} {
		if c.Correct > c.Pred || c.Correct > c.Gold || c.SpeakerCorrect > c.Correct {
			t.Errorf("counts %+v: more correct than predicted or gold", c)
		}
	}
	if s.Direct.Gold > s.All.Gold || s.Direct.Pred > s.All.Pred {
		t.Errorf("direct %+v larger than all %+v", s.Direct, s.All)
	}
	for _, c := range []struct {
		name      string
		got, base float64
	}{{"direct content F1", s.Direct.F1, quotesDirectF1}, {"direct speaker F1", s.Direct.SpeakerF1, quotesDirectSpeakerF1}, {"all content F1", s.All.F1, quotesAllF1}} {
		if c.got < c.base-quotesSlack {
			t.Errorf("%s %.4f below the baseline %.4f - %.2f", c.name, c.got, c.base, quotesSlack)
		}
	}
}

func TestReadBrat(t *testing.T) {
	// Offsets count characters: "é" and "“" are one each.
	text := "Café “Yes,” he said. “No.”"
	ann := "T1\tContent 5 11;21 26\t“Yes,” “No.”\nT2\tSource 12 14\the\nT3\tCue 15 19\tsaid\nT4\tAttribution 15 19\tsaid\n" +
		"E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n#1\tAnnotatorNotes T1\ta note\nT5\tDiscard 0 4\tCafé\n"
	as, err := ReadBrat(strings.NewReader(ann), "example.ann", text)
	if err != nil {
		t.Fatalf("ReadBrat error: %v", err)
	}
	if len(as) != 1 {
		t.Fatalf("ReadBrat = %+v, want one attribution", as)
	}
	a := as[0]
	var content []string
	for _, s := range a.Content {
		content = append(content, s.In(text))
	}
	if strings.Join(content, "|") != "“Yes,”|“No.”" || !a.Direct || len(a.Source) != 1 || a.Source[0].In(text) != "he" || a.Cue[0].In(text) != "said" {
		t.Errorf("ReadBrat = content %q direct %v source %v cue %v, want “Yes,”|“No.”, direct, he, said", content, a.Direct, a.Source, a.Cue)
	}
	for _, bad := range []string{"T1\tContent 5 99\tx\n", "T1\tContent x y\tx\n", "E1\tAttribution:T9 Content:T8\n"} {
		if _, err := ReadBrat(strings.NewReader(bad), "bad.ann", text); err == nil {
			t.Errorf("ReadBrat(%q) = nil error", bad)
		}
	}
	if _, err := ReadPolNeAR(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Errorf("ReadPolNeAR(missing dir) = nil error")
	}
}

func TestSpeakerCorrectRelative(t *testing.T) {
	// PolNeAR marks the relative pronoun as the source; the phrase right before it speaks.
	text := "The plan came from Ivan Petrov, who said it would work. Olga Ivanova agreed."
	span := func(s string) newsgraph.Span {
		i := strings.Index(text, s)
		return newsgraph.Span{Start: i, End: i + len(s)}
	}
	d := &newsgraph.Document{Text: text}
	g := Attribution{Content: []newsgraph.Span{span("it would work")}, Source: []newsgraph.Span{span("who")}}
	for _, c := range []struct {
		speaker string
		want    bool
	}{{"Ivan Petrov", true}, {"Petrov", true}, {"who", true}, {"The plan", false}, {"Olga Ivanova", false}} {
		q := newsgraph.Quote{Speaker: span(c.speaker), Mention: -1, Entity: -1}
		if got := speakerCorrect(d, g, q); got != c.want {
			t.Errorf("speakerCorrect(source %q, speaker %q) = %v, want %v", "who", c.speaker, got, c.want)
		}
	}
	g.Source = []newsgraph.Span{span("Olga Ivanova")}
	if q := (newsgraph.Quote{Speaker: span("Ivan Petrov"), Mention: -1, Entity: -1}); speakerCorrect(d, g, q) {
		t.Errorf("speakerCorrect(source %q, speaker %q) = true, want false", "Olga Ivanova", "Ivan Petrov")
	}
}
