package ner

import (
	"newsgraph/annotate/internal/conll"

	"newsgraph/internal/hashmix"

	"strings"
	"unicode"
	"unicode/utf8"
)

// Feature templates. A feature is the 64-bit hash of its template and its string values; the model keeps
// the hashes of the features it learned weights for.
const (
	fBias uint8 = iota + 1
	fWord
	fExact
	fShape
	fShort
	fPrefix
	fSuffix
	fWordM1
	fWordP1
	fWordM2
	fWordP2
	fShortM1
	fShortP1
	fBigramL
	fBigramR
	fShapeTri
	fFirst
	fCapsWord
	fHyphenPart
	fTitlePrev
	fTitleSelf
	fDocCase
	fCluster
	fClusterM1
	fClusterP1
	fGaz
	fGazM1
	fGazP1
	fS1Self
	fS1Prev
	fS1Next
	fNLMajority
	fNLFirst
	fNLHas
	fNLMajorityLow
	fLowLen
	fTitleM2
	fAggPrev
	fAggNext
	fList
	fListM1
	fListP1
)

// hasher builds one feature hash from a template and strings without allocating.
type hasher uint64

func newHash(t uint8) hasher {
	return hasher((hashmix.Offset ^ uint64(t)) * hashmix.Prime)
}

func (h hasher) str(s string) hasher {
	x := uint64(h)
	for i := 0; i < len(s); i++ {
		x ^= uint64(s[i])
		x *= hashmix.Prime
	}
	x ^= 0xff // separator
	x *= hashmix.Prime
	return hasher(x)
}

func (h hasher) num(n uint64) hasher {
	x := uint64(h)
	for range 8 {
		x ^= n & 0xff
		x *= hashmix.Prime
		n >>= 8
	}
	return hasher(x)
}

func (h hasher) sum() uint64 {
	return hashmix.Finalize(uint64(h)) // so that close inputs spread
}

// lowerDigits lower-cases s and replaces every ASCII digit with 0.
func lowerDigits(s string) string {
	need := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || ('A' <= c && c <= 'Z') || ('1' <= c && c <= '9') {
			need = true
			break
		}
	}
	if !need {
		return s
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b = append(b, '0')
		case r < 0x80:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b = append(b, byte(r))
		default:
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
	}
	return string(b)
}

func charClass(r rune) byte {
	switch {
	case unicode.IsUpper(r):
		return 'X'
	case unicode.IsLower(r) || unicode.IsLetter(r):
		return 'x'
	case unicode.IsDigit(r):
		return 'd'
	case r < 0x80:
		return byte(r)
	default:
		return '*'
	}
}

// wordShape maps upper-case letters to X, other letters to x, digits to d and keeps punctuation; runs of one
// class longer than maxRun are cut to maxRun ("McDonald's" -> "XxXxxx'x" with maxRun 4, "XxXx'x" with 1).
func wordShape(s string, maxRun int) string {
	b := make([]byte, 0, len(s))
	var last byte
	run := 0
	for _, r := range s {
		c := charClass(r)
		if c == last {
			run++
		} else {
			last, run = c, 1
		}
		if run <= maxRun {
			b = append(b, c)
		}
	}
	return string(b)
}

// titles are words that precede or are part of a person's name or a role.
var titles = wordSet(`mr mr. mrs mrs. ms ms. dr dr. prof prof. sir lord lady dame rev rev. gen gen. col col.
	sen sen. rep rep. gov gov. lt lt. capt capt. sgt sgt. maj maj. st. president minister premier chancellor king queen
	prince princess pope cardinal bishop archbishop sheikh emir sultan ayatollah rabbi imam judge justice senator
	governor mayor secretary ambassador envoy spokesman spokeswoman chairman chairwoman chief director coach manager
	striker midfielder defender goalkeeper captain general colonel commander lieutenant sergeant admiral marshal
	leader dictator vice deputy former foreign prime mp m.p. correspondent analyst economist president-elect`)

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// letterInfo summarises the letters of a token.
type letterInfo struct {
	letters, upper int
	firstUpper     bool
}

