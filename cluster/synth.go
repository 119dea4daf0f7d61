package cluster

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"time"
)

// Generator makes a deterministic stream of synthetic news-like documents for benchmarks and tests: happenings
// of a few kinds (talks, earthquakes, arrests, elections, strikes, floods) with their own participants, place,
// numbers and date, each reported several times by different outlets in their own words, plus copies
// (the same text with a changed line) and spun rewrites (words swapped for synonyms). Documents come in
// publication order at a steady rate, so the number of happenings alive at once does not grow with the stream.
type Generator struct {
	rng     *rand.Rand
	n       int
	start   time.Time
	perDay  int
	open    []*synthEvent
	nextEv  int
	words   []string
	people  []string
	places  []string
	orgs    []string
	synonym map[string]string
}

type synthEvent struct {
	id       int
	kind     int
	people   []string
	place    string
	org      string
	nums     []int
	day      time.Time
	left     int
	reports  []string // texts of reports so far (copies and rewrites are made of them)
	reportID []string
}

// SynthDoc is a generated document with the truth about it.
type SynthDoc struct {
	Doc
	Event    int      // the happening it reports
	Relation Relation // Copy or Rewrite when made from an earlier report of the same happening, else Report
	Of       string   // the report it copies or rewrites
}

var synthKinds = [][]string{
	{"talks", "ministers", "negotiations", "ceasefire", "delegation", "agreement", "summit", "envoy"},
	{"earthquake", "magnitude", "tremor", "collapsed", "rescuers", "epicentre", "aftershock", "buildings"},
	{"arrested", "police", "charged", "custody", "suspect", "court", "detectives", "warrant"},
	{"election", "votes", "ballot", "turnout", "candidate", "parliament", "polling", "coalition"},
	{"strike", "workers", "union", "wages", "walkout", "factory", "pickets", "management"},
	{"flood", "rainfall", "evacuated", "river", "dams", "villages", "rescue", "torrential"},
}

// NewGenerator returns a generator whose stream depends only on seed; perDay documents are published a day
// (zero means 2000).
func NewGenerator(seed uint64, perDay int) *Generator {
	if perDay <= 0 {
		perDay = 2000
	}
	g := &Generator{rng: rand.New(rand.NewPCG(seed, seed^0x5eed)), perDay: perDay,
		start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), synonym: map[string]string{}}
	syl := []string{"ka", "lo", "mi", "ra", "ten", "vo", "shi", "an", "del", "mor", "pu", "zi", "ber", "ul", "gan", "te", "ros", "ni", "fa", "dor"}
	word := func(parts int) string {
		var b strings.Builder
		for i := 0; i < parts; i++ {
			b.WriteString(syl[g.rng.IntN(len(syl))])
		}
		return b.String()
	}
	seen := map[string]bool{}
	uniq := func(parts int, title bool) string {
		for {
			w := word(parts)
			if title {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			if !seen[w] {
				seen[w] = true
				return w
			}
		}
	}
	for i := 0; i < 3000; i++ {
		g.words = append(g.words, uniq(3, false))
	}
	var first []string
	for i := 0; i < 300; i++ {
		first = append(first, uniq(3, true))
	}
	for i := 0; i < 4000; i++ {
		g.people = append(g.people, g.pick(first)+" "+uniq(4, true))
	}
	for i := 0; i < 800; i++ {
		g.places = append(g.places, uniq(3, true))
	}
	for i := 0; i < 400; i++ {
		g.orgs = append(g.orgs, uniq(3, true)+" "+[]string{"Ministry", "Party", "Bank", "Front", "Council"}[g.rng.IntN(5)])
	}
	for _, w := range g.words {
		g.synonym[w] = uniq(4, false)
	}
	for _, k := range synthKinds {
		for _, w := range k {
			g.synonym[w] = uniq(4, false)
		}
	}
	return g
}

func (g *Generator) pick(l []string) string { return l[g.rng.IntN(len(l))] }

