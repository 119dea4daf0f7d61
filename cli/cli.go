// Package cli is newsgraph's command line: Main parses arguments and runs one command. cmd/newsgraph only calls
// Main.Run, so end-to-end tests drive the very same code with their own arguments and streams.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"newsgraph/query"
	"os"
	"strings"
	"time"

	"newsgraph"
	"newsgraph/store/postgres"
	"newsgraph/store/sqlite"
)

// Main is one invocation of the newsgraph command.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Interactive enables the progress bar on Stderr; set it when Stderr is a terminal.
	Interactive bool

	closers []io.Closer
}

// New returns a Main on the process's standard streams.
func New() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Interactive: isTerminal(os.Stderr)}
}

// Close releases what the command opened (the store).
func (m *Main) Close() error {
	var errs []error
	for i := len(m.closers) - 1; i >= 0; i-- {
		errs = append(errs, m.closers[i].Close())
	}
	m.closers = nil
	return errors.Join(errs...)
}

// errUsage marks an error in the command line itself: exit status 2.
var errUsage = errors.New("usage")

type command struct {
	name, args, summary string
	run                 func(m *Main, ctx context.Context, args []string) error
}

// commands is the one table of subcommands ("help" is handled by Run).
var commands = []command{
	{"ingest", "[--db FILE|postgres://...] [--process] [--workers N] [--cluster=false] [--gazetteer FILE] [--cameo-actors FILE] [--cameo-verbs FILE] PATH...", "read files, directories, feeds, JSONL, WARC (or - for stdin) into the store; on PostgreSQL, queue them for workers", (*Main).ingest},
	{"worker", "--db postgres://... [--workers N] [--cluster=false] [--until-idle] [--fetch-cooldown D] [--fetch-poll D] [--job-timeout D] [--rescue-after D] [--pool N] [--gazetteer FILE] [--cameo-actors FILE] [--cameo-verbs FILE]", "server mode: process the jobs ingest queued, on any number of machines (docs/server.md)", (*Main).worker},
	{"search", "[--db FILE] [--lang L] [--site S] [--from D] [--to D] [--limit N] [--offset N] [--json] QUERY", "full-text search: words, \"phrases\", OR, -exclude, prefix*", (*Main).search},
	{"show", "[--db FILE] [--json] ID", "a stored document: metadata and clean text", (*Main).show},
	{"extract", "[--json] FILE...", "what the extractor sees in files, without storing", (*Main).extract},
	{"stats", "[--db FILE] [--json]", "documents, sources, languages, date range", (*Main).stats},
	{"failures", "[--db FILE] [--limit N]", "items that could not be ingested, with the reason", (*Main).failures},
	{"annotate", "[--json] [--published YYYY-MM-DD] [--gazetteer FILE] [--cameo-actors FILE] [--cameo-verbs FILE] FILE...", "entities, time expressions, quotes and events in files, without storing", (*Main).annotate},
	{"entities", "[--db FILE] [--type PER|ORG|LOC|NORP|MISC] [--top N] [--name S] [--from D] [--to D] [--json]", "canonical entities by mention count, with their roles at the time", (*Main).entities},
	{"entity", "[--db FILE] [--json] NAME|ID", "an entity's profile: names, roles, mentions over time, related entities, documents", (*Main).entity},
	{"quotes", "[--db FILE] [--by NAME] [--about NAME] [--from D] [--to D] [--limit N] [--json]", "who said what, when, in which article, with the sentence", (*Main).quotes},
	{"events", "[--db FILE] [--actor NAME] [--target NAME] [--involving NAME] [--code CAMEO] [--from D] [--to D] [--limit N] [--json]", "coded events: who did what to whom, when, where, in which sentence of which article", (*Main).events},
	{"graph", "[--db FILE] [--from D] [--to D] [--format gexf|graphml|json] [--actor NAME] [--step year|month]", "the actor graph of a time window, to stdout (GEXF for Gephi, GraphML, JSON)", (*Main).graph},
	{"relation", "[--db FILE] --from D --to D [--step year|month] [--json] ACTOR OTHER", "how the relation between two actors changes over time, window by window", (*Main).relation},
	{"timeline", "[--db FILE] [--from D] [--to D] [--json] NAME|ID", "dated events and quotes involving an actor, oldest first", (*Main).timeline},
	{"export", "events [--db FILE] [--format csv|jsonl] [--from D] [--to D]", "every event, one row each, with documented columns (see docs)", (*Main).export},
	{"duplicates", "[--db FILE] [--kind exact|copy|rewrite] [--limit N] [--json]", "exact copies, syndicated copies and rewritten copies, with their similarity", (*Main).duplicates},
	{"clusters", "[--db FILE] [--from D] [--to D] [--min-size N] [--limit N] [--json]", "same-event clusters, largest first: label, date span, members", (*Main).clusters},
	{"cluster", "[--db FILE] [--json] ID", "one cluster: members and how each relates (copy, rewrite, report), shared entities, dates, sites", (*Main).clusterCmd},
	{"stories", "[--db FILE] [--from D] [--to D] [--min-clusters N] [--limit N] [--json]", "clusters chained into stories over time", (*Main).stories},
	{"serve", "[--db FILE] [--addr 127.0.0.1:8080] [--ingest-token T]", "the web UI and the JSON API (/api/v1) over the store, on this machine by default", (*Main).serve},
	{"demo", "[--db FILE] [--serve=false] [--addr HOST:PORT]", "ingest the built-in sample corpus, show what was found, then serve the UI on it", (*Main).demo},
	{"train", "ner [--train FILE] [--dev FILE] [--out FILE] [--unlabeled PATHS] | quotes [--train DIR] [--out FILE] | cluster [--out FILE]", "rebuild an embedded model from ../shared/data (ner, quotes, cluster prior)", (*Main).train},
	{"eval", "extraction|pubdate|timex|quotes|clusters DIR | ner|events FILE", "score a stage on benchmark data (see ../shared/data)", (*Main).eval},
}

