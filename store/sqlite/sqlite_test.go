package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"newsgraph"
	"newsgraph/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) newsgraph.Store {
		s, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestMigrationsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	for i := 0; i < 2; i++ {
		s, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		var n int
		if err := s.w.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n < 1 {
			t.Errorf("open #%d: schema_migrations has %d rows, %v", i+1, n, err)
		}
		s.Close()
	}
}

// A database that applied a later migration before an earlier one (two branches of development) still gets
// the earlier one at the next open.
func TestMigrationGapApplied(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var last int
	if err := s.w.QueryRow(`SELECT max(version) FROM schema_migrations`).Scan(&last); err != nil || last < 2 {
		t.Fatalf("max version %d, %v", last, err)
	}
	// Undo migration 6 (indexes only) as if it had never run.
	for _, q := range []string{`DROP INDEX documents_facets`, `DROP INDEX documents_id_published`, `DROP INDEX mentions_entity_names`, `DROP INDEX quote_about_quote`, `DELETE FROM schema_migrations WHERE version = 6`} {
		if _, err := s.w.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	if err := s.w.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'documents_facets'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("migration 6 not applied again: index count %d, %v", n, err)
	}
}

// rerunBackfill is storetest.RerunBackfill on s.
func rerunBackfill(t *testing.T, s *Store, file, marker string, tables ...string) {
	t.Helper()
	storetest.RerunBackfill(t, migrations, file, marker, func(q string) error { _, err := s.w.Exec(q); return err }, tables...)
}
