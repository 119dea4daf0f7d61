package ingest

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"time"

	"newsgraph"
	"newsgraph/cluster"
)

// Clusterer assigns each new document to a same-event cluster as ingest commits it (Options.Cluster), and keeps
// the clusters in a newsgraph.ClusterStore: with every batch it saves the index state, the assignments and the
// summaries of the clusters and stories that changed, in one store transaction. Clustering is single-pass and
// order dependent; ingest commits documents in reading order, so the same input gives the same clusters.
//
// A Clusterer is used by one writer at a time.
type Clusterer struct {
	st  newsgraph.ClusterStore
	x   *cluster.Index
	buf []*newsgraph.Document

	// The index state is large (megabytes): it is saved at most every saveEvery, or after saveDocs documents,
	// and by Flush at the end of a run; assignments and summaries are saved with every batch.
	saved   time.Time
	unsaved int
}

const (
	saveEvery = 30 * time.Second
	saveDocs  = 4096
)

// NewClusterer loads the clustering state saved in st, or starts a new index with opt when none was saved (opt
// is ignored when a state exists: the saved index keeps its own options). It then clusters the stored documents
// that have no assignment yet, in the order they were stored: those of a run that stopped between Commit and
// SaveClusters, or of a database ingested without clustering. st must implement newsgraph.ClusterStore.
func NewClusterer(ctx context.Context, st newsgraph.Store, opt cluster.Options) (*Clusterer, error) {
	cs, ok := st.(newsgraph.ClusterStore)
	if !ok {
		return nil, fmt.Errorf("cluster: the store %T keeps no clusters", st)
	}
	c := &Clusterer{st: cs, saved: time.Now()}
	state, err := cs.ClusterState(ctx)
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	if state == nil {
		c.x = cluster.New(opt)
	} else if c.x, err = cluster.Load(bytes.NewReader(state)); err != nil {
		return nil, fmt.Errorf("cluster: saved state: %w", err)
	}
	// Catch up.
	var last string
	for {
		ids, err := cs.Unclustered(ctx, 256)
		if err != nil {
			return nil, fmt.Errorf("cluster: %w", err)
		}
		if len(ids) == 0 {
			break
		}
		if ids[0] == last {
			return nil, fmt.Errorf("cluster: document %s stays unclustered", last)
		}
		last = ids[0]
		docs := make([]*newsgraph.Document, 0, len(ids))
		for _, id := range ids {
			d, err := st.Document(ctx, id)
			if err != nil {
				return nil, fmt.Errorf("cluster: %w", err)
			}
			docs = append(docs, &d)
		}
		if _, err := c.Add(ctx, docs); err != nil {
			return nil, err
		}
	}
	if err := c.Flush(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// Add clusters docs, in order, and stores the result. docs are stored documents, none clustered before (ingest
// passes the new documents of each committed batch). It returns the assignments in the order of docs.
func (c *Clusterer) Add(ctx context.Context, docs []*newsgraph.Document) ([]newsgraph.ClusterAssignment, error) {
	if len(docs) == 0 {
		return nil, nil
	}
	as := make([]newsgraph.ClusterAssignment, 0, len(docs))
	var clusterIDs, storyIDs []string
	seen := map[string]bool{}
	note := func(ids *[]string, id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			*ids = append(*ids, id)
		}
	}
	for _, d := range docs {
		a := c.x.Add(cluster.FromDocument(d))
		as = append(as, newsgraph.ClusterAssignment{Doc: a.Doc, Cluster: a.Cluster, Relation: newsgraph.ClusterRelation(a.Relation),
			Of: a.Of, Similarity: a.Similarity, Story: a.Story, Merged: a.Merged})
		note(&clusterIDs, a.Cluster)
		note(&storyIDs, a.Story)
	}
	// The summaries that changed: the clusters documents went to, their stories, and whatever left the window.
	var cs []newsgraph.ClusterInfo
	var ss []newsgraph.StoryInfo
	retired, retiredStories := c.x.TakeRetired()
	for _, k := range retired {
		cs = append(cs, clusterInfo(k))
		note(&storyIDs, k.Story)
	}
	gone := map[string]bool{}
	for _, s := range retiredStories {
		ss = append(ss, storyInfo(s))
		gone[s.ID] = true
	}
	changed, _ := c.x.Summaries(clusterIDs, nil)
	for _, k := range changed {
		cs = append(cs, clusterInfo(k))
		note(&storyIDs, k.Story)
	}
	storyIDs = slices.DeleteFunc(storyIDs, func(id string) bool { return gone[id] })
	_, stories := c.x.Summaries(nil, storyIDs)
	for _, s := range stories {
		ss = append(ss, storyInfo(s))
	}
	c.unsaved += len(docs)
	var state []byte // nil keeps the saved state
	if c.unsaved >= saveDocs || time.Since(c.saved) >= saveEvery {
		var err error
		if state, err = c.x.MarshalBinary(); err != nil {
			return nil, fmt.Errorf("cluster: %w", err)
		}
	}
	if err := c.st.SaveClusters(ctx, state, as, cs, ss); err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	if state != nil {
		c.saved, c.unsaved = time.Now(), 0
	}
	return as, nil
}

// Flush saves the index state if documents were added since it was last saved. Call it at the end of a run:
// a run stopped before it (a crash) keeps its assignments, but the next run's index does not know the
// documents added after the last saved state, so their events may open new clusters instead of joining them.
func (c *Clusterer) Flush(ctx context.Context) error {
	if c.unsaved == 0 {
		return nil
	}
	state, err := c.x.MarshalBinary()
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	if err := c.st.SaveClusters(ctx, state, nil, nil, nil); err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	c.saved, c.unsaved = time.Now(), 0
	return nil
}

// Index returns the clusterer's index, for inspection.
func (c *Clusterer) Index() *cluster.Index { return c.x }

func clusterInfo(k cluster.Cluster) newsgraph.ClusterInfo {
	return newsgraph.ClusterInfo{ID: k.ID, Label: k.Label, First: k.First, Last: k.Last, Story: k.Story, Size: len(k.Docs), Docs: k.Docs}
}

func storyInfo(s cluster.Story) newsgraph.StoryInfo {
	return newsgraph.StoryInfo{ID: s.ID, Label: s.Label, First: s.First, Last: s.Last}
}
