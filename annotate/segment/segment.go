// Package segment splits news text into paragraphs, sentences and tokens, all as byte spans into the text.
//
// It is rule-based and allocation-light: one pass over the bytes makes the tokens (CoNLL-2003 conventions, see
// Tokenize), and one pass over the tokens of each paragraph makes the sentences. A sentence ends at a
// terminal mark (. ? ! … ./.) together with the closing quotes and brackets glued to it, unless a lower-case
// word or a continuing mark (, ; : ) %) follows; after an abbreviation it ends only where the kind of
// abbreviation allows (see abTitle, abSuffix, abGeneral); and it ends at a line break inside a paragraph when
// the line has no final punctuation (a headline) and the next line is not a continuation.
//
// Separators are Unicode white space, control characters and the zero-width space, word joiner and
// byte-order mark: no token holds one, and every other byte of a paragraph is in exactly one token.
package segment

import (
	"slices"
	"unicode/utf8"

	"newsgraph"
)

// Segment splits text into sentences and tokens.
//
// paras are the paragraph spans if known (Document.Paragraphs); when nil or empty, paragraphs are found with
// Paragraphs. Given spans are used after cleaning: sorted by start, clipped to the text and to the end of the
// previous span, trimmed of separators, and dropped when nothing is left; the cleaned list is returned and the
// sentences' Paragraph fields index it. A line break inside a given paragraph ends a sentence when the line has
// no final punctuation and the next line does not continue it (it starts in lower case, or the line ends with
// a comma or hyphen, or the paragraph is hard-wrapped).
//
// Spans are sorted, non-overlapping, inside text, never empty and never only separators; every sentence lies
// inside its paragraph, the sentences of a paragraph cover all its tokens, and every non-separator byte of a
// paragraph belongs to exactly one token. Sentence.Span runs from the start of its first token to the end of
// its last. Any input is accepted, including invalid UTF-8.
func Segment(text string, paras []newsgraph.Span) (paragraphs []newsgraph.Span, sents []newsgraph.Sentence, tokens []newsgraph.Span) {
	given := len(paras) > 0
	if given {
		paragraphs = cleanParas(text, paras)
	} else {
		paragraphs = Paragraphs(text)
	}
	t := tokenizer{spans: make([]newsgraph.Span, 0, len(text)/5+1), flags: make([]uint16, 0, len(text)/5+1)}
	sents = make([]newsgraph.Sentence, 0, len(text)/100+1)
	var lines []line
	var hard []int
	for pi, p := range paragraphs {
		a := len(t.spans)
		t.s, t.base = text[p.Start:p.End], p.Start
		t.run()
		hard = hard[:0]
		if given {
			lines, hard = hardBreaks(text, p, lines[:0], hard)
		}
		sents = splitSentences(text, t.spans, t.flags, a, len(t.spans), pi, hard, sents)
	}
	return paragraphs, sents, t.spans
}

// cleanParas returns the usable paragraphs among paras (see Segment).
func cleanParas(text string, paras []newsgraph.Span) []newsgraph.Span {
	if !slices.IsSortedFunc(paras, func(a, b newsgraph.Span) int { return a.Start - b.Start }) {
		paras = slices.Clone(paras)
		slices.SortStableFunc(paras, func(a, b newsgraph.Span) int { return a.Start - b.Start })
	}
	out := make([]newsgraph.Span, 0, len(paras))
	prevEnd := 0
	for _, p := range paras {
		a, b := max(p.Start, prevEnd), min(p.End, len(text))
		if a >= b {
			continue
		}
		if a, b = trimSpan(text, a, b); a >= b {
			continue
		}
		out = append(out, newsgraph.Span{Start: a, End: b})
		prevEnd = b
	}
	return out
}

