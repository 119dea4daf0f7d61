package event

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// TestBuiltinNouns reads the embedded noun lexicon without error, checks that each code it gives is scored in
// data/codes.txt, and that a noun is found by each of its forms.
func TestBuiltinNouns(t *testing.T) {
	nouns, err := readNouns(bytes.NewReader(builtinNouns), "data/nouns.txt")
	if err != nil {
		t.Fatal(err)
	}
	for form, ns := range nouns {
		for _, n := range ns {
			for _, c := range []string{n.code, n.rev} {
				if _, ok := codeTable()[c]; c != "" && !ok {
					t.Errorf("%s: code %q is not in data/codes.txt", form, c)
				}
			}
		}
	}
	for _, tt := range []struct{ form, words, code string }{
		{"talks", "talks", "040"}, {"meetings", "meeting", "040"}, {"call", "phone call", "041"}, {"calls", "phone call", "041"},
		{"attacks", "attack", "190"}, {"airstrikes", "airstrike", "195"}, {"visit", "visit", "042"},
	} {
		found := false
		for _, n := range nouns[tt.form] {
			found = found || strings.Join(n.words, " ") == tt.words && n.code == tt.code
		}
		if !found {
			t.Errorf("nouns[%q] holds no %q [%s]", tt.form, tt.words, tt.code)
		}
	}
}

func TestReadNouns(t *testing.T) {
	for _, tt := range []struct {
		in      string
		forms   []string // the forms read, sorted
		wantErr bool
	}{
		{"MEETING [040:040] with", []string{"meeting", "meetings"}, false},
		{"TALKS {TALKS} [040:040] with  # a comment", []string{"talks"}, false},
		{"AIR_STRIKE [195] on against", []string{"strike", "strikes"}, false},
		{"ATTACK [190]", nil, true},               // no preposition
		{"ATTACK [19x] on", nil, true},            // not a code
		{"ATTACK 190 on", nil, true},              // no brackets
		{"AIR STRIKE [195] on", nil, true},        // words not joined by _
		{"VISIT {VISITS [042:043] to", nil, true}, // unclosed {
		{"", nil, false},
	} {
		got, err := readNouns(strings.NewReader(tt.in), "test")
		var forms []string
		for f := range got {
			forms = append(forms, f)
		}
		slices.Sort(forms)
		if (err != nil) != tt.wantErr || !slices.Equal(forms, tt.forms) {
			t.Errorf("readNouns(%q) = %v, %v; want %v, error %v", tt.in, forms, err, tt.forms, tt.wantErr)
		}
	}
}

// FuzzReadNouns reads arbitrary noun lexicons: no panic, and every noun read has words, a code and prepositions.
func FuzzReadNouns(f *testing.F) {
	f.Add(string(builtinNouns))
	f.Add("PHONE_CALL {CALLS} [041:041] with\nATTACK [190] on")
	f.Add("{ [ ] } _ [:]")
	f.Fuzz(func(t *testing.T, in string) {
		nouns, _ := readNouns(strings.NewReader(in), "fuzz")
		for form, ns := range nouns {
			for _, n := range ns {
				if form == "" || len(n.words) == 0 || !validCode(n.code) || len(n.preps) == 0 {
					t.Errorf("readNouns(%q): form %q noun %+v", in, form, n)
				}
			}
		}
	})
}
