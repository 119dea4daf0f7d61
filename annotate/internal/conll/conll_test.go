package conll

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	in := "The DT O\nfirm NN O\n\n-DOCSTART- -X- O\n\n-DOCSTART- -X- O\nTVM NNP B-ORG\nsaid VBD O\n\n. . O\n-DOCSTART- -X- O\n"
	got, err := Read(strings.NewReader(in), "x.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Document{
		{Line: 1, Sentences: []Sentence{{{"The", "DT", "O"}, {"firm", "NN", "O"}}}},
		{Line: 6, Sentences: []Sentence{{{"TVM", "NNP", "B-ORG"}, {"said", "VBD", "O"}}, {{".", ".", "O"}}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Read = %+v\nwant %+v (the empty document of line 4 and the last -DOCSTART- left out)", got, want)
	}

	refuse := func(fields []string) error {
		if len(fields) < 2 {
			return errors.New("no second field")
		}
		return nil
	}
	if _, err := Read(strings.NewReader("a b\n\nc\n"), "y.txt", refuse); err == nil || !strings.Contains(err.Error(), "y.txt:3") ||
		!strings.Contains(err.Error(), "no second field") {
		t.Errorf("Read with a refusing check = %v; want an error naming y.txt:3 and the reason", err)
	}
	if got, err := Read(strings.NewReader(""), "empty", nil); err != nil || len(got) != 0 {
		t.Errorf("Read(empty) = %v, %v; want nothing", got, err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add("-DOCSTART- -X- O\n\nThe DT O\n\nx\n")
	f.Add("a b c\r\n\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		docs, err := Read(strings.NewReader(in), "fuzz", nil)
		if err != nil {
			return // only a line over the scanner's limit
		}
		for _, d := range docs {
			if len(d.Sentences) == 0 || d.Line < 1 {
				t.Fatalf("document %+v: empty or without a line", d)
			}
			for _, s := range d.Sentences {
				for _, fields := range s {
					if len(fields) == 0 || fields[0] == "-DOCSTART-" {
						t.Fatalf("token line %q", fields)
					}
				}
			}
		}
	})
}

func TestFold(t *testing.T) {
	tests := []struct {
		in            string
		hyphens, penn string
	}{
		{"\u201cWe", "\"We", "\"We"},
		{"\u201d", `"`, `"`},
		{"\u2019s", "'s", "'s"},
		{"n\u2019t", "n't", "n't"},
		{"``", `"`, `"`},
		{"''", `"`, `"`},
		{"1990\u20131995", "1990-1995", "1990-1995"},
		{"\u2014", "-", "--"},
		{"\u2015", "\u2015", "--"},
		{"\u2026", "\u2026", "..."},
		{"`", "`", "`"},                            // ASCII comes back as it is
		{"`caf\u00e9", "'caf\u00e9", "`caf\u00e9"}, // a backquote in a word with other non-ASCII
		{"a\u00a0b", "a b", "a b"},                 // no-break space
		{"Doha", "Doha", "Doha"},                   // ASCII
		{"Erdoğan", "Erdoğan", "Erdoğan"},          // letters are not typography
		{"Zürich", "Zürich", "Zürich"},
	}
	for _, tt := range tests {
		for _, c := range []struct {
			style Style
			want  string
		}{{Hyphens, tt.hyphens}, {Penn, tt.penn}} {
			got := Fold(tt.in, c.style)
			if got != c.want {
				t.Errorf("Fold(%q, %d) = %q, want %q", tt.in, c.style, got, c.want)
			}
			if again := Fold(got, c.style); again != got {
				t.Errorf("Fold(_, %d) not idempotent: %q -> %q -> %q", c.style, tt.in, got, again)
			}
		}
	}
	if n := testing.AllocsPerRun(100, func() { Fold("Lavrov", Penn) }); n != 0 {
		t.Errorf("Fold(ASCII) allocates %.0f times; want none", n)
	}
}
