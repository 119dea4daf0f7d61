package pos

import (
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
)

// fileVersion is bumped when features or the file layout change; Load refuses other versions.
const fileVersion = 2

// file is the serialised model: a gob stream, gzip-compressed.
type file struct {
	Version   int
	Tags      []string
	DictWords []string // sorted
	DictTags  []uint8
	S1        wfile
	S2        *wfile // nil: one stage
}

// wfile is one stage's weights. Feature hashes are sorted; feature k owns Counts[k] consecutive
// (ETags, Weights) pairs; a weight is Weights[j]*Scale.
type wfile struct {
	Hashes  []uint64
	Counts  []uint16
	ETags   []uint8
	Weights []int16
	Scale   float32
}

// MarshalBinary returns the model as a gzip-compressed gob stream (deterministic: one model, one byte
// sequence), which Load reads.
func (m *Model) MarshalBinary() ([]byte, error) {
	f := m.file
	f.Version = fileVersion
	var raw bytes.Buffer
	if err := gob.NewEncoder(&raw).Encode(&f); err != nil {
		return nil, fmt.Errorf("pos: encode model: %w", err)
	}
	var out bytes.Buffer
	zw, err := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw.Bytes()); err != nil {
		return nil, fmt.Errorf("pos: compress model: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("pos: compress model: %w", err)
	}
	return out.Bytes(), nil
}

// Save writes the model as MarshalBinary lays it out.
func (m *Model) Save(w io.Writer) error {
	b, err := m.MarshalBinary()
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Load reads a model written by MarshalBinary.
func Load(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("pos: load model: %w", err)
	}
	var f file
	if err := gob.NewDecoder(zr).Decode(&f); err != nil {
		return nil, fmt.Errorf("pos: load model: %w", err)
	}
	if f.Version != fileVersion {
		return nil, fmt.Errorf("pos: load model: version %d, want %d", f.Version, fileVersion)
	}
	m, err := f.model()
	if err != nil {
		return nil, fmt.Errorf("pos: load model: %w", err)
	}
	return m, nil
}

var errMalformed = errors.New("malformed model")

// model checks f and builds the tagger from it.
func (f *file) model() (*Model, error) {
	nt := len(f.Tags)
	if nt == 0 || nt > 250 || len(f.DictWords) != len(f.DictTags) {
		return nil, errMalformed
	}
	m := &Model{tags: f.Tags, dict: make(map[string]uint8, len(f.DictWords))}
	for i, w := range f.DictWords {
		if int(f.DictTags[i]) >= nt {
			return nil, errMalformed
		}
		m.dict[w] = f.DictTags[i]
	}
	var err error
	if m.s1, err = f.S1.weights(nt); err != nil {
		return nil, err
	}
	if f.S2 != nil {
		w, err := f.S2.weights(nt)
		if err != nil {
			return nil, err
		}
		m.s2 = &w
	}
	m.file = *f
	return m, nil
}

func (f *wfile) weights(nt int) (weights, error) {
	if len(f.Hashes) != len(f.Counts) || len(f.ETags) != len(f.Weights) {
		return weights{}, errMalformed
	}
	w := weights{ids: make(map[uint64]int32, len(f.Hashes)), off: make([]int32, 0, len(f.Hashes)+1), etag: f.ETags,
		ew: make([]float32, len(f.Weights))}
	var j int32
	for k, h := range f.Hashes {
		w.ids[h] = int32(k)
		w.off = append(w.off, j)
		j += int32(f.Counts[k])
	}
	w.off = append(w.off, j)
	if int(j) != len(f.ETags) {
		return weights{}, errMalformed
	}
	for i, t := range f.ETags {
		if int(t) >= nt {
			return weights{}, errMalformed
		}
		w.ew[i] = float32(f.Weights[i]) * f.Scale
	}
	return w, nil
}
