package segment

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"newsgraph"
)

// texts returns the text of each span.
func texts(s string, spans []newsgraph.Span) []string {
	out := make([]string, len(spans))
	for i, sp := range spans {
		out[i] = s[sp.Start:sp.End]
	}
	return out
}

func sentTexts(s string, sents []newsgraph.Sentence) []string {
	out := make([]string, len(sents))
	for i, st := range sents {
		out[i] = s[st.Start:st.Span.End]
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want string // tokens joined by "|"
	}{
		// Clitics, straight and curly apostrophes.
		{"Moscow's envoy", "Moscow|'s|envoy"},
		{"Kyiv’s allies", "Kyiv|’s|allies"},
		{"They don't agree.", "They|do|n't|agree|."},
		{"It isn’t over", "It|is|n’t|over"},
		{"CAN'T STOP", "CA|N'T|STOP"},
		{"We'll see, they're sure, I'm told, you've heard, he'd said", "We|'ll|see|,|they|'re|sure|,|I|'m|told|,|you|'ve|heard|,|he|'d|said"},
		{"THE ARMY'S PLAN", "THE|ARMY|'S|PLAN"},
		{"the 1990's", "the|1990|'s"},
		{"the rebels' positions", "the|rebels|'|positions"},
		{"Sean O'Brien and gov't aides", "Sean|O'Brien|and|gov't|aides"},
		// Hyphens.
		{"Ahmad al-Hasan, a Qatar-based, US-backed, UN-led de-escalation plan", "Ahmad|al-Hasan|,|a|Qatar-based|,|US-backed|,|UN-led|de-escalation|plan"},
		{"Sheikh Khalid Al-Nasser", "Sheikh|Khalid|Al-Nasser"},
		{"pre- and post-war", "pre-|and|post-war"},
		{"a U.S.-brokered deal", "a|U.S.-brokered|deal"},
		// Abbreviations and initials.
		{"U.S. and U.N. officials", "U.S.|and|U.N.|officials"},
		{"Dr. Amira Saleh met Gen. Tom Reyes, Mr. Park and Sen. Cole in St. Louis", "Dr.|Amira|Saleh|met|Gen.|Tom|Reyes|,|Mr.|Park|and|Sen.|Cole|in|St.|Louis"},
		{"on Jan. 12 at 9 a.m. local time", "on|Jan.|12|at|9|a.m.|local|time"},
		{"President George W. Bush", "President|George|W.|Bush"},
		{"Acme Corp. said", "Acme|Corp.|said"},
		{"ranked No. 5 and no. 7", "ranked|No.|5|and|no.|7"},
		{"there is no. Then", "there|is|no|.|Then"},
		{"talks in the U.S.", "talks|in|the|U.S|."},
		{"a ST. LOUIS firm", "a|ST.|LOUIS|firm"},
		{"e.g. this", "e.g.|this"},
		// Numbers.
		{"some 450,000 people", "some|450,000|people"},
		{"grew 3.5 percent, or .25 points", "grew|3.5|percent|,|or|.25|points"},
		{"on 2023-04-17 at 18:45", "on|2023-04-17|at|18:45"},
		{"a 1/2 share won 6-3", "a|1/2|share|won|6-3"},
		{"50% of $5 or US$5", "50|%|of|$|5|or|US$|5"},
		{"call +44 20", "call|+44|20"},
		{"1. First item", "1.|First|item"},
		{"am 3. Dezember", "am|3.|Dezember"},
		{"in 2011. The", "in|2011|.|The"},
		// Quotes.
		{`He said "no" and ‘maybe’ and “yes”`, `He|said|"|no|"|and|‘|maybe|’|and|“|yes|”`},
		{"'Reconcile' now", "'|Reconcile|'|now"},
		{"„Wir bleiben.“", "„|Wir|bleiben|.|“"},
		{"« Non »", "«|Non|»"},
		// Dashes.
		{"Aleppo – a city — and Homs--then", "Aleppo|–|a|city|—|and|Homs|--|then"},
		{"2011–2012", "2011|–|2012"},
		{"- If the army", "-|If|the|army"},
		// Terminal marks.
		{"Why?! Really... Yes… ok", "Why|?!|Really|...|Yes|…|ok"},
		{"the end./.", "the|end|./."},
		{"said.The next", "said|.|The|next"},
		{"ends here .It", "ends|here|.|It"},
		// URLs, e-mail, hashtags.
		{"See https://example.org/a?b=1. Then", "See|https://example.org/a?b=1|.|Then"},
		{"(www.example.com/x_(y))", "(|www.example.com/x_(y)|)"},
		{"Write to desk@example.com.", "Write|to|desk@example.com|."},
		{"at example.news today", "at|example.news|today"},
		{"#Syria @desk", "#Syria|@desk"},
		{"(see http://a.org/x)).", "(|see|http://a.org/x|)|)|."},
		{"Sen. Ann Lee, R-Ariz., said", "Sen.|Ann|Lee|,|R-Ariz.|,|said"},
		{"S&P 500 and AT&T", "S&P|500|and|AT&T"},
		// Odd input.
		{"caf\xe9 au lait", "caf\xe9|au|lait"},
		{"a\u00a0b\u200bc\u3000d", "a|b|c|d"},
		{"  \t\n", ""},
		{"", ""},
		{"(a)[b]{c}", "(|a|)|[|b|]|{|c|}"},
		{"x***y ===", "x|***|y|==="},
	}
	for _, tc := range tests {
		got := strings.Join(texts(tc.in, Tokenize(tc.in)), "|")
		if got != tc.want {
			t.Errorf("Tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"titles", "Dr. Lina Haddad arrived on Monday. Sen. Ray Cole met Gen. Omar Said and Mr. Adel Nur in Ankara.",
			[]string{"Dr. Lina Haddad arrived on Monday.", "Sen. Ray Cole met Gen. Omar Said and Mr. Adel Nur in Ankara."}},
		{"abbreviation then lower case", "The U.S. military said it would leave. Nobody believed it.",
			[]string{"The U.S. military said it would leave.", "Nobody believed it."}},
		{"abbreviation ends sentence", "Talks were held in the U.S. The next round is in Geneva.",
			[]string{"Talks were held in the U.S.", "The next round is in Geneva."}},
		{"abbreviation before name", "U.S. President Dana Cole arrived in St. Petersburg on Jan. 5 at 9 a.m. Monday.",
			[]string{"U.S. President Dana Cole arrived in St. Petersburg on Jan. 5 at 9 a.m. Monday."}},
		{"abbreviation before quote", "He lives in the U.S. \"It is home,\" he said.",
			[]string{"He lives in the U.S.", "\"It is home,\" he said."}},
		{"initials", "Former president George W. Bush spoke briefly. He left at noon.",
			[]string{"Former president George W. Bush spoke briefly.", "He left at noon."}},
		{"number sign", "He ranked No. 5 in the poll. His rival was No. 9.",
			[]string{"He ranked No. 5 in the poll.", "His rival was No. 9."}},
		{"decimals", "Growth was 3.5 percent in May. It fell to 2.1 percent later.",
			[]string{"Growth was 3.5 percent in May.", "It fell to 2.1 percent later."}},
		{"ellipsis", "He hesitated... Then he spoke. It was… well, odd.",
			[]string{"He hesitated...", "Then he spoke.", "It was… well, odd."}},
		{"quote after period", `She said: "We will stay." Then she left.`,
			[]string{`She said: "We will stay."`, "Then she left."}},
		{"curly quote after period", "He called it “a disgrace.” Officials declined to comment.",
			[]string{"He called it “a disgrace.”", "Officials declined to comment."}},
		{"single quote after period", "He said ‘enough.’ Then he left.",
			[]string{"He said ‘enough.’", "Then he left."}},
		{"opening quote starts next", `The talks failed. "We tried," she said.`,
			[]string{"The talks failed.", `"We tried," she said.`}},
		{"German quotes", "„Wir bleiben.“ Er ging.", []string{"„Wir bleiben.“", "Er ging."}},
		{"closing bracket", "(The talks failed.) A new round begins Monday.",
			[]string{"(The talks failed.)", "A new round begins Monday."}},
		{"quote glued to next sentence", `It ended."Next time," he said.`,
			[]string{"It ended.", `"Next time," he said.`}},
		{"question then lower case", "“Why now?” he asked. Nobody knew.", []string{"“Why now?” he asked.", "Nobody knew."}},
		{"spaced punctuation", "Fighting went on in recent weeks . It was the worst since 2019 .",
			[]string{"Fighting went on in recent weeks .", "It was the worst since 2019 ."}},
		{"lower case after period", "He spoke of “reform”. with his people. Then he left.",
			[]string{"He spoke of “reform”. with his people.", "Then he left."}},
		{"terminal marks", "Really?! Yes. Why? Because! Who knows? they said.",
			[]string{"Really?!", "Yes.", "Why?", "Because!", "Who knows? they said."}},
		{"semicolon", "The army advanced; the rebels fled. Calm returned.",
			[]string{"The army advanced; the rebels fled.", "Calm returned."}},
		{"sheikh", "Sheikh Tamim met Sheikh Khalid bin Saud. They talked.",
			[]string{"Sheikh Tamim met Sheikh Khalid bin Saud.", "They talked."}},
		{"company suffix", "He joined Acme Inc. Shares rose. Acme Inc. said little.",
			[]string{"He joined Acme Inc.", "Shares rose.", "Acme Inc. said little."}},
		{"machine translation end", "The visit ended on Friday./. The next one is in May./.",
			[]string{"The visit ended on Friday./.", "The next one is in May./."}},
		{"German ordinal date", "Die Gespräche begannen am 3. Dezember in Genf. Sie dauern an.",
			[]string{"Die Gespräche begannen am 3. Dezember in Genf.", "Sie dauern an."}},
		{"glued sentences", "The army withdrew.The rebels advanced.", []string{"The army withdrew.", "The rebels advanced."}},
		{"dash-led", "He was clear. - If they leave, we stay, he said.",
			[]string{"He was clear.", "- If they leave, we stay, he said."}},
		{"numbered list", "1. Talks resume\n2. Troops withdraw", []string{"1. Talks resume", "2. Troops withdraw"}},
		{"no period at all", "rebels advance on the capital", []string{"rebels advance on the capital"}},
		{"punctuation only start", "!! [] Words follow here.", []string{"!! [] Words follow here."}},
	}
	for _, tc := range tests {
		paras, sents, toks := Segment(tc.in, nil)
		checkInvariants(t, tc.in, paras, sents, toks)
		if got := sentTexts(tc.in, sents); !slices.Equal(got, tc.want) {
			t.Errorf("%s: Segment(%q) sentences = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

// TestLineBreaks covers line breaks inside a paragraph the caller gave.
func TestLineBreaks(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"headline", "Rebels Advance on Capital\nThe rebels advanced on Sunday. They met no resistance.",
			[]string{"Rebels Advance on Capital", "The rebels advanced on Sunday.", "They met no resistance."}},
		{"all caps", "SUPPORT OUR WORK.\nDONATE TODAY\nThank you.",
			[]string{"SUPPORT OUR WORK.", "DONATE TODAY", "Thank you."}},
		{"bullets", "Key points:\n- The army withdrew\n- Talks resume Monday",
			[]string{"Key points:", "- The army withdrew", "- Talks resume Monday"}},
		{"lower-case continuation", "The minister said the talks would go on\ndespite the attack.",
			[]string{"The minister said the talks would go on\ndespite the attack."}},
		{"comma continuation", "Troops from Turkey, Iran,\nRussia and Syria attended.",
			[]string{"Troops from Turkey, Iran,\nRussia and Syria attended."}},
		{"title at line end", "The statement was signed by Gen.\nOmar Said on Friday.",
			[]string{"The statement was signed by Gen.\nOmar Said on Friday."}},
		{"hard-wrapped", "Foreign ministers of the three countries met in the Gulf on\n" +
			"Saturday to discuss the war in Syria and agreed that talks\n" +
			"between the government and the opposition should begin\n" +
			"Soon, officials said.",
			[]string{"Foreign ministers of the three countries met in the Gulf on\n" +
				"Saturday to discuss the war in Syria and agreed that talks\n" +
				"between the government and the opposition should begin\n" +
				"Soon, officials said."}},
		{"blank line inside", "First part\n\nSecond part", []string{"First part", "Second part"}},
	}
	for _, tc := range tests {
		given := []newsgraph.Span{{Start: 0, End: len(tc.in)}}
		paras, sents, toks := Segment(tc.in, given)
		checkInvariants(t, tc.in, paras, sents, toks)
		if len(paras) != 1 {
			t.Errorf("%s: Segment(%q, whole) paragraphs = %q, want the one given", tc.name, tc.in, texts(tc.in, paras))
		}
		if got := sentTexts(tc.in, sents); !slices.Equal(got, tc.want) {
			t.Errorf("%s: Segment(%q, whole) sentences = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	wrapped := "Foreign ministers of the three countries met in the Gulf on\n" +
		"Saturday to discuss the war in Syria and agreed that talks\n" +
		"between the government and the opposition should begin soon.\n" +
		"Officials said no date was set.\n" +
		"The next meeting of the ministers is planned for the spring,\n" +
		"when the three countries will again host the talks in the\n" +
		"region, diplomats said on Sunday."
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"blank lines", "Para one.\n\nPara two.\n\n\n  Para three.  \n", []string{"Para one.", "Para two.", "Para three."}},
		{"line per paragraph", "The first paragraph ends here.\nThe second one ends here.\nA third.",
			[]string{"The first paragraph ends here.", "The second one ends here.", "A third."}},
		{"headline then body", "Headline Words Here\nBody sentence one. Body two.\n\nMore text.",
			[]string{"Headline Words Here", "Body sentence one. Body two.", "More text."}},
		{"lower-case continuation", "This line ends without punctuation and\ncontinues here.",
			[]string{"This line ends without punctuation and\ncontinues here."}},
		// A short line ends a paragraph of wrapped text.
		{"hard-wrapped", wrapped, []string{wrapped[:strings.Index(wrapped, "The next")-1], wrapped[strings.Index(wrapped, "The next"):]}},
		{"wrapped, two-line paragraphs", "The foreign ministers of Russia, Iran and Turkey met on\nSaturday.\n\n" +
			"Their talks in the Qatari capital were aimed at a ceasefire\nBefore the rebels reach Damascus.\n\n" +
			"The three countries have been partners since the talks in\nthe Kazakh capital began.",
			[]string{"The foreign ministers of Russia, Iran and Turkey met on\nSaturday.",
				"Their talks in the Qatari capital were aimed at a ceasefire\nBefore the rebels reach Damascus.",
				"The three countries have been partners since the talks in\nthe Kazakh capital began."}},
		{"dash subhead", "- Talks in Doha -\nThe ministers met.", []string{"- Talks in Doha -", "The ministers met."}},
		{"broken word", "A long Syrian-\nTurkish border.", []string{"A long Syrian-\nTurkish border."}},
		{"CRLF", "One.\r\n\r\nTwo.\r\nThree.", []string{"One.", "Two.", "Three."}},
		{"paragraph separator", "One.\u2029Two.", []string{"One.", "Two."}},
		{"only space", " \n\t\n\u00a0", nil},
		{"empty", "", nil},
	}
	for _, tc := range tests {
		got := Paragraphs(tc.in)
		if txt := texts(tc.in, got); !slices.Equal(txt, tc.want) {
			t.Errorf("%s: Paragraphs(%q) = %q, want %q", tc.name, tc.in, txt, tc.want)
		}
		paras, sents, toks := Segment(tc.in, nil)
		if !slices.Equal(paras, got) {
			t.Errorf("%s: Segment(%q, nil) paragraphs = %v, Paragraphs = %v", tc.name, tc.in, paras, got)
		}
		checkInvariants(t, tc.in, paras, sents, toks)
	}
}

func TestGivenParagraphs(t *testing.T) {
	text := "  One here.  \n\nTwo here. Three.\n\n   \n"
	// Unsorted, overlapping, out of range, whitespace-only and empty spans.
	given := []newsgraph.Span{{Start: 15, End: 31}, {Start: 0, End: 14}, {Start: 10, End: 12}, {Start: 31, End: 100},
		{Start: -5, End: 0}, {Start: 33, End: 35}}
	paras, sents, toks := Segment(text, given)
	checkInvariants(t, text, paras, sents, toks)
	if got, want := texts(text, paras), []string{"One here.", "Two here. Three."}; !slices.Equal(got, want) {
		t.Errorf("Segment(%q, %v) paragraphs = %q, want %q", text, given, got, want)
	}
	if got, want := sentTexts(text, sents), []string{"One here.", "Two here.", "Three."}; !slices.Equal(got, want) {
		t.Errorf("Segment(%q, %v) sentences = %q, want %q", text, given, got, want)
	}
	if sents[2].Paragraph != 1 {
		t.Errorf("Segment(%q, %v): sentence 2 in paragraph %d, want 1", text, given, sents[2].Paragraph)
	}
	if given[0].Start != 15 {
		t.Errorf("Segment changed the caller's paragraphs: %v", given)
	}
}

// checkInvariants checks the contract of Segment (and that Tokenize makes the same tokens).
func checkInvariants(t *testing.T, text string, paras []newsgraph.Span, sents []newsgraph.Sentence, toks []newsgraph.Span) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("Segment(%q): %s", text, fmt.Sprintf(format, args...))
	}
	checkSpans := func(kind string, spans []newsgraph.Span) {
		t.Helper()
		prev := 0
		for i, sp := range spans {
			if sp.Start < prev || sp.End <= sp.Start || sp.End > len(text) {
				fail("%s %d %v: unsorted, overlapping, empty or outside the text (len %d)", kind, i, sp, len(text))
			}
			if isSpace(text[sp.Start:sp.End]) {
				fail("%s %d %v is only separators", kind, i, sp)
			}
			prev = sp.End
		}
	}
	checkSpans("paragraph", paras)
	checkSpans("token", toks)
	for i, sp := range toks {
		s := text[sp.Start:sp.End]
		for j := 0; j < len(s); {
			r, w := utf8.DecodeRuneInString(s[j:])
			if c, _ := classAt(s, j); c&kSep != 0 || (r != utf8.RuneError && unicode.IsSpace(r)) {
				fail("token %d %q holds a separator", i, s)
			}
			j += w
		}
	}
	// Sentences: in order, covering each paragraph's tokens, spans matching their tokens.
	next := 0 // next token a sentence must start at
	prevPara := -1
	for i, st := range sents {
		if st.Paragraph < 0 || st.Paragraph >= len(paras) || st.Paragraph < prevPara {
			fail("sentence %d has paragraph %d (previous %d, %d paragraphs)", i, st.Paragraph, prevPara, len(paras))
		}
		p := paras[st.Paragraph]
		if st.TokenStart != next || st.TokenEnd <= st.TokenStart || st.TokenEnd > len(toks) {
			fail("sentence %d tokens [%d,%d), want to start at %d of %d", i, st.TokenStart, st.TokenEnd, next, len(toks))
		}
		if st.Start != toks[st.TokenStart].Start || st.Span.End != toks[st.TokenEnd-1].End {
			fail("sentence %d span %v does not match its tokens", i, st.Span)
		}
		if st.Start < p.Start || st.Span.End > p.End {
			fail("sentence %d %v outside its paragraph %v", i, st.Span, p)
		}
		next, prevPara = st.TokenEnd, st.Paragraph
	}
	if next != len(toks) {
		fail("sentences cover %d of %d tokens", next, len(toks))
	}
	// Tokens: inside paragraphs, every non-separator byte of a paragraph in a token, same as Tokenize.
	k := 0
	for pi, p := range paras {
		ptext := text[p.Start:p.End]
		want := Tokenize(ptext)
		pos := p.Start
		for j, w := range want {
			if k+j >= len(toks) || toks[k+j] != (newsgraph.Span{Start: w.Start + p.Start, End: w.End + p.Start}) {
				fail("paragraph %d: token %d differs from Tokenize of the paragraph %v", pi, j, w)
			}
			if !isSpace(text[pos : w.Start+p.Start]) {
				fail("paragraph %d: bytes %q before token %d are in no token", pi, text[pos:w.Start+p.Start], k+j)
			}
			pos = w.End + p.Start
		}
		if !isSpace(text[pos:p.End]) {
			fail("paragraph %d: bytes %q at its end are in no token", pi, text[pos:p.End])
		}
		k += len(want)
	}
	if k != len(toks) {
		fail("%d tokens outside paragraphs", len(toks)-k)
	}
}

func TestInvariantsOddInput(t *testing.T) {
	inputs := []string{
		"", " ", "\n\n\n", ".", "...", "./.", "'", "’s", "n't", "-", "--- ---", "U.S.", "\xff\xfe\xfd", "a\xe2\x80",
		"\xe2\x80\xa8\xe2\x80\xa9", "\r\r\n\n", "https://", "www.", "http://x.y/(", "a@b", "@", "#", "+", "1.", "No.",
		"x\u0301\u200d\u00ad", "\x00\x01word\x7f", "“”‘’«»", "A. B. C.", "e.g.", "10,000,000.5-3:4/5",
		strings.Repeat("a", 1000), strings.Repeat("ab. ", 300), strings.Repeat("x\n", 300),
		"Headline\nBody.\n\n- a\n- b\n\nEnd./.\n",
	}
	for _, in := range inputs {
		paras, sents, toks := Segment(in, nil)
		checkInvariants(t, in, paras, sents, toks)
		n := len(in)
		paras, sents, toks = Segment(in, []newsgraph.Span{{Start: 0, End: n / 2}, {Start: n / 3, End: n}})
		checkInvariants(t, in, paras, sents, toks)
	}
}
