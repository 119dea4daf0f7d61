package worker

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"newsgraph"
	"newsgraph/internal/pgtest"
	"newsgraph/store/postgres"
)

// count returns the documents stored and the jobs running in st's database.
func count(t *testing.T, st *postgres.Store) (docs, running int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := st.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM river_job WHERE state = 'running')`).Scan(&docs, &running)
	if err != nil {
		return -1, -1
	}
	return docs, running
}

// waitFor polls cond every 20 ms until it holds or timeout passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startChild starts a worker process on dsn's queue (TestMain's child), slowed by delay per document; elsewhere
// keeps it from giving back the jobs of dead workers of this machine (Options.NoLocalRescue).
func startChild(t *testing.T, dsn string, delay time.Duration, elsewhere bool) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	// The child's connections carry an application name, so that childGone can tell when the server has
	// finished with them.
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	cmd.Env = append(os.Environ(), "NEWSGRAPH_WORKER_CHILD="+dsn+sep+"application_name="+childApp, "NEWSGRAPH_WORKER_DELAY="+delay.String())
	if elsewhere {
		cmd.Env = append(cmd.Env, "NEWSGRAPH_WORKER_NO_LOCAL_RESCUE=1")
	}
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

const childApp = "newsgraph-test-child"

// childGone waits until the server has no session of a killed child left: a statement the child sent just
// before it died (a job fetch, a commit) is still carried out by its server process, which only then notices
// the closed connection, so counts read before that may change.
func childGone(t *testing.T, st *postgres.Store) {
	t.Helper()
	waitFor(t, 30*time.Second, "the killed worker's sessions to end", func() bool {
		var n int
		err := st.Pool().QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity WHERE application_name = $1`, childApp).Scan(&n)
		return err == nil && n == 0
	})
}

// TestKillWorker kills a worker process with SIGKILL while it is in the middle of jobs, starts it again, and
// checks that every article is processed exactly once and clustered as an embedded run clusters it. The new
// process sees that the worker that held the running jobs was a process of its machine that is gone and gives
// them back at once; their items, still pending, are processed again; the clusterer the killed worker may have
// been is replaced by one that loads the saved state and replays the assignments made since.
func TestKillWorker(t *testing.T) {
	killAndRestart(t, false)
}

// TestKillWorkerElsewhere is TestKillWorker with the restarted worker as if on another machine: it cannot tell
// that the killed one is gone, and river's rescuer gives the jobs back once they have run longer than
// RescueAfter (9 s here) and its leadership, held by the killed worker, has expired (about 15 s).
func TestKillWorkerElsewhere(t *testing.T) {
	killAndRestart(t, true)
}

func killAndRestart(t *testing.T, elsewhere bool) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	t.Parallel() // mostly waiting: for the kill, for river's rescue
	dir, c, want := reference(t)
	dsn := pgtest.Start(t)
	st := openPG(t, dsn)
	enqueue(t, st, dir, 16) // jobs of 16 items

	const delay = 30 * time.Millisecond // per document: a job takes about half a second
	first := startChild(t, dsn, delay, false)
	waitFor(t, 60*time.Second, "the first worker to commit a job", func() bool { d, _ := count(t, st); return d > 0 })
	var sessions int
	if err := st.Pool().QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity WHERE application_name = $1`, childApp).Scan(&sessions); err != nil || sessions == 0 {
		t.Fatalf("the worker has %d sessions named %s (%v): childGone would wait for nothing", sessions, childApp, err)
	}
	first.Process.Kill()
	first.Wait()
	childGone(t, st)
	docs, running := count(t, st)
	t.Logf("killed the worker with %d documents stored and %d jobs running", docs, running)
	if running == 0 {
		t.Fatalf("no job was running when the worker was killed (%d documents stored): the kill did not land mid-job", docs)
	}
	if docs >= c.distinct {
		t.Fatalf("the worker had finished (%d documents) before it was killed", docs)
	}

	start := time.Now()
	second := startChild(t, dsn, 0, elsewhere)
	exited := make(chan error, 1)
	go func() { exited <- second.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("restarted worker: %v", err)
		}
	case <-time.After(90 * time.Second):
		second.Process.Kill()
		t.Fatal("the restarted worker did not finish within 90 s")
	}
	t.Logf("the restarted worker finished in %.1fs", time.Since(start).Seconds())
	var rescued int
	if err := st.Pool().QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE metadata ? 'river:rescue_count'`).Scan(&rescued); err != nil || rescued != running {
		t.Errorf("%d jobs rescued (%v), want the %d the killed worker was running", rescued, err, running)
	}
	checkOnce(t, summarize(t, st), want, c)
}

