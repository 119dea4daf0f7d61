package segment

import (
	"testing"

	"newsgraph"
)

// FuzzSegment checks the span invariants of Segment, with found and with given (arbitrary) paragraphs, on any
// input, including invalid UTF-8.
func FuzzSegment(f *testing.F) {
	for _, s := range []string{
		"", "Dr. Lina Haddad met U.S. officials. They didn't agree.", "Headline\nBody text.\n\n- a\n- b",
		"caf\xe9 \xff\xfe “quoted.” ’s n't ./. ... ?! https://x.org/(a). a@b.c +44 1,000.5",
		"1. Item\r\n2. Item\u2028\u2029\u0085x", "\x00\x7f\u200b\ufeff\u00a0 word",
	} {
		f.Add(s, uint16(0), uint16(len(s)))
	}
	f.Fuzz(func(t *testing.T, text string, a, b uint16) {
		paras, sents, toks := Segment(text, nil)
		checkInvariants(t, text, paras, sents, toks)
		n := len(text) + 1
		given := []newsgraph.Span{{Start: int(a) % n, End: int(b) % n}, {Start: int(b) % n, End: len(text)}, {Start: 0, End: int(a) % n}}
		paras, sents, toks = Segment(text, given)
		checkInvariants(t, text, paras, sents, toks)
	})
}
