package apitest

import (
	"context"
	"fmt"
	"sync"

	"newsgraph"
	"newsgraph/annotate"
	"newsgraph/cluster"
	"newsgraph/extract"
	"newsgraph/ingest"
	"newsgraph/source"
)

var pipeline = sync.OnceValues(func() (*annotate.Pipeline, error) { return annotate.Default(annotate.Options{}) })

// Setup is an api.IngestSetup with the built-in annotation pipeline and clustering into st, as
// `newsgraph ingest` runs them.
func Setup(st newsgraph.Store) func(ctx context.Context) (ingest.Options, func(context.Context) error, error) {
	return func(ctx context.Context) (ingest.Options, func(context.Context) error, error) {
		p, err := pipeline()
		if err != nil {
			return ingest.Options{}, nil, err
		}
		opts := ingest.Options{Annotate: p.Annotate, Workers: 2}
		cs, ok := st.(newsgraph.ClusterStore)
		if !ok || cs == nil {
			return opts, nil, nil
		}
		c, err := ingest.NewClusterer(ctx, st, cluster.Options{})
		if err != nil {
			return opts, nil, err
		}
		opts.Cluster = func(ctx context.Context, docs []*newsgraph.Document) error {
			_, err := c.Add(ctx, docs)
			return err
		}
		return opts, c.Flush, nil
	}
}

// Ingest reads paths (files or directories) into st through extraction, annotation and clustering, as
// `newsgraph ingest` does, and returns the number of new documents.
func Ingest(ctx context.Context, st newsgraph.Store, paths ...string) (int, error) {
	opts, finish, err := Setup(st)(ctx)
	if err != nil {
		return 0, err
	}
	inputs, err := source.Plan(paths)
	if err != nil {
		return 0, err
	}
	var failures []error
	opts.Failure = func(f ingest.Failure) { failures = append(failures, fmt.Errorf("%s", f)) }
	sum, err := ingest.Run(ctx, st, extract.New(extract.Options{}), inputs, nil, opts)
	if err != nil {
		return sum.New, err
	}
	if finish != nil {
		if err := finish(ctx); err != nil {
			return sum.New, err
		}
	}
	if sum.New == 0 {
		return 0, fmt.Errorf("ingest %v: no document stored (%v)", paths, failures)
	}
	return sum.New, nil
}
