package timex

import (
	"strconv"
	"time"
)

// rules is the rule table. Element k of a pattern is m.t(k) in its value function.
var rules = index(compile([]rule{
	// Calendar dates.
	{pat: "MONTH DAY ,? YEAR", typ: "DATE", val: func(m *match) string {
		return fullDate(m, m.t(3).val, m.t(0).val, m.t(1).val)
	}},
	{pat: "DAY MONTH ,? YEAR", typ: "DATE", val: func(m *match) string {
		return fullDate(m, m.t(3).val, m.t(1).val, m.t(0).val)
	}},
	{pat: "WDAY ,? MONTH DAY ,? YEAR", typ: "DATE", val: func(m *match) string {
		return fullDate(m, m.t(5).val, m.t(2).val, m.t(3).val)
	}},
	{pat: "WDAY ,? DAY MONTH ,? YEAR", typ: "DATE", val: func(m *match) string {
		return fullDate(m, m.t(5).val, m.t(3).val, m.t(2).val)
	}},
	{pat: "WDAY ,? MONTH DAY", typ: "DATE", val: func(m *match) string { return dayMonth(m, m.t(2), m.t(3)) }},
	{pat: "WDAY ,? DAY MONTH", typ: "DATE", val: func(m *match) string { return dayMonth(m, m.t(3), m.t(2)) }},
	{pat: "this|next|coming? coming? WDAY ,? MONTH DAY", typ: "DATE", val: func(m *match) string {
		return dayMonth(m, m.t(4), m.t(5))
	}},
	{pat: "MONTH DAY", typ: "DATE", val: func(m *match) string { return dayMonth(m, m.t(0), m.t(1)) }},
	{pat: "DAY MONTH", typ: "DATE", val: func(m *match) string {
		if m.t(0).kind&kOrd == 0 && m.t(0).text[0] == '0' {
			return ""
		}
		return dayMonth(m, m.t(1), m.t(0))
	}},
	{pat: "the DAY of MONTH ,? YEAR?", typ: "DATE", val: func(m *match) string {
		if m.has(5) {
			return fullDate(m, m.t(5).val, m.t(3).val, m.t(1).val)
		}
		return dayMonth(m, m.t(3), m.t(1))
	}},
	{pat: "DATE", typ: "DATE", val: func(m *match) string {
		t := m.t(0)
		v := ymd(t.y, t.m, t.d)
		m.c.setAnchor(v)
		return v
	}},
	{pat: "early|late|mid? MONTH ,? YEAR", typ: "DATE", val: func(m *match) string {
		return ym(m.t(3).val, m.t(1).val)
	}},
	{pat: "MODMON ,? YEAR", typ: "DATE", val: func(m *match) string { return ym(m.t(2).val, m.t(0).val) }},
	{pat: "early|late|mid? MONTH", typ: "DATE", val: func(m *match) string {
		if !monthAlone(m, 1) {
			return ""
		}
		return m.c.month(m.t(1).val, m.start)
	}},
	{pat: "MODMON", typ: "DATE", val: func(m *match) string { return m.c.month(m.t(0).val, m.start) }},
	{pat: "last|this|next MONTH", typ: "DATE", val: func(m *match) string {
		if m.next().kind&kDay != 0 {
			return "" // "last Oct. 23": the date is "Oct. 23", in the past
		}
		if !m.c.known {
			return "XXXX-" + pad2(m.t(1).val)
		}
		y, dm := m.c.dct.Year(), int(m.c.dct.Month())
		mm := m.t(1).val
		switch rel(m.word(0)) {
		case -1:
			if mm >= dm {
				y--
			}
		case 1:
			if mm <= dm {
				y++
			}
		}
		return ym(y, mm)
	}},
	{pat: "YEAR", typ: "DATE", val: func(m *match) string {
		switch m.prev() {
		case "$", "#", "No.", "no.", "number", "Nos.", "route", "Route", "flight", "Flight", "-", "/":
			return ""
		}
		n := m.next()
		if n.kind&(kUnit|kUnits|kNum) != 0 || n.w == "" && (n.text == "%" || n.text == "-" || n.text == "/") {
			return ""
		}
		switch n.text {
		case "million", "billion", "percent", "people", "troops", "votes", "shares", "feet", "meters", "miles":
			return ""
		}
		return yyyy(m.t(0).val)
	}},
	{pat: "fiscal year? YEAR", typ: "DATE", val: func(m *match) string { return yyyy(m.t(2).val) }},
	{pat: "early|late|mid? DECADE", typ: "DATE", val: func(m *match) string {
		return strconv.Itoa(m.t(1).val/10) + "X"
	}},
	{pat: "nineteen|twenty NUM", typ: "DATE", val: func(m *match) string { return spelledYear(m.t(0), m.t(1)) }},
	{pat: "MONTH ,? nineteen|twenty NUM", typ: "DATE", val: func(m *match) string {
		if y := spelledYear(m.t(2), m.t(3)); y != "" {
			return y + "-" + pad2(m.t(0).val)
		}
		return ""
	}},
	{pat: "the? early|late|mid? SEASON of? nineteen|twenty NUM", typ: "DATE", val: func(m *match) string {
		if y := spelledYear(m.t(4), m.t(5)); y != "" {
			return y + "-" + m.t(2).s
		}
		return ""
	}},
	{pat: "MONTH last|this|next year", typ: "DATE", val: func(m *match) string {
		y := m.c.shift(rel(m.word(1)), uYear, false)
		if len(y) != 4 {
			return "XXXX-" + pad2(m.t(0).val)
		}
		return y + "-" + pad2(m.t(0).val)
	}},
	{pat: "MODYEAR", typ: "DATE", val: func(m *match) string { return yyyy(m.t(0).val) }},
	{pat: "early|late|mid YEAR", typ: "DATE", val: func(m *match) string { return yyyy(m.t(1).val) }},
	{pat: "the? end|beginning|start|middle|close of MONTH|YEAR|MODMON ,? YEAR?", typ: "DATE", val: func(m *match) string {
		a, b := m.t(3), m.t(5)
		switch {
		case a.kind&kYear != 0 && !m.has(5) && a.kind&kMonth == 0:
			return yyyy(a.val)
		case m.has(5):
			return ym(b.val, a.val)
		case a.kind&(kMonth|kModMon) != 0:
			return m.c.month(a.val, m.start)
		}
		return ""
	}},
	{pat: "the? end|beginning|start|middle|close of the? last|this|next|past|current? UNIT", typ: "DATE", val: func(m *match) string {
		return relUnit(m, m.word(4), m.t(5))
	}},

	// Seasons, quarters, halves.
	{pat: "the? early|late|mid? SEASON of? YEAR", typ: "DATE", val: func(m *match) string {
		return yyyy(m.t(4).val) + "-" + m.t(2).s
	}},
	{pat: "early|late? last|this|next SEASON", typ: "DATE", val: func(m *match) string {
		return season(m, m.t(2).s, rel(m.word(1)))
	}},
	{pat: "the? early|late? SEASON", typ: "DATE", val: func(m *match) string {
		switch m.prev() {
		case "in", "during", "since", "until", "by", "over", "through", "this":
		default:
			if !m.has(0) {
				return ""
			}
		}
		if m.next().kind&(kUnit|kUnits) != 0 {
			return ""
		}
		return season(m, m.t(2).s, 0)
	}},
	{pat: "the? fiscal? ORD|second|first|third|fourth fiscal? quarter of? YEAR?", typ: "DATE", val: func(m *match) string {
		q := ordinal(m.t(2))
		if q < 1 || q > 4 {
			return ""
		}
		if m.has(6) {
			return yq(m.t(6).val, q)
		}
		return m.c.quarterValue(q)
	}},
	{pat: "the? YEAR ORD|second|first|third|fourth fiscal? quarter", typ: "DATE", val: func(m *match) string {
		q := ordinal(m.t(2))
		if q < 1 || q > 4 {
			return ""
		}
		return yq(m.t(1).val, q)
	}},
	{pat: "this|last|next year 's ORD|second|first|third|fourth quarter", typ: "DATE", val: func(m *match) string {
		q := ordinal(m.t(3))
		y := m.c.shift(rel(m.word(0)), uYear, false)
		if q < 1 || q > 4 || len(y) != 4 {
			return ""
		}
		return y + "-Q" + strconv.Itoa(q)
	}},
	{pat: "QADJ", typ: "DATE", val: func(m *match) string { return m.c.quarterValue(m.t(0).val) }},
	{pat: "the latest|current|past|last|previous|same? quarter", typ: "DATE", val: func(m *match) string {
		switch m.word(1) {
		case "current":
			return m.c.shift(0, uQuarter, false)
		case "same":
			return ""
		}
		return m.c.shift(-1, uQuarter, false)
	}},
	{pat: "the latest period", typ: "DATE", val: func(m *match) string { return m.c.shift(-1, uQuarter, false) }},
	{pat: "the comparable|corresponding|same? YEARAGO ORD|second|first|third|fourth? quarter|period", typ: "DATE", val: func(m *match) string {
		if m.has(3) {
			q := ordinal(m.t(3))
			y := m.c.shift(-1, uYear, false)
			if q < 1 || q > 4 || len(y) != 4 {
				return ""
			}
			return y + "-Q" + strconv.Itoa(q)
		}
		q := m.c.lastQ
		if q == "" {
			q = m.c.shift(-1, uQuarter, false)
		}
		if len(q) != 7 {
			return q
		}
		y, _ := strconv.Atoi(q[:4])
		return yyyy(y-1) + q[4:]
	}},
	{pat: "the YEAR period|quarter", typ: "DATE", val: func(m *match) string {
		q := m.c.lastQ
		if q == "" {
			q = m.c.shift(-1, uQuarter, false)
		}
		if len(q) != 7 {
			return yyyy(m.t(1).val)
		}
		return yyyy(m.t(1).val) + q[4:]
	}},
	{pat: "YEARAGO", typ: "DATE", val: func(m *match) string { return m.c.yearEarlier() }},
	{pat: "the? first|second half of? YEAR?", typ: "DATE", val: func(m *match) string {
		h := "1"
		if m.word(1) == "second" {
			h = "2"
		}
		if m.has(4) {
			return yyyy(m.t(4).val) + "-H" + h
		}
		if !m.has(0) && !m.has(3) {
			return ""
		}
		y := m.c.shift(0, uYear, false)
		return y + "-H" + h
	}},

	// Weekdays and the days around the DCT.
	{pat: "WDAY", typ: "DATE", val: func(m *match) string {
		if m.next().w == "'s" && m.c.known { // "Wednesday's ruling": an event reported, not announced
			if v := m.c.weekday(m.t(0).val, 0, m.start); v == day(m.c.date()) {
				return v
			}
			return m.c.weekday(m.t(0).val, -1, m.start)
		}
		return m.c.weekday(m.t(0).val, 0, m.start)
	}},
	{pat: "early|late WDAY", typ: "DATE", val: func(m *match) string { return m.c.weekday(m.t(1).val, 0, m.start) }},
	{pat: "last|this|next|coming? coming WDAY", typ: "DATE", val: func(m *match) string {
		dir := rel(m.word(0))
		if m.has(1) {
			dir = 1
		}
		if m.word(0) == "this" && !m.has(1) {
			dir = 0
		}
		return m.c.weekday(m.t(2).val, dir, m.start)
	}},
	{pat: "last|next WDAY", typ: "DATE", val: func(m *match) string {
		return m.c.weekday(m.t(1).val, rel(m.word(0)), m.start)
	}},
	{pat: "early|late|earlier|later|right? DEICTIC", typ: "DATE", val: func(m *match) string {
		t := m.t(1)
		if m.word(0) == "right" && t.w != "now" {
			return ""
		}
		switch t.s {
		case "today", "yesterday", "tomorrow":
			return m.c.dayValue(t.val)
		case "tonight":
			m.typ = "TIME"
			return m.c.dayValue(0) + "TNI"
		}
		if m.has(0) && m.word(0) != "right" {
			return ""
		}
		return t.s
	}},
	{pat: "DEICTIC PART", typ: "TIME", val: func(m *match) string {
		t := m.t(0)
		switch t.s {
		case "today", "yesterday", "tomorrow":
			return m.c.dayValue(t.val) + partValue(m.t(1))
		}
		return ""
	}},
	// The gold marks most "Friday night" as DATE (value with or without the part of the day).
	{pat: "early|late? WDAY PART", typ: "DATE", val: func(m *match) string {
		return m.c.weekday(m.t(1).val, 0, m.start) + partValue(m.t(2))
	}},
	{pat: "early|late? this|the|last PART", typ: "TIME", val: func(m *match) string {
		p := m.t(2)
		switch m.word(1) {
		case "last":
			if p.s != "NI" && p.s != "EV" {
				return ""
			}
			return m.c.dayValue(-1) + partValue(p)
		case "the":
			if !m.has(0) && m.prev() != "in" && m.prev() != "during" {
				return ""
			}
			return m.c.sentenceDay() + partValue(p)
		}
		return m.c.dayValue(0) + partValue(p)
	}},
	{pat: "PART", typ: "TIME", val: func(m *match) string {
		p := m.t(0)
		if p.val == 0 && p.w != "overnight" {
			return ""
		}
		return m.c.dayValue(0) + partValue(p)
	}},
	{pat: "last|this|next? HOLIDAY day?", typ: "DATE", val: func(m *match) string {
		h := m.t(1)
		if !h.upper {
			return ""
		}
		y := m.c.shift(rel(m.word(0)), uYear, false)
		if !m.has(0) && m.c.known { // the year of the nearest such month, by the tense as for months
			mo := 11
			if h.s != "TG" {
				mo, _ = strconv.Atoi(h.s[:2])
			}
			y = m.c.month(mo, m.start)[:4]
		}
		if len(y) != 4 {
			if h.s == "TG" {
				return "XXXX-11-XX"
			}
			return "XXXX-" + h.s
		}
		if h.s == "TG" {
			yy, _ := strconv.Atoi(y)
			first := int(time.Date(yy, time.November, 1, 0, 0, 0, 0, time.UTC).Weekday()) // 0 = Sunday
			return ymd(yy, 11, 1+(4-first+7)%7+21)
		}
		return y + "-" + h.s
	}},
	{pat: "the full|whole|entire year", typ: "DATE", val: func(m *match) string { return m.c.shift(0, uYear, false) }},

	// Clock times.
	{pat: "CLOCK AMPM? ZONE?", typ: "TIME", val: func(m *match) string {
		t := m.t(0)
		h := t.val
		if m.has(1) {
			if h = hour12(h, m.t(1)); h < 0 {
				return ""
			}
		} else if !m.has(2) {
			return ""
		}
		return m.c.sentenceDay() + clock(h, t.d)
	}},
	{pat: "NUM AMPM ZONE?", typ: "TIME", val: func(m *match) string {
		t := m.t(0)
		if t.w != strconv.Itoa(t.val) && t.kind&kDay == 0 {
			return ""
		}
		h := hour12(t.val, m.t(1))
		if h < 0 {
			return ""
		}
		return m.c.sentenceDay() + clock(h, 0)
	}},

	// Units relative to the DCT.
	{pat: "early|late|earlier|later? last|this|next|current|coming UNIT", typ: "DATE", val: func(m *match) string {
		return relUnit(m, m.word(1), m.t(2))
	}},
	{pat: "the last|past|previous|next|coming|current UNIT", typ: "DATE", val: func(m *match) string {
		u := m.t(2)
		switch m.word(1) {
		case "past", "previous":
			if u.val == uYear || u.val == uMonth || u.val == uWeek { // "in the past year": the one before
				return relUnit(m, "last", u)
			}
			m.typ = "DURATION"
			return duration(1, u.val)
		case "coming":
			m.typ = "DURATION"
			return duration(1, u.val)
		case "current":
			return relUnit(m, "this", u)
		}
		return relUnit(m, m.word(1), u)
	}},
	{pat: "the following|next|previous|preceding|same day|week|month|year", typ: "DATE", val: func(m *match) string {
		u := m.t(2).val
		switch m.word(1) {
		case "following", "next":
			return m.c.shift(1, u, true)
		case "previous", "preceding":
			return m.c.shift(-1, u, true)
		}
		if u == uDay && m.c.anchorOK && !m.c.opts.DCTOnly {
			return m.c.shift(0, u, true)
		}
		return ""
	}},
	{pat: "the day before|after", typ: "DATE", val: func(m *match) string {
		if n := m.next(); n.kind != 0 && n.w != "," {
			return ""
		}
		if m.word(2) == "before" {
			return m.c.shift(-1, uDay, true)
		}
		return m.c.shift(1, uDay, true)
	}},
	{pat: "earlier|later|early|late in the year|month|week|day", typ: "DATE", val: func(m *match) string {
		return m.c.shift(0, m.t(3).val, false)
	}},
	// "the year", "the week" alone: the DCT's year, an unknown week of it; "the year ended June 30" is a
	// fiscal year, a duration.
	{pat: "the fiscal? year|week", typ: "DATE", val: func(m *match) string {
		n := m.next()
		switch n.w {
		case "before", "after", "earlier", "later", "ago", "of", "-", "and", "or":
			return ""
		}
		if n.kind&(kNum|kYear|kUnit|kUnits) != 0 {
			return "" // "the year 2000", "the year two thousand"
		}
		switch n.text {
		case "ended", "ending":
			m.typ = "DURATION"
			return duration(1, m.t(2).val)
		}
		y := m.c.shift(0, uYear, false)
		if m.t(2).val == uWeek {
			return y + "-WXX"
		}
		return y
	}},
	{pat: "the? current|latest|last|past|previous|this|next|coming fiscal year", typ: "DATE", val: func(m *match) string {
		switch m.word(1) {
		case "current", "this":
			return m.c.shift(0, uYear, false)
		case "next", "coming":
			return m.c.shift(1, uYear, false)
		}
		return m.c.shift(-1, uYear, false)
	}},
	{pat: "the week of MONTH DAY", typ: "DATE", val: func(m *match) string {
		v := dayMonth(m, m.t(3), m.t(4))
		t, err := time.Parse("2006-01-02", v)
		if err != nil {
			return ""
		}
		return week(t)
	}},
	// "by year-end", "by year's end": the DCT's year.
	{pat: "year 's? end", typ: "DATE", val: yearEnd},
	{pat: "year-end", typ: "DATE", val: yearEnd},
	// "that year", "later that day": the last year or day named before.
	{pat: "earlier|later? that same? year|day", typ: "DATE", val: func(m *match) string {
		if m.t(3).val == uYear {
			return m.c.lastYear
		}
		return m.c.lastDay
	}},
	{pat: "the weekend", typ: "DATE", val: func(m *match) string {
		if !m.c.known {
			return "XXXX-WXX-WE"
		}
		wd := int(m.c.dct.Weekday())
		if wd >= 1 && wd <= 3 {
			return m.c.shift(-1, uWeekend, false)
		}
		return m.c.shift(0, uWeekend, false)
	}},
	{pat: "almost|nearly|about|some|more|less|over? than? NUM|a|an|FEW UNIT|UNITS ago", typ: "DATE", val: func(m *match) string {
		if m.has(1) && m.word(0) != "more" && m.word(0) != "less" {
			return "" // "lower than a year ago": the expression starts after "than"
		}
		n := count(m.t(2))
		if n < 0 {
			return "PAST_REF"
		}
		if n != float64(int(n)) {
			return ""
		}
		if n == 1 && m.t(3).val == uYear {
			return m.c.yearEarlier()
		}
		return m.c.shift(-int(n), m.t(3).val, false)
	}},
	{pat: "NUM|a|an UNIT|UNITS earlier|later|before", typ: "DATE", val: func(m *match) string {
		n := count(m.t(0))
		if n < 0 || n != float64(int(n)) {
			return ""
		}
		if m.word(2) == "before" {
			if nx := m.next(); nx.kind != 0 && nx.w != "," {
				return ""
			}
		}
		u := m.t(1).val
		if m.word(2) == "later" {
			return m.c.shift(int(n), u, true)
		}
		if n == 1 && u == uYear {
			return m.c.yearEarlier()
		}
		return m.c.shift(-int(n), u, true)
	}},
	{pat: "the past", typ: "DATE", val: func(m *match) string {
		if m.next().kind&(kNum|kFew|kUnit|kUnits) != 0 {
			return ""
		}
		return "PAST_REF"
	}},
	{pat: "the near|distant? future", typ: "DATE", val: func(m *match) string { return "FUTURE_REF" }},

	// Durations.
	{pat: "the? first|past|last|next|coming|previous|latest|full|entire|whole? a? NUM|a|an|FEW NUM? 1/2? UNIT|UNITS", typ: "DURATION", val: func(m *match) string {
		n := count(m.t(3))
		if m.has(2) && m.t(3).kind&kFew == 0 {
			return ""
		}
		if m.has(4) { // "twenty four hours"
			if n = spelledNumber(m.t(3), m.t(4)); n < 0 {
				return ""
			}
		}
		if m.has(5) && n >= 0 {
			n += 0.5
		}
		u := m.t(6)
		if m.t(3).kind&kYear != 0 && u.kind&kUnits == 0 || m.next().text == "old" {
			return "" // "1998 year", an age "52 years old"
		}
		if w := m.word(3); (w == "a" || w == "an") && !m.has(0) && !m.has(1) {
			switch m.prev() {
			case "twice", "once", "times", "thrice":
				m.typ = "SET"
			}
		}
		return duration(n, u.val)
	}},
	// A range is an unknown number of units: "two to three weeks", "the next 12 to 18 months".
	{pat: "the? first|past|last|next|coming? NUM|a|an to|or NUM UNITS", typ: "DURATION", val: func(m *match) string {
		a, b := count(m.t(2)), count(m.t(4))
		if a < 0 || b <= a || m.t(2).kind&kYear != 0 || m.t(4).kind&kYear != 0 {
			return ""
		}
		return duration(-1, m.t(5).val)
	}},
	{pat: "a|an|one UNIT and a half", typ: "DURATION", val: func(m *match) string {
		return duration(1.5, m.t(1).val)
	}},
	{pat: "the|a? first|past|last|next|coming? couple of UNITS", typ: "DURATION", val: func(m *match) string {
		if !m.has(0) && !m.has(1) {
			return "" // "couple of years" alone: "a couple of years" starts at "a"
		}
		return duration(2, m.t(4).val)
	}},
	{pat: "the? recent|coming|next|past|last UNITS", typ: "DURATION", val: func(m *match) string {
		if !m.has(0) && m.word(1) != "recent" && m.word(1) != "coming" {
			return ""
		}
		return duration(-1, m.t(2).val)
	}},
	{pat: "the UNITS ahead", typ: "DURATION", val: func(m *match) string { return duration(-1, m.t(1).val) }},
	{pat: "UNITS", typ: "DURATION", val: func(m *match) string {
		switch m.t(0).val {
		case uYear, uMonth, uWeek, uDecade, uCentury:
		default:
			return ""
		}
		switch m.prev() {
		case "for", "in", "over", "within", "after":
		default:
			return ""
		}
		return duration(-1, m.t(0).val)
	}},
	{pat: "DURADJ", typ: "DURATION", val: func(m *match) string { return m.t(0).s }},

	// Sets.
	{pat: "every|each|per UNIT", typ: "SET", val: func(m *match) string {
		if m.word(0) == "per" && m.t(1).val != uDay && m.t(1).val != uYear {
			return ""
		}
		return duration(1, m.t(1).val)
	}},
	{pat: "every|each NUM|other UNITS|UNIT", typ: "SET", val: func(m *match) string {
		if m.word(1) == "other" {
			return duration(2, m.t(2).val)
		}
		return duration(count(m.t(1)), m.t(2).val)
	}},
	{pat: "every|each WDAY|WDAYS", typ: "SET", val: func(m *match) string {
		return "XXXX-WXX-" + strconv.Itoa(m.t(1).val)
	}},
	{pat: "every|each MONTH", typ: "SET", val: func(m *match) string { return "XXXX-" + pad2(m.t(1).val) }},
	{pat: "SETADV", typ: "SET", val: func(m *match) string { return m.t(0).s }},
	{pat: "WDAYS PART?", typ: "SET", val: func(m *match) string {
		return "XXXX-WXX-" + strconv.Itoa(m.t(0).val) + partValue(m.t(1))
	}},
}))

