package eval

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"newsgraph"
	"newsgraph/annotate"
	"newsgraph/annotate/quote"
)

// Attribution is one gold attribution of PolNeAR: its content, source (speaker) and cue, as byte spans into
// the document's text. A split content ("A," he said, "B") has several spans; an attribution annotated with no
// source has none.
type Attribution struct {
	Content, Source, Cue []newsgraph.Span
	Direct               bool // the content holds a quotation mark
}

// QuoteDoc is one PolNeAR document: its text, the gold attributions of one annotator, and the document as the
// pipeline annotated it (nil until AnnotateQuoteDocs).
type QuoteDoc struct {
	Name, Annotator string
	Text            string
	Gold            []Attribution
	Doc             *newsgraph.Document
}

// QuoteCount is the score of one class of attributions. An item is an attribution: a gold one, or a group of
// system quotes that share a cue (Find reports a split quotation as two quotes with one cue, and a partial
// quotation inside reported speech as a quote beside the reported content, with the same cue; PolNeAR annotates
// each as one attribution). A system item matches a gold one when their contents overlap by at least half of
// their union (in bytes); matching is one to one, best overlap first. Its speaker is correct when its speaker
// span overlaps a gold source span, or it resolves to the entity of a mention overlapping one; a gold source
// that is a relative pronoun ("Lavrov, who said") stands for the phrase right before it (a gold attribution
// without source wants no speaker).
type QuoteCount struct {
	Gold, Pred     int // gold and system items
	Correct        int // matched pairs
	SpeakerCorrect int // matched pairs whose speaker is correct
	// Content and speaker-correct scores: precision over Pred, recall over Gold.
	Precision, Recall, F1                      float64
	SpeakerPrecision, SpeakerRecall, SpeakerF1 float64
	goldMatched, predMatched                   int
	goldSpeaker, predSpeaker                   int
}

func (c *QuoteCount) finish() {
	c.Precision, c.Recall, c.F1 = prf(c.predMatched, c.Pred, c.goldMatched, c.Gold)
	c.SpeakerPrecision, c.SpeakerRecall, c.SpeakerF1 = prf(c.predSpeaker, c.Pred, c.goldSpeaker, c.Gold)
}

// QuoteScore is the score of quote attribution on PolNeAR: direct quotations (gold content holding a quotation
// mark, system quotes in quotation marks) and all attributions.
type QuoteScore struct {
	Direct, All QuoteCount
	Docs        int
	Tokens      int
	Annotate    time.Duration // the pipeline (segment, NER, entities, ...), Find excluded
	Find        time.Duration // quote.Find only
}

// Quotes scores quote.Find on the PolNeAR directory dir (text/*.txt and attributions/*_<annotator>.ann), each
// text annotated by the default pipeline.
func Quotes(ctx context.Context, dir string) (QuoteScore, error) {
	docs, err := ReadPolNeAR(dir)
	if err != nil {
		return QuoteScore{}, err
	}
	p, err := annotate.Default(annotate.Options{})
	if err != nil {
		return QuoteScore{}, fmt.Errorf("quotes eval: %w", err)
	}
	sc, err := AnnotateQuoteDocs(ctx, p, docs)
	if err != nil {
		return QuoteScore{}, err
	}
	s := ScoreQuotes(docs, quote.Options{})
	s.Annotate = sc
	return s, nil
}

// ReadPolNeAR reads the documents of a PolNeAR directory with quote.ReadPolNeAR: a document annotated by
// several annotators is read with the annotation file whose annotator ID sorts first, so that runs agree.
// Offsets in the files count characters; they are turned into byte offsets.
func ReadPolNeAR(dir string) ([]QuoteDoc, error) {
	pdocs, err := quote.ReadPolNeAR(dir)
	if err != nil {
		return nil, fmt.Errorf("quotes eval: %w", err)
	}
	docs := make([]QuoteDoc, len(pdocs))
	for i, pd := range pdocs {
		docs[i] = QuoteDoc{Name: pd.Name, Annotator: pd.Annotator, Text: pd.Text, Gold: attributions(pd.Gold, pd.Text)}
	}
	return docs, nil
}