// Run runs the command line args (without the program name) and returns the process exit status:
// 0 success, 1 failure, 2 a usage error.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		m.help(ctx, nil)
		return 2
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" {
		m.help(ctx, nil)
		return 0
	}
	for _, c := range commands {
		if c.name == name || "-"+c.name == name || "--"+c.name == name {
			err := c.run(m, ctx, args[1:])
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				return 0
			case errors.Is(err, errUsage):
				fmt.Fprintf(m.Stderr, "newsgraph %s: %v\nusage: newsgraph %s %s\n", name, err, c.name, c.args)
				return 2
			case errors.Is(err, errQuiet):
				return 1
			default:
				fmt.Fprintf(m.Stderr, "newsgraph %s: %v\n", name, err)
				return 1
			}
		}
	}
	fmt.Fprintf(m.Stderr, "newsgraph: unknown command %q\n", name)
	m.help(ctx, nil)
	return 2
}

// errQuiet is returned by commands that already reported their failure.
var errQuiet = errors.New("failed")

func (m *Main) help(_ context.Context, _ []string) error {
	fmt.Fprintln(m.Stdout, "newsgraph turns news articles into structured knowledge.\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(m.Stdout, "  %-9s %s\n            %s\n", c.name, c.summary, c.args)
	}
	fmt.Fprintln(m.Stdout, "\nThe database defaults to ./newsgraph.db; choose another with --db.")
	return nil
}

// flags is a command's flag set with the options every store-backed command shares.
type flags struct {
	*flag.FlagSet
	db    string
	json  bool
	terms bool // -word arguments that name no flag are positionals (search exclusions)
}

func newFlags(m *Main, name string, store, json bool) *flags {
	f := &flags{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError)}
	f.SetOutput(m.Stderr)
	if store {
		f.StringVar(&f.db, "db", "newsgraph.db", "database: a SQLite file, or postgres://user@host/db for server mode")
	}
	if json {
		f.BoolVar(&f.json, "json", false, "print JSON, one object per line")
	}
	return f
}

// parse parses flags wherever they appear among the positional arguments and returns the positionals.
// Everything after "--" is positional. With terms set (search), an argument such as -word that names no flag is
// a positional too: an exclusion in the query.
func (f *flags) parse(args []string) ([]string, error) {
	var pos []string
	for len(args) > 0 {
		a := args[0]
		if a == "--" {
			return append(pos, args[1:]...), nil
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if len(a) < 2 || a[0] != '-' || (f.terms && f.Lookup(name) == nil && name != "h" && name != "help") {
			pos = append(pos, a)
			args = args[1:]
			continue
		}
		// One flag at a time, with its value when it takes one.
		n := 1
		if fl := f.Lookup(name); fl != nil && !hasValue && !isBoolFlag(fl) && len(args) > 1 {
			n = 2
		}
		if err := f.Parse(args[:n]); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, fmt.Errorf("%v: %w", err, errUsage)
		}
		args = args[n:]
	}
	return pos, nil
}

func isBoolFlag(fl *flag.Flag) bool {
	b, ok := fl.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// open opens the store named by --db and registers it for Close: a PostgreSQL connection string
// (postgres://... or postgresql://...) opens the server store, anything else is a SQLite file.
func (m *Main) open(ctx context.Context, db string) (newsgraph.Store, error) {
	var st newsgraph.Store
	var err error
	if isPostgres(db) {
		st, err = postgres.Open(ctx, db)
	} else {
		st, err = sqlite.Open(ctx, db)
	}
	if err != nil {
		return nil, err
	}
	m.closers = append(m.closers, st)
	return st, nil
}

// isPostgres reports whether a --db value names a PostgreSQL server rather than a SQLite file.
func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// parseDate reads a --from or --to value: YYYY-MM-DD, YYYY-MM or YYYY. A month or a year stands for its first
// day as a lower bound and its last day as an upper bound (end true).
func parseDate(s, flagName string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, ok := query.DateBound(s, end); ok {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("--%s %q: want YYYY-MM-DD, YYYY-MM or YYYY: %w", flagName, s, errUsage)
}

func day(t time.Time) string {
	if t.IsZero() {
		return "undated   "
	}
	return t.Format("2006-01-02")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// isSet reports whether the flag was given on the command line.
func (f *flags) isSet(name string) bool {
	set := false
	f.Visit(func(fl *flag.Flag) { set = set || fl.Name == name })
	return set
}
