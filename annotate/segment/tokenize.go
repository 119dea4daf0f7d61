package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"newsgraph"
)

// Token flags: what the sentence splitter needs to know about a token without looking at it again.
const (
	fWord    uint16 = 1 << iota // starts with a word character (or is a URL, hashtag, signed number)
	fUpper                      // first rune is an upper-case letter
	fLower                      // first rune is a lower-case letter (also the clitics "'s", "n't")
	fDigit                      // first rune is a digit
	fTerm                       // . ? ! ... … ./. (and runs of them)
	fQuote                      // a quotation mark
	fOpen                       // ( [ {
	fCont                       // , ; : ) ] } % — cannot start a sentence
	fClose                      // ) ] }
	fTitle                      // abbreviation of class abTitle (with its period)
	fSuffix                     // abbreviation of class abSuffix
	fGeneral                    // abbreviation of class abGeneral, dotted abbreviation or initial
	fAbbr    = fTitle | fSuffix | fGeneral
)

// Tokenize returns the token spans of s, offsets into s: the tokenizer Segment uses on each paragraph.
// Tokens follow CoNLL-2003 conventions: punctuation is split off; "'s", "'re", "'ll", "'ve", "'m", "'d" and
// "n't" (straight or curly apostrophe) are tokens of their own; words joined by hyphens, apostrophes inside
// words ("O'Brien"), numbers with separators ("330,000", "3.5", "1996-08-22", "12:30", "1/2"), abbreviations
// with their period ("U.S.", "Dr.", "J."), URLs and e-mail addresses stay one token each. Every byte of s that
// is not a separator (white space, control characters, zero-width space) is in exactly one token.
func Tokenize(s string) []newsgraph.Span {
	t := tokenizer{s: s, spans: make([]newsgraph.Span, 0, len(s)/5+1), flags: make([]uint16, 0, len(s)/5+1)}
	t.run()
	return t.spans
}

type tokenizer struct {
	s     string
	base  int // added to every span
	spans []newsgraph.Span
	flags []uint16
}

func (t *tokenizer) emit(a, b int, f uint16) {
	t.spans = append(t.spans, newsgraph.Span{Start: t.base + a, End: t.base + b})
	t.flags = append(t.flags, f)
}

// caseFlags turns a character class into the case flags of a token starting with it.
func caseFlags(c uint8) uint16 {
	f := fWord
	switch {
	case c&kUpper != 0:
		f |= fUpper
	case c&kLower != 0:
		f |= fLower
	case c&kDigit != 0:
		f |= fDigit
	}
	return f
}

func (t *tokenizer) run() {
	s, n := t.s, len(t.s)
	prevWordEnd := -1 // end of the previous token when it was a word, for clitics
	for i := 0; i < n; {
		b := s[i]
		var c uint8
		var r rune
		w := 1
		if b < utf8.RuneSelf {
			c, r = asciiClass[b], rune(b)
		} else {
			r, w = utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && w == 1 {
				c = kWord
			} else {
				c = runeClass(r)
			}
		}
		if c&kSep != 0 {
			i += w
			continue
		}
		if c&kWord != 0 {
			end := 0
			if b == 'h' || b == 'H' || b == 'w' || b == 'W' || b == 'f' || b == 'F' {
				end = urlEnd(s, i)
			}
			f := caseFlags(c)
			if end == 0 {
				var af uint16
				end, af = t.word(i, i)
				f |= af
			}
			t.emit(i, end, f)
			prevWordEnd = end
			i = end
			continue
		}
		start := i
		end := i + w
		var f uint16
		switch r {
		case '.':
			switch {
			case end < n && isDigit(s[end]) && (i == 0 || !wordAt(s, i-1) && s[i-1] != '.'):
				end, _ = t.word(i, end) // ".496"
				f = fWord | fDigit
			case strings.HasPrefix(s[i:], "./."):
				end, f = i+3, fTerm
			default:
				for end < n && s[end] == '.' {
					end++
				}
				f = fTerm
			}
		case '?', '!':
			for end < n && (s[end] == '?' || s[end] == '!') {
				end++
			}
			f = fTerm
		case '+', '#', '@':
			if end < n && (r == '+' && isDigit(s[end]) || r != '+' && wordAt(s, end)) {
				end, _ = t.word(i, end) // "+44", "#Syria", "@user"
				f = fWord
			} else {
				end = sameRun(s, end, b)
			}
		case '-', '=', '*', '~', '^', '|', '\\', '<', '>':
			end = sameRun(s, end, b)
		case '"':
			f = fQuote
		case '\'', '`', '’', '´':
			if prevWordEnd == i {
				if k := cliticAt(s, end); k > 0 {
					end, f = k, fWord|fLower
					break
				}
			}
			if b == '`' {
				end = sameRun(s, end, b)
			}
			f = fQuote
		case '(', '[', '{':
			f = fOpen
		case ')', ']', '}':
			f = fCont | fClose
		case ',', ';', ':', '%':
			f = fCont
		case '…':
			f = fTerm
		default:
			switch {
			case isQuoteRune(r):
				f = fQuote
			case isDashRune(r):
				for end+w <= n && s[end:end+w] == s[start:start+w] {
					end += w
				}
			}
		}
		t.emit(start, end, f)
		i = end
	}
}

