package postgres

import (
	"context"
	"errors"
	"fmt"
	"newsgraph/store/internal/rowkit"
	"strings"

	"github.com/jackc/pgx/v5"

	"newsgraph"
	"newsgraph/query"
)

var _ newsgraph.FacetStore = (*Store)(nil)

// matching renders the documents q selects as a FROM clause and a WHERE condition ("" when none) on documents d,
// adding its arguments to p: the same selection as Search.
func matching(p *params, q newsgraph.Query) (from, cond string, err error) {
	parsed, err := query.Parse(q.Text)
	if err != nil {
		return "", "", err
	}
	var where []string
	from = `documents d`
	if !parsed.Empty() {
		from = `documents d, to_tsquery('newsgraph', ` + p.add(parsed.TSQuery()) + `) AS tq`
		where = append(where, `d.tsv @@ tq`)
	}
	if q.Language != "" {
		where = append(where, `d.language = `+p.add(q.Language))
	}
	if q.Site != "" {
		where = append(where, `d.site = `+p.add(q.Site))
	}
	if q.Entity != "" {
		where = append(where, `d.id IN (SELECT doc_id FROM mentions WHERE entity_id = `+p.add(q.Entity)+`)`)
	}
	if c := dateCond(p, q.From, q.To); c != "" {
		where = append(where, c)
	}
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	return from, cond, nil
}

// Facets implements newsgraph.FacetStore.
func (s *Store) Facets(ctx context.Context, q newsgraph.Query) (newsgraph.Facets, error) {
	var f newsgraph.Facets
	var p params
	from, cond, err := matching(&p, q)
	if err != nil {
		return f, fmt.Errorf("facets: %w", err)
	}
	// One pass over the matching documents counts them by site, language and month together, folded here.
	rows, err := s.pool.Query(ctx, `SELECT d.site, d.language, substr(d.published, 1, 7), count(*) FROM `+from+cond+` GROUP BY 1, 2, 3`, p...)
	if err != nil {
		return f, fmt.Errorf("facets: %w", err)
	}
	var groups []rowkit.FacetGroup
	for rows.Next() {
		var g rowkit.FacetGroup
		var n int64
		if err := rows.Scan(&g.Site, &g.Language, &g.Month, &n); err != nil {
			rows.Close()
			return f, fmt.Errorf("facets: %w", err)
		}
		g.N = int(n)
		groups = append(groups, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return f, fmt.Errorf("facets: %w", err)
	}
	rowkit.FoldFacets(&f, groups)
	if f.Total == 0 {
		return f, nil
	}
	if f.Total > newsgraph.FacetSample {
		f.Sampled = newsgraph.FacetSample
	}
	sample, limit := p.add(newsgraph.FacetSample), p.add(newsgraph.FacetLimit)
	// Counted first, then joined to the records of the entities counted (not of every mention).
	rows, err = s.pool.Query(ctx, `SELECT e.data::text, c.n, c.docs, '', '' FROM (
			SELECT entity_id, count(*) AS n, count(DISTINCT doc_id) AS docs FROM mentions
			WHERE doc_id IN (SELECT d.id FROM `+from+cond+` ORDER BY d.published DESC, d.seq DESC LIMIT `+sample+`)
			GROUP BY entity_id
		) c JOIN entities e ON e.id = c.entity_id ORDER BY c.docs DESC, c.n DESC, e.name LIMIT `+limit, p...)
	if err != nil {
		return f, fmt.Errorf("facets: entities: %w", err)
	}
	if f.Entities, err = scanEntityCounts(rows); err != nil {
		return f, fmt.Errorf("facets: entities: %w", err)
	}
	return f, nil
}

// ClusterOf returns where clustering put the document with the given ID (exact, not a prefix), for links from a
// document to its cluster. ErrNotFound when it has no assignment.
func (s *Store) ClusterOf(ctx context.Context, docID string) (newsgraph.ClusterAssignment, error) {
	a := newsgraph.ClusterAssignment{Doc: docID}
	var rel string
	err := s.pool.QueryRow(ctx, `SELECT cluster_id, relation, of_doc, similarity, story_id FROM cluster_docs WHERE doc_id = $1`, docID).
		Scan(&a.Cluster, &rel, &a.Of, &a.Similarity, &a.Story)
	if errors.Is(err, pgx.ErrNoRows) {
		return a, fmt.Errorf("cluster of %s: %w", docID, newsgraph.ErrNotFound)
	}
	if err != nil {
		return a, fmt.Errorf("cluster of %s: %w", docID, err)
	}
	a.Relation = newsgraph.ClusterRelation(rel)
	return a, nil
}
