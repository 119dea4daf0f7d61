package cluster

import (
	"math"

	"newsgraph/internal/hashmix"
)

// minhashSeeds are the seeds of the hash functions of a signature: fixed, so that signatures saved by one run
// compare with those of the next.
func minhashSeeds(n int) []uint64 {
	s := make([]uint64, n)
	x := uint64(0x9e3779b97f4a7c15)
	for i := range s {
		x += 0x9e3779b97f4a7c15
		s[i] = hashmix.Finalize(x)
	}
	return s
}

// signature is the MinHash signature of a set of hashed shingles: for each seed, the least 32-bit mixed value
// over the set. An empty set gives all ones (it matches only other empty sets, which are never compared).
func signature(shingles []uint64, seeds []uint64) []uint32 {
	sig := make([]uint32, len(seeds))
	for i := range sig {
		sig[i] = math.MaxUint32
	}
	for _, h := range shingles {
		for i, s := range seeds {
			v := uint32(hashmix.Finalize(h^s) >> 32)
			if v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig
}

// estimate returns the share of equal positions of two signatures: an unbiased estimate of the Jaccard
// similarity of the two shingle sets (standard error sqrt(J(1-J)/len)).
func estimate(a, b []uint32) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return 0
	}
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(a))
}

// bandKeys returns one bucket key per band of sig.
func bandKeys(sig []uint32, bands, rows int) []uint64 {
	keys := make([]uint64, bands)
	for b := 0; b < bands; b++ {
		h := uint64(b+1) * 0x9e3779b97f4a7c15
		for _, v := range sig[b*rows : (b+1)*rows] {
			h = hashmix.Finalize(h ^ uint64(v))
		}
		keys[b] = h
	}
	return keys
}

// jaccard is the exact Jaccard similarity of two sorted unique sets.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	inter := intersect(a, b)
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// intersect counts the common elements of two sorted unique slices.
func intersect(a, b []uint64) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}
