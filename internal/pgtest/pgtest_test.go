package pgtest

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { Main(m) }

func TestStartGivesFreshDatabases(t *testing.T) {
	ctx := context.Background()
	a, b := Start(t), Start(t)
	if a == b {
		t.Fatalf("Start twice gave the same DSN %s", a)
	}
	ca, err := pgx.Connect(ctx, a)
	if err != nil {
		t.Fatalf("connect %s: %v", a, err)
	}
	defer ca.Close(ctx)
	if _, err := ca.Exec(ctx, `CREATE TABLE only_in_a (x int)`); err != nil {
		t.Fatal(err)
	}
	cb, err := pgx.Connect(ctx, b)
	if err != nil {
		t.Fatalf("connect %s: %v", b, err)
	}
	defer cb.Close(ctx)
	var n int
	if err := cb.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("database b sees a's table: count %d, %v", n, err)
	}
	var fsync string
	if err := cb.QueryRow(ctx, `SHOW fsync`).Scan(&fsync); err != nil || fsync != "off" {
		t.Errorf("fsync = %q, %v; want off for speed", fsync, err)
	}
}

func TestFindBin(t *testing.T) {
	dir, err := FindBin()
	if err != nil {
		t.Skip(err)
	}
	for _, name := range []string{"initdb", "postgres"} {
		if !isExec(dir + "/" + name) {
			t.Errorf("FindBin() = %s, which has no %s", dir, name)
		}
	}
}

// A server started on its own (as Start does without Main) is stopped and its directory removed.
func TestServerStopCleansUp(t *testing.T) {
	bin, err := FindBin()
	if err != nil {
		t.Skip(err)
	}
	s, err := start(bin)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.admin(ctx, `SELECT 1`); err != nil {
		t.Errorf("server not usable: %v", err)
	}
	s.stop()
	if _, err := os.Stat(s.dir); !os.IsNotExist(err) {
		t.Errorf("directory %s still there after stop: %v", s.dir, err)
	}
	if err := s.admin(ctx, `SELECT 1`); err == nil {
		t.Errorf("server still answers after stop")
	}
	select {
	case <-s.done:
	default:
		t.Errorf("postgres process still running after stop")
	}
}

func TestServerStopStart(t *testing.T) {
	ctx := context.Background()
	s := NewServer(t)
	dsn := s.Database(t)
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec(ctx, `CREATE TABLE kept (x int); INSERT INTO kept VALUES (7)`); err != nil {
		t.Fatal(err)
	}
	s.Stop()
	if _, err := c.Exec(ctx, `SELECT 1`); err == nil {
		t.Errorf("a session survived Stop; want it ended as by pg_ctl stop -m fast")
	}
	c.Close(ctx)
	if c, err := pgx.Connect(ctx, dsn); err == nil {
		c.Close(ctx)
		t.Fatalf("connect to a stopped server succeeded")
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	c, err = pgx.Connect(ctx, dsn) // the same DSN: same port, same data
	if err != nil {
		t.Fatalf("connect after Start: %v", err)
	}
	defer c.Close(ctx)
	var x int
	if err := c.QueryRow(ctx, `SELECT x FROM kept`).Scan(&x); err != nil || x != 7 {
		t.Errorf("after restart: SELECT x = %d, %v; want 7", x, err)
	}
}
