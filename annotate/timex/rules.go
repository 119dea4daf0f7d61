package timex

import (
	"strconv"
	"strings"
)

// A rule is a pattern over tokens and the function that gives the value of what it matches.
//
// Patterns are written as space-separated elements. An element is a class in capitals (MONTH, WDAY, DAY, YEAR,
// NUM, UNIT, UNITS ... see classes) or a literal lower-case word, or alternatives of both joined by "|"; a
// trailing "?" makes it optional. "the? ORD|second quarter" matches "the third quarter" and "second quarter".
// At each token the longest match wins (the earlier rule on a tie); a value function returning "" rejects
// the match.
type rule struct {
	pat   string
	typ   string
	val   func(m *match) string
	els   []elem
	first uint32   // classes the first token can have
	words []string // literal words the first token can be
}

// ruleSet is a set of rules by index in the rule table.
type ruleSet [2]uint64

// startRules[b] is the set of rules whose first token can have class 1<<b; lexicon entries hold the set of
// rules that can start with their word.
var startRules [32]ruleSet

type elem struct {
	mask  uint32
	words []string
	opt   bool
}

const maxElems = 12

var classes = map[string]uint32{
	"MONTH": kMonth, "WDAY": kWday, "WDAYS": kWdays, "YEAR": kYear, "DAY": kDay, "NUM": kNum, "FEW": kFew,
	"UNIT": kUnit, "UNITS": kUnits, "ORD": kOrd, "PART": kPart, "SEASON": kSeason, "CLOCK": kClock,
	"AMPM": kAmPm, "ZONE": kZone, "DATE": kDate, "DECADE": kDecade, "DURADJ": kDurAdj, "QADJ": kQuarter,
	"MODYEAR": kModYear, "MODMON": kModMon, "YEARAGO": kYearAgo, "DEICTIC": kDeictic, "SETADV": kSetAdv,
	"HOLIDAY": kHoliday,
}

func (e *elem) ok(t *tok) bool {
	if e.mask&t.kind != 0 {
		return true
	}
	if t.w == "" {
		return false
	}
	for _, w := range e.words {
		if w == t.w {
			return true
		}
	}
	return false
}

// compile parses the patterns of rs; it panics on a malformed pattern, which is a programming error caught by
// every test.
func compile(rs []rule) []rule {
	for ri := range rs {
		r := &rs[ri]
		for _, f := range strings.Fields(r.pat) {
			var e elem
			if strings.HasSuffix(f, "?") {
				e.opt, f = true, strings.TrimSuffix(f, "?")
			}
			for _, alt := range strings.Split(f, "|") {
				if k, ok := classes[alt]; ok {
					e.mask |= k
				} else if alt == strings.ToLower(alt) {
					if _, known := lexicon[alt]; !known {
						panic("timex: rule " + r.pat + ": word " + alt + " is not in the lexicon")
					}
					e.words = append(e.words, alt)
				} else {
					panic("timex: rule " + r.pat + ": unknown class " + alt)
				}
			}
			r.els = append(r.els, e)
		}
		if len(r.els) > maxElems {
			panic("timex: rule " + r.pat + ": too long")
		}
		for _, e := range r.els {
			r.first |= e.mask
			r.words = append(r.words, e.words...)
			if !e.opt {
				break
			}
		}
	}
	return rs
}

// index fills startRules and the rule sets of the lexicon entries from the compiled table.
func index(rs []rule) []rule {
	if len(rs) > 128 {
		panic("timex: more than 128 rules")
	}
	for ri := range rs {
		bit := uint64(1) << (ri % 64)
		for b := 0; b < 32; b++ {
			if rs[ri].first&(1<<b) != 0 {
				startRules[b][ri/64] |= bit
			}
		}
		for _, w := range rs[ri].words {
			e := lexicon[w]
			e.rules[ri/64] |= bit
			lexicon[w] = e
		}
	}
	return rs
}

// match matches r at toks[i:end], filling pos with the token index of each element (-1 when an optional one
// is skipped), and returns the end of the match.
func (r *rule) match(toks []tok, i, end int, pos []int) (int, bool) {
	return r.step(toks, 0, i, end, pos)
}

func (r *rule) step(toks []tok, k, i, end int, pos []int) (int, bool) {
	if k == len(r.els) {
		return i, true
	}
	e := &r.els[k]
	if i < end && e.ok(&toks[i]) {
		pos[k] = i
		if j, ok := r.step(toks, k+1, i+1, end, pos); ok {
			return j, true
		}
	}
	if e.opt {
		pos[k] = -1
		return r.step(toks, k+1, i, end, pos)
	}
	return 0, false
}

