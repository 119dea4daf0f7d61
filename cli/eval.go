package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"newsgraph/annotate/ner"
	"newsgraph/eval"
	"newsgraph/extract"
)

func (m *Main) eval(ctx context.Context, args []string) error {
	f := newFlags(m, "eval", false, false)
	verbose := f.Bool("v", false, "list every miss on stderr")
	every := f.Int("every", 1, "score every N-th item only (a quick subset)")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return fmt.Errorf("want a stage and a directory or file: %w", errUsage)
	}
	var progress io.Writer = io.Discard
	if *verbose {
		progress = m.Stderr
	}
	start := time.Now()
	switch stage, dir := pos[0], pos[1]; stage {
	case "extraction":
		s, err := eval.ExtractionWith(ctx, dir, extract.New(extract.Options{}), progress, eval.ExtractionOptions{Every: *every})
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "extraction  %s\n", dir)
		fmt.Fprintf(m.Stdout, "pages       %d (%d failed to extract)\n", s.Docs, s.Failed)
		fmt.Fprintf(m.Stdout, "segments    TP %d  FP %d  FN %d  TN %d\n", s.TP, s.FP, s.FN, s.TN)
		fmt.Fprintf(m.Stdout, "precision   %.4f\nrecall      %.4f\nF1          %.4f\n", s.Precision, s.Recall, s.F1)
		if s.DateDocs > 0 {
			fmt.Fprintf(m.Stdout, "date        %.4f right to the day (%d/%d pages with a gold date)\n", float64(s.DateCorrect)/float64(s.DateDocs), s.DateCorrect, s.DateDocs)
		}
		if s.TitleDocs > 0 {
			fmt.Fprintf(m.Stdout, "title       %.4f exact (%d/%d pages with a gold title)\n", float64(s.TitleCorrect)/float64(s.TitleDocs), s.TitleCorrect, s.TitleDocs)
		}
		fmt.Fprintf(m.Stdout, "speed       %.1f ms per page per core (%.0f pages/s per core); %.1fs in all\n",
			float64(s.PerDoc.Microseconds())/1000, 1/s.PerDoc.Seconds(), time.Since(start).Seconds())
	case "pubdate":
		s, err := eval.PubDateWith(ctx, dir, progress, eval.PubDateOptions{Every: *every})
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "pubdate     %s\n", dir)
		fmt.Fprintf(m.Stdout, "pages       %d: %d right, %d wrong, %d not found\n", s.Docs, s.Correct, s.Wrong, s.Missing)
		fmt.Fprintf(m.Stdout, "accuracy    %.4f (share of pages whose date is right to the day)\n", s.Accuracy)
		fmt.Fprintf(m.Stdout, "speed       %.2f ms per page per core (HTML parsing excluded); %.1fs in all\n", float64(s.PerDoc.Microseconds())/1000, time.Since(start).Seconds())
	case "ner":
		model, err := ner.Default()
		if err != nil {
			return err
		}
		s, err := eval.NER(ctx, model, dir)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "ner         %s (exact span and type, conlleval)\n%s", dir, s.Table())
		fmt.Fprintf(m.Stdout, "time        %.1fs in all\n", time.Since(start).Seconds())
	case "timex":
		s, err := eval.Timex(ctx, dir)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "timex       %s (TempEval-3: strict and relaxed extent, type, value)\n%s", dir, s.Table())
		fmt.Fprintf(m.Stdout, "time        %.1fs in all\n", time.Since(start).Seconds())
	case "quotes":
		s, err := eval.Quotes(ctx, dir)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "quotes      %s (content overlap >= half of the union)\n%s", dir, s.Table())
		fmt.Fprintf(m.Stdout, "time        %.1fs in all\n", time.Since(start).Seconds())
	case "events":
		s, err := eval.Events(ctx, dir)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "events      %s (expected source, target and code)\n%s", dir, s.Table())
		fmt.Fprintf(m.Stdout, "time        %.1fs in all\n", time.Since(start).Seconds())
	case "clusters":
		s, err := eval.Clusters(ctx, dir)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "clusters    %s (B-cubed against the gold event clusters)\n%s\n", dir, s)
		fmt.Fprintf(m.Stdout, "time        %.1fs in all (annotation included)\n", time.Since(start).Seconds())
	default:
		return fmt.Errorf("unknown stage %q (extraction, pubdate, ner, timex, quotes, events, clusters): %w", stage, errUsage)
	}
	return nil
}
