package api

import (
	"context"
	"fmt"
	"io"

	"newsgraph"
	"newsgraph/extract"
	"newsgraph/ingest"
	"newsgraph/source"
)

// IngestSetup returns the ingest options of one ingest request (annotation, clustering) and a function to call
// when the run has ended (to save the clusterer's state); finish may be nil.
type IngestSetup func(ctx context.Context) (opts ingest.Options, finish func(context.Context) error, err error)

// maxFailures bounds the failures an ingest reply lists.
const maxFailures = 100

// Ingester returns an Options.Ingest that stores the request body into st with ingest.Run, as
// `newsgraph ingest -` stores standard input: the body is sniffed by content (JSON Lines, an HTML page, text,
// RSS/Atom, WARC), every item is stored raw first, then extracted, annotated and committed. Items are stored
// under the path "-" with their record number.
func Ingester(st newsgraph.Store, setup IngestSetup) func(ctx context.Context, r io.Reader) (IngestResult, error) {
	ex := extract.New(extract.Options{})
	return func(ctx context.Context, r io.Reader) (IngestResult, error) {
		opts, finish, err := setup(ctx)
		if err != nil {
			return IngestResult{}, err
		}
		var res IngestResult
		opts.Failure = func(f ingest.Failure) {
			if len(res.Failures) < maxFailures {
				res.Failures = append(res.Failures, f.String())
			}
		}
		opts.Progress = nil
		inputs, err := source.Plan([]string{"-"})
		if err != nil {
			return res, err
		}
		sum, err := ingest.Run(ctx, st, ex, inputs, r, opts)
		if err != nil {
			return res, err
		}
		if finish != nil {
			if err := finish(ctx); err != nil {
				return res, fmt.Errorf("after ingest: %w", err)
			}
		}
		res.Read, res.New, res.Duplicates, res.Failed = sum.Read, sum.New, sum.Duplicates, sum.Failed
		return res, nil
	}
}
