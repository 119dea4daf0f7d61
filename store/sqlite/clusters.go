package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"newsgraph"
	"newsgraph/store/internal/codec"
	"newsgraph/store/internal/rowkit"
)

var _ newsgraph.ClusterStore = (*Store)(nil)

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
		if sp := a.Split; sp != nil {
			for _, d := range sp.Docs {
				if _, err := tx.ExecContext(ctx, `UPDATE cluster_docs SET cluster_id = ? WHERE doc_id = ? AND cluster_id = ?`, sp.Into, d, sp.From); err != nil {
					return fmt.Errorf("split cluster %s into %s: move %s: %w", sp.From, sp.Into, d, err)
				}
			}
			touched[sp.From], touched[sp.Into] = true, true
		}
	}
	for _, c := range cs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO clusters (id, label, first, last, story_id) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET label = excluded.label, first = excluded.first, last = excluded.last, story_id = excluded.story_id`,
			c.ID, c.Label, rowkit.ClusterTime(c.First), rowkit.ClusterTime(c.Last), c.Story); err != nil {
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
			st.ID, st.Label, rowkit.ClusterTime(st.First), rowkit.ClusterTime(st.Last)); err != nil {
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
	ids, err := rowkit.Strings(rows)
	if err != nil {
		return nil, fmt.Errorf("unclustered documents: %w", err)
	}
	return ids, nil
}

const clusterColumns = `c.id, c.label, c.first, c.last, c.story_id, c.size`

// Clusters implements newsgraph.ClusterStore.
func (s *Store) Clusters(ctx context.Context, q newsgraph.ClusterQuery) ([]newsgraph.ClusterInfo, int, error) {
	cond, args, err := rowkit.ClusterWhere(&q)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM clusters c`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("clusters: %w", err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+clusterColumns+` FROM clusters c`+cond+` ORDER BY c.size DESC, c.last DESC, c.id LIMIT ? OFFSET ?`,
		append(args, q.Limit, q.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("clusters: %w", err)
	}
	out, err := rowkit.Clusters(rows)
	if err := errors.Join(err, rows.Close()); err != nil {
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
	if err := rowkit.ClusterDocs(rows, c); err != nil {
		return fmt.Errorf("cluster %s members: %w", c.ID, err)
	}
	return nil
}

// Cluster implements newsgraph.ClusterStore.
func (s *Store) Cluster(ctx context.Context, id string) (newsgraph.ClusterDetail, error) {
	return rowkit.Cluster(ctx, id, rowkit.ClusterSource{
		Find: s.query(`SELECT ` + clusterColumns + ` FROM clusters c WHERE c.id = ?1 OR (c.id >= ?1 AND c.id < ?1 || '~') ORDER BY c.id != ?1, c.id LIMIT 5`),
		Docs: s.clusterMembers,
		Members: s.query(`SELECT ` + docColumns + `, a.relation, a.of_doc, a.similarity FROM cluster_docs a JOIN documents d ON d.id = a.doc_id
		WHERE a.cluster_id = ? ORDER BY a.seq`),
		Entities: s.query(`SELECT e.data, count(*), count(DISTINCT m.doc_id) AS docs, COALESCE(min(NULLIF(d.published, '')), ''), COALESCE(max(NULLIF(d.published, '')), '')
		FROM cluster_docs a JOIN mentions m ON m.doc_id = a.doc_id JOIN entities e ON e.id = m.entity_id JOIN documents d ON d.id = a.doc_id
		WHERE a.cluster_id = ? GROUP BY e.id HAVING docs >= 2 ORDER BY docs DESC, count(*) DESC, e.id LIMIT 20`),
		Scan: scanDoc,
	})
}

// query makes q, with one argument, a rowkit.Query.
func (s *Store) query(q string) rowkit.Query {
	return func(ctx context.Context, arg string) (rowkit.Rows, func() error, error) {
		rows, err := s.r.QueryContext(ctx, q, arg)
		if err != nil {
			return nil, nil, err
		}
		return rows, rows.Close, nil
	}
}

// Duplicates implements newsgraph.ClusterStore.
func (s *Store) Duplicates(ctx context.Context, q newsgraph.DuplicateQuery) ([]newsgraph.DuplicatePair, int, error) {
	return rowkit.Duplicates(ctx, q, rowkit.DuplicateSource{
		Count: func(ctx context.Context, k newsgraph.DuplicateKind) (n int, err error) {
			if k == newsgraph.DuplicateExact {
				err = s.r.QueryRowContext(ctx, `SELECT count(*) FROM raw_items r JOIN documents d ON d.id = r.doc_id WHERE r.status = 'duplicate'`).Scan(&n)
			} else {
				err = s.r.QueryRowContext(ctx, `SELECT count(*) FROM cluster_docs a JOIN documents o ON o.id = a.of_doc WHERE a.relation = ? AND a.of_doc != a.doc_id`, string(k)).Scan(&n)
			}
			return n, err
		},
		Page: func(ctx context.Context, k newsgraph.DuplicateKind, limit, offset int) (rowkit.Rows, func() error, error) {
			var rows *sql.Rows
			var err error
			if k == newsgraph.DuplicateExact {
				rows, err = s.r.QueryContext(ctx, `SELECT r.path, r.record, r.url, `+docColumns+` FROM raw_items r JOIN documents d ON d.id = r.doc_id
				WHERE r.status = 'duplicate' ORDER BY r.id DESC LIMIT ? OFFSET ?`, limit, offset)
			} else {
				rows, err = s.r.QueryContext(ctx, `SELECT a.doc_id, a.of_doc, a.similarity FROM cluster_docs a JOIN documents o ON o.id = a.of_doc
				WHERE a.relation = ? AND a.of_doc != a.doc_id ORDER BY a.seq DESC LIMIT ? OFFSET ?`, string(k), limit, offset)
			}
			if err != nil {
				return nil, nil, err
			}
			return rows, rows.Close, nil
		},
		Scan: scanDoc,
		Meta: s.docMeta,
	})
}

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
	cond, args, err := rowkit.StoryWhere(&q)
	if err != nil {
		return nil, 0, err
	}
	base := `SELECT c.id, c.label, c.first, c.last, (SELECT count(*) FROM clusters k WHERE k.story_id = c.id AND k.size > 0) AS n,
		(SELECT COALESCE(sum(k.size), 0) FROM clusters k WHERE k.story_id = c.id) FROM stories c` + cond
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM (`+base+`) WHERE n >= ?`, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("stories: %w", err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT * FROM (`+base+`) WHERE n >= ? ORDER BY n DESC, last DESC, id LIMIT ? OFFSET ?`, append(args, q.Limit, q.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("stories: %w", err)
	}
	out, err := rowkit.Stories(rows)
	if err := errors.Join(err, rows.Close()); err != nil {
		return nil, 0, fmt.Errorf("stories: %w", err)
	}
	for i := range out {
		st := &out[i]
		rows, err := s.r.QueryContext(ctx, `SELECT `+clusterColumns+` FROM clusters c WHERE c.story_id = ? AND c.size > 0 ORDER BY c.first = '', c.first, c.id`, st.ID)
		if err != nil {
			return nil, 0, fmt.Errorf("story %s: %w", st.ID, err)
		}
		st.Clusters, err = rowkit.Clusters(rows)
		if err = errors.Join(err, rows.Close()); err != nil {
			return nil, 0, fmt.Errorf("story %s: %w", st.ID, err)
		}
	}
	return out, total, nil
}
