// Package hashmix holds the hashing pieces the trained models (annotate/ner, annotate/pos) and the clusterer
// share: the FNV-1a constants and the splitmix64 finaliser. Their values are part of trained models and saved
// cluster indexes, so they never change.
package hashmix

// The 64-bit FNV-1a offset basis and prime.
const (
	Offset = 14695981039346656037
	Prime  = 1099511628211
)

// Finalize is the splitmix64 finaliser: a bijection on uint64 under which inputs that differ in one bit give
// unrelated outputs.
func Finalize(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