// sameRun returns the end of the run of byte b starting at i.
func sameRun(s string, i int, b byte) int {
	for i < len(s) && s[i] == b {
		i++
	}
	return i
}

// word scans a word that starts at start and whose scan resumes at i (past a prefix such as "+" or "."). It
// returns the word's end and, when the word is an abbreviation that took its period, the abbreviation flag.
func (t *tokenizer) word(start, i int) (int, uint16) {
	s, n := t.s, len(t.s)
	dots := 0
	for {
		for i < n {
			b := s[i]
			if b < utf8.RuneSelf {
				if asciiClass[b]&kWord == 0 {
					break
				}
				i++
				continue
			}
			c, w := classAt(s, i)
			if c&kWord == 0 {
				break
			}
			i += w
		}
		if i >= n || i == start {
			return i, 0
		}
		switch b := s[i]; b {
		case '-':
			if wordAt(s, i+1) { // "al-Assad", "1996-08-22", "6-3"
				i++
				continue
			}
			if i+2 < n && s[i+1] == ' ' && (isLower(s[i+2]) || isDigit(s[i+2])) {
				return i + 1, 0 // a suspended hyphen keeps to its word: "pre- and post-war", "27- 28"
			}
		case '.':
			if wordAt(s, i+1) { // "U.S", "3.5", "www.example.com", "No.1"
				if glued(s, start, i) {
					return i, 0
				}
				dots++
				i++
				continue
			}
			if i+1 < n && s[i+1] == '.' {
				return i, 0 // an ellipsis follows
			}
			if f := t.abbrev(start, i, dots); f != 0 {
				i++
				if i+1 < n && s[i] == '-' && wordAt(s, i+1) { // "U.S.-backed"
					i++
					continue
				}
				return i, f
			}
		case ',', ':', '/':
			if isDigit(s[i-1]) && i+1 < n && isDigit(s[i+1]) { // "330,000", "12:30", "1/2"
				i++
				continue
			}
		case '\'', '`':
			if j, ok := apostrophe(s, start, i, 1); ok {
				i = j
				continue
			} else {
				return j, 0
			}
		case '&':
			if isAlpha(s[i-1]) && i+1 < n && isAlpha(s[i+1]) { // "S&P", "AT&T"
				i++
				continue
			}
		case '@':
			if wordAt(s, i+1) { // e-mail address
				i++
				continue
			}
		case '$':
			if i-start <= 3 && allUpper(s[start:i]) { // "US$", "C$", "HK$"
				return i + 1, 0
			}
		case 0xE2:
			if i+2 < n && s[i+1] == 0x80 {
				switch s[i+2] {
				case 0x99: // ’
					if j, ok := apostrophe(s, start, i, 3); ok {
						i = j
						continue
					} else {
						return j, 0
					}
				case 0x90, 0x91: // ‐ and non-breaking ‑ hyphens
					if wordAt(s, i+3) {
						i += 3
						continue
					}
				}
			}
		case 0xC2:
			if i+1 < n && s[i+1] == 0xB4 { // ´ used as an apostrophe
				if j, ok := apostrophe(s, start, i, 2); ok {
					i = j
					continue
				} else {
					return j, 0
				}
			}
		}
		return i, 0
	}
}

