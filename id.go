package newsgraph

import (
	"encoding/hex"
	"strings"
	"unicode"

	"github.com/zeebo/xxh3"
	"golang.org/x/text/unicode/norm"
)

// NormalizeText returns the form of text that document identity is computed from: Unicode NFKC, lower case,
// typographic quotes and dashes folded to ASCII, and every run of whitespace collapsed to one space, trimmed.
// Two copies of an article that differ only in layout, quote style or case normalise to the same string.
// NormalizeText is idempotent.
func NormalizeText(text string) string {
	text = norm.NFKC.String(text)
	var b strings.Builder
	b.Grow(len(text))
	space := false
	for _, r := range text {
		switch r {
		case '\u2018', '\u2019', '\u201a', '\u201b', '\u2032':
			r = '\''
		case '\u201c', '\u201d', '\u201e', '\u201f', '\u00ab', '\u00bb', '\u2033':
			r = '"'
		case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
			r = '-'
		}
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// DocumentID returns the identity of a document with the given text: 16 hex digits of the XXH3-128 hash of
// NormalizeText(text). The same article read twice, from any source, has the same ID.
func DocumentID(text string) string {
	h := xxh3.HashString128(NormalizeText(text)).Bytes()
	return hex.EncodeToString(h[:8])
}
