package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/unicode"

	"newsgraph"
)

const article = `Port Elna council extends ferry timetable

PORT ELNA, March 4 - The harbour council of Port Elna voted on Tuesday to run the island ferry
until midnight through the summer, its chair Mara Okonjo said.
`

const page = `<!DOCTYPE html>
<html><head><title>Ferry hours extended</title><meta charset="utf-8"></head>
<body><article><h1>Ferry hours extended</h1><p>The harbour council voted on Tuesday.</p></article></body></html>
`

func gz(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestReadWholeFiles checks the inputs that are one article each.
func TestReadWholeFiles(t *testing.T) {
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(article))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		data    []byte
		format  newsgraph.Format
		wantRaw []byte
	}{
		{"article.txt", []byte(article), newsgraph.FormatText, []byte(article)},
		{"page.html", []byte(page), newsgraph.FormatHTML, []byte(page)},
		{"page.txt", []byte(page), newsgraph.FormatHTML, []byte(page)},           // content wins over extension
		{"article.html", []byte(article), newsgraph.FormatHTML, []byte(article)}, // no markup: the extension decides
		{"noext", []byte(article), newsgraph.FormatText, []byte(article)},
		{"latin1.txt", []byte("Caf\xe9 owners in S\xe3o Tom\xe9 protest.\n"), newsgraph.FormatText, []byte("Caf\xe9 owners in S\xe3o Tom\xe9 protest.\n")},
		{"broken.html", []byte("<html><body><p>Unclosed <b>bold <div>and a stray </span> tag"), newsgraph.FormatHTML, []byte("<html><body><p>Unclosed <b>bold <div>and a stray </span> tag")},
		{"article.txt.gz", gz(t, []byte(article)), newsgraph.FormatText, []byte(article)},
		{"page.gz", gz(t, []byte(page)), newsgraph.FormatHTML, []byte(page)},
		{"utf16.txt", utf16, newsgraph.FormatText, []byte(article)},
	}
	for _, tt := range tests {
		items, path, err := readFile(t, tt.name, tt.data, Options{})
		if err != nil {
			t.Errorf("Read(%s) error = %v", tt.name, err)
			continue
		}
		if len(items) != 1 || items[0].Err != nil {
			t.Errorf("Read(%s) = %d items, errors %q; want 1 item without error", tt.name, len(items), errs(items))
			continue
		}
		it := items[0]
		if it.Format != tt.format || !bytes.Equal(it.Raw, tt.wantRaw) {
			t.Errorf("Read(%s) = format %q raw %q, want %q %q", tt.name, it.Format, clip(it.Raw, 40), tt.format, clip(tt.wantRaw, 40))
		}
		if it.Origin.Path != path || it.Origin.Record != 0 || it.Origin.URL != "" {
			t.Errorf("Read(%s) origin = %+v, want path %s, record 0, no URL", tt.name, it.Origin, path)
		}
		if time.Since(it.Origin.ReadAt) > time.Minute {
			t.Errorf("Read(%s) ReadAt = %v, want now", tt.name, it.Origin.ReadAt)
		}
		checkInvariants(t, path, items, Options{})
	}
}

