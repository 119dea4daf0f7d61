// Package timex finds time expressions in English news text and normalises them to TimeML TIMEX3 types
// (DATE, TIME, DURATION, SET) and values, resolving relative expressions against the document creation time
// (DCT, the publication date).
//
// It is rule-based and works over the tokens of package segment: each token is classified once against a small
// lexicon (month and weekday names, numbers, units, parts of the day, ...), then a table of token patterns
// (rules.go) is tried at each token that could start one, the longest match winning. Values follow the
// conventions of the TempEval-3 gold (TimeBank, AQUAINT):
//
//   - extents hold determiners and modifiers ("the third quarter", "more than four hours", "a year ago"), never
//     the preposition ("on Friday" -> "Friday") nor "about", "over";
//   - a weekday is the last one before the DCT (the news convention: "said Saturday"), or the next one after it
//     when the clause speaks of the future ("will meet Tuesday"); a weekday that is the DCT's weekday is the DCT
//     itself; "Wednesday's ruling" is the last one. A month or a day without a year is in the DCT's year
//     unless the tense of the clause or the distance from the DCT says otherwise (see ctx.month, ctx.tenseAt:
//     "planned to", "set to", "until", "as soon as" speak of the future, a passive "will be named" does not
//     speak of the past);
//   - "last week" is the ISO week before the DCT's ("2024-W48"), "this year" the DCT's year, "the third quarter"
//     "2024-Q3", "the quarter" the last completed one, "the year" the DCT's year ("the year ended June 30" a
//     duration), "the week" an unknown week of it ("2024-WXX"), "by year-end" "2024-12-31", "that year" the
//     year of the last date written before, "a year ago" the year before the DCT's, or the quarter a
//     year back in a text about quarterly results; "the 1990s" is "199X";
//   - "now", "currently", "current" are PRESENT_REF, "recently", "the past" PAST_REF, "the future" FUTURE_REF;
//   - durations are "P6Y", "PT2H30M", "P20Y" for two decades, "PXY" for an unknown number ("several years",
//     "decades"), a range is an unknown number ("two to three weeks" "PXW"), numbers may be written in two
//     words ("twenty four hours"); "in recent days" is the duration "recent days" (PXD), as the gold has it; sets are "P1D"
//     ("daily", "every day") or "XXXX-WXX-1" ("every Monday");
//   - "Friday night" is a DATE with the part of the day ("2024-12-06TNI"), as most of the gold has it; a clock
//     time is a TIME ("2024-12-07T15:00") and takes the day written right after it ("10 p.m. Wednesday"),
//     else the last day named before it in the document, else the DCT's;
//   - "yesterday (November 26)": two expressions, as TimeML annotates them, and the bracketed date wins:
//     "yesterday" takes its value (which also makes it the sentence's date).
//
// On TimeBank + AQUAINT (TBAQ-cleaned) it scores value F1 0.805, strict extent F1 0.879, relaxed 0.937,
// type 0.902 (package eval, Timex).
//
// Without a DCT, relative expressions stay underspecified ("XXXX-12-07", "XXXX-WXX") and nothing is taken
// from the clock.
package timex

import (
	"math/bits"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"newsgraph"
	"newsgraph/annotate/segment"
)

// Options tunes Find. The zero value is the default.
type Options struct {
	// DCTOnly resolves "the next day", "the following month", "two days later" against the DCT even when an
	// explicit date ("On November 22, 2017 ...") comes before them in the same paragraph. The zero value
	// anchors them to that date.
	DCTOnly bool
}

// Find returns the time expressions of text, sorted by span, with values resolved against dct (the
// publication date; zero when unknown: then relative values stay underspecified like "XXXX-12-07" or are left
// as the relative form TimeML allows, never guessed from the clock). sents/tokens are the segmentation of text
// (package segment; when both are empty Find segments text itself); Find also sets each sentence's Date: the
// value of its first DATE expression that is a day, month or year, else the DCT as YYYY-MM-DD, else "".
func Find(text string, sents []newsgraph.Sentence, tokens []newsgraph.Span, dct time.Time) []newsgraph.Timex {
	return Options{}.Find(text, sents, tokens, dct)
}

