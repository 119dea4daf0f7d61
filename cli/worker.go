package cli

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"newsgraph/ingest"
	"newsgraph/source"
	"newsgraph/store/postgres"
	"newsgraph/worker"
)

// worker runs `newsgraph worker`: works the queued jobs of a PostgreSQL database until stopped (SIGINT or
// SIGTERM: running jobs get 30 s to finish) or, with --until-idle, until nothing is left to do.
func (m *Main) worker(ctx context.Context, args []string) error {
	f := newFlags(m, "worker", true, false)
	workers := f.Int("workers", 0, "jobs worked at once (0: one per core)")
	clustering := f.Bool("cluster", true, "take part in clustering (one worker at a time clusters, in reading order)")
	untilIdle := f.Bool("until-idle", false, "stop once no job is left, no item is pending and every document is clustered")
	cooldown := f.Duration("fetch-cooldown", 0, "least time between two fetches of jobs (0: 50ms)")
	poll := f.Duration("fetch-poll", 0, "time between fetches when no new job is announced (0: 500ms)")
	jobTimeout := f.Duration("job-timeout", 0, "cancel a job that runs longer; it is tried again (0: 10m)")
	rescue := f.Duration("rescue-after", 0, "run again a job still running after this long, its worker taken for dead (0: job timeout + 5m)")
	pool := f.Int("pool", 0, "database connections (0: the DSN's pool_max_conns, else workers + 4)")
	quiet := f.Bool("quiet", false, "no progress line every 10 s")
	var k knowledge
	k.register(f)
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("unexpected arguments %q: %w", rest, errUsage)
	}
	if !isPostgres(f.db) {
		return fmt.Errorf("workers share a PostgreSQL database: give --db postgres://user@host/db: %w", errUsage)
	}
	p, _, err := k.pipeline(m.warn)
	if err != nil {
		return err
	}
	st, err := m.openServer(ctx, f.db, *workers, *pool)
	if err != nil {
		return err
	}
	opt := worker.Options{Workers: *workers, Annotate: p.Annotate, NoCluster: !*clustering, UntilIdle: *untilIdle,
		FetchCooldown: *cooldown, FetchPollInterval: *poll, JobTimeout: *jobTimeout, RescueAfter: *rescue}
	return m.runWorker(ctx, st, opt, *quiet)
}

// runWorker runs worker.Run with a progress line every 10 s and prints the summary.
func (m *Main) runWorker(ctx context.Context, st *postgres.Store, opt worker.Options, quiet bool) error {
	defer tuneGC()()
	var mu sync.Mutex
	var last time.Time
	if !quiet {
		opt.Progress = func(s worker.Stats) {
			mu.Lock()
			defer mu.Unlock()
			if time.Since(last) < 10*time.Second {
				return
			}
			last = time.Now()
			fmt.Fprintf(m.Stderr, "worker: %d items in %d jobs (%.1f items/s): %d new, %d duplicates, %d failed; %d clustered\n",
				s.Items, s.Jobs, s.DocsPerSecond(), s.New, s.Duplicates, s.Failed, s.Clustered)
		}
	}
	s, err := worker.Run(ctx, st, opt)
	fmt.Fprintf(m.Stderr, "worker: %d items in %d jobs in %.1fs (%.1f items/s): %d new documents, %d duplicates, %d failed, %d skipped; %d clustered\n",
		s.Items, s.Jobs, s.Elapsed.Seconds(), s.DocsPerSecond(), s.New, s.Duplicates, s.Failed, s.Skipped, s.Clustered)
	if s.Items > 0 {
		busy := s.Wait + s.Load + s.Process + s.Store + s.Complete
		fmt.Fprintf(m.Stderr, "worker: time per item: %.1f ms processing, %.1f ms storing, %.2f ms in the queue (wait %.2f, complete %.2f): %.1f%% of the work\n",
			ms(s.Process, s.Items), ms(s.Store+s.Load, s.Items), ms(s.Wait+s.Complete, s.Items), ms(s.Wait, s.Items), ms(s.Complete, s.Items),
			100*float64(s.Wait+s.Complete)/float64(max(busy, 1)))
	}
	return err
}

func ms(d time.Duration, n int) float64 { return float64(d.Microseconds()) / 1000 / float64(n) }

// openServer opens a PostgreSQL store with a pool sized for workers jobs at once (pool connections, when
// given, or the DSN's pool_max_conns win) and registers it for Close.
func (m *Main) openServer(ctx context.Context, db string, workers, pool int) (*postgres.Store, error) {
	var o postgres.Options
	switch {
	case pool > 0:
		o.MaxConns = int32(pool)
	case !strings.Contains(db, "pool_max_conns"):
		if workers <= 0 {
			workers = runtime.GOMAXPROCS(0)
		}
		o.MaxConns = int32(workers + 4) // a connection per job, river's listener and fetches, the clusterer's reads
	}
	st, err := postgres.OpenOptions(ctx, db, o)
	if err != nil {
		return nil, err
	}
	m.closers = append(m.closers, st)
	return st, nil
}

// serverIngest is what `ingest --db postgres://...` was asked for.
type serverIngest struct {
	workers        int
	maxSize        int64
	quiet, process bool
	cluster        bool
}

// ingestServer stores the inputs' raw items in PostgreSQL and queues their processing for workers, each batch
// in one transaction; with process, it then works the jobs itself until none is left.
func (m *Main) ingestServer(ctx context.Context, db string, paths []string, k *knowledge, o serverIngest) error {
	st, err := m.openServer(ctx, db, o.workers, 0)
	if err != nil {
		return err
	}
	q, err := worker.NewQueue(ctx, st)
	if err != nil {
		return err
	}
	if n, err := q.Requeue(ctx); err != nil {
		return err
	} else if n > 0 {
		fmt.Fprintf(m.Stderr, "queued %d items left pending without a job\n", n)
	}
	opts := ingest.Options{Source: source.Options{MaxSize: o.maxSize}, Queue: q.Add}
	sum, err := m.runIngest(ctx, st, paths, opts, o.quiet)
	if err != nil {
		return err
	}
	qs := q.Stats()
	fmt.Fprintf(m.Stderr, "queued %d items in %d jobs (%.2f ms per item to queue)\n", qs.Items, qs.Jobs, ms(qs.Insert, max(qs.Items, 1)))
	if !sum.OK() {
		return errQuiet
	}
	if !o.process {
		fmt.Fprintf(m.Stderr, "start workers to process them: newsgraph worker --db %s\n", redact(db))
		return nil
	}
	p, _, err := k.pipeline(m.warn)
	if err != nil {
		return err
	}
	return m.runWorker(ctx, st, worker.Options{Workers: o.workers, Annotate: p.Annotate, NoCluster: !o.cluster, UntilIdle: true}, o.quiet)
}

// redact hides the password of a connection URL.
func redact(dsn string) string {
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return dsn
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return dsn
	}
	if user, _, hasPass := strings.Cut(rest[:at], ":"); hasPass {
		return scheme + "://" + user + ":***" + rest[at:]
	}
	return dsn
}
