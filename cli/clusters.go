package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"newsgraph"
	"newsgraph/cluster"
	"newsgraph/ingest"
)

// clusterJSON is a cluster as `clusters --json` prints it, one per line (the contract in DESIGN.md: cluster, label,
// documents; the other fields are extra).
type clusterJSON struct {
	Cluster   string   `json:"cluster"`
	Label     string   `json:"label"`
	Documents []string `json:"documents"` // the members' sources: URL, else path as given
	IDs       []string `json:"ids"`       // the members' document IDs, in the order of documents
	Size      int      `json:"size"`
	First     string   `json:"first"` // YYYY-MM-DD, "" undated
	Last      string   `json:"last"`
	Story     string   `json:"story"`
}

// duplicateJSON is one pair as `duplicates --json` prints it.
type duplicateJSON struct {
	Kind       string  `json:"kind"` // exact, copy, rewrite
	Similarity float64 `json:"similarity"`
	Copy       string  `json:"copy"`      // where the copy was read: URL, else path
	CopyID     string  `json:"copy_id"`   // its document ID (for exact, the stored document's)
	Of         string  `json:"of"`        // the original's source
	OfID       string  `json:"of_id"`     // its document ID
	Title      string  `json:"title"`     // the original's title
	Published  string  `json:"published"` // the original's publication date
	CopyDate   string  `json:"copy_date"` // the copy's, "" for exact
	CopySite   string  `json:"copy_site"` // the copy's site
	OfSite     string  `json:"of_site"`   // the original's site
}

// clusterStore opens the store at path as a ClusterStore.
func (m *Main) clusterStore(ctx context.Context, path string) (newsgraph.ClusterStore, error) {
	st, err := m.open(ctx, path)
	if err != nil {
		return nil, err
	}
	cs, ok := st.(newsgraph.ClusterStore)
	if !ok {
		return nil, fmt.Errorf("%s: this store keeps no clusters", path)
	}
	return cs, nil
}

// clusterer returns the ingest hook that clusters new documents into st, after catching up on stored documents
// that have none.
// clusterer returns ingest's clustering hook on st, and the flush to call when the run ends.
func (m *Main) clusterer(ctx context.Context, st newsgraph.Store) (func(context.Context, []*newsgraph.Document) error, func(context.Context) error, error) {
	c, err := ingest.NewClusterer(ctx, st, cluster.Options{})
	if err != nil {
		return nil, nil, err
	}
	return func(ctx context.Context, docs []*newsgraph.Document) error {
		_, err := c.Add(ctx, docs)
		return err
	}, c.Flush, nil
}

func jsonDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func span(c newsgraph.ClusterInfo) string {
	if c.First.IsZero() {
		return "undated"
	}
	a, b := c.First.Format("2006-01-02"), c.Last.Format("2006-01-02")
	if a == b {
		return a
	}
	return a + ".." + b
}

