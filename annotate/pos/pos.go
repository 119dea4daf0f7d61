// Package pos tags the words of English sentences with Penn Treebank part-of-speech tags, using a greedy
// left-to-right averaged perceptron trained by this package on the POS column of CoNLL-2003 English.
//
// Each word is tagged from hashed sparse features: the word lower-cased (digits as 0), its prefixes and
// suffixes, its shape (Xx, d.d, ...), case flags, the two words on each side with their suffixes and shapes,
// word bigrams, and the two tags already chosen before it. Frequent words that are (almost) never ambiguous in
// the training set take their tag from a dictionary without scoring.
//
// Tags follow CoNLL-2003, which is the Penn Treebank tag set except that both quotation marks are the word "
// with the tag ". Words are expected tokenised the CoNLL way (annotate/segment does); Tag maps typographic
// forms to it: curly double quotes and the Penn Treebank quote tokens (two backquotes, two apostrophes) become
// ", ’ becomes ' (so ’s is 's and n’t is n't), – becomes - and — becomes --.
//
// API:
//
//	type Token struct{ Word, Tag string }
//	func ReadCoNLL(path string) ([][]Token, error)
//	func Train(ctx context.Context, sents [][]Token, opt TrainOptions) (*Model, error)
//	func Default() (*Model, error)                 // the embedded model.gob.gz
//	func Load(r io.Reader) (*Model, error)         // gzip-compressed gob, as written by MarshalBinary
//	func (m *Model) MarshalBinary() ([]byte, error)
//	func (m *Model) Save(w io.Writer) error
//	func (m *Model) Tag(words []string) []string
//	func (m *Model) TagInto(dst []string, words []string) []string
//	func (m *Model) Tags() []string
//	func Accuracy(m *Model, sents [][]Token, known func(word string) bool) (acc, unknownAcc float64, unknown int)
//
// The embedded model (one stage, 8 epochs, the epoch picked on CoNLL-2003 dev) is rebuilt from the
// repository root by `newsgraph train pos` (../shared/data/ner/conll2003/{train,dev}.txt). Training is
// deterministic: the same data and options give a byte-identical file.
package pos

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"
)

//go:embed model.gob.gz
var embedded []byte

// Default returns the embedded trained model, loaded on first use.
func Default() (*Model, error) { return defaultModel() }

var defaultModel = sync.OnceValues(func() (*Model, error) {
	m, err := Load(bytes.NewReader(embedded))
	if err != nil {
		return nil, fmt.Errorf("pos: embedded model: %w", err)
	}
	return m, nil
})

// Model is a trained tagger. It is immutable after Train or Load and safe for concurrent use.
type Model struct {
	tags []string         // tag names, by index
	dict map[string]uint8 // unambiguous frequent words -> tag
	s1   weights          // first, left-to-right stage
	s2   *weights         // second stage, which also reads the first stage's tags of the next words; nil: none
	pool sync.Pool        // *scratch
	file file             // what MarshalBinary writes
}

// weights is one linear model: the weights of feature f (by hash) are (etag, ew)[off[f]:off[f+1]].
type weights struct {
	ids  map[uint64]int32
	off  []int32
	etag []uint8
	ew   []float32
}

type scratch struct {
	infos  []tokInfo
	feats  []uint64
	norm   []string
	buf    []byte
	score  []float32
	first  []uint8 // first-stage tags
	second []uint8
}

// Tags returns the tags the model may assign, in its internal order. The caller must not modify the slice.
func (m *Model) Tags() []string { return m.tags }

// Tag returns one tag for each word of a tokenised sentence (nil for no words).
func (m *Model) Tag(words []string) []string {
	if len(words) == 0 {
		return nil
	}
	return m.TagInto(make([]string, 0, len(words)), words)
}

// TagInto appends the tags of words to dst[:0] and returns it, so that a caller tagging many sentences can
// reuse one slice.
func (m *Model) TagInto(dst []string, words []string) []string {
	dst = dst[:0]
	if len(words) == 0 {
		return dst
	}
	s, _ := m.pool.Get().(*scratch)
	if s == nil {
		s = &scratch{score: make([]float32, len(m.tags))}
	}
	s.prepare(words)
	s.first = m.greedy(s, &m.s1, nil, s.first[:0])
	out := s.first
	if m.s2 != nil {
		s.second = m.greedy(s, m.s2, s.first, s.second[:0])
		out = s.second
	}
	for _, t := range out {
		dst = append(dst, m.tags[t])
	}
	clear(s.norm)
	m.pool.Put(s)
	return dst
}

// greedy tags the prepared sentence left to right with w (reading the first-stage tags right when not nil)
// and appends the tag indices to out.
func (m *Model) greedy(s *scratch, w *weights, right []uint8, out []uint8) []uint8 {
	nt := len(m.tags)
	t1, t2 := uint8(nt), uint8(nt) // sentence start
	for i := range s.norm {
		t, ok := m.dict[s.norm[i]]
		if !ok {
			s.feats = staticFeats(s.feats[:0], s.infos, i)
			s.feats = dynFeats(s.feats, s.infos, i, t1, t2)
			if right != nil {
				s.feats = rightFeats(s.feats, s.infos, i, right, t1, nt)
			}
			t = w.predict(s.feats, s.score)
		}
		out = append(out, t)
		t2, t1 = t1, t
	}
	return out
}

// prepare normalises the words and computes their token hashes, with two pads on each side.
func (s *scratch) prepare(words []string) {
	s.norm = s.norm[:0]
	s.infos = append(s.infos[:0], padBefore, padBefore)
	for i, w := range words {
		n := normWord(w)
		s.norm = append(s.norm, n)
		var ti tokInfo
		ti, s.buf = info(n, i == 0, s.buf)
		s.infos = append(s.infos, ti)
	}
	s.infos = append(s.infos, padAfter, padAfter)
}

// predict scores features fs and returns the best tag (the lowest index on ties); sc is scratch, one per tag.
func (w *weights) predict(fs []uint64, sc []float32) uint8 {
	clear(sc)
	for _, h := range fs {
		f, ok := w.ids[h]
		if !ok {
			continue
		}
		lo, hi := w.off[f], w.off[f+1]
		for j := lo; j < hi; j++ {
			sc[w.etag[j]] += w.ew[j]
		}
	}
	best := 0
	for t := 1; t < len(sc); t++ {
		if sc[t] > sc[best] {
			best = t
		}
	}
	return uint8(best)
}