// ReadBrat reads the attributions of a brat standoff file over text with quote.ReadBrat (T lines with
// character offsets, E lines relating them; see there), merging each content's spans and marking it Direct
// when it holds a quotation mark. name labels errors.
func ReadBrat(r io.Reader, name, text string) ([]Attribution, error) {
	gold, err := quote.ReadBrat(r, name, text)
	if err != nil {
		return nil, err
	}
	return attributions(gold, text), nil
}

// attributions turns gold quotes over text into attributions: Direct when a content span holds a quotation
// mark, the content spans merged.
func attributions(gold []quote.GoldQuote, text string) []Attribution {
	var out []Attribution
	for _, g := range gold {
		a := Attribution{Content: g.Content, Source: g.Source, Cue: g.Cue}
		for _, s := range a.Content {
			if strings.ContainsAny(s.In(text), "\"“”«»„") {
				a.Direct = true
			}
		}
		a.Content = quote.MergeSpans(a.Content)
		out = append(out, a)
	}
	return out
}

// AnnotateQuoteDocs annotates every document's text with p, filling Doc, and returns the time it took.
func AnnotateQuoteDocs(ctx context.Context, p *annotate.Pipeline, docs []QuoteDoc) (time.Duration, error) {
	var spent time.Duration
	for i := range docs {
		d := &newsgraph.Document{Text: docs[i].Text}
		start := time.Now()
		if err := p.Annotate(ctx, d); err != nil {
			return 0, fmt.Errorf("quotes eval: %s: %w", docs[i].Name, err)
		}
		spent += time.Since(start)
		docs[i].Doc = d
	}
	return spent, nil
}

// sysItem is a group of system quotes sharing a cue.
type sysItem struct {
	content []newsgraph.Span
	direct  bool
	q       newsgraph.Quote // the first quote with a speaker, else the first
}

// ScoreQuotes runs quote.Find with opt on annotated documents and scores it against their gold attributions.
func ScoreQuotes(docs []QuoteDoc, opt quote.Options) QuoteScore {
	var sc QuoteScore
	for _, qd := range docs {
		if qd.Doc == nil {
			continue
		}
		d := qd.Doc
		start := time.Now()
		qs := quote.Find(d, opt)
		sc.Find += time.Since(start)
		sc.Docs++
		sc.Tokens += len(d.Tokens)
		items := groupQuotes(qs)
		scoreDoc(&sc.All, d, qd.Gold, items, func(Attribution) bool { return true }, func(sysItem) bool { return true })
		scoreDoc(&sc.Direct, d, qd.Gold, items, func(a Attribution) bool { return a.Direct }, func(s sysItem) bool { return s.direct })
	}
	sc.All.finish()
	sc.Direct.finish()
	return sc
}

// groupQuotes makes one item of the quotes that share a cue.
func groupQuotes(qs []newsgraph.Quote) []sysItem {
	var items []sysItem
	byCue := map[newsgraph.Span]int{}
	for _, q := range qs {
		i, ok := byCue[q.Cue]
		if !ok || q.Cue.Len() == 0 {
			i = len(items)
			items = append(items, sysItem{q: q})
			if q.Cue.Len() > 0 {
				byCue[q.Cue] = i
			}
		}
		it := &items[i]
		it.content = append(it.content, q.Span)
		it.direct = it.direct || q.Direct
		if it.q.Speaker.Len() == 0 && q.Speaker.Len() > 0 {
			it.q = q
		}
	}
	for i := range items {
		items[i].content = quote.MergeSpans(items[i].content)
	}
	return items
}

// scoreDoc adds one document's counts to c for the gold attributions and system items its filters keep.
// Recall counts gold items of the class matched by any system item; precision counts system items of the
// class matched by any gold item.
func scoreDoc(c *QuoteCount, d *newsgraph.Document, gold []Attribution, items []sysItem, goldIn func(Attribution) bool, sysIn func(sysItem) bool) {
	for _, g := range gold {
		if goldIn(g) {
			c.Gold++
		}
	}
	for _, s := range items {
		if sysIn(s) {
			c.Pred++
		}
	}
	sysOf, _ := matchItems(gold, items)
	for gi, si := range sysOf {
		if si < 0 {
			continue
		}
		g, s := gold[gi], items[si]
		gIn, sIn := goldIn(g), sysIn(s)
		if gIn && sIn {
			c.Correct++
		}
		ok := speakerCorrect(d, g, s.q)
		if gIn {
			c.goldMatched++
			if ok {
				c.goldSpeaker++
			}
		}
		if sIn {
			c.predMatched++
			if ok {
				c.predSpeaker++
				if gIn {
					c.SpeakerCorrect++
				}
			}
		}
	}
}