func lettersOf(s string) letterInfo {
	var li letterInfo
	first := true
	for _, r := range s {
		if unicode.IsLetter(r) {
			li.letters++
			if unicode.IsUpper(r) {
				li.upper++
				if first {
					li.firstUpper = true
				}
			}
			first = false
		}
	}
	return li
}

// docView holds the per-token forms of one document that the features read.
type docView struct {
	norm, low, shape, short [][]string
	caps                    []bool            // sentence is in headline (all-caps) mode
	docCase                 map[string]string // lowered form -> how it is written mid-sentence in normal text
	occ                     map[string][]tokRef
	lpos, lmask             [][]uint8 // per token: position in a listed name (0 none, 1 B, 2 I, 3 L, 4 U), its types
}

// capsSentence reports whether most words of a sentence are written in capitals (a headline or dateline).
func capsSentence(toks []string) bool {
	words, caps := 0, 0
	for _, t := range toks {
		li := lettersOf(t)
		if li.letters == 0 {
			continue
		}
		words++
		if li.upper == li.letters && (li.letters > 1 || len(toks) <= 3) {
			caps++
		}
	}
	return words > 0 && caps*2 > words
}

func newDocView(sents [][]string) *docView {
	v := &docView{
		norm:    make([][]string, len(sents)),
		low:     make([][]string, len(sents)),
		shape:   make([][]string, len(sents)),
		short:   make([][]string, len(sents)),
		caps:    make([]bool, len(sents)),
		docCase: map[string]string{},
	}
	for i, s := range sents {
		n := make([]string, len(s))
		l := make([]string, len(s))
		sh := make([]string, len(s))
		ss := make([]string, len(s))
		for j, t := range s {
			n[j] = foldToken(t)
			l[j] = lowerDigits(n[j])
			sh[j] = wordShape(n[j], 4)
			ss[j] = wordShape(n[j], 1)
		}
		v.norm[i], v.low[i], v.shape[i], v.short[i] = n, l, sh, ss
		v.caps[i] = capsSentence(n)
		if v.caps[i] {
			continue
		}
		for j := 1; j < len(n); j++ {
			li := lettersOf(n[j])
			if li.letters == 0 {
				continue
			}
			c := "x"
			if li.upper == li.letters && li.letters > 1 {
				c = "X"
			} else if li.firstUpper {
				c = "Xx"
			}
			if old, ok := v.docCase[l[j]]; ok && old != c {
				c = "mixed"
			}
			v.docCase[l[j]] = c
		}
	}
	v.occ = occurrences(v)
	return v
}

// aggMax bounds the other occurrences whose contexts a token reads.
const aggMax = 8