// TestReadBadInput checks the inputs that become one Err item.
func TestReadBadInput(t *testing.T) {
	truncated := gz(t, []byte(strings.Repeat(article, 50)))
	truncated = truncated[:len(truncated)/2]
	tests := []struct {
		name    string
		data    []byte
		wantErr error  // errors.Is target, nil to check only the message
		wantMsg string // in the message
	}{
		{"empty.txt", nil, newsgraph.ErrEmpty, "no text"},
		{"blank.html", []byte("\n \r\n\t\n"), newsgraph.ErrEmpty, "no text"},
		{"empty.jsonl", nil, newsgraph.ErrEmpty, "no text"},
		{"image.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), newsgraph.ErrBinary, "binary"},
		{"program", append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 64)...), newsgraph.ErrBinary, "binary"},
		{"binary.gz", gz(t, []byte{0, 1, 2, 3, 4, 5}), newsgraph.ErrBinary, "binary"},
		{"empty.gz", gz(t, nil), newsgraph.ErrEmpty, "no text"},
		{"truncated.txt.gz", truncated, io.ErrUnexpectedEOF, "truncated"},
		{"headless.gz", []byte{0x1f, 0x8b, 0x08}, io.ErrUnexpectedEOF, "gzip: truncated"},
		{"notgzip.gz", []byte{0x1f, 0x8b, 0x77, 0x77, 0, 0, 0, 0, 0, 0, 0, 0}, gzip.ErrHeader, "gzip"},
	}
	for _, tt := range tests {
		items, path, err := readFile(t, tt.name, tt.data, Options{})
		if err != nil {
			t.Errorf("Read(%s) error = %v, want nil (the problem is an Err item)", tt.name, err)
		}
		if len(items) != 1 || items[0].Err == nil {
			t.Errorf("Read(%s) = %d items, errors %q; want 1 Err item", tt.name, len(items), errs(items))
			continue
		}
		e := items[0].Err
		if (tt.wantErr != nil && !errors.Is(e, tt.wantErr)) || !strings.Contains(e.Error(), tt.wantMsg) || !strings.Contains(e.Error(), path) {
			t.Errorf("Read(%s) Err = %q, want errors.Is %v, containing %q and the path", tt.name, e, tt.wantErr, tt.wantMsg)
		}
		checkInvariants(t, path, items, Options{})
	}
}

// TestReadTooLarge reads a 200 MB (sparse) file with the default MaxSize: it must be refused without being read.
func TestReadTooLarge(t *testing.T) {
	for _, name := range []string{"huge.txt", "huge.html", "huge.xml"} {
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(path, 200<<20); err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		items, err := readAll(t, Input{Path: path}, nil, Options{})
		elapsed := time.Since(start)
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Errorf("Read(%s) error = %v", name, err)
		}
		if len(items) != 1 || !errors.Is(items[0].Err, newsgraph.ErrTooLarge) || !strings.Contains(items[0].Err.Error(), path) {
			t.Fatalf("Read(%s, 200 MB) = %q, want one Err item wrapping ErrTooLarge naming the path", name, errs(items))
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
			t.Errorf("Read(%s, 200 MB) allocated %d bytes: the file was read", name, alloc)
		}
		if elapsed > 2*time.Second {
			t.Errorf("Read(%s, 200 MB) took %v: the file was read", name, elapsed)
		}
	}
}

