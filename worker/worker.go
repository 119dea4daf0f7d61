package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"newsgraph"
	"newsgraph/cluster"
	"newsgraph/extract"
	"newsgraph/ingest"
	"newsgraph/store/postgres"
)

// Options tune a worker process. The zero value is the default documented per field.
type Options struct {
	// Workers is the number of jobs this process works at once (river's MaxWorkers); 0 means
	// runtime.GOMAXPROCS(0). Each job processes its items one after the other, so this is the number of cores
	// the process uses for extraction and annotation.
	Workers int
	// Extractor extracts raw items; nil means extract.New(extract.Options{}).
	Extractor *extract.Extractor
	// Annotate annotates each new document before it is stored, as ingest.Options.Annotate; nil stores documents
	// unannotated. It is called from every worker at once.
	Annotate func(ctx context.Context, doc *newsgraph.Document) error

	// FetchCooldown is the least time between two fetches of jobs; 0 means 50 ms (river's default is 100 ms).
	// New jobs are announced by LISTEN/NOTIFY, so this bounds how fast a worker with free slots picks them up.
	FetchCooldown time.Duration
	// FetchPollInterval is how often jobs are fetched without an announcement; 0 means 500 ms (river: 1 s).
	FetchPollInterval time.Duration
	// JobTimeout cancels a job that runs longer (its items stay pending, the job is retried); 0 means 10 min.
	JobTimeout time.Duration
	// RescueAfter is how long a job may stay running before river's leader takes it for stuck (its worker died)
	// and runs it again; 0 means JobTimeout + 5 min. A job rescued while it still runs is harmless: its second
	// run commits nothing the first committed.
	RescueAfter time.Duration
	// StopTimeout is how long a stop waits for running jobs to finish before cancelling them; 0 means 30 s.
	StopTimeout time.Duration
	// NoLocalRescue leaves the jobs of dead workers to river's rescuer (RescueAfter). By default a worker gives
	// back at once, at its start and every 5 s, the jobs that a dead worker process of its own machine (same
	// host name and PID namespace) was running: a worker killed and started again goes on where it stopped.
	NoLocalRescue bool

	// NoCluster keeps this process from clustering. By default every worker competes for the clusterer's
	// advisory lock and one at a time clusters.
	NoCluster bool
	// Cluster configures a new clustering index; ignored once a state is saved (ingest.LoadClusterer).
	Cluster cluster.Options
	// ClusterPoll is how often the clusterer looks for documents to cluster, and how often the others try to
	// take its lock; 0 means 500 ms.
	ClusterPoll time.Duration

	// UntilIdle stops Run once no job of newsgraph's queue is left to run, no raw item is pending and, when this
	// process clusters, every document is clustered. Without it Run works until ctx is cancelled.
	UntilIdle bool
	// Logger receives river's and the clusterer's warnings; nil means warnings and errors on standard error.
	Logger *slog.Logger
	// Progress, when set, is called with the counters after each job and each clustering pass, from one
	// goroutine at a time.
	Progress func(Stats)
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Extractor == nil {
		o.Extractor = extract.New(extract.Options{})
	}
	if o.FetchCooldown <= 0 {
		o.FetchCooldown = 50 * time.Millisecond
	}
	if o.FetchPollInterval <= 0 {
		o.FetchPollInterval = 500 * time.Millisecond
	}
	if o.JobTimeout <= 0 {
		o.JobTimeout = 10 * time.Minute
	}
	if o.RescueAfter <= o.JobTimeout {
		o.RescueAfter = o.JobTimeout + 5*time.Minute
	}
	if o.StopTimeout <= 0 {
		o.StopTimeout = 30 * time.Second
	}
	if o.ClusterPoll <= 0 {
		o.ClusterPoll = 500 * time.Millisecond
	}
	if o.Logger == nil {
		o.Logger = stderrLogger()
	}
	return o
}

// Stats counts a worker process's work.
type Stats struct {
	Jobs       int // jobs completed
	Items      int // raw items committed by those jobs
	New        int // new documents
	Duplicates int // items whose document was already stored
	Failed     int // items that could not be processed (stored as failed with the reason)
	Skipped    int // items of a job that were not pending any more (processed by an earlier run of the job)
	Clustered  int // documents this process clustered
	// Time summed over jobs: waiting between river's fetch and the start of work (Wait), reading the raw items
	// (Load), extraction and annotation (Process), storing the outcomes (Store: lock, CommitTx and the
	// transaction's commit) and completing the job in that transaction (Complete: JobCompleteTx).
	Wait, Load, Process, Store, Complete time.Duration
	Elapsed                              time.Duration
}