// spelledYear reads "nineteen ninety-six".
func spelledYear(century, n *tok) string {
	if n.val < 10 || n.val > 99 || n.f != float64(n.val) || n.kind&kYear != 0 || n.text[0] >= '0' && n.text[0] <= '9' {
		return ""
	}
	return yyyy(century.val*100 + n.val)
}

// yearEnd is "year-end" after a preposition: the last day of the DCT's year ("by year-end"), or of the year
// before ("since year-end").
func yearEnd(m *match) string {
	n := 0
	switch m.prev() {
	case "since":
		n = -1
	case "by", "around", "at", "before", "until", "till", "after", "through", "from", "to", "near":
	default:
		return ""
	}
	if y := m.c.shift(n, uYear, false); len(y) == 4 && y != "XXXX" {
		return y + "-12-31"
	}
	return "XXXX-12-31"
}

// spelledNumber reads a number written as two words, tens then ones ("twenty four"), or -1.
func spelledNumber(tens, ones *tok) float64 {
	if tens.kind&kNum == 0 || ones.kind&kNum == 0 || !isWord(tens.text) || !isWord(ones.text) ||
		tens.val < 20 || tens.val > 90 || tens.val%10 != 0 || ones.val < 1 || ones.val > 9 {
		return -1
	}
	return float64(tens.val + ones.val)
}

