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
	st   newsgraph.ClusterStore
	docs newsgraph.Store // reads the documents to cluster or replay
	x    *cluster.Index
	buf  []*newsgraph.Document

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
	c, err := LoadClusterer(ctx, st, opt)
	if err != nil {
		return nil, err
	}
	if err := c.CatchUp(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// assignmentLog is implemented by stores that know which assignments the saved state covers
// (postgres.Store.AssignedSinceState).
type assignmentLog interface {
	AssignedSinceState(ctx context.Context) ([]string, error)
}

// LoadClusterer is NewClusterer without the catching up: it loads the saved state (or starts a new index with
// opt) and, when st can tell which assignments were made after the state was saved (the PostgreSQL store can),
// adds those documents to the index again in the order they were assigned, without storing anything: the index
// is then exactly the one that made the stored assignments, even when its last user stopped without Flush (a
// crash, kill -9, a lost connection). Otherwise the index does not know the documents assigned after the
// state was saved. st must implement newsgraph.ClusterStore.
func LoadClusterer(ctx context.Context, st newsgraph.Store, opt cluster.Options) (*Clusterer, error) {
	cs, ok := st.(newsgraph.ClusterStore)
	if !ok {
		return nil, fmt.Errorf("cluster: the store %T keeps no clusters", st)
	}
	c := &Clusterer{st: cs, docs: st, saved: time.Now()}
	state, err := cs.ClusterState(ctx)
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	if state == nil {
		c.x = cluster.New(opt)
	} else if c.x, err = cluster.Load(bytes.NewReader(state)); err != nil {
		return nil, fmt.Errorf("cluster: saved state: %w", err)
	}
	if l, ok := st.(assignmentLog); ok {
		ids, err := l.AssignedSinceState(ctx)
		if err != nil {
			return nil, fmt.Errorf("cluster: %w", err)
		}
		for _, id := range ids {
			d, err := st.Document(ctx, id)
			if err != nil {
				return nil, fmt.Errorf("cluster: replay: %w", err)
			}
			c.x.Add(cluster.FromDocument(&d))
		}
		c.x.TakeRetired() // their summaries were saved with the assignments
		c.unsaved = len(ids)
	}
	return c, nil
}

// CatchUp clusters the stored documents that have no assignment, in the order they were stored.
func (c *Clusterer) CatchUp(ctx context.Context) error {
	var last string
	for {
		ids, err := c.st.Unclustered(ctx, 256)
		if err != nil {
			return fmt.Errorf("cluster: %w", err)
		}
		if len(ids) == 0 {
			break
		}
		if ids[0] == last {
			return fmt.Errorf("cluster: document %s stays unclustered", last)
		}
		last = ids[0]
		if err := c.AddIDs(ctx, ids); err != nil {
			return err
		}
	}
	return c.Flush(ctx)
}

// AddIDs is Add for stored documents named by ID, read from the store.
func (c *Clusterer) AddIDs(ctx context.Context, ids []string) error {
	docs := make([]*newsgraph.Document, 0, len(ids))
	for _, id := range ids {
		d, err := c.docs.Document(ctx, id)
		if err != nil {
			return fmt.Errorf("cluster: %w", err)
		}
		docs = append(docs, &d)
	}
	_, err := c.Add(ctx, docs)
	return err
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
		na := newsgraph.ClusterAssignment{Doc: a.Doc, Cluster: a.Cluster, Relation: newsgraph.ClusterRelation(a.Relation),
			Of: a.Of, Similarity: a.Similarity, Story: a.Story, Merged: a.Merged}
		if sp := a.Split; sp != nil {
			na.Split = &newsgraph.ClusterSplit{From: sp.From, Into: sp.Into, Docs: sp.Docs}
			note(&clusterIDs, sp.From)
			note(&clusterIDs, sp.Into)
		}
		as = append(as, na)
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
