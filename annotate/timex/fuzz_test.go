package timex

import (
	"testing"
	"time"

	"newsgraph/annotate/segment"
)

// FuzzFind checks the span invariants of Find on arbitrary text, with and without a DCT.
func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"On Saturday, 10:30 GMT, the six-year war entered its third quarter.",
		"yesterday (November 26) and 12/07/2024 and 2024-13-45 and 31/31/2024",
		"the end of the last month, two-and-a-half hours, 5 1/2 hours, mid-, -year-, '9s, 1990s",
		"every each per the the the of of , , ( ( ) )",
		"", "\xff\xfe", "Feb. 29, 2023 Feb. 29, 2024 nineteen ninety-nine",
	} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, text string, withDCT bool) {
		dct := time.Time{}
		if withDCT {
			dct = dctSat
		}
		_, sents, toks := segment.Segment(text, nil)
		got := Find(text, sents, toks, dct)
		checkSpans(t, text, got, len(sents))
		for _, s := range sents {
			if withDCT && s.Date == "" {
				t.Errorf("Find(%q): sentence %+v has no date despite the DCT", text, s)
			}
		}
	})
}
