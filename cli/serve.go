package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"newsgraph"
	"newsgraph/annotate"
	"newsgraph/api"
	"newsgraph/ingest"
	"newsgraph/web"
)

// serve runs the web UI and the JSON API over the store until ctx ends (Ctrl-C).
func (m *Main) serve(ctx context.Context, args []string) error {
	f := newFlags(m, "serve", true, false)
	addr := f.String("addr", "127.0.0.1:8080", "address to listen on; the default serves this machine only")
	token := f.String("ingest-token", "", "switch on POST /api/v1/ingest for requests bearing this token (default: $NEWSGRAPH_INGEST_TOKEN; none: ingest is off)")
	var k knowledge
	k.register(f)
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("unexpected argument %q: %w", pos[0], errUsage)
	}
	if *token == "" {
		*token = os.Getenv("NEWSGRAPH_INGEST_TOKEN")
	}
	st, err := m.open(ctx, f.db)
	if err != nil {
		return err
	}
	return m.serveStore(ctx, st, *addr, *token, &k)
}

// serveOptions bound what one request may take: slow clients, large headers, long requests.
var serveOptions = struct {
	readHeader, read, write, idle time.Duration
	maxHeader                     int
}{readHeader: 5 * time.Second, read: time.Minute, write: 150 * time.Second, idle: 2 * time.Minute, maxHeader: 64 << 10}

// serveStore serves st on addr until ctx ends. With a token, ingest over HTTP annotates with k's knowledge.
func (m *Main) serveStore(ctx context.Context, st newsgraph.Store, addr, token string, k *knowledge) error {
	if token != "" && len(token) < 16 {
		return fmt.Errorf("--ingest-token: use at least 16 characters (a random token: openssl rand -hex 16): %w", errUsage)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	opts := web.Options{API: api.Options{IngestToken: token, Logf: m.logf}}
	host, _, _ := net.SplitHostPort(ln.Addr().String())
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		opts.Hosts = web.LoopbackHosts
	} else {
		fmt.Fprintf(m.Stderr, "warning: serving on %s: anyone who can reach this address can read the corpus\n", ln.Addr())
		if token != "" {
			fmt.Fprintln(m.Stderr, "warning: the ingest token travels in clear over HTTP: put a TLS proxy in front")
		}
	}
	if token != "" {
		opts.API.Ingest = api.Ingester(st, m.ingestSetup(st, k))
	}
	srv := &http.Server{
		Handler:           web.New(st, opts),
		ReadHeaderTimeout: serveOptions.readHeader,
		ReadTimeout:       serveOptions.read,
		WriteTimeout:      serveOptions.write,
		IdleTimeout:       serveOptions.idle,
		MaxHeaderBytes:    serveOptions.maxHeader,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(m.Stdout, "newsgraph: serving %s (API: %sapi/v1/, ingest over HTTP %s); Ctrl-C stops\n", url, url, map[bool]string{true: "on", false: "off"}[token != ""])
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintln(m.Stdout, "newsgraph: stopped")
	return nil
}

// ingestSetup returns what each ingest request runs: the annotation pipeline (built once, on the first
// request) and, when the store keeps clusters, a clusterer that catches up and saves its state at the end.
func (m *Main) ingestSetup(st newsgraph.Store, k *knowledge) api.IngestSetup {
	pipeline := sync.OnceValues(func() (*annotate.Pipeline, error) {
		p, _, err := k.pipeline(m.warn)
		return p, err
	})
	return func(ctx context.Context) (ingest.Options, func(context.Context) error, error) {
		p, err := pipeline()
		if err != nil {
			return ingest.Options{}, nil, err
		}
		opts := ingest.Options{Annotate: p.Annotate}
		if _, ok := st.(newsgraph.ClusterStore); !ok {
			return opts, nil, nil
		}
		add, flush, err := m.clusterer(ctx, st)
		if err != nil {
			return opts, nil, err
		}
		opts.Cluster = add
		return opts, flush, nil
	}
}

// logMu serialises log lines: requests are served concurrently.
var logMu sync.Mutex

// logf writes a server log line on standard error.
func (m *Main) logf(format string, args ...any) {
	logMu.Lock()
	defer logMu.Unlock()
	fmt.Fprintf(m.Stderr, time.Now().Format("2006/01/02 15:04:05 ")+format+"\n", args...)
}