// apostrophe decides about an apostrophe of w bytes at s[i] inside the word that starts at start. It returns
// (past the apostrophe, true) when the apostrophe joins two parts of the word ("O'Brien"), or (end, false) when
// the word ends at end: before a clitic ("Russia" + "'s") or before the "n" of "n't" ("do" + "n't").
func apostrophe(s string, start, i, w int) (int, bool) {
	j := i + w
	if cliticAt(s, j) > 0 {
		return i, false
	}
	if j < len(s) && s[j]|0x20 == 't' && !wordAt(s, j+1) && i-start >= 2 && s[i-1]|0x20 == 'n' {
		return i - 1, false
	}
	if wordAt(s, j) {
		return j, true
	}
	return i, false
}

// cliticAt returns the end of the clitic ("s", "m", "d", "ll", "ve", "re", any case) that follows an apostrophe
// ending at j, or 0 when none does.
func cliticAt(s string, j int) int {
	k := j
	for k < len(s) && k-j < 3 && isAlpha(s[k]) {
		k++
	}
	if k == j || wordAt(s, k) {
		return 0
	}
	c0 := s[j] | 0x20
	switch k - j {
	case 1:
		if c0 == 's' || c0 == 'm' || c0 == 'd' {
			return k
		}
	case 2:
		c1 := s[j+1] | 0x20
		if c0 == 'l' && c1 == 'l' || c0 == 'v' && c1 == 'e' || c0 == 'r' && c1 == 'e' {
			return k
		}
	}
	return 0
}

// glued reports whether the period at s[i] joins two sentences written without a space: two lower-case letters
// or digits before it, a capitalised word after it ("said.The", "2011.The").
func glued(s string, start, i int) bool {
	if i-start < 2 || i+2 >= len(s) {
		return false
	}
	a, b := s[i-2], s[i-1]
	if !(isLower(a) && isLower(b) || isDigit(a) && isDigit(b)) {
		return false
	}
	return isUpper(s[i+1]) && isLower(s[i+2])
}

// abbrev decides whether the period at s[i] belongs to the word s[start:i] (which holds dots internal
// periods), and returns the word's abbreviation flag, or 0 when the period is a token of its own. A period
// that only closing quotes, brackets and space follow until the end of s is always split off: it ends the
// sentence (CoNLL writes "in the U.S" ".").
func (t *tokenizer) abbrev(start, i, dots int) uint16 {
	s := t.s
	if atEnd(s, i+1) {
		return 0
	}
	w := s[start:i]
	cls, known := abbrevs[w]
	if k := strings.LastIndexByte(w, '-'); !known && dots == 0 && k >= 0 {
		cls, known = abbrevs[w[k+1:]] // "R-Ariz."
	}
	switch {
	case known:
	case dots > 0:
		if k := strings.LastIndexByte(w, '-'); k >= 0 {
			w = w[k+1:] // "aid-U.N."
		}
		if !shortParts(w) {
			return 0
		}
		cls = abGeneral
	default:
		if allDigits(w) {
			if len(w) <= 3 && lineStart(s, start) && i+1 < len(s) && (s[i+1] == ' ' || s[i+1] == '\t') {
				return fTitle // "1. Name" in a numbered list
			}
			if len(w) <= 2 && germanMonthAt(s, i+1) {
				return fTitle // "am 3. Dezember"
			}
			return 0
		}
		if r, size := utf8.DecodeRuneInString(w); size == len(w) {
			if unicode.IsUpper(r) { // initial
				return fGeneral
			}
			return 0
		}
		if len(w) <= 6 && allUpper(w) { // "GEN.", "DR."
			var buf [6]byte
			copy(buf[:], w)
			for k := 1; k < len(w); k++ {
				buf[k] += 'a' - 'A'
			}
			switch tc := string(buf[:len(w)]); {
			case abbrevs[tc] == abTitle:
				return fTitle
			case tc == "St":
				return fGeneral // "ST. LOUIS"
			}
		}
		return 0
	}
	switch cls {
	case abTitle:
		return fTitle
	case abSuffix:
		return fSuffix
	case abGeneral:
		return fGeneral
	case abNumber:
		if numberAt(s, i+1) {
			return fTitle
		}
	}
	return 0
}

