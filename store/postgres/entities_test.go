package postgres

import (
	"context"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	"newsgraph"
	"newsgraph/internal/pgtest"
	"newsgraph/store/internal/rowkit"
	"newsgraph/store/storetest"
)

// TestEntityAggregates checks the aggregates Commit keeps against the migration's backfill from the mentions,
// and entity profiles against scans of the mentions (the queries the aggregates replace).
func TestEntityAggregates(t *testing.T) {
	ctx := context.Background()
	s := open(t, pgtest.Start(t))
	defer s.Close()
	storetest.EntityCorpus(t, s, 1500)

	// Commit keeps what the migration computes from the stored mentions.
	tables := []string{"entity_docs", "entity_stats", "entity_months", "entity_texts", "entity_dated"}
	dump := func() map[string][]string {
		out := map[string][]string{}
		for _, tab := range tables {
			out[tab] = textRows(t, s, `SELECT t::text FROM `+tab+` t ORDER BY 1`)
		}
		return out
	}
	kept := dump()
	rerunBackfill(t, s, "0007_entity_stats.sql", "-- The documents stored before this migration.", "entity_docs", "entity_stats", "entity_months", "entity_texts")
	got := dump()
	for _, tab := range tables {
		if len(kept[tab]) == 0 && tab != "entity_dated" {
			t.Errorf("Commit kept no rows in %s", tab)
		}
		if !slices.Equal(got[tab], kept[tab]) {
			t.Errorf("%s: the migration computes %d rows, Commit kept %d (first difference %v)", tab, len(got[tab]), len(kept[tab]), storetest.FirstDiff(got[tab], kept[tab]))
		}
	}

	// Profiles agree with scans of the mentions; related entities over the newest relatedSample documents.
	rows, err := s.pool.Query(ctx, `SELECT entity_id FROM mentions GROUP BY entity_id ORDER BY count(DISTINCT doc_id) DESC, entity_id`)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	storetest.CheckProfiles(t, s, ids, func(id string) newsgraph.EntityProfile { return scanProfile(t, s, id) }, relatedSample)
}

// scanProfile computes an entity's profile from its mentions, as EntityProfile did before the aggregates, with
// related entities over its newest relatedSample documents.
func scanProfile(t *testing.T, s *Store, id string) newsgraph.EntityProfile {
	t.Helper()
	ctx := context.Background()
	var p newsgraph.EntityProfile
	counts := func(q string, args ...any) []newsgraph.EntityCount {
		rows, err := s.pool.Query(ctx, q, args...)
		if err != nil {
			t.Fatal(err)
		}
		out, err := scanEntityCounts(rows)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	self := counts(entityCounts+`WHERE e.id = $1 GROUP BY e.id`, id)
	if len(self) != 1 {
		t.Fatalf("scan of %s: %d rows", id, len(self))
	}
	p.EntityCount = self[0]
	var err error
	if p.Aliases, err = s.counts(ctx, `SELECT text, count(*) AS n FROM mentions WHERE entity_id = $1 AND kind = 'name' GROUP BY text ORDER BY n DESC, text LIMIT 50`, id); err != nil {
		t.Fatal(err)
	}
	if p.Months, err = s.counts(ctx, `SELECT substr(d.published, 1, 7) AS month, count(*) FROM mentions m JOIN documents d ON d.id = m.doc_id
		WHERE m.entity_id = $1 AND d.published != '' GROUP BY month ORDER BY month`, id); err != nil {
		t.Fatal(err)
	}
	p.Related = counts(`SELECT e.data::text, count(*) AS n, count(DISTINCT o.doc_id) AS docs, '', ''
		FROM mentions o JOIN entities e ON e.id = o.entity_id
		WHERE o.doc_id IN (SELECT d.id FROM documents d WHERE d.id IN (SELECT doc_id FROM mentions WHERE entity_id = $1)
			ORDER BY d.published DESC, d.seq DESC LIMIT $2) AND o.entity_id != $1
		GROUP BY e.id ORDER BY docs DESC, n DESC, e.name LIMIT 20`, id, relatedSample)
	rows, err := s.pool.Query(ctx, `SELECT `+docColumns+`, count(*) FROM mentions m JOIN documents d ON d.id = m.doc_id
		WHERE m.entity_id = $1 GROUP BY d.seq ORDER BY d.published DESC, d.seq DESC LIMIT 100`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if p.Docs, err = rowkit.DocumentCounts(rows, scanDoc); err != nil {
		t.Fatal(err)
	}
	return p
}
