package quote

import (
	"fmt"
	"strings"

	"newsgraph"
)

// DebugCandidates lists the candidates of d whose content overlaps bytes [lo, hi), with their kinds, scores
// under m, cues and rules' speakers: for error analysis in the external tests.
func DebugCandidates(d *newsgraph.Document, m *Model, lo, hi int) string {
	x := prepare(d, Options{})
	if x == nil {
		return ""
	}
	var b strings.Builder
	cs := x.candidates(d)
	for i := range cs {
		c := &cs[i]
		sp := x.spanOf(c.first, c.end)
		if sp.End <= lo || sp.Start >= hi {
			continue
		}
		c.score = m.score(c.fs)
		var parts []string
		for _, q := range c.qs {
			parts = append(parts, q.In(d.Text))
		}
		cue, spk := "", ""
		if c.cue >= 0 {
			cue = x.w(c.cue)
		}
		if c.spF >= 0 {
			spk = x.spanOf(c.spF, c.spE).In(d.Text)
		}
		fmt.Fprintf(&b, "  CAND %-2s %7.2f cue=%q sp=%q %q\n", c.kind, c.score, cue, spk, strings.Join(parts, " | "))
	}
	return b.String()
}

// Ratio is ratio for the external tests.
var Ratio = ratio

// ScoredCandidate is a candidate for the error analysis of the external tests.
type ScoredCandidate struct {
	Kind    string
	Content []newsgraph.Span
	Score   float32
	Text    string
}

// ScoredCandidates returns the candidates of d scored by m (the zero Model scores every one 0).
func ScoredCandidates(d *newsgraph.Document, m *Model) []ScoredCandidate {
	x := prepare(d, Options{})
	if x == nil {
		return nil
	}
	var out []ScoredCandidate
	for _, c := range x.candidates(d) {
		var ss []newsgraph.Span
		var parts []string
		for _, q := range c.qs {
			ss = append(ss, q.Span)
		}
		ss = MergeSpans(ss)
		for _, s := range ss {
			parts = append(parts, s.In(d.Text))
		}
		cue := ""
		if c.cue >= 0 {
			cue = x.w(c.cue)
		}
		out = append(out, ScoredCandidate{Kind: c.kind, Content: ss, Score: m.score(c.fs),
			Text: fmt.Sprintf("%s cue=%q [%s]", c.kind, cue, strings.ReplaceAll(strings.Join(parts, " | "), "\n", " "))})
	}
	return out
}

// Fhash and FhashAfterS expose the feature hashes to the external tests.
var Fhash = fhash

func FhashAfterS(parts ...string) uint64 { return fhashAfter(speakerPrefix, parts...) }

// TagSubject returns the words of the subject that tagSubject reads in sentence si of d ("" when none).
func TagSubject(d *newsgraph.Document, si int) string {
	x := prepare(d, Options{})
	if x == nil || si >= len(x.sents) {
		return ""
	}
	f, e := x.tagSubject(x.sents[si].TokenStart, x.sents[si].TokenEnd)
	if f < 0 {
		return ""
	}
	return x.spanOf(f, e).In(d.Text)
}

// Tags returns the tags of d's tokens as tag gives them, asked for in the order of ts (token indices).
func Tags(d *newsgraph.Document, ts []int) []string {
	x := prepare(d, Options{})
	if x == nil {
		return nil
	}
	out := make([]string, len(x.toks))
	for _, t := range ts {
		out[t] = x.tag(t)
	}
	return out
}