// matchItems pairs gold attributions and system items one to one, best overlap first, among the pairs whose
// contents overlap by at least half of their union. sysOf[g] is the item matched to gold g, goldOf[s] the gold
// matched to item s; -1 when none.
func matchItems(gold []Attribution, items []sysItem) (sysOf, goldOf []int) {
	type pair struct {
		g, s int
		r    float64
	}
	var pairs []pair
	for gi, g := range gold {
		for si, s := range items {
			inter := overlap(g.Content, s.content)
			if inter == 0 {
				continue
			}
			union := total(g.Content) + total(s.content) - inter
			if r := float64(inter) / float64(union); 2*inter >= union {
				pairs = append(pairs, pair{gi, si, r})
			}
		}
	}
	slices.SortStableFunc(pairs, func(a, b pair) int {
		switch {
		case a.r > b.r:
			return -1
		case a.r < b.r:
			return 1
		}
		return 0
	})
	sysOf, goldOf = make([]int, len(gold)), make([]int, len(items))
	for i := range sysOf {
		sysOf[i] = -1
	}
	for i := range goldOf {
		goldOf[i] = -1
	}
	for _, p := range pairs {
		if sysOf[p.g] >= 0 || goldOf[p.s] >= 0 {
			continue
		}
		sysOf[p.g], goldOf[p.s] = p.s, p.g
	}
	return sysOf, goldOf
}

// QuoteError is one error of Find against gold attributions: Kind names its category ("miss direct: none
// found", "speaker: pronoun unresolved", "extra indirect: overlaps gold", ...), Text shows gold and system.
type QuoteError struct {
	Kind, Text string
}

// QuoteErrors lists the errors of the quotes qs Find reported in d against the gold attributions, by category,
// for error analysis.
func QuoteErrors(d *newsgraph.Document, gold []Attribution, qs []newsgraph.Quote) []QuoteError {
	items := groupQuotes(qs)
	sysOf, goldOf := matchItems(gold, items)
	text := func(ss []newsgraph.Span) string {
		var parts []string
		for _, s := range ss {
			parts = append(parts, strings.ReplaceAll(s.In(d.Text), "\n", " "))
		}
		return strings.Join(parts, " | ")
	}
	class := func(direct bool) string {
		if direct {
			return "direct"
		}
		return "indirect"
	}
	var out []QuoteError
	for gi, g := range gold {
		gt := fmt.Sprintf("GOLD [%s] src=%q cue=%q", text(g.Content), text(g.Source), text(g.Cue))
		si := sysOf[gi]
		if si < 0 {
			kind := "miss " + class(g.Direct)
			if g.Direct {
				if c := g.Content[0].In(d.Text); strings.ContainsAny(c[:min(len(c), 4)], "\"“”«»„") {
					kind += " (starts with mark)"
				} else {
					kind += " (mark inside)"
				}
			}
			best, bi := 0, -1
			for k, s := range items {
				if o := overlap(g.Content, s.content); o > best {
					best, bi = o, k
				}
			}
			sys := ""
			switch {
			case bi < 0:
				kind += ": none found"
			case total(items[bi].content) < total(g.Content):
				kind += ": system shorter"
			default:
				kind += ": system longer"
			}
			if bi >= 0 {
				sys = fmt.Sprintf(" SYS [%s] sp=%q", text(items[bi].content), items[bi].q.Speaker.In(d.Text))
			}
			out = append(out, QuoteError{kind, gt + sys})
			continue
		}
		s := items[si]
		if speakerCorrect(d, g, s.q) {
			continue
		}
		kind := "speaker " + class(g.Direct)
		sp := s.q.Speaker.In(d.Text)
		switch {
		case len(g.Source) == 0:
			kind += ": gold has none"
		case s.q.Speaker.Len() == 0:
			kind += ": none found"
		case s.q.Mention >= 0 && d.Mentions[s.q.Mention].Kind == newsgraph.MentionPronoun && s.q.Entity < 0:
			kind += ": pronoun unresolved"
		case s.q.Mention >= 0 && d.Mentions[s.q.Mention].Kind != newsgraph.MentionName && overlapNear(g.Source, s.q.Speaker):
			kind += ": pronoun/nominal resolved wrong"
		case isPronoun(sp) && s.q.Mention < 0:
			kind += ": pronoun without mention"
		default:
			kind += ": wrong span"
		}
		out = append(out, QuoteError{kind, gt + fmt.Sprintf(" SYS sp=%q ent=%d", sp, s.q.Entity)})
	}
	for si, s := range items {
		if goldOf[si] >= 0 {
			continue
		}
		kind := "extra " + class(s.direct)
		best := 0
		for _, g := range gold {
			best = max(best, overlap(g.Content, s.content))
		}
		if best > 0 {
			kind += ": overlaps gold"
		} else {
			kind += ": no gold"
		}
		out = append(out, QuoteError{kind, fmt.Sprintf("SYS [%s] sp=%q cue=%q", text(s.content), s.q.Speaker.In(d.Text), s.q.Cue.In(d.Text))})
	}
	return out
}

