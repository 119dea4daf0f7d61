package quote_test

import (
	"context"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"newsgraph"
	"newsgraph/annotate"
	"newsgraph/annotate/quote"
	"newsgraph/eval"
	"newsgraph/internal/shared"
)

// TestPolNeARErrors scores Find on a PolNeAR split and writes its errors by category, for tuning the rules:
// QUOTE_DEBUG=train (or dev) go test -run PolNeARErrors ./annotate/quote/. Annotated documents are cached in
// the temporary directory (QUOTE_CACHE=0 re-annotates). Skipped without QUOTE_DEBUG.
// polnearDocs reads a PolNeAR split annotated by the default pipeline (quotes left out), cached in the
// temporary directory (QUOTE_CACHE=0 re-annotates).
func polnearDocs(t *testing.T, split string) []eval.QuoteDoc {
	t.Helper()
	dir := shared.Need(t, "data", "quotes", "polnear", split)
	docs, err := eval.ReadPolNeAR(dir)
	if err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(os.TempDir(), "quote_polnear_"+split+".gob")
	var anns []*newsgraph.Document
	if f, err := os.Open(cache); err == nil && os.Getenv("QUOTE_CACHE") != "0" {
		err = gob.NewDecoder(f).Decode(&anns)
		f.Close()
		if err != nil || len(anns) != len(docs) {
			anns = nil
		}
	}
	if anns == nil {
		p, err := annotate.Default(annotate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := eval.AnnotateQuoteDocs(context.Background(), p, docs); err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			d.Doc.Quotes = nil
			anns = append(anns, d.Doc)
		}
		if f, err := os.Create(cache); err == nil {
			if err := gob.NewEncoder(f).Encode(anns); err != nil {
				t.Log(err)
			}
			f.Close()
		}
	}
	for i := range docs {
		docs[i].Doc = anns[i]
	}
	return docs
}

func TestPolNeARErrors(t *testing.T) {
	split := os.Getenv("QUOTE_DEBUG")
	if split == "" {
		t.Skip("QUOTE_DEBUG unset: the error analysis runs only on demand")
	}
	docs := polnearDocs(t, split)
	s := eval.ScoreQuotes(docs, debugOptions())
	t.Logf("PolNeAR %s: %s\n%s", split, s, s.Table())
	if g := os.Getenv("QUOTE_GREP"); g != "" {
		for _, qd := range docs {
			d := qd.Doc
			i := strings.Index(d.Text, g)
			if i < 0 {
				continue
			}
			lo, hi := strings.LastIndex(d.Text[:i], "\n")+1, strings.Index(d.Text[i:], "\n")
			if hi < 0 {
				hi = len(d.Text)
			} else {
				hi += i
			}
			t.Logf("%s: %q", qd.Name, d.Text[lo:hi])
			if m, err := quote.DefaultModel(); err == nil {
				t.Log("\n" + quote.DebugCandidates(d, m, lo, hi))
			}
			for _, q := range quote.Find(d, quote.Options{}) {
				if q.End > lo && q.Start < hi {
					t.Logf("  FIND %q direct=%v cue=%q sp=%q", q.In(d.Text), q.Direct, q.Cue.In(d.Text), q.Speaker.In(d.Text))
				}
			}
			for _, a := range qd.Gold {
				if a.Content[0].End > lo && a.Content[0].Start < hi {
					var parts []string
					for _, c := range a.Content {
						parts = append(parts, c.In(d.Text))
					}
					var src []string
					for _, c := range a.Source {
						src = append(src, c.In(d.Text))
					}
					t.Logf("  GOLD %q src=%q", strings.Join(parts, " | "), strings.Join(src, " | "))
				}
			}
			for _, m := range d.Mentions {
				if m.End > lo && m.Start < hi {
					t.Logf("  MENT %q %s %s ent=%d", m.In(d.Text), m.Label, m.Kind, m.Entity)
				}
			}
		}
		return
	}
	out := os.Getenv("QUOTE_ERRORS")
	if out == "" {
		return
	}
	var b strings.Builder
	cats := map[string]int{}
	for _, qd := range docs {
		d := qd.Doc
		qs := quote.Find(d, debugOptions())
		for _, e := range eval.QuoteErrors(d, qd.Gold, qs) {
			cats[e.Kind]++
			fmt.Fprintf(&b, "%s\t%s\t%s\n", e.Kind, qd.Name, e.Text)
		}
	}
	var ks []string
	for k := range cats {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		t.Logf("%-28s %d", k, cats[k])
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// debugOptions are the options of the error analysis: QUOTE_KEEP keeps unattributed quotations, QUOTE_RULES
// leaves the model out.
func debugOptions() quote.Options {
	return quote.Options{KeepUnattributed: os.Getenv("QUOTE_KEEP") != "", Rules: os.Getenv("QUOTE_RULES") != ""}
}

// TestPolNeAROracle reports how many gold attributions some candidate matches: the recall a perfect scorer
// would reach. QUOTE_ORACLE=train go test -run PolNeAROracle ./annotate/quote -v; QUOTE_ERRORS writes the gold
// attributions no candidate matches.
func TestPolNeAROracle(t *testing.T) {
	split := os.Getenv("QUOTE_ORACLE")
	if split == "" {
		t.Skip("QUOTE_ORACLE unset")
	}
	var b strings.Builder
	var n, hit, nd, hitd int
	for _, qd := range polnearDocs(t, split) {
		cs := quote.ScoredCandidates(qd.Doc, &quote.Model{})
		for _, g := range qd.Gold {
			ok := false
			for _, c := range cs {
				ok = ok || quote.Ratio(g.Content, c.Content) >= 0.5
			}
			n++
			if g.Direct {
				nd++
			}
			if ok {
				hit++
				if g.Direct {
					hitd++
				}
				continue
			}
			if g.Direct {
				var parts []string
				for _, c := range g.Content {
					parts = append(parts, c.In(qd.Text))
				}
				fmt.Fprintf(&b, "%s\t%s\n", qd.Name, strings.ReplaceAll(strings.Join(parts, " | "), "\n", " "))
			}
		}
	}
	t.Logf("oracle recall: direct %d/%d = %.2f, all %d/%d = %.2f", hitd, nd, 100*float64(hitd)/float64(nd), hit, n, 100*float64(hit)/float64(n))
	if out := os.Getenv("QUOTE_ERRORS"); out != "" {
		if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
