package source

import (
	"bytes"
	"testing"
)

func FuzzText(f *testing.F) {
	f.Add([]byte(article))
	f.Add([]byte(page))
	f.Add([]byte("caf\xe9\x00"))
	f.Add([]byte("\xff\xfeh\x00i\x00"))
	f.Add([]byte("<?xml version=\"1.0\"?><html>"))
	f.Add([]byte(" \n "))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, path := range []string{"fuzz.txt", "fuzz"} {
			items, err := readMem(path, data, fuzzOpts)
			if err != nil {
				t.Fatalf("Read(%s) error = %v, want nil for in-memory input", path, err)
			}
			checkInvariants(t, path, items, fuzzOpts)
			head := data[:min(len(data), sniffLen)]
			k := sniff(head, extHint(path), len(data) <= sniffLen)
			if k != kindText && k != kindHTML {
				continue
			}
			if len(items) != 1 || items[0].Origin.Record != 0 {
				t.Fatalf("Read(%s) of a %v file = %d items, want 1 for the whole file", path, k, len(items))
			}
			if it := items[0]; it.Err == nil && !bytes.Equal(it.Raw, data) {
				t.Fatalf("Read(%s) Raw = %q, want the file unchanged %q", path, it.Raw, data)
			}
		}
	})
}