func (m *Main) clusters(ctx context.Context, args []string) error {
	f := newFlags(m, "clusters", true, true)
	dates := f.dateFlags("clusters whose dates reach YYYY-MM-DD (or YYYY-MM, YYYY) or later", "clusters whose dates start by this date")
	minSize := f.Int("min-size", 1, "least number of member documents")
	limit := f.Int("limit", 0, "most clusters to list (0: all)")
	err := f.parseNone(args, "")
	if err != nil {
		return err
	}
	q := newsgraph.ClusterQuery{MinSize: *minSize}
	if q.From, q.To, err = dates.parse(); err != nil {
		return err
	}
	cs, err := m.clusterStore(ctx, f.db)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(m.Stdout)
	printed, total, err := listPages(*limit, 500, func(limit, offset int) ([]newsgraph.ClusterInfo, int, error) {
		q.Limit, q.Offset = limit, offset
		return cs.Clusters(ctx, q)
	}, func(c newsgraph.ClusterInfo) error {
		if f.json {
			return enc.Encode(clusterJSON{Cluster: c.ID, Label: c.Label, Documents: nonNil(c.Sources), IDs: nonNil(c.Docs), Size: c.Size,
				First: jsonDay(c.First), Last: jsonDay(c.Last), Story: c.Story})
		}
		fmt.Fprintf(m.Stdout, "%-16s %4d  %-22s %s\n", c.ID, c.Size, span(c), c.Label)
		return nil
	})
	if err != nil {
		return err
	}
	if !f.json {
		fmt.Fprintf(m.Stdout, "%d of %d clusters (newsgraph cluster ID shows one)\n", printed, total)
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (m *Main) clusterCmd(ctx context.Context, args []string) error {
	f := newFlags(m, "cluster", true, true)
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("want one cluster ID: %w", errUsage)
	}
	cs, err := m.clusterStore(ctx, f.db)
	if err != nil {
		return err
	}
	det, err := cs.Cluster(ctx, pos[0])
	if err != nil {
		return err
	}
	if f.json {
		type member struct {
			ID         string  `json:"id"`
			Source     string  `json:"source"`
			Title      string  `json:"title"`
			Site       string  `json:"site"`
			Published  string  `json:"published"`
			Relation   string  `json:"relation"`
			Of         string  `json:"of,omitempty"`
			Similarity float64 `json:"similarity"`
		}
		type entity struct {
			ID        string `json:"id"`
			Name      string `json:"name"`
			Label     string `json:"label"`
			Documents int    `json:"documents"`
			Mentions  int    `json:"mentions"`
		}
		out := struct {
			clusterJSON
			Members  []member          `json:"members"`
			Entities []entity          `json:"entities"`
			Dates    []newsgraph.Count `json:"dates"`
			Sites    []newsgraph.Count `json:"sites"`
		}{clusterJSON: clusterJSON{Cluster: det.ID, Label: det.Label, Documents: nonNil(det.Sources), IDs: nonNil(det.Docs), Size: det.Size,
			First: jsonDay(det.First), Last: jsonDay(det.Last), Story: det.Story}, Members: []member{}, Entities: []entity{}, Dates: det.Dates, Sites: det.Sites}
		for _, mb := range det.Members {
			out.Members = append(out.Members, member{ID: mb.Doc.ID, Source: docSource(mb.Doc), Title: mb.Doc.Title, Site: mb.Doc.Site,
				Published: jsonDate(mb.Doc), Relation: string(mb.Relation), Of: mb.Of, Similarity: mb.Similarity})
		}
		for _, e := range det.Entities {
			out.Entities = append(out.Entities, entity{ID: e.Entity.ID, Name: e.Entity.Name, Label: e.Entity.Label, Documents: e.Documents, Mentions: e.Mentions})
		}
		return json.NewEncoder(m.Stdout).Encode(out)
	}
	w := m.Stdout
	fmt.Fprintf(w, "cluster %s: %s\n  %d documents, %s, story %s\n", det.ID, det.Label, det.Size, span(det.ClusterInfo), det.Story)
	if len(det.Sites) > 0 {
		var s []string
		for _, c := range det.Sites {
			s = append(s, fmt.Sprintf("%s (%d)", c.Key, c.N))
		}
		fmt.Fprintf(w, "  sites: %s\n", strings.Join(s, ", "))
	}
	if len(det.Dates) > 0 {
		var s []string
		for _, c := range det.Dates {
			s = append(s, fmt.Sprintf("%s (%d)", c.Key, c.N))
		}
		fmt.Fprintf(w, "  dates: %s\n", strings.Join(s, ", "))
	}
	if len(det.Entities) > 0 {
		fmt.Fprintln(w, "\nShared entities (documents, mentions):")
		for _, e := range det.Entities {
			fmt.Fprintf(w, "  %-4s %-30s %d docs, %d mentions\n", e.Entity.Label, e.Entity.Name, e.Documents, e.Mentions)
		}
	}
	fmt.Fprintln(w, "\nMembers, in arrival order:")
	for _, mb := range det.Members {
		rel := string(mb.Relation)
		switch {
		case mb.Of != "":
			rel += fmt.Sprintf(" of %s (%.2f)", mb.Of, mb.Similarity)
		case mb.Similarity > 0:
			rel += fmt.Sprintf(" (%.2f)", mb.Similarity)
		}
		fmt.Fprintf(w, "  %s  %s  %-28s %s\n      %s  [%s]\n", day(mb.Doc.Published), mb.Doc.ID, rel, mb.Doc.Title, mb.Doc.Site, docSource(mb.Doc))
	}
	return nil
}

func (m *Main) duplicates(ctx context.Context, args []string) error {
	f := newFlags(m, "duplicates", true, true)
	kind := f.String("kind", "", "only exact, copy or rewrite")
	limit := f.Int("limit", 0, "most pairs to list (0: all)")
	err := f.parseNone(args, "")
	if err != nil {
		return err
	}
	switch *kind {
	case "", "exact", "copy", "rewrite":
	default:
		return fmt.Errorf("--kind %q: want exact, copy or rewrite: %w", *kind, errUsage)
	}
	cs, err := m.clusterStore(ctx, f.db)
	if err != nil {
		return err
	}
	q := newsgraph.DuplicateQuery{Kind: newsgraph.DuplicateKind(*kind)}
	enc := json.NewEncoder(m.Stdout)
	counts := map[newsgraph.DuplicateKind]int{}
	printed, total, err := listPages(*limit, 500, func(limit, offset int) ([]newsgraph.DuplicatePair, int, error) {
		q.Limit, q.Offset = limit, offset
		return cs.Duplicates(ctx, q)
	}, func(p newsgraph.DuplicatePair) error {
		counts[p.Kind]++
		copySrc := docSource(p.Copy)
		if p.Kind == newsgraph.DuplicateExact {
			copySrc = p.Copy.Origin.String()
			if p.Copy.Origin.URL != "" {
				copySrc = p.Copy.Origin.URL
			}
		}
		if f.json {
			return enc.Encode(duplicateJSON{Kind: string(p.Kind), Similarity: p.Similarity, Copy: copySrc, CopyID: p.Copy.ID,
				Of: docSource(p.Of), OfID: p.Of.ID, Title: p.Of.Title, Published: jsonDate(p.Of), CopyDate: jsonDate(p.Copy),
				CopySite: p.Copy.Site, OfSite: p.Of.Site})
		}
		fmt.Fprintf(m.Stdout, "%-7s %s  %s\n        of %s  %s  %s\n", p.Kind, strconv.FormatFloat(p.Similarity, 'f', 2, 64), copySrc,
			p.Of.ID, oneLine(p.Of.Title), docSource(p.Of))
		return nil
	})
	if err != nil {
		return err
	}
	if !f.json {
		fmt.Fprintf(m.Stdout, "%d of %d pairs: %d exact, %d copies, %d rewrites listed\n", printed, total,
			counts[newsgraph.DuplicateExact], counts[newsgraph.DuplicateCopy], counts[newsgraph.DuplicateRewrite])
	}
	return nil
}

func (m *Main) stories(ctx context.Context, args []string) error {
	f := newFlags(m, "stories", true, true)
	dates := f.dateFlags("stories whose dates reach this date or later", "stories that start by this date")
	minClusters := f.Int("min-clusters", 1, "least number of clusters in a story")
	limit := f.Int("limit", 20, "most stories to list (0: all)")
	err := f.parseNone(args, "")
	if err != nil {
		return err
	}
	q := newsgraph.StoryQuery{MinClusters: *minClusters}
	if q.From, q.To, err = dates.parse(); err != nil {
		return err
	}
	cs, err := m.clusterStore(ctx, f.db)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(m.Stdout)
	printed, total, err := listPages(*limit, 200, func(limit, offset int) ([]newsgraph.StoryInfo, int, error) {
		q.Limit, q.Offset = limit, offset
		return cs.Stories(ctx, q)
	}, func(s newsgraph.StoryInfo) error {
		if f.json {
			type cl struct {
				Cluster string `json:"cluster"`
				Label   string `json:"label"`
				Size    int    `json:"size"`
				First   string `json:"first"`
				Last    string `json:"last"`
			}
			out := struct {
				Story    string `json:"story"`
				Label    string `json:"label"`
				First    string `json:"first"`
				Last     string `json:"last"`
				Size     int    `json:"size"`
				Clusters []cl   `json:"clusters"`
			}{Story: s.ID, Label: s.Label, First: jsonDay(s.First), Last: jsonDay(s.Last), Size: s.Size, Clusters: []cl{}}
			for _, c := range s.Clusters {
				out.Clusters = append(out.Clusters, cl{c.ID, c.Label, c.Size, jsonDay(c.First), jsonDay(c.Last)})
			}
			return enc.Encode(out)
		}
		fmt.Fprintf(m.Stdout, "%s  %s\n  %d clusters, %d documents, %s\n", s.ID, s.Label, len(s.Clusters), s.Size,
			span(newsgraph.ClusterInfo{First: s.First, Last: s.Last}))
		for _, c := range s.Clusters {
			fmt.Fprintf(m.Stdout, "    %-22s %-16s %3d  %s\n", span(c), c.ID, c.Size, c.Label)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !f.json {
		fmt.Fprintf(m.Stdout, "%d of %d stories\n", printed, total)
	}
	return nil
}
