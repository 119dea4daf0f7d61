// Package ingest runs the foundation pipeline: sources are read, every raw item is stored before anything else
// happens to it, then items are extracted in parallel and the resulting documents committed in batches.
//
// Flow (one reader, N extractors, one writer):
//
//	source.Read -> batch -> Store.AddRaw -> jobs -> extract (N workers) -> outcomes -> Store.Commit (batched)
//
// Items left pending by an interrupted run are processed first, so a crash mid-ingest loses nothing.
//
// In server mode (Options.Queue) Run only reads and stores: each batch of raw items is stored together with the
// jobs that will process it elsewhere (package worker), and the extraction, annotation and commit steps run in
// the workers through Process, the function the local workers call.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"time"

	"newsgraph"
	"newsgraph/extract"
	"newsgraph/source"
)

// Options tunes a run. The zero value is the default documented per field.
type Options struct {
	Workers   int // extraction goroutines; 0 means runtime.GOMAXPROCS(0)
	BatchSize int // raw items per AddRaw and outcomes per Commit; 0 means 64
	Source    source.Options
	// Progress, when set, is called with a snapshot of the counters after each committed batch and each finished
	// input. It is called from one goroutine at a time.
	Progress func(Progress)
	// Failure, when set, is called for every item that fails, as it fails, from one goroutine at a time.
	Failure func(Failure)
	// Annotate, when set, annotates each new document before it is stored (annotate.Pipeline.Annotate). It is
	// called from every worker at once. An error fails the item, which stays stored as raw with the reason.
	Annotate func(ctx context.Context, doc *newsgraph.Document) error
	// Cluster, when set, is called by the writer after each committed batch with the batch's new documents (not
	// the duplicates), in the order they were committed, which is the order they were read (Clusterer.Add). An
	// error stops the run as a store failure does; the documents stay stored, unclustered (NewClusterer catches
	// them up).
	Cluster func(ctx context.Context, docs []*newsgraph.Document) error
	// Queue, when set, stores each batch of items in place of Store.AddRaw (with the same results) and queues
	// the processing of the items that need it, those stored now and those that had failed, in the same
	// transaction, for workers elsewhere (server mode: worker.Queue.Add). Run then processes nothing itself and
	// does not resume pending items, which are queued already (worker.Requeue queues those that are not);
	// Progress.Queued counts the queued items, and Workers, Annotate and Cluster are unused.
	Queue func(ctx context.Context, items []newsgraph.Item) (ids []int64, prior []newsgraph.RawStatus, err error)
}

// Progress counts a run's work so far.
type Progress struct {
	Inputs, InputsDone int // files planned and files fully read
	Read               int // items read from sources
	New                int // new documents stored
	Duplicates         int // items whose document was already stored (re-ingest, copies)
	Failed             int
	Resumed            int // pending items from an earlier, interrupted run
	Queued             int // items stored and queued for workers (Options.Queue)
	Elapsed            time.Duration
}

// Failure is one item that could not be ingested.
type Failure struct {
	Origin newsgraph.Origin
	Err    error
}

func (f Failure) String() string {
	msg := f.Err.Error()
	if f.Origin.Path == "" || strings.Contains(msg, f.Origin.Path) {
		return msg // the error already names the input
	}
	return f.Origin.String() + ": " + msg
}

// Summary is the outcome of a run.
type Summary struct {
	Progress
	// Reasons counts failures by their cause (the innermost sentinel error when there is one, else the message's
	// last part), for the end-of-run summary.
	Reasons map[string]int
}

// DocsPerSecond is the rate of items processed (new + duplicate + failed) over the run.
func (s Summary) DocsPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.New+s.Duplicates+s.Failed+s.Queued) / s.Elapsed.Seconds()
}

// OK reports whether anything was ingested (or queued): the run's exit status is 0 exactly when OK.
func (s Summary) OK() bool { return s.New+s.Duplicates+s.Queued > 0 || s.Read == 0 && s.Failed == 0 }

type job struct {
	seq   int64 // the order the reader handed the job out in; the writer commits in this order
	rawID int64
	item  newsgraph.Item
}

type result struct {
	newsgraph.Outcome
	origin newsgraph.Origin
	seq    int64
}

