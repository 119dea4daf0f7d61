package event

import (
	"bytes"
	"testing"
)

// TestBuiltinLexicon reads the embedded lexicon without error and checks that every code it gives (a verb's, a
// pattern's, either side of a pair) has a Goldstein score in the table, so no built-in event goes unscored.
func TestBuiltinLexicon(t *testing.T) {
	verbs, _, err := readDict(bytes.NewReader(builtinVerbs), "data/verbs.txt")
	if err != nil {
		t.Fatal(err)
	}
	check := func(where, code string) {
		if code == "" {
			return
		}
		if _, ok := codeTable()[code]; !ok {
			t.Errorf("%s: code %q is not in data/codes.txt", where, code)
		}
	}
	for k, v := range verbs {
		check(k, v.code)
		check(k, v.rev)
		for _, p := range v.patterns {
			check(k, p.code)
			check(k, p.rev)
		}
	}
	a := newAgentTable()
	if err := a.read(bytes.NewReader(builtinAgents), "data/agents.txt"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ words, code string }{{"soldiers", "MIL"}, {"armed forces", "MIL"}, {"rebels", "REB"}, {"ministries", "GOV"}} {
		ws := bytes.Fields([]byte(tt.words))
		var words []string
		for _, w := range ws {
			words = append(words, string(w))
		}
		if ag, n := a.match(words, 0); n != len(words) || ag.code != tt.code {
			t.Errorf("agent %q = %q (%d words), want %s", tt.words, ag.code, n, tt.code)
		}
	}
}

// TestForms checks the derived verb forms.
func TestForms(t *testing.T) {
	for lemma, want := range map[string][]string{
		"attack": {"attacks", "attacked", "attacking"}, "ban": {"bans", "banned", "banning"},
		"urge": {"urges", "urged", "urging"}, "deny": {"denies", "denied", "denying"},
		"travel": {"travels", "travelled", "traveling"}, "visit": {"visits", "visited", "visiting"},
	} {
		fs := formsOf(&verb{lemma: lemma})
		for _, w := range want {
			if _, ok := fs[w]; !ok {
				t.Errorf("formsOf(%s) = %v, want %s among them", lemma, fs, w)
			}
		}
	}
}
