package ner

import (
	"math"
	"unicode"
)

// Span is an entity found by the model: tokens [Start, End) of a sentence, Label PER, ORG, LOC or MISC.
type Span struct {
	Start, End int
	Label      string
}

// Types are the entity types of CoNLL-2003, in the order of the model's labels.
var Types = [4]string{"PER", "ORG", "LOC", "MISC"}

// The model tags tokens with BILOU labels: 0 is O, then for each type t (index into Types) the labels
// 1+4t+k with k = 0 B(egin), 1 I(nside), 2 L(ast), 3 U(nit).
const nLab = 17

const (
	posB = iota
	posI
	posL
	posU
)

func labelOf(t, pos int) uint8 { return uint8(1 + 4*t + pos) }

func labelType(l uint8) int {
	if l == 0 {
		return -1
	}
	return int(l-1) / 4
}

func labelPos(l uint8) int { return int(l-1) % 4 }

var labelNames = func() [nLab]string {
	var n [nLab]string
	n[0] = "O"
	for t, ty := range Types {
		for k, p := range []string{"B-", "I-", "L-", "U-"} {
			n[1+4*t+k] = p + ty
		}
	}
	return n
}()

// allowed reports whether label cur may follow prev (prev == nLab: sentence start).
func allowed(prev, cur int) bool {
	open := prev != nLab && prev != 0 && (labelPos(uint8(prev)) == posB || labelPos(uint8(prev)) == posI)
	if !open {
		return cur == 0 || labelPos(uint8(cur)) == posB || labelPos(uint8(cur)) == posU
	}
	return cur != 0 && labelType(uint8(cur)) == labelType(uint8(prev)) &&
		(labelPos(uint8(cur)) == posI || labelPos(uint8(cur)) == posL)
}

// canEnd reports whether a sentence may end with label l.
func canEnd(l int) bool {
	return l == 0 || labelPos(uint8(l)) == posL || labelPos(uint8(l)) == posU
}

var allowedTab = func() (a [nLab + 1][nLab]bool) {
	for p := 0; p <= nLab; p++ {
		for c := 0; c < nLab; c++ {
			a[p][c] = allowed(p, c)
		}
	}
	return a
}()

// spansToBILOU converts entity spans of a sentence of n tokens to labels.
func spansToBILOU(spans []Span, n int) []uint8 {
	out := make([]uint8, n)
	for _, sp := range spans {
		t := typeIndex(sp.Label)
		if t < 0 {
			continue
		}
		if sp.End-sp.Start == 1 {
			out[sp.Start] = labelOf(t, posU)
			continue
		}
		out[sp.Start] = labelOf(t, posB)
		for k := sp.Start + 1; k < sp.End-1; k++ {
			out[k] = labelOf(t, posI)
		}
		out[sp.End-1] = labelOf(t, posL)
	}
	return out
}

func typeIndex(label string) int {
	for i, t := range Types {
		if t == label {
			return i
		}
	}
	return -1
}

// bilouToSpans reads the entities of a label sequence produced by viterbi (which keeps it well formed).
func bilouToSpans(labels []uint8) []Span {
	var out []Span
	start := -1
	for i, l := range labels {
		if l == 0 {
			start = -1
			continue
		}
		switch labelPos(l) {
		case posU:
			out = append(out, Span{Start: i, End: i + 1, Label: Types[labelType(l)]})
			start = -1
		case posB:
			start = i
		case posL:
			if start >= 0 {
				out = append(out, Span{Start: start, End: i + 1, Label: Types[labelType(l)]})
			}
			start = -1
		}
	}
	return out
}

// feats are the feature IDs of a sentence: those of token i are ids[off[i]:off[i+1]].
type feats struct {
	ids []int32
	off []int32
}

func (f feats) len() int { return len(f.off) - 1 }

// weights is one linear model over the shared feature IDs.
type weights struct {
	w     []float32 // feature*nLab + label
	trans []float32 // (nLab+1)*nLab: prev*nLab + cur, prev nLab = start
}

// scores fills sc (len n*nLab) with the emission scores of a sentence.
func (wt *weights) scores(f feats, extra feats, sc []float32) {
	n := f.len()
	for i := range n {
		row := sc[i*nLab : i*nLab+nLab : i*nLab+nLab]
		clear(row)
		for _, id := range f.ids[f.off[i]:f.off[i+1]] {
			ws := wt.w[int(id)*nLab : int(id)*nLab+nLab : int(id)*nLab+nLab]
			for l := range row {
				row[l] += ws[l]
			}
		}
		if extra.off != nil {
			for _, id := range extra.ids[extra.off[i]:extra.off[i+1]] {
				ws := wt.w[int(id)*nLab : int(id)*nLab+nLab : int(id)*nLab+nLab]
				for l := range row {
					row[l] += ws[l]
				}
			}
		}
	}
}

