// Package ner finds named entities (PER, ORG, LOC, MISC) in tokenised sentences with a two-stage structured
// averaged perceptron trained by this package on CoNLL-2003.
//
// Each stage is a linear model over hashed sparse features with first-order Viterbi decoding over BILOU
// labels. The first stage reads local features: the word, its shape, prefixes and suffixes, the words and
// shapes around it, headline (all-caps) mode, titles, how the word is written elsewhere in the document, and
// hierarchical word clusters learnt from unlabelled news text by this package (see clusters.go), and names
// seen as entities in the training set (stored as hashes; for training sentences the list comes from the
// other jackknife folds, so a sentence never sees its own names). The second
// stage adds what the first stage decided for the whole document: its label of the token and its neighbours
// and the labels of other occurrences of the same word (majority, earliest), so "Clinton" in a headline takes
// the label that "Bill Clinton" got in the body. For training, the first-stage labels of the training set
// come from jackknifed models (trained on the other folds), so the second stage learns how far to trust them.
//
// The trained model is embedded in the binary (model/ner.bin.zst, zstd-compressed, int16-quantised weights).
// Rebuild it from the repository root with:
//
//	go run ./annotate/ner/internal/nertool train -out annotate/ner/model/ner.bin.zst
//
// which reads ../shared/data/ner/conll2003/{train,dev}.txt (dev only picks the number of epochs) and the
// unlabelled text listed in nertool's -unlabeled default for the word clusters.
package ner

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/klauspost/compress/zstd"
)

//go:embed model/ner.bin.zst
var embedded []byte

// Model is a trained recogniser. It is immutable after Load or Train and safe for concurrent use.
type Model struct {
	cfg      modelConfig
	ids      map[uint64]int32 // feature hash -> feature ID
	s1, s2   weights
	clusters map[string]uint16 // lowered word -> cluster path (clusterBits bits per level)
	list     *nameList         // names seen as entities in the training set
}

// modelConfig records which feature groups a model was trained with, so that tagging computes the same ones.
type modelConfig struct {
	TwoStage  bool `json:"two_stage"`
	Clusters  bool `json:"clusters"`
	Aggregate bool `json:"aggregate"` // contexts of the other occurrences of a word in the document
	List      bool `json:"list"`      // names seen as entities in training
}

// Default returns the embedded trained model, loaded on first use.
func Default() (*Model, error) { return defaultModel() }

var defaultModel = sync.OnceValues(func() (*Model, error) {
	m, err := Load(bytes.NewReader(embedded))
	if err != nil {
		return nil, fmt.Errorf("ner: embedded model: %w", err)
	}
	return m, nil
})

// TagDocument labels every sentence of one document: sents[i] are the token texts of sentence i, and the
// result's element i holds the entities of sentence i, ordered and not overlapping. Tagging a document whole
// matters: the second stage reads the first stage's labels of the other sentences.
func (m *Model) TagDocument(sents [][]string) [][]Span {
	v := newDocView(sents)
	if m.cfg.List {
		v.setList(m.list)
	}
	out := make([][]Span, len(sents))
	loc := make([]feats, len(sents))
	var hb []uint64
	var off []int32
	for s := range sents {
		hb, off = m.localHashes(v, s, hb[:0], off[:0])
		loc[s] = m.lookup(hb, off)
	}
	lab := make([][]uint8, len(sents))
	var sc []float32
	var back []uint8
	for s := range sents {
		n := len(sents[s])
		sc = grow(sc, n*nLab)
		m.s1.scores(loc[s], feats{}, sc)
		lab[s] = viterbi(m.s1.trans, sc, n, nil, back)
	}
	if m.cfg.TwoStage {
		occ := v.occ
		lab2 := make([][]uint8, len(sents))
		for s := range sents {
			n := len(sents[s])
			hb, off = nonlocalHashes(v, lab, occ, s, hb[:0], off[:0])
			x := m.lookup(hb, off)
			sc = grow(sc, n*nLab)
			m.s2.scores(loc[s], x, sc)
			lab2[s] = viterbi(m.s2.trans, sc, n, nil, back)
		}
		lab = lab2
	}
	for s := range sents {
		out[s] = bilouToSpans(lab[s])
	}
	return out
}

