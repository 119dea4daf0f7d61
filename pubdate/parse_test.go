package pubdate

import (
	"fmt"
	"testing"
	"time"
)

// testNow is the reference "now" of the tests: dates after it are in the future.
var testNow = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// show renders a date as the tests write it: "2024-12-07", "2024-12-07 14:05:00", "2024-12-07 14:05:00 +0100".
func show(d date) string {
	s := fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)
	if d.hasTime {
		s += fmt.Sprintf(" %02d:%02d:%02d", d.h, d.mi, d.s)
	}
	if d.zoned {
		sign, off := '+', d.off
		if off < 0 {
			sign, off = '-', -off
		}
		s += fmt.Sprintf(" %c%02d%02d", sign, off/3600, off%3600/60)
	}
	return s
}

func TestFindDates(t *testing.T) {
	tests := []struct {
		in    string
		order dateOrder
		want  string // first date found, "" for none
		match string // the text the date spans, when checked
	}{
		{"2024-12-07", orderDMY, "2024-12-07", "2024-12-07"},
		{"2024-12-07T14:05:00+01:00", orderDMY, "2024-12-07 14:05:00 +0100", ""},
		{"2024-12-07T14:05:00.123Z", orderDMY, "2024-12-07 14:05:00 +0000", ""},
		{"2024-12-07 14:05", orderDMY, "2024-12-07 14:05:00", ""},
		{"Stand: 07.12.2024 14:05 Uhr", orderDMY, "2024-12-07 14:05:00", "07.12.2024 14:05 Uhr"},
		{"7. Dezember 2024", orderDMY, "2024-12-07", "7. Dezember 2024"},
		{"Samstag, 7. Dez. 2024, 09:30 Uhr MEZ", orderDMY, "2024-12-07 09:30:00 +0100", ""},
		{"December 7, 2024", orderDMY, "2024-12-07", "December 7, 2024"},
		{"Dec. 7th, 2024 at 3:04 p.m. EST", orderDMY, "2024-12-07 15:04:00 -0500", ""},
		{"Sat, 07 Dec 2024 14:05:00 GMT", orderDMY, "2024-12-07 14:05:00 +0000", ""},
		{"7 grudnia 2024", orderDMY, "2024-12-07", ""},
		{"21 października 2023 r.", orderDMY, "2023-10-21", ""},
		{"opublikowano: 3 maja 2022, godz. 10:15", orderDMY, "2022-05-03 10:15:00", ""},
		{"le 1er janvier 2020 à 12h30", orderDMY, "2020-01-01 12:30:00", ""},
		{"7 de diciembre de 2024", orderDMY, "2024-12-07", ""},
		{"07.12.24", orderDMY, "2024-12-07", ""},
		{"07/12/2024", orderDMY, "2024-12-07", ""},
		{"07/12/2024", orderMDY, "2024-07-12", ""},
		{"25/12/2024", orderMDY, "2024-12-25", ""},
		{"12/25/2024", orderDMY, "2024-12-25", ""},
		{"2024/12/07", orderDMY, "2024-12-07", ""},
		{"2024年12月7日", orderDMY, "2024-12-07", ""},
		{"Posted 7-Dec-2024", orderDMY, "2024-12-07", ""},
		// Not dates, or not valid ones.
		{"The 2015 resolution", orderDMY, "", ""},
		{"2024-13-07", orderDMY, "", ""},
		{"31. Februar 2024", orderDMY, "", ""},
		{"v1.2.2024", orderDMY, "", ""},
		{"call 030/12/2024 now", orderDMY, "", ""},
		{"7. Dezember 2031", orderDMY, "", ""}, // after testNow
		{"7 December 1850", orderDMY, "", ""},  // before minYear
		{"Marching 7 2024", orderDMY, "", ""},
		{"page 12345678", orderDMY, "", ""},
	}
	for _, tt := range tests {
		ds := findDates(tt.in, tt.order, testNow)
		got := ""
		if len(ds) > 0 {
			got = show(ds[0])
		}
		if got != tt.want {
			t.Errorf("findDates(%q, %v) = %q, want %q", tt.in, tt.order, got, tt.want)
			continue
		}
		if tt.match != "" && len(ds) > 0 {
			if m := tt.in[ds[0].start:ds[0].end]; m != tt.match {
				t.Errorf("findDates(%q) spans %q, want %q", tt.in, m, tt.match)
			}
		}
		for _, d := range ds {
			if d.start < 0 || d.end > len(tt.in) || d.start >= d.end {
				t.Errorf("findDates(%q): span [%d,%d) outside the text", tt.in, d.start, d.end)
			}
		}
	}
}