// TestPostgresRestart stops PostgreSQL (as pg_ctl stop -m fast does) for three seconds while a worker is in
// the middle of jobs, starts it again on the same data and port, and checks that the worker reconnects, goes on
// and stores every article exactly once, clustered as an embedded run clusters it.
func TestPostgresRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("restarts a PostgreSQL server")
	}
	t.Parallel()
	dir, c, want := reference(t)
	srv := pgtest.NewServer(t)
	dsn := srv.Database(t)
	st := openPG(t, dsn)
	enqueue(t, st, dir, 16)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type ran struct {
		stats Stats
		err   error
	}
	done := make(chan ran, 1)
	go func() {
		s, err := Run(ctx, st, faultOptions(pipeline(t), 20*time.Millisecond))
		done <- ran{s, err}
	}()
	waitFor(t, 60*time.Second, "the worker to commit a job", func() bool { d, _ := count(t, st); return d > 0 })
	docs, running := count(t, st)
	srv.Stop()
	t.Logf("stopped PostgreSQL with %d documents stored and %d jobs running", docs, running)
	time.Sleep(3 * time.Second)
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatalf("Run after the restart: %v", r.err)
		}
		t.Logf("the worker finished %.1fs after the restart: %d jobs, %d items, %d skipped", time.Since(start).Seconds(), r.stats.Jobs, r.stats.Items, r.stats.Skipped)
	case <-time.After(90 * time.Second):
		cancel()
		t.Fatal("the worker did not finish within 90 s of the restart")
	}
	if running == 0 {
		t.Errorf("no job was running when PostgreSQL stopped: the fault did not land mid-job")
	}
	// A job running at the stop had not committed (its completion is in its transaction): it failed and ran again.
	var retried int
	if err := st.Pool().QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE cardinality(errors) > 0 OR metadata ? 'river:rescue_count'`).Scan(&retried); err != nil || retried == 0 {
		t.Errorf("%d jobs failed or were rescued (%v); want the ones the stop interrupted", retried, err)
	}
	checkOnce(t, summarize(t, st), want, c)
}

// TestRescueDeadLocal checks which running jobs a worker gives back: those whose worker was a process of its
// machine that is gone, not its own, not a live process's, not another machine's.
func TestRescueDeadLocal(t *testing.T) {
	me := thisProcess()
	if me.pidns == "" {
		t.Skip("no /proc/self/ns/pid: local rescue is off on this system")
	}
	ctx := context.Background()
	st := openPG(t, pgtest.Start(t))
	q, err := NewQueue(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	live := exec.Command("sleep", "30")
	if err := live.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { live.Process.Kill(); live.Wait() }()
	now := time.Now()
	by := map[string]string{
		"dead":      self{host: me.host, pidns: me.pidns, pid: gone.Process.Pid}.clientID(now),
		"me":        me.clientID(now),
		"live":      self{host: me.host, pidns: me.pidns, pid: live.Process.Pid}.clientID(now),
		"elsewhere": self{host: "elsewhere", pidns: me.pidns, pid: gone.Process.Pid}.clientID(now),
		"river":     "some-host_2025_01_01T00_00_00_000000",
	}
	names := []string{"dead", "me", "live", "elsewhere", "river"}
	tx, err := st.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range names { // one job each (the raw items need not exist: the jobs are not worked)
		if err := q.insertTx(ctx, tx, []int64{int64(i + 1)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := st.Pool().Query(ctx, `SELECT id FROM river_job ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(ids) != len(names) {
		t.Fatalf("%d jobs queued (%v), want %d", len(ids), err, len(names))
	}
	for i, n := range names {
		if _, err := st.Pool().Exec(ctx, `UPDATE river_job SET state = 'running', attempt = 1, attempted_at = now(), attempted_by = ARRAY[$2::text] WHERE id = $1`, ids[i], by[n]); err != nil {
			t.Fatal(err)
		}
	}
	n, err := rescueDead(ctx, st.Pool(), me)
	if err != nil || n != 1 {
		t.Errorf("rescueDead = %d, %v; want 1 (the dead local worker's job)", n, err)
	}
	for i, name := range names {
		var state string
		st.Pool().QueryRow(ctx, `SELECT state::text FROM river_job WHERE id = $1`, ids[i]).Scan(&state)
		want := map[bool]string{true: "available", false: "running"}[name == "dead"]
		if state != want {
			t.Errorf("job run by %s (%s): state %s, want %s", name, by[name], state, want)
		}
	}
}