func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}

// localHashes appends the local feature hashes of every token of sentence s.
func (m *Model) localHashes(v *docView, s int, hb []uint64, off []int32) ([]uint64, []int32) {
	off = append(off, int32(len(hb)))
	for i := range v.low[s] {
		hb = m.localFeatures(hb, v, s, i)
		off = append(off, int32(len(hb)))
	}
	return hb, off
}

// lookup maps hashes to the model's feature IDs, dropping unknown ones.
func (m *Model) lookup(hb []uint64, off []int32) feats {
	f := feats{ids: make([]int32, 0, len(hb)), off: make([]int32, 1, len(off))}
	for i := 1; i < len(off); i++ {
		for _, h := range hb[off[i-1]:off[i]] {
			if id, ok := m.ids[h]; ok {
				f.ids = append(f.ids, id)
			}
		}
		f.off = append(f.off, int32(len(f.ids)))
	}
	return f
}

const modelMagic = "newsgraph-ner 1\n"

// Save writes the model, zstd-compressed, with weights quantised to 16 bits.
func (m *Model) Save(w io.Writer) error {
	zw, err := zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return fmt.Errorf("ner: save: %w", err)
	}
	bw := bufio.NewWriter(zw)
	var buf [binary.MaxVarintLen64]byte
	uv := func(x uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], x)]) }
	bw.WriteString(modelMagic)
	cfg, _ := json.Marshal(m.cfg)
	uv(uint64(len(cfg)))
	bw.Write(cfg)

	words := make([]string, 0, len(m.clusters))
	for w := range m.clusters {
		words = append(words, w)
	}
	sort.Strings(words)
	uv(uint64(len(words)))
	for _, w := range words {
		uv(uint64(len(w)))
		bw.WriteString(w)
		uv(uint64(m.clusters[w]))
	}

	if m.cfg.List {
		keys := make([]uint64, 0, len(m.list.keys))
		for k := range m.list.keys {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		uv(uint64(m.list.maxLen))
		uv(uint64(len(keys)))
		var prev uint64
		for _, k := range keys {
			uv(k - prev)
			prev = k
			bw.WriteByte(m.list.keys[k])
		}
	}

	// features in hash order, so hashes are written as deltas
	type fe struct {
		h  uint64
		id int32
	}
	fs := make([]fe, 0, len(m.ids))
	for h, id := range m.ids {
		fs = append(fs, fe{h, id})
	}
	slices.SortFunc(fs, func(a, b fe) int {
		switch {
		case a.h < b.h:
			return -1
		case a.h > b.h:
			return 1
		}
		return 0
	})
	uv(uint64(len(fs)))
	var prev uint64
	for _, f := range fs {
		uv(f.h - prev)
		prev = f.h
	}
	stages := []*weights{&m.s1}
	if m.cfg.TwoStage {
		stages = append(stages, &m.s2)
	}
	for _, st := range stages {
		var maxAbs float32
		for _, x := range st.w {
			maxAbs = max(maxAbs, float32(math.Abs(float64(x))))
		}
		scale := maxAbs / 32767
		if scale == 0 {
			scale = 1
		}
		binary.Write(bw, binary.LittleEndian, scale)
		// label-major, so runs of zeros of rare labels compress well
		q := make([]int16, len(fs))
		for l := range nLab {
			for k, f := range fs {
				q[k] = int16(math.Round(float64(st.w[int(f.id)*nLab+l] / scale)))
			}
			binary.Write(bw, binary.LittleEndian, q)
		}
		binary.Write(bw, binary.LittleEndian, st.trans)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("ner: save: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("ner: save: %w", err)
	}
	return nil
}

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	zr, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1))
	if err != nil {
		return nil, fmt.Errorf("ner: load: %w", err)
	}
	defer zr.Close()
	m, err := load(bufio.NewReaderSize(zr, 1<<16))
	if err != nil {
		return nil, fmt.Errorf("ner: load: %w", err)
	}
	return m, nil
}

