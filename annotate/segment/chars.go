package segment

import (
	"unicode"
	"unicode/utf8"
)

// Character classes. A separator is a rune that no token holds: Unicode white space, the ASCII and C1 control
// characters, and the invisible zero-width space, word joiner and byte-order mark. A word character is a letter,
// digit, combining mark, '_', a zero-width (non-)joiner or soft hyphen, or a byte that is not valid UTF-8 (so
// Latin-1 words stay whole). Everything else is punctuation or a symbol.
const (
	kSep uint8 = 1 << iota
	kWord
	kDigit
	kUpper
	kLower
)

var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for b := 0; b < utf8.RuneSelf; b++ {
		switch {
		case b <= ' ' || b == 0x7f:
			t[b] = kSep
		case 'a' <= b && b <= 'z':
			t[b] = kWord | kLower
		case 'A' <= b && b <= 'Z':
			t[b] = kWord | kUpper
		case '0' <= b && b <= '9':
			t[b] = kWord | kDigit
		case b == '_':
			t[b] = kWord
		}
	}
	return t
}()

// isSepRune reports whether r is a separator (see the class comment above).
func isSepRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r]&kSep != 0
	}
	return unicode.IsSpace(r) || unicode.IsControl(r) || r == 0x200B || r == 0x2060 || r == 0xFEFF || r == 0x180E
}

// runeClass classifies a valid non-ASCII rune.
func runeClass(r rune) uint8 {
	switch {
	case isSepRune(r):
		return kSep
	case unicode.IsLetter(r):
		switch {
		case unicode.IsUpper(r) || unicode.IsTitle(r):
			return kWord | kUpper
		case unicode.IsLower(r):
			return kWord | kLower
		}
		return kWord
	case unicode.IsDigit(r):
		return kWord | kDigit
	case unicode.IsNumber(r), unicode.IsMark(r), r == 0xAD, r == 0x200C, r == 0x200D:
		return kWord
	}
	return 0
}

// classAt returns the class of the rune at s[i] and its width. A byte that is not valid UTF-8 is a one-byte
// word character.
func classAt(s string, i int) (uint8, int) {
	b := s[i]
	if b < utf8.RuneSelf {
		return asciiClass[b], 1
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && w == 1 {
		return kWord, 1
	}
	return runeClass(r), w
}

// wordAt reports whether a word character starts at s[i] (false at the end).
func wordAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	c, _ := classAt(s, i)
	return c&kWord != 0
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }
func isLower(b byte) bool { return 'a' <= b && b <= 'z' }
func isUpper(b byte) bool { return 'A' <= b && b <= 'Z' }
func isAlpha(b byte) bool { return isLower(b) || isUpper(b) }

// isSpace reports whether every rune of s is a separator (true for "").
func isSpace(s string) bool {
	for i := 0; i < len(s); {
		c, w := classAt(s, i)
		if c&kSep == 0 {
			return false
		}
		i += w
	}
	return true
}

// trimSpan shrinks [a, b) of s past separators at both ends (decoding inside s[a:b]).
func trimSpan(s string, a, b int) (int, int) {
	for a < b {
		r, w := utf8.DecodeRuneInString(s[a:b])
		if (r == utf8.RuneError && w == 1) || !isSepRune(r) {
			break
		}
		a += w
	}
	for b > a {
		r, w := utf8.DecodeLastRuneInString(s[a:b])
		if (r == utf8.RuneError && w == 1) || !isSepRune(r) {
			break
		}
		b -= w
	}
	return a, b
}

// Quote and dash runes that are not ASCII.
func isQuoteRune(r rune) bool {
	switch r {
	case '“', '”', '„', '‟', '‘', '’', '‚', '‛', '«', '»', '‹', '›', '「', '」', '『', '』', '＂':
		return true
	}
	return false
}

func isDashRune(r rune) bool {
	switch r {
	case '–', '—', '―', '−', '‒', '⸺', '⸻':
		return true
	}
	return false
}
