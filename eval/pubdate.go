package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"newsgraph/internal/shared"
	"newsgraph/pubdate"
)

// DateScore is the result of scoring publication-date detection on a set of web pages with a gold date.
type DateScore struct {
	Docs     int           // pages with a gold date that were scored
	Correct  int           // pages whose found date equals the gold date to the day
	Missing  int           // pages where no date was found
	Wrong    int           // pages where a different date was found
	Accuracy float64       // Correct / Docs: the share of pages whose date is right to the day
	PerDoc   time.Duration // mean time of pubdate.FromHTML per page (HTML parsing excluded)
}

// String renders the score on one line.
func (s DateScore) String() string {
	return fmt.Sprintf("docs=%d correct=%d missing=%d wrong=%d accuracy=%.4f per-doc=%s",
		s.Docs, s.Correct, s.Missing, s.Wrong, s.Accuracy, s.PerDoc)
}

// pubdateGold is one page of a date evaluation set.
type pubdateGold struct {
	URL  string
	File string // path of the gzipped HTML page
	Date string // YYYY-MM-DD
}

// PubDateOptions selects what PubDateWith scores. The zero value scores every page.
type PubDateOptions struct {
	// Every scores only every Every-th page of the set sorted by URL (0 or 1: every page).
	Every int
}

// PubDate scores pubdate.FromHTML on the date evaluation set in dir and writes each failure (url, gold, got,
// source) to progress (nil: discard). dir is either the htmldate layout (eval.json {url: {file, date}} and
// html/<file>.gz) or the trafilatura layout (evaldata.json {url: {file, date?, ...}} and html/<file>.gz, where only
// entries with a date are scored). A date is right when its calendar day, in the time zone the page wrote it in,
// equals the gold day.
func PubDate(ctx context.Context, dir string, progress io.Writer) (DateScore, error) {
	return PubDateWith(ctx, dir, progress, PubDateOptions{})
}

// PubDateWith is PubDate with options (a subset of the pages).
func PubDateWith(ctx context.Context, dir string, progress io.Writer, opts PubDateOptions) (DateScore, error) {
	if progress == nil {
		progress = io.Discard
	}
	golds, err := pubdateLoadGold(dir)
	if err != nil {
		return DateScore{}, err
	}
	every := max(opts.Every, 1)
	var score DateScore
	var spent time.Duration
	for i, g := range golds {
		if i%every != 0 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return score, fmt.Errorf("score dates in %s: %w", dir, err)
		}
		root, err := pubdateParseGz(g.File)
		if err != nil {
			return score, fmt.Errorf("score dates in %s: %w", dir, err)
		}
		start := time.Now()
		got := pubdate.FromHTML(root, g.URL)
		spent += time.Since(start)
		score.Docs++
		gotDay := ""
		if !got.Time.IsZero() {
			gotDay = got.Time.Format(time.DateOnly)
		}
		switch {
		case gotDay == g.Date:
			score.Correct++
			continue
		case gotDay == "":
			score.Missing++
		default:
			score.Wrong++
		}
		fmt.Fprintf(progress, "%s\tgold=%s\tgot=%s\tsource=%s\n", g.URL, g.Date, pubdateOr(gotDay, "-"), pubdateOr(got.Source, "-"))
	}
	if score.Docs > 0 {
		score.Accuracy = float64(score.Correct) / float64(score.Docs)
		score.PerDoc = spent / time.Duration(score.Docs)
	}
	return score, nil
}

// pubdateNormGold normalises a gold date to YYYY-MM-DD. The trafilatura set has a few slips that are still
// unambiguous: "2022-29-11" (day and month swapped), "2022-01.26", "2022-11-1".
func pubdateNormGold(s string) (string, bool) {
	parts := strings.FieldsFunc(strings.TrimSpace(s), func(r rune) bool { return r == '-' || r == '.' })
	if len(parts) != 3 || len(parts[0]) != 4 {
		return "", false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return "", false
		}
		n[i] = v
	}
	y, m, d := n[0], n[1], n[2]
	if m > 12 && d <= 12 {
		m, d = d, m
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Month() != time.Month(m) || t.Day() != d {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

func pubdateOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// pubdateLoadGold reads the gold dates of dir, in either layout, sorted by URL.
func pubdateLoadGold(dir string) ([]pubdateGold, error) {
	var path string
	for _, name := range []string{"eval.json", "evaldata.json"} {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		return nil, fmt.Errorf("load date gold: %s has neither eval.json nor evaldata.json", dir)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load date gold: %w", err)
	}
	var entries map[string]struct {
		File string `json:"file"`
		Date string `json:"date"`
	}
	if err := json.Unmarshal(raw, &entries); err != nil {
		return nil, fmt.Errorf("load date gold %s: %w", path, err)
	}
	var golds []pubdateGold
	for url, e := range entries {
		if e.Date == "" {
			continue // trafilatura layout: page without a gold date
		}
		day, ok := pubdateNormGold(e.Date)
		if !ok {
			return nil, fmt.Errorf("load date gold %s: url %s: bad date %q", path, url, e.Date)
		}
		if e.File == "" || filepath.Base(e.File) != e.File {
			return nil, fmt.Errorf("load date gold %s: url %s: bad file %q", path, url, e.File)
		}
		golds = append(golds, pubdateGold{URL: url, File: filepath.Join(dir, "html", e.File+".gz"), Date: day})
	}
	if len(golds) == 0 {
		return nil, fmt.Errorf("load date gold %s: no entry with a date", path)
	}
	sort.Slice(golds, func(i, j int) bool { return golds[i].URL < golds[j].URL })
	return golds, nil
}

// pubdateParseGz reads a gzipped HTML page and parses it, decoding its charset from BOM or <meta> (UTF-8 when
// neither names one and the bytes are valid UTF-8, else windows-1252).
func pubdateParseGz(path string) (*html.Node, error) {
	raw, err := shared.ReadGz(path)
	if err != nil {
		return nil, err
	}
	r, err := charset.NewReader(bytes.NewReader(raw), "")
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", path, err)
	}
	root, err := html.Parse(r)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	return root, nil
}
