package ner

import (
	"unicode"
)

// nameList holds the names seen as entities in the training set, as hashes of their lowered tokens with the
// set of types each was seen with (bit t for Types[t]). The hashes keep the model from storing the names.
type nameList struct {
	keys   map[uint64]uint8
	maxLen int
}

const listMaxLen = 6

func listKey(toks []string) uint64 {
	h := newHash(0xee)
	for _, t := range toks {
		h = h.str(t)
	}
	return h.sum()
}

// buildList collects the gold entity names of the documents for which use reports true.
func buildList(docs []Document, use func(di int) bool) *nameList {
	l := &nameList{keys: map[uint64]uint8{}}
	for di, d := range docs {
		if !use(di) {
			continue
		}
		for s, toks := range d.Sentences {
			for _, sp := range Spans(d.Tags[s]) {
				n := sp.End - sp.Start
				if n > listMaxLen {
					continue
				}
				low := make([]string, n)
				for k := range n {
					low[k] = lowerDigits(foldToken(toks[sp.Start+k]))
				}
				t := typeIndex(sp.Label)
				if t < 0 {
					continue
				}
				l.keys[listKey(low)] |= 1 << t
				l.maxLen = max(l.maxLen, n)
			}
		}
	}
	return l
}

// setList finds the names of l in every sentence of v, longest first and left to right, starting only at
// a capitalised word (or any word of a headline).
func (v *docView) setList(l *nameList) {
	v.lpos = make([][]uint8, len(v.low))
	v.lmask = make([][]uint8, len(v.low))
	if l == nil {
		return
	}
	for s, low := range v.low {
		pos := make([]uint8, len(low))
		mask := make([]uint8, len(low))
		for i := 0; i < len(low); {
			r := []rune(v.norm[s][i])
			if len(r) == 0 || !(unicode.IsUpper(r[0]) || (v.caps[s] && unicode.IsLetter(r[0]))) {
				i++
				continue
			}
			found := 0
			for n := min(l.maxLen, len(low)-i); n > 0; n-- {
				if mk, ok := l.keys[listKey(low[i:i+n])]; ok {
					for k := range n {
						mask[i+k] = mk
						switch {
						case n == 1:
							pos[i+k] = 4
						case k == 0:
							pos[i+k] = 1
						case k == n-1:
							pos[i+k] = 3
						default:
							pos[i+k] = 2
						}
					}
					found = n
					break
				}
			}
			i += max(found, 1)
		}
		v.lpos[s], v.lmask[s] = pos, mask
	}
}