// atEnd reports whether only closing quotes, brackets and separators follow s[i:].
func atEnd(s string, i int) bool {
	for i < len(s) {
		b := s[i]
		if b < utf8.RuneSelf {
			if asciiClass[b]&kSep == 0 && b != '"' && b != '\'' && b != ')' && b != ']' && b != '}' {
				return false
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if r != '”' && r != '’' && r != '»' && r != '“' && !(r != utf8.RuneError && isSepRune(r)) {
			return false
		}
		i += w
	}
	return true
}

// shortParts reports whether the dotted word w ("U.S", "a.m", "Ph.D") has only parts of one or two letters.
func shortParts(w string) bool {
	n := 0
	for _, r := range w {
		switch {
		case r == '.':
			if n == 0 {
				return false
			}
			n = 0
		case unicode.IsLetter(r):
			n++
			if n > 2 {
				return false
			}
		default:
			return false
		}
	}
	return n > 0
}

func allDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isDigit(w[i]) {
			return false
		}
	}
	return w != ""
}

func allUpper(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isUpper(w[i]) {
			return false
		}
	}
	return w != ""
}

// lineStart reports whether only spaces and tabs stand between the start of s or of a line and s[i].
func lineStart(s string, i int) bool {
	for i--; i >= 0; i-- {
		switch s[i] {
		case ' ', '\t':
		case '\n', '\r':
			return true
		default:
			return false
		}
	}
	return true
}

// numberAt reports whether a digit follows s[i:] after at most one space.
func numberAt(s string, i int) bool {
	if i < len(s) && s[i] == ' ' {
		i++
	}
	return i < len(s) && isDigit(s[i])
}

// germanMonthAt reports whether a space and a German month name follow s[i:].
func germanMonthAt(s string, i int) bool {
	if i >= len(s) || s[i] != ' ' {
		return false
	}
	rest := s[i+1:]
	for _, m := range germanMonths {
		if strings.HasPrefix(rest, m) && !wordAt(rest, len(m)) {
			return true
		}
	}
	return false
}

// urlEnd returns the end of the URL that starts at s[i] ("http://", "https://", "ftp://", "www."), or 0.
// Trailing punctuation is left out, and a closing bracket unless the URL opened one.
func urlEnd(s string, i int) int {
	rest := s[i:]
	p := 0
	switch {
	case hasPrefixFold(rest, "http://"):
		p = 7
	case hasPrefixFold(rest, "https://"):
		p = 8
	case hasPrefixFold(rest, "ftp://"):
		p = 6
	case hasPrefixFold(rest, "www.") && wordAt(rest, 4):
		p = 4
	default:
		return 0
	}
	j := i + p
	for j < len(s) {
		b := s[j]
		if b < utf8.RuneSelf {
			if asciiClass[b]&kSep != 0 || b == '"' || b == '<' || b == '>' || b == '|' || b == '`' {
				break
			}
			j++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[j:])
		if r != utf8.RuneError && (isSepRune(r) || isQuoteRune(r) || isDashRune(r) || r == '…') {
			break
		}
		j += w
	}
	open := strings.Count(s[i:j], "(") + strings.Count(s[i:j], "[")
	closed := strings.Count(s[i:j], ")") + strings.Count(s[i:j], "]")
	for j > i+p {
		switch s[j-1] {
		case '.', ',', ';', ':', '!', '?', '\'', '*':
			j--
			continue
		case ')', ']':
			if open < closed {
				j--
				closed--
				continue
			}
		}
		break
	}
	if j == i+p {
		return 0
	}
	return j
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
