package source

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsgraph"
)

// readAll reads in and returns every item Read delivered and Read's error.
func readAll(t testing.TB, in Input, stdin []byte, opts Options) ([]newsgraph.Item, error) {
	t.Helper()
	var items []newsgraph.Item
	var sr io.Reader
	if stdin != nil {
		sr = bytes.NewReader(stdin)
	}
	err := Read(context.Background(), in, sr, opts, func(it newsgraph.Item) error {
		items = append(items, it)
		return nil
	})
	return items, err
}

// readFile writes data to a file called name in a temporary directory and reads it.
func readFile(t testing.TB, name string, data []byte, opts Options) ([]newsgraph.Item, string, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	items, err := readAll(t, Input{Path: path}, nil, opts)
	return items, path, err
}

// readMem reads data as the content of a file called path, without touching the disk (for fuzzing).
func readMem(path string, data []byte, opts Options) ([]newsgraph.Item, error) {
	var items []newsgraph.Item
	r := &reader{ctx: context.Background(), path: path, max: opts.maxSize(), fn: func(it newsgraph.Item) error {
		items = append(items, it)
		return nil
	}}
	err := r.run(bytes.NewReader(data), int64(len(data)))
	return items, err
}

// checkInvariants checks what holds for any input: items carry the path, record numbers increase, and every
// item has either raw bytes in a known format or an error naming the path.
func checkInvariants(t testing.TB, path string, items []newsgraph.Item, opts Options) {
	t.Helper()
	prev := -1
	for i, it := range items {
		if it.Origin.Path != path {
			t.Fatalf("item %d: Origin.Path = %q, want %q", i, it.Origin.Path, path)
		}
		if it.Origin.ReadAt.IsZero() {
			t.Fatalf("item %d: ReadAt not set", i)
		}
		if len(items) > 1 && it.Origin.Record <= prev {
			t.Fatalf("item %d: record %d after record %d: not increasing", i, it.Origin.Record, prev)
		}
		prev = it.Origin.Record
		if it.Err != nil {
			if !strings.Contains(it.Err.Error(), path) {
				t.Fatalf("item %d: error %q does not name %q", i, it.Err, path)
			}
			continue
		}
		if len(it.Raw) == 0 {
			t.Fatalf("item %d (record %d): neither Raw nor Err", i, it.Origin.Record)
		}
		if it.Format != newsgraph.FormatText && it.Format != newsgraph.FormatHTML {
			t.Fatalf("item %d: Format = %q, want text or html", i, it.Format)
		}
		if int64(len(it.Raw)) > opts.maxSize() {
			t.Fatalf("item %d: %d raw bytes, more than MaxSize %d", i, len(it.Raw), opts.maxSize())
		}
	}
}

// errs returns the items' errors as strings ("" for none), for messages.
func errs(items []newsgraph.Item) []string {
	var out []string
	for _, it := range items {
		if it.Err != nil {
			out = append(out, it.Err.Error())
		} else {
			out = append(out, "")
		}
	}
	return out
}
