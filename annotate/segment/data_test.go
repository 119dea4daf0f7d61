package segment

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"newsgraph"
	"newsgraph/internal/shared"
)

// readSeeds returns the seed articles by file name prefix ("000" ... "004"), skipping when they are absent.
func readSeeds(tb testing.TB) map[string]string {
	tb.Helper()
	dir := shared.Need(tb, "seeds")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		tb.Skipf("skipped: no seed texts in %s (%v)", dir, err)
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatalf("read seed: %v", err)
		}
		out[filepath.Base(f)[:3]] = string(b)
	}
	return out
}

// tokenEverywhere reports how often w occurs in text and whether each occurrence is exactly one token.
func tokenEverywhere(text string, toks []newsgraph.Span, w string) (n int, ok bool) {
	ok = true
	for i := 0; ; {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return n, ok
		}
		sp := newsgraph.Span{Start: i + j, End: i + j + len(w)}
		if _, found := slices.BinarySearchFunc(toks, sp, func(a, b newsgraph.Span) int {
			if a.Start != b.Start {
				return a.Start - b.Start
			}
			return a.End - b.End
		}); !found {
			ok = false
		}
		n++
		i += j + len(w)
	}
}

// sentencesIn counts the sentences of paragraph p.
func sentencesIn(sents []newsgraph.Sentence, p int) int {
	n := 0
	for _, s := range sents {
		if s.Paragraph == p {
			n++
		}
	}
	return n
}

// TestSeeds checks the invariants on the five seed articles and properties read off them by hand.
func TestSeeds(t *testing.T) {
	seeds := readSeeds(t)
	type seg struct {
		paras []newsgraph.Span
		sents []newsgraph.Sentence
		toks  []newsgraph.Span
	}
	got := map[string]seg{}
	for name, text := range seeds {
		paras, sents, toks := Segment(text, nil)
		checkInvariants(t, text, paras, sents, toks)
		got[name] = seg{paras, sents, toks}
		// The paragraphs found, given back, make the same sentences.
		_, sents2, toks2 := Segment(text, paras)
		if !slices.Equal(sents, sents2) || !slices.Equal(toks, toks2) {
			t.Errorf("seed %s: Segment(text, Paragraphs(text)) differs from Segment(text, nil)", name)
		}
		// No sentence ends with a title abbreviation.
		for _, s := range sents {
			if last := toks[s.TokenEnd-1]; s.TokenEnd < len(toks) && strings.HasPrefix(text[last.Start:last.End], "Mr.") {
				t.Errorf("seed %s: a sentence ends with %q", name, text[last.Start:last.End])
			}
		}
	}
	// Each check: seed, what, the value found, the value counted by hand.
	checkCount := func(seed, what string, gotN, want int) {
		t.Helper()
		if gotN != want {
			t.Errorf("seed %s: %s = %d, want %d", seed, what, gotN, want)
		}
	}
	checkTokens := func(seed string, words ...string) {
		t.Helper()
		s, ok := got[seed]
		if !ok {
			return
		}
		for _, w := range words {
			if n, all := tokenEverywhere(seeds[seed], s.toks, w); n == 0 || !all {
				t.Errorf("seed %s: %q occurs %d times, each one token: %v", seed, w, n, all)
			}
		}
	}
	if s, ok := got["000"]; ok {
		text := seeds["000"]
		checkCount("000", "paragraphs", len(s.paras), 16)
		checkCount("000", "sentences in the headline paragraph 0", sentencesIn(s.sents, 0), 1)
		checkCount("000", "sentences in paragraph 4", sentencesIn(s.sents, 4), 2)
		checkCount("000", "sentences in paragraph 12", sentencesIn(s.sents, 12), 3)
		checkCount("000", "sentences in the dash-led paragraph 9", sentencesIn(s.sents, 9), 1)
		if first := s.toks[s.sents[0].TokenStart]; first.Start != s.paras[0].Start {
			t.Errorf("seed 000: the first sentence does not start the text")
		}
		// Paragraph 9 starts with a dash token of its own.
		for _, st := range s.sents {
			if st.Paragraph == 9 {
				if tok := s.toks[st.TokenStart]; text[tok.Start:tok.End] != "-" {
					t.Errorf("seed 000: paragraph 9 starts with %q, want a dash token", text[tok.Start:tok.End])
				}
			}
		}
		checkTokens("000", "al-Assad", "EPA-EFE", "long-term")
	}
	if s, ok := got["001"]; ok {
		checkCount("001", "paragraphs", len(s.paras), 3)
		checkCount("001", "sentences in paragraph 1", sentencesIn(s.sents, 1), 12)
		// 9, not 10: one period there is followed by a lower-case word, which continues the sentence.
		checkCount("001", "sentences in paragraph 2", sentencesIn(s.sents, 2), 9)
		checkTokens("001", "2024-12-07", "Al-Thani", "three-way", "so-called")
	}
	if s, ok := got["002"]; ok {
		checkCount("002", "paragraphs", len(s.paras), 15)
		checkCount("002", "sentences in the headline paragraph 0", sentencesIn(s.sents, 0), 1)
		checkCount("002", "sentences in paragraph 3", sentencesIn(s.sents, 3), 4)
		checkTokens("002", "U.S.", "n’t", "US-aligned", "military-technical")
	}
	if s, ok := got["003"]; ok {
		checkCount("003", "paragraphs", len(s.paras), 28)
		checkCount("003", "sentences", len(s.sents), 28)
		checkTokens("003", "330,000", "US-backed", "de-escalation", "Kremlin-allied", "UN-led")
	}
	if s, ok := got["004"]; ok {
		text := seeds["004"]
		checkCount("004", "paragraphs", len(s.paras), 13)
		checkCount("004", "sentences in the headline paragraph 0", sentencesIn(s.sents, 0), 1)
		checkCount("004", "sentences in paragraph 2", sentencesIn(s.sents, 2), 2)
		checkCount("004", "sentences in paragraph 5", sentencesIn(s.sents, 5), 2)
		checkCount("004", "sentences in paragraph 6", sentencesIn(s.sents, 6), 4)
		checkTokens("004", "Mr.", "Turkey-based", "al-Assad", "VOV.VN")
		// The machine-translation end mark is a token that ends paragraph 11's last sentence.
		last := -1
		for i, st := range s.sents {
			if st.Paragraph == 11 {
				last = i
			}
		}
		if last < 0 {
			t.Fatalf("seed 004: no sentence in paragraph 11")
		}
		if tok := s.toks[s.sents[last].TokenEnd-1]; text[tok.Start:tok.End] != "./." {
			t.Errorf("seed 004: paragraph 11 ends with %q, want \"./.\"", text[tok.Start:tok.End])
		}
	}
}

