package cli

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"newsgraph"
	"newsgraph/extract"
	"newsgraph/ingest"
	"newsgraph/source"
)

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

func (m *Main) ingest(ctx context.Context, args []string) error {
	f := newFlags(m, "ingest", true, false)
	workers := f.Int("workers", 0, "extraction workers (0: one per core)")
	quiet := f.Bool("quiet", false, "do not list failed items, only count them")
	maxSize := f.Int64("max-size", 0, "largest article in bytes (0: 64 MiB)")
	clustering := f.Bool("cluster", true, "assign each new document to a same-event cluster (false: later, at the next clustered ingest)")
	process := f.Bool("process", false, "with --db postgres://...: also work the queued jobs here until none is left (as worker --until-idle)")
	var k knowledge
	k.register(f)
	paths, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return fmt.Errorf("no input given: %w", errUsage)
	}
	if isPostgres(f.db) {
		return m.ingestServer(ctx, f.db, paths, &k, serverIngest{workers: *workers, maxSize: *maxSize, quiet: *quiet, process: *process, cluster: *clustering})
	}
	if *process {
		return fmt.Errorf("--process is for server mode (--db postgres://...); embedded ingest always processes: %w", errUsage)
	}
	p, _, err := k.pipeline(m.warn)
	if err != nil {
		return err
	}
	st, err := m.open(ctx, f.db)
	if err != nil {
		return err
	}
	opts := ingest.Options{Workers: *workers, Source: source.Options{MaxSize: *maxSize}, Annotate: p.Annotate}
	flush := func(context.Context) error { return nil }
	if *clustering {
		if opts.Cluster, flush, err = m.clusterer(ctx, st); err != nil {
			return err
		}
	}
	sum, err := m.runIngest(ctx, st, paths, opts, *quiet)
	if err != nil {
		return err
	}
	if err := flush(ctx); err != nil {
		return err
	}
	if !sum.OK() {
		return errQuiet
	}
	return nil
}

// runIngest plans and ingests paths into st with a progress bar when interactive, and prints the summary.
func (m *Main) runIngest(ctx context.Context, st newsgraph.Store, paths []string, opts ingest.Options, quiet bool) (ingest.Summary, error) {
	defer tuneGC()()
	inputs, err := source.Plan(paths)
	if err != nil {
		return ingest.Summary{}, err
	}
	var bar *mpb.Bar
	var progress *mpb.Progress
	var mu sync.Mutex // guards last: written by ingest's callback, read by the bar's renderer
	var last ingest.Progress
	if m.Interactive {
		progress = mpb.NewWithContext(ctx, mpb.WithOutput(m.Stderr), mpb.WithWidth(40), mpb.WithRefreshRate(150*time.Millisecond))
		bar = progress.AddBar(int64(len(inputs)),
			mpb.PrependDecorators(decor.Name("ingest "), decor.CountersNoUnit("%d/%d files")),
			mpb.AppendDecorators(decor.Any(func(decor.Statistics) string {
				mu.Lock()
				defer mu.Unlock()
				rate := 0.0
				if last.Elapsed > 0 {
					rate = float64(last.New+last.Duplicates+last.Failed) / last.Elapsed.Seconds()
				}
				return fmt.Sprintf("%d docs  %.0f docs/s  %d dup  %d errors", last.New, rate, last.Duplicates, last.Failed)
			})))
		opts.Progress = func(p ingest.Progress) {
			mu.Lock()
			last = p
			mu.Unlock()
			bar.SetCurrent(int64(p.InputsDone))
		}
	}
	opts.Failure = func(fl ingest.Failure) {
		if !quiet {
			if progress != nil {
				fmt.Fprintf(progress, "error: %s\n", fl)
			} else {
				fmt.Fprintf(m.Stderr, "error: %s\n", fl)
			}
		}
	}
	sum, err := ingest.Run(ctx, st, extract.New(extract.Options{}), inputs, m.Stdin, opts)
	if bar != nil {
		mu.Lock()
		last = sum.Progress
		mu.Unlock()
		bar.SetTotal(int64(len(inputs)), true)
		progress.Wait()
	}
	m.printSummary(sum)
	return sum, err
}

// tuneGC sets the collector for extraction and annotation and returns the function that restores it.
// Extraction and annotation allocate many short-lived trees and slices; collecting less often buys ~15%
// throughput for a heap bounded by the pipeline's queues, not by the corpus. The soft limit sits well above
// that heap: at 512 MiB the collector ran back to back and ingest fell from 68 to 18 documents/s.
// GOGC and GOMEMLIMIT in the environment win.
func tuneGC() (restore func()) {
	gc, limit := -2, int64(-1)
	if os.Getenv("GOGC") == "" {
		gc = debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		limit = debug.SetMemoryLimit(1 << 30)
	}
	return func() {
		if gc != -2 {
			debug.SetGCPercent(gc)
		}
		if limit >= 0 {
			debug.SetMemoryLimit(limit)
		}
	}
}

func (m *Main) printSummary(s ingest.Summary) {
	if s.Queued > 0 {
		fmt.Fprintf(m.Stderr, "stored %d files: %d items read, %d queued for workers, %d duplicates, %d failed in %.1fs (%.0f items/s)\n",
			s.InputsDone, s.Read, s.Queued, s.Duplicates, s.Failed, s.Elapsed.Seconds(), s.DocsPerSecond())
	} else {
		fmt.Fprintf(m.Stderr, "ingested %d files: %d items read, %d new documents, %d duplicates, %d failed in %.1fs (%.0f docs/s)\n",
			s.InputsDone, s.Read+s.Resumed, s.New, s.Duplicates, s.Failed, s.Elapsed.Seconds(), s.DocsPerSecond())
	}
	if s.Resumed > 0 {
		fmt.Fprintf(m.Stderr, "resumed %d items left pending by an interrupted run\n", s.Resumed)
	}
	for _, k := range slices.Sorted(maps.Keys(s.Reasons)) {
		fmt.Fprintf(m.Stderr, "  failed: %-40s %d\n", k, s.Reasons[k])
	}
	if s.Failed > 0 {
		fmt.Fprintln(m.Stderr, "(each failed item is stored with its reason: newsgraph failures)")
	}
}
