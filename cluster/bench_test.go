package cluster

import (
	"context"
	"flag"
	"os"
	"testing"
)

var benchSizes = flag.Bool("bench-sizes", false, "run Bench at 10k, 50k and 200k documents")

// TestBenchSizes runs the cost-growth benchmark of issue 6 when asked (-bench-sizes) and checks its targets:
// flat time per document (within 25%) and bounded memory for the candidate state.
func TestBenchSizes(t *testing.T) {
	sizes := []int{2000, 6000}
	if *benchSizes {
		sizes = []int{10000, 50000, 200000}
	} else if testing.Short() {
		t.Skip("short")
	}
	rows, err := Bench(context.Background(), sizes, os.Stdout)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Stats.Docs != int64(r.Docs) || r.BCubF <= 0 {
			t.Errorf("Bench row %+v: wrong count or no score", r)
		}
	}
}

// BenchmarkAdd measures Add in a steady state: 10000 documents are added first, then one per iteration
// (generating the document is not timed); with the default options, and with the split step off to show its
// cost.
func BenchmarkAdd(b *testing.B) {
	for _, bc := range []struct {
		name string
		opt  Options
	}{{"default", Options{}}, {"nosplit", Options{SplitThreshold: -1}}} {
		b.Run(bc.name, func(b *testing.B) {
			x := New(bc.opt)
			g := NewGenerator(1, 0)
			for range 10000 {
				x.Add(g.Next().Doc)
			}
			for b.Loop() {
				b.StopTimer()
				d := g.Next().Doc
				b.StartTimer()
				x.Add(d)
			}
		})
	}
}