// Run ingests inputs into st. stdin is read for an input named "-". It returns an error only when the run cannot
// go on at all (the store fails, ctx is cancelled); bad input is counted and reported through opts.Failure.
func Run(ctx context.Context, st newsgraph.Store, ex *extract.Extractor, inputs []source.Input, stdin io.Reader, opts Options) (Summary, error) {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 64
	}
	r := &run{st: st, ex: ex, opts: opts, start: time.Now(), reasons: map[string]int{}, window: make(chan struct{}, 4*opts.BatchSize+opts.Workers)}
	r.p.Inputs = len(inputs)

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan job, opts.BatchSize*2)
	outcomes := make(chan result, opts.BatchSize*2)

	var workers sync.WaitGroup
	for range opts.Workers {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for j := range jobs {
				outcomes <- r.process(ctx, j)
			}
		}()
	}
	writerDone := make(chan error, 1)
	r.stop = cancel
	go func() { writerDone <- r.write(ctx, outcomes) }()

	readErr := r.read(ctx, inputs, stdin, jobs)
	close(jobs)
	workers.Wait()
	close(outcomes)
	writeErr := <-writerDone
	r.mu.Lock()
	defer r.mu.Unlock()
	r.p.Elapsed = time.Since(r.start)
	sum := Summary{Progress: r.p, Reasons: r.reasons}
	if writeErr != nil {
		return sum, writeErr // the cause: reading stopped because of it
	}
	return sum, readErr
}

type run struct {
	st    newsgraph.Store
	ex    *extract.Extractor
	opts  Options
	start time.Time

	stop func(error) // cancels the run: the store failed

	// Jobs are committed in the order they were handed out, so that a run over the same input commits (and
	// decides which copy is the duplicate, and later clusters) in the same order whatever the workers' timing.
	// window holds one token per job handed out and not yet released in order by the writer: it bounds how far
	// the reader runs ahead of the slowest job, and so the writer's reorder buffer.
	seq    int64
	window chan struct{}

	mu      sync.Mutex // guards p, reasons and the callbacks
	p       Progress
	reasons map[string]int
}

func (r *run) fail(origin newsgraph.Origin, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.p.Failed++
	r.reasons[reason(err)]++
	if r.opts.Failure != nil {
		r.opts.Failure(Failure{Origin: origin, Err: err})
	}
}

func (r *run) progress(update func(*Progress)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	update(&r.p)
	if r.opts.Progress != nil {
		p := r.p
		p.Elapsed = time.Since(r.start)
		r.opts.Progress(p)
	}
}

