// Package worker is newsgraph's server mode: raw articles stored in PostgreSQL are processed by any number of
// worker processes on any number of machines, through riverqueue/river jobs, with the results those of the
// embedded mode.
//
// Flow:
//
//	newsgraph ingest --db postgres://...   Queue.Add: raw items + their process jobs, one transaction per batch
//	newsgraph worker --db postgres://...   Run: river fetches jobs; each job: Raws -> ingest.Process (extract +
//	                                       annotate) -> LockPendingTx + CommitTx + JobCompleteTx, one transaction
//	                                       one worker at a time (advisory lock): the clusterer, in reading order
//
// Exactly once: a job carries up to JobBatch raw item IDs. A job's outcomes and its completion are committed in
// one transaction, and only for the raw items still pending when the transaction locks them, so a job that runs
// twice (rescued after a crash, queued twice) changes nothing the second time. A job interrupted before its
// commit (kill -9, a lost connection) leaves its items pending; river runs it again.
//
// Clustering is single-pass and order dependent, so one worker at a time clusters, the one holding a PostgreSQL
// advisory lock, and it takes documents in the order their raw items were stored (the order ingest read them),
// each only once every item stored before it is processed: the clusters are those an embedded run over the same
// input makes, whichever worker processed what. Its writes go through the connection that holds the lock, so a
// worker that lost the lock cannot write; a worker taking over loads the saved state and replays the
// assignments made since (ingest.LoadClusterer). See docs/server.md.
package worker

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"newsgraph"
	"newsgraph/store/postgres"
)

// JobBatch is the most raw items one process job carries: large enough that the queue's work per job (insert,
// fetch, completion) is small beside the processing of its items, small enough that a job takes about a second
// and work spreads evenly over the workers.
const JobBatch = 32

// QueueName is the river queue of newsgraph's jobs.
const QueueName = "newsgraph"

// ProcessArgs are the arguments of a process job: the raw items to process, in ID order.
type ProcessArgs struct {
	Raw []int64 `json:"raw"`
}

// Kind implements river.JobArgs.
func (ProcessArgs) Kind() string { return "newsgraph_process" }

// InsertOpts implements river.JobArgsWithInsertOpts. A job fails only when the store does (items that cannot be
// processed are committed as failed), so its attempts are retries through a database outage.
func (ProcessArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueName, MaxAttempts: 20}
}

// riverMigrationLock is the key of the session advisory lock held while river's migrations run ("nwsriver").
const riverMigrationLock int64 = 0x6e777372_69766572

// liveStates are the states of a job that will still run.
var liveStates = []string{"available", "pending", "retryable", "running", "scheduled"}

// Migrate applies river's migrations (its job tables) to st's database, holding an advisory lock so that
// processes starting at once apply each migration once. Queue and Run call it; it is cheap when nothing is due.
func Migrate(ctx context.Context, st *postgres.Store) error {
	conn, err := st.Pool().Acquire(ctx)
	if err != nil {
		return fmt.Errorf("migrate river: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, riverMigrationLock); err != nil {
		return fmt.Errorf("migrate river: lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, riverMigrationLock)
	m, err := rivermigrate.New(riverpgxv5.New(st.Pool()), &rivermigrate.Config{Logger: quietLogger()})
	if err != nil {
		return fmt.Errorf("migrate river: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrate river: %w", err)
	}
	return nil
}

func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// stderrLogger logs river's warnings and errors on standard error (river's default is standard output, which
// belongs to the commands' results).
func stderrLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// Queue stores raw items and queues their processing (the ingest side of server mode). It is safe for
// concurrent use.
type Queue struct {
	st     *postgres.Store
	client *river.Client[pgx.Tx] // insert only

	jobs, items atomic.Int64
	insert      atomic.Int64 // nanoseconds spent inserting jobs
}

// NewQueue returns a Queue on st, after applying river's migrations.
func NewQueue(ctx context.Context, st *postgres.Store) (*Queue, error) {
	if err := Migrate(ctx, st); err != nil {
		return nil, err
	}
	client, err := river.NewClient(riverpgxv5.New(st.Pool()), &river.Config{Logger: stderrLogger()})
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	return &Queue{st: st, client: client}, nil
}

// QueueStats counts what a Queue queued.
type QueueStats struct {
	Jobs, Items int
	Insert      time.Duration // spent inserting jobs (inside the transactions that store the items)
}

// Stats returns what q queued so far.
func (q *Queue) Stats() QueueStats {
	return QueueStats{Jobs: int(q.jobs.Load()), Items: int(q.items.Load()), Insert: time.Duration(q.insert.Load())}
}

// Add stores items as Store.AddRaw does and, in the same transaction, queues jobs (JobBatch items each) for the
// items that need processing: those stored now and those that had failed (set back to pending). Items stored
// before and still pending are queued already; items with Err are stored as failed. It has the signature of
// ingest.Options.Queue.
func (q *Queue) Add(ctx context.Context, items []newsgraph.Item) ([]int64, []newsgraph.RawStatus, error) {
	tx, err := q.st.Pool().Begin(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("queue: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	ids, prior, err := postgres.AddRawTx(ctx, tx, items)
	if err != nil {
		return nil, nil, err
	}
	var todo []int64
	for i, it := range items {
		if it.Err == nil && (prior[i] == "" || prior[i] == newsgraph.RawFailed) {
			todo = append(todo, ids[i])
		}
	}
	if err := q.insertTx(ctx, tx, todo); err != nil {
		return nil, nil, err
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, nil, fmt.Errorf("queue: %w", err)
	}
	return ids, prior, nil
}

// insertTx queues jobs for ids, JobBatch at a time, in tx.
func (q *Queue) insertTx(ctx context.Context, tx pgx.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	start := time.Now()
	params := make([]river.InsertManyParams, 0, (len(ids)+JobBatch-1)/JobBatch)
	for i := 0; i < len(ids); i += JobBatch {
		params = append(params, river.InsertManyParams{Args: ProcessArgs{Raw: ids[i:min(i+JobBatch, len(ids))]}})
	}
	if _, err := q.client.InsertManyFastTx(ctx, tx, params); err != nil {
		return fmt.Errorf("queue jobs: %w", err)
	}
	q.insert.Add(int64(time.Since(start)))
	q.jobs.Add(int64(len(params)))
	q.items.Add(int64(len(ids)))
	return nil
}

// Requeue queues jobs for the raw items left pending without one (stored by a local run that stopped, or whose
// job was discarded after its last attempt) and returns how many it queued. It holds an advisory lock, so
// workers starting at once do not queue the same items twice; an item queued twice would still be processed
// once.
func (q *Queue) Requeue(ctx context.Context) (int, error) {
	tx, err := q.st.Pool().Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("requeue: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, riverMigrationLock+1); err != nil {
		return 0, fmt.Errorf("requeue: lock: %w", err)
	}
	rows, err := tx.Query(ctx, `WITH live AS (
			SELECT (jsonb_array_elements_text(args->'raw'))::bigint AS id FROM river_job
			WHERE kind = $1 AND state::text = ANY($2))
		SELECT r.id FROM raw_items r WHERE r.status = 'pending' AND NOT EXISTS (SELECT 1 FROM live WHERE live.id = r.id)
		ORDER BY r.id`, ProcessArgs{}.Kind(), liveStates)
	if err != nil {
		return 0, fmt.Errorf("requeue: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, fmt.Errorf("requeue: %w", err)
	}
	if err := q.insertTx(ctx, tx, ids); err != nil {
		return 0, err
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("requeue: %w", err)
	}
	return len(ids), nil
}
