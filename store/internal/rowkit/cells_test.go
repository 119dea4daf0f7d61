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

func TestOneBucket(t *testing.T) {
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
		from, to      string
		grain, bucket string
		ok            bool
	}{
		{"", "", "a", "", true},
		{"2020-01-01", "2020-12-31", "y", "2020", true},
		{"2020-03-01", "2020-03-31", "m", "2020-03", true},
		{"2024-02-01", "2024-02-29", "m", "2024-02", true},
		{"2020-12-01", "2020-12-31", "m", "2020-12", true},
		{"2020-01-01", "2021-12-31", "", "", false}, // two years
		{"2020-03-01", "2020-04-30", "", "", false}, // two months
		{"2020-03-02", "2020-03-31", "", "", false}, // a partial month
		{"2020-01-01", "", "", "", false},           // open end
		{"", "2020-12-31", "", "", false},
		{"2020-03-05", "2020-03-05", "", "", false},
	} {
		parts := WindowParts(d(tc.from), d(tc.to))
		grain, bucket, odd, ok := OneBucket(parts)
		if grain != tc.grain || bucket != tc.bucket || ok != tc.ok {
			t.Errorf("OneBucket(WindowParts(%q, %q) = %v) = %q, %q, %v; want %q, %q, %v", tc.from, tc.to, parts, grain, bucket, ok, tc.grain, tc.bucket, tc.ok)
			continue
		}
		// The odd cells are those of the window's inexact dates: none for all time, else the 'd' part.
		if ok && (odd == nil) != (tc.grain == "a") || odd != nil && odd.Grain != "d" {
			t.Errorf("OneBucket(WindowParts(%q, %q)): odd part %v", tc.from, tc.to, odd)
		}
	}
}
