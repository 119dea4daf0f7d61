package source

import (
	"bytes"
	"testing"
)

func FuzzJSONL(f *testing.F) {
	f.Add([]byte(`{"url":"https://example.org/a","title":"A","text":"Story.","published":"2024-03-05","tags":["x"]}` + "\n\n" + `{"html":"<p>b</p>","author":["A","B"],"published":1709631000}`))
	f.Add([]byte("not json\n{\"text\":1}\n{\"text\":\"caf\xe9\"}\r\n[1]\n{}"))
	f.Add([]byte(`{"text":"x","published":"sometime"}`))
	f.Add([]byte("\xef\xbb\xbf{\"text\":\"bom\"}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := readMem("fuzz.jsonl", data, fuzzOpts)
		if err != nil {
			t.Fatalf("Read(fuzz.jsonl) error = %v, want nil for in-memory input", err)
		}
		checkInvariants(t, "fuzz.jsonl", items, fuzzOpts)
		if k := sniff(data[:min(len(data), sniffLen)], ".jsonl", len(data) <= sniffLen); k != kindJSONL {
			return // gzip, WARC, HTML ... sniffed first
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, it := range items {
			if it.Origin.Record < 1 || it.Origin.Record > lines {
				t.Fatalf("item for line %d of %d", it.Origin.Record, lines)
			}
		}
	})
}