// Next returns the next document of the stream.
func (g *Generator) Next() SynthDoc {
	g.n++
	// Step first, multiply after: n*24h in nanoseconds overflows int64 past about 106000 documents.
	now := g.start.Add(time.Duration(g.n) * (24 * time.Hour / time.Duration(g.perDay)))
	// Keep about perDay/4 happenings open; each gets 1 to 12 documents.
	for len(g.open) < g.perDay/4 {
		e := &synthEvent{id: g.nextEv, kind: g.rng.IntN(len(synthKinds)), place: g.pick(g.places), org: g.pick(g.orgs),
			day: now, left: 1 + g.rng.IntN(12)}
		g.nextEv++
		for i := 0; i < 2+g.rng.IntN(2); i++ {
			e.people = append(e.people, g.pick(g.people))
		}
		for i := 0; i < 3; i++ {
			e.nums = append(e.nums, 2+g.rng.IntN(2000))
		}
		g.open = append(g.open, e)
	}
	i := g.rng.IntN(len(g.open))
	e := g.open[i]
	id := fmt.Sprintf("synth-%d", g.n)
	d := SynthDoc{Doc: Doc{ID: id, Published: now, Site: fmt.Sprintf("site%d.example", g.rng.IntN(50))}, Event: e.id, Relation: Report}
	switch r := g.rng.Float64(); {
	case len(e.reports) > 0 && r < 0.2:
		k := g.rng.IntN(len(e.reports))
		d.Text = e.reports[k] + "\nCopyright " + d.Site + ".\n"
		d.Relation, d.Of = Copy, e.reportID[k]
	case len(e.reports) > 0 && r < 0.3:
		k := g.rng.IntN(len(e.reports))
		d.Text = g.spin(e.reports[k])
		d.Relation, d.Of = Rewrite, e.reportID[k]
	default:
		d.Text = g.report(e)
	}
	d.Title = strings.SplitN(d.Text, ".", 2)[0]
	e.reports = append(e.reports, d.Text)
	e.reportID = append(e.reportID, id)
	if e.left--; e.left <= 0 {
		g.open[i] = g.open[len(g.open)-1]
		g.open = g.open[:len(g.open)-1]
	}
	return d
}

// report writes a new report of e: 6 to 10 sentences mixing the happening's terms, participants, place,
// numbers and date with common words, in an order of the outlet's own.
func (g *Generator) report(e *synthEvent) string {
	terms := synthKinds[e.kind]
	var b strings.Builder
	n := 6 + g.rng.IntN(5)
	for s := 0; s < n; s++ {
		var w []string
		for i, m := 0, 6+g.rng.IntN(12); i < m; i++ {
			switch r := g.rng.IntN(10); {
			case r < 2:
				w = append(w, g.pick(terms))
			case r == 2 && i > 0:
				switch g.rng.IntN(5) {
				case 0:
					w = append(w, e.place)
				case 1:
					w = append(w, e.org)
				case 2:
					w = append(w, fmt.Sprint(e.nums[g.rng.IntN(len(e.nums))]))
				case 3:
					w = append(w, e.day.Format("January 2"))
				default:
					w = append(w, e.people[g.rng.IntN(len(e.people))])
				}
			default:
				w = append(w, g.words[g.rng.IntN(200+g.rng.IntN(len(g.words)-200))])
			}
		}
		if s == 0 {
			w = append([]string{e.people[0]}, w...)
		}
		sent := strings.Join(w, " ")
		b.WriteString(strings.ToUpper(sent[:1]) + sent[1:] + ".\n")
	}
	return b.String()
}

// spin swaps most lower-case words of text for their synonyms, leaving names, numbers and dates.
func (g *Generator) spin(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		f := strings.Fields(l)
		for j, w := range f {
			core := strings.TrimSuffix(w, ".")
			if s, ok := g.synonym[core]; ok && g.rng.IntN(10) < 8 {
				f[j] = s + w[len(core):]
			}
		}
		lines[i] = strings.Join(f, " ")
	}
	return strings.Join(lines, "\n")
}

// benchPerDay is the publication rate of the benchmark stream: 1000 documents a day, so that the candidate
// window (7 days by default) is full after 7000 documents and every size measured is in the steady state.
const benchPerDay = 1000

// BenchRow is the cost of ingesting one stream size.
type BenchRow struct {
	Docs                     int
	Total                    time.Duration
	PerDoc                   time.Duration // mean Add time over the whole stream
	PerDocLast               time.Duration // mean Add time over the last tenth of the stream
	HeapMiB                  float64       // live heap held by the Index after the stream (after GC)
	Stats                    Stats
	Copies, Rewrites         [2]int // found, generated
	Precision, Recall, BCubF float64
}