var errBadModel = errors.New("not a newsgraph NER model")

func load(br *bufio.Reader) (*Model, error) {
	magic := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != modelMagic {
		return nil, errBadModel
	}
	const limit = 1 << 28
	uv := func() (uint64, error) {
		x, err := binary.ReadUvarint(br)
		if err != nil {
			return 0, fmt.Errorf("truncated model: %w", err)
		}
		return x, nil
	}
	n, err := uv()
	if err != nil {
		return nil, err
	}
	if n > 1<<16 {
		return nil, errBadModel
	}
	cfgb := make([]byte, n)
	if _, err := io.ReadFull(br, cfgb); err != nil {
		return nil, fmt.Errorf("truncated model: %w", err)
	}
	m := &Model{}
	if err := json.Unmarshal(cfgb, &m.cfg); err != nil {
		return nil, fmt.Errorf("model config: %w", err)
	}
	nw, err := uv()
	if err != nil {
		return nil, err
	}
	if nw > limit {
		return nil, errBadModel
	}
	if nw > 0 {
		m.clusters = make(map[string]uint16, nw)
	}
	var wb []byte
	for range nw {
		l, err := uv()
		if err != nil {
			return nil, err
		}
		if l > 1<<10 {
			return nil, errBadModel
		}
		wb = grow(wb, int(l))
		if _, err := io.ReadFull(br, wb); err != nil {
			return nil, fmt.Errorf("truncated model: %w", err)
		}
		c, err := uv()
		if err != nil {
			return nil, err
		}
		m.clusters[string(wb)] = uint16(c)
	}
	if m.cfg.List {
		ml, err := uv()
		if err != nil {
			return nil, err
		}
		nk, err := uv()
		if err != nil {
			return nil, err
		}
		if nk > limit || ml > listMaxLen {
			return nil, errBadModel
		}
		m.list = &nameList{keys: make(map[uint64]uint8, nk), maxLen: int(ml)}
		var k uint64
		for range nk {
			d, err := uv()
			if err != nil {
				return nil, err
			}
			k += d
			b, err := br.ReadByte()
			if err != nil {
				return nil, fmt.Errorf("truncated model: %w", err)
			}
			m.list.keys[k] = b
		}
	}
	nf, err := uv()
	if err != nil {
		return nil, err
	}
	if nf > limit/nLab {
		return nil, errBadModel
	}
	m.ids = make(map[uint64]int32, nf)
	var h uint64
	for k := range nf {
		d, err := uv()
		if err != nil {
			return nil, err
		}
		h += d
		m.ids[h] = int32(k)
	}
	stages := []*weights{&m.s1}
	if m.cfg.TwoStage {
		stages = append(stages, &m.s2)
	}
	q := make([]int16, nf)
	for _, st := range stages {
		var scale float32
		if err := binary.Read(br, binary.LittleEndian, &scale); err != nil {
			return nil, fmt.Errorf("truncated model: %w", err)
		}
		st.w = make([]float32, int(nf)*nLab)
		for l := range nLab {
			if err := binary.Read(br, binary.LittleEndian, q); err != nil {
				return nil, fmt.Errorf("truncated model: %w", err)
			}
			for k, x := range q {
				st.w[k*nLab+l] = float32(x) * scale
			}
		}
		st.trans = make([]float32, (nLab+1)*nLab)
		if err := binary.Read(br, binary.LittleEndian, st.trans); err != nil {
			return nil, fmt.Errorf("truncated model: %w", err)
		}
	}
	return m, nil
}