// DocsPerSecond is the rate of items committed over the run.
func (s Stats) DocsPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Items) / s.Elapsed.Seconds()
}

// runner is one Run: the worker process's state.
type runner struct {
	st    *postgres.Store
	opt   Options
	queue *Queue
	start time.Time
	me    self

	mu    sync.Mutex // guards stats and the Progress callback
	stats Stats
}

// Run works jobs in st's database until ctx is cancelled (or, with UntilIdle, until nothing is left to do),
// then stops gracefully: running jobs get StopTimeout to finish, the clusterer saves its state and gives up its
// lock. It first applies river's migrations and queues the pending raw items that have no job (Queue.Requeue).
// It returns the counters and an error when the worker could not start or stopped on an error it cannot
// outlive; a database outage is not one (river and the clusterer retry until it is back).
func Run(ctx context.Context, st *postgres.Store, opt Options) (Stats, error) {
	w := &runner{st: st, opt: opt.withDefaults(), start: time.Now(), me: thisProcess()}
	opt = w.opt
	q, err := NewQueue(ctx, st)
	if err != nil {
		return Stats{}, err
	}
	w.queue = q
	if _, err := q.Requeue(ctx); err != nil {
		return Stats{}, err
	}
	if !opt.NoLocalRescue {
		if _, err := rescueDead(ctx, st.Pool(), w.me); err != nil {
			return Stats{}, err
		}
	}
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &processWorker{w: w}); err != nil {
		return Stats{}, fmt.Errorf("worker: %w", err)
	}
	client, err := river.NewClient(riverpgxv5.New(st.Pool()), &river.Config{
		Queues:               map[string]river.QueueConfig{QueueName: {MaxWorkers: opt.Workers}},
		Workers:              workers,
		FetchCooldown:        opt.FetchCooldown,
		FetchPollInterval:    opt.FetchPollInterval,
		JobTimeout:           opt.JobTimeout,
		RescueStuckJobsAfter: opt.RescueAfter,
		SoftStopTimeout:      opt.StopTimeout,
		Logger:               opt.Logger,
		ID:                   w.me.clientID(w.start),
	})
	if err != nil {
		return Stats{}, fmt.Errorf("worker: %w", err)
	}

	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	if err := client.Start(runCtx); err != nil {
		return w.snapshot(), fmt.Errorf("worker: start: %w", err)
	}
	var l *leader
	clusterDone := make(chan error, 1)
	if !opt.NoCluster {
		l = &leader{st: st, opt: opt.Cluster, log: opt.Logger, progress: w.clustered}
		go func() { clusterDone <- l.run(runCtx, opt.ClusterPoll) }()
	} else {
		clusterDone <- nil
	}
	go w.maintain(runCtx, stop)
	<-client.Stopped()
	stop()
	cerr := <-clusterDone
	if l != nil {
		// Save the index state and give the lock up; after an idle stop, cluster what the last jobs committed.
		if err := l.finish(context.WithoutCancel(ctx), opt.UntilIdle && ctx.Err() == nil); err != nil {
			cerr = errors.Join(cerr, err)
		}
	}
	return w.snapshot(), cerr
}

func (w *runner) snapshot() Stats {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := w.stats
	s.Elapsed = time.Since(w.start)
	return s
}

func (w *runner) update(fn func(*Stats)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	fn(&w.stats)
	if w.opt.Progress != nil {
		s := w.stats
		s.Elapsed = time.Since(w.start)
		w.opt.Progress(s)
	}
}

func (w *runner) clustered(n int) { w.update(func(s *Stats) { s.Clustered += n }) }

