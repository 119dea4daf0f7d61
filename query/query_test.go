package query

import (
	"errors"
	"testing"

	"newsgraph"
)

func TestParseFTS5(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Lavrov Doha", `"lavrov" AND "doha"`},
		{`"Doha Forum" Lavrov`, `"doha forum" AND "lavrov"`},
		{"Lavrov OR Araghchi Doha", `("lavrov" OR "araghchi") AND "doha"`},
		{"lavr* -Doha", `"lavr"* NOT "doha"`},
		{"al-Assad", `"al assad"`},
		{"  ", ""},
		{`NEAR("x")`, `"near" AND "x"`},
	}
	for _, tt := range tests {
		q, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q) error: %v", tt.in, err)
			continue
		}
		if got := q.FTS5(); got != tt.want {
			t.Errorf("Parse(%q).FTS5() = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{`"open`, "OR x", "x OR", "x OR OR y", "-x", "- x", "***", `""`, "a OR -b", "\xff"} {
		if _, err := Parse(in); !errors.Is(err, newsgraph.ErrBadQuery) {
			t.Errorf("Parse(%q) error = %v, want ErrBadQuery", in, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"Lavrov Doha", `"a b" OR c -d e*`, `"`, "OR"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			if !errors.Is(err, newsgraph.ErrBadQuery) {
				t.Fatalf("Parse(%q) error %v does not wrap ErrBadQuery", s, err)
			}
			return
		}
		for _, c := range q.Clauses {
			for _, tm := range c {
				if len(tm.Words) == 0 {
					t.Fatalf("Parse(%q) produced a term with no words", s)
				}
			}
		}
	})
}
