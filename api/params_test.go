package api

import (
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitSnippet(t *testing.T) {
	for _, tc := range []struct {
		in, text string
		marks    []string
	}{
		{"a «b» c «dé»", "a b c dé", []string{"b", "dé"}},
		{"«x»", "x", []string{"x"}},
		{"no marks", "no marks", nil},
		{"open «only", "open only", nil},
		{"close» only", "close only", nil},
		{"«»empty", "empty", nil},
		{"…«Lavrov» said", "…Lavrov said", []string{"Lavrov"}},
	} {
		text, spans := splitSnippet(tc.in)
		var marks []string
		for _, sp := range spans {
			marks = append(marks, text[sp[0]:sp[1]])
		}
		if text != tc.text || strings.Join(marks, "|") != strings.Join(tc.marks, "|") {
			t.Errorf("splitSnippet(%q) = %q %q, want %q %q", tc.in, text, marks, tc.text, tc.marks)
		}
	}
}

func FuzzSplitSnippet(f *testing.F) {
	for _, s := range []string{"a «b» c", "««x»»", "«", "é«ü»", "\xff«\xfe»"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text, spans := splitSnippet(s)
		if strings.ContainsAny(text, "«»") {
			t.Fatalf("splitSnippet(%q) left marks in %q", s, text)
		}
		end := 0
		for _, sp := range spans {
			if sp[0] < end || sp[0] >= sp[1] || sp[1] > len(text) {
				t.Fatalf("splitSnippet(%q): span %v out of order or outside %q", s, sp, text)
			}
			if utf8.ValidString(s) && (!utf8.ValidString(text[sp[0]:sp[1]])) {
				t.Fatalf("splitSnippet(%q): span %v cuts a character", s, sp)
			}
			end = sp[1]
		}
	})
}

func FuzzParams(f *testing.F) {
	for _, s := range []string{"q=a&limit=5", "limit=x&offset=-1", "from=2024&to=2023", "%ff=1", "q=a&q=b", "a=%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		req := httptest.NewRequest("GET", "/x", nil)
		req.URL.RawQuery = raw
		p := parse(req, "q", "limit", "offset", "from", "to")
		limit, offset := p.page(20)
		from, to := p.dates()
		err := p.err()
		if err == nil && (limit < 1 || limit > 100 || offset < 0 || offset > maxOffset || !from.IsZero() && !to.IsZero() && to.Before(from)) {
			t.Fatalf("parse(%q) accepted limit %d offset %d from %v to %v", raw, limit, offset, from, to)
		}
		if err != nil && err.Error() == "" {
			t.Fatalf("parse(%q): an error without a message", raw)
		}
	})
}