// splitSentences appends the sentences of the paragraph whose tokens are toks[a:b]. hard holds the byte
// offsets of the line breaks inside the paragraph that end a sentence, ascending.
func splitSentences(text string, toks []newsgraph.Span, flags []uint16, a, b, para int, hard []int, out []newsgraph.Sentence) []newsgraph.Sentence {
	add := func(first, end int) {
		out = append(out, newsgraph.Sentence{
			Span:      newsgraph.Span{Start: toks[first].Start, End: toks[end-1].End},
			Paragraph: para, TokenStart: first, TokenEnd: end,
		})
	}
	st, h := a, 0
	words := false // whether toks[st:k] holds a word: a sentence is never only punctuation
	for k := a; k < b; k++ {
		f := flags[k]
		m := k // the last token of the sentence if it ends here
		cut := false
		words = words || f&fWord != 0
		if !words {
			continue
		}
		if f&(fTerm|fAbbr) != 0 {
			// Closing quotes and brackets glued to the mark belong to the sentence; a quote glued to the next
			// word as well opens the next one.
			for m+1 < b && toks[m+1].Start == toks[m].End && flags[m+1]&(fQuote|fClose) != 0 {
				if flags[m+1]&fQuote != 0 && m+2 < b && toks[m+2].Start == toks[m+1].End && flags[m+2]&fWord != 0 {
					break
				}
				m++
			}
			if m+1 < b {
				cut = endsBefore(text, f, toks[m+1], flags[m+1])
			}
		}
		if !cut && m+1 < b && h < len(hard) && f&fTitle == 0 {
			for h < len(hard) && hard[h] < toks[m].End {
				h++
			}
			cut = h < len(hard) && hard[h] < toks[m+1].Start
		}
		if cut {
			add(st, m+1)
			st, words = m+1, false
		}
		k = m
	}
	if st < b {
		add(st, b)
	}
	return out
}

// endsBefore decides whether a sentence ends at a token with flags f (a terminal mark or an abbreviation),
// given the next token.
func endsBefore(text string, f uint16, next newsgraph.Span, nf uint16) bool {
	if nf&(fLower|fCont) != 0 {
		return false
	}
	switch {
	case f&fTerm != 0:
		return true
	case f&fTitle != 0:
		return false
	case f&fSuffix != 0:
		return nf&(fUpper|fQuote) != 0 && nf&fAbbr == 0
	}
	// abGeneral: before a quote or a capitalised sentence starter only.
	return nf&fQuote != 0 || nf&fUpper != 0 && isStarter(text[next.Start:next.End])
}

// Paragraphs finds paragraph spans in plain text. Blank lines (and U+2029) separate paragraphs. Inside a block
// of consecutive lines, a single line break separates paragraphs too, unless the next line continues the
// line: it starts with a lower-case letter, the line ends with a comma or a word broken by a hyphen, or the
// text is hard-wrapped (see wrapWidth) and the line is close to the wrap width. So a headline line is its own
// paragraph, text with one paragraph per line is split per line, and wrapped text is joined, a short line
// ending its paragraph. Spans are trimmed of separators.
func Paragraphs(text string) []newsgraph.Span {
	ls := splitLines(text, 0, len(text), nil)
	width := wrapWidth(text, ls)
	var out []newsgraph.Span
	for i := 0; i < len(ls); {
		j := i + 1
		for j < len(ls) && !ls[j].blank {
			j++
		}
		block := ls[i:j]
		start := block[0].start
		for k := 0; k+1 < len(block); k++ {
			if !soft(text, block, k, width) {
				out = append(out, newsgraph.Span{Start: start, End: block[k].end})
				start = block[k+1].start
			}
		}
		out = append(out, newsgraph.Span{Start: start, End: block[len(block)-1].end})
		i = j
	}
	return out
}

// line is a non-blank line: its content trimmed of separators.
type line struct {
	start, end int
	runes      int
	blank      bool // a blank line or U+2029 separates it from the line before
}

