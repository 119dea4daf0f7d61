package source

import (
	"testing"
)

func FuzzFeed(f *testing.F) {
	f.Add([]byte(rss2))
	f.Add([]byte(atom))
	f.Add([]byte(rss1))
	f.Add([]byte(rss2[:len(rss2)/2]))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","content_html":"<p>x</p>"}]}`))
	f.Add([]byte("plain words"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := readMem("fuzz.xml", data, fuzzOpts)
		if err != nil {
			t.Fatalf("Read(fuzz.xml) error = %v, want nil for in-memory input", err)
		}
		checkInvariants(t, "fuzz.xml", items, fuzzOpts)
	})
}
