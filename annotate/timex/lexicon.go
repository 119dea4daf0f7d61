package timex

import (
	"strconv"
	"strings"
)

// Token classes. A token may have several (the digits "12" are a number, a day of the month and an hour).
const (
	kMonth   uint32 = 1 << iota // January, Jan., Sept: val = 1..12
	kWday                       // Monday ... Sunday: val = 1..7 (ISO)
	kWdays                      // Mondays: val = 1..7
	kYear                       // 1000..2099 written in four digits: val
	kDay                        // 1..31, 22nd: val
	kNum                        // a cardinal, in digits or words: f (val when whole)
	kFew                        // several, few, many, some: an unknown number
	kUnit                       // second ... century, quarter, weekend: val = unit code
	kUnits                      // the plural of a unit
	kOrd                        // first, 3rd: val
	kPart                       // morning, afternoon, evening, night, noon, midnight: s = TimeML part
	kSeason                     // spring, summer, fall, autumn, winter: s = TimeML season
	kClock                      // 10:30: val = hour, d = minute
	kAmPm                       // a.m., p.m.: val = 0 or 12
	kZone                       // GMT, EST
	kDate                       // 2024-12-07, 12/07/2024: y, m, d
	kDecade                     // 1990s, '90s: val = first year of the decade
	kDurAdj                     // six-year, 16-hour: s = duration value
	kQuarter                    // third-quarter: val = 1..4
	kModYear                    // mid-2015: val = year, s = mod
	kModMon                     // late-November: val = month
	kYearAgo                    // year-earlier, year-ago
	kDeictic                    // today, yesterday, tomorrow, tonight, now ...: s = kind
	kSetAdv                     // daily, weekly: s = value
	kFuture                     // will, 'll, shall, expected: marks a sentence about the future
	kWord                       // any other word a rule names literally
	kHoliday                    // Christmas: s = MM-DD
)

// TimeML unit codes, as kUnit/kUnits values.
const (
	uSecond = iota + 1
	uMinute
	uHour
	uDay
	uWeek
	uWeekend
	uMonth
	uQuarter
	uYear
	uDecade
	uCentury
)

// unitCode is the letter(s) of a unit in a TimeML duration, and whether it is a time (PT...) unit.
var unitCode = [...]struct {
	code string
	time bool
}{
	uSecond: {"S", true}, uMinute: {"M", true}, uHour: {"H", true}, uDay: {"D", false}, uWeek: {"W", false},
	uWeekend: {"WE", false}, uMonth: {"M", false}, uQuarter: {"Q", false}, uYear: {"Y", false},
	uDecade: {"DE", false}, uCentury: {"CE", false},
}

// entry is what the lexicon knows about one lower-cased word.
type entry struct {
	rules ruleSet // the rules that can start with this word (set by index)
	w     string  // the word itself
	kind  uint32
	val   int
	s     string
}

// lexicon maps lower-cased words to their classes. Words that rules name literally are kWord.
var lexicon = buildLexicon()

