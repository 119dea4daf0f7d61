package ner

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"newsgraph/internal/shared"
)

func TestEmbeddedModelLoads(t *testing.T) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	m, err := Load(bytes.NewReader(embedded))
	took := time.Since(start)
	if err != nil {
		t.Fatalf("Load(embedded model) error: %v", err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	heap := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("embedded model: %.1f MB compressed, loaded in %s, %.0f MB heap, %d features", float64(len(embedded))/1e6, took, float64(heap)/1e6, len(m.ids))
	if took > 300*time.Millisecond && !raceEnabled {
		t.Errorf("Load(embedded model) took %s, want < 300ms", took)
	}
	if heap > 300<<20 {
		t.Errorf("loaded model holds %d MB of heap, want < 300 MB", heap>>20)
	}
	runtime.KeepAlive(m)
}

func TestLoadRejectsBadInput(t *testing.T) {
	for _, in := range [][]byte{nil, []byte("not zstd"), embedded[:len(embedded)/2]} {
		if _, err := Load(bytes.NewReader(in)); err == nil {
			t.Errorf("Load(%d bytes of bad input) = nil error", len(in))
		}
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	m := mustDefault(t)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatalf("Save error: %v", err)
	}
	m2, err := Load(&buf)
	if err != nil {
		t.Fatalf("Load(Save(m)) error: %v", err)
	}
	if m2.cfg != m.cfg || len(m2.ids) != len(m.ids) || len(m2.clusters) != len(m.clusters) {
		t.Errorf("Load(Save(m)) differs: cfg %+v/%+v, %d/%d features", m2.cfg, m.cfg, len(m2.ids), len(m.ids))
	}
	doc := exampleDoc()
	if a, b := m.TagDocument(doc), m2.TagDocument(doc); !reflect.DeepEqual(a, b) {
		t.Errorf("TagDocument differs after Save/Load:\n%v\n%v", a, b)
	}
}

func mustDefault(t testing.TB) *Model {
	t.Helper()
	m, err := Default()
	if err != nil {
		t.Fatalf("Default() error: %v", err)
	}
	return m
}

// exampleDoc is a short made-up news story, tokenised the CoNLL way, with typographic quotes.
func exampleDoc() [][]string {
	return [][]string{
		strings.Fields("Russian Foreign Minister Sergei Lavrov met Hakan Fidan in Doha on Saturday ."),
		strings.Fields("\u201c We agreed on the need for a ceasefire , \u201d Lavrov told reporters after the talks at the Sheraton hotel ."),
		strings.Fields("Fidan later flew to Ankara , where President Recep Tayyip Erdogan met the German chancellor ."),
	}
}

func TestTagDocumentExamples(t *testing.T) {
	m := mustDefault(t)
	doc := exampleDoc()
	got := m.TagDocument(doc)
	text := func(s int, sp Span) string { return sp.Label + " " + strings.Join(doc[s][sp.Start:sp.End], " ") }
	want := [][]string{
		{"MISC Russian", "PER Sergei Lavrov", "PER Hakan Fidan", "LOC Doha"},
		{"PER Lavrov"},
		{"PER Fidan", "LOC Ankara", "PER Recep Tayyip Erdogan", "MISC German"},
	}
	for s := range want {
		have := map[string]bool{}
		for _, sp := range got[s] {
			have[text(s, sp)] = true
		}
		for _, w := range want[s] {
			if !have[w] {
				t.Errorf("TagDocument sentence %d %q: missing %q; got %v", s, strings.Join(doc[s], " "), w, have)
			}
		}
		for h := range have {
			if strings.HasSuffix(h, " Saturday") || strings.HasSuffix(h, " reporters") {
				t.Errorf("TagDocument sentence %d: %q is not a name", s, h)
			}
		}
	}
}

func TestTagDocumentInvariants(t *testing.T) {
	m := mustDefault(t)
	docs := [][][]string{
		nil,
		{{}},
		{{""}, {"", "Paris", ""}},
		{{"\u201c", "\u201d", "\u2019s"}, {"x\xffy", "Erdoğan", "İstanbul", "ǅ"}},
		{strings.Fields("THE UN SECURITY COUNCIL MET IN NEW YORK ON FRIDAY .")},
		exampleDoc(),
	}
	for _, d := range docs {
		got := m.TagDocument(d)
		if len(got) != len(d) {
			t.Fatalf("TagDocument(%q) = %d sentences, want %d", d, len(got), len(d))
		}
		for s, spans := range got {
			end := 0
			for _, sp := range spans {
				if sp.Start < end || sp.End <= sp.Start || sp.End > len(d[s]) || typeIndex(sp.Label) < 0 {
					t.Errorf("TagDocument(%q) sentence %d: bad span %v in %v", d, s, sp, spans)
				}
				end = sp.End
			}
		}
	}
}

func TestTagDocumentConcurrent(t *testing.T) {
	m := mustDefault(t)
	doc := exampleDoc()
	want := m.TagDocument(doc)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if got := m.TagDocument(doc); !reflect.DeepEqual(got, want) {
					t.Errorf("concurrent TagDocument = %v, want %v", got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// BenchmarkTag tags the CoNLL-2003 dev set (or, without it, the example story) and reports tokens/s.
func BenchmarkTag(b *testing.B) {
	m := mustDefault(b)
	docs := [][][]string{exampleDoc()}
	if dir := shared.Dir("data", "ner", "conll2003"); dir != "" {
		f, err := os.Open(filepath.Join(dir, "dev.txt"))
		if err != nil {
			b.Fatal(err)
		}
		dd, err := ReadCoNLL(f, "dev.txt")
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		docs = docs[:0]
		for _, d := range dd {
			docs = append(docs, d.Sentences)
		}
	}
	toks := 0
	for _, d := range docs {
		for _, s := range d {
			toks += len(s)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			m.TagDocument(d)
		}
	}
	b.ReportMetric(float64(toks)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
