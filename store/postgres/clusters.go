package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"newsgraph"
	"newsgraph/store/internal/codec"
	"newsgraph/store/internal/rowkit"
)

var _ newsgraph.ClusterStore = (*Store)(nil)

// SaveClusters implements newsgraph.ClusterStore.
func (s *Store) SaveClusters(ctx context.Context, state []byte, as []newsgraph.ClusterAssignment, cs []newsgraph.ClusterInfo, ss []newsgraph.StoryInfo) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("save clusters: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := SaveClustersTx(ctx, tx, state, as, cs, ss); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("save clusters: %w", err)
	}
	return nil
}

// SaveClustersTx is SaveClusters inside the caller's transaction: a clusterer that holds a lock on one
// connection writes through that connection only, so that it cannot write once it has lost the lock.
func SaveClustersTx(ctx context.Context, tx pgx.Tx, state []byte, as []newsgraph.ClusterAssignment, cs []newsgraph.ClusterInfo, ss []newsgraph.StoryInfo) error {
	// One clusterer writes at a time: the saved state is a whole.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, clusterLock); err != nil {
		return fmt.Errorf("save clusters: lock: %w", err)
	}
	var seq int64
	if err := wrap(tx).QueryRow(ctx, `SELECT COALESCE(max(seq), 0) FROM cluster_docs`).Scan(&seq); err != nil {
		return fmt.Errorf("save clusters: %w", err)
	}
	touched := map[string]bool{}
	for _, a := range as {
		seq++
		if _, err := wrap(tx).Exec(ctx, `INSERT INTO cluster_docs (doc_id, seq, cluster_id, relation, of_doc, similarity, story_id) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (doc_id) DO UPDATE SET cluster_id = excluded.cluster_id, relation = excluded.relation, of_doc = excluded.of_doc,
				similarity = excluded.similarity, story_id = excluded.story_id`,
			a.Doc, seq, a.Cluster, string(a.Relation), a.Of, a.Similarity, a.Story); err != nil {
			return fmt.Errorf("save assignment of %s: %w", a.Doc, err)
		}
		touched[a.Cluster] = true
		for _, m := range a.Merged {
			if _, err := wrap(tx).Exec(ctx, `UPDATE cluster_docs SET cluster_id = ? WHERE cluster_id = ?`, a.Cluster, m); err != nil {
				return fmt.Errorf("merge cluster %s into %s: %w", m, a.Cluster, err)
			}
			if _, err := wrap(tx).Exec(ctx, `DELETE FROM clusters WHERE id = ?`, m); err != nil {
				return fmt.Errorf("merge cluster %s into %s: %w", m, a.Cluster, err)
			}
			delete(touched, m)
		}
		if sp := a.Split; sp != nil {
			for _, d := range sp.Docs {
				if _, err := wrap(tx).Exec(ctx, `UPDATE cluster_docs SET cluster_id = ? WHERE doc_id = ? AND cluster_id = ?`, sp.Into, d, sp.From); err != nil {
					return fmt.Errorf("split cluster %s into %s: move %s: %w", sp.From, sp.Into, d, err)
				}
			}
			touched[sp.From], touched[sp.Into] = true, true
		}
	}
	for _, c := range cs {
		if _, err := wrap(tx).Exec(ctx, `INSERT INTO clusters (id, label, first, last, story_id) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET label = excluded.label, first = excluded.first, last = excluded.last, story_id = excluded.story_id`,
			c.ID, clean(c.Label), rowkit.ClusterTime(c.First), rowkit.ClusterTime(c.Last), c.Story); err != nil {
			return fmt.Errorf("save cluster %s: %w", c.ID, err)
		}
		touched[c.ID] = true
	}
	for id := range touched {
		// A cluster named only by an assignment gets a row without a label until its summary comes.
		if _, err := wrap(tx).Exec(ctx, `INSERT INTO clusters (id) VALUES (?) ON CONFLICT DO NOTHING`, id); err != nil {
			return fmt.Errorf("save cluster %s: %w", id, err)
		}
		if _, err := wrap(tx).Exec(ctx, `UPDATE clusters SET size = (SELECT count(*) FROM cluster_docs WHERE cluster_id = ?1::text) WHERE id = ?1::text`, id); err != nil {
			return fmt.Errorf("save cluster %s: %w", id, err)
		}
	}
	for _, st := range ss {
		if _, err := wrap(tx).Exec(ctx, `INSERT INTO stories (id, label, first, last) VALUES (?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET label = excluded.label, first = excluded.first, last = excluded.last`,
			st.ID, clean(st.Label), rowkit.ClusterTime(st.First), rowkit.ClusterTime(st.Last)); err != nil {
			return fmt.Errorf("save story %s: %w", st.ID, err)
		}
	}
	if state != nil {
		// The state covers every assignment saved so far, those of this call included.
		data, enc := codec.Compress(state)
		if _, err := wrap(tx).Exec(ctx, `INSERT INTO cluster_state (id, encoding, data, saved_at, seq) VALUES (1, ?, ?, now(), (SELECT COALESCE(max(seq), 0) FROM cluster_docs))
			ON CONFLICT (id) DO UPDATE SET encoding = excluded.encoding, data = excluded.data, saved_at = excluded.saved_at, seq = excluded.seq`,
			enc, data); err != nil {
			return fmt.Errorf("save cluster state: %w", err)
		}
	}
	return nil
}

