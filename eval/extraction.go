// Package eval holds the scorers that measure each stage of newsgraph against the public benchmark data in
// ../shared/data, and the runners that print their scores.
package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"newsgraph/extract"
	"newsgraph/internal/shared"
)

// SegmentScore is the trafilatura benchmark's score of main-text extraction. Each page lists segments the
// main text must contain ("with") and segments it must not contain ("without"): a "with" segment found is a
// true positive (TP), missing a false negative (FN); a "without" segment found is a false positive (FP),
// absent a true negative (TN). Segments are matched as substrings after white space is collapsed, as the
// benchmark's own scorer does. A page that fails to extract counts every "with" segment as FN and every
// "without" segment as TN.
type SegmentScore struct {
	TP, FP, FN, TN          int
	Precision, Recall, F1   float64
	Docs, Failed            int           // pages scored; pages whose extraction returned an error
	PerDoc                  time.Duration // mean extraction time of one page on one core (reading excluded)
	TitleDocs, TitleCorrect int           // pages with a gold title; of them, extracted title equal after folding
	DateDocs, DateCorrect   int           // pages with a gold date; of them, extracted date on the same day
}

// ExtractionOptions select the pages and the parallelism of an extraction run. The zero value scores every
// page with 2 workers.
type ExtractionOptions struct {
	Every   int // score every Every-th page in URL order (1 or 0: all pages)
	Workers int // concurrent extractions; 0: 2
}

// extractionEntry is one page of evaldata.json.
type extractionEntry struct {
	File    string   `json:"file"`
	With    []string `json:"with"`
	Without []string `json:"without"`
	Date    string   `json:"date"`
	Title   string   `json:"title"`
}

// Extraction scores ex on the trafilatura benchmark in dir (the folder holding evaldata.json and
// html/<file>.gz, i.e. ../shared/data/extraction/trafilatura) with the default ExtractionOptions. Pages that
// fail are listed on progress, one line each.
func Extraction(ctx context.Context, dir string, ex *extract.Extractor, progress io.Writer) (SegmentScore, error) {
	return ExtractionWith(ctx, dir, ex, progress, ExtractionOptions{})
}

// ExtractionWith is Extraction with options.
func ExtractionWith(ctx context.Context, dir string, ex *extract.Extractor, progress io.Writer, opts ExtractionOptions) (SegmentScore, error) {
	if progress == nil {
		progress = io.Discard
	}
	name := filepath.Join(dir, "evaldata.json")
	b, err := os.ReadFile(name)
	if err != nil {
		return SegmentScore{}, fmt.Errorf("extraction benchmark: %w", err)
	}
	var data map[string]extractionEntry
	if err := json.Unmarshal(b, &data); err != nil {
		return SegmentScore{}, fmt.Errorf("extraction benchmark: read %s: %w", name, err)
	}
	urls := make([]string, 0, len(data))
	for u := range data {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	every := max(opts.Every, 1)
	workers := opts.Workers
	if workers <= 0 {
		workers = 2
	}

	var (
		mu    sync.Mutex
		score SegmentScore
		spent time.Duration
		wg    sync.WaitGroup
	)
	jobs := make(chan string)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range jobs {
				e := data[u]
				doc := extractionScorePage(dir, u, e, ex)
				mu.Lock()
				score.add(doc)
				spent += doc.spent
				if doc.err != nil {
					fmt.Fprintf(progress, "FAIL %s (%s): %v\n", u, e.File, doc.err)
				}
				mu.Unlock()
			}
		}()
	}
	var ctxErr error
feed:
	for i, u := range urls {
		if i%every != 0 {
			continue
		}
		select {
		case jobs <- u:
		case <-ctx.Done():
			ctxErr = ctx.Err()
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if ctxErr != nil {
		return SegmentScore{}, fmt.Errorf("extraction benchmark: %w", ctxErr)
	}
	score.finish(spent)
	return score, nil
}

// extractionPage is the outcome of one page.
type extractionPage struct {
	tp, fp, fn, tn int
	err            error
	spent          time.Duration
	title, date    int // -1 no gold, 0 wrong, 1 right
}

func extractionScorePage(dir, url string, e extractionEntry, ex *extract.Extractor) extractionPage {
	page := extractionPage{title: -1, date: -1}
	raw, err := shared.ReadGz(filepath.Join(dir, "html", e.File+".gz"))
	var res extract.Result
	if err == nil {
		start := time.Now()
		res, err = ex.HTML(raw, url)
		page.spent = time.Since(start)
	}
	page.err = err
	text := ""
	if err == nil {
		text = extractionNorm(res.Text)
	}
	for _, s := range e.With {
		if text != "" && strings.Contains(text, extractionNorm(s)) {
			page.tp++
		} else {
			page.fn++
		}
	}
	for _, s := range e.Without {
		if text != "" && strings.Contains(text, extractionNorm(s)) {
			page.fp++
		} else {
			page.tn++
		}
	}
	if e.Title != "" {
		page.title = 0
		if err == nil && extractionFold(res.Title) == extractionFold(e.Title) {
			page.title = 1
		}
	}
	if e.Date != "" {
		page.date = 0
		if err == nil && !res.Published.IsZero() && res.Published.Format("2006-01-02") == e.Date {
			page.date = 1
		}
	}
	return page
}

func (s *SegmentScore) add(p extractionPage) {
	s.Docs++
	if p.err != nil {
		s.Failed++
	}
	s.TP += p.tp
	s.FP += p.fp
	s.FN += p.fn
	s.TN += p.tn
	if p.title >= 0 {
		s.TitleDocs++
		s.TitleCorrect += p.title
	}
	if p.date >= 0 {
		s.DateDocs++
		s.DateCorrect += p.date
	}
}

func (s *SegmentScore) finish(spent time.Duration) {
	if s.TP+s.FP > 0 {
		s.Precision = float64(s.TP) / float64(s.TP+s.FP)
	}
	if s.TP+s.FN > 0 {
		s.Recall = float64(s.TP) / float64(s.TP+s.FN)
	}
	if d := 2*s.TP + s.FP + s.FN; d > 0 {
		s.F1 = 2 * float64(s.TP) / float64(d)
	}
	if s.Docs > 0 {
		s.PerDoc = spent / time.Duration(s.Docs)
	}
}

// String renders the score on one line.
func (s SegmentScore) String() string {
	perCore := 0.0
	if s.PerDoc > 0 {
		perCore = float64(time.Second) / float64(s.PerDoc)
	}
	return fmt.Sprintf("segments: P %.4f R %.4f F1 %.4f (TP %d FP %d FN %d TN %d) docs %d failed %d; "+
		"title %d/%d; date %d/%d; %.1f pages/s per core",
		s.Precision, s.Recall, s.F1, s.TP, s.FP, s.FN, s.TN, s.Docs, s.Failed,
		s.TitleCorrect, s.TitleDocs, s.DateCorrect, s.DateDocs, perCore)
}

// extractionNorm collapses runs of white space into one space and trims the ends, as the benchmark's scorer
// does before matching.
func extractionNorm(s string) string { return strings.Join(strings.Fields(s), " ") }

// extractionFold is extractionNorm lower-cased, for comparing titles.
func extractionFold(s string) string { return strings.ToLower(extractionNorm(s)) }
