package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// hyphenParticles are the Arabic article and its assimilated forms, dropped from a key when written joined to
// the next word by a hyphen: "al-Assad", "ash-Shara", "ad-Din".
var hyphenParticles = map[string]bool{
	"al": true, "el": true, "ad": true, "an": true, "as": true, "ash": true, "ar": true,
	"at": true, "ath": true, "az": true, "adh": true, "ud": true, "ul": true, "ez": true, "es": true, "ed": true,
	"en": true, "er": true, "et": true,
}

// gluedStems are the letter pairs that begin a stem after a leading "al" glued to it ("Alkhatib", "Alshaar",
// "Althani"): Arabic consonants that Latin spells with two letters. A name such as "Albert" or "Alan" keeps its
// "al".
var gluedStems = []string{"kh", "sh", "th", "dh", "gh", "zh"}

// commonNames folds the transliterations of frequent Arabic name words that the generic rules of foldWord leave
// apart, each to one spelling. Keys are words as foldWord returns them.
var commonNames = map[string]string{
	"muhamad": "muhamad", "mohamad": "muhamad", "mohamed": "muhamad", "muhamed": "muhamad", "mehmet": "muhamad",
	"mohd":  "muhamad",
	"ahmed": "ahmad",
	"osama": "usama",
	"omar":  "umar",
	"yusef": "yusuf", "yosuf": "yusuf", "yosef": "yusuf",
	"abdel": "abdul", "abdal": "abdul",
	"mahmud": "mahmud",
	"gadafi": "kadafi", "kadafi": "kadafi",
	"ibn": "bin",
}

// Key folds the spelling variants of a name to one string, for linking names across documents and against the
// gazetteer: lower case, no diacritics, no dots or apostrophes ("U.S." -> "us"), hyphens as spaces, the Arabic
// article dropped where it is a prefix ("al-Assad" -> "asad", "Bashar al Assad" -> "bashar asad", "Alkhatib" ->
// "katib"), and common transliteration pairs folded per word: ph->f, kh->k, dh->d, q->k, ks->x, ou/oo->u,
// ee->i, a final ey/iy/consonant+y -> ei/i/i, y between consonants -> i, ei->ai, a final h after a vowel
// dropped, doubled letters collapsed, and a few frequent name words spelled one way (Mohammed/Muhammad,
// Ahmed/Ahmad, Omar/Umar, ibn/bin). So "Sergey" and "Sergei", "Moualem" and "Muallem", "Alkhatib" and
// "al-Khatib" share a key, while "Ali" and "Alia" or "Bashar" and "Bashir" do not. Key is idempotent.
func Key(name string) string {
	words := splitWords(name)
	var b strings.Builder
	b.Grow(len(name))
	n := 0
	for i, w := range words {
		s := foldWord(w.s)
		last := i == len(words)-1
		if s == "" || !last && (w.hyphen && hyphenParticles[s] || s == "al") {
			continue
		}
		if n > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
		n++
	}
	return b.String()
}

type word struct {
	s      string
	hyphen bool // joined to the next word by a hyphen
}

// splitWords lower-cases name, removes diacritics, dots and apostrophes, and splits it into words at spaces,
// hyphens and other punctuation.
func splitWords(name string) []word {
	ascii := true
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		name = norm.NFD.String(name)
	}
	words := make([]word, 0, 4)
	var cur []byte
	var buf [64]byte
	cur = buf[:0]
	flush := func(hyphen bool) {
		if len(cur) > 0 {
			words = append(words, word{s: string(cur), hyphen: hyphen})
			cur = cur[:0]
		}
	}
	for _, r := range name {
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			cur = append(cur, byte(r))
		case r >= 'A' && r <= 'Z':
			cur = append(cur, byte(r)+'a'-'A')
		case r == '.' || r == '\'' || r == '\u2018' || r == '\u2019' || r == '`' || r == '\u00b4' ||
			r == '\u02bf' || r == '\u02be' || r == '\u02bc':
			// dropped: "U.S.", "Ba'ath", "Qur'an"
		case r == '-' || r == '\u2010' || r == '\u2011' || r == '\u2012' || r == '\u2013' || r == '\u2014':
			flush(true)
		case r == '&':
			cur = append(cur, '&')
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			switch r {
			case 'ı':
				r = 'i'
			case 'ł', 'Ł':
				r = 'l'
			case 'ø', 'Ø':
				r = 'o'
			case 'đ', 'Đ':
				r = 'd'
			case 'ß':
				cur = append(cur, 's', 's')
				continue
			case 'æ', 'Æ':
				cur = append(cur, 'a', 'e')
				continue
			case 'œ', 'Œ':
				cur = append(cur, 'o', 'e')
				continue
			}
			cur = utf8.AppendRune(cur, unicode.ToLower(r))
		default:
			flush(false)
		}
	}
	flush(false)
	return words
}

