package cli

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"newsgraph/internal/pgtest"
)

// TestServerMode drives server mode through the command line: ingest stores and queues, a worker processes and
// clusters until idle, and the other commands read the result.
func TestServerMode(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL")
	}
	dsn := pgtest.Start(t)
	dir := t.TempDir()
	for i := range 40 {
		write(t, dir, fmt.Sprintf("a%02d.txt", i), fmt.Sprintf("Harbour report %d\n\nThe ferry to the island of district %d resumed service on Monday after the storm, the port authority said.\n", i, i))
	}
	write(t, dir, "a00-copy.txt", "Harbour report 0\n\nThe ferry to the island of district 0 resumed service on Monday after the storm, the port authority said.\n")

	_, errOut, code := run(t, "", "ingest", "--db", dsn, dir)
	if code != 0 || !strings.Contains(errOut, "41 queued for workers") || !strings.Contains(errOut, "in 2 jobs") {
		t.Fatalf("ingest --db postgres: exit %d, stderr:\n%s\nwant 41 items queued in 2 jobs", code, errOut)
	}
	out, _, _ := run(t, "", "stats", "--db", dsn, "--json")
	if !regexp.MustCompile(`"pending":\s*41`).MatchString(out) {
		t.Errorf("stats after ingest (nothing processed yet): %s; want 41 pending", out)
	}
	_, errOut, code = run(t, "", "worker", "--db", dsn, "--workers", "2", "--until-idle", "--quiet")
	if code != 0 || !strings.Contains(errOut, "41 items in 2 jobs") || !strings.Contains(errOut, "40 new documents, 1 duplicates") || !strings.Contains(errOut, "40 clustered") {
		t.Fatalf("worker --until-idle: exit %d, stderr:\n%s", code, errOut)
	}
	out, _, _ = run(t, "", "stats", "--db", dsn, "--json")
	if !regexp.MustCompile(`"documents":\s*40`).MatchString(out) || strings.Contains(out, `"pending"`) && !regexp.MustCompile(`"pending":\s*0`).MatchString(out) {
		t.Errorf("stats after the worker: %s; want 40 documents, none pending", out)
	}
	if out, _, code := run(t, "", "search", "--db", dsn, "ferry"); code != 0 || !strings.Contains(out, "Harbour report") {
		t.Errorf("search after the worker: exit %d, %s", code, out)
	}
	// Again: nothing new to queue; --process works in this process (nothing left).
	_, errOut, code = run(t, "", "ingest", "--db", dsn, "--process", dir)
	if code != 0 || !strings.Contains(errOut, "41 duplicates") {
		t.Errorf("ingest again: exit %d, stderr:\n%s", code, errOut)
	}
	if _, errOut, code := run(t, "", "worker", "--db", filepath.Join(dir, "x.db")); code != 2 || !strings.Contains(errOut, "postgres://") {
		t.Errorf("worker on a SQLite file: exit %d, %s; want a usage error naming postgres://", code, errOut)
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://news:secret@db:5432/news?sslmode=disable", "postgres://news:***@db:5432/news?sslmode=disable"},
		{"postgres://news@db/news", "postgres://news@db/news"},
		{"postgresql://db/news", "postgresql://db/news"},
		{"postgres://u:p@ss@db/news", "postgres://u:***@db/news"},
		{"host=db user=news", "host=db user=news"},
	}
	for _, tt := range tests {
		if got := redact(tt.in); got != tt.want {
			t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
