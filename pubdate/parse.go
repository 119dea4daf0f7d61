package pubdate

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// date is a calendar date found in a string, with the time of day and UTC offset when the string gives them.
type date struct {
	y, m, d    int
	hasTime    bool
	h, mi, s   int
	zoned      bool // the string names a UTC offset or zone: the instant is known
	off        int  // offset east of UTC in seconds, when zoned
	start, end int  // byte range of the match in the string searched
	form       int  // which pattern matched (formISO, ...)
}

// The patterns a date can match, in the order findDates tries them.
const (
	formISO      = iota // 2024-12-07, 2024-12-07T14:05:00+01:00
	formCompact         // 20241207 (whole-value parsing only)
	formYMD             // 2024/12/07, 2024.12.07
	formDMYDot          // 07.12.2024, 7. 12. 2024, 07.12.24
	formSlash           // 07/12/2024 or 12/07/2024 (order from the page language), 07-12-2024
	formDayMonth        // 7. Dezember 2024, 7 grudnia 2024, 7th of December 2024, 07-Dec-2024
	formMonthDay        // December 7, 2024, Dec. 7th 2024
	formCJK             // 2024年12月7日
)

// monthNames maps lower-case month names and abbreviations (English, German, Polish, French, Spanish, Italian,
// Dutch, Portuguese) to month numbers.
var monthNames = func() map[string]int {
	lists := [12][]string{
		{"january", "jan", "januar", "jänner", "jaenner", "stycznia", "styczeń", "styczen", "sty", "janvier", "janv", "enero", "ene", "gennaio", "gen", "januari", "janeiro"},
		{"february", "feb", "februar", "feber", "lutego", "luty", "lut", "février", "fevrier", "févr", "fevr", "febrero", "febbraio", "februari", "fevereiro", "fev"},
		{"march", "mar", "märz", "maerz", "mär", "marca", "marzec", "mars", "marzo", "maart", "março", "marco"},
		{"april", "apr", "kwietnia", "kwiecień", "kwiecien", "kwi", "avril", "avr", "abril", "abr", "aprile"},
		{"may", "mai", "maja", "maj", "mayo", "maggio", "mag", "mei", "maio"},
		{"june", "jun", "juni", "czerwca", "czerwiec", "cze", "juin", "junio", "giugno", "giu", "junho"},
		{"july", "jul", "juli", "lipca", "lipiec", "lip", "juillet", "juil", "julio", "luglio", "lug", "julho"},
		{"august", "aug", "sierpnia", "sierpień", "sierpien", "sie", "août", "aout", "agosto", "ago", "augustus"},
		{"september", "sep", "sept", "września", "wrzesień", "wrzesnia", "wrzesien", "wrz", "septembre", "septiembre", "setiembre", "set", "settembre", "setembro"},
		{"october", "oct", "oktober", "okt", "października", "październik", "pazdziernika", "pazdziernik", "paź", "paz", "octobre", "octubre", "ottobre", "ott", "outubro", "out"},
		{"november", "nov", "listopada", "listopad", "lis", "novembre", "noviembre", "novembro"},
		{"december", "dec", "dezember", "dez", "grudnia", "grudzień", "grudzien", "gru", "décembre", "decembre", "déc", "diciembre", "dic", "dicembre", "dezembro"},
	}
	m := make(map[string]int)
	for i, names := range lists {
		for _, n := range names {
			m[n] = i + 1
		}
	}
	return m
}()

// monthAlt is a regexp alternation of the month names, longest first so that "marca" wins over "mar".
var monthAlt = func() string {
	names := make([]string, 0, len(monthNames))
	for n := range monthNames {
		names = append(names, regexp.QuoteMeta(n))
	}
	sort.Slice(names, func(i, j int) bool {
		if len(names[i]) != len(names[j]) {
			return len(names[i]) > len(names[j])
		}
		return names[i] < names[j]
	})
	return strings.Join(names, "|")
}()

