package pos

import (
	"newsgraph/annotate/internal/conll"

	"newsgraph/internal/hashmix"

	"unicode"
	"unicode/utf8"
)

// Feature templates. A feature is a 64-bit hash of its template and values; the model keeps the hashes of
// the features it learned weights for.
const (
	fBias uint64 = iota + 1
	fLow
	fSuf1
	fSuf2
	fSuf3
	fPre1
	fPre2
	fPre3
	fShape
	fLowM1
	fSuf3M1
	fLowM2
	fLowP1
	fSuf3P1
	fLowP2
	fShapeM1
	fShapeP1
	fBigramL
	fBigramR
	fFlags
	fT1
	fT2
	fT12
	fT1Low
	fT1LowP1
	fSuf4
	fT1Suf3
	fR1
	fR12
	fR1Low
	fT1R1
	fR1Suf3
)

// nStatic is the number of features of a token that do not depend on the tags before it; nDyn those that do.
const (
	nStatic = 21
	nDyn    = 5
	nRight  = 5
	nFeat   = nStatic + nDyn + nRight
)

func hashBytes(b []byte) uint64 {
	x := uint64(hashmix.Offset)
	for _, c := range b {
		x ^= uint64(c)
		x *= hashmix.Prime
	}
	return x
}

// mix combines a hash with a value (splitmix64 finaliser), so that feature(t, a, b) = mix(mix(t, a), b).
func mix(h, v uint64) uint64 {
	return hashmix.Finalize((h^0x9e3779b97f4a7c15)*hashmix.Prime ^ v)
}

// tokInfo holds the hashes of the forms of one token that features read.
type tokInfo struct {
	low                          uint64 // lower-cased, digits as 0
	pre1, pre2, pre3             uint64 // first runes: pre1 keeps case, pre2 and pre3 are lowered
	suf1, suf2, suf3, suf4, shap uint64
	flags                        uint64
}

// Flag bits of tokInfo.flags.
const (
	flHyphen = 1 << iota
	flDigit
	flUpperFirst
	flAllCaps
	flFirstTok
)

// padding: positions before the sentence and after it.
var (
	padBefore = tokInfo{low: 0x1b1, pre1: 0x1b1, pre2: 0x1b1, pre3: 0x1b1, suf1: 0x1b1, suf2: 0x1b1, suf3: 0x1b1, suf4: 0x1b1, shap: 0x1b1}
	padAfter  = tokInfo{low: 0x2e2, pre1: 0x2e2, pre2: 0x2e2, pre3: 0x2e2, suf1: 0x2e2, suf2: 0x2e2, suf3: 0x2e2, suf4: 0x2e2, shap: 0x2e2}
)

// info computes the hashes of word w (already normalised). buf is scratch space, returned for reuse.
func info(w string, first bool, buf []byte) (tokInfo, []byte) {
	var ti tokInfo
	low := buf[:0]
	var ends [4]int // byte offset after the first 1..3 runes of low; [3] unused
	var starts [4]int
	nr := 0
	letters, uppers := 0, 0
	shape := make([]byte, 0, 16)
	var last byte
	firstRune := ""
	for i, r := range w {
		if i == 0 {
			firstRune = w[:utf8.RuneLen(r)]
			if r == utf8.RuneError {
				firstRune = w[:1]
			}
		}
		var c byte
		switch {
		case r >= '0' && r <= '9':
			ti.flags |= flDigit
			c = 'd'
			r = '0'
		case unicode.IsUpper(r):
			letters++
			uppers++
			c = 'X'
			r = unicode.ToLower(r)
		case unicode.IsLetter(r):
			letters++
			c = 'x'
		case r == '-':
			ti.flags |= flHyphen
			c = '-'
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = '*'
		}
		if c != last && len(shape) < 16 {
			shape = append(shape, c)
			last = c
		}
		low = utf8.AppendRune(low, r)
		nr++
		if nr <= 3 {
			ends[nr-1] = len(low)
		}
		starts[0], starts[1], starts[2], starts[3] = starts[1], starts[2], starts[3], len(low)-utf8.RuneLen(r)
		if utf8.RuneLen(r) < 0 {
			starts[3] = len(low) - 3 // RuneError is appended as 3 bytes
		}
	}
	if letters > 0 && uppers > 0 {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			ti.flags |= flUpperFirst
		}
		if uppers == letters {
			ti.flags |= flAllCaps
		}
	}
	if first {
		ti.flags |= flFirstTok
	}
	ti.low = hashBytes(low)
	ti.pre1 = hashString(firstRune)
	pre := func(k int) uint64 {
		if nr < k {
			return ti.low
		}
		return hashBytes(low[:ends[k-1]])
	}
	suf := func(k int) uint64 {
		if nr < k {
			return ti.low
		}
		return hashBytes(low[starts[4-k]:])
	}
	ti.pre2, ti.pre3 = pre(2), pre(3)
	ti.suf1, ti.suf2, ti.suf3, ti.suf4 = suf(1), suf(2), suf(3), suf(4)
	ti.shap = hashBytes(shape)
	return ti, low
}

