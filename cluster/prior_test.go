package cluster

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"newsgraph/internal/shared"
)

var trainPrior = flag.Bool("train-prior", false, "rebuild prior.bin.gz from the unlabelled news under ../shared/data")

// TestTrainPrior rebuilds the embedded prior table with -train-prior (go test ./cluster -run TestTrainPrior
// -train-prior); without it, it checks that the embedded table is what training on PriorSources gives today,
// byte for byte.
func TestTrainPrior(t *testing.T) {
	shared.Need(t, "data", "quotes", "polnear")
	data := shared.Dir("data")
	p, rep, err := TrainPrior(context.Background(), PriorSources(data))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := p.Save(&b); err != nil {
		t.Fatal(err)
	}
	t.Logf("prior: %d files, %d documents, %d features, %d kept; %d bytes", rep.Files, rep.Docs, rep.Features, rep.Kept, b.Len())
	if *trainPrior {
		if err := os.WriteFile("prior.bin.gz", b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(b.Bytes(), embeddedPrior) {
		t.Errorf("TrainPrior(PriorSources(%s)) gives %d bytes that differ from the embedded prior.bin.gz (%d bytes): rebuild it with -train-prior", data, b.Len(), len(embeddedPrior))
	}
}

func TestPriorSources(t *testing.T) {
	for _, p := range PriorSources("/data") {
		if strings.Contains(p, "clustering") || strings.Contains(strings.ToLower(p), "ecb") {
			t.Errorf("PriorSources lists %s: the clustering benchmark must not be in the prior", p)
		}
	}
	if PriorSources("") != nil {
		t.Errorf("PriorSources(\"\") = %v, want nil", PriorSources(""))
	}
}

// writePriorCorpus writes a small corpus in the three formats TrainPrior reads and returns its directory.
func writePriorCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"a/one.txt":  "Officials in Port Amber said the harbour bridge reopened on Monday.\nTraffic officials expect delays.",
		"a/two.txt":  "The harbour officials closed the ferry terminal after a storm.",
		"a/skip.md":  "officials officials officials",
		"b/news.tml": `<TimeML><TEXT>Harbour <EVENT eid="e1">officials</EVENT> &amp; pilots met on <TIMEX3 tid="t1">Tuesday</TIMEX3>.</TEXT></TimeML>`,
		"b/c.txt": "-DOCSTART- -X- -X- O\n\nStorm NN O\nhits VB O\nharbour NN O\n. . O\n\n" +
			"-DOCSTART- -X- -X- O\n\nBridge NN O\nofficials NNS O\nresign VB O\n. . O\n\nNo DT O\ncomment NN O\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestTrainPriorSmall(t *testing.T) {
	dir := writePriorCorpus(t)
	p, rep, err := TrainPrior(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	// one.txt, two.txt, news.tml and the two CoNLL documents; skip.md is not read.
	if rep.Files != 4 || rep.Docs != 5 || p.Docs() != 5 {
		t.Errorf("TrainPrior(%s) report %+v, Docs() %d; want 4 files, 5 documents", dir, rep, p.Docs())
	}
	tests := []struct {
		kind byte
		word string
		df   uint32
	}{
		{kindTerm, stem("officials"), 4}, // one.txt, two.txt, news.tml, the second CoNLL document
		{kindTerm, stem("harbour"), 4},   // one.txt, two.txt, news.tml, the first CoNLL document
		{kindTerm, stem("bridge"), 2},    // one.txt, and the second CoNLL document (sentence start: a term)
		{kindTerm, stem("storm"), 2},     // two.txt, and the first CoNLL document
		{kindName, "amber", 0},           // one document
		{kindTerm, stem("reopened"), 0},  // one document
	}
	for _, tc := range tests {
		if got := p.DF(hash64(tc.kind, tc.word)); got != tc.df {
			t.Errorf("DF(%c %q) = %d, want %d", tc.kind, tc.word, got, tc.df)
		}
	}
	if rep.Kept != p.Len() || rep.Kept > rep.Features {
		t.Errorf("report %+v, Len() %d: kept features inconsistent", rep, p.Len())
	}

	// Save is deterministic, and Load gives the table back.
	var a, b bytes.Buffer
	if err := p.Save(&a); err != nil {
		t.Fatal(err)
	}
	p2, _, err := TrainPrior(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := p2.Save(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("two trainings on %s saved different bytes", dir)
	}
	q, err := LoadPrior(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatalf("LoadPrior(Save()) = %v", err)
	}
	if !reflect.DeepEqual(p, q) {
		t.Errorf("LoadPrior(Save(p)) = %+v, want %+v", q, p)
	}
	if _, _, err := TrainPrior(context.Background(), []string{filepath.Join(dir, "missing")}); err == nil {
		t.Errorf("TrainPrior(missing dir) = nil error")
	}
}

func TestLoadPriorBad(t *testing.T) {
	var good bytes.Buffer
	p := &Prior{docs: 3, keys: []uint32{5, 9}, df: []uint32{2, 3}}
	if err := p.Save(&good); err != nil {
		t.Fatal(err)
	}
	gz := func(raw string) []byte {
		var out bytes.Buffer
		w := gzip.NewWriter(&out)
		w.Write([]byte(raw))
		w.Close()
		return out.Bytes()
	}
	tests := []struct {
		name   string
		data   []byte
		format bool // the error wraps ErrPriorFormat
	}{
		{"empty", nil, false},
		{"not gzip", []byte("NGPRIOR\x01"), false},
		{"truncated", good.Bytes()[:good.Len()/2], false},
		{"wrong magic", gz("NOTPRIOR\x01\x03\x00"), true},
		{"wrong version", gz(priorMagic + "\x09\x03\x00"), true},
		{"count beyond data", gz(priorMagic + "\x01\x03\x7f"), true},
		{"frequency beyond documents", gz(priorMagic + "\x01\x03\x01\x05\x04"), true},
		{"zero gap", gz(priorMagic + "\x01\x03\x02\x05\x01\x00\x01"), true},
		{"trailing bytes", gz(priorMagic + "\x01\x03\x01\x05\x01\x00"), true},
	}
	for _, tc := range tests {
		_, err := LoadPrior(bytes.NewReader(tc.data))
		if err == nil || errors.Is(err, ErrPriorFormat) != tc.format {
			t.Errorf("LoadPrior(%s) = %v; want an error, wrapping ErrPriorFormat %v", tc.name, err, tc.format)
		}
	}
	if q, err := LoadPrior(bytes.NewReader(good.Bytes())); err != nil || !reflect.DeepEqual(p, q) {
		t.Errorf("LoadPrior(good) = %+v, %v; want %+v", q, err, p)
	}
}

func FuzzLoadPrior(f *testing.F) {
	var b bytes.Buffer
	(&Prior{docs: 3, keys: []uint32{5, 9}, df: []uint32{2, 3}}).Save(&b)
	f.Add(b.Bytes())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := LoadPrior(bytes.NewReader(data))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := p.Save(&out); err != nil {
			t.Fatalf("Save of a loaded prior: %v", err)
		}
		q, err := LoadPrior(&out)
		if err != nil || !reflect.DeepEqual(p, q) {
			t.Fatalf("LoadPrior(Save(LoadPrior(data))) = %+v, %v; want %+v", q, err, p)
		}
		for i := 1; i < len(p.keys); i++ {
			if p.keys[i] <= p.keys[i-1] {
				t.Fatalf("loaded keys not sorted unique: %v", p.keys)
			}
		}
	})
}

// TestDefaultPriorIDF: the embedded table loads, knows common news words, and lowers their IDF in an Index
// that has seen a few dozen documents without them below that of a word nobody has seen, while IDF without
// the prior cannot tell them apart.
func TestDefaultPriorIDF(t *testing.T) {
	p, err := DefaultPrior()
	if err != nil {
		t.Fatalf("DefaultPrior() = %v", err)
	}
	if p.Docs() < 1000 || p.Len() < 10000 {
		t.Errorf("DefaultPrior() has %d documents, %d features; want a table learnt from thousands of articles", p.Docs(), p.Len())
	}
	common, rare := hash64(kindTerm, stem("officials")), hash64(kindName, "qzxworthy")
	if p.DF(common) < 50 || p.DF(rare) != 0 {
		t.Errorf("DefaultPrior().DF(officials) = %d, DF(qzxworthy) = %d; want common and unknown", p.DF(common), p.DF(rare))
	}
	with, without := New(Options{}), New(Options{Prior: -1})
	for _, x := range []*Index{with, without} {
		for _, d := range background(40) {
			x.Add(d)
		}
	}
	if a, b := with.s.idf(common), with.s.idf(rare); a >= b {
		t.Errorf("with the prior, idf(officials) = %.2f, idf(unseen) = %.2f; want the common word weaker", a, b)
	}
	if a, b := without.s.idf(common), without.s.idf(rare); a != b {
		t.Errorf("without the prior, idf(officials) = %.2f, idf(unseen) = %.2f; want equal (neither seen)", a, b)
	}
	// Save and Load keep the choice.
	data, err := without.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	y, err := Load(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if y.s.prior != nil || with.s.prior == nil {
		t.Errorf("Options.Prior not kept: loaded prior %v, with %v", y.s.prior != nil, with.s.prior != nil)
	}
}
