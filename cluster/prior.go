package cluster

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	_ "embed" // the default prior table, prior.bin.gz
	"encoding/binary"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Prior is a table of document frequencies learnt from unlabelled news (TrainPrior), which the Index blends
// with the frequencies it learns online (Options.PriorDocs). Without it, a small corpus makes every word look
// rare: in the first documents of a stream "said", "government" and "people" weigh as much as a place name,
// and two reports of one happening written in different words stay apart. Features are hashed (the upper 32
// bits of the 64-bit feature hash), so the table holds no words; a feature it does not hold counts as seen in
// no document. A Prior is read-only once made and safe for concurrent use.
type Prior struct {
	docs int      // documents the table was learnt from
	keys []uint32 // feature hashes (upper 32 bits), sorted, unique
	df   []uint32 // documents that held each feature
}

// PriorReport says what TrainPrior read.
type PriorReport struct {
	Files, Docs int // files read and documents found in them
	Features    int // distinct features seen
	Kept        int // features kept in the table (seen in at least PriorMinDF documents)
}

// PriorMinDF is the least number of documents a feature must be seen in to be kept in a trained prior: a
// feature seen once tells little more than one never seen, and leaving those out keeps the table small.
const PriorMinDF = 2

// priorMagic starts a saved prior; the byte after it is the format version.
const priorMagic = "NGPRIOR"

const priorVersion = 1

// ErrPriorFormat is returned by LoadPrior for data that is not a prior table of this version.
var ErrPriorFormat = errors.New("cluster: unknown prior format")

// Docs returns the number of documents the table was learnt from.
func (p *Prior) Docs() int { return p.docs }

// Len returns the number of features in the table.
func (p *Prior) Len() int { return len(p.keys) }

// DF returns the number of documents of the table that held feature key (a feature hash), 0 when unknown.
func (p *Prior) DF(key uint64) uint32 {
	if p == nil {
		return 0
	}
	if i, ok := slices.BinarySearch(p.keys, uint32(key>>32)); ok {
		return p.df[i]
	}
	return 0
}

