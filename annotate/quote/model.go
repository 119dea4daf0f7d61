package quote

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/gob"
	"fmt"
	"io"
	"slices"
	"sync"
)

// Model holds the weights Find scores candidate quotations and speakers with: sparse linear models over hashed
// features, learned by Train from annotated documents. The zero Model scores nothing (Find then keeps the
// rules' decisions). A Model is read-only once built and safe for concurrent use.
type Model struct {
	w map[uint64]float32
	// Info describes how the model was trained (data, epochs, counts), for the record.
	Info string
}

// modelFile is the serialised form of a Model.
type modelFile struct {
	Version int
	Info    string
	Keys    []uint64 // sorted, each stored as its difference from the one before
	Weights []float32
}

const modelVersion = 1

// Save writes the model gzip-compressed.
func (m *Model) Save(w io.Writer) error {
	f := modelFile{Version: modelVersion, Info: m.Info}
	for k := range m.w {
		f.Keys = append(f.Keys, k)
	}
	slices.Sort(f.Keys)
	for _, k := range f.Keys {
		f.Weights = append(f.Weights, m.w[k])
	}
	for i := len(f.Keys) - 1; i > 0; i-- {
		f.Keys[i] -= f.Keys[i-1]
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("save quote model: %w", err)
	}
	if err := gob.NewEncoder(zw).Encode(f); err != nil {
		return fmt.Errorf("save quote model: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("save quote model: %w", err)
	}
	return nil
}

// LoadModel reads a model written by Save.
func LoadModel(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("load quote model: %w", err)
	}
	var f modelFile
	if err := gob.NewDecoder(zr).Decode(&f); err != nil {
		return nil, fmt.Errorf("load quote model: %w", err)
	}
	if f.Version != modelVersion {
		return nil, fmt.Errorf("load quote model: version %d, want %d", f.Version, modelVersion)
	}
	if len(f.Keys) != len(f.Weights) {
		return nil, fmt.Errorf("load quote model: %d keys, %d weights", len(f.Keys), len(f.Weights))
	}
	m := &Model{w: make(map[uint64]float32, len(f.Keys)), Info: f.Info}
	k := uint64(0)
	for i, d := range f.Keys {
		k += d
		m.w[k] = f.Weights[i]
	}
	return m, nil
}

// Len returns the number of non-zero weights.
func (m *Model) Len() int {
	if m == nil {
		return 0
	}
	return len(m.w)
}

//go:embed model.gob.gz
var embedded []byte

var defaultModel = sync.OnceValues(func() (*Model, error) { return LoadModel(bytes.NewReader(embedded)) })

// DefaultModel returns the model built into the binary (trained on PolNeAR train by `newsgraph train quotes`
// or `go test ./annotate/quote -run TestTrainModel -train`).
func DefaultModel() (*Model, error) { return defaultModel() }

// score sums the weights of features fs.
func (m *Model) score(fs []uint64) float32 {
	var s float32
	for _, f := range fs {
		s += m.w[f]
	}
	return s
}

// fhash hashes a feature name (FNV-1a folded to 32 bits, which keeps the model small; the few collisions among
// some 10^5 features do not matter).
func fhash(parts ...string) uint64 {
	h := uint64(14695981039346656037)
	for i, p := range parts {
		if i > 0 {
			h ^= '|'
			h *= 1099511628211
		}
		for j := 0; j < len(p); j++ {
			h ^= uint64(p[j])
			h *= 1099511628211
		}
	}
	return uint64(uint32(h ^ h>>32))
}

// speakerPrefix is the state of fhash after the part "S" that starts every speaker feature.
var speakerPrefix = fhashState(14695981039346656037, "S")

func fhashState(h uint64, p string) uint64 {
	for j := 0; j < len(p); j++ {
		h ^= uint64(p[j])
		h *= 1099511628211
	}
	return h
}

// fhashAfter returns fhash of a first part whose state is h0 (fhashState of the offset basis and that part)
// followed by parts: fhashAfter(fhashState(basis, "S"), a, b) == fhash("S", a, b), without building the list.
func fhashAfter(h0 uint64, parts ...string) uint64 {
	h := h0
	for _, p := range parts {
		h ^= '|'
		h *= 1099511628211
		h = fhashState(h, p)
	}
	return uint64(uint32(h ^ h>>32))
}

// perceptron is an averaged perceptron under training.
type perceptron struct {
	w, u map[uint64]float32 // weights, and the sum of updates weighted by their time
	c    float32
}

func newPerceptron() *perceptron {
	return &perceptron{w: map[uint64]float32{}, u: map[uint64]float32{}, c: 1}
}

func (p *perceptron) score(fs []uint64) float32 {
	var s float32
	for _, f := range fs {
		s += p.w[f]
	}
	return s
}

func (p *perceptron) update(fs []uint64, d float32) {
	for _, f := range fs {
		p.w[f] += d
		p.u[f] += p.c * d
	}
}

func (p *perceptron) tick() { p.c++ }

// addAverage adds the averaged weights to m.
func (p *perceptron) addAverage(m map[uint64]float32) {
	for k, w := range p.w {
		if a := w - p.u[k]/p.c; a != 0 {
			m[k] += a
		}
	}
}