// Bench ingests a synthetic stream of each size into a new Index with default options and writes a table of
// the cost per document and the heap held by the Index to w (plus the B-cubed score against the generated
// happenings and how many generated copies and rewrites were found). Retired clusters are taken every 1024
// documents, as the store does, and their membership recorded outside the Index for the score. Generating
// text and taking retired clusters are not timed.
func Bench(ctx context.Context, sizes []int, w io.Writer) ([]BenchRow, error) {
	fmt.Fprintf(w, "%8s %10s %12s %14s %9s %9s %9s %9s %14s %14s %s\n", "docs", "total", "us/doc", "us/doc(last10%)",
		"heapMiB", "active", "clusters", "actClust", "copies", "rewrites", "B3 P/R/F1")
	var rows []BenchRow
	for _, n := range sizes {
		x := New(Options{})
		g := NewGenerator(1, benchPerDay)
		row := BenchRow{Docs: n}
		var last time.Duration
		gold := make([]int32, n)
		pred := make([]int32, n)
		nclusters := int32(0)
		record := func(cs []Cluster) {
			for _, c := range cs {
				for _, d := range c.Docs {
					var i int
					fmt.Sscanf(d, "synth-%d", &i)
					if i >= 1 && i <= n {
						pred[i-1] = nclusters
					}
				}
				nclusters++
			}
		}
		for i := 0; i < n; i++ {
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return rows, fmt.Errorf("cluster bench: %w", err)
				}
				cs, _ := x.TakeRetired()
				record(cs)
			}
			d := g.Next()
			start := time.Now()
			a := x.Add(d.Doc)
			el := time.Since(start)
			row.Total += el
			if i >= n-n/10 {
				last += el
			}
			gold[i] = int32(d.Event)
			if d.Relation == Copy {
				row.Copies[1]++
				if a.Relation == Copy {
					row.Copies[0]++
				}
			}
			if d.Relation == Rewrite {
				row.Rewrites[1]++
				if a.Relation == Rewrite || a.Relation == Copy {
					row.Rewrites[0]++
				}
			}
		}
		row.PerDoc = row.Total / time.Duration(max(n, 1))
		row.PerDocLast = last / time.Duration(max(n/10, 1))
		cs, _ := x.TakeRetired()
		record(cs)
		row.Stats = x.Stats()
		var with, without runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&with)
		record(x.Clusters())
		runtime.KeepAlive(x)
		x = nil
		runtime.GC()
		runtime.ReadMemStats(&without)
		row.HeapMiB = (float64(with.HeapAlloc) - float64(without.HeapAlloc)) / (1 << 20)
		row.Precision, row.Recall, row.BCubF = bcubed(pred, gold)
		rows = append(rows, row)
		fmt.Fprintf(w, "%8d %10v %12.1f %14.1f %9.1f %9d %9d %9d %14s %14s %.3f/%.3f/%.3f\n", n, row.Total.Round(time.Millisecond),
			float64(row.PerDoc.Nanoseconds())/1e3, float64(row.PerDocLast.Nanoseconds())/1e3, row.HeapMiB,
			row.Stats.ActiveDocs, row.Stats.Clusters, row.Stats.ActiveClusters,
			fmt.Sprintf("%d/%d", row.Copies[0], row.Copies[1]), fmt.Sprintf("%d/%d", row.Rewrites[0], row.Rewrites[1]),
			row.Precision, row.Recall, row.BCubF)
	}
	return rows, nil
}

// bcubed scores a predicted cluster per document against the gold happening per document.
func bcubed(pred, gold []int32) (p, r, f float64) {
	type pair struct{ p, g int32 }
	inter := map[pair]int{}
	predSize, goldSize := map[int32]int{}, map[int32]int{}
	for i := range gold {
		inter[pair{pred[i], gold[i]}]++
		predSize[pred[i]]++
		goldSize[gold[i]]++
	}
	for i := range gold {
		k := float64(inter[pair{pred[i], gold[i]}])
		p += k / float64(predSize[pred[i]])
		r += k / float64(goldSize[gold[i]])
	}
	if len(gold) == 0 {
		return 0, 0, 0
	}
	p, r = p/float64(len(gold)), r/float64(len(gold))
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}
