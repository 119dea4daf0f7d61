package query

import (
	"testing"
	"time"
)

func TestDateBound(t *testing.T) {
	for _, tc := range []struct {
		in   string
		end  bool
		want string // "" for an error
	}{
		{"2024-12-07", false, "2024-12-07"},
		{"2024-12-07", true, "2024-12-07"},
		{"2024-02", false, "2024-02-01"},
		{"2024-02", true, "2024-02-29"},
		{"2023-02", true, "2023-02-28"},
		{"2024", false, "2024-01-01"},
		{"2024", true, "2024-12-31"},
		{"2024-13", false, ""},
		{"2024-02-30", false, ""},
		{"24-02-01", false, ""},
		{"0999", false, ""},
		{"2024-1-1", false, ""},
		{"2024-12-07T00:00:00Z", false, ""},
		{" 2024", false, ""},
		{"", false, ""},
	} {
		got, ok := DateBound(tc.in, tc.end)
		if s := got.Format("2006-01-02"); ok != (tc.want != "") || ok && s != tc.want {
			t.Errorf("DateBound(%q, %v) = %s, %v; want %q", tc.in, tc.end, s, ok, tc.want)
		}
	}
}

func FuzzDateBound(f *testing.F) {
	for _, s := range []string{"2024-12-07", "2024-02", "2024", "x", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		from, ok1 := DateBound(s, false)
		to, ok2 := DateBound(s, true)
		if ok1 != ok2 {
			t.Fatalf("DateBound(%q) accepted as a start %v, as an end %v", s, ok1, ok2)
		}
		if ok1 && (to.Before(from) || to.Sub(from) > 366*24*time.Hour) {
			t.Fatalf("DateBound(%q) spans %v to %v", s, from, to)
		}
	})
}
