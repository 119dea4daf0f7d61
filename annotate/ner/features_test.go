package ner

import (
	"testing"
)

func TestWordShape(t *testing.T) {
	tests := []struct {
		in   string
		run  int
		want string
	}{
		{"Lavrov", 4, "Xxxxx"},
		{"Lavrov", 1, "Xx"},
		{"NATO", 1, "X"},
		{"U.S.", 1, "X.X."},
		{"1996-08-22", 1, "d-d-d"},
		{"1996-08-22", 4, "dddd-dd-dd"},
		{"al-Assad", 1, "x-Xx"},
		{"McDonald's", 1, "XxXx'x"},
		{"Erdoğan", 1, "Xx"},
		{"", 1, ""},
	}
	for _, tt := range tests {
		if got := wordShape(tt.in, tt.run); got != tt.want {
			t.Errorf("wordShape(%q, %d) = %q, want %q", tt.in, tt.run, got, tt.want)
		}
	}
}

func TestLowerDigits(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Doha", "doha"},
		{"1996-08-22", "0000-00-00"},
		{"ÉLYSÉE", "élysée"},
		{"x", "x"},
	}
	for _, tt := range tests {
		if got := lowerDigits(tt.in); got != tt.want {
			t.Errorf("lowerDigits(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCapsSentence(t *testing.T) {
	tests := []struct {
		toks []string
		want bool
	}{
		{[]string{"SOCCER", "-", "LAVROV", "MEETS", "FIDAN", "IN", "DOHA", "."}, true},
		{[]string{"DOHA", "2024-12-07"}, true},
		{[]string{"Lavrov", "met", "NATO", "officials", "."}, false},
		{[]string{"The", "U.S.", "and", "the", "EU", "agreed", "."}, false},
		{[]string{"1-0", "."}, false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := capsSentence(tt.toks); got != tt.want {
			t.Errorf("capsSentence(%q) = %v, want %v", tt.toks, got, tt.want)
		}
	}
}

func TestDocCase(t *testing.T) {
	// "Fidan" is written capitalised mid-sentence in the body, so the headline's FIDAN can read that.
	v := newDocView([][]string{
		{"LAVROV", "MEETS", "FIDAN"},
		{"On", "Saturday", "Lavrov", "met", "Fidan", "and", "said", "nothing", "."},
	})
	if !v.caps[0] || v.caps[1] {
		t.Errorf("caps = %v, want [true false]", v.caps)
	}
	for w, want := range map[string]string{"fidan": "Xx", "lavrov": "Xx", "said": "x", "on": ""} {
		if got := v.docCase[w]; got != want {
			t.Errorf("docCase[%q] = %q, want %q", w, got, want)
		}
	}
}

func TestLocalFeaturesCapsMode(t *testing.T) {
	// The same word in a headline and in running text shares its lowered-word feature but not its shape
	// feature, which is conjoined with headline mode.
	m := &Model{}
	v := newDocView([][]string{{"PUTIN", "VISITS", "ANKARA"}, {"Putin", "visits", "Ankara", "."}})
	a := m.localFeatures(nil, v, 0, 0)
	b := m.localFeatures(nil, v, 1, 0)
	word := newHash(fWord).str("putin").sum()
	if !contains(a, word) || !contains(b, word) {
		t.Errorf("lowered-word feature missing: headline %v, text %v", contains(a, word), contains(b, word))
	}
	caps := newHash(fCapsWord).str("putin").sum()
	if !contains(a, caps) || contains(b, caps) {
		t.Errorf("headline-word feature: in headline %v (want true), in text %v (want false)", contains(a, caps), contains(b, caps))
	}
	for _, f := range []uint64{newHash(fShort).str("X").num(1).sum()} {
		if !contains(a, f) || contains(b, f) {
			t.Errorf("headline shape feature misplaced")
		}
	}
	// features are deterministic
	if c := m.localFeatures(nil, v, 0, 0); len(c) != len(a) {
		t.Errorf("localFeatures not deterministic: %d then %d features", len(a), len(c))
	}
}

func contains(hs []uint64, h uint64) bool {
	for _, x := range hs {
		if x == h {
			return true
		}
	}
	return false
}

func TestSplitText(t *testing.T) {
	got := splitText("\u201cWe won\u2019t go,\u201d said Mr. Smith of the U.S. Army.\nNew line")
	want := [][]string{{"\"", "We", "wo", "n't", "go", ",", "\"", "said", "Mr.", "Smith", "of", "the", "U.S.", "Army", "."}, {"New", "line"}}
	if len(got) != len(want) {
		t.Fatalf("splitText = %q, want %q", got, want)
	}
	for i := range want {
		if len(got[i]) != len(want[i]) {
			t.Errorf("splitText sentence %d = %q, want %q", i, got[i], want[i])
			continue
		}
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("splitText sentence %d = %q, want %q", i, got[i], want[i])
				break
			}
		}
	}
}