const timeSuffix = `(?:(?:(?:\s*(?:,|-|–|—|\||/|·|•|um|at|à|a las|alle|om|o|godz\.?|kl\.?)\s*){1,2}|\s+|T)` +
	`(\d{1,2})(?::|\.|h)(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(a\.?m\.?|p\.?m\.?)?(?:\s*Uhr|\s*h\b)?` +
	`(?:\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?|CEST|CET|MESZ|MEZ|EEST|EET|WEST|WET|BST|EDT|EST|CDT|CST|MDT|MST|PDT|PST)\b)?)?`

var (
	rxISO = regexp.MustCompile(`(?i)(\d{4})-(\d{1,2})-(\d{1,2})` +
		`(?:(?:T|\s+|\s*,\s*)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?`)
	rxCompact   = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{2}:?\d{2})?)?$`)
	rxYMD       = regexp.MustCompile(`(?i)(\d{4})[/.](\d{1,2})[/.](\d{1,2})` + timeSuffix)
	rxDMYDot    = regexp.MustCompile(`(?i)(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})` + timeSuffix)
	rxSlash     = regexp.MustCompile(`(?i)(\d{1,2})([/-])(\d{1,2})[/-](\d{4}|\d{2})` + timeSuffix)
	rxDayMonth  = regexp.MustCompile(`(?i)(\d{1,2})(?:\.|st|nd|rd|th|er|º|°)?(?:\s*|-)(?:de\s+|of\s+)?(` + monthAlt + `)\.?(?:,?\s*|-)(?:de\s+)?(\d{4})` + timeSuffix)
	rxMonthDay  = regexp.MustCompile(`(?i)(` + monthAlt + `)\.?\s*(\d{1,2})(?:st|nd|rd|th)?(?:,\s*|\s+)(\d{4})` + timeSuffix)
	rxCJK       = regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
	zoneOffsets = map[string]int{
		"Z": 0, "UTC": 0, "GMT": 0, "CET": 1, "MEZ": 1, "CEST": 2, "MESZ": 2, "EET": 2, "EEST": 3, "WET": 0,
		"WEST": 1, "BST": 1, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
	}
)

// dateOrder says how to read an ambiguous numeric date such as 07/12/2024.
type dateOrder int

const (
	orderDMY dateOrder = iota // 07/12/2024 is 7 December (most of the world)
	orderMDY                  // 07/12/2024 is July 12 (United States English)
)

// findDates returns the dates in s, in order of position, without overlaps. Dates are validated (a real calendar
// day, year from 1990, not after now).
func findDates(s string, order dateOrder, now time.Time) []date {
	if !hasDigitRun(s, 2) {
		return nil
	}
	var out []date
	add := func(d date, ok bool) {
		if !ok || !validDate(d, now) {
			return
		}
		for _, o := range out {
			if d.start < o.end && o.start < d.end {
				return
			}
		}
		out = append(out, d)
	}
	hasDash, hasSlash, hasDot := strings.IndexByte(s, '-') >= 0, strings.IndexByte(s, '/') >= 0, strings.IndexByte(s, '.') >= 0
	if hasDash {
		for _, m := range rxISO.FindAllStringSubmatchIndex(s, -1) {
			if !numBoundary(s, m[0], m[1]) {
				continue
			}
			d := date{y: atoi(s, m[2], m[3]), m: atoi(s, m[4], m[5]), d: atoi(s, m[6], m[7]), start: m[0], end: m[1], form: formISO}
			add(withTime(d, s, m[8:16], false), true)
		}
	}
	if strings.Contains(s, "年") {
		for _, m := range rxCJK.FindAllStringSubmatchIndex(s, -1) {
			add(date{y: atoi(s, m[2], m[3]), m: atoi(s, m[4], m[5]), d: atoi(s, m[6], m[7]), start: m[0], end: m[1], form: formCJK}, true)
		}
	}
	if !hasDigitRun(s, 4) && !hasDot && !hasSlash && !hasDash {
		return sortDates(out)
	}
	for _, m := range matches(rxYMD, s, hasSlash || hasDot) {
		if !numBoundary(s, m[0], m[7]) {
			continue
		}
		d := date{y: atoi(s, m[2], m[3]), m: atoi(s, m[4], m[5]), d: atoi(s, m[6], m[7]), start: m[0], end: m[1], form: formYMD}
		add(withTime(d, s, m[8:18], true), true)
	}
	for _, m := range matches(rxDMYDot, s, hasDot) {
		if !numBoundary(s, m[0], m[7]) || (m[7]-m[6] == 2 && m[7] < len(s) && s[m[7]] == '.') {
			continue
		}
		d := date{y: year2(atoi(s, m[6], m[7]), now), m: atoi(s, m[4], m[5]), d: atoi(s, m[2], m[3]), start: m[0], end: m[1], form: formDMYDot}
		add(withTime(d, s, m[8:18], true), true)
	}
	for _, m := range matches(rxSlash, s, hasSlash || hasDash) {
		if !numBoundary(s, m[0], m[9]) {
			continue
		}
		a, b := atoi(s, m[2], m[3]), atoi(s, m[6], m[7])
		d := date{y: year2(atoi(s, m[8], m[9]), now), start: m[0], end: m[1], form: formSlash}
		switch {
		case a > 12:
			d.d, d.m = a, b
		case b > 12:
			d.m, d.d = a, b
		case order == orderMDY && s[m[4]] == '/':
			d.m, d.d = a, b
		default:
			d.d, d.m = a, b
		}
		add(withTime(d, s, m[10:20], true), true)
	}
	months := hasMonthWord(s)
	for _, m := range matches(rxDayMonth, s, months) {
		if !numBoundary(s, m[0], m[7]) || !wordEnd(s, m[5]) {
			continue
		}
		mo := monthNames[strings.ToLower(s[m[4]:m[5]])]
		d := date{y: atoi(s, m[6], m[7]), m: mo, d: atoi(s, m[2], m[3]), start: m[0], end: m[1], form: formDayMonth}
		add(withTime(d, s, m[8:18], true), mo > 0)
	}
	for _, m := range matches(rxMonthDay, s, months) {
		if !wordStart(s, m[0]) || !numBoundary(s, m[6], m[7]) {
			continue
		}
		mo := monthNames[strings.ToLower(s[m[2]:m[3]])]
		d := date{y: atoi(s, m[6], m[7]), m: mo, d: atoi(s, m[4], m[5]), start: m[0], end: m[1], form: formMonthDay}
		add(withTime(d, s, m[8:18], true), mo > 0)
	}
	return sortDates(out)
}

func sortDates(ds []date) []date {
	sort.Slice(ds, func(i, j int) bool { return ds[i].start < ds[j].start })
	return ds
}

// matches runs rx over s when the cheap test cond says it may match.
func matches(rx *regexp.Regexp, s string, cond bool) [][]int {
	if !cond {
		return nil
	}
	return rx.FindAllStringSubmatchIndex(s, -1)
}

// hasMonthWord reports whether s holds a word that is a month name or abbreviation.
func hasMonthWord(s string) bool {
	start := -1
	for i, r := range s {
		letter := unicode.IsLetter(r)
		if letter && start < 0 {
			start = i
		}
		if !letter && start >= 0 {
			if isMonth(s[start:i]) {
				return true
			}
			start = -1
		}
	}
	return start >= 0 && isMonth(s[start:])
}

func isMonth(w string) bool {
	if len(w) < 3 || len(w) > 14 {
		return false
	}
	_, ok := monthNames[strings.ToLower(w)]
	return ok
}

// parseValue parses a whole machine-readable value (a meta content, a datetime attribute, a JSON-LD string):
// ISO 8601 and its relatives, RFC 1123, compact 20241207, or failing that the first date written in the value.
func parseValue(s string, order dateOrder, now time.Time) (date, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 6 || len(s) > 200 {
		return date{}, false
	}
	if d, ok := parseISO(s); ok {
		return d, validDate(d, now)
	}
	if m := rxCompact.FindStringSubmatchIndex(s); m != nil {
		d := date{y: atoi(s, m[2], m[3]), m: atoi(s, m[4], m[5]), d: atoi(s, m[6], m[7]), end: len(s), form: formCompact}
		d = withTime(d, s, []int{m[8], m[9], m[10], m[11], m[12], m[13], -1, -1, m[14], m[15]}, true)
		return d, validDate(d, now)
	}
	ds := findDates(s, order, now)
	if len(ds) == 0 {
		return date{}, false
	}
	return ds[0], true
}

// parseISO parses a value that starts with an ISO 8601 date, "2024-12-07", "2024-12-07T14:05:00.000+01:00",
// "2024-12-07 14:05", "2024-1-7T9:05Z", without regular expressions (most metadata is written so).
func parseISO(s string) (date, bool) {
	i := 0
	num := func(minDigits, maxDigits int) (int, bool) {
		n, j := 0, i
		for j < len(s) && j-i < maxDigits && s[j] >= '0' && s[j] <= '9' {
			n = n*10 + int(s[j]-'0')
			j++
		}
		if j-i < minDigits {
			return 0, false
		}
		i = j
		return n, true
	}
	sep := func(c byte) bool {
		if i < len(s) && s[i] == c {
			i++
			return true
		}
		return false
	}
	var d date
	var ok bool
	if d.y, ok = num(4, 4); !ok || !sep('-') {
		return date{}, false
	}
	if d.m, ok = num(1, 2); !ok || !sep('-') {
		return date{}, false
	}
	if d.d, ok = num(1, 2); !ok {
		return date{}, false
	}
	d.form, d.end = formISO, i
	if i < len(s) && s[i] >= '0' && s[i] <= '9' {
		return date{}, false
	}
	if i >= len(s) || !(s[i] == 'T' || s[i] == ' ') {
		return d, true
	}
	i++
	h, ok := num(1, 2)
	if !ok || !sep(':') {
		return d, true
	}
	mi, ok := num(2, 2)
	if !ok {
		return d, true
	}
	sec := 0
	if sep(':') {
		if sec, ok = num(2, 2); !ok {
			return d, true
		}
		if sep('.') || sep(',') {
			num(1, 9)
		}
	}
	if h > 23 || mi > 59 || sec > 60 {
		return d, true
	}
	d.hasTime, d.h, d.mi, d.s = true, h, mi, min(sec, 59)
	for i < len(s) && s[i] == ' ' {
		i++
	}
	d.end = i
	zone := s[i:]
	if j := strings.IndexAny(zone, " \t\""); j >= 0 {
		zone = zone[:j]
	}
	if off, ok := parseZone(zone); ok {
		d.zoned, d.off = true, off
		d.end = i + len(zone)
	}
	return d, true
}

// withTime adds the time of day found by a pattern's trailing groups to d. g holds the submatch index pairs of
// hour, minute, second, [am/pm,] zone: five pairs when ampm is true, else four.
func withTime(d date, s string, g []int, ampm bool) date {
	if len(g) < 8 || g[0] < 0 {
		return d
	}
	h, mi := atoi(s, g[0], g[1]), atoi(s, g[2], g[3])
	sec := 0
	if g[4] >= 0 {
		sec = atoi(s, g[4], g[5])
	}
	zi := 6
	if ampm {
		if g[6] >= 0 {
			ap := strings.ToLower(s[g[6]:g[7]])
			switch {
			case strings.HasPrefix(ap, "p") && h < 12:
				h += 12
			case strings.HasPrefix(ap, "a") && h == 12:
				h = 0
			}
		}
		zi = 8
	}
	if h > 23 || mi > 59 || sec > 60 {
		// Not a time of day: keep the date and cut the match before the "time".
		d.end = g[0]
		return d
	}
	d.hasTime, d.h, d.mi, d.s = true, h, mi, min(sec, 59)
	if len(g) > zi+1 && g[zi] >= 0 {
		if off, ok := parseZone(s[g[zi]:g[zi+1]]); ok {
			d.zoned, d.off = true, off
		}
	}
	return d
}

// parseZone reads "Z", "UTC", "+01:00", "+0100", "+01", "CEST" as an offset in seconds east of UTC.
func parseZone(z string) (int, bool) {
	if off, ok := zoneOffsets[strings.ToUpper(z)]; ok {
		return off * 3600, true
	}
	if len(z) < 3 || (z[0] != '+' && z[0] != '-') {
		return 0, false
	}
	digits := strings.ReplaceAll(z[1:], ":", "")
	h, m := 0, 0
	switch len(digits) {
	case 2:
		h, _ = strconv.Atoi(digits)
	case 4:
		h, _ = strconv.Atoi(digits[:2])
		m, _ = strconv.Atoi(digits[2:])
	default:
		return 0, false
	}
	if h > 14 || m > 59 {
		return 0, false
	}
	off := h*3600 + m*60
	if z[0] == '-' {
		off = -off
	}
	return off, true
}

// minYear is the earliest publication year accepted: older "dates" on web pages are nearly always something else.
const minYear = 1990

// validDate reports whether d is a real calendar day (and time) from minYear on and not after now.
func validDate(d date, now time.Time) bool {
	if d.y < minYear || d.m < 1 || d.m > 12 || d.d < 1 || d.d > 31 {
		return false
	}
	t := time.Date(d.y, time.Month(d.m), d.d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d.d {
		return false
	}
	if d.zoned {
		return !d.instant().After(now)
	}
	// Unzoned: accept up to the end of the local day anywhere on Earth (UTC+14).
	return !t.After(now.Add(14 * time.Hour))
}

// instant returns the time d denotes: the exact instant, in the offset it was written in, when d has a time and a
// zone; else midnight UTC of its calendar day.
func (d date) instant() time.Time {
	if d.hasTime && d.zoned {
		return time.Date(d.y, time.Month(d.m), d.d, d.h, d.mi, d.s, 0, fixedZone(d.off))
	}
	return time.Date(d.y, time.Month(d.m), d.d, 0, 0, 0, 0, time.UTC)
}

// day returns the date as days since the Unix epoch, for comparing calendar days.
func (d date) day() int {
	return int(time.Date(d.y, time.Month(d.m), d.d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// zones holds a location per whole-hour offset, so that results share them (time.FixedZone allocates).
var zones = func() [27]*time.Location {
	var z [27]*time.Location
	for h := -12; h <= 14; h++ {
		z[h+12] = time.FixedZone("", h*3600)
	}
	z[12] = time.UTC
	return z
}()

// fixedZone returns a location for an offset in seconds east of UTC.
func fixedZone(off int) *time.Location {
	if off%3600 == 0 && off >= -12*3600 && off <= 14*3600 {
		return zones[off/3600+12]
	}
	return time.FixedZone("", off)
}

// year2 expands a two-digit year: to this century unless that would be in the future.
func year2(y int, now time.Time) int {
	if y >= 100 {
		return y
	}
	if 2000+y <= now.Year() {
		return 2000 + y
	}
	return 1900 + y
}

func atoi(s string, i, j int) int {
	if i < 0 {
		return 0
	}
	n := 0
	for _, c := range []byte(s[i:j]) {
		n = n*10 + int(c-'0')
	}
	return n
}

// numBoundary reports whether the digits at s[i:j] are not glued to more digits (or to letters on the left).
func numBoundary(s string, i, j int) bool {
	if i > 0 {
		c := s[i-1]
		if c >= '0' && c <= '9' || c == '/' || c == '.' && i > 1 && s[i-2] >= '0' && s[i-2] <= '9' {
			return false
		}
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsLetter(r) {
			return false
		}
	}
	if j < len(s) {
		c := s[j]
		if c >= '0' && c <= '9' {
			return false
		}
	}
	return true
}

// wordStart reports whether s[i:] does not continue a word.
func wordStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// wordEnd reports whether a word ends at s[:j].
func wordEnd(s string, j int) bool {
	if j >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[j:])
	return !unicode.IsLetter(r)
}

// hasDigitRun reports whether s holds n digits in a row.
func hasDigitRun(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			run++
			if run >= n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}
