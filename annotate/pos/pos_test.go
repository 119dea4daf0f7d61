package pos

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"newsgraph/internal/shared"
)

func embeddedModel(t testing.TB) *Model {
	t.Helper()
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestTagSentences checks the tags that clause-finding relies on, in sentences written for this test.
func TestTagSentences(t *testing.T) {
	m := embeddedModel(t)
	tests := []struct {
		sent string
		want map[int]string // token index -> tag
	}{
		{"Lavrov said on Saturday that Russia will keep talking .",
			map[int]string{0: "NNP", 1: "VBD", 2: "IN", 3: "NNP", 5: "NNP", 6: "MD", 7: "VB", 8: "VBG", 9: "."}},
		{"The president thanked the workers and encouraged Americans to stay home .",
			map[int]string{0: "DT", 1: "NN", 2: "VBD", 3: "DT", 4: "NNS", 5: "CC", 6: "VBD", 7: "NNPS|NNP", 8: "TO", 9: "VB", 11: "."}},
		{"A spokesman for the ministry said the talks had failed .",
			map[int]string{0: "DT", 1: "NN", 2: "IN", 5: "VBD", 7: "NNS", 8: "VBD", 9: "VBN"}},
		{"“ We are not going to give up , ” she told reporters .",
			map[int]string{0: `"`, 1: "PRP", 2: "VBP", 3: "RB", 4: "VBG", 5: "TO", 6: "VB", 9: `"`, 10: "PRP", 11: "VBD", 12: "NNS"}},
		{"The company ’s shares fell 3 percent on Tuesday .",
			map[int]string{1: "NN", 2: "POS", 3: "NNS", 4: "VBD", 5: "CD", 6: "NN"}},
		{"He doesn’t think it is over , officials said .",
			map[int]string{0: "PRP", 2: "RB", 3: "VB", 4: "PRP", 5: "VBZ", 8: "NNS", 9: "VBD"}},
		{"Prices rose 2.5 % in the first quarter , according to the bank .",
			map[int]string{0: "NNS", 1: "VBD", 2: "CD", 4: "IN", 5: "DT", 6: "JJ", 7: "NN", 9: "VBG", 10: "TO"}},
	}
	for _, tc := range tests {
		words := strings.Fields(tc.sent)
		if tc.sent == "He doesn’t think it is over , officials said ." {
			words = []string{"He", "does", "n’t", "think", "it", "is", "over", ",", "officials", "said", "."}
		}
		got := m.Tag(words)
		if len(got) != len(words) {
			t.Fatalf("Tag(%q) gave %d tags for %d words", tc.sent, len(got), len(words))
		}
		for i, want := range tc.want {
			if !strings.Contains("|"+want+"|", "|"+got[i]+"|") {
				t.Errorf("Tag(%q)[%d] (%s) = %s, want %s (all: %v)", tc.sent, i, words[i], got[i], want, got)
			}
		}
	}
}

func TestTagEmpty(t *testing.T) {
	m := embeddedModel(t)
	if got := m.Tag(nil); len(got) != 0 {
		t.Errorf("Tag(nil) = %v, want none", got)
	}
	if got := m.TagInto(make([]string, 3), nil); len(got) != 0 {
		t.Errorf("TagInto(dst, nil) = %v, want none", got)
	}
}

// TestTagConcurrent tags from several goroutines at once; the results must match serial tagging.
func TestTagConcurrent(t *testing.T) {
	m := embeddedModel(t)
	sents := [][]string{
		strings.Fields("The minister said on Monday that talks would resume ."),
		strings.Fields("Shares in the bank fell sharply after the report ."),
		strings.Fields("She was elected in 2019 and has served two terms ."),
	}
	want := make([][]string, len(sents))
	for i, s := range sents {
		want[i] = m.Tag(s)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Go(func() {
			var dst []string
			for k := range 200 {
				i := (g + k) % len(sents)
				dst = m.TagInto(dst, sents[i])
				if strings.Join(dst, " ") != strings.Join(want[i], " ") {
					errs <- strings.Join(dst, " ")
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("concurrent Tag gave %s, differs from serial", e)
	}
}

// TestMarshalRoundTrip: a loaded model writes the same bytes and tags the same way.
func TestMarshalRoundTrip(t *testing.T) {
	m := embeddedModel(t)
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, embedded) {
		t.Errorf("MarshalBinary of the embedded model differs from model.gob.gz (%d vs %d bytes)", len(b), len(embedded))
	}
	m2, err := Load(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	w := strings.Fields("Officials in Kyiv said the convoy was attacked overnight .")
	if a, b := strings.Join(m.Tag(w), " "), strings.Join(m2.Tag(w), " "); a != b {
		t.Errorf("loaded model tags %q as %s, original as %s", w, b, a)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, in := range [][]byte{nil, []byte("not gzip"), embedded[:len(embedded)/2]} {
		if _, err := Load(bytes.NewReader(in)); err == nil {
			t.Errorf("Load(%d bytes of junk) = nil error", len(in))
		}
	}
}

func TestReadCoNLL(t *testing.T) {
	in := "-DOCSTART- -X- -X- O\n\nThe DT B-NP O\nfirm NN I-NP O\n\nTVM NN|SYM B-NP B-ORG\n.\n"
	got, err := readCoNLL(strings.NewReader(in), "x.txt")
	if err == nil {
		t.Fatalf("readCoNLL accepted a line without a POS column: %v", got)
	}
	if !strings.Contains(err.Error(), "x.txt:7") {
		t.Errorf("error %q does not name x.txt:7", err)
	}
	got, err = readCoNLL(strings.NewReader(strings.TrimSuffix(in, ".\n")), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]Token{{{"The", "DT"}, {"firm", "NN"}}, {{"TVM", "NN"}}}
	if len(got) != len(want) || len(got[0]) != 2 || got[0][1] != want[0][1] || got[1][0] != want[1][0] {
		t.Errorf("readCoNLL = %v, want %v", got, want)
	}
}

// devAccuracy is the accuracy of the embedded model on CoNLL-2003 dev when it was trained, minus half a point.
const devAccuracy = 0.9533 - 0.005

func TestDevAccuracy(t *testing.T) {
	dir := shared.Need(t, "data", "ner", "conll2003")
	train, err := ReadCoNLL(filepath.Join(dir, "train.txt"))
	if err != nil {
		t.Fatal(err)
	}
	dev, err := ReadCoNLL(filepath.Join(dir, "dev.txt"))
	if err != nil {
		t.Fatal(err)
	}
	vocab := map[string]bool{}
	for _, s := range train {
		for _, tok := range s {
			vocab[tok.Word] = true
		}
	}
	acc, uacc, nu := Accuracy(embeddedModel(t), dev, func(w string) bool { return vocab[w] })
	t.Logf("dev accuracy %.2f%%, unknown words %.2f%% (%d tokens)", 100*acc, 100*uacc, nu)
	if acc < devAccuracy {
		t.Errorf("dev accuracy %.4f < %.4f", acc, devAccuracy)
	}
}

// testSents are sentences written for the training tests (not from any corpus).
var testSents = func() [][]Token {
	raw := []string{
		"The/DT minister/NN said/VBD talks/NNS would/MD resume/VB ./.",
		"Officials/NNS in/IN Paris/NNP denied/VBD the/DT report/NN ./.",
		"She/PRP has/VBZ visited/VBN Berlin/NNP twice/RB ./.",
		"Prices/NNS rose/VBD 3/CD percent/NN in/IN May/NNP ./.",
		"The/DT bank/NN 's/POS chief/NN resigned/VBD on/IN Friday/NNP ./.",
		"Rebels/NNS attacked/VBD the/DT town/NN and/CC seized/VBD weapons/NNS ./.",
	}
	var out [][]Token
	for _, r := range raw {
		var s []Token
		for _, wt := range strings.Fields(r) {
			i := strings.LastIndexByte(wt, '/')
			s = append(s, Token{wt[:i], wt[i+1:]})
		}
		out = append(out, s)
	}
	return out
}()

// TestTrainDeterministic: training twice on the same data gives byte-identical models, and the model learns
// its training set.
func TestTrainDeterministic(t *testing.T) {
	var sents [][]Token
	if dir := shared.Dir("data", "ner", "conll2003"); dir != "" {
		all, err := ReadCoNLL(filepath.Join(dir, "train.txt"))
		if err != nil {
			t.Fatal(err)
		}
		sents = all[:min(len(all), 800)]
	} else {
		sents = testSents
	}
	for _, opt := range []TrainOptions{{Epochs: 3, Seed: 7, DictMin: 3}, {Epochs: 2, Seed: 7, TwoStage: true, Folds: 2}} {
		trainTwice(t, sents, opt)
	}
	m, err := Train(context.Background(), testSents, TrainOptions{Epochs: 5})
	if err != nil {
		t.Fatal(err)
	}
	if acc, _, _ := Accuracy(m, testSents, nil); acc < 0.95 {
		t.Errorf("training accuracy on testSents %.3f < 0.95", acc)
	}
}

func trainTwice(t *testing.T, sents [][]Token, opt TrainOptions) {
	t.Helper()
	var prev []byte
	for range 2 {
		m, err := Train(context.Background(), sents, opt)
		if err != nil {
			t.Fatal(err)
		}
		b, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if prev != nil && !bytes.Equal(prev, b) {
			t.Fatalf("two trainings on %d sentences gave different models (%d and %d bytes)", len(sents), len(prev), len(b))
		}
		prev = b
		if acc, _, _ := Accuracy(m, sents, nil); acc < 0.9 {
			t.Errorf("%+v: training accuracy %.3f < 0.9", opt, acc)
		}
		if (m.s2 != nil) != opt.TwoStage {
			t.Errorf("%+v: second stage present = %v", opt, m.s2 != nil)
		}
	}
}

// TestTrainFromFile trains on a small CoNLL file, saves the model and loads it back.
func TestTrainFromFile(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("-DOCSTART- -X- -X- O\n\n")
	for _, s := range testSents {
		for _, tok := range s {
			b.WriteString(tok.Word + " " + tok.Tag + " O O\n")
		}
		b.WriteString("\n")
	}
	in := filepath.Join(dir, "train.txt")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	sents, err := ReadCoNLL(in)
	if err != nil {
		t.Fatal(err)
	}
	trained, err := Train(context.Background(), sents, TrainOptions{Epochs: 4})
	if err != nil {
		t.Fatal(err)
	}
	var saved bytes.Buffer
	if err := trained.Save(&saved); err != nil {
		t.Fatal(err)
	}
	m, err := Load(&saved)
	if err != nil {
		t.Fatal(err)
	}
	if acc, _, _ := Accuracy(m, testSents, nil); acc < 0.95 {
		t.Errorf("model saved and loaded: training accuracy %.3f < 0.95", acc)
	}
	if _, err := ReadCoNLL(filepath.Join(dir, "missing.txt")); err == nil {
		t.Error("ReadCoNLL on a missing file returned no error")
	}
}

func TestTrainNoData(t *testing.T) {
	if _, err := Train(context.Background(), nil, TrainOptions{}); err != ErrNoData {
		t.Errorf("Train(nil) error = %v, want ErrNoData", err)
	}
}

func TestTrainCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Train(ctx, testSents, TrainOptions{}); err == nil {
		t.Error("Train with a cancelled context returned no error")
	}
}

func FuzzTag(f *testing.F) {
	m := embeddedModel(f)
	for _, s := range []string{"Lavrov said", "“ Yes , ” he said", "\xff\xfe x", "", "  ", "ÄÖÜ 1996-08-22 n’t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words := strings.Split(s, " ")
		got := m.Tag(words)
		if len(got) != len(words) {
			t.Fatalf("Tag(%q) gave %d tags for %d words", words, len(got), len(words))
		}
		for i, g := range got {
			if g == "" {
				t.Fatalf("Tag(%q)[%d] is empty", words, i)
			}
		}
	})
}

func BenchmarkTag(b *testing.B) {
	m := embeddedModel(b)
	sents := [][]string{
		strings.Fields("The European Commission said on Thursday it disagreed with advice to consumers to shun the meat ."),
		strings.Fields("“ We will keep talking , ” the minister told reporters after the meeting in Geneva ."),
		strings.Fields("Shares of the company rose 4.5 percent to $ 32.10 in early trading on Wall Street ."),
	}
	n := 0
	for _, s := range sents {
		n += len(s)
	}
	var dst []string
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, s := range sents {
			dst = m.TagInto(dst, s)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tokens/s")
}