// TestClustererFenced checks that a clusterer whose connection is gone cannot write, while another holds the
// lock: its writes go through that connection.
func TestClustererFenced(t *testing.T) {
	ctx := context.Background()
	st := openPG(t, pgtest.Start(t))
	var items []newsgraph.Item
	var outs []newsgraph.Outcome
	for i := range 6 {
		text := fmt.Sprintf("Delegates of district %d met in the harbour town on Friday to discuss the new ferry line number %d.", i, i*11)
		items = append(items, newsgraph.Item{Origin: newsgraph.Origin{Path: fmt.Sprintf("f%d.txt", i)}, Format: newsgraph.FormatText, Raw: []byte(text)})
		outs = append(outs, newsgraph.Outcome{Doc: &newsgraph.Document{ID: newsgraph.DocumentID(text), Text: text, Language: "en", Paragraphs: []newsgraph.Span{{Start: 0, End: len(text)}}}})
	}
	ids, _, err := st.AddRaw(ctx, items)
	if err != nil {
		t.Fatal(err)
	}
	for i := range outs {
		outs[i].RawID = ids[i]
	}
	if err := st.Commit(ctx, outs[:3]); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := &leader{st: st, log: log, progress: func(int) {}}
	b := &leader{st: st, log: log, progress: func(int) {}}
	defer a.resign(ctx)
	defer b.resign(ctx)
	if n, err := a.pass(ctx); err != nil || n != 3 || !a.leading {
		t.Fatalf("a.pass = %d, %v (leading %v); want a to take the lock and cluster 3 documents", n, err, a.leading)
	}
	if n, err := b.pass(ctx); err != nil || n != 0 || b.leading {
		t.Fatalf("b.pass = %d, %v (leading %v); want nothing while a holds the lock", n, err, b.leading)
	}
	// a's connection dies (a network fault, the server ends the session): its lock is free.
	conn := a.conn
	if _, err := st.Pool().Exec(ctx, `SELECT pg_terminate_backend($1)`, conn.PgConn().PID()); err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(ctx, outs[3:]); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "b to take the lock", func() bool { b.pass(ctx); return b.leading })
	if err := (fenced{Store: st, conn: conn}).SaveClusters(ctx, nil, []newsgraph.ClusterAssignment{{Doc: outs[4].Doc.ID, Cluster: "stale", Relation: newsgraph.RelationReport}}, nil, nil); err == nil {
		t.Errorf("a clusterer that lost its connection saved an assignment")
	}
	if _, err := a.pass(ctx); err == nil {
		t.Errorf("a.pass on a dead connection succeeded")
	}
	if un, err := st.Unclustered(ctx, 10); err != nil || len(un) != 0 {
		t.Errorf("Unclustered = %v, %v; want every document clustered once, by a then b", un, err)
	}
	var stale int
	st.Pool().QueryRow(ctx, `SELECT count(*) FROM cluster_docs WHERE cluster_id = 'stale'`).Scan(&stale)
	if stale != 0 {
		t.Errorf("%d assignments written by the clusterer that lost its lock", stale)
	}
}

func TestDeadLocalIDs(t *testing.T) {
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	dead := gone.Process.Pid
	me := self{host: "h.example", pidns: "4026531836", pid: os.Getpid()}
	tests := []struct {
		id   string
		want bool
	}{
		{fmt.Sprintf("newsgraph/h.example/4026531836/%d/1", dead), true},
		{me.clientID(time.Now()), false},                                  // this process
		{fmt.Sprintf("newsgraph/other/4026531836/%d/1", dead), false},     // another machine
		{fmt.Sprintf("newsgraph/h.example/4026531837/%d/1", dead), false}, // another PID namespace
		{fmt.Sprintf("river_%d", dead), false},
		{"", false},
		{"newsgraph/", false},
		{"newsgraph/h.example/4026531836", false},
		{"newsgraph/h.example/4026531836/x/1", false},
		{"newsgraph/h.example/4026531836/-3/1", false},
		{"newsgraph/h.example/4026531836/0/1", false},
	}
	for _, tt := range tests {
		if got := me.deadLocal(tt.id); got != tt.want {
			t.Errorf("deadLocal(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
	if (self{host: "h.example", pid: 1}).deadLocal(tests[0].id) {
		t.Errorf("deadLocal without a PID namespace to compare reported a dead worker")
	}
}