// stripGluedAlBytes drops a leading "al" glued to a stem that begins with a digraph of gluedStems.
func stripGluedAlBytes(b []byte) []byte {
	if len(b) < 6 || b[0] != 'a' || b[1] != 'l' {
		return b
	}
	for _, st := range gluedStems {
		if b[2] == st[0] && b[3] == st[1] {
			return b[2:]
		}
	}
	return b
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

func isConsonant(c byte) bool { return c >= 'a' && c <= 'z' && !isVowel(c) && c != 'y' }

// foldWord applies the per-word transliteration folds of Key to a lower-case word. The rules run until
// nothing changes, so that Key is idempotent.
func foldWord(s string) string {
	if s == "" {
		return s
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return s // a word in another script: left as written
		}
	}
	var buf, prev [64]byte
	b := append(buf[:0], s...)
	for range 8 {
		p := append(prev[:0], b...)
		b = foldOnce(b)
		if string(p) == string(b) {
			break
		}
	}
	if c, ok := commonNames[string(b)]; ok {
		return c
	}
	return string(b)
}

func foldOnce(b []byte) []byte {
	b = stripGluedAlBytes(b)
	b = replacePairs(b)
	b = collapse(b)
	// y as a vowel: between consonants, or final after a consonant; "ey" and "iy" at the end.
	n := len(b)
	for i := 0; i < n; i++ {
		if b[i] != 'y' {
			continue
		}
		prevCons := i > 0 && isConsonant(b[i-1])
		switch {
		case i == n-1 && i > 0 && (b[i-1] == 'e' || b[i-1] == 'i'):
			b[i] = 'i'
		case i == n-1 && prevCons:
			b[i] = 'i'
		case prevCons && i+1 < n && isConsonant(b[i+1]):
			b[i] = 'i'
		}
	}
	// ei -> ai, after the y rules made "Sergey" "sergei": "Hussein" / "Hussain", "Feisal" / "Faisal"
	for i := 0; i+1 < len(b); i++ {
		if b[i] == 'e' && b[i+1] == 'i' {
			b[i] = 'a'
		}
	}
	b = collapse(b)
	// a final h after a vowel: "Abdullah" / "Abdulla", "Sarah" / "Sara"
	if n := len(b); n > 3 && b[n-1] == 'h' && isVowel(b[n-2]) {
		b = b[:n-1]
	}
	return b
}

// collapse removes doubled letters in place.
func collapse(b []byte) []byte {
	w := 0
	for i := 0; i < len(b); i++ {
		if w > 0 && b[w-1] == b[i] {
			continue
		}
		b[w] = b[i]
		w++
	}
	return b[:w]
}

// replacePairs rewrites the letter pairs Key folds, in place (every rewrite shortens or keeps the length).
func replacePairs(b []byte) []byte {
	w := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		var next byte
		if i+1 < len(b) {
			next = b[i+1]
		}
		switch {
		case c == 'p' && next == 'h':
			b[w] = 'f'
			i++
		case c == 'k' && next == 'h', c == 'd' && next == 'h':
			b[w] = c
			i++
		case c == 'k' && next == 's':
			b[w] = 'x'
			i++
		case c == 'q':
			b[w] = 'k'
		case c == 'o' && (next == 'u' || next == 'o'):
			b[w] = 'u'
			i++
		case c == 'e' && next == 'e':
			b[w] = 'i'
			i++
		default:
			b[w] = c
		}
		w++
	}
	return b[:w]
}

// Similarity scores how likely two names of one label are spellings of one name, in [0,1]: 1 when their keys
// are equal, otherwise the words of the two keys are paired greedily by wordSimilarity and the score is the
// similarity of the paired words weighted by their length, over the length of all words, so that a word
// missing from one name lowers the score ("Sergei Lavrov" / "Lavrov" scores 0.67). An initial pairs with a
// word it begins ("G. Bush" / "George Bush").
func Similarity(a, b string) float64 {
	ka, kb := Key(a), Key(b)
	if ka == "" || kb == "" {
		return 0
	}
	if ka == kb {
		return 1
	}
	return keySimilarity(strings.Fields(ka), strings.Fields(kb))
}