// AssignedSinceState returns the documents assigned after the saved clusterer state was taken, in the order
// they were assigned (all assigned documents when no state is saved). A clusterer that loads the state adds
// them again, in this order, to get back the index that made those assignments (ingest.LoadClusterer).
func (s *Store) AssignedSinceState(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT a.doc_id FROM cluster_docs a
		WHERE a.seq > COALESCE((SELECT seq FROM cluster_state WHERE id = 1), 0) ORDER BY a.seq`)
	if err != nil {
		return nil, fmt.Errorf("assignments since the saved state: %w", err)
	}
	defer rows.Close()
	ids, err := rowkit.Strings(rows)
	if err != nil {
		return nil, fmt.Errorf("assignments since the saved state: %w", err)
	}
	return ids, nil
}

// ClusterReady returns up to limit stored documents without an assignment, in the order their raw items were
// stored, with those raw items' IDs: those whose raw item ID is above after and below that of every raw item
// still pending. Documents are clustered in this order, the order ingest read them in, whichever worker
// committed them first; a document waits until every item read before it is processed.
func (s *Store) ClusterReady(ctx context.Context, after int64, limit int) (ids []string, rawIDs []int64, err error) {
	rows, err := s.pool.Query(ctx, `SELECT d.id, d.raw_id FROM documents d
		WHERE d.raw_id > $1
			AND d.raw_id < COALESCE((SELECT min(id) FROM raw_items WHERE status = 'pending'), 9223372036854775807)
			AND NOT EXISTS (SELECT 1 FROM cluster_docs a WHERE a.doc_id = d.id)
		ORDER BY d.raw_id, d.seq LIMIT $2`, after, limit)
	if err != nil {
		return nil, nil, fmt.Errorf("documents to cluster: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var raw int64
		if err := rows.Scan(&id, &raw); err != nil {
			return nil, nil, fmt.Errorf("documents to cluster: %w", err)
		}
		ids, rawIDs = append(ids, id), append(rawIDs, raw)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("documents to cluster: %w", err)
	}
	return ids, rawIDs, nil
}

// ClusterState implements newsgraph.ClusterStore.
func (s *Store) ClusterState(ctx context.Context) ([]byte, error) {
	var enc string
	var data []byte
	err := wrap(s.pool).QueryRow(ctx, `SELECT encoding, data FROM cluster_state WHERE id = 1`).Scan(&enc, &data)
	if errors.Is(err, pgx.ErrNoRows) {
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
	rows, err := wrap(s.pool).Query(ctx, `SELECT d.id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM cluster_docs a WHERE a.doc_id = d.id) ORDER BY d.raw_id, d.seq LIMIT ?`, limit)
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
	if err := wrap(s.pool).QueryRow(ctx, `SELECT count(*) FROM clusters c`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("clusters: %w", err)
	}
	rows, err := wrap(s.pool).Query(ctx, `SELECT `+clusterColumns+` FROM clusters c`+cond+` ORDER BY c.size DESC, c.last DESC, c.id LIMIT ? OFFSET ?`,
		append(args, q.Limit, q.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("clusters: %w", err)
	}
	out, err := rowkit.Clusters(rows)
	rows.Close()
	if err != nil {
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
	rows, err := wrap(s.pool).Query(ctx, `SELECT a.doc_id, COALESCE(d.url, ''), COALESCE(d.path, ''), COALESCE(d.record, 0) FROM cluster_docs a
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
		Find: s.query(`SELECT ` + clusterColumns + ` FROM clusters c WHERE c.id = ?1::text OR (c.id >= ?1::text AND c.id < ?1::text || '~') ORDER BY c.id != ?1::text, c.id LIMIT 5`),
		Docs: s.clusterMembers,
		Members: s.query(`SELECT ` + docColumns + `, a.relation, a.of_doc, a.similarity FROM cluster_docs a JOIN documents d ON d.id = a.doc_id
		WHERE a.cluster_id = ? ORDER BY a.seq`),
		Entities: s.query(`SELECT e.data::text, count(*), count(DISTINCT m.doc_id) AS docs, COALESCE(min(NULLIF(d.published, '')), ''), COALESCE(max(NULLIF(d.published, '')), '')
		FROM cluster_docs a JOIN mentions m ON m.doc_id = a.doc_id JOIN entities e ON e.id = m.entity_id JOIN documents d ON d.id = a.doc_id
		WHERE a.cluster_id = ? GROUP BY e.id HAVING count(DISTINCT m.doc_id) >= 2 ORDER BY docs DESC, count(*) DESC, e.id LIMIT 20`),
		Scan: scanDoc,
	})
}

