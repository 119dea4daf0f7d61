package worker

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"newsgraph"
	"newsgraph/cluster"
	"newsgraph/ingest"
	"newsgraph/store/postgres"
)

// clusterLeaderLock is the key of the session advisory lock that the clustering worker holds ("nwsclead").
const clusterLeaderLock int64 = 0x6e777363_6c656164

const (
	clusterBatch = 256             // documents read and clustered per SaveClusters
	sweepEvery   = 5 * time.Minute // how often the clusterer looks behind its cursor (below)
	passTimeout  = 10 * time.Minute
)

// leader clusters documents while it holds the clusterer's advisory lock. Every worker process runs one; the
// one whose connection holds the lock clusters, the others try to take the lock at every poll.
//
// The lock is a session lock on a connection of the leader's own, and the leader's writes (SaveClusters) go
// through that connection: a leader whose connection died (so its lock is free for another) cannot write
// anything more. A new leader loads the saved state and replays the assignments made after it was saved, so
// it has the index of the leader before it, however that one stopped.
//
// Documents are clustered in raw item order, up to the lowest raw item still pending (Store.ClusterReady). A
// cursor remembers the last raw item clustered so that a pass reads only new documents; every sweepEvery, and
// on taking the lock, the pass starts from the beginning, for the documents of raw items stored late (a
// transaction of a concurrent ingest that committed after later ones, a failed item tried again).
type leader struct {
	st       *postgres.Store
	opt      cluster.Options
	log      *slog.Logger
	progress func(n int)

	conn    *pgx.Conn // kept open between attempts to take the lock
	leading bool      // conn holds the lock
	c       *ingest.Clusterer
	after   int64 // raw item ID of the last document clustered
	swept   time.Time
}

// run clusters at every poll until ctx is cancelled. Errors (a lost connection) are logged and make the leader
// give the lock up without saving anything more; it tries again at the next poll.
func (l *leader) run(ctx context.Context, poll time.Duration) error {
	t := time.NewTicker(poll)
	defer t.Stop()
	var logged time.Time // errors repeat at every poll while the database is away: log one every 30 s
	for ctx.Err() == nil {
		if _, err := l.pass(ctx); err != nil {
			if time.Since(logged) > 30*time.Second {
				l.log.Warn("newsgraph worker: clustering stopped; trying again", "err", err)
				logged = time.Now()
			}
			l.resign(ctx)
		} else {
			logged = time.Time{}
		}
		select {
		case <-ctx.Done():
		case <-t.C:
		}
	}
	return nil
}

// pass takes the lock if it can and clusters every document ready, stopping early when ctx is cancelled
// (between batches: a batch, once read, is clustered and saved).
func (l *leader) pass(ctx context.Context) (int, error) {
	if ctx.Err() != nil {
		return 0, nil
	}
	// pgx closes a connection whose query is cancelled: the lock's connection must only see ctx's end between
	// queries. A pass is bounded by passTimeout instead.
	work, cancel := context.WithTimeout(context.WithoutCancel(ctx), passTimeout)
	defer cancel()
	if l.leading && l.c == nil { // a pass failed: start again from the saved state
		l.resign(work)
	}
	if !l.leading {
		if ok, err := l.acquire(work); err != nil || !ok {
			return 0, err
		}
	} else if err := l.conn.Ping(work); err != nil {
		return 0, fmt.Errorf("clusterer's connection: %w", err)
	}
	if time.Since(l.swept) > sweepEvery {
		l.after, l.swept = 0, time.Now()
	}
	total := 0
	for ctx.Err() == nil {
		ids, raws, err := l.st.ClusterReady(work, l.after, clusterBatch)
		if err != nil {
			return total, err
		}
		if len(ids) == 0 {
			break
		}
		if err := l.c.AddIDs(work, ids); err != nil {
			// The index may hold documents whose assignments were not saved: it must not be used or saved.
			l.c = nil
			return total, err
		}
		l.after = raws[len(raws)-1]
		total += len(ids)
		l.progress(len(ids))
	}
	return total, nil
}

// acquire tries to take the lock and, when it does, loads the clusterer.
func (l *leader) acquire(ctx context.Context) (bool, error) {
	if l.conn == nil {
		conn, err := pgx.ConnectConfig(ctx, l.st.Pool().Config().ConnConfig.Copy())
		if err != nil {
			return false, fmt.Errorf("clusterer: connect: %w", err)
		}
		l.conn = conn
	}
	var ok bool
	if err := l.conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, clusterLeaderLock).Scan(&ok); err != nil {
		l.resign(ctx)
		return false, fmt.Errorf("clusterer: lock: %w", err)
	}
	if !ok {
		return false, nil
	}
	l.leading = true
	c, err := ingest.LoadClusterer(ctx, fenced{Store: l.st, conn: l.conn}, l.opt)
	if err != nil {
		l.resign(ctx)
		return false, err
	}
	l.c, l.after, l.swept = c, 0, time.Now()
	return true, nil
}

// resign gives the lock up (closing the connection releases it) and forgets the index.
func (l *leader) resign(ctx context.Context) {
	if l.conn != nil {
		l.conn.Close(context.WithoutCancel(ctx))
	}
	l.conn, l.leading, l.c = nil, false, nil
}

// finish ends clustering: with drain, it first clusters what is ready (taking the lock if it is free); then it
// saves the index state and gives the lock up.
func (l *leader) finish(ctx context.Context, drain bool) error {
	ctx = context.WithoutCancel(ctx)
	defer l.resign(ctx)
	if drain {
		if _, err := l.pass(ctx); err != nil {
			return fmt.Errorf("cluster: %w", err)
		}
	}
	if l.leading && l.c != nil {
		return l.c.Flush(ctx)
	}
	return nil
}

// fenced is the store as the clusterer sees it: reads through the pool, SaveClusters through the connection
// that holds the clusterer's lock.
type fenced struct {
	*postgres.Store
	conn *pgx.Conn
}

var _ newsgraph.ClusterStore = fenced{}

// SaveClusters implements newsgraph.ClusterStore on the lock's connection.
func (f fenced) SaveClusters(ctx context.Context, state []byte, as []newsgraph.ClusterAssignment, cs []newsgraph.ClusterInfo, ss []newsgraph.StoryInfo) error {
	tx, err := f.conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("save clusters: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := postgres.SaveClustersTx(ctx, tx, state, as, cs, ss); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("save clusters: %w", err)
	}
	return nil
}