func isWord(s string) bool { return s != "" && (s[0] < '0' || s[0] > '9') }

// fullDate validates a written date and makes it the paragraph's anchor.
func fullDate(m *match, y, mo, d int) string {
	if !validDate(y, mo, d) {
		return ""
	}
	v := ymd(y, mo, d)
	m.c.setAnchor(v)
	return v
}

// dayMonth resolves a month and day without a year.
func dayMonth(m *match, month, d *tok) string {
	if d.val < 1 || d.val > 31 {
		return ""
	}
	v := m.c.monthDay(month.val, d.val, m.start)
	m.c.setAnchor(v)
	return v
}

// monthAlone reports whether the month name of element k, standing without a day or year, is a month: "May"
// and "March" need a preposition or modifier before them.
func monthAlone(m *match, k int) bool {
	t := m.t(k)
	if len(t.w) <= 4 && t.w != "june" && t.w != "july" && t.w != "may" {
		return false // "Jan", "Sept." alone: more often a name or a cut-off word
	}
	if t.w != "may" && t.w != "march" {
		return true
	}
	if m.has(0) {
		return true
	}
	switch m.prev() {
	case "in", "since", "until", "by", "of", "during", "from", "through", "last", "next", "this", "before", "after", "early", "late", "mid":
		return true
	}
	return false
}

// relUnit resolves "last week", "this year", "next month" against the DCT.
func relUnit(m *match, w string, u *tok) string {
	n := rel(w)
	switch u.val {
	case uDay, uSecond, uMinute, uHour, uCentury:
		if u.val == uCentury && w == "this" {
			m.typ = "DURATION"
			return "P100Y"
		}
		return ""
	case uWeekend:
		return m.c.shift(n, uWeekend, false)
	}
	return m.c.shift(n, u.val, false)
}

// season resolves a season name against the DCT: dir < 0 the last one before, > 0 the next, 0 this year's.
func season(m *match, s string, dir int) string {
	if !m.c.known {
		return "XXXX-" + s
	}
	y := m.c.dct.Year()
	mo := int(m.c.dct.Month())
	start := map[string]int{"SP": 3, "SU": 6, "FA": 9, "WI": 12}[s]
	switch {
	case dir < 0 && start >= mo:
		y--
	case dir > 0 && start <= mo:
		y++
	}
	return yyyy(y) + "-" + s
}

// partValue is the time suffix of a part of the day: "TMO", "T12:00".
func partValue(p *tok) string {
	if p.s == "" {
		return ""
	}
	if p.s[0] == 'T' {
		return p.s
	}
	return "T" + p.s
}