// maintain gives back the jobs of dead local workers every 5 s; it checks the queue every 5 s (200 ms with
// UntilIdle): pending raw items without any job to run (stored by a run without the queue, or whose job was
// discarded after its last attempt) are queued when seen twice in a row, and with UntilIdle it calls stop once
// no job is left to run and no item is pending, twice in a row.
func (w *runner) maintain(ctx context.Context, stop func()) {
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	every := 25
	if w.opt.UntilIdle {
		every = 1
	}
	idle, orphans, ticks := 0, 0, 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if ticks++; ticks%25 == 0 && !w.opt.NoLocalRescue {
			if _, err := rescueDead(ctx, w.st.Pool(), w.me); err != nil && ctx.Err() == nil {
				w.opt.Logger.Debug("newsgraph worker: rescue", "err", err)
			}
		}
		if ticks%every != 0 {
			continue
		}
		var jobs, pending int
		err := w.st.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM river_job WHERE queue = $1 AND state::text = ANY($2)),
			(SELECT count(*) FROM raw_items WHERE status = 'pending')`, QueueName, liveStates).Scan(&jobs, &pending)
		switch {
		case err != nil:
			idle, orphans = 0, 0 // the database is away: wait for it
		case jobs == 0 && pending > 0:
			idle = 0
			if orphans++; orphans >= 2 {
				orphans = 0
				if _, err := w.queue.Requeue(ctx); err != nil && ctx.Err() == nil {
					w.opt.Logger.Warn("newsgraph worker: queue pending items", "err", err)
				}
			}
		case jobs == 0:
			orphans = 0
			if idle++; w.opt.UntilIdle && idle >= 2 {
				stop()
				return
			}
		default:
			idle, orphans = 0, 0
		}
	}
}

// processWorker works process jobs.
type processWorker struct {
	river.WorkerDefaults[ProcessArgs]
	w *runner
}

// Work processes the job's raw items that are still pending and commits their outcomes together with the
// job's completion.
func (p *processWorker) Work(ctx context.Context, job *river.Job[ProcessArgs]) error {
	w := p.w
	t0 := time.Now()
	var wait time.Duration
	if job.AttemptedAt != nil {
		wait = max(0, t0.Sub(*job.AttemptedAt))
	}
	raws, err := w.st.Raws(ctx, job.Args.Raw)
	if err != nil {
		return err
	}
	t1 := time.Now()
	outs := make([]newsgraph.Outcome, 0, len(raws))
	skipped := len(job.Args.Raw) - len(raws)
	for _, r := range raws {
		if r.Status != newsgraph.RawPending {
			skipped++
			continue
		}
		doc, err := w.process(ctx, r.Item)
		if ctx.Err() != nil {
			return ctx.Err() // stopping or timed out: the items stay pending and the job runs again
		}
		outs = append(outs, newsgraph.Outcome{RawID: r.ID, Doc: doc, Err: err})
	}
	t2 := time.Now()
	tx, err := w.st.Pool().Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	ids := make([]int64, len(outs))
	for i, o := range outs {
		ids[i] = o.RawID
	}
	pending, err := postgres.LockPendingTx(ctx, tx, ids)
	if err != nil {
		return err
	}
	if len(pending) < len(outs) { // committed meanwhile by another run of the job: not again
		keep := make(map[int64]bool, len(pending))
		for _, id := range pending {
			keep[id] = true
		}
		kept := make([]newsgraph.Outcome, 0, len(pending))
		for _, o := range outs {
			if keep[o.RawID] {
				kept = append(kept, o)
			}
		}
		skipped += len(outs) - len(kept)
		outs = kept
	}
	if err := postgres.CommitTx(ctx, tx, outs); err != nil {
		return err
	}
	t3 := time.Now()
	if _, err := river.JobCompleteTx[*riverpgxv5.Driver](ctx, tx, job); err != nil && !errors.Is(err, rivertype.ErrNotFound) {
		// ErrNotFound: the job row is gone (cancelled and cleaned up); the outcomes still stand.
		return err
	}
	t4 := time.Now()
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	t5 := time.Now()
	var n, d, f int
	for _, o := range outs {
		switch {
		case o.Doc == nil:
			f++
		case o.Duplicate:
			d++
		default:
			n++
		}
	}
	w.update(func(s *Stats) {
		s.Jobs++
		s.Items += len(outs)
		s.New, s.Duplicates, s.Failed, s.Skipped = s.New+n, s.Duplicates+d, s.Failed+f, s.Skipped+skipped
		s.Wait += wait
		s.Load += t1.Sub(t0)
		s.Process += t2.Sub(t1)
		s.Store += t3.Sub(t2) + t5.Sub(t4)
		s.Complete += t4.Sub(t3)
	})
	return nil
}

// process is ingest.Process with a panic in extraction or annotation turned into the item's failure, so that
// one bad article cannot stop its job's other items for good.
func (w *runner) process(ctx context.Context, it newsgraph.Item) (doc *newsgraph.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("%s: panic: %v", it.Origin, r)
		}
	}()
	return ingest.Process(ctx, w.opt.Extractor, w.opt.Annotate, it)
}