// localFeatures appends the hashes of the local features of token i of sentence s.
func (m *Model) localFeatures(dst []uint64, v *docView, s, i int) []uint64 {
	low, norm, shape, short := v.low[s], v.norm[s], v.shape[s], v.short[s]
	n := len(low)
	var caps uint64
	if v.caps[s] {
		caps = 1
	}
	w := low[i]
	at := func(k int) string {
		if k < 0 {
			return "<s>"
		}
		if k >= n {
			return "</s>"
		}
		return low[k]
	}
	sat := func(k int) string {
		if k < 0 {
			return "<s>"
		}
		if k >= n {
			return "</s>"
		}
		return short[k]
	}
	dst = append(dst,
		newHash(fBias).sum(),
		newHash(fWord).str(w).sum(),
		newHash(fExact).str(norm[i]).num(caps).sum(),
		newHash(fShape).str(shape[i]).num(caps).sum(),
		newHash(fShort).str(short[i]).num(caps).sum(),
		newHash(fWordM1).str(at(i-1)).sum(),
		newHash(fWordP1).str(at(i+1)).sum(),
		newHash(fWordM2).str(at(i-2)).sum(),
		newHash(fWordP2).str(at(i+2)).sum(),
		newHash(fShortM1).str(sat(i-1)).num(caps).sum(),
		newHash(fShortP1).str(sat(i+1)).num(caps).sum(),
		newHash(fBigramL).str(at(i-1)).str(w).sum(),
		newHash(fBigramR).str(w).str(at(i+1)).sum(),
		newHash(fShapeTri).str(sat(i-1)).str(short[i]).str(sat(i+1)).num(caps).sum(),
	)
	// prefixes and suffixes of the lowered word, by runes
	if len(w) > 1 {
		var ends [5]int // byte offsets after the first 1..4 runes
		k := 0
		for off := range w {
			if k > 0 && k <= 4 {
				ends[k] = off
			}
			k++
			if k > 4 {
				break
			}
		}
		runes := utf8.RuneCountInString(w)
		for p := 1; p <= 4 && p < runes; p++ {
			dst = append(dst, newHash(fPrefix).str(w[:ends[p]]).sum())
		}
		starts := make([]int, 0, 5)
		for off := len(w); off > 0 && len(starts) < 4; {
			_, sz := utf8.DecodeLastRuneInString(w[:off])
			off -= sz
			starts = append(starts, off)
		}
		for p, off := range starts {
			if p+1 >= runes {
				break
			}
			dst = append(dst, newHash(fSuffix).str(w[off:]).sum())
		}
	}
	if i == 0 {
		dst = append(dst, newHash(fFirst).str(short[i]).sum())
	}
	if caps == 1 {
		dst = append(dst, newHash(fCapsWord).str(w).sum())
	}
	if strings.IndexByte(w, '-') > 0 && len(w) > 2 {
		for _, p := range strings.Split(w, "-") {
			if p != "" {
				dst = append(dst, newHash(fHyphenPart).str(p).sum())
			}
		}
	}
	if i > 0 && titles[low[i-1]] {
		dst = append(dst, newHash(fTitlePrev).sum())
	}
	if i > 1 && titles[low[i-2]] {
		dst = append(dst, newHash(fTitleM2).sum())
	}
	if titles[w] {
		dst = append(dst, newHash(fTitleSelf).sum())
	}
	if i == 0 || caps == 1 {
		if c, ok := v.docCase[w]; ok {
			dst = append(dst, newHash(fDocCase).str(c).num(caps).sum())
		} else {
			dst = append(dst, newHash(fDocCase).str("none").num(caps).sum())
		}
	}
	if m.cfg.Aggregate && eligible(v, s, i) {
		seen := 0
		for _, r := range v.occ[w] {
			if int(r.s) == s && int(r.i) == i {
				continue
			}
			if seen++; seen > aggMax {
				break
			}
			ol := v.low[r.s]
			p, q := "<s>", "</s>"
			if r.i > 0 {
				p = ol[r.i-1]
			}
			if int(r.i)+1 < len(ol) {
				q = ol[r.i+1]
			}
			dst = append(dst, newHash(fAggPrev).str(p).sum(), newHash(fAggNext).str(q).sum())
		}
	}
	if v.lpos != nil {
		lp, lm := v.lpos[s], v.lmask[s]
		if lp[i] != 0 {
			for t := range 4 {
				if lm[i]&(1<<t) != 0 {
					dst = append(dst, newHash(fList).num(uint64(lp[i])<<8|uint64(t)).sum())
				}
			}
			dst = append(dst, newHash(fList).num(uint64(lp[i])<<8|uint64(lm[i])<<16).sum())
		}
		if i > 0 && lp[i-1] != 0 {
			dst = append(dst, newHash(fListM1).num(uint64(lp[i-1])<<8|uint64(lm[i-1])).sum())
		}
		if i+1 < n && lp[i+1] != 0 {
			dst = append(dst, newHash(fListP1).num(uint64(lp[i+1])<<8|uint64(lm[i+1])).sum())
		}
	}
	if m.clusters != nil {
		dst = m.clusterFeatures(dst, fCluster, w, clusterLevelsSelf)
		if i > 0 {
			dst = m.clusterFeatures(dst, fClusterM1, low[i-1], clusterLevelsCtx)
		}
		if i+1 < n {
			dst = m.clusterFeatures(dst, fClusterP1, low[i+1], clusterLevelsCtx)
		}
	}
	return dst
}

// foldToken folds typographic quotes and dashes to the ASCII forms CoNLL-2003 uses, in the style the model was
// trained with.
func foldToken(s string) string { return conll.Fold(s, conll.Hyphens) }
