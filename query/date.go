package query

import "time"

// DateBound reads a date range bound as users write it: YYYY-MM-DD, YYYY-MM or YYYY (years 1000 to 9999). A
// month or a year stands for its first day as a lower bound and its last day as an upper bound (end true).
// ok is false when s is none of these.
func DateBound(s string, end bool) (t time.Time, ok bool) {
	for _, f := range []struct {
		layout        string
		years, months int
	}{{"2006-01-02", 0, 0}, {"2006-01", 0, 1}, {"2006", 1, 0}} {
		if len(s) != len(f.layout) {
			continue
		}
		t, err := time.Parse(f.layout, s)
		if err != nil || t.Year() < 1000 {
			continue
		}
		if end && (f.years > 0 || f.months > 0) {
			t = t.AddDate(f.years, f.months, -1)
		}
		return t, true
	}
	return time.Time{}, false
}
