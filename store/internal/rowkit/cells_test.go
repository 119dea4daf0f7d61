package rowkit

import (
	"slices"
	"testing"
	"time"
)

func TestWindowParts(t *testing.T) {
	d := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		t0, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return t0
	}
	for _, tc := range []struct {
		from, to string
		want     []CellPart
	}{
		{"", "", []CellPart{{Grain: "a"}}},
		{"2020-03-02", "2020-03-01", nil},
		{"2020-01-01", "2020-12-31", []CellPart{{"d", "2020-01-01", "2021-01-01"}, {"y", "2020", "2021"}}},
		{"2020-03-05", "2020-03-20", []CellPart{{"d", "2020-03-05", "2020-03-21"}, {"", "2020-03-05", "2020-03-21"}}},
		{"2020-03-01", "2020-03-31", []CellPart{{"d", "2020-03-01", "2020-04-01"}, {"m", "2020-03", "2020-04"}}},
		{"2019-11-15", "2021-02-10", []CellPart{{"d", "2019-11-15", "2021-02-11"}, {"y", "2020", "2021"},
			{"m", "2019-12", "2020-01"}, {"", "2019-11-15", "2019-12-01"}, {"m", "2021-01", "2021-02"}, {"", "2021-02-01", "2021-02-11"}}},
		{"", "2020-06-30", []CellPart{{"d", "", "2020-07-01"}, {"y", "", "2020"}, {"m", "2020-01", "2020-07"}}},
		{"2020-12-31", "", []CellPart{{"d", "2020-12-31", ""}, {"y", "2021", ""}, {"", "2020-12-31", "2021-01-01"}}},
	} {
		if got := WindowParts(d(tc.from), d(tc.to)); !slices.Equal(got, tc.want) {
			t.Errorf("WindowParts(%q, %q) = %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}