// Find is Find with options o.
func (o Options) Find(text string, sents []newsgraph.Sentence, tokens []newsgraph.Span, dct time.Time) []newsgraph.Timex {
	if len(sents) == 0 && len(tokens) == 0 {
		if text == "" {
			return nil
		}
		_, sents, tokens = segment.Segment(text, nil)
	}
	c := &ctx{text: text, spans: tokens, dct: dct, known: !dct.IsZero(), anchorOK: false, opts: o}
	buf := tokPool.Get().(*[]tok)
	if cap(*buf) < len(tokens) {
		*buf = make([]tok, len(tokens))
	}
	c.toks = (*buf)[:len(tokens)]
	defer func() {
		clear(c.toks) // drop the references into text before pooling
		tokPool.Put(buf)
	}()
	for i, sp := range tokens {
		if sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End {
			c.toks[i] = tok{}
			continue
		}
		c.toks[i] = classify(text[sp.Start:sp.End])
	}
	var out []newsgraph.Timex
	if len(sents) == 0 {
		out = c.sentence(out, 0, len(tokens), -1)
	} else {
		para := -1
		for si, s := range sents {
			if s.Paragraph != para {
				para, c.anchorOK = s.Paragraph, false
			}
			a, b := max(s.TokenStart, 0), min(s.TokenEnd, len(tokens))
			first := len(out)
			out = c.sentence(out, a, b, si)
			sents[si].Date = ""
			for _, x := range out[first:] {
				if x.Type == "DATE" && pointValue(x.Value) && datesSentence(text, x) {
					sents[si].Date = x.Value
					break
				}
			}
			if sents[si].Date == "" && c.known {
				sents[si].Date = dct.Format("2006-01-02")
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// datesSentence reports whether a point-in-time expression tells when what its sentence reports happened. It
// does not when it qualifies a noun ("a 2015 resolution", "the November 2015 attacks": a year or month after a
// determiner) or bounds a state ("partners since 2017", "before 2011").
func datesSentence(text string, x newsgraph.Timex) bool {
	switch strings.ToLower(prevWord(text, x.Start)) {
	case "since", "until", "till", "before", "after", "by", "from", "through":
		return false
	case "a", "an", "the", "its", "his", "her", "their", "our", "s":
		return len(x.Value) > 7 // a full date still dates the sentence: "the November 22 summit"
	}
	return true
}

// prevWord returns the word that ends before byte offset i in text, skipping spaces and quote marks.
func prevWord(text string, i int) string {
	end := i
	for end > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:end])
		if !unicode.IsSpace(r) && !strings.ContainsRune("\"'‘’“”", r) {
			break
		}
		end -= n
	}
	start := end
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:start])
		if !unicode.IsLetter(r) {
			break
		}
		start -= n
	}
	return text[start:end]
}

// tokPool holds token buffers between Find calls.
var tokPool = sync.Pool{New: func() any { return new([]tok) }}

// pointValue reports whether v is a calendar date of day, month or year granularity ("2024-12-07",
// "2024-12", "2024", "XXXX-12-07").
func pointValue(v string) bool {
	switch len(v) {
	case 4, 7, 10:
	default:
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case i == 4 || i == 7:
			if c != '-' {
				return false
			}
		case c == 'X' || ('0' <= c && c <= '9'):
		default:
			return false
		}
	}
	return v != "XXXX"
}