// keySimilarity is Similarity on names already split into key words.
func keySimilarity(wa, wb []string) float64 {
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	total := 0
	for _, w := range wa {
		total += len(w)
	}
	for _, w := range wb {
		total += len(w)
	}
	const maxWords = 8
	if len(wa) > maxWords || len(wb) > maxWords {
		if strings.Join(wa, " ") == strings.Join(wb, " ") {
			return 1
		}
		wa, wb = wa[len(wa)-min(len(wa), maxWords):], wb[len(wb)-min(len(wb), maxWords):]
	}
	var sim [maxWords][maxWords]float64
	for i, x := range wa {
		for j, y := range wb {
			sim[i][j] = wordPairSim(x, y)
		}
	}
	var usedA, usedB [maxWords]bool
	score := 0.0
	for {
		bi, bj, best := -1, -1, 0.6
		for i := range wa {
			if usedA[i] {
				continue
			}
			for j := range wb {
				if !usedB[j] && sim[i][j] >= best {
					bi, bj, best = i, j, sim[i][j]
				}
			}
		}
		if bi < 0 {
			break
		}
		usedA[bi], usedB[bj] = true, true
		score += best * float64(len(wa[bi])+len(wb[bj]))
	}
	return score / float64(total)
}

func wordPairSim(x, y string) float64 {
	if x == y {
		return 1
	}
	if len(x) == 1 && len(y) > 1 && y[0] == x[0] || len(y) == 1 && len(x) > 1 && x[0] == y[0] {
		// an initial: weigh it as if it were the whole word
		return 0.9
	}
	return wordSimilarity(x, y)
}

// cheapPairs are letter substitutions common between transliterations: o/u (Mualem, Moalem), e/i, a/e, i/y,
// c/k, g/k, s/z, v/w, u/w, j/y.
func cheapPair(a, b byte) bool {
	if a > b {
		a, b = b, a
	}
	switch [2]byte{a, b} {
	case [2]byte{'o', 'u'}, [2]byte{'e', 'i'}, [2]byte{'a', 'e'}, [2]byte{'i', 'y'}, [2]byte{'c', 'k'},
		[2]byte{'g', 'k'}, [2]byte{'s', 'z'}, [2]byte{'v', 'w'}, [2]byte{'u', 'w'}, [2]byte{'j', 'y'}:
		return true
	}
	return false
}

func softLetter(c byte) bool { return isVowel(c) || c == 'y' || c == 'w' || c == 'h' }

// wordSimilarity scores two folded words in [0,1]: one minus a weighted edit distance over the longer length.
// Substituting a common transliteration pair costs 0.3, one vowel for another 0.7, other letters 1; inserting
// a vowel, y, w or h costs 0.5 inside the word and 1 at its end ("Ali" / "Alia"), other letters 1.
func wordSimilarity(x, y string) float64 {
	if x == y {
		return 1
	}
	n, m := len(x), len(y)
	if n == 0 || m == 0 {
		return 0
	}
	if n > 48 || m > 48 {
		return 0
	}
	indel := func(s string, i int) float64 {
		if i == len(s)-1 || !softLetter(s[i]) {
			return 1
		}
		return 0.5
	}
	var prevBuf, curBuf [49]float64
	prev, cur := prevBuf[:m+1], curBuf[:m+1]
	prev[0] = 0
	for j := 1; j <= m; j++ {
		prev[j] = prev[j-1] + indel(y, j-1)
	}
	for i := 1; i <= n; i++ {
		cur[0] = prev[0] + indel(x, i-1)
		for j := 1; j <= m; j++ {
			a, b := x[i-1], y[j-1]
			sub := 0.0
			if a != b {
				switch {
				case cheapPair(a, b):
					sub = 0.3
				case isVowel(a) && isVowel(b):
					sub = 0.7
				default:
					sub = 1
				}
			}
			v := prev[j-1] + sub
			if d := prev[j] + indel(x, i-1); d < v {
				v = d
			}
			if d := cur[j-1] + indel(y, j-1); d < v {
				v = d
			}
			cur[j] = v
		}
		prev, cur = cur, prev
	}
	d := prev[m]
	if max(n, m) <= 4 {
		d *= 1.5 // one letter of a short name weighs more: "Ali" / "Eli"
	}
	s := 1 - d/float64(max(n, m))
	if s < 0 {
		return 0
	}
	return s
}