// detokenize joins CoNLL tokens the way text is usually written: no space before , . ; : ! ? ) % and the
// clitics, none after ( and $, quotes hugging what they quote, "/" between its neighbours.
func detokenize(toks []string) string {
	var b strings.Builder
	inDouble, inSingle, glueNext := false, false, true
	prev := ""
	for _, tok := range toks {
		space := !glueNext
		glueNext = false
		switch lt := strings.ToLower(tok); lt {
		case ",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "...", "'s", "n't", "'re", "'m", "'ve", "'ll", "'d":
			space = false
		case `"`:
			if inDouble {
				space = false
			} else {
				glueNext = true
			}
			inDouble = !inDouble
		case "'":
			switch {
			case !inSingle && (strings.HasSuffix(prev, "s") || strings.HasSuffix(prev, "S")):
				space = false // plural possessive
			case inSingle:
				space, inSingle = false, false
			default:
				glueNext, inSingle = true, true
			}
		case "(", "[", "{", "$":
			glueNext = true
		case "/":
			space, glueNext = false, true
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tok)
		prev = tok
	}
	return b.String()
}

// TestCoNLLTokenization re-joins each CoNLL-2003 dev sentence as running text and checks that Tokenize gives
// the CoNLL tokens back for at least 98% of the sentences.
func TestCoNLLTokenization(t *testing.T) {
	dir := shared.Need(t, "data", "ner", "conll2003")
	f, err := os.Open(filepath.Join(dir, "dev.txt"))
	if err != nil {
		t.Fatalf("open CoNLL dev: %v", err)
	}
	defer f.Close()
	var sent []string
	total, same := 0, 0
	var misses []string
	check := func() {
		if len(sent) == 0 {
			return
		}
		total++
		text := detokenize(sent)
		got := texts(text, Tokenize(text))
		if slices.Equal(got, sent) {
			same++
		} else if len(misses) < 10 {
			misses = append(misses, strings.Join(got, " | "))
		}
		sent = sent[:0]
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) == 0:
			check()
		case fields[0] == "-DOCSTART-":
		default:
			sent = append(sent, fields[0])
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read CoNLL dev: %v", err)
	}
	check()
	share := float64(same) / float64(total)
	t.Logf("CoNLL-2003 dev: Tokenize gives the CoNLL tokens back for %d of %d sentences (%.2f%%)", same, total, 100*share)
	if total < 1000 || share < 0.98 {
		for _, m := range misses {
			t.Logf("differs: %s", m)
		}
		t.Errorf("CoNLL agreement %.4f over %d sentences, want >= 0.98", share, total)
	}
}

// BenchmarkSegment segments the five seed articles, concatenated.
func BenchmarkSegment(b *testing.B) {
	seeds := readSeeds(b)
	keys := make([]string, 0, len(seeds))
	for k := range seeds {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var sb strings.Builder
	for _, k := range keys {
		sb.WriteString(seeds[k])
		sb.WriteString("\n\n")
	}
	text := sb.String()
	_, _, toks := Segment(text, nil)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Segment(text, nil)
	}
	b.ReportMetric(float64(len(toks))*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
