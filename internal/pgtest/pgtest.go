// Package pgtest starts a throwaway PostgreSQL server for tests: initdb into a temporary directory, a free port
// on 127.0.0.1, the unix socket in that directory, durability switched off for speed, and everything removed
// afterwards.
//
// Start returns the DSN of a fresh, empty database. Tests skip (with the reason) only when no PostgreSQL
// binaries are installed; any other failure fails the test. A test binary that calls Main from TestMain shares one
// server between all its tests (a new database per Start, dropped when the test ends); without Main, every Start
// runs its own server, stopped in t.Cleanup.
//
// When the test runs as root (as CI does), initdb and postgres, which refuse root, run as the system user
// "postgres", else "nobody". The server is started with a parent-death signal, so a killed test binary does not
// leave it running.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

var (
	mu         sync.Mutex
	mainActive bool
	shared     *server
	sharedErr  error
	databases  atomic.Int64
)

// Main runs the tests of a package with one PostgreSQL server shared by all of them, started by the first Start
// and stopped when the tests end, then exits with the tests' status. Call it from TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
func Main(m *testing.M) {
	mu.Lock()
	mainActive = true
	mu.Unlock()
	code := m.Run()
	mu.Lock()
	if shared != nil {
		shared.stop()
		shared = nil
	}
	mu.Unlock()
	os.Exit(code)
}

// Start returns the DSN (a postgres:// URL) of a new empty database on a throwaway server, owned by the
// superuser "postgres" with trust authentication. It skips the test when no PostgreSQL binaries are found.
func Start(t testing.TB) string {
	t.Helper()
	bin, err := FindBin()
	if err != nil {
		t.Skipf("pgtest: no PostgreSQL: %v", err)
	}
	var srv *server
	mu.Lock()
	own := !mainActive
	if own {
		srv, err = start(bin)
	} else {
		if shared == nil && sharedErr == nil {
			shared, sharedErr = start(bin)
		}
		srv, err = shared, sharedErr
	}
	mu.Unlock()
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	if own {
		t.Cleanup(srv.stop)
	}
	name := fmt.Sprintf("test_%d_%d", os.Getpid(), databases.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	create := `CREATE DATABASE ` + name + ` TEMPLATE template0`
	if srv.version >= 150000 {
		create += ` STRATEGY FILE_COPY` // faster than WAL_LOG for a small template with fsync off
	}
	if err := srv.admin(ctx, create); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	if !own {
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := srv.admin(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
				t.Logf("pgtest: drop database %s: %v", name, err)
			}
		})
	}
	return srv.dsn(name)
}

// FindBin returns the directory holding initdb and postgres: the one of initdb on PATH, else the newest
// /usr/lib/postgresql/<version>/bin (where Debian installs them).
func FindBin() (string, error) {
	var dirs []string
	if p, err := exec.LookPath("initdb"); err == nil {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			p = r
		}
		dirs = append(dirs, filepath.Dir(p))
	}
	versioned, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(versioned, func(i, j int) bool { return version(versioned[i]) > version(versioned[j]) })
	dirs = append(dirs, versioned...)
	for _, d := range dirs {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	return "", errors.New("initdb and postgres are neither on PATH nor in /usr/lib/postgresql/*/bin (Debian: apt-get install postgresql)")
}

func version(bin string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(bin)))
	return n
}

func isExec(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// server is a running postgres.
type server struct {
	bin     string
	cred    *syscall.Credential
	dir     string // holds data/, the socket and the log
	port    int
	cmd     *exec.Cmd
	version int           // server_version_num
	done    chan struct{} // closed when the postgres process has exited
}

func (s *server) dsn(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.port, db)
}

func (s *server) admin(ctx context.Context, sql string) error {
	c, err := pgx.Connect(ctx, s.dsn("postgres"))
	if err != nil {
		return err
	}
	defer c.Close(context.Background())
	_, err = c.Exec(ctx, sql)
	return err
}

// start runs initdb and the server, retrying with another port when the chosen one was taken meanwhile.
func start(bin string) (*server, error) {
	cred, err := credential()
	if err != nil {
		return nil, err
	}
	parent := os.TempDir()
	if cred != nil && !traversable(parent) {
		parent = "/tmp" // the server's user must reach its directory
	}
	sweep(parent)
	dir, err := os.MkdirTemp(parent, "pgtest-")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "owner"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	if err := initdb(bin, dir, cred); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		s, err := run(bin, dir, cred, 0)
		if err == nil {
			return s, nil
		}
		if attempt == 2 {
			os.RemoveAll(dir)
			return nil, err
		}
	}
}

// sweep removes the directories of servers whose test binary was killed: the parent-death signal stopped the
// server, but nobody removed its files. A directory is stale when the process named in its owner file has
// exited (or, without one, when it is over an hour old).
func sweep(parent string) {
	dirs, _ := filepath.Glob(filepath.Join(parent, "pgtest-*"))
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "owner"))
		if err != nil {
			if fi, err := os.Stat(d); err == nil && time.Since(fi.ModTime()) > time.Hour {
				os.RemoveAll(d)
			}
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err == nil && pid > 0 && errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
			os.RemoveAll(d)
		}
	}
}

// traversable reports whether every user may pass through dir and its parents.
func traversable(dir string) bool {
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil || fi.Mode().Perm()&0o001 == 0 {
			return false
		}
		if d == filepath.Dir(d) {
			return true
		}
	}
}

// credential returns the user to run PostgreSQL as: nil (the current user) unless running as root.
func credential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil || uid == 0 {
			continue
		}
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}, nil
	}
	return nil, errors.New(`running as root and neither user "postgres" nor "nobody" exists to run PostgreSQL as`)
}