// match is one match of a rule, given to its value function.
type match struct {
	c          *ctx
	pos        []int
	start, end int
	typ        string // set by the value function to override the rule's type
}

var none tok

// t returns the token of element k, or an empty token when the element was skipped.
func (m *match) t(k int) *tok {
	if m.pos[k] < 0 {
		return &none
	}
	return &m.c.toks[m.pos[k]]
}

func (m *match) has(k int) bool { return m.pos[k] >= 0 }

// word returns the lower-cased word of element k ("" when skipped).
func (m *match) word(k int) string { return m.t(k).w }

// prev and next return the lower-cased word before and after the match in the sentence.
func (m *match) prev() string {
	if m.start-1 < m.c.s0 {
		return ""
	}
	t := &m.c.toks[m.start-1]
	if t.w != "" {
		return t.w
	}
	return t.text
}

func (m *match) next() *tok {
	if m.end >= m.c.s1 {
		return &none
	}
	return &m.c.toks[m.end]
}

// rel is the direction of last/next/this.
func rel(w string) int {
	switch w {
	case "last", "past", "previous":
		return -1
	case "next", "coming", "following":
		return 1
	}
	return 0
}

// ordinal reads "first" .. "fourth" written as words or ordinals.
func ordinal(t *tok) int {
	switch t.w {
	case "first":
		return 1
	case "second":
		return 2
	case "third":
		return 3
	case "fourth":
		return 4
	}
	if t.kind&kOrd != 0 {
		return t.val
	}
	return 0
}

// count reads the number of units: NUM, "a", "an", or unknown (-1) for "several", "a few".
func count(t *tok) float64 {
	switch {
	case t.w == "a" || t.w == "an":
		return 1
	case t.kind&kFew != 0:
		return -1
	case t.kind&kNum != 0:
		return t.f
	}
	return -1
}

// dayValue resolves the DCT's day moved by n days (n = 0 today), or the underspecified day.
func (c *ctx) dayValue(n int) string {
	if !c.known {
		return "XXXX-XX-XX"
	}
	return day(c.date().AddDate(0, 0, n))
}

// sentenceDay is the day a clock time or a part of the day without a day of its own belongs to: the last day
// named before it in the paragraph ("Shares fell Friday. Buyers came back in the afternoon"), else the DCT's
// day (a day written right after the time replaces it, see mergeTimes).
func (c *ctx) sentenceDay() string {
	if c.lastDay != "" {
		return c.lastDay
	}
	return c.dayValue(0)
}

func clock(h, min int) string { return "T" + pad2(h) + ":" + pad2(min) }

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// hour12 turns an hour and a.m./p.m. into a 24-hour hour, or -1.
func hour12(h int, ampm *tok) int {
	if h < 1 || h > 12 {
		return -1
	}
	if ampm.kind&kAmPm == 0 {
		return h
	}
	if ampm.val == 12 {
		if h == 12 {
			return 12
		}
		return h + 12
	}
	if h == 12 {
		return 0
	}
	return h
}

// quarterValue resolves the ordinal quarter q of the DCT's year, or of the year before when q has not begun at
// the DCT.
func (c *ctx) quarterValue(q int) string {
	if q < 1 || q > 4 {
		return ""
	}
	if !c.known {
		return "XXXX-Q" + strconv.Itoa(q)
	}
	y := c.dct.Year()
	if q > quarterOf(int(c.dct.Month())) {
		y--
	}
	c.lastQ = yq(y, q)
	return c.lastQ
}

// yearEarlier is "a year earlier", "a year ago", "year-earlier": in a document that named a quarter, or in a
// sentence about money (quarterly results: "up from $10 million a year ago"), the quarter a year back; else
// the year before the DCT.
func (c *ctx) yearEarlier() string {
	q := c.lastQ
	if q == "" && c.money() {
		q = c.shift(-1, uQuarter, false)
	}
	if len(q) == 7 {
		if y, err := strconv.Atoi(q[:4]); err == nil {
			return yyyy(y-1) + q[4:]
		}
	}
	return c.shift(-1, uYear, false)
}

// money reports whether the current sentence speaks of amounts of money.
func (c *ctx) money() bool {
	for j := c.s0; j < c.s1; j++ {
		switch t := c.toks[j].text; {
		case t == "cents" || t == "pence" || t != "" && t[0] == '$' || strings.HasPrefix(t, "US$") || strings.HasPrefix(t, "C$"):
			return true
		}
	}
	return false
}
