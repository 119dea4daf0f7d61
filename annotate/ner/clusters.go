package ner

import (
	"context"
	"fmt"
	"html"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Word clusters. Words of the unlabelled text are represented by their left and right neighbours (positive
// pointwise mutual information with the most frequent words, projected to clusterDims dimensions by a fixed
// random projection) and clustered by hierarchical spherical k-means: clusterBranch children per node,
// clusterLevels levels, so every word gets a path of clusterLevels digits in base clusterBranch, like the bit
// strings of Brown clusters. The features read its prefixes.

var (
	clusterLevelsSelf = []int{1, 2, 3, 4}
	clusterLevelsCtx  = []int{2, 4}
)

const (
	clusterBits    = 3
	clusterBranch  = 1 << clusterBits
	clusterLevels  = 4
	clusterDims    = 128
	clusterMinFreq = 3
	clusterContext = 1500 // context words: the most frequent ones
	clusterMaxWord = 80000
)

func (m *Model) clusterFeatures(dst []uint64, t uint8, low string, levels []int) []uint64 {
	c, ok := m.clusters[low]
	if !ok {
		return append(dst, newHash(t).num(0xffff).sum())
	}
	for _, l := range levels {
		p := uint64(c) >> (clusterBits * (clusterLevels - l))
		dst = append(dst, newHash(t).num(uint64(l)<<16|p).sum())
	}
	return dst
}

var (
	xmlToken = regexp.MustCompile(`<token[^>]*>([^<]*)</token>`)
	xmlTag   = regexp.MustCompile(`<[^>]*>`)
)

// readUnlabeled returns the sentences (as token lists) of the files under paths.
func readUnlabeled(ctx context.Context, paths []string) ([][]string, error) {
	var out [][]string
	for _, root := range paths {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if d.IsDir() {
				return nil
			}
			ext := filepath.Ext(p)
			if ext != ".txt" && ext != ".tml" && ext != ".xml" {
				return nil
			}
			if strings.Contains(p, "annotation-guidelines") {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			switch ext {
			case ".xml":
				var sent []string
				for _, mm := range xmlToken.FindAllSubmatch(b, -1) {
					t := html.UnescapeString(string(mm[1]))
					if t == "" {
						continue
					}
					sent = append(sent, t)
					if t == "." || t == "?" || t == "!" {
						out = append(out, sent)
						sent = nil
					}
				}
				if len(sent) > 0 {
					out = append(out, sent)
				}
			case ".tml":
				out = append(out, splitText(html.UnescapeString(xmlTag.ReplaceAllString(string(b), " ")))...)
			default:
				out = append(out, splitText(string(b))...)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("ner: unlabelled text %s: %w", root, err)
		}
	}
	return out, nil
}

// splitText is a rough tokenizer for unlabelled text: lines are split at white space, punctuation is split
// off words (keeping inner hyphens, periods and apostrophes), "'s" and "n't" are split, and a token ending a
// sentence ends the token list.
func splitText(text string) [][]string {
	var out [][]string
	for _, line := range strings.Split(text, "\n") {
		var sent []string
		for _, w := range strings.Fields(line) {
			w = foldToken(w)
			var tail []string
			for w != "" {
				r, sz := utf8.DecodeRuneInString(w)
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					break
				}
				sent = append(sent, w[:sz])
				w = w[sz:]
			}
			for w != "" {
				r, sz := utf8.DecodeLastRuneInString(w)
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					break
				}
				// keep the period of an abbreviation (U.S., Mr.)
				if r == '.' && strings.Count(w, ".") > 1 || r == '.' && titles[strings.ToLower(w)] {
					break
				}
				tail = append(tail, w[len(w)-sz:])
				w = w[:len(w)-sz]
			}
			lw := strings.ToLower(w)
			switch {
			case strings.HasSuffix(lw, "'s") && len(w) > 2:
				sent = append(sent, w[:len(w)-2], w[len(w)-2:])
			case strings.HasSuffix(lw, "n't") && len(w) > 3:
				sent = append(sent, w[:len(w)-3], w[len(w)-3:])
			case w != "":
				sent = append(sent, w)
			}
			for k := len(tail) - 1; k >= 0; k-- {
				sent = append(sent, tail[k])
			}
			if n := len(sent); n > 0 && (sent[n-1] == "." || sent[n-1] == "?" || sent[n-1] == "!") {
				out = append(out, sent)
				sent = nil
			}
		}
		if len(sent) > 0 {
			out = append(out, sent)
		}
	}
	return out
}

// learnClusters clusters the words of the unlabelled files and extra sentences. The result maps lowered
// words (lowerDigits) to their cluster path. It is deterministic.
func learnClusters(ctx context.Context, paths []string, extra [][]string, workers int, progress func(string)) (map[string]uint16, error) {
	sents, err := readUnlabeled(ctx, paths)
	if err != nil {
		return nil, err
	}
	sents = append(sents, extra...)
	// count words
	freq := map[string]int{}
	ntok := 0
	low := make([][]string, len(sents))
	for i, s := range sents {
		low[i] = make([]string, len(s))
		for j, t := range s {
			w := lowerDigits(foldToken(t))
			low[i][j] = w
			freq[w]++
			ntok++
		}
	}
	words := make([]string, 0, len(freq))
	for w, c := range freq {
		if c >= clusterMinFreq {
			words = append(words, w)
		}
	}
	slices.SortFunc(words, func(a, b string) int {
		if freq[a] != freq[b] {
			return freq[b] - freq[a]
		}
		return strings.Compare(a, b)
	})
	if len(words) > clusterMaxWord {
		words = words[:clusterMaxWord]
	}
	progress(fmt.Sprintf("clusters: %d sentences, %d tokens, %d words", len(sents), ntok, len(words)))
	if len(words) < clusterBranch {
		return map[string]uint16{}, nil
	}
	index := make(map[string]int, len(words))
	for i, w := range words {
		index[w] = i
	}
	nctx := min(clusterContext, len(words))
	// co-occurrence counts with the context words at offsets -2, -1, +1, +2
	offsets := []int{-2, -1, 1, 2}
	co := make([]map[int32]float32, len(words))
	for i := range co {
		co[i] = map[int32]float32{}
	}
	ctxTotal := make([]float64, len(offsets)*nctx)
	var total float64
	for _, s := range low {
		for j, w := range s {
			wi, ok := index[w]
			if !ok {
				continue
			}
			for k, o := range offsets {
				c := "<s>"
				if j+o >= 0 && j+o < len(s) {
					c = s[j+o]
				} else if j+o >= len(s) {
					c = "</s>"
				}
				ci, ok := index[c]
				if !ok || ci >= nctx {
					continue
				}
				f := int32(k*nctx + ci)
				co[wi][f]++
				ctxTotal[f]++
				total++
			}
		}
	}
	// PPMI, projected
	vecs := make([][]float32, len(words))
	for i := range words {
		var wt float64
		for _, c := range co[i] {
			wt += float64(c)
		}
		v := make([]float32, clusterDims)
		feats := make([]int32, 0, len(co[i]))
		for f := range co[i] {
			feats = append(feats, f)
		}
		slices.Sort(feats)
		for _, f := range feats {
			pmi := math.Log(float64(co[i][f]) * total / (wt * ctxTotal[f]))
			if pmi <= 0 {
				continue
			}
			h := uint64(f)*0x9e3779b97f4a7c15 + 1
			for d := range clusterDims {
				h ^= h >> 29
				h *= 0xbf58476d1ce4e5b9
				h ^= h >> 32
				if h&1 == 0 {
					v[d] += float32(pmi)
				} else {
					v[d] -= float32(pmi)
				}
			}
		}
		normalize(v)
		vecs[i] = v
		co[i] = nil
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	paths16 := make([]uint16, len(words))
	all := make([]int, len(words))
	for i := range all {
		all[i] = i
	}
	split(vecs, all, 0, 0, paths16)
	out := make(map[string]uint16, len(words))
	for i, w := range words {
		out[w] = paths16[i]
	}
	return out, nil
}

func normalize(v []float32) {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	if s == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(s))
	for i := range v {
		v[i] *= inv
	}
}

// split clusters members (indices into vecs, most frequent first) into clusterBranch children and recurses
// to clusterLevels levels, writing the path digits into paths.
func split(vecs [][]float32, members []int, level int, prefix uint16, paths []uint16) {
	if level == clusterLevels {
		for _, m := range members {
			paths[m] = prefix
		}
		return
	}
	k := clusterBranch
	assign := make([]int, len(members))
	if len(members) <= k {
		for i := range members {
			assign[i] = i
		}
	} else {
		// initial centroids: farthest-first from the most frequent member (deterministic)
		cents := make([][]float32, 0, k)
		cents = append(cents, slices.Clone(vecs[members[0]]))
		best := make([]float32, len(members))
		for i := range best {
			best[i] = -2
		}
		for len(cents) < k {
			last := cents[len(cents)-1]
			far, farSim := 0, float32(2)
			for i, m := range members {
				s := dot(vecs[m], last)
				if s > best[i] {
					best[i] = s
				}
				if best[i] < farSim {
					far, farSim = i, best[i]
				}
			}
			cents = append(cents, slices.Clone(vecs[members[far]]))
		}
		for it := 0; it < 12; it++ {
			changed := 0
			for i, m := range members {
				b, bs := 0, float32(-3)
				for c := range cents {
					if s := dot(vecs[m], cents[c]); s > bs {
						b, bs = c, s
					}
				}
				if assign[i] != b || it == 0 {
					changed++
				}
				assign[i] = b
			}
			for c := range cents {
				clear(cents[c])
			}
			for i, m := range members {
				c := cents[assign[i]]
				for d, x := range vecs[m] {
					c[d] += x
				}
			}
			for c := range cents {
				normalize(cents[c])
			}
			if changed == 0 {
				break
			}
		}
	}
	groups := make([][]int, k)
	for i, m := range members {
		groups[assign[i]] = append(groups[assign[i]], m)
	}
	for c, g := range groups {
		if len(g) > 0 {
			split(vecs, g, level+1, prefix<<clusterBits|uint16(c), paths)
		}
	}
}

func dot(a, b []float32) float32 {
	var s float32
	b = b[:len(a)]
	for i, x := range a {
		s += x * b[i]
	}
	return s
}
