package cluster

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
)

// formatVersion is written first in a saved Index; Load refuses other versions but version 3, the format
// before the split step, which it loads with splitting off (a saved index keeps the behaviour it had).
const formatVersion = 4

// ErrFormat is returned when saved state is not an Index of this version.
var ErrFormat = errors.New("cluster: unknown index format")

// Save writes the whole state of x (options, learnt document frequencies, candidate indexes and every cluster
// and story) to w, so that Load gives an Index that continues exactly as x would have.
func (x *Index) Save(w io.Writer) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	enc := gob.NewEncoder(w)
	if err := enc.Encode(formatVersion); err != nil {
		return fmt.Errorf("save cluster index: %w", err)
	}
	if err := enc.Encode(&x.s); err != nil {
		return fmt.Errorf("save cluster index: %w", err)
	}
	return nil
}

// Load reads an Index written by Save.
func Load(r io.Reader) (*Index, error) {
	dec := gob.NewDecoder(r)
	var v int
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("load cluster index: %w", err)
	}
	if v != formatVersion && v != 3 {
		return nil, fmt.Errorf("load cluster index: version %d: %w", v, ErrFormat)
	}
	x := &Index{}
	if err := dec.Decode(&x.s); err != nil {
		return nil, fmt.Errorf("load cluster index: %w", err)
	}
	s := &x.s
	if v == 3 {
		s.Opt.SplitThreshold = -1
	}
	if s.Opt != s.Opt.withDefaults() || len(s.DF) != 2<<s.Opt.DFBits {
		return nil, fmt.Errorf("load cluster index: inconsistent options: %w", ErrFormat)
	}
	// gob gives nil for empty maps and slices; the Index writes into these.
	if s.Docs == nil {
		s.Docs = map[int64]*docRec{}
	}
	if s.DocByID == nil {
		s.DocByID = map[string]int64{}
	}
	for _, m := range []*map[uint64][]int64{&s.Bands, &s.AnchorPo, &s.TermPo, &s.StoryPo} {
		if *m == nil {
			*m = map[uint64][]int64{}
		}
	}
	if s.Clusters == nil {
		s.Clusters = map[int64]*clusterRec{}
	}
	if s.ClusterByID == nil {
		s.ClusterByID = map[string]int64{}
	}
	if s.Stories == nil {
		s.Stories = map[int64]*storyRec{}
	}
	if s.StoryByID == nil {
		s.StoryByID = map[string]int64{}
	}
	for n, c := range s.Clusters {
		if c == nil || n < 0 || n >= s.NextCluster {
			return nil, fmt.Errorf("load cluster index: cluster %d: %w", n, ErrFormat)
		}
		if c.Active && c.Display == nil {
			c.Display = map[uint64]string{}
		}
	}
	for n, c := range s.Stories {
		if c == nil || n < 0 || n >= s.NextStory {
			return nil, fmt.Errorf("load cluster index: story %d: %w", n, ErrFormat)
		}
		if c.Active && c.Display == nil {
			c.Display = map[uint64]string{}
		}
		if c.Active && c.Posted == nil {
			c.Posted = map[uint64]bool{}
		}
	}
	for q, d := range s.Docs {
		if d == nil || s.Clusters[d.Cluster] == nil || !s.Clusters[d.Cluster].Active {
			return nil, fmt.Errorf("load cluster index: document %d: bad cluster: %w", q, ErrFormat)
		}
	}
	x.seeds = minhashSeeds(s.Opt.Bands * s.Opt.Rows)
	s.setPrior()
	return x, nil
}

// MarshalBinary is Save into a byte slice.
func (x *Index) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	if err := x.Save(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// UnmarshalBinary replaces x with the Index saved in data.
func (x *Index) UnmarshalBinary(data []byte) error {
	y, err := Load(bytes.NewReader(data))
	if err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.s, x.seeds = y.s, y.seeds
	return nil
}
