package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"newsgraph"
	"newsgraph/store/internal/codec"
)

var _ newsgraph.ClusterStore = (*Store)(nil)

// clusterTime renders a cluster or story date for storage: RFC 3339 in UTC, so that dates compare as strings.
func clusterTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func parseClusterTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

// SaveClusters implements newsgraph.ClusterStore.
func (s *Store) SaveClusters(ctx context.Context, state []byte, as []newsgraph.ClusterAssignment, cs []newsgraph.ClusterInfo, ss []newsgraph.StoryInfo) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save clusters: %w", err)
	}
	defer tx.Rollback()
	if state != nil {
		data, enc := codec.Compress(state)
		if _, err := tx.ExecContext(ctx, `INSERT INTO cluster_state (id, encoding, data, saved_at) VALUES (1, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET encoding = excluded.encoding, data = excluded.data, saved_at = excluded.saved_at`,
			enc, data, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
			return fmt.Errorf("save cluster state: %w", err)
		}
	}
	var seq int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(max(seq), 0) FROM cluster_docs`).Scan(&seq); err != nil {
		return fmt.Errorf("save clusters: %w", err)
	}
	touched := map[string]bool{}
	for _, a := range as {
		seq++
		if _, err := tx.ExecContext(ctx, `INSERT INTO cluster_docs (doc_id, seq, cluster_id, relation, of_doc, similarity, story_id) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (doc_id) DO UPDATE SET cluster_id = excluded.cluster_id, relation = excluded.relation, of_doc = excluded.of_doc,
				similarity = excluded.similarity, story_id = excluded.story_id`,
			a.Doc, seq, a.Cluster, string(a.Relation), a.Of, a.Similarity, a.Story); err != nil {
			return fmt.Errorf("save assignment of %s: %w", a.Doc, err)
		}
		touched[a.Cluster] = true
		for _, m := range a.Merged {
			if _, err := tx.ExecContext(ctx, `UPDATE cluster_docs SET cluster_id = ? WHERE cluster_id = ?`, a.Cluster, m); err != nil {
				return fmt.Errorf("merge cluster %s into %s: %w", m, a.Cluster, err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM clusters WHERE id = ?`, m); err != nil {
				return fmt.Errorf("merge cluster %s into %s: %w", m, a.Cluster, err)
			}
			delete(touched, m)
		}
	}
	for _, c := range cs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO clusters (id, label, first, last, story_id) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET label = excluded.label, first = excluded.first, last = excluded.last, story_id = excluded.story_id`,
			c.ID, c.Label, clusterTime(c.First), clusterTime(c.Last), c.Story); err != nil {
			return fmt.Errorf("save cluster %s: %w", c.ID, err)
		}
		touched[c.ID] = true
	}
	for id := range touched {
		// A cluster named only by an assignment gets a row without a label until its summary comes.
		if _, err := tx.ExecContext(ctx, `INSERT INTO clusters (id) VALUES (?) ON CONFLICT DO NOTHING`, id); err != nil {
			return fmt.Errorf("save cluster %s: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE clusters SET size = (SELECT count(*) FROM cluster_docs WHERE cluster_id = ?1) WHERE id = ?1`, id); err != nil {
			return fmt.Errorf("save cluster %s: %w", id, err)
		}
	}
	for _, st := range ss {
		if _, err := tx.ExecContext(ctx, `INSERT INTO stories (id, label, first, last) VALUES (?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET label = excluded.label, first = excluded.first, last = excluded.last`,
			st.ID, st.Label, clusterTime(st.First), clusterTime(st.Last)); err != nil {
			return fmt.Errorf("save story %s: %w", st.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save clusters: %w", err)
	}
	return nil
}

// ClusterState implements newsgraph.ClusterStore.
func (s *Store) ClusterState(ctx context.Context) ([]byte, error) {
	var enc string
	var data []byte
	err := s.w.QueryRowContext(ctx, `SELECT encoding, data FROM cluster_state WHERE id = 1`).Scan(&enc, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cluster state: %w", err)
	}
	b, err := codec.Decompress(data, enc)
	if err != nil {
		return nil, fmt.Errorf("cluster state: %w", err)
	}
	return b, nil
}

// Unclustered implements newsgraph.ClusterStore.
func (s *Store) Unclustered(ctx context.Context, limit int) ([]string, error) {
	rows, err := s.w.QueryContext(ctx, `SELECT d.id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM cluster_docs a WHERE a.doc_id = d.id) ORDER BY d.raw_id, d.rowid LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("unclustered documents: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("unclustered documents: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// spanWhere adds the conditions that keep items whose [first, last] date span meets [from, to].
func spanWhere(where []string, args []any, from, to time.Time) ([]string, []any) {
	if !from.IsZero() {
		where = append(where, `c.last != '' AND c.last >= ?`)
		args = append(args, from.Format("2006-01-02"))
	}
	if !to.IsZero() {
		where = append(where, `c.first != '' AND c.first < ?`)
		args = append(args, to.AddDate(0, 0, 1).Format("2006-01-02"))
	}
	return where, args
}

const clusterColumns = `c.id, c.label, c.first, c.last, c.story_id, c.size`

func scanCluster(sc interface{ Scan(...any) error }, c *newsgraph.ClusterInfo) error {
	var first, last string
	if err := sc.Scan(&c.ID, &c.Label, &first, &last, &c.Story, &c.Size); err != nil {
		return err
	}
	c.First, c.Last = parseClusterTime(first), parseClusterTime(last)
	return nil
}

// Clusters implements newsgraph.ClusterStore.
func (s *Store) Clusters(ctx context.Context, q newsgraph.ClusterQuery) ([]newsgraph.ClusterInfo, int, error) {
	if q.Limit <= 0 {
		q.Limit = 20
	}
	if q.Offset < 0 {
		return nil, 0, fmt.Errorf("clusters: negative offset %d: %w", q.Offset, newsgraph.ErrBadQuery)
	}
	where, args := []string{`c.size >= ?`}, []any{max(q.MinSize, 1)}
	where, args = spanWhere(where, args, q.From, q.To)
	if q.Story != "" {
		where = append(where, `c.story_id = ?`)
		args = append(args, q.Story)
	}
	cond := ` WHERE ` + strings.Join(where, " AND ")
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM clusters c`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("clusters: %w", err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+clusterColumns+` FROM clusters c`+cond+` ORDER BY c.size DESC, c.last DESC, c.id LIMIT ? OFFSET ?`,
		append(args, q.Limit, q.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("clusters: %w", err)
	}
	var out []newsgraph.ClusterInfo
	for rows.Next() {
		var c newsgraph.ClusterInfo
		if err := scanCluster(rows, &c); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("clusters: %w", err)
		}
		out = append(out, c)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, 0, fmt.Errorf("clusters: %w", err)
	}
	for i := range out {
		if err := s.clusterMembers(ctx, &out[i]); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// clusterMembers fills c's Docs and Sources.
func (s *Store) clusterMembers(ctx context.Context, c *newsgraph.ClusterInfo) error {
	rows, err := s.r.QueryContext(ctx, `SELECT a.doc_id, COALESCE(d.url, ''), COALESCE(d.path, ''), COALESCE(d.record, 0) FROM cluster_docs a
		LEFT JOIN documents d ON d.id = a.doc_id WHERE a.cluster_id = ? ORDER BY a.seq`, c.ID)
	if err != nil {
		return fmt.Errorf("cluster %s members: %w", c.ID, err)
	}
	defer rows.Close()
	c.Docs, c.Sources = nil, nil
	for rows.Next() {
		var id, url string
		var o newsgraph.Origin
		if err := rows.Scan(&id, &url, &o.Path, &o.Record); err != nil {
			return fmt.Errorf("cluster %s members: %w", c.ID, err)
		}
		c.Docs = append(c.Docs, id)
		c.Sources = append(c.Sources, source(url, o))
	}
	return rows.Err()
}

// source names where a document came from: its URL when known, else its origin.
func source(url string, o newsgraph.Origin) string {
	if url != "" {
		return url
	}
	return o.String()
}

// Cluster implements newsgraph.ClusterStore.
func (s *Store) Cluster(ctx context.Context, id string) (newsgraph.ClusterDetail, error) {
	id = strings.TrimSpace(id)
	var det newsgraph.ClusterDetail
	if len(id) < 4 {
		return det, fmt.Errorf("cluster %q: give at least 4 characters of the ID: %w", id, newsgraph.ErrNotFound)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+clusterColumns+` FROM clusters c WHERE c.id = ?1 OR (c.id >= ?1 AND c.id < ?1 || '~') ORDER BY c.id != ?1, c.id LIMIT 5`, id)
	if err != nil {
		return det, fmt.Errorf("cluster %s: %w", id, err)
	}
	var found []newsgraph.ClusterInfo
	for rows.Next() {
		var c newsgraph.ClusterInfo
		if err := scanCluster(rows, &c); err != nil {
			rows.Close()
			return det, fmt.Errorf("cluster %s: %w", id, err)
		}
		found = append(found, c)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return det, fmt.Errorf("cluster %s: %w", id, err)
	}
	switch {
	case len(found) == 0:
		return det, fmt.Errorf("cluster %s: %w", id, newsgraph.ErrNotFound)
	case len(found) > 1 && found[0].ID != id:
		var ids []string
		for _, c := range found {
			ids = append(ids, c.ID)
		}
		return det, fmt.Errorf("cluster %s: ambiguous prefix, matches %s", id, strings.Join(ids, ", "))
	}
	det.ClusterInfo = found[0]
	id = det.ID
	if err := s.clusterMembers(ctx, &det.ClusterInfo); err != nil {
		return det, err
	}
	rows, err = s.r.QueryContext(ctx, `SELECT `+docColumns+`, a.relation, a.of_doc, a.similarity FROM cluster_docs a JOIN documents d ON d.id = a.doc_id
		WHERE a.cluster_id = ? ORDER BY a.seq`, id)
	if err != nil {
		return det, fmt.Errorf("cluster %s members: %w", id, err)
	}
	for rows.Next() {
		var m newsgraph.ClusterMember
		var rel string
		if err := scanDoc(rows, &m.Doc, &rel, &m.Of, &m.Similarity); err != nil {
			rows.Close()
			return det, fmt.Errorf("cluster %s members: %w", id, err)
		}
		m.Relation = newsgraph.ClusterRelation(rel)
		det.Members = append(det.Members, m)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return det, fmt.Errorf("cluster %s members: %w", id, err)
	}
	det.Dates, det.Sites = memberCounts(det.Members)
	rows, err = s.r.QueryContext(ctx, `SELECT e.data, count(*), count(DISTINCT m.doc_id) AS docs, COALESCE(min(NULLIF(d.published, '')), ''), COALESCE(max(NULLIF(d.published, '')), '')
		FROM cluster_docs a JOIN mentions m ON m.doc_id = a.doc_id JOIN entities e ON e.id = m.entity_id JOIN documents d ON d.id = a.doc_id
		WHERE a.cluster_id = ? GROUP BY e.id HAVING docs >= 2 ORDER BY docs DESC, count(*) DESC, e.id LIMIT 20`, id)
	if err != nil {
		return det, fmt.Errorf("cluster %s entities: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var c newsgraph.EntityCount
		var data, first, last string
		if err := rows.Scan(&data, &c.Mentions, &c.Documents, &first, &last); err != nil {
			return det, fmt.Errorf("cluster %s entities: %w", id, err)
		}
		if err := json.Unmarshal([]byte(data), &c.Entity); err != nil {
			return det, fmt.Errorf("cluster %s entity: %w", id, err)
		}
		c.First, _ = time.Parse(time.RFC3339, first)
		c.Last, _ = time.Parse(time.RFC3339, last)
		det.Entities = append(det.Entities, c)
	}
	if err := rows.Err(); err != nil {
		return det, fmt.Errorf("cluster %s entities: %w", id, err)
	}
	return det, nil
}

// memberCounts counts a cluster's members by publication day (in order) and by site (most first).
func memberCounts(ms []newsgraph.ClusterMember) (dates, sites []newsgraph.Count) {
	byDay, bySite := map[string]int{}, map[string]int{}
	for _, m := range ms {
		if !m.Doc.Published.IsZero() {
			byDay[m.Doc.Published.Format("2006-01-02")]++
		}
		if m.Doc.Site != "" {
			bySite[m.Doc.Site]++
		}
	}
	for k, n := range byDay {
		dates = append(dates, newsgraph.Count{Key: k, N: n})
	}
	sort.Slice(dates, func(i, j int) bool { return dates[i].Key < dates[j].Key })
	for k, n := range bySite {
		sites = append(sites, newsgraph.Count{Key: k, N: n})
	}
	sort.Slice(sites, func(i, j int) bool {
		if sites[i].N != sites[j].N {
			return sites[i].N > sites[j].N
		}
		return sites[i].Key < sites[j].Key
	})
	return dates, sites
}

// Duplicates implements newsgraph.ClusterStore.
func (s *Store) Duplicates(ctx context.Context, q newsgraph.DuplicateQuery) ([]newsgraph.DuplicatePair, int, error) {
	if q.Limit <= 0 {
		q.Limit = 20
	}
	if q.Offset < 0 {
		return nil, 0, fmt.Errorf("duplicates: negative offset %d: %w", q.Offset, newsgraph.ErrBadQuery)
	}
	kinds := []newsgraph.DuplicateKind{newsgraph.DuplicateExact, newsgraph.DuplicateCopy, newsgraph.DuplicateRewrite}
	switch q.Kind {
	case "":
	case newsgraph.DuplicateExact, newsgraph.DuplicateCopy, newsgraph.DuplicateRewrite:
		kinds = []newsgraph.DuplicateKind{q.Kind}
	default:
		return nil, 0, fmt.Errorf("duplicates: kind %q: want exact, copy or rewrite: %w", q.Kind, newsgraph.ErrBadQuery)
	}
	var out []newsgraph.DuplicatePair
	total, skip, room := 0, q.Offset, q.Limit
	for _, k := range kinds {
		var n int
		var err error
		if k == newsgraph.DuplicateExact {
			err = s.r.QueryRowContext(ctx, `SELECT count(*) FROM raw_items r JOIN documents d ON d.id = r.doc_id WHERE r.status = 'duplicate'`).Scan(&n)
		} else {
			err = s.r.QueryRowContext(ctx, `SELECT count(*) FROM cluster_docs a JOIN documents o ON o.id = a.of_doc WHERE a.relation = ? AND a.of_doc != a.doc_id`, string(k)).Scan(&n)
		}
		if err != nil {
			return nil, 0, fmt.Errorf("duplicates: %w", err)
		}
		total += n
		if skip >= n {
			skip -= n
			continue
		}
		if room == 0 {
			continue
		}
		var rows *sql.Rows
		if k == newsgraph.DuplicateExact {
			rows, err = s.r.QueryContext(ctx, `SELECT r.path, r.record, r.url, `+docColumns+` FROM raw_items r JOIN documents d ON d.id = r.doc_id
				WHERE r.status = 'duplicate' ORDER BY r.id DESC LIMIT ? OFFSET ?`, room, skip)
		} else {
			rows, err = s.r.QueryContext(ctx, `SELECT a.doc_id, a.of_doc, a.similarity FROM cluster_docs a JOIN documents o ON o.id = a.of_doc
				WHERE a.relation = ? AND a.of_doc != a.doc_id ORDER BY a.seq DESC LIMIT ? OFFSET ?`, string(k), room, skip)
		}
		if err != nil {
			return nil, 0, fmt.Errorf("duplicates: %w", err)
		}
		for rows.Next() {
			p := newsgraph.DuplicatePair{Kind: k, Similarity: 1}
			if k == newsgraph.DuplicateExact {
				o := &p.Copy.Origin
				err = scanDoc(dupRow{rows, []any{&o.Path, &o.Record, &o.URL}}, &p.Of)
				p.Copy.ID, p.Copy.URL = p.Of.ID, o.URL
			} else {
				err = rows.Scan(&p.Copy.ID, &p.Of.ID, &p.Similarity)
			}
			if err != nil {
				rows.Close()
				return nil, 0, fmt.Errorf("duplicates: %w", err)
			}
			out = append(out, p)
			room--
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return nil, 0, fmt.Errorf("duplicates: %w", err)
		}
		skip = 0
	}
	for i := range out {
		if out[i].Kind == newsgraph.DuplicateExact {
			continue
		}
		var err error
		if out[i].Copy, err = s.docMeta(ctx, out[i].Copy.ID); err != nil {
			return nil, 0, fmt.Errorf("duplicates: %w", err)
		}
		if out[i].Of, err = s.docMeta(ctx, out[i].Of.ID); err != nil {
			return nil, 0, fmt.Errorf("duplicates: %w", err)
		}
	}
	return out, total, nil
}

// dupRow scans leading columns into pre before the columns scanDoc reads.
type dupRow struct {
	sc  interface{ Scan(...any) error }
	pre []any
}

func (r dupRow) Scan(dest ...any) error { return r.sc.Scan(append(r.pre, dest...)...) }

// docMeta returns the stored document id without its text.
func (s *Store) docMeta(ctx context.Context, id string) (newsgraph.Document, error) {
	var d newsgraph.Document
	if err := scanDoc(s.r.QueryRowContext(ctx, `SELECT `+docColumns+` FROM documents d WHERE d.id = ?`, id), &d); err != nil {
		return d, fmt.Errorf("document %s: %w", id, err)
	}
	return d, nil
}

// Stories implements newsgraph.ClusterStore.
func (s *Store) Stories(ctx context.Context, q newsgraph.StoryQuery) ([]newsgraph.StoryInfo, int, error) {
	if q.Limit <= 0 {
		q.Limit = 20
	}
	if q.Offset < 0 {
		return nil, 0, fmt.Errorf("stories: negative offset %d: %w", q.Offset, newsgraph.ErrBadQuery)
	}
	where, args := spanWhere(nil, nil, q.From, q.To)
	cond := ""
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, " AND ")
	}
	base := `SELECT c.id, c.label, c.first, c.last, (SELECT count(*) FROM clusters k WHERE k.story_id = c.id AND k.size > 0) AS n,
		(SELECT COALESCE(sum(k.size), 0) FROM clusters k WHERE k.story_id = c.id) FROM stories c` + cond
	args = append(args, max(q.MinClusters, 1))
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM (`+base+`) WHERE n >= ?`, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("stories: %w", err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT * FROM (`+base+`) WHERE n >= ? ORDER BY n DESC, last DESC, id LIMIT ? OFFSET ?`, append(args, q.Limit, q.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("stories: %w", err)
	}
	var out []newsgraph.StoryInfo
	for rows.Next() {
		var st newsgraph.StoryInfo
		var first, last string
		var n int
		if err := rows.Scan(&st.ID, &st.Label, &first, &last, &n, &st.Size); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("stories: %w", err)
		}
		st.First, st.Last = parseClusterTime(first), parseClusterTime(last)
		out = append(out, st)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, 0, fmt.Errorf("stories: %w", err)
	}
	for i := range out {
		st := &out[i]
		rows, err := s.r.QueryContext(ctx, `SELECT `+clusterColumns+` FROM clusters c WHERE c.story_id = ? AND c.size > 0 ORDER BY c.first = '', c.first, c.id`, st.ID)
		if err != nil {
			return nil, 0, fmt.Errorf("story %s: %w", st.ID, err)
		}
		for rows.Next() {
			var c newsgraph.ClusterInfo
			if err := scanCluster(rows, &c); err != nil {
				rows.Close()
				return nil, 0, fmt.Errorf("story %s: %w", st.ID, err)
			}
			st.Clusters = append(st.Clusters, c)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return nil, 0, fmt.Errorf("story %s: %w", st.ID, err)
		}
	}
	return out, total, nil
}
