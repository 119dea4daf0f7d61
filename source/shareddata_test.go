package source

import (
	"path/filepath"
	"testing"

	"newsgraph/internal/shared"

	"newsgraph"
)

// sharedData finds ../shared/data above the package directory, or skips the test.
func sharedData(t *testing.T) string {
	t.Helper()
	return shared.Need(t, "data")
}

// TestReadSharedPages reads the real web pages of the extraction and date benchmarks (gzip-compressed HTML):
// every one must come out as one HTML item.
func TestReadSharedPages(t *testing.T) {
	data := sharedData(t)
	var inputs []Input
	for _, sub := range []string{"extraction/trafilatura/html", "dates/htmldate/html"} {
		in, err := Plan([]string{filepath.Join(data, sub)})
		if err != nil {
			t.Skipf("benchmark pages not readable: %v", err)
		}
		inputs = append(inputs, in...)
	}
	if len(inputs) == 0 {
		t.Skip("no benchmark pages found")
	}
	bad := 0
	for _, in := range inputs {
		items, err := readAll(t, in, nil, Options{})
		if err != nil || len(items) != 1 || items[0].Err != nil || items[0].Format != newsgraph.FormatHTML {
			bad++
			var got any = errs(items)
			if len(items) == 1 && items[0].Err == nil {
				got = items[0].Format
			}
			t.Errorf("Read(%s) = %v, %v; want one HTML item", in.Path, got, err)
		}
	}
	t.Logf("%d pages read, %d not as one HTML item", len(inputs), bad)
}
