package worker

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"newsgraph"
	"newsgraph/cluster"
	"newsgraph/extract"
	"newsgraph/ingest"
	"newsgraph/internal/pgtest"
	"newsgraph/internal/shared"
	"newsgraph/source"
	"newsgraph/store/postgres"
	"newsgraph/store/sqlite"
)

// BenchmarkServer measures ingest + processing (extraction, annotation, storage, clustering) of the trafilatura
// benchmark pages (990 HTML files; NEWSGRAPH_BENCH_FILES=N takes the first N) on this machine:
//
//   - embedded: `newsgraph ingest --db x.db` (SQLite, one worker per core, clustering in the writer);
//   - procs=K: server mode against one PostgreSQL (pgtest's, fsync off): the items are stored and queued as
//     `newsgraph ingest --db postgres://...` does, then K worker processes (this test binary as
//     `newsgraph worker --workers 1 --until-idle`) process and cluster them;
//   - river: server mode in this process (one job per core at once, the pipeline loaded already);
//   - direct: the same work (read the items, process, commit in batches of JobBatch, cluster) in this process
//     with one goroutine per core and no queue: river's cost is the difference to river.
//
// It reports documents per second (items stored, processed, committed and clustered per second of wall time,
// ingest included), per core of the machine used, the ratio to embedded mode, and the queue's share: time
// between river's fetch and the start of a job, completing it, and inserting it, against the jobs' work.
//
//	go test ./worker -run '^$' -bench Server -benchtime 1x -timeout 30m
func BenchmarkServer(b *testing.B) {
	src := shared.Need(b, "data", "extraction", "trafilatura", "html")
	files, _ := filepath.Glob(filepath.Join(src, "*.html.gz"))
	if n, _ := strconv.Atoi(os.Getenv("NEWSGRAPH_BENCH_FILES")); n > 0 && n < len(files) {
		files = files[:n]
	}
	dir := b.TempDir()
	for _, f := range files {
		body, err := shared.ReadGz(f)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, strings.TrimSuffix(filepath.Base(f), ".gz")), body, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	defer debug.SetGCPercent(debug.SetGCPercent(200))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(1 << 30))
	cores := float64(runtime.GOMAXPROCS(0))
	pipeline(b)
	srv := pgtest.NewServer(b)

	var embeddedRate, embeddedCPU float64
	b.Run("embedded", func(b *testing.B) {
		for range b.N {
			st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "x.db"))
			if err != nil {
				b.Fatal(err)
			}
			start, cpu0 := time.Now(), selfCPU()
			n := runEmbedded(b, st, dir)
			el, cpu := time.Since(start), selfCPU()-cpu0
			st.Close()
			embeddedRate, embeddedCPU = float64(n)/el.Seconds(), float64(n)/cpu.Seconds()
			b.ReportMetric(embeddedRate, "docs/s")
			b.ReportMetric(embeddedRate/cores, "docs/s/core")
			b.ReportMetric(embeddedCPU, "docs/cpu-s")
		}
	})
	for _, k := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("procs=%d", k), func(b *testing.B) {
			for range b.N {
				st := openBench(b, srv.Database(b))
				start, cpu0, pg0 := time.Now(), selfCPU(), treeCPU(srv.PID())
				q := enqueueBench(b, st, dir)
				queued, ingestCPU := time.Since(start), selfCPU()-cpu0
				stats, workersCPU := runProcs(b, srv, st, k)
				el, pgCPU := time.Since(start), treeCPU(srv.PID())-pg0
				var s Stats
				for _, x := range stats {
					s = add(s, x)
				}
				rate := float64(s.Items) / el.Seconds()
				used := min(float64(k), cores)
				queue := s.Wait + s.Complete + q.Insert
				work := s.Load + s.Process + s.Store
				b.ReportMetric(rate, "docs/s")
				b.ReportMetric(rate/used, "docs/s/core")
				cpu := ingestCPU + workersCPU + pgCPU
				b.ReportMetric(float64(s.Items)/cpu.Seconds(), "docs/cpu-s")
				if embeddedRate > 0 {
					b.ReportMetric(rate/embeddedRate, "x_embedded")
					b.ReportMetric(float64(s.Items)/cpu.Seconds()/embeddedCPU, "x_embedded_cpu")
				}
				b.ReportMetric(100*float64(queue)/float64(work), "%queue")
				b.ReportMetric(ms(queue, s.Items), "ms_queue/doc")
				b.ReportMetric(ms(s.Process, s.Items), "ms_process/doc")
				b.ReportMetric(ms(s.Store, s.Items), "ms_store/doc")
				b.Logf("CPU: ingest %.1fs, workers %.1fs, PostgreSQL %.1fs", ingestCPU.Seconds(), workersCPU.Seconds(), pgCPU.Seconds())
				b.Logf("%d items in %d jobs, %d clustered; ingest (store + queue) %.1fs, all %.1fs; per doc: wait %.2f ms, complete %.2f ms, insert %.2f ms, load %.2f ms, process %.1f ms, store %.1f ms",
					s.Items, s.Jobs, s.Clustered, queued.Seconds(), el.Seconds(), ms(s.Wait, s.Items), ms(s.Complete, s.Items), ms(q.Insert, s.Items),
					ms(s.Load, s.Items), ms(s.Process, s.Items), ms(s.Store, s.Items))
				st.Close()
			}
		})
	}
	b.Run("river", func(b *testing.B) {
		for range b.N {
			st := openBench(b, srv.Database(b))
			start, cpu0, pg0 := time.Now(), selfCPU(), treeCPU(srv.PID())
			q := enqueueBench(b, st, dir)
			s, err := Run(context.Background(), st, Options{Annotate: pipeline(b), UntilIdle: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err != nil {
				b.Fatal(err)
			}
			self, pg := selfCPU()-cpu0, treeCPU(srv.PID())-pg0
			el, cpu := time.Since(start), self+pg
			b.Logf("CPU: this process %.1fs, PostgreSQL %.1fs", self.Seconds(), pg.Seconds())
			b.ReportMetric(float64(s.Items)/el.Seconds(), "docs/s")
			b.ReportMetric(float64(s.Items)/el.Seconds()/cores, "docs/s/core")
			b.ReportMetric(float64(s.Items)/cpu.Seconds(), "docs/cpu-s")
			b.ReportMetric(100*float64(s.Wait+s.Complete+q.Insert)/float64(s.Load+s.Process+s.Store), "%queue")
			st.Close()
		}
	})
	b.Run("direct", func(b *testing.B) {
		for range b.N {
			st := openBench(b, srv.Database(b))
			start, cpu0, pg0 := time.Now(), selfCPU(), treeCPU(srv.PID())
			enqueueBench(b, st, dir)
			n := runDirect(b, st, runtime.GOMAXPROCS(0))
			self, pg := selfCPU()-cpu0, treeCPU(srv.PID())-pg0
			el, cpu := time.Since(start), self+pg
			b.Logf("CPU: this process %.1fs, PostgreSQL %.1fs", self.Seconds(), pg.Seconds())
			b.ReportMetric(float64(n)/el.Seconds(), "docs/s")
			b.ReportMetric(float64(n)/el.Seconds()/cores, "docs/s/core")
			b.ReportMetric(float64(n)/cpu.Seconds(), "docs/cpu-s")
			st.Close()
		}
	})
}

func ms(d time.Duration, n int) float64 { return float64(d.Microseconds()) / 1000 / float64(max(n, 1)) }

func add(a, b Stats) Stats {
	a.Jobs, a.Items, a.New, a.Duplicates, a.Failed, a.Skipped, a.Clustered = a.Jobs+b.Jobs, a.Items+b.Items, a.New+b.New, a.Duplicates+b.Duplicates, a.Failed+b.Failed, a.Skipped+b.Skipped, a.Clustered+b.Clustered
	a.Wait, a.Load, a.Process, a.Store, a.Complete = a.Wait+b.Wait, a.Load+b.Load, a.Process+b.Process, a.Store+b.Store, a.Complete+b.Complete
	return a
}

func openBench(b *testing.B, dsn string) *postgres.Store {
	st, err := postgres.OpenOptions(context.Background(), dsn, postgres.Options{MaxConns: 8})
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// runEmbedded ingests dir into st as `newsgraph ingest` does and returns the items processed.
func runEmbedded(b *testing.B, st *sqlite.Store, dir string) int {
	ctx := context.Background()
	c, err := ingest.NewClusterer(ctx, st, cluster.Options{})
	if err != nil {
		b.Fatal(err)
	}
	inputs, err := source.Plan([]string{dir})
	if err != nil {
		b.Fatal(err)
	}
	sum, err := ingest.Run(ctx, st, extract.New(extract.Options{}), inputs, nil, ingest.Options{Annotate: pipeline(b),
		Cluster: func(ctx context.Context, docs []*newsgraph.Document) error { _, err := c.Add(ctx, docs); return err }})
	if err != nil {
		b.Fatal(err)
	}
	if err := c.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	return sum.New + sum.Duplicates + sum.Failed
}

// enqueueBench stores and queues dir's items as `newsgraph ingest --db postgres://...` does.
func enqueueBench(b *testing.B, st *postgres.Store, dir string) QueueStats {
	ctx := context.Background()
	q, err := NewQueue(ctx, st)
	if err != nil {
		b.Fatal(err)
	}
	inputs, err := source.Plan([]string{dir})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := ingest.Run(ctx, st, nil, inputs, nil, ingest.Options{Queue: q.Add}); err != nil {
		b.Fatal(err)
	}
	return q.Stats()
}

// runProcs runs k worker processes of one job at a time each until the queue is empty and returns their Stats
// and the CPU time they used.
func runProcs(b *testing.B, srv *pgtest.Server, st *postgres.Store, k int) ([]Stats, time.Duration) {
	dsn := st.Pool().Config().ConnString()
	dir := b.TempDir()
	var wg sync.WaitGroup
	stats := make([]Stats, k)
	errs := make([]error, k)
	cpu := make([]time.Duration, k)
	for i := range k {
		path := filepath.Join(dir, fmt.Sprintf("stats%d.json", i))
		cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$")
		cmd.Env = append(os.Environ(), "NEWSGRAPH_WORKER_CHILD="+dsn, "NEWSGRAPH_WORKER_BENCH=1", "NEWSGRAPH_WORKER_STATS="+path)
		cmd.Stderr = os.Stderr
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if errs[i] = cmd.Wait(); errs[i] != nil {
				return
			}
			cpu[i] = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			body, err := os.ReadFile(path)
			if err == nil {
				err = json.Unmarshal(body, &stats[i])
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	var total time.Duration
	for i, err := range errs {
		if err != nil {
			b.Fatalf("worker process %d: %v", i, err)
		}
		total += cpu[i]
	}
	return stats, total
}

// selfCPU is the CPU time this process used so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// treeCPU is the CPU time used so far by the process pid, its children that are running and those it reaped
// (PostgreSQL's postmaster and its backends), from /proc; 0 where /proc is missing.
func treeCPU(pid int) time.Duration {
	const tick = 10 * time.Millisecond // USER_HZ is 100 on Linux
	stat := func(path string) []string {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		s := string(b)
		i := strings.LastIndexByte(s, ')') // the command name may hold spaces
		if i < 0 {
			return nil
		}
		return strings.Fields(s[i+1:]) // [0] state, [1] ppid, ... [11] utime, [12] stime, [13] cutime, [14] cstime
	}
	field := func(f []string, i int) time.Duration {
		n, _ := strconv.ParseInt(f[i], 10, 64)
		return time.Duration(n) * tick
	}
	var total time.Duration
	if f := stat(fmt.Sprintf("/proc/%d/stat", pid)); len(f) > 14 {
		total += field(f, 11) + field(f, 12) + field(f, 13) + field(f, 14)
	}
	procs, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range procs {
		if f := stat(p); len(f) > 12 && f[1] == strconv.Itoa(pid) {
			total += field(f, 11) + field(f, 12)
		}
	}
	return total
}

// runDirect does the jobs' work without the queue: the pending items in batches of JobBatch, processed by n
// goroutines, each batch committed in one transaction as a job commits it; it returns the items committed.
func runDirect(b *testing.B, st *postgres.Store, n int) int {
	ctx := context.Background()
	w := &runner{st: st, opt: Options{Annotate: pipeline(b), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}.withDefaults()}
	pending, err := st.Pending(ctx, 0, 1<<30)
	if err != nil {
		b.Fatal(err)
	}
	batches := make(chan []newsgraph.Raw)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for raws := range batches {
				outs := make([]newsgraph.Outcome, len(raws))
				for i, r := range raws {
					doc, err := w.process(ctx, r.Item)
					outs[i] = newsgraph.Outcome{RawID: r.ID, Doc: doc, Err: err}
				}
				tx, err := st.Pool().Begin(ctx)
				if err != nil {
					b.Error(err)
					return
				}
				ids := make([]int64, len(raws))
				for i, r := range raws {
					ids[i] = r.ID
				}
				if _, err := postgres.LockPendingTx(ctx, tx, ids); err != nil {
					b.Error(err)
				}
				if err := postgres.CommitTx(ctx, tx, outs); err != nil {
					b.Error(err)
				}
				if err := tx.Commit(ctx); err != nil {
					b.Error(err)
				}
				mu.Lock()
				done += len(outs)
				mu.Unlock()
			}
		}()
	}
	for i := 0; i < len(pending); i += JobBatch {
		batches <- pending[i:min(i+JobBatch, len(pending))]
	}
	close(batches)
	wg.Wait()
	// Cluster as the workers do, one clusterer in reading order.
	l := &leader{st: st, log: w.opt.Logger, progress: func(int) {}}
	if err := l.finish(ctx, true); err != nil {
		b.Fatal(err)
	}
	return done
}
