// Command nertool trains and scores the NER model of newsgraph/annotate/ner during development.
//
//	go run ./annotate/ner/internal/nertool train [-out annotate/ner/model/ner.bin.zst] [-epochs 20] ...
//	go run ./annotate/ner/internal/nertool eval [-model FILE] [-dev FILE]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"newsgraph/annotate/ner"
	"newsgraph/internal/shared"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: nertool train|eval [flags]")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var err error
	switch os.Args[1] {
	case "train":
		err = train(ctx, os.Args[2:])
	case "eval":
		err = eval(os.Args[2:])
	case "errors":
		err = showErrors(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "nertool:", err)
		os.Exit(1)
	}
}

func dataDir() string { return shared.Dir("data") }

func train(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("train", flag.ExitOnError)
	d := dataDir()
	tr := fs.String("train", filepath.Join(d, "ner", "conll2003", "train.txt"), "training file")
	dev := fs.String("dev", filepath.Join(d, "ner", "conll2003", "dev.txt"), "dev file (epoch selection)")
	out := fs.String("out", "", "write the model here")
	epochs := fs.Int("epochs", 20, "most epochs per stage")
	unl := fs.String("unlabeled", strings.Join(ner.Unlabeled(dataDir()), ","), "comma-separated unlabelled text files/dirs for clusters ('' none)")
	one := fs.Bool("one-stage", false, "skip the document-level second stage")
	noAgg := fs.Bool("no-aggregate", false, "leave out context aggregation")
	noList := fs.Bool("no-list", false, "leave out the list of names seen in training")
	folds := fs.Int("folds", 5, "jackknife folds")
	minCount := fs.Int("min-count", 2, "feature count cutoff")
	prune := fs.Float64("prune", 0, "prune weights below this fraction of the largest")
	seed := fs.Uint64("seed", 1, "shuffle seed")
	fs.Parse(args)
	opt := ner.TrainOptions{Train: *tr, Dev: *dev, Epochs: *epochs, OneStage: *one, NoAggregate: *noAgg, NoList: *noList, Folds: *folds, MinCount: *minCount,
		Prune: *prune, Seed: *seed, Progress: func(s string) { fmt.Fprintln(os.Stderr, s) }}
	if *unl != "" {
		opt.Unlabeled = strings.Split(*unl, ",")
	}
	m, rep, err := ner.Train(ctx, opt)
	if err != nil {
		return err
	}
	fmt.Printf("trained in %s (clusters %s, stage1 %s, jackknife %s, stage2 %s): %d features, %d cluster words\n",
		rep.Duration.Round(time.Second), rep.ClustersDuration.Round(time.Second), rep.Stage1.Round(time.Second),
		rep.Jackknife.Round(time.Second), rep.Stage2.Round(time.Second), rep.Features, rep.ClusterWords)
	fmt.Printf("stage 1: epoch %d dev F1 %.2f; stage 2: epoch %d dev F1 %.2f\n", rep.Stage1Epoch, 100*rep.Stage1DevF1, rep.Stage2Epoch, 100*rep.Stage2DevF1)
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		if err := m.Save(f); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		st, _ := os.Stat(*out)
		fmt.Printf("wrote %s (%.1f MB)\n", *out, float64(st.Size())/1e6)
		return evalModel(*out, *dev)
	}
	return nil
}

func eval(args []string) error {
	fs := flag.NewFlagSet("eval", flag.ExitOnError)
	model := fs.String("model", "", "model file (default: the embedded one)")
	dev := fs.String("dev", filepath.Join(dataDir(), "ner", "conll2003", "dev.txt"), "file to score")
	fs.Parse(args)
	return evalModel(*model, *dev)
}

func evalModel(path, dev string) error {
	t0 := time.Now()
	var m *ner.Model
	var err error
	if path == "" {
		m, err = ner.Default()
	} else {
		var f *os.File
		if f, err = os.Open(path); err != nil {
			return err
		}
		m, err = ner.Load(f)
		f.Close()
	}
	if err != nil {
		return err
	}
	load := time.Since(t0)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	f, err := os.Open(dev)
	if err != nil {
		return err
	}
	docs, err := ner.ReadCoNLL(f, dev)
	f.Close()
	if err != nil {
		return err
	}
	t0 = time.Now()
	type cnt struct{ tp, np, ng int }
	per := map[string]*cnt{}
	for _, t := range append(ner.Types[:], "ALL") {
		per[t] = &cnt{}
	}
	toks := 0
	for _, d := range docs {
		got := m.TagDocument(d.Sentences)
		for s := range d.Sentences {
			toks += len(d.Sentences[s])
			gold := ner.Spans(d.Tags[s])
			for _, p := range got[s] {
				per[p.Label].np++
				per["ALL"].np++
				for _, g := range gold {
					if g == p {
						per[p.Label].tp++
						per["ALL"].tp++
						break
					}
				}
			}
			for _, g := range gold {
				if c, ok := per[g.Label]; ok {
					c.ng++
				}
				per["ALL"].ng++
			}
		}
	}
	el := time.Since(t0)
	fmt.Printf("load %s, heap after load %.0f MB, tagged %d tokens in %s (%.0f tokens/s)\n", load.Round(time.Millisecond),
		float64(ms.HeapAlloc)/1e6, toks, el.Round(time.Millisecond), float64(toks)/el.Seconds())
	for _, t := range append(ner.Types[:], "ALL") {
		c := per[t]
		p, r := float64(c.tp)/float64(max(c.np, 1)), float64(c.tp)/float64(max(c.ng, 1))
		f := 0.0
		if p+r > 0 {
			f = 2 * p * r / (p + r)
		}
		fmt.Printf("%-5s P %6.2f R %6.2f F1 %6.2f  (gold %d, pred %d)\n", t, 100*p, 100*r, 100*f, c.ng, c.np)
	}
	return nil
}

// showErrors prints the dev spans the model misses or invents, with their sentence.
func showErrors(args []string) error {
	fs := flag.NewFlagSet("errors", flag.ExitOnError)
	model := fs.String("model", "", "model file (default: the embedded one)")
	dev := fs.String("dev", filepath.Join(dataDir(), "ner", "conll2003", "dev.txt"), "file to score")
	fs.Parse(args)
	var m *ner.Model
	var err error
	if *model == "" {
		m, err = ner.Default()
	} else {
		f, err2 := os.Open(*model)
		if err2 != nil {
			return err2
		}
		m, err = ner.Load(f)
		f.Close()
	}
	if err != nil {
		return err
	}
	f, err := os.Open(*dev)
	if err != nil {
		return err
	}
	docs, err := ner.ReadCoNLL(f, *dev)
	f.Close()
	if err != nil {
		return err
	}
	for _, d := range docs {
		got := m.TagDocument(d.Sentences)
		for s, toks := range d.Sentences {
			gold := ner.Spans(d.Tags[s])
			in := func(sp ner.Span, list []ner.Span) bool {
				for _, x := range list {
					if x == sp {
						return true
					}
				}
				return false
			}
			var lines []string
			for _, p := range got[s] {
				if !in(p, gold) {
					lines = append(lines, fmt.Sprintf("  FP %s %q", p.Label, strings.Join(toks[p.Start:p.End], " ")))
				}
			}
			for _, g := range gold {
				if !in(g, got[s]) {
					lines = append(lines, fmt.Sprintf("  FN %s %q", g.Label, strings.Join(toks[g.Start:g.End], " ")))
				}
			}
			if len(lines) > 0 {
				fmt.Printf("%s | %s\n%s\n", d.Name, strings.Join(toks, " "), strings.Join(lines, "\n"))
			}
		}
	}
	return nil
}
