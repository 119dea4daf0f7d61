package worker

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// A worker's river client ID names its machine, PID namespace and process, so that a worker can tell that the
// jobs another worker of its machine was running lost their worker (killed, crashed) and give them back at once,
// where river's rescuer would wait RescueAfter: "newsgraph/HOST/PIDNS/PID/START".
const clientPrefix = "newsgraph/"

// self describes this process for clientID and rescueDead.
type self struct {
	host, pidns string // pidns is "" where it cannot be read (not Linux): no local rescue
	pid         int
}

func thisProcess() self {
	host, _ := os.Hostname()
	host = strings.ReplaceAll(host, "/", "_")
	if len(host) > 40 {
		host = host[:40]
	}
	ns, _ := os.Readlink("/proc/self/ns/pid") // "pid:[4026531836]"
	ns = strings.TrimSuffix(strings.TrimPrefix(ns, "pid:["), "]")
	return self{host: host, pidns: ns, pid: os.Getpid()}
}

func (p self) clientID(start time.Time) string {
	return fmt.Sprintf("%s%s/%s/%d/%d", clientPrefix, p.host, p.pidns, p.pid, start.UnixNano())
}

// deadLocal reports whether the client ID names a process of this machine and PID namespace, other than this
// one, that no longer exists.
func (p self) deadLocal(id string) bool {
	if p.pidns == "" || !strings.HasPrefix(id, clientPrefix) {
		return false
	}
	f := strings.Split(strings.TrimPrefix(id, clientPrefix), "/")
	if len(f) != 4 || f[0] != p.host || f[1] != p.pidns {
		return false
	}
	pid, err := strconv.Atoi(f[2])
	if err != nil || pid <= 0 || pid == p.pid {
		return false
	}
	// A PID taken again by another process reads as alive: the job then waits for river's rescuer.
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

// rescueDead makes the running jobs of newsgraph's queue whose worker was a process of this machine that is gone
// available again (discarded when they have no attempt left), as river's rescuer would after RescueAfter, and
// returns how many it rescued. A job rescued while its worker lives on would only run twice: its second run
// commits nothing the first did.
func rescueDead(ctx context.Context, pool *pgxpool.Pool, me self) (int, error) {
	if me.pidns == "" {
		return 0, nil
	}
	rows, err := pool.Query(ctx, `SELECT id, attempted_by[array_length(attempted_by, 1)] FROM river_job
		WHERE state = 'running' AND queue = $1 AND attempted_by IS NOT NULL`, QueueName)
	if err != nil {
		return 0, fmt.Errorf("rescue jobs of dead workers: %w", err)
	}
	var dead []int64
	for rows.Next() {
		var id int64
		var by string
		if err := rows.Scan(&id, &by); err != nil {
			rows.Close()
			return 0, fmt.Errorf("rescue jobs of dead workers: %w", err)
		}
		if me.deadLocal(by) {
			dead = append(dead, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("rescue jobs of dead workers: %w", err)
	}
	if len(dead) == 0 {
		return 0, nil
	}
	tag, err := pool.Exec(ctx, `UPDATE river_job SET
			state = CASE WHEN attempt >= max_attempts THEN 'discarded'::river_job_state ELSE 'available'::river_job_state END,
			finalized_at = CASE WHEN attempt >= max_attempts THEN now() END,
			scheduled_at = now(),
			errors = array_append(errors, jsonb_build_object('at', now(), 'attempt', attempt,
				'error', 'its worker process died: rescued by ' || $2::text, 'trace', '')),
			metadata = metadata || jsonb_build_object('river:rescue_count', COALESCE((metadata->>'river:rescue_count')::int, 0) + 1)
		WHERE id = ANY($1) AND state = 'running'`, dead, me.clientID(time.Now()))
	if err != nil {
		return 0, fmt.Errorf("rescue jobs of dead workers: %w", err)
	}
	return int(tag.RowsAffected()), nil
}
