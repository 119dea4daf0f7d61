package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"newsgraph/store/internal/rowkit"
	"strings"

	"newsgraph"
	"newsgraph/query"
)

var _ newsgraph.FacetStore = (*Store)(nil)

// matching renders the documents q selects as a FROM clause and a WHERE condition ("" when none) on documents d,
// with their arguments: the same selection as Search.
func matching(q newsgraph.Query) (from, cond string, args []any, err error) {
	parsed, err := query.Parse(q.Text)
	if err != nil {
		return "", "", nil, err
	}
	var where []string
	from = `documents d`
	if !parsed.Empty() {
		from = `documents_fts f JOIN documents d ON d.rowid = f.rowid`
		where = append(where, `documents_fts MATCH ?`)
		args = append(args, parsed.FTS5())
	}
	for _, f := range []struct{ cond, arg string }{
		{`d.language = ?`, q.Language},
		{`d.site = ?`, q.Site},
		{`d.id IN (SELECT doc_id FROM mentions WHERE entity_id = ?)`, q.Entity},
	} {
		if f.arg != "" {
			where = append(where, f.cond)
			args = append(args, f.arg)
		}
	}
	if c, a := dateCond(q.From, q.To); c != "" {
		where = append(where, c)
		args = append(args, a...)
	}
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	return from, cond, args, nil
}

// Facets implements newsgraph.FacetStore.
func (s *Store) Facets(ctx context.Context, q newsgraph.Query) (newsgraph.Facets, error) {
	var f newsgraph.Facets
	from, cond, args, err := matching(q)
	if err != nil {
		return f, fmt.Errorf("facets: %w", err)
	}
	if q.Text == "" && q.Site == "" && q.Language == "" && q.Entity == "" {
		// The whole corpus (or a date range of it), as the search page first asks: each facet from its index.
		if err := s.corpusFacets(ctx, &f, cond, args); err != nil {
			return f, fmt.Errorf("facets: %w", err)
		}
	} else {
		// One pass over the matching documents counts them by site, language and month together; the
		// combinations are few (sites x languages x months), and are folded into the three facets here.
		rows, err := s.r.QueryContext(ctx, `SELECT d.site, d.language, substr(d.published, 1, 7), count(*) FROM `+from+cond+` GROUP BY 1, 2, 3`, args...)
		if err != nil {
			return f, fmt.Errorf("facets: %w", err)
		}
		var groups []rowkit.FacetGroup
		for rows.Next() {
			var g rowkit.FacetGroup
			if err := rows.Scan(&g.Site, &g.Language, &g.Month, &g.N); err != nil {
				rows.Close()
				return f, fmt.Errorf("facets: %w", err)
			}
			groups = append(groups, g)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return f, fmt.Errorf("facets: %w", err)
		}
		rowkit.FoldFacets(&f, groups)
	}
	if f.Total == 0 {
		return f, nil
	}
	if f.Total > newsgraph.FacetSample {
		f.Sampled = newsgraph.FacetSample
	}
	// Counted first, then joined to the records of the entities counted (not of every mention).
	rows, err := s.r.QueryContext(ctx, `SELECT e.data, c.n, c.docs, '', '' FROM (
			SELECT entity_id, count(*) AS n, count(DISTINCT doc_id) AS docs FROM mentions
			WHERE doc_id IN (SELECT d.id FROM `+from+cond+` ORDER BY d.published DESC, d.rowid DESC LIMIT ?)
			GROUP BY entity_id
		) c JOIN entities e ON e.id = c.entity_id ORDER BY c.docs DESC, c.n DESC, e.name LIMIT ?`, append(args, newsgraph.FacetSample, newsgraph.FacetLimit)...)
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
	err := s.r.QueryRowContext(ctx, `SELECT cluster_id, relation, of_doc, similarity, story_id FROM cluster_docs WHERE doc_id = ?`, docID).
		Scan(&a.Cluster, &rel, &a.Of, &a.Similarity, &a.Story)
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("cluster of %s: %w", docID, newsgraph.ErrNotFound)
	}
	if err != nil {
		return a, fmt.Errorf("cluster of %s: %w", docID, err)
	}
	a.Relation = newsgraph.ClusterRelation(rel)
	return a, nil
}

// corpusFacets counts the documents of a date range (cond on documents d, "" for all) by site and by language
// through their indexes, and by month with one range count per month of the range: far cheaper than grouping
// every row when nothing else narrows the documents down.
func (s *Store) corpusFacets(ctx context.Context, f *newsgraph.Facets, cond string, args []any) error {
	for _, c := range []struct {
		col string
		dst *[]newsgraph.Count
	}{{"site", &f.Sites}, {"language", &f.Languages}} {
		counts, err := s.counts(ctx, `SELECT d.`+c.col+`, count(*) FROM documents d`+cond+` GROUP BY d.`+c.col, args...)
		if err != nil {
			return err
		}
		m := map[string]int{}
		total := 0
		for _, k := range counts {
			m[k.Key] += k.N
			total += k.N
		}
		*c.dst = rowkit.TopCounts(m, newsgraph.FacetLimit)
		f.Total = total
	}
	and := " WHERE "
	if cond != "" {
		and = cond + " AND "
	}
	months, err := s.counts(ctx, `WITH RECURSIVE
			b(lo, hi) AS (SELECT substr(min(d.published), 1, 7), substr(max(d.published), 1, 7) FROM documents d`+and+`d.published != ''),
			m(month) AS (SELECT lo FROM b WHERE lo IS NOT NULL
				UNION ALL SELECT strftime('%Y-%m', month || '-01', '+1 month') FROM m, b WHERE month < hi)
		SELECT month, (SELECT count(*) FROM documents d`+and+`d.published >= month AND d.published < strftime('%Y-%m', month || '-01', '+1 month')) AS n
		FROM m WHERE n > 0 ORDER BY month`, append(append([]any{}, args...), args...)...)
	if err != nil {
		return fmt.Errorf("months: %w", err)
	}
	f.Months = months
	return nil
}