// reason names an error's cause for the summary.
func reason(err error) string {
	for _, s := range []error{newsgraph.ErrEmpty, newsgraph.ErrBinary, newsgraph.ErrTooLarge, extract.ErrInvalidUTF8} {
		if errors.Is(err, s) {
			return s.Error()
		}
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	if len(msg) > 60 {
		msg = msg[:60] + "…"
	}
	return msg
}

// read resumes pending items, then reads every input, storing raw items in batches and handing them to workers.
func (r *run) read(ctx context.Context, inputs []source.Input, stdin io.Reader, jobs chan<- job) error {
	var after int64
	for r.opts.Queue == nil {
		pending, err := r.st.Pending(ctx, after, r.opts.BatchSize)
		if err != nil {
			return fmt.Errorf("resume pending items: %w", err)
		}
		if len(pending) == 0 {
			break
		}
		r.progress(func(p *Progress) { p.Resumed += len(pending) })
		for _, raw := range pending {
			after = raw.ID
			if err := r.send(ctx, jobs, job{rawID: raw.ID, item: raw.Item}); err != nil {
				return err
			}
		}
	}

	var batch []newsgraph.Item
	size := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		add := r.st.AddRaw
		if r.opts.Queue != nil {
			add = r.opts.Queue
		}
		ids, prior, err := add(ctx, batch)
		if err != nil {
			return fmt.Errorf("store raw items: %w", err)
		}
		dups, queued := 0, 0
		for i, it := range batch {
			switch {
			case it.Err != nil:
				r.fail(it.Origin, it.Err)
			case prior[i] == newsgraph.RawDone || prior[i] == newsgraph.RawDuplicate:
				dups++ // the same bytes from the same origin were ingested by an earlier run
			case prior[i] == newsgraph.RawPending:
				// left pending by an interrupted run: resumed by this run already
			case r.opts.Queue != nil:
				queued++ // new, or failed before: queued with the batch
			default: // new, or failed before and tried again
				if err := r.send(ctx, jobs, job{rawID: ids[i], item: it}); err != nil {
					return err
				}
			}
		}
		r.progress(func(p *Progress) { p.Read += len(batch); p.Duplicates += dups; p.Queued += queued })
		batch, size = batch[:0], 0
		return nil
	}
	for _, in := range inputs {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var runErr error // the store or the run failed: stop everything
		// An error from Read itself concerns the input, and Read has already delivered it as a failed item.
		_ = source.Read(ctx, in, stdin, r.opts.Source, func(it newsgraph.Item) error {
			batch = append(batch, it)
			size += len(it.Raw)
			if len(batch) >= r.opts.BatchSize || size >= 16<<20 {
				runErr = flush()
			}
			return runErr
		})
		if runErr != nil {
			return runErr
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// Local workers get each input's items at once; queued items are batched across inputs (a directory
		// of small files), so that jobs carry full batches.
		if r.opts.Queue == nil {
			if err := flush(); err != nil {
				return err
			}
		}
		r.progress(func(p *Progress) { p.InputsDone++ })
	}
	return flush()
}

// process extracts one raw item into a document and annotates it.
func (r *run) process(ctx context.Context, j job) result {
	doc, err := Process(ctx, r.ex, r.opts.Annotate, j.item)
	return result{newsgraph.Outcome{RawID: j.rawID, Doc: doc, Err: err}, j.item.Origin, j.seq}
}

// Process turns a stored raw item into an annotated document: Build, then annotate when annotate is not nil.
// The error names the item's origin, as the reason stored for a failed item should. Ingest's workers and
// server-mode workers (package worker) process items with it.
func Process(ctx context.Context, ex *extract.Extractor, annotate func(context.Context, *newsgraph.Document) error, it newsgraph.Item) (*newsgraph.Document, error) {
	doc, err := Build(ex, it)
	if err == nil && annotate != nil {
		err = annotate(ctx, doc)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", it.Origin, err) // the stored reason names the input
	}
	return doc, nil
}

// send hands a job to the workers, numbered in order, once the window has room.
func (r *run) send(ctx context.Context, jobs chan<- job, j job) error {
	select {
	case r.window <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	j.seq = r.seq
	r.seq++
	select {
	case jobs <- j:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// write commits outcomes in the order their jobs were handed out, in batches: when a batch is full, or 200 ms
// after its first outcome.
func (r *run) write(ctx context.Context, results <-chan result) error {
	var batch []newsgraph.Outcome
	var origins []newsgraph.Origin
	waiting := map[int64]result{} // finished out of order
	var next int64
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	var failed error
	flush := func() {
		defer func() { batch, origins = batch[:0], origins[:0] }()
		if len(batch) == 0 || failed != nil {
			return
		}
		if err := r.st.Commit(ctx, batch); err != nil {
			failed = fmt.Errorf("store documents: %w", err)
			r.stop(failed) // stop reading; what is in flight is drained and dropped (it stays pending)
			return
		}
		var n, d int
		var fresh []*newsgraph.Document
		for i, o := range batch {
			switch {
			case o.Doc == nil:
				r.fail(origins[i], o.Err)
			case o.Duplicate:
				d++
			default:
				n++
				fresh = append(fresh, o.Doc)
			}
		}
		if r.opts.Cluster != nil && len(fresh) > 0 {
			if err := r.opts.Cluster(ctx, fresh); err != nil {
				failed = fmt.Errorf("cluster documents: %w", err)
				r.stop(failed)
			}
		}
		r.progress(func(p *Progress) { p.New += n; p.Duplicates += d })
	}
	for {
		select {
		case o, ok := <-results:
			if !ok {
				flush()
				return failed
			}
			waiting[o.seq] = o
			for {
				o, ok := waiting[next]
				if !ok {
					break
				}
				delete(waiting, next)
				next++
				<-r.window
				batch, origins = append(batch, o.Outcome), append(origins, o.origin)
				if len(batch) >= r.opts.BatchSize {
					flush()
				}
			}
		case <-tick.C:
			flush()
		}
	}
}

// Build turns a raw item into a document: extraction by format, then container metadata (a feed's or JSONL
// line's title, date, author and site are authoritative where given), then identity.
func Build(ex *extract.Extractor, it newsgraph.Item) (*newsgraph.Document, error) {
	var res extract.Result
	var err error
	switch {
	case it.Format == newsgraph.FormatHTML:
		res, err = ex.HTML(it.Raw, it.Origin.URL)
	case it.Title != "": // the container gave the title: the first line is body text
		res, err = ex.Body(it.Raw)
	default:
		res, err = ex.Text(it.Raw)
	}
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	d := &newsgraph.Document{
		URL: first(it.Origin.URL, res.URL), Title: first(it.Title, res.Title), Author: first(it.Author, res.Author),
		Site: first(it.Site, res.Site), Language: first(res.Language, it.Language),
		Published: res.Published, PublishedPrecision: res.PublishedPrecision,
		Text: res.Text, Paragraphs: res.Paragraphs, Meta: it.Meta, Origin: it.Origin, Format: it.Format,
	}
	if !it.Published.IsZero() {
		d.Published, d.PublishedPrecision = it.Published, it.Meta["published_precision"]
		if d.PublishedPrecision == "" {
			d.PublishedPrecision = precision(it.Published)
		}
	}
	if _, ok := it.Meta["published_precision"]; ok { // a reader's note to us, not the article's metadata
		d.Meta = make(map[string]string, len(it.Meta))
		for k, v := range it.Meta {
			if k != "published_precision" {
				d.Meta[k] = v
			}
		}
	}
	if d.Site == "" && d.URL != "" {
		if u, err := url.Parse(d.URL); err == nil {
			d.Site = strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	d.ID = newsgraph.DocumentID(d.Text)
	return d, nil
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// precision guesses whether a container date carries a time of day: midnight UTC is read as a date alone.
func precision(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return newsgraph.PrecisionDay
	}
	return newsgraph.PrecisionSecond
}
