package source

import (
	"strconv"
	"strings"
	"time"
)

// zonedLayouts are date-time forms that carry their own offset or zone.
var zonedLayouts = []string{
	time.RFC3339Nano, // also RFC 3339 without fraction
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700 MST",
	"2006-01-02 15:04:05 MST",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 MST",
	time.RFC822Z,
	time.RFC822,
	time.RFC850,
	time.UnixDate,
}

// localLayouts are date-time forms without a zone; they are read as UTC.
var localLayouts = []string{
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	time.ANSIC,
	"January 2, 2006 15:04",
	"January 2, 2006 3:04 PM",
	"Jan 2, 2006 3:04 PM",
}

// dayLayouts are dates without a time of day.
var dayLayouts = []string{
	"2006-01-02",
	"2006/01/02",
	"20060102",
	"2 January 2006",
	"2 Jan 2006",
	"02 Jan 2006",
	"January 2, 2006",
	"January 2 2006",
	"Jan 2, 2006",
	"Jan. 2, 2006",
	"Monday, January 2, 2006",
	"Monday, 2 January 2006",
	"Mon, 2 Jan 2006",
	"02.01.2006",
	"2.1.2006",
}

// parseDate reads a publication date given in one of the common machine and English forms. dayOnly reports
// that s names a day without a time (the result is then midnight UTC).
func parseDate(s string) (t time.Time, dayOnly, ok bool) {
	s = strings.TrimSpace(s)
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil && plausible(t) {
			return t, false, true
		}
	}
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, s, time.UTC); err == nil && plausible(t) {
			return t, false, true
		}
	}
	for _, l := range dayLayouts {
		if t, err := time.ParseInLocation(l, s, time.UTC); err == nil && plausible(t) {
			return t, true, true
		}
	}
	if t, ok := unixTime(s); ok {
		return t, false, true
	}
	return time.Time{}, false, false
}

// unixTime reads s as a Unix time in seconds, or in milliseconds when it is too large to be seconds.
func unixTime(s string) (time.Time, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return time.Time{}, false
	}
	if f > 1e11 || f < -1e11 {
		f /= 1000
	}
	sec := int64(f)
	t := time.Unix(sec, int64((f-float64(sec))*1e9)).UTC()
	return t, plausible(t)
}

// plausible rejects dates that cannot be a news article's.
func plausible(t time.Time) bool {
	return t.Year() >= 1800 && t.Year() <= 2200
}