func buildLexicon() map[string]entry {
	lx := map[string]entry{}
	add := func(kind uint32, val int, s string, words ...string) {
		for _, w := range words {
			e := lx[w]
			e.w = w
			e.kind |= kind
			if kind != kWord && kind != kFuture {
				e.val, e.s = val, s
			}
			lx[w] = e
		}
	}
	months := [][]string{
		{"january", "jan", "jan."}, {"february", "feb", "feb."}, {"march", "mar."}, {"april", "apr", "apr."},
		{"may"}, {"june", "jun."}, {"july", "jul."}, {"august", "aug", "aug."},
		{"september", "sep.", "sept", "sept."}, {"october", "oct", "oct."}, {"november", "nov", "nov."},
		{"december", "dec", "dec."},
	}
	for i, ws := range months {
		add(kMonth, i+1, "", ws...)
	}
	days := [][]string{
		{"monday", "mon."}, {"tuesday", "tue.", "tues."}, {"wednesday", "wed."}, {"thursday", "thu.", "thur.", "thurs."},
		{"friday", "fri."}, {"saturday", "sat."}, {"sunday", "sun."},
	}
	for i, ws := range days {
		add(kWday, i+1, "", ws...)
		add(kWdays, i+1, "", ws[0]+"s")
	}
	ones := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	for i, w := range ones {
		add(kNum, i, "", w)
	}
	tens := []string{"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
	for i, w := range tens {
		add(kNum, 20+10*i, "", w)
	}
	add(kNum, 100, "", "hundred")
	add(kNum, 12, "", "dozen")
	add(kFew, 0, "", "several", "few", "many", "some", "couple", "numerous")
	units := []struct {
		u    int
		s, p []string
	}{
		{uSecond, []string{"second", "sec."}, []string{"seconds", "secs."}},
		{uMinute, []string{"minute", "min."}, []string{"minutes", "mins."}},
		{uHour, []string{"hour", "hr."}, []string{"hours", "hrs."}},
		{uDay, []string{"day"}, []string{"days"}},
		{uWeek, []string{"week"}, []string{"weeks"}},
		{uWeekend, []string{"weekend"}, []string{"weekends"}},
		{uMonth, []string{"month"}, []string{"months"}},
		{uQuarter, []string{"quarter"}, []string{"quarters"}},
		{uYear, []string{"year"}, []string{"years"}},
		{uDecade, []string{"decade"}, []string{"decades"}},
		{uCentury, []string{"century"}, []string{"centuries"}},
	}
	for _, u := range units {
		add(kUnit, u.u, "", u.s...)
		add(kUnits, u.u, "", u.p...)
	}
	ords := [][]string{{"first", "1st"}, {"2nd"}, {"third", "3rd"}, {"fourth", "4th"}, {"fifth", "5th"},
		{"sixth", "6th"}, {"seventh", "7th"}, {"eighth", "8th"}, {"ninth", "9th"}, {"tenth", "10th"}}
	for i, ws := range ords {
		add(kOrd, i+1, "", ws...)
	}
	add(kPart, 0, "MO", "morning", "mornings")
	add(kPart, 0, "AF", "afternoon", "afternoons", "mid-afternoon")
	add(kPart, 0, "EV", "evening", "evenings")
	add(kPart, 0, "NI", "night", "nights", "overnight")
	add(kPart, 12, "T12:00", "noon", "midday")
	add(kPart, 24, "T24:00", "midnight")
	add(kSeason, 0, "SP", "spring")
	add(kSeason, 0, "SU", "summer")
	add(kSeason, 0, "FA", "fall", "autumn")
	add(kSeason, 0, "WI", "winter")
	add(kAmPm, 0, "", "a.m.", "a.m", "am")
	add(kAmPm, 12, "", "p.m.", "p.m", "pm")
	add(kZone, 0, "", "gmt", "utc", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "et", "bst", "cet", "cest")
	add(kDeictic, 0, "today", "today")
	add(kDeictic, -1, "yesterday", "yesterday")
	add(kDeictic, 1, "tomorrow", "tomorrow")
	add(kDeictic, 0, "tonight", "tonight")
	// "previously", "soon", "recent", "future" alone are time expressions in too few of their uses in the
	// TimeBank gold to be worth finding; "current" is in about half.
	add(kDeictic, 0, "PRESENT_REF", "now", "currently", "nowadays", "presently", "current")
	add(kDeictic, 0, "PAST_REF", "recently", "lately")
	add(kSetAdv, 0, "P1D", "daily")
	add(kSetAdv, 0, "P1W", "weekly")
	add(kSetAdv, 0, "P1M", "monthly")
	add(kSetAdv, 0, "P1Y", "yearly")
	add(kSetAdv, 0, "PT1H", "hourly")
	add(kHoliday, 0, "12-25", "christmas")
	add(kHoliday, 0, "TG", "thanksgiving") // the fourth Thursday of November
	add(kFuture, 0, "", "will", "'ll", "shall", "wo", "going", "expected", "expects", "scheduled", "plans",
		"plan", "due", "upcoming", "next", "tomorrow", "until", "by", "would", "could", "may", "might", "should",
		"hopes", "intends", "aims")
	add(kWord, 0, "", "the", "a", "an", "last", "next", "this", "that", "these", "past", "previous", "coming",
		"following", "recent", "current", "earlier", "later", "ago", "before", "after", "early", "late", "mid",
		"end", "beginning", "start", "middle", "of", "every", "each", "per", "fiscal", "latest", "same", "future",
		",", "(", ")", "'s", "and", "half", "more", "less", "than", "at", "least", "nearly", "almost", "about",
		"around", "roughly", "approximately", "over", "up", "to", "just", "only", "some", "no", "another",
		"year-end", "in", "on", "for", "since", "from", "during", "within", "few", "ahead", "prior", "first",
		"second", "third", "fourth", "quarter", "day", "week", "month", "year", "weekend", "nine", "six",
		"full", "whole", "entire", "morning", "afternoon", "evening", "night", "one", "eve", "new", "years",
		"/", "-", "--", "so", "far", "date", "period", "time", "once", "then", "1/2", "other", "times", "twice",
		"thrice", "distant", "near", "these", "those", "close", "preceding", "through", "ahead", "fewer", "under",
		"till", "couple", "comparable", "corresponding", "right", "or")
	return lx
}

// lookup returns the lexicon entry of w, lower-cased without allocating for short ASCII words.
func lookup(w string) (entry, bool) {
	if len(w) > 24 {
		return entry{}, false
	}
	var buf [24]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	e, ok := lexicon[string(buf[:len(w)])]
	return e, ok
}

// tok is a token with what the rules need to know about it.
type tok struct {
	kind    uint32
	rules   ruleSet // rules that can start at this token by its word
	val     int
	f       float64 // the value of a number
	y, m, d int     // a full date
	s       string
	w       string // the lower-cased word, when it is in the lexicon or a number
	text    string
	upper   bool // starts with an upper-case letter
}

func (t *tok) is(w string) bool { return t.w == w }

// classify fills t from its text.
func classify(text string) tok {
	t := tok{text: text, upper: len(text) > 0 && 'A' <= text[0] && text[0] <= 'Z'}
	if text == "" {
		return t
	}
	if e, ok := lookup(text); ok {
		t.kind, t.val, t.s, t.rules = e.kind, e.val, e.s, e.rules
		t.f = float64(e.val)
		t.w = e.w
		if e.kind&(kMonth|kWday|kWdays) != 0 && !t.upper {
			t.kind &^= kMonth | kWday | kWdays // "march", "may" in lower case are verbs
		}
		if t.kind&kSeason != 0 && t.w == "fall" && t.upper {
			t.kind &^= kSeason
		}
		return t
	}
	c := text[0]
	switch {
	case '0' <= c && c <= '9':
		numeric(&t)
	case c == '\'' && len(text) == 4 && text[3] == 's' && isDigits(text[1:3]): // '90s
		n, _ := strconv.Atoi(text[1:3])
		t.kind, t.val = kDecade, 1900+n
		if n < 30 {
			t.val = 2000 + n
		}
	}
	if t.kind == 0 && strings.IndexByte(text, '-') > 0 {
		compound(&t)
	}
	return t
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// numeric classifies a token that starts with a digit.
func numeric(t *tok) {
	s := t.text
	switch {
	case isDigits(s):
		n, err := strconv.Atoi(s)
		if err != nil || len(s) > 9 {
			return
		}
		t.kind, t.val, t.f, t.w = kNum, n, float64(n), s
		if len(s) == 4 && n >= 1000 && n < 2100 {
			t.kind |= kYear
		}
		if len(s) <= 2 && n >= 1 && n <= 31 {
			t.kind |= kDay
		}
	case len(s) == 5 && s[4] == 's' && isDigits(s[:4]) && s[3] == '0': // 1990s
		n, _ := strconv.Atoi(s[:4])
		t.kind, t.val = kDecade, n
	case len(s) >= 3 && len(s) <= 4 && isDigits(s[:len(s)-2]) && isOrdSuffix(s[len(s)-2:]):
		n, _ := strconv.Atoi(s[:len(s)-2])
		if n >= 1 && n <= 31 {
			t.kind, t.val = kDay, n
			if n <= 10 {
				t.kind |= kOrd
			}
		}
	case strings.IndexByte(s, ':') > 0:
		h, m, ok := strings.Cut(s, ":")
		if ok && isDigits(h) && len(m) == 2 && isDigits(m) {
			hh, _ := strconv.Atoi(h)
			mm, _ := strconv.Atoi(m)
			if hh <= 24 && mm < 60 {
				t.kind, t.val, t.d = kClock, hh, mm
			}
		}
	case strings.IndexByte(s, '/') > 0:
		slashDate(t)
	case strings.Count(s, "-") == 2 && len(s) == 10 && s[4] == '-' && s[7] == '-':
		y, err1 := strconv.Atoi(s[:4])
		m, err2 := strconv.Atoi(s[5:7])
		d, err3 := strconv.Atoi(s[8:])
		if err1 == nil && err2 == nil && err3 == nil && validDate(y, m, d) {
			t.kind, t.y, t.m, t.d = kDate, y, m, d
		}
	case strings.IndexByte(s, '.') > 0 && isDigits(strings.Replace(s, ".", "", 1)):
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			t.kind, t.f, t.w = kNum, f, s
		}
	}
}

func isOrdSuffix(s string) bool { return s == "st" || s == "nd" || s == "rd" || s == "th" }

// slashDate reads m/d/yyyy (the US order news agencies use), or d/m/yyyy when the first number cannot be a
// month. Two-digit years and dates that fit neither order are left alone.
func slashDate(t *tok) {
	parts := strings.Split(t.text, "/")
	if len(parts) != 3 || len(parts[2]) != 4 || !isDigits(parts[0]) || !isDigits(parts[1]) || !isDigits(parts[2]) ||
		len(parts[0]) > 2 || len(parts[1]) > 2 {
		return
	}
	a, _ := strconv.Atoi(parts[0])
	b, _ := strconv.Atoi(parts[1])
	y, _ := strconv.Atoi(parts[2])
	switch {
	case validDate(y, a, b):
		t.kind, t.y, t.m, t.d = kDate, y, a, b
	case validDate(y, b, a):
		t.kind, t.y, t.m, t.d = kDate, y, b, a
	}
}

func validDate(y, m, d int) bool {
	return y >= 1000 && y < 2200 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// compound classifies a hyphenated word: "six-year", "16-hour", "8-month-old", "third-quarter", "mid-2015",
// "late-November", "year-earlier", "two-and-a-half", "twenty-four".
func compound(t *tok) {
	parts := strings.Split(t.text, "-")
	if len(parts) > 5 {
		return
	}
	last := parts[len(parts)-1]
	if l := strings.ToLower(last); l == "old" || l == "long" {
		if l == "old" && len(parts) == 3 && strings.EqualFold(parts[1], "year") {
			return // an age: "6-year-old"
		}
		parts = parts[:len(parts)-1]
	}
	if len(parts) < 2 {
		return
	}
	first, _ := lookup(parts[0])
	lf := strings.ToLower(parts[0])
	if len(parts) == 2 {
		second, ok2 := lookup(parts[1])
		ls := strings.ToLower(parts[1])
		switch {
		case lf == "year" && (ls == "earlier" || ls == "ago"):
			t.kind = kYearAgo
			return
		case (lf == "mid" || lf == "early" || lf == "late") && isDigits(parts[1]) && len(parts[1]) == 4:
			n, _ := strconv.Atoi(parts[1])
			t.kind, t.val, t.s = kModYear, n, lf
			return
		case (lf == "mid" || lf == "early" || lf == "late") && ok2 && second.kind&kMonth != 0:
			t.kind, t.val, t.s = kModMon, second.val, lf
			return
		case ok2 && second.kind&kNum != 0 && first.kind&kNum != 0 && first.val >= 20 && second.val < 10:
			t.kind, t.val, t.f = kNum, first.val+second.val, float64(first.val+second.val)
			return
		case ok2 && ls == "quarter" && first.kind&kOrd != 0 && first.val <= 4:
			t.kind, t.val = kQuarter, first.val
			return
		}
		if ok2 && second.kind&(kUnit|kUnits) != 0 && !(second.kind&kUnits != 0 && second.val == uQuarter) {
			switch {
			case isDigits(parts[0]):
				n, _ := strconv.Atoi(parts[0])
				t.kind, t.s = kDurAdj, duration(float64(n), second.val)
			case first.kind&kNum != 0:
				t.kind, t.s = kDurAdj, duration(float64(first.val), second.val)
			case first.kind&kFew != 0:
				t.kind, t.s = kDurAdj, duration(-1, second.val)
			}
		}
		return
	}
	// two-and-a-half
	if len(parts) == 4 && strings.EqualFold(parts[1], "and") && strings.EqualFold(parts[2], "a") &&
		strings.EqualFold(parts[3], "half") && first.kind&kNum != 0 {
		t.kind, t.f, t.val = kNum, float64(first.val)+0.5, -1
	}
}

// duration formats n units as a TimeML duration; n < 0 is an unknown number ("PXY"). Fractions go to the next
// smaller unit where there is one ("PT2H30M"), else stay decimal.
func duration(n float64, unit int) string {
	if unit <= 0 || unit >= len(unitCode) {
		return ""
	}
	switch unit { // the gold counts decades and centuries in years
	case uDecade:
		if n < 0 {
			return "PXY"
		}
		n, unit = n*10, uYear
	case uCentury:
		if n > 0 {
			n, unit = n*100, uYear
		}
	}
	u := unitCode[unit]
	code := u.code
	if unit == uWeekend {
		code = "D"
		if n >= 0 {
			n *= 2
		}
	}
	p := "P"
	if u.time {
		p = "PT"
	}
	if n < 0 {
		return p + "X" + code
	}
	whole := int(n)
	frac := n - float64(whole)
	if frac == 0 {
		return p + strconv.Itoa(whole) + code
	}
	if frac == 0.5 {
		switch unit {
		case uYear:
			return "P" + strconv.Itoa(whole) + "Y6M"
		case uDay:
			return "P" + strconv.Itoa(whole) + "DT12H"
		case uHour:
			return "PT" + strconv.Itoa(whole) + "H30M"
		case uMinute:
			return "PT" + strconv.Itoa(whole) + "M30S"
		}
	}
	return p + strconv.FormatFloat(n, 'f', -1, 64) + code
}