func overlapNear(ss []newsgraph.Span, s newsgraph.Span) bool {
	return overlap(ss, []newsgraph.Span{s}) == 0
}

func isPronoun(s string) bool {
	switch strings.ToLower(s) {
	case "he", "she", "they", "we", "i", "it", "you", "who":
		return true
	}
	return false
}

// speakerCorrect reports whether q's speaker is g's source: overlapping spans, or the entity of a mention
// overlapping the source. A gold attribution without source wants no speaker.
func speakerCorrect(d *newsgraph.Document, g Attribution, q newsgraph.Quote) bool {
	if len(g.Source) == 0 {
		return q.Speaker.Len() == 0
	}
	if q.Speaker.Len() == 0 {
		return false
	}
	if overlap(g.Source, []newsgraph.Span{q.Speaker}) > 0 || quote.AntecedentOf(d.Text, g.Source, q.Speaker) {
		return true
	}
	if q.Entity < 0 {
		return false
	}
	for _, m := range d.Mentions {
		if m.Entity == q.Entity && (overlap(g.Source, []newsgraph.Span{m.Span}) > 0 || quote.AntecedentOf(d.Text, g.Source, m.Span)) {
			return true
		}
	}
	return false
}

// overlap returns the bytes two merged span lists share.
func overlap(a, b []newsgraph.Span) int {
	n := 0
	for _, x := range a {
		for _, y := range b {
			if lo, hi := max(x.Start, y.Start), min(x.End, y.End); hi > lo {
				n += hi - lo
			}
		}
	}
	return n
}

func total(ss []newsgraph.Span) int {
	n := 0
	for _, s := range ss {
		n += s.Len()
	}
	return n
}

// String gives the direct and overall scores on one line.
func (s QuoteScore) String() string {
	speed := ""
	if s.Find > 0 {
		speed = fmt.Sprintf(", Find %.0f tokens/s", float64(s.Tokens)/s.Find.Seconds())
	}
	return fmt.Sprintf("direct: content F1 %.2f, speaker F1 %.2f; all: content F1 %.2f, speaker F1 %.2f (%d documents, %d tokens%s)",
		100*s.Direct.F1, 100*s.Direct.SpeakerF1, 100*s.All.F1, 100*s.All.SpeakerF1, s.Docs, s.Tokens, speed)
}

// Table prints content and speaker-correct precision, recall and F1 for direct quotations and all attributions.
func (s QuoteScore) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-8s %-8s %9s %9s %9s %7s %7s %7s\n", "class", "measure", "precision", "recall", "F1", "gold", "pred", "correct")
	row := func(name string, c QuoteCount) {
		fmt.Fprintf(&b, "%-8s %-8s %9.2f %9.2f %9.2f %7d %7d %7d\n", name, "content", 100*c.Precision, 100*c.Recall, 100*c.F1, c.Gold, c.Pred, c.Correct)
		fmt.Fprintf(&b, "%-8s %-8s %9.2f %9.2f %9.2f %7d %7d %7d\n", name, "speaker", 100*c.SpeakerPrecision, 100*c.SpeakerRecall, 100*c.SpeakerF1, c.Gold, c.Pred, c.SpeakerCorrect)
	}
	row("direct", s.Direct)
	row("all", s.All)
	return b.String()
}