// viterbi returns the best well-formed label sequence for emission scores sc of n tokens.
func viterbi(trans []float32, sc []float32, n int, out []uint8, back []uint8) []uint8 {
	out = out[:0]
	if n == 0 {
		return out
	}
	neg := float32(math.Inf(-1))
	var delta, next [nLab]float32
	for c := 0; c < nLab; c++ {
		if allowedTab[nLab][c] {
			delta[c] = trans[nLab*nLab+c] + sc[c]
		} else {
			delta[c] = neg
		}
	}
	if cap(back) < n*nLab {
		back = make([]uint8, n*nLab)
	}
	back = back[:n*nLab]
	for i := 1; i < n; i++ {
		for c := 0; c < nLab; c++ {
			best, arg := neg, 0
			for p := 0; p < nLab; p++ {
				if !allowedTab[p][c] || delta[p] == neg {
					continue
				}
				if s := delta[p] + trans[p*nLab+c]; s > best {
					best, arg = s, p
				}
			}
			if best == neg {
				next[c] = neg
			} else {
				next[c] = best + sc[i*nLab+c]
			}
			back[i*nLab+c] = uint8(arg)
		}
		delta = next
	}
	best, arg := neg, 0
	for c := 0; c < nLab; c++ {
		if canEnd(c) && delta[c] > best {
			best, arg = delta[c], c
		}
	}
	out = append(out, make([]uint8, n)...)
	out[n-1] = uint8(arg)
	for i := n - 1; i > 0; i-- {
		out[i-1] = back[i*nLab+int(out[i])]
	}
	return out
}

// nonlocalHashes returns, for every token of sentence s, the hashes of the features read from the first
// stage's labels of the whole document (s1[sent][tok]).
func nonlocalHashes(v *docView, s1 [][]uint8, occ map[string][]tokRef, s int, dst []uint64, off []int32) ([]uint64, []int32) {
	lab := s1[s]
	n := len(lab)
	off = append(off[:0], int32(len(dst)))
	for i := range n {
		dst = append(dst, newHash(fS1Self).num(uint64(lab[i])).sum())
		p, q := uint64(nLab), uint64(nLab)
		if i > 0 {
			p = uint64(lab[i-1])
		}
		if i+1 < n {
			q = uint64(lab[i+1])
		}
		dst = append(dst, newHash(fS1Prev).num(p).num(uint64(lab[i])).sum(), newHash(fS1Next).num(uint64(lab[i])).num(q).sum())
		if refs, ok := occ[v.low[s][i]]; ok && eligible(v, s, i) {
			var counts [5]int
			first := -2
			others := 0
			for _, r := range refs {
				if int(r.s) == s && int(r.i) == i {
					continue
				}
				t := labelType(s1[r.s][r.i]) + 1
				counts[t]++
				others++
				if first == -2 {
					first = t
				}
			}
			if others > 0 {
				maj := 0
				for t := 1; t < 5; t++ {
					if counts[t] > counts[maj] {
						maj = t
					}
				}
				dst = append(dst, newHash(fNLMajority).num(uint64(maj)).sum(), newHash(fNLFirst).num(uint64(first)).sum())
				for t := 1; t < 5; t++ {
					if counts[t] > 0 {
						dst = append(dst, newHash(fNLHas).num(uint64(t)).sum())
					}
				}
			}
		}
		off = append(off, int32(len(dst)))
	}
	return dst, off
}

type tokRef struct{ s, i int32 }

// eligible: a token whose other occurrences are looked at is a word that starts with a capital or stands in
// a headline.
func eligible(v *docView, s, i int) bool {
	t := v.norm[s][i]
	if t == "" {
		return false
	}
	for _, r := range t {
		return unicode.IsUpper(r) || (v.caps[s] && unicode.IsLetter(r))
	}
	return false
}

// occurrences indexes the eligible tokens of a document by lowered form.
func occurrences(v *docView) map[string][]tokRef {
	occ := map[string][]tokRef{}
	for s := range v.low {
		for i, w := range v.low[s] {
			if eligible(v, s, i) {
				occ[w] = append(occ[w], tokRef{int32(s), int32(i)})
			}
		}
	}
	return occ
}
