package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"newsgraph/annotate"
	"newsgraph/annotate/ner"
	"newsgraph/annotate/pos"
	"newsgraph/annotate/quote"
	"newsgraph/cluster"
	"newsgraph/internal/shared"
)

// train trains a model on benchmark data: `newsgraph train ner` rebuilds the embedded NER model.
func (m *Main) train(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "quotes" {
		return m.trainQuotes(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "cluster" {
		return m.trainCluster(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "pos" {
		return m.trainPOS(ctx, args[1:])
	}
	if len(args) == 0 || args[0] != "ner" {
		return fmt.Errorf("want a model to train (ner, pos, quotes, cluster): %w", errUsage)
	}
	f := newFlags(m, "train", false, false)
	data := shared.Dir("data")
	tr := f.String("train", filepath.Join(data, "ner", "conll2003", "train.txt"), "CoNLL-2003 training file")
	dev := f.String("dev", filepath.Join(data, "ner", "conll2003", "dev.txt"), "CoNLL-2003 file that picks the epochs ('' none)")
	out := f.String("out", filepath.Join("annotate", "ner", "model", "ner.bin.zst"), "where to write the model")
	epochs := f.Int("epochs", 0, "most epochs per stage (0: the trainer's default)")
	unlabeled := f.String("unlabeled", strings.Join(ner.Unlabeled(data), ","), "comma-separated unlabelled news files or directories for word clusters ('' none)")
	seed := f.Uint64("seed", 1, "shuffle seed; one seed gives one model")
	if _, err := f.parse(args[1:]); err != nil {
		return err
	}
	if data == "" && !f.isSet("train") {
		return fmt.Errorf("../shared/data not found: give --train and --dev: %w", errUsage)
	}
	opt := ner.TrainOptions{Train: *tr, Dev: *dev, Epochs: *epochs, Seed: *seed, Progress: func(s string) { fmt.Fprintln(m.Stderr, s) }}
	if *unlabeled != "" {
		opt.Unlabeled = strings.Split(*unlabeled, ",")
	}
	start := time.Now()
	model, rep, err := ner.Train(ctx, opt)
	if err != nil {
		return err
	}
	if err := saveModel(*out, model.Save); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "trained on %d sentences (%d tokens) in %s: %d features, %d words with a cluster\n",
		rep.Sentences, rep.Tokens, time.Since(start).Round(time.Second), rep.Features, rep.ClusterWords)
	fmt.Fprintf(m.Stdout, "dev F1: stage 1 %.4f (epoch %d), stage 2 %.4f (epoch %d)\nmodel written to %s\n",
		rep.Stage1DevF1, rep.Stage1Epoch, rep.Stage2DevF1, rep.Stage2Epoch, *out)
	return nil
}

// trainQuotes rebuilds the quote model (annotate/quote/model.gob.gz) from PolNeAR's training split.
func (m *Main) trainQuotes(ctx context.Context, args []string) error {
	f := newFlags(m, "train", false, false)
	data := shared.Dir("data")
	dir := f.String("train", filepath.Join(data, "quotes", "polnear", "train"), "PolNeAR training directory (text/ and attributions/)")
	out := f.String("out", filepath.Join("annotate", "quote", "model.gob.gz"), "where to write the model")
	if _, err := f.parse(args); err != nil {
		return err
	}
	if data == "" && !f.isSet("train") {
		return fmt.Errorf("../shared/data not found: give --train: %w", errUsage)
	}
	// Train reads the layers quotes are found from (sentences, mentions, entities, dates), not the pipeline's quotes.
	p, err := annotate.Default(annotate.Options{})
	if err != nil {
		return err
	}
	start := time.Now()
	model, err := quote.Train(ctx, *dir, quote.TrainOptions{Annotate: p.Annotate})
	if err != nil {
		return err
	}
	if err := saveModel(*out, model.Save); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "trained the quote model on %s in %s: %d weights, written to %s\n", *dir, time.Since(start).Round(time.Second), model.Len(), *out)
	return nil
}

// trainPOS rebuilds the part-of-speech model (annotate/pos/model.gob.gz) from CoNLL-2003's POS column.
func (m *Main) trainPOS(ctx context.Context, args []string) error {
	f := newFlags(m, "train", false, false)
	data := shared.Dir("data")
	tr := f.String("train", filepath.Join(data, "ner", "conll2003", "train.txt"), "CoNLL-2003 training file")
	dev := f.String("dev", filepath.Join(data, "ner", "conll2003", "dev.txt"), "CoNLL-2003 file that picks the epoch ('' none)")
	out := f.String("out", filepath.Join("annotate", "pos", "model.gob.gz"), "where to write the model")
	if _, err := f.parse(args); err != nil {
		return err
	}
	if data == "" && !f.isSet("train") {
		return fmt.Errorf("../shared/data not found: give --train and --dev: %w", errUsage)
	}
	train, err := pos.ReadCoNLL(*tr)
	if err != nil {
		return err
	}
	opt := pos.TrainOptions{Progress: func(s string) { fmt.Fprintln(m.Stderr, s) }}
	if *dev != "" {
		if opt.Dev, err = pos.ReadCoNLL(*dev); err != nil {
			return err
		}
	}
	start := time.Now()
	model, err := pos.Train(ctx, train, opt)
	if err != nil {
		return fmt.Errorf("train pos %s: %w", *tr, err)
	}
	if err := saveModel(*out, model.Save); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "trained the POS model in %s, written to %s\n", time.Since(start).Round(time.Second), *out)
	if opt.Dev != nil {
		seen := map[string]bool{}
		for _, s := range train {
			for _, t := range s {
				seen[t.Word] = true
			}
		}
		acc, unk, n := pos.Accuracy(model, opt.Dev, func(w string) bool { return seen[w] })
		fmt.Fprintf(m.Stdout, "dev token accuracy %.2f%% (%d words not in training: %.2f%%)\n", 100*acc, n, 100*unk)
	}
	return nil
}

// trainCluster rebuilds the clusterer's prior word-frequency table (cluster/prior.bin.gz) from the unlabelled
// news under ../shared/data (never the ECB+ texts the clusters are scored on).
func (m *Main) trainCluster(ctx context.Context, args []string) error {
	f := newFlags(m, "train", false, false)
	data := shared.Dir("data")
	out := f.String("out", filepath.Join("cluster", "prior.bin.gz"), "where to write the table")
	if _, err := f.parse(args); err != nil {
		return err
	}
	if data == "" {
		return fmt.Errorf("../shared/data not found: %w", errUsage)
	}
	start := time.Now()
	p, rep, err := cluster.TrainPrior(ctx, cluster.PriorSources(data))
	if err != nil {
		return err
	}
	if err := saveModel(*out, p.Save); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "trained the cluster prior in %s: %+v, written to %s\n", time.Since(start).Round(time.Second), rep, *out)
	return nil
}

// saveModel writes a trained model to path with its Save method.
func saveModel(path string, save func(io.Writer) error) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := save(fh); err != nil {
		fh.Close()
		return fmt.Errorf("save %s: %w", path, err)
	}
	return fh.Close()
}
