package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"newsgraph"
	"newsgraph/store/internal/rowkit"
	"newsgraph/store/storetest"
)

// TestEntityAggregates checks the aggregates Commit keeps against the migration's backfill from the mentions,
// and entity profiles against scans of the mentions (the queries the aggregates replace).
func TestEntityAggregates(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "ent.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.EntityCorpus(t, s, 1500)

	// Commit keeps what the migration computes from the stored mentions.
	tables := []string{"entity_docs", "entity_stats", "entity_months", "entity_texts"}
	dump := func() map[string][]string {
		out := map[string][]string{}
		for _, tab := range tables {
			rows, err := s.w.Query(`SELECT * FROM ` + tab + ` ORDER BY 1, 2, 3`)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			for rows.Next() {
				v := make([]any, len(cols))
				for i := range v {
					v[i] = new(any)
				}
				if err := rows.Scan(v...); err != nil {
					t.Fatal(err)
				}
				var b strings.Builder
				for _, x := range v {
					fmt.Fprintf(&b, "%v|", *x.(*any))
				}
				out[tab] = append(out[tab], b.String())
			}
			if err := rows.Close(); err != nil {
				t.Fatal(err)
			}
		}
		return out
	}
	kept := dump()
	rerunBackfill(t, s, "0008_entity_stats.sql", "-- The documents stored before this migration.", "entity_docs", "entity_stats", "entity_months", "entity_texts")
	got := dump()
	for _, tab := range tables {
		if len(kept[tab]) == 0 {
			t.Errorf("Commit kept no rows in %s", tab)
		}
		if !slices.Equal(got[tab], kept[tab]) {
			t.Errorf("%s: the migration computes %d rows, Commit kept %d (first difference %v)", tab, len(got[tab]), len(kept[tab]), storetest.FirstDiff(got[tab], kept[tab]))
		}
	}

	// Profiles agree with scans of the mentions; related entities over the newest relatedSample documents.
	var ids []string
	rows, err := s.r.Query(`SELECT entity_id FROM mentions GROUP BY entity_id ORDER BY count(DISTINCT doc_id) DESC`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	storetest.CheckProfiles(t, s, ids, func(id string) newsgraph.EntityProfile { return scanProfile(t, s, id) }, relatedSample)
}

// scanProfile computes an entity's profile from its mentions, as EntityProfile did before the aggregates, with
// related entities over its newest relatedSample documents.
func scanProfile(t *testing.T, s *Store, id string) newsgraph.EntityProfile {
	t.Helper()
	ctx := context.Background()
	var p newsgraph.EntityProfile
	counts := func(q string) []newsgraph.EntityCount {
		rows, err := s.r.QueryContext(ctx, q, id, relatedSample)
		if err != nil {
			t.Fatal(err)
		}
		out, err := scanEntityCounts(rows)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	self := counts(`SELECT e.data, count(*) AS n, count(DISTINCT m.doc_id), COALESCE(min(NULLIF(d.published, '')), ''), COALESCE(max(NULLIF(d.published, '')), '')
		FROM mentions m JOIN entities e ON e.id = m.entity_id JOIN documents d ON d.id = m.doc_id WHERE e.id = ?1 AND ?2 GROUP BY e.id`)
	if len(self) != 1 {
		t.Fatalf("scan of %s: %d rows", id, len(self))
	}
	p.EntityCount = self[0]
	var err error
	if p.Aliases, err = s.counts(ctx, `SELECT text, count(*) AS n FROM mentions WHERE entity_id = ? AND kind = 'name' GROUP BY text ORDER BY n DESC, text LIMIT 50`, id); err != nil {
		t.Fatal(err)
	}
	if p.Months, err = s.counts(ctx, `SELECT substr(d.published, 1, 7) AS month, count(*) FROM mentions m JOIN documents d ON d.id = m.doc_id
		WHERE m.entity_id = ? AND d.published != '' GROUP BY month ORDER BY month`, id); err != nil {
		t.Fatal(err)
	}
	p.Related = counts(`SELECT e.data, count(*) AS n, count(DISTINCT o.doc_id) AS docs, '', ''
		FROM mentions o JOIN entities e ON e.id = o.entity_id
		WHERE o.doc_id IN (SELECT d.id FROM documents d WHERE d.id IN (SELECT doc_id FROM mentions WHERE entity_id = ?1)
			ORDER BY d.published DESC, d.rowid DESC LIMIT ?2) AND o.entity_id != ?1
		GROUP BY e.id ORDER BY docs DESC, n DESC, e.name LIMIT 20`)
	rows, err := s.r.QueryContext(ctx, `SELECT `+docColumns+`, count(*) FROM mentions m JOIN documents d ON d.id = m.doc_id
		WHERE m.entity_id = ? GROUP BY d.id ORDER BY d.published DESC, d.rowid DESC LIMIT 100`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if p.Docs, err = rowkit.DocumentCounts(rows, scanDoc); err != nil {
		t.Fatal(err)
	}
	return p
}
