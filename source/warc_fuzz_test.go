package source

import (
	"testing"
)

// fuzzOpts keeps MaxSize small so that fuzzing reaches the size limits.
var fuzzOpts = Options{MaxSize: 4096}

func FuzzWARC(f *testing.F) {
	plain, multi, single, members := buildWARC(f, crawl(f))
	f.Add(plain)
	f.Add(multi)
	f.Add(single)
	f.Add(multi[:members[6]+7])
	f.Add(plain[:len(plain)/3])
	f.Add([]byte("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nHTTP/"))
	f.Add([]byte("WARC/1.1\r\nContent-Length: -1\r\n\r\nWARC/1.1\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: 4\r\n\r\n<p>x\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := readMem("fuzz.warc", data, fuzzOpts)
		if err != nil {
			t.Fatalf("Read(fuzz.warc) error = %v, want nil for in-memory input", err)
		}
		checkInvariants(t, "fuzz.warc", items, fuzzOpts)
		if k := sniff(data[:min(len(data), sniffLen)], ".warc", len(data) <= sniffLen); k != kindWARC && k != kindGzip {
			return // content that is evidently something else (HTML, a feed ...) is read as that
		}
		for _, it := range items {
			if it.Err == nil && it.Origin.Record < 1 {
				t.Fatalf("WARC item with record %d, want >= 1", it.Origin.Record)
			}
		}
	})
}