func command(name string, cred *syscall.Credential, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "TZ=UTC")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Setpgid: true}
	return cmd
}

func initdb(bin, dir string, cred *syscall.Credential) error {
	var errs []error
	// C.UTF-8 lower-cases and classifies non-ASCII letters; plain C is the fallback where it is missing.
	for _, locale := range []string{"C.UTF-8", "C"} {
		data := filepath.Join(dir, "data")
		os.RemoveAll(data)
		cmd := command(filepath.Join(bin, "initdb"), cred, "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
			"--locale="+locale, "--no-sync", "--no-instructions")
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err == nil {
			return nil
		}
		errs = append(errs, fmt.Errorf("initdb --locale=%s: %w: %s", locale, err, strings.TrimSpace(string(out))))
	}
	return errors.Join(errs...)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// run starts postgres on port (a free one when 0) and waits until it accepts connections.
func run(bin, dir string, cred *syscall.Credential, port int) (*server, error) {
	if port == 0 {
		var err error
		if port, err = freePort(); err != nil {
			return nil, err
		}
	}
	logPath := filepath.Join(dir, "postgres.log")
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	cmd := command(filepath.Join(bin, "postgres"), cred, "-D", filepath.Join(dir, "data"), "-p", strconv.Itoa(port),
		"-k", dir, "-h", "127.0.0.1",
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "wal_level=minimal", "-c", "max_wal_senders=0", "-c", "max_connections=200",
		"-c", "shared_buffers=64MB", "-c", "checkpoint_timeout=1h", "-c", "max_wal_size=1GB",
		"-c", "autovacuum=off", "-c", "jit=off", "-c", "log_min_messages=warning")
	cmd.Stdout, cmd.Stderr = logf, logf
	// Stop the server with the test binary: the parent-death signal is sent when the thread that started the
	// child exits, so the child is started and waited for on a goroutine locked to its own thread.
	cmd.SysProcAttr.Pdeathsig = syscall.SIGQUIT
	s := &server{bin: bin, cred: cred, dir: dir, port: port, cmd: cmd, done: make(chan struct{})}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with the goroutine, after postgres has exited
		if err := cmd.Start(); err != nil {
			started <- err
			close(s.done)
			return
		}
		started <- nil
		cmd.Wait()
		close(s.done)
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("start postgres: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		c, err := pgx.Connect(ctx, s.dsn("postgres"))
		if err == nil {
			var v string
			err = c.QueryRow(ctx, `SHOW server_version_num`).Scan(&v)
			c.Close(ctx)
			if err != nil {
				s.kill()
				return nil, fmt.Errorf("postgres version: %w", err)
			}
			s.version, _ = strconv.Atoi(v)
			return s, nil
		}
		select {
		case <-s.done:
			return nil, fmt.Errorf("postgres exited on port %d: %s", port, tail(logPath))
		case <-ctx.Done():
			s.kill()
			return nil, fmt.Errorf("postgres not ready after 30s: %v: %s", err, tail(logPath))
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func tail(path string) string {
	b, _ := os.ReadFile(path)
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return strings.TrimSpace(string(b))
}

func (s *server) kill() {
	s.cmd.Process.Signal(syscall.SIGQUIT)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

// shutdown stops the server as pg_ctl stop -m fast does (SIGINT: sessions are ended, then a checkpoint) and
// keeps its data.
func (s *server) shutdown() {
	s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		s.kill()
	}
}

// stop shuts the server down and removes its directory.
func (s *server) stop() {
	s.shutdown()
	os.RemoveAll(s.dir)
}

// Server is a throwaway PostgreSQL server of one test's own, which the test may stop and start again (to see
// how clients bear a restart) without affecting other tests.
type Server struct {
	mu  sync.Mutex
	srv *server
	up  bool
}

// NewServer starts a server for t alone, stopped and removed when t ends. It skips the test when no PostgreSQL
// binaries are found.
func NewServer(t testing.TB) *Server {
	t.Helper()
	bin, err := FindBin()
	if err != nil {
		t.Skipf("pgtest: no PostgreSQL: %v", err)
	}
	srv, err := start(bin)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	s := &Server{srv: srv, up: true}
	t.Cleanup(func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.up {
			s.srv.shutdown()
			s.up = false
		}
		os.RemoveAll(s.srv.dir)
	})
	return s
}

// Database creates a new empty database on the server and returns its DSN.
func (s *Server) Database(t testing.TB) string {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	name := fmt.Sprintf("test_%d_%d", os.Getpid(), databases.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.srv.admin(ctx, `CREATE DATABASE `+name+` TEMPLATE template0`); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	return s.srv.dsn(name)
}

// PID returns the process ID of the server's postmaster (the parent of its backends), for measuring what the
// server costs.
func (s *Server) PID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.srv.cmd.Process.Pid
}

// Stop shuts the server down as `pg_ctl stop -m fast` does: open sessions are ended, the data is kept. Clients
// see their connections fail, and new connections are refused until Start.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.up {
		s.srv.shutdown()
		s.up = false
	}
}

// Start starts a stopped server again on the same data directory and port, and waits until it accepts
// connections.
func (s *Server) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.up {
		return nil
	}
	var err error
	for attempt := 0; attempt < 50; attempt++ { // the port may linger a moment after the shutdown
		var srv *server
		if srv, err = run(s.srv.bin, s.srv.dir, s.srv.cred, s.srv.port); err == nil {
			s.srv, s.up = srv, true
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("pgtest: restart on port %d: %w", s.srv.port, err)
}