func hashString(s string) uint64 {
	x := uint64(hashmix.Offset)
	for i := 0; i < len(s); i++ {
		x ^= uint64(s[i])
		x *= hashmix.Prime
	}
	return x
}

// staticFeats appends the nStatic features of token i of infos (which is padded: token i is at infos[i+2]).
func staticFeats(dst []uint64, p []tokInfo, i int) []uint64 {
	k := i + 2
	t := p[k]
	return append(dst,
		mix(fBias, 0),
		mix(fLow, t.low),
		mix(fSuf1, t.suf1),
		mix(fSuf2, t.suf2),
		mix(fSuf3, t.suf3),
		mix(fSuf4, t.suf4),
		mix(fPre1, t.pre1),
		mix(fPre2, t.pre2),
		mix(fPre3, t.pre3),
		mix(fShape, t.shap),
		mix(fLowM1, p[k-1].low),
		mix(fSuf3M1, p[k-1].suf3),
		mix(fLowM2, p[k-2].low),
		mix(fLowP1, p[k+1].low),
		mix(fSuf3P1, p[k+1].suf3),
		mix(fLowP2, p[k+2].low),
		mix(fShapeM1, p[k-1].shap),
		mix(fShapeP1, p[k+1].shap),
		mix(mix(fBigramL, p[k-1].low), t.low),
		mix(mix(fBigramR, t.low), p[k+1].low),
		mix(fFlags, t.flags),
	)
}

// dynFeats appends the nDyn features of token i that read the tags t1 (previous) and t2 (the one before).
func dynFeats(dst []uint64, p []tokInfo, i int, t1, t2 uint8) []uint64 {
	k := i + 2
	return append(dst,
		mix(fT1, uint64(t1)),
		mix(fT2, uint64(t2)),
		mix(mix(fT12, uint64(t1)), uint64(t2)),
		mix(mix(fT1Low, uint64(t1)), p[k].low),
		mix(mix(fT1Suf3, uint64(t1)), p[k].suf3),
	)
}

// rightFeats appends the nRight features of token i that read the first stage's tags r of the sentence (the
// second stage only); t1 is the tag chosen before i. Past the end of the sentence the tag is nTags+1.
func rightFeats(dst []uint64, p []tokInfo, i int, r []uint8, t1 uint8, nTags int) []uint64 {
	k := i + 2
	r1, r2 := uint64(nTags+1), uint64(nTags+1)
	if i+1 < len(r) {
		r1 = uint64(r[i+1])
	}
	if i+2 < len(r) {
		r2 = uint64(r[i+2])
	}
	return append(dst,
		mix(fR1, r1),
		mix(mix(fR12, r1), r2),
		mix(mix(fR1Low, r1), p[k].low),
		mix(mix(fT1R1, uint64(t1)), r1),
		mix(mix(fR1Suf3, r1), p[k].suf3),
	)
}

// normWord maps typographic quotes, dashes and ellipses to the forms of CoNLL-2003 in the Penn style the model
// was trained with (— becomes --, … becomes ...).
func normWord(s string) string { return conll.Fold(s, conll.Penn) }