// query makes q, with one argument and ? placeholders, a rowkit.Query.
func (s *Store) query(q string) rowkit.Query {
	return func(ctx context.Context, arg string) (rowkit.Rows, func() error, error) {
		rows, err := wrap(s.pool).Query(ctx, q, arg)
		if err != nil {
			return nil, nil, err
		}
		return rows, func() error { rows.Close(); return nil }, nil
	}
}

// Duplicates implements newsgraph.ClusterStore.
func (s *Store) Duplicates(ctx context.Context, q newsgraph.DuplicateQuery) ([]newsgraph.DuplicatePair, int, error) {
	return rowkit.Duplicates(ctx, q, rowkit.DuplicateSource{
		Count: func(ctx context.Context, k newsgraph.DuplicateKind) (n int, err error) {
			if k == newsgraph.DuplicateExact {
				err = wrap(s.pool).QueryRow(ctx, `SELECT count(*) FROM raw_items r JOIN documents d ON d.id = r.doc_id WHERE r.status = 'duplicate'`).Scan(&n)
			} else {
				err = wrap(s.pool).QueryRow(ctx, `SELECT count(*) FROM cluster_docs a JOIN documents o ON o.id = a.of_doc WHERE a.relation = ? AND a.of_doc != a.doc_id`, string(k)).Scan(&n)
			}
			return n, err
		},
		Page: func(ctx context.Context, k newsgraph.DuplicateKind, limit, offset int) (rowkit.Rows, func() error, error) {
			var rows pgx.Rows
			var err error
			if k == newsgraph.DuplicateExact {
				rows, err = wrap(s.pool).Query(ctx, `SELECT r.path, r.record, r.url, `+docColumns+` FROM raw_items r JOIN documents d ON d.id = r.doc_id
				WHERE r.status = 'duplicate' ORDER BY r.id DESC LIMIT ? OFFSET ?`, limit, offset)
			} else {
				rows, err = wrap(s.pool).Query(ctx, `SELECT a.doc_id, a.of_doc, a.similarity FROM cluster_docs a JOIN documents o ON o.id = a.of_doc
				WHERE a.relation = ? AND a.of_doc != a.doc_id ORDER BY a.seq DESC LIMIT ? OFFSET ?`, string(k), limit, offset)
			}
			if err != nil {
				return nil, nil, err
			}
			return rows, func() error { rows.Close(); return nil }, nil
		},
		Scan: scanDoc,
		Meta: s.docMeta,
	})
}

// docMeta returns the stored document id without its text.
func (s *Store) docMeta(ctx context.Context, id string) (newsgraph.Document, error) {
	var d newsgraph.Document
	if err := scanDoc(wrap(s.pool).QueryRow(ctx, `SELECT `+docColumns+` FROM documents d WHERE d.id = ?`, id), &d); err != nil {
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
	if err := wrap(s.pool).QueryRow(ctx, `SELECT count(*) FROM (`+base+`) x WHERE n >= ?`, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("stories: %w", err)
	}
	rows, err := wrap(s.pool).Query(ctx, `SELECT * FROM (`+base+`) x WHERE n >= ? ORDER BY n DESC, last DESC, id LIMIT ? OFFSET ?`, append(args, q.Limit, q.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("stories: %w", err)
	}
	out, err := rowkit.Stories(rows)
	rows.Close()
	if err != nil {
		return nil, 0, fmt.Errorf("stories: %w", err)
	}
	for i := range out {
		st := &out[i]
		rows, err := wrap(s.pool).Query(ctx, `SELECT `+clusterColumns+` FROM clusters c WHERE c.story_id = ? AND c.size > 0 ORDER BY c.first = '', c.first, c.id`, st.ID)
		if err != nil {
			return nil, 0, fmt.Errorf("story %s: %w", st.ID, err)
		}
		st.Clusters, err = rowkit.Clusters(rows)
		rows.Close()
		if err != nil {
			return nil, 0, fmt.Errorf("story %s: %w", st.ID, err)
		}
	}
	return out, total, nil
}

// clusterLock is the key of the advisory lock that serialises SaveClusters.
const clusterLock int64 = 0x6e657773_636c7573 // "newsclus"

// qm runs queries written with SQLite's placeholders: "?" is the next argument, "?N" the Nth.
type qm struct{ q querier }

func (w qm) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return w.q.Exec(ctx, dollars(sql), args...)
}

func (w qm) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return w.q.Query(ctx, dollars(sql), args...)
}

func (w qm) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return w.q.QueryRow(ctx, dollars(sql), args...)
}

// dollars rewrites "?" and "?N" placeholders as "$N". The queries it is given hold no "?" in string literals.
func dollars(q string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] != '?' {
			b.WriteByte(q[i])
			continue
		}
		j := i + 1
		for j < len(q) && q[j] >= '0' && q[j] <= '9' {
			j++
		}
		if j > i+1 {
			b.WriteString("$" + q[i+1:j])
		} else {
			n++
			b.WriteString("$" + strconv.Itoa(n))
		}
		i = j - 1
	}
	return b.String()
}

func wrap(q querier) qm { return qm{q} }
