package timex

import (
	"fmt"
	"strconv"
	"time"
)

// Value formatting and resolution against the DCT.

func ymd(y, m, d int) string { return fmt.Sprintf("%04d-%02d-%02d", y, m, d) }
func ym(y, m int) string     { return fmt.Sprintf("%04d-%02d", y, m) }
func yyyy(y int) string      { return fmt.Sprintf("%04d", y) }
func day(t time.Time) string { return t.Format("2006-01-02") }

func week(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

func quarterOf(m int) int { return (m-1)/3 + 1 }

func yq(y, q int) string { return fmt.Sprintf("%04d-Q%d", y, q) }

// date is the DCT's calendar date at midnight UTC.
func (c *ctx) date() time.Time {
	y, m, d := c.dct.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// future reports whether the clause around token i speaks of the future (see tenseAt).
func (c *ctx) future(i int) bool { return c.tenseAt(i) > 0 }

// tenseAt is +1 when the clause around token i speaks of the future, -1 of the past, 0 when it does not say:
// the nearest tense marker before it (up to 12 tokens back), else just after it. A marker is a future word
// ("will", "'ll", "expected", "scheduled", "planned to"), "set to", "is to" before a verb ("set to resume"),
// "until" or "as soon as" right before the expression, or a past form ("said", "was", any word in -ed) that
// is not a passive after "be" ("will be named").
func (c *ctx) tenseAt(i int) int {
	for j := i - 1; j >= c.s0 && j >= i-12; j-- {
		if t := c.tense(j, i); t != 0 {
			if t == present {
				return 0
			}
			return t
		}
	}
	for j := i + 1; j < c.s1 && j <= i+3; j++ {
		if t := c.tense(j, i); t != 0 {
			if t == present {
				return 0
			}
			return t
		}
	}
	return 0
}

// present is what tense gives for a present-tense verb: it ends the search for a marker.
const present = 2

// lower is the word of token j when it is in lower case ("" otherwise): a verb or function word.
func (c *ctx) lower(j int) string {
	if j < c.s0 || j >= c.s1 {
		return ""
	}
	t := &c.toks[j]
	if t.w != "" && !t.upper {
		return t.w
	}
	s := t.text
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return ""
	}
	return s
}

// tense is the tense marked by token j for an expression at token i: +1 future, -1 past, 0 none.
func (c *ctx) tense(j, i int) int {
	s := c.lower(j)
	if s == "" {
		return 0
	}
	switch s {
	case "is", "are", "am":
		return present
	case "will", "'ll", "shall", "wo", "going", "expected", "expects", "scheduled", "plans", "plan", "upcoming",
		"due", "intends", "hopes", "aims", "effective", "would", "planning", "slated":
		return 1
	case "planned":
		switch c.lower(j - 1) {
		case "previously", "as", "had", "originally", "already":
			return -1
		}
		switch c.lower(j + 1) { // "planned to leave", "planned a rally"; not "a service planned at ..."
		case "to", "a", "an", "the":
			return 1
		}
		return -1
	case "until", "till":
		if j == i-1 {
			return 1
		}
		return 0
	case "soon", "early":
		if j == i-2 && c.lower(j-1) == "as" && c.lower(i-1) == "as" {
			return 1
		}
		return 0
	case "to":
		switch c.lower(j - 1) {
		case "set", "is", "are", "am":
			if j+1 < i && toVerb(c.lower(j+1)) { // "set to resume Monday", "is to resume trading Tuesday"
				return 1
			}
		}
		return 0
	}
	past := len(s) > 4 && s[len(s)-2:] == "ed" && s[len(s)-3] != 'e' // not "succeed", "need"
	switch s {
	case "said", "was", "were", "had", "did", "told", "met", "made", "took", "went", "came", "saw", "gave",
		"left", "began", "held", "rose", "fell", "won", "lost", "got", "sent", "spoke", "wrote", "hit", "shot",
		"led", "fled", "paid", "sold", "bought", "brought", "thought", "found", "ran", "struck", "broke",
		"became", "chose", "drove", "flew", "knew", "stood", "woke", "spent", "felt", "kept", "heard":
		past = true
	}
	if past && c.lower(j-1) == "be" { // a passive after a modal or "to": "will be named", "to be held"
		return 0
	}
	if past {
		return -1
	}
	return 0
}

// toVerb reports whether w, after "to", looks like the base form of a verb ("to resume"), not the start of a
// noun phrase ("to the", "to Paris") nor a participle.
func toVerb(w string) bool {
	if len(w) < 2 {
		return false
	}
	switch w {
	case "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that", "these", "those",
		"some", "any", "all", "be", "have", "about", "date", "power", "office", "court", "prison", "work", "school",
		"town", "church", "war", "death", "life", "trial", "talks", "him", "them", "us", "me", "it", "one", "two",
		"more", "less", "no", "each", "every", "other", "both", "what", "which", "where":
		return false
	}
	n := len(w)
	if w[n-1] == 's' || n > 3 && (w[n-2:] == "ed" || w[n-3:] == "ing" || w[n-2:] == "ly") {
		return false
	}
	for k := 0; k < n; k++ {
		if w[k] < 'a' || w[k] > 'z' {
			return false
		}
	}
	return true
}

// weekday resolves a weekday (1 = Monday) against the DCT: dir < 0 the last one strictly before, dir > 0 the
// next one strictly after, dir == 0 the DCT itself when it is that weekday, else by the tense at token i.
func (c *ctx) weekday(wd, dir, i int) string {
	if !c.known {
		return "XXXX-WXX-" + strconv.Itoa(wd)
	}
	d := c.date()
	cur := int(d.Weekday())
	if cur == 0 {
		cur = 7
	}
	if dir == 0 {
		if cur == wd {
			return day(d)
		}
		dir = -1
		if c.future(i) {
			dir = 1
		}
	}
	if dir < 0 {
		back := (cur - wd + 7) % 7
		if back == 0 {
			back = 7
		}
		return day(d.AddDate(0, 0, -back))
	}
	fwd := (wd - cur + 7) % 7
	if fwd == 0 {
		fwd = 7
	}
	return day(d.AddDate(0, 0, fwd))
}

// monthDay resolves a day of a month without a year like month.
func (c *ctx) monthDay(m, d, i int) string {
	if !c.known {
		return fmt.Sprintf("XXXX-%02d-%02d", m, d)
	}
	y, dm, dd := c.dct.Date()
	key, dkey := m*100+d, int(dm)*100+dd
	t := c.tenseAt(i)
	switch {
	case t > 0 && key < dkey && int(dm)-m > 2, t == 0 && int(dm)-m > 7:
		y++
	case t < 0 && key > dkey && m-int(dm) > 2, t == 0 && m-int(dm) > 3:
		y--
	}
	if !validDate(y, m, d) {
		return ""
	}
	return ymd(y, m, d)
}

// month resolves a month without a year (token i): the DCT's year, or the year before when the month is more
// than two months after the DCT's in a clause about the past (more than three when the clause does not say),
// the year after when it is more than two months before it in a clause about the future (more than seven when
// the clause does not say). Tuned on the TimeBank gold.
func (c *ctx) month(m, i int) string {
	if !c.known {
		return fmt.Sprintf("XXXX-%02d", m)
	}
	y, dm, _ := c.dct.Date()
	t := c.tenseAt(i)
	switch {
	case t > 0 && int(dm)-m > 2, t == 0 && int(dm)-m > 7:
		y++
	case t < 0 && m-int(dm) > 2, t == 0 && m-int(dm) > 3:
		y--
	}
	return ym(y, m)
}

// shift moves the DCT (or the anchor when anchored) by n units and formats it at the unit's granularity.
func (c *ctx) shift(n, unit int, anchored bool) string {
	base := c.date()
	if anchored && c.anchorOK && !c.opts.DCTOnly {
		base = c.anchor
	} else if !c.known {
		return under(unit)
	}
	switch unit {
	case uDay:
		return day(base.AddDate(0, 0, n))
	case uWeek:
		return week(base.AddDate(0, 0, 7*n))
	case uWeekend:
		return week(base.AddDate(0, 0, 7*n)) + "-WE"
	case uMonth:
		t := time.Date(base.Year(), base.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
		return ym(t.Year(), int(t.Month()))
	case uQuarter:
		q := (base.Year()*4 + quarterOf(int(base.Month())) - 1) + n
		return yq(q/4, q%4+1)
	case uYear:
		return yyyy(base.Year() + n)
	case uDecade:
		return strconv.Itoa((base.Year() + 10*n) / 10)
	case uCentury:
		return strconv.Itoa((base.Year() + 100*n) / 100)
	}
	return ""
}

// under is the underspecified value of a unit's granularity.
func under(unit int) string {
	switch unit {
	case uDay:
		return "XXXX-XX-XX"
	case uWeek:
		return "XXXX-WXX"
	case uWeekend:
		return "XXXX-WXX-WE"
	case uMonth:
		return "XXXX-XX"
	case uQuarter:
		return "XXXX-QX"
	case uYear:
		return "XXXX"
	case uDecade:
		return "XXX"
	case uCentury:
		return "XX"
	}
	return ""
}

// setAnchor makes an explicit day date the anchor of the relative expressions that follow in the paragraph.
func (c *ctx) setAnchor(v string) {
	if len(v) != 10 {
		return
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return
	}
	c.anchor, c.anchorOK = t, true
}