// Save writes p gzip-compressed: the magic, the version, the document count, the number of features, then
// per feature the gap to the previous key and its document frequency, all as unsigned varints. The same
// table always gives the same bytes.
func (p *Prior) Save(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString(priorMagic)
	b.WriteByte(priorVersion)
	var tmp [binary.MaxVarintLen64]byte
	put := func(v uint64) { b.Write(tmp[:binary.PutUvarint(tmp[:], v)]) }
	put(uint64(p.docs))
	put(uint64(len(p.keys)))
	prev := uint32(0)
	for i, k := range p.keys {
		put(uint64(k - prev))
		put(uint64(p.df[i]))
		prev = k
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("save prior: %w", err)
	}
	if _, err := zw.Write(b.Bytes()); err != nil {
		return fmt.Errorf("save prior: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("save prior: %w", err)
	}
	return nil
}

// LoadPrior reads a table written by Prior.Save.
func LoadPrior(r io.Reader) (*Prior, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("load prior: %w", err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("load prior: %w", err)
	}
	if len(data) < len(priorMagic)+1 || string(data[:len(priorMagic)]) != priorMagic {
		return nil, fmt.Errorf("load prior: no magic: %w", ErrPriorFormat)
	}
	if v := data[len(priorMagic)]; v != priorVersion {
		return nil, fmt.Errorf("load prior: version %d: %w", v, ErrPriorFormat)
	}
	br := bytes.NewReader(data[len(priorMagic)+1:])
	get := func(what string) (uint64, error) {
		v, err := binary.ReadUvarint(br)
		if err != nil {
			return 0, fmt.Errorf("load prior: %s at byte %d: %w", what, len(data)-br.Len(), ErrPriorFormat)
		}
		return v, nil
	}
	docs, err := get("document count")
	if err != nil {
		return nil, err
	}
	n, err := get("feature count")
	if err != nil {
		return nil, err
	}
	// Each feature takes at least two bytes: a count beyond that is corrupt, not a reason to allocate.
	if docs > math.MaxInt32 || n > uint64(br.Len())/2 {
		return nil, fmt.Errorf("load prior: %d documents, %d features in %d bytes: %w", docs, n, br.Len(), ErrPriorFormat)
	}
	p := &Prior{docs: int(docs), keys: make([]uint32, n), df: make([]uint32, n)}
	key := uint64(0)
	for i := range p.keys {
		gap, err := get("key")
		if err != nil {
			return nil, err
		}
		df, err := get("frequency")
		if err != nil {
			return nil, err
		}
		key += gap
		if (i > 0 && gap == 0) || key > math.MaxUint32 || df == 0 || df > docs {
			return nil, fmt.Errorf("load prior: feature %d: key %d, frequency %d of %d: %w", i, key, df, docs, ErrPriorFormat)
		}
		p.keys[i], p.df[i] = uint32(key), uint32(df)
	}
	if br.Len() != 0 {
		return nil, fmt.Errorf("load prior: %d bytes after the table: %w", br.Len(), ErrPriorFormat)
	}
	return p, nil
}

//go:embed prior.bin.gz
var embeddedPrior []byte

var defaultPrior = sync.OnceValues(func() (*Prior, error) { return LoadPrior(bytes.NewReader(embeddedPrior)) })

// DefaultPrior returns the prior table embedded in the package (prior.bin.gz, made by TrainPrior from
// PriorSources). The Index uses it unless Options.PriorDocs is negative.
func DefaultPrior() (*Prior, error) { return defaultPrior() }

// PriorSources lists the unlabelled news under the shared data directory data (../shared/data) that the
// default prior is learnt from: PolNeAR (US politics, 2016), TimeBank and AQUAINT (1989-2000), the CoNLL-2003
// training and development text (Reuters, 1996) and the seed articles. The ECB+ clustering corpus is left out
// on purpose: it is what clustering is scored on. Nil when data is "".
func PriorSources(data string) []string {
	if data == "" {
		return nil
	}
	return []string{
		filepath.Join(data, "quotes", "polnear", "train", "text"),
		filepath.Join(data, "quotes", "polnear", "dev", "text"),
		filepath.Join(data, "time", "tempeval3", "TBAQ-cleaned"),
		filepath.Join(data, "ner", "conll2003", "train.txt"),
		filepath.Join(data, "ner", "conll2003", "dev.txt"),
		filepath.Join(filepath.Dir(data), "seeds"),
	}
}

// TrainPrior counts, for every feature the Index uses (key terms, names, numbers: see analyse), the number
// of documents under paths that hold it, and keeps those seen in at least PriorMinDF documents. paths are
// files or directories, walked in lexical order for .txt and .tml files: a .txt file is one document, or,
// when it starts with "-DOCSTART-", a CoNLL file of many (first column the token, a blank line between
// sentences); a .tml (TimeML) file is one document, its tags dropped. The result depends only on the
// content of the files and their order, so the same files give a byte-identical Save.
func TrainPrior(ctx context.Context, paths []string) (*Prior, PriorReport, error) {
	var rep PriorReport
	counts := map[uint32]uint32{}
	seen := map[uint32]bool{}
	addDoc := func(text string) {
		if strings.TrimSpace(text) == "" {
			return
		}
		rep.Docs++
		clear(seen)
		for k := range analyse(Doc{Text: text}, 1).terms {
			seen[uint32(k>>32)] = true
		}
		for k := range seen {
			counts[k]++
		}
	}
	for _, root := range paths {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			ext := filepath.Ext(path)
			if d.IsDir() || (ext != ".txt" && ext != ".tml") {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rep.Files++
			switch {
			case ext == ".tml":
				addDoc(html.UnescapeString(xmlTag.ReplaceAllString(string(b), "")))
			case bytes.HasPrefix(b, []byte("-DOCSTART-")):
				docs, err := conllDocs(b)
				if err != nil {
					return fmt.Errorf("%s:%w", path, err)
				}
				for _, doc := range docs {
					addDoc(doc)
				}
			default:
				addDoc(string(b))
			}
			return nil
		})
		if err != nil {
			return nil, rep, fmt.Errorf("train prior: %s: %w", root, err)
		}
	}
	if rep.Docs == 0 {
		return nil, rep, fmt.Errorf("train prior: no documents under %v", paths)
	}
	rep.Features = len(counts)
	p := &Prior{docs: rep.Docs}
	for k, n := range counts {
		if n >= PriorMinDF {
			p.keys = append(p.keys, k)
		}
	}
	slices.Sort(p.keys)
	p.df = make([]uint32, len(p.keys))
	for i, k := range p.keys {
		p.df[i] = counts[k]
	}
	rep.Kept = len(p.keys)
	return p, rep, nil
}

var xmlTag = regexp.MustCompile(`<[^>]*>`)

// conllDocs rebuilds the documents of a CoNLL file: tokens joined by spaces, one sentence a line.
func conllDocs(b []byte) ([]string, error) {
	var docs []string
	var cur, sent strings.Builder
	flushSent := func() {
		if sent.Len() > 0 {
			cur.WriteString(sent.String())
			cur.WriteByte('\n')
			sent.Reset()
		}
	}
	flushDoc := func() {
		flushSent()
		if cur.Len() > 0 {
			docs = append(docs, cur.String())
			cur.Reset()
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 0:
			flushSent()
		case f[0] == "-DOCSTART-":
			flushDoc()
		default:
			if sent.Len() > 0 {
				sent.WriteByte(' ')
			}
			sent.WriteString(f[0])
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	flushDoc()
	return docs, nil
}
