package quote_test

import (
	"slices"
	"testing"

	"newsgraph/annotate/pos"
	"newsgraph/annotate/quote"
)

func TestTagSubject(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"The 34-year-old mother of three replied that she was fine.", "The 34-year-old mother of three"},
		{"“We will win,” the campaign's senior adviser said on Monday.", "the campaign's senior adviser"},
		{"She never said that.", "She"},
		{"A new era for the party.", ""},
	} {
		d := mkDoc(t, c.text)
		if got := quote.TagSubject(d, 0); got != c.want {
			t.Errorf("TagSubject(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestTagsByPrefix checks that the tags of sentence prefixes, asked for in any order, are those of the whole
// sentence.
func TestTagsByPrefix(t *testing.T) {
	m, err := pos.Default()
	if err != nil {
		t.Skipf("no tagger: %v", err)
	}
	text := "The committee, which met in closed session on Tuesday after weeks of delays and a string of " +
		"angry letters from members of both parties who had demanded answers, said in a short statement that it " +
		"would publish the full report next month. “It is done,” she said."
	d := mkDoc(t, text)
	var want []string
	for _, s := range d.Sentences {
		var words []string
		for _, tok := range d.Tokens[s.TokenStart:s.TokenEnd] {
			words = append(words, tok.In(text))
		}
		want = append(want, m.Tag(words)...)
	}
	n := len(d.Tokens)
	orders := map[string][]int{"forward": {}, "backward": {}, "strided": {}}
	for i := range n {
		orders["forward"] = append(orders["forward"], i)
		orders["backward"] = append(orders["backward"], n-1-i)
	}
	for i := 0; i < n; i += 7 {
		orders["strided"] = append(orders["strided"], i)
	}
	for i := range n {
		if i%7 != 0 {
			orders["strided"] = append(orders["strided"], i)
		}
	}
	for name, ts := range orders {
		if got := quote.Tags(d, ts); !slices.Equal(got, want) {
			t.Errorf("Tags(%s order) = %v, want the whole sentences' %v", name, got, want)
		}
	}
}