func TestReadMaxSize(t *testing.T) {
	opts := Options{MaxSize: 100}
	data := []byte(strings.Repeat("The council met again. ", 10)) // 230 bytes
	tests := []struct {
		name string
		in   Input
		file []byte
		std  []byte
	}{
		{"file", Input{}, data, nil},
		{"gzip", Input{}, gz(t, data), nil},
		{"stdin", Input{Path: "-"}, nil, data},
		{"gzip stdin", Input{Path: "-"}, nil, gz(t, data)},
	}
	for _, tt := range tests {
		in := tt.in
		if tt.file != nil {
			in.Path = filepath.Join(t.TempDir(), "a.txt")
			if err := os.WriteFile(in.Path, tt.file, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		items, err := readAll(t, in, tt.std, opts)
		if err != nil || len(items) != 1 || !errors.Is(items[0].Err, newsgraph.ErrTooLarge) {
			t.Errorf("Read(%s, MaxSize 100) = %q, %v; want one ErrTooLarge item", tt.name, errs(items), err)
		}
	}
	// Exactly MaxSize is accepted.
	items, _, err := readFile(t, "exact.txt", data[:100], opts)
	if err != nil || len(items) != 1 || items[0].Err != nil || len(items[0].Raw) != 100 {
		t.Errorf("Read(100 bytes, MaxSize 100) = %q, %v; want the article", errs(items), err)
	}
}

func TestReadStdin(t *testing.T) {
	jsonl := `{"url":"https://example.org/a","title":"A","text":"First story."}` + "\n" + `{"text":"Second story."}` + "\n"
	tests := []struct {
		stdin      string
		wantFormat []newsgraph.Format
		wantRecord []int
	}{
		{article, []newsgraph.Format{newsgraph.FormatText}, []int{0}},
		{page, []newsgraph.Format{newsgraph.FormatHTML}, []int{0}},
		{jsonl, []newsgraph.Format{newsgraph.FormatText, newsgraph.FormatText}, []int{1, 2}},
		{string(gz(t, []byte(jsonl))), []newsgraph.Format{newsgraph.FormatText, newsgraph.FormatText}, []int{1, 2}},
	}
	for _, tt := range tests {
		items, err := readAll(t, Input{Path: "-"}, []byte(tt.stdin), Options{})
		if err != nil || len(items) != len(tt.wantFormat) {
			t.Errorf("Read(-, %q) = %q, %v; want %d items", clip([]byte(tt.stdin), 30), errs(items), err, len(tt.wantFormat))
			continue
		}
		for i, it := range items {
			if it.Err != nil || it.Format != tt.wantFormat[i] || it.Origin.Record != tt.wantRecord[i] || it.Origin.Path != "-" {
				t.Errorf("Read(-, %q) item %d = %v %q record %d path %q, want %q record %d path -",
					clip([]byte(tt.stdin), 30), i, it.Err, it.Format, it.Origin.Record, it.Origin.Path, tt.wantFormat[i], tt.wantRecord[i])
			}
		}
	}
	if items, err := readAll(t, Input{Path: "-"}, nil, Options{}); err == nil || len(items) != 1 || items[0].Err == nil {
		t.Errorf("Read(-, nil stdin) = %q, %v; want an Err item and an error", errs(items), err)
	}
}

func TestReadUnreadable(t *testing.T) {
	dir := t.TempDir()
	for _, path := range []string{filepath.Join(dir, "missing.txt"), dir} {
		items, err := readAll(t, Input{Path: path}, nil, Options{})
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("Read(%s) error = %v, want an error naming the path", path, err)
		}
		if len(items) != 1 || items[0].Err == nil || items[0].Err.Error() != err.Error() {
			t.Errorf("Read(%s) items = %q, want one Err item with the returned error %v", path, errs(items), err)
		}
	}
}

// failingReader returns data and then a read error that is not the end of input.
type failingReader struct {
	data []byte
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestReadIOError(t *testing.T) {
	eio := errors.New("input/output error")
	lines := `{"text":"one"}` + "\n" + `{"text":"two"}` + "\n" + `{"text":"thr`
	var items []newsgraph.Item
	err := Read(context.Background(), Input{Path: "-"}, &failingReader{data: []byte(lines), err: eio}, Options{}, func(it newsgraph.Item) error {
		items = append(items, it)
		return nil
	})
	if !errors.Is(err, eio) {
		t.Errorf("Read(stdin failing after 2 lines) error = %v, want %v", err, eio)
	}
	if len(items) != 3 || items[0].Err != nil || items[1].Err != nil || !errors.Is(items[2].Err, eio) || items[2].Origin.Record != 3 {
		t.Errorf("Read(stdin failing after 2 lines) = %q, want 2 articles and an Err item for line 3", errs(items))
	}
}

func TestReadStops(t *testing.T) {
	data := []byte(strings.Repeat(`{"text":"a story"}`+"\n", 10))
	path := filepath.Join(t.TempDir(), "ten.jsonl")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("enough")
	n := 0
	err := Read(context.Background(), Input{Path: path}, nil, Options{}, func(newsgraph.Item) error {
		if n++; n == 3 {
			return stop
		}
		return nil
	})
	if err != stop || n != 3 {
		t.Errorf("Read with fn failing at item 3 = %v after %d items, want %v after 3", err, n, stop)
	}

	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	err = Read(ctx, Input{Path: path}, nil, Options{}, func(newsgraph.Item) error {
		if n++; n == 2 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || n != 2 {
		t.Errorf("Read canceled at item 2 = %v after %d items, want context.Canceled after 2", err, n)
	}
}