// splitLines appends the non-blank lines of text[a:b]. Line breaks are \n, \r\n, \r, U+2028, U+0085 and U+2029
// (which also counts as a blank line).
func splitLines(text string, a, b int, out []line) []line {
	blank := false
	ls := a
	for i := a; i <= b; {
		w, para := 0, false
		if i == b {
			w = 1
		} else {
			switch text[i] {
			case '\n':
				w = 1
			case '\r':
				w = 1
				if i+1 < b && text[i+1] == '\n' {
					w = 2
				}
			case 0xE2:
				if i+2 < b && text[i+1] == 0x80 && (text[i+2] == 0xA8 || text[i+2] == 0xA9) {
					w, para = 3, text[i+2] == 0xA9
				}
			case 0xC2:
				if i+1 < b && text[i+1] == 0x85 {
					w = 2
				}
			}
		}
		if w == 0 {
			i++
			continue
		}
		if cs, ce := trimSpan(text, ls, i); cs < ce {
			out = append(out, line{start: cs, end: ce, runes: utf8.RuneCountInString(text[cs:ce]), blank: blank})
			blank = false
		} else if len(out) > 0 {
			blank = true
		}
		if para && len(out) > 0 {
			blank = true
		}
		i += w
		ls = i
	}
	return out
}

// wrapWidth returns the wrap width of hard-wrapped lines, or 0 when they are not hard-wrapped. It looks at the
// lines that another line follows without a blank line between: there must be two or more; the longest, the
// width, is 40 to 120 characters; 60% of them are at least 0.6 of the width; and 30% are followed by a line
// that starts in lower case (which a list of headlines or of one-line paragraphs never is).
func wrapWidth(text string, lines []line) int {
	m, w := 0, 0
	for k := 0; k+1 < len(lines); k++ {
		if !lines[k+1].blank {
			m++
			w = max(w, lines[k].runes)
		}
	}
	if m < 2 || w < 40 || w > 120 {
		return 0
	}
	full, lower := 0, 0
	for k := 0; k+1 < len(lines); k++ {
		if lines[k+1].blank {
			continue
		}
		if lines[k].runes*10 >= w*6 {
			full++
		}
		if startsLower(text, lines[k+1]) {
			lower++
		}
	}
	if full*10 < m*6 || lower*10 < m*3 {
		return 0
	}
	return w
}

// soft reports whether the line break after block[k] continues the paragraph and the sentence.
func soft(text string, block []line, k, width int) bool {
	if startsLower(text, block[k+1]) {
		return true
	}
	l := block[k]
	switch text[l.end-1] {
	case ',', '(', '/', '&':
		return true
	case '-': // a word broken at the line end, not a dash standing alone
		if l.end-2 >= l.start && text[l.end-2] != ' ' && text[l.end-2] != '-' {
			return true
		}
	}
	return width > 0 && block[k].runes*10 >= width*6
}

func startsLower(text string, l line) bool {
	c, _ := classAt(text[l.start:l.end], 0)
	return c&kLower != 0
}

// finalPunct reports whether a line ends with final punctuation, maybe followed by closing quotes or brackets.
func finalPunct(text string, l line) bool {
	s := text[l.start:l.end]
	for s != "" {
		r, w := utf8.DecodeLastRuneInString(s)
		switch r {
		case '.', '!', '?', '…':
			return true
		case '"', '\'', ')', ']', '”', '’', '»', '«', '“':
			s = s[:len(s)-w]
		default:
			return false
		}
	}
	return false
}

// hardBreaks appends to hard the offsets of the line breaks inside the given paragraph p that end a sentence:
// after a blank line, or after a line without final punctuation that the next line does not continue.
func hardBreaks(text string, p newsgraph.Span, lines []line, hard []int) ([]line, []int) {
	if !hasLineBreak(text[p.Start:p.End]) {
		return lines, hard
	}
	lines = splitLines(text, p.Start, p.End, lines)
	width := wrapWidth(text, lines)
	for k := 0; k+1 < len(lines); k++ {
		if lines[k+1].blank || !soft(text, lines, k, width) && !finalPunct(text, lines[k]) {
			hard = append(hard, lines[k].end)
		}
	}
	return lines, hard
}

func hasLineBreak(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n', '\r':
			return true
		case 0xE2:
			if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				return true
			}
		case 0xC2:
			if i+1 < len(s) && s[i+1] == 0x85 {
				return true
			}
		}
	}
	return false
}