func TestParseValue(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-12-07T14:05:00+01:00", "2024-12-07 14:05:00 +0100"},
		{"2024-12-07T14:05:00+0100", "2024-12-07 14:05:00 +0100"},
		{"2024-12-07T23:30:00-05:00", "2024-12-07 23:30:00 -0500"},
		{"2024-12-07T14:05:00", "2024-12-07 14:05:00"},
		{"2024-12-07", "2024-12-07"},
		{"2022-1-26T14:32:06+02:00", "2022-01-26 14:32:06 +0200"},
		{" 2024-12-07 14:05:00 UTC ", "2024-12-07 14:05:00 +0000"},
		{"20241207", "2024-12-07"},
		{"20241207T140500Z", "2024-12-07 14:05:00 +0000"},
		{"Sat, 07 Dec 2024 14:05:00 +0100", "2024-12-07 14:05:00 +0100"},
		{"December 7, 2024", "2024-12-07"},
		{"2024-12-07T25:00:00Z", "2024-12-07"}, // not a time of day: the date stands
		{"2024", ""},
		{"", ""},
		{"tomorrow", ""},
		{"2030-01-01T00:00:00Z", ""}, // future
	}
	for _, tt := range tests {
		d, ok := parseValue(tt.in, orderDMY, testNow)
		got := ""
		if ok {
			got = show(d)
		}
		if got != tt.want {
			t.Errorf("parseValue(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestURLDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.com/2024/12/07/story.html", "2024-12-07"},
		{"https://example.com/news/2024-12-07-story", "2024-12-07"},
		{"https://example.com/archive/20241207/story", "2024-12-07"},
		{"https://example.com/2019/43/story", ""}, // year and issue number
		{"https://example.com/2024/12/story", ""}, // month only
		{"https://2024-12-07.example.com/", ""},   // host, not path
		{"https://example.com/story?date=2024/12/07", ""},
		{"https://example.com/2031/01/01/future", ""},
		{"", ""},
	}
	for _, tt := range tests {
		d, ok := urlDate(tt.in, testNow)
		got := ""
		if ok {
			got = show(d)
		}
		if got != tt.want {
			t.Errorf("urlDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClassFlags(t *testing.T) {
	tests := []struct {
		in        string
		bad, date bool
	}{
		{"entry-date published", false, true},
		{"comment-meta", true, true},
		{"has-sidebar page-comments", false, false},
		{"nav", true, false},
		{"canvas", false, false},
		{"RelatedArticles", true, false},
		{"byline", false, true},
		{"", false, false},
	}
	for _, tt := range tests {
		bad, date := classFlags(tt.in)
		if bad != tt.bad || date != tt.date {
			t.Errorf("classFlags(%q) = %v, %v, want %v, %v", tt.in, bad, date, tt.bad, tt.date)
		}
	}
}

func TestParserLanguages(t *testing.T) {
	tests := []struct {
		lang string
		want string // first language
	}{
		{"de-DE", "en"}, {"", "en"}, {"cs", "cs"}, {"ru_RU", "en"}, {"xx", "en"}, {"no", "en"},
	}
	for _, tt := range tests {
		got := parserLanguages(tt.lang)
		if got[0] != tt.want || len(got) < len(dateLanguages) {
			t.Errorf("parserLanguages(%q) = %v, want %q first and all of %v", tt.lang, got, tt.want, dateLanguages)
		}
	}
}
