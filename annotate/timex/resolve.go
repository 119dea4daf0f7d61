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

// future reports whether the clause around token i speaks of the future: the nearest verb-like word before
// it (up to 8 tokens back), else just after it, is a future marker ("will", "'ll", "to", "expected") rather
// than a past form ("said", "was", any word in -ed).
func (c *ctx) future(i int) bool { return c.tenseAt(i) > 0 }

// tenseAt is +1 when the clause around token i speaks of the future, -1 of the past, 0 when it does not say.
func (c *ctx) tenseAt(i int) int {
	for j := i - 1; j >= c.s0 && j >= i-12; j-- {
		if t := tense(&c.toks[j]); t != 0 {
			return t
		}
	}
	for j := i + 1; j < c.s1 && j <= i+3; j++ {
		if t := tense(&c.toks[j]); t != 0 {
			return t
		}
	}
	return 0
}

// tense is +1 for a future marker, -1 for a past verb form, 0 otherwise.
func tense(t *tok) int {
	switch t.w {
	case "will", "'ll", "shall", "wo", "going", "expected", "expects", "scheduled", "plans", "plan", "upcoming",
		"due", "intends", "hopes", "aims", "effective", "would":
		return 1
	}
	s := t.text
	if len(s) < 3 || s[0] < 'a' || s[0] > 'z' {
		return 0
	}
	if len(s) > 4 && s[len(s)-2:] == "ed" && s[len(s)-3] != 'e' { // not "succeed", "need"
		return -1
	}
	switch s {
	case "said", "was", "were", "had", "did", "told", "met", "made", "took", "went", "came", "saw", "gave",
		"left", "began", "held", "rose", "fell", "won", "lost", "got", "sent", "spoke", "wrote", "hit", "shot",
		"led", "fled", "paid", "sold", "bought", "brought", "thought", "found", "ran", "struck", "broke",
		"became", "chose", "drove", "flew", "knew", "stood", "woke", "spent", "felt", "kept", "heard":
		return -1
	}
	return 0
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