// dayDate reports whether v starts with a full calendar date ("2024-12-07", "2024-12-07T15:00").
func dayDate(v string) bool {
	if len(v) < 10 || len(v) > 10 && v[10] != 'T' {
		return false
	}
	for i := 0; i < 10; i++ {
		if c := v[i]; i == 4 || i == 7 {
			if c != '-' {
				return false
			}
		} else if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// ctx is the state of one Find call.
type ctx struct {
	text  string
	spans []newsgraph.Span
	toks  []tok
	dct   time.Time
	known bool
	opts  Options
	// the sentence being matched, as a token range
	s0, s1 int
	// the last explicit calendar date in the paragraph, which "the next day" follows
	anchor   time.Time
	anchorOK bool
	// the last quarter named, for "a year earlier" after "the third quarter"
	lastQ string
	// the last day named in the document ("2024-12-06"), which a clock time without a day and "that day"
	// belong to, and the year of the last calendar date, which "that year" is
	lastDay, lastYear string
}

// sentence appends the expressions of tokens [a, b), the sentence si.
func (c *ctx) sentence(out []newsgraph.Timex, a, b, si int) []newsgraph.Timex {
	c.s0, c.s1 = a, b
	first := len(out)
	var pos [maxElems]int
	for i := a; i < b; {
		t := &c.toks[i]
		if t.kind == 0 {
			i++
			continue
		}
		bestEnd, bestTyp, bestVal := -1, "", ""
		cand := t.rules
		for k := t.kind; k != 0; k &= k - 1 {
			rs := &startRules[bits.TrailingZeros32(k)]
			cand[0] |= rs[0]
			cand[1] |= rs[1]
		}
		for w := 0; w < 2; w++ {
			for set := cand[w]; set != 0; set &= set - 1 {
				r := &rules[w*64+bits.TrailingZeros64(set)]
				end, ok := r.match(c.toks, i, b, pos[:len(r.els)])
				if !ok || end <= bestEnd {
					continue
				}
				m := match{c: c, pos: pos[:len(r.els)], start: i, end: end}
				typ, val := r.typ, r.val(&m)
				if val == "" {
					continue
				}
				if m.typ != "" {
					typ = m.typ
				}
				bestEnd, bestTyp, bestVal = end, typ, val
			}
		}
		if bestEnd < 0 {
			i++
			continue
		}
		s, e := c.trim(i, bestEnd)
		if bestTyp == "DURATION" {
			s = c.modifiers(s)
		}
		out = append(out, newsgraph.Timex{Span: newsgraph.Span{Start: c.spans[s].Start, End: c.spans[e-1].End},
			Type: bestTyp, Value: bestVal, Sentence: si})
		if dayDate(bestVal) {
			c.lastDay = bestVal[:10]
		}
		if bestTyp == "DATE" && pointValue(bestVal) && bestVal[:4] != "XXXX" {
			c.lastYear = bestVal[:4]
		}
		i = bestEnd
	}
	return c.merge(out, first)
}

// trim drops punctuation and joining words from the ends of a match.
func (c *ctx) trim(s, e int) (int, int) {
	for e-s > 1 && edgeWord(c.toks[e-1].w) {
		e--
	}
	for e-s > 1 && edgeWord(c.toks[s].w) {
		s++
	}
	return s, e
}

func edgeWord(w string) bool {
	switch w {
	case ",", "of", "and", "(", ")", "-", "--", "/":
		return true
	}
	return false
}

// modifiers extends a duration to the left over "more than", "at least", "nearly", "up to" ... .
func (c *ctx) modifiers(s int) int {
	w := func(i int) string {
		if i < c.s0 {
			return ""
		}
		return c.toks[i].w
	}
	switch w(s - 1) {
	case "nearly", "almost", "approximately": // the gold leaves "about", "over", "only" out
		return s - 1
	case "than":
		switch w(s - 2) {
		case "more", "less", "fewer":
			if w(s-3) == "no" {
				return s - 3
			}
			return s - 2
		}
	case "least":
		if w(s-2) == "at" {
			return s - 2
		}
	case "to":
		if w(s-2) == "up" {
			return s - 2
		}
	}
	return s
}

// merge joins a TIME without a day and the day expression right after it ("10 p.m. Wednesday",
// "5 p.m. EST, Nov. 6", "noon Thursday") into one TIME, in out[first:]; and gives a day expression followed
// by a bracketed date ("yesterday (November 26)") the bracketed date's value: the writer's explicit date wins
// over the DCT. The two stay separate expressions, as TimeML annotates them.
func (c *ctx) merge(out []newsgraph.Timex, first int) []newsgraph.Timex {
	for k := first; k+1 < len(out); k++ {
		a, b := out[k], out[k+1]
		if a.Type == "DATE" && b.Type == "DATE" && pointValue(a.Value) && len(a.Value) == 10 && len(b.Value) == 10 &&
			bracket(c.text[a.End:b.Start]) {
			out[k].Value = b.Value
		}
	}
	return c.mergeTimes(out, first)
}

// bracket reports whether s is an opening bracket between spaces.
func bracket(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ':
		case '(', '[':
			n++
		default:
			return false
		}
	}
	return n == 1
}

// mergeTimes joins a TIME without a day and the day expression right after it ("10 p.m. Wednesday",
// "5 p.m. EST, Nov. 6", "noon Thursday") into one TIME, in out[first:].
func (c *ctx) mergeTimes(out []newsgraph.Timex, first int) []newsgraph.Timex {
	for k := first; k+1 < len(out); k++ {
		a, b := out[k], out[k+1]
		if a.Type != "TIME" || b.Type != "DATE" || len(b.Value) != 10 || !gapOK(c.text[a.End:b.Start]) {
			continue
		}
		i := indexByte(a.Value, 'T')
		if i < 0 {
			continue
		}
		out[k].End, out[k].Value = b.End, b.Value+a.Value[i:]
		out = append(out[:k+1], out[k+2:]...)
	}
	return out
}

func gapOK(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', ',':
		default:
			return false
		}
	}
	return true
}

func indexByte(s string, b byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return i
		}
	}
	return -1
}
