package timex

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"newsgraph"
	"newsgraph/annotate/segment"
)

// dctSat is a Saturday in ISO week 49.
var dctSat = time.Date(2024, 12, 7, 0, 0, 0, 0, time.UTC)

func find(text string, dct time.Time) ([]newsgraph.Timex, []newsgraph.Sentence) {
	_, sents, toks := segment.Segment(text, nil)
	return Find(text, sents, toks, dct), sents
}

func show(text string, xs []newsgraph.Timex) string {
	var parts []string
	for _, x := range xs {
		parts = append(parts, fmt.Sprintf("%q %s %s", text[x.Start:x.End], x.Type, x.Value))
	}
	return "[" + strings.Join(parts, "; ") + "]"
}

// TestFind checks extent, type and value of one expression per sentence against DCT Saturday 2024-12-07.
func TestFind(t *testing.T) {
	cases := []struct {
		text, extent, typ, value string
	}{
		// Absolute dates and times.
		{"The summit was held on November 22, 2017 in Paris.", "November 22, 2017", "DATE", "2017-11-22"},
		{"The ministers arrived on 22 Nov and left at once.", "22 Nov", "DATE", "2024-11-22"},
		{"Talks resumed Nov. 22 in Doha.", "Nov. 22", "DATE", "2024-11-22"},
		{"The report is dated 2024-12-07 on its cover.", "2024-12-07", "DATE", "2024-12-07"},
		{"The deadline passed on 12/07/2024 without a deal.", "12/07/2024", "DATE", "2024-12-07"},
		{"The order was signed on 25/11/2024 in Ankara.", "25/11/2024", "DATE", "2024-11-25"},
		{"Officials prepared Wednesday's summit.", "Wednesday", "DATE", "2024-12-04"},
		{"The group was founded in 2011 by exiles.", "2011", "DATE", "2011"},
		{"Prices rose sharply in the 1990s.", "1990s", "DATE", "199X"},
		{"Elections are planned for mid-2015.", "mid-2015", "DATE", "2015"},
		{"It happened in the summer of 2013.", "the summer of 2013", "DATE", "2013-SU"},
		{"Fighting eased in the summer.", "the summer", "DATE", "2024-SU"},
		{"The polls close at 3 p.m. in the capital.", "3 p.m.", "TIME", "2024-12-07T15:00"},
		{"The meeting began at 10:30 GMT in Doha.", "10:30 GMT", "TIME", "2024-12-07T10:30"},
		{"Profit fell in the third quarter.", "the third quarter", "DATE", "2024-Q3"},
		{"Revenue doubled in fiscal 2023.", "fiscal 2023", "DATE", "2023"},
		{"The treaty lapsed in March 2019.", "March 2019", "DATE", "2019-03"},
		{"Rebels advanced in early December.", "early December", "DATE", "2024-12"},
		{"The truce ends at the end of 2024.", "the end of 2024", "DATE", "2024"},
		// Relative to the DCT.
		{"Lavrov met Araghchi on Saturday in Doha.", "Saturday", "DATE", "2024-12-07"},
		{"The ministers met on Thursday.", "Thursday", "DATE", "2024-12-05"},
		{"The ministers will meet next Saturday.", "next Saturday", "DATE", "2024-12-14"},
		{"The ministers will meet on Tuesday in Geneva.", "Tuesday", "DATE", "2024-12-10"},
		{"The ministers said last Monday that talks failed.", "last Monday", "DATE", "2024-12-02"},
		{"The rebels entered the city today.", "today", "DATE", "2024-12-07"},
		{"The rebels entered the city yesterday.", "yesterday", "DATE", "2024-12-06"},
		{"The president will speak tomorrow.", "tomorrow", "DATE", "2024-12-08"},
		{"The president speaks tonight.", "tonight", "TIME", "2024-12-07TNI"},
		{"The army shelled the town last night.", "last night", "TIME", "2024-12-06TNI"},
		{"The envoy arrived on Friday morning.", "Friday morning", "DATE", "2024-12-06TMO"},
		{"The rebels took Aleppo last month.", "last month", "DATE", "2024-11"},
		{"The rebels took Hama earlier this year.", "earlier this year", "DATE", "2024"},
		{"The talks resumed this week in Doha.", "this week", "DATE", "2024-W49"},
		{"The envoy will return next week.", "next week", "DATE", "2024-W50"},
		{"Prices rose last year.", "last year", "DATE", "2023"},
		{"The rebels gathered in recent days near Homs.", "recent days", "DURATION", "PXD"},
		{"The law expired at the end of the last month.", "the end of the last month", "DATE", "2024-11"},
		{"The war began two years ago.", "two years ago", "DATE", "2022"},
		{"The border closed three days ago.", "three days ago", "DATE", "2024-12-04"},
		{"Exports fell 5% from a year earlier.", "a year earlier", "DATE", "2023"},
		{"The city is now under rebel control.", "now", "DATE", "PRESENT_REF"},
		{"The army recently withdrew.", "recently", "DATE", "PAST_REF"},
		{"Such attacks were rare in the past.", "the past", "DATE", "PAST_REF"},
		{"Talks may resume in the future.", "the future", "DATE", "FUTURE_REF"},
		{"Exports will rise next year.", "next year", "DATE", "2025"},
		{"The weekend was calm.", "The weekend", "DATE", "2024-W49-WE"},
		// Durations.
		{"The six-year war ended.", "six-year", "DURATION", "P6Y"},
		{"He ruled for 24 years.", "24 years", "DURATION", "P24Y"},
		{"The siege lasted three days.", "three days", "DURATION", "P3D"},
		{"The ceasefire held for a month.", "a month", "DURATION", "P1M"},
		{"The feud has lasted for decades.", "decades", "DURATION", "PXY"},
		{"The talks lasted two-and-a-half hours.", "two-and-a-half hours", "DURATION", "PT2H30M"},
		{"The talks lasted 5 1/2 hours.", "5 1/2 hours", "DURATION", "PT5H30M"},
		{"Unemployment fell over the past two years.", "the past two years", "DURATION", "P2Y"},
		{"The strike lasted more than four hours.", "more than four hours", "DURATION", "PT4H"},
		{"The deal will take several months.", "several months", "DURATION", "PXM"},
		{"The company grew in the first nine months.", "the first nine months", "DURATION", "P9M"},
		// Sets.
		{"The council meets every year in Davos.", "every year", "SET", "P1Y"},
		{"The ministry publishes the figures daily.", "daily", "SET", "P1D"},
		{"The paper appears weekly.", "weekly", "SET", "P1W"},
		{"The envoys meet each Monday.", "each Monday", "SET", "XXXX-WXX-1"},
		{"Flights leave twice a week.", "a week", "SET", "P1W"},
		// Tense beyond the nearest verb form.
		{"The team planned to leave Doha on Thursday.", "Thursday", "DATE", "2024-12-12"},
		{"The talks are set to resume Monday in Geneva.", "Monday", "DATE", "2024-12-09"},
		{"The envoy could arrive as soon as Tuesday.", "Tuesday", "DATE", "2024-12-10"},
		{"Officials postponed the vote until Wednesday.", "Wednesday", "DATE", "2024-12-11"},
		{"The rebels will respond to Wednesday's offer.", "Wednesday", "DATE", "2024-12-04"},
		{"A service planned in the capital for Friday was cancelled.", "Friday", "DATE", "2024-12-06"},
		// Numbers in words, ranges, couples.
		{"The last twenty four hours were calm.", "The last twenty four hours", "DURATION", "PT24H"},
		{"Shipments resume within two to three weeks.", "two to three weeks", "DURATION", "PXW"},
		{"Deals are due in the next 12 to 18 months.", "the next 12 to 18 months", "DURATION", "PXM"},
		{"Prices may rise over the next couple of years.", "the next couple of years", "DURATION", "P2Y"},
		// "the year", "the week", fiscal years, year-end.
		{"Sales rose 4% for the year.", "the year", "DATE", "2024"},
		{"Revenue fell in the year ended June 30.", "the year", "DURATION", "P1Y"},
		{"Stocks rose 2% for the week.", "the week", "DATE", "2024-WXX"},
		{"Sales will grow in the current fiscal year.", "the current fiscal year", "DATE", "2024"},
		{"Sales fell in the latest fiscal year.", "the latest fiscal year", "DATE", "2023"},
		{"A hearing is set for the week of December 16.", "the week of December 16", "DATE", "2024-W51"},
		{"The deal should close by year-end.", "year-end", "DATE", "2024-12-31"},
		{"The rules should be in place by year's end.", "year's end", "DATE", "2024-12-31"},
		{"Prices rose over the past year.", "the past year", "DATE", "2023"},
		// The day or year of the context.
		{"Shares fell on Thursday. Buyers returned in the afternoon.", "the afternoon", "TIME", "2024-12-05TAF"},
		{"The plant closed on Tuesday. The fire started at 10 p.m. and spread.", "10 p.m.", "TIME", "2024-12-03T22:00"},
		{"He fled in June 2019 and returned later that year.", "later that year", "DATE", "2019"},
		{"He was shot last Oct. 23 at home.", "Oct. 23", "DATE", "2024-10-23"},
	}
	for _, c := range cases {
		got, _ := find(c.text, dctSat)
		ok := false
		for _, x := range got {
			if c.text[x.Start:x.End] == c.extent && x.Type == c.typ && x.Value == c.value {
				ok = true
			}
		}
		if !ok {
			t.Errorf("Find(%q, 2024-12-07) = %s, want %q %s %s", c.text, show(c.text, got), c.extent, c.typ, c.value)
		}
	}
}

// TestFindNothing lists sentences whose numbers and words look temporal but are not time expressions.
func TestFindNothing(t *testing.T) {
	for _, text := range []string{
		"The 6-year-old boy was rescued.",
		"Czech Foreign Minister Jan Kavan spoke.",
		"May God protect the country.",
		"He paid $2000 for 1999 shares.",
		"Stocks may fall further.",
		"The army will march on the city.",
		"About three-quarters of voters agreed.",
		"He is 52 years old.",
		"Sales were higher the year before.",
	} {
		if got, _ := find(text, dctSat); len(got) != 0 {
			t.Errorf("Find(%q) = %s, want none", text, show(text, got))
		}
	}
}

// TestTenseDCT checks month resolution by tense against DCTs other than a December one.
func TestTenseDCT(t *testing.T) {
	for _, c := range []struct {
		text          string
		dct           time.Time
		extent, value string
	}{
		// A passive after "be" is not a past tense: "will be named" speaks of the future.
		{"She will be named commander for a mission in December.", time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC), "December", "2024-12"},
		// A present-tense copula ends the search: "reduced" is not the clause's verb.
		{"The reduced dividend is payable Jan. 2 to holders.", time.Date(2024, 11, 2, 0, 0, 0, 0, time.UTC), "Jan. 2", "2025-01-02"},
		{"The new pact takes effect, effective Feb. 1.", time.Date(2024, 10, 26, 0, 0, 0, 0, time.UTC), "Feb. 1", "2025-02-01"},
	} {
		got, _ := find(c.text, c.dct)
		ok := false
		for _, x := range got {
			if c.text[x.Start:x.End] == c.extent && x.Value == c.value {
				ok = true
			}
		}
		if !ok {
			t.Errorf("Find(%q, %s) = %s, want %q %s", c.text, c.dct.Format("2006-01-02"), show(c.text, got), c.extent, c.value)
		}
	}
}

// TestSaturday is the news convention for weekdays against a Saturday DCT.
func TestSaturday(t *testing.T) {
	text := "Lavrov, Araghchi and Fidan met in Doha on Saturday. Their deputies had met on Friday. " +
		"The ministers will meet again on Sunday. The envoy left Monday."
	got, sents := find(text, dctSat)
	want := []string{`"Saturday" DATE 2024-12-07`, `"Friday" DATE 2024-12-06`, `"Sunday" DATE 2024-12-08`, `"Monday" DATE 2024-12-02`}
	if s := show(text, got); s != "["+strings.Join(want, "; ")+"]" {
		t.Errorf("Find(%q, Saturday 2024-12-07) = %s, want %v", text, s, want)
	}
	wantDates := []string{"2024-12-07", "2024-12-06", "2024-12-08", "2024-12-02"}
	for i, s := range sents {
		if i < len(wantDates) && s.Date != wantDates[i] {
			t.Errorf("sentence %d %q Date = %q, want %q", i, text[s.Start:s.End], s.Date, wantDates[i])
		}
	}
}

// TestBracketedDate: in "yesterday (November 26)" the bracketed date wins; the two stay two expressions, as
// TimeML annotates them, and both carry the bracketed date.
func TestBracketedDate(t *testing.T) {
	dct := time.Date(2014, 11, 27, 0, 0, 0, 0, time.UTC)
	text := "The ministers met yesterday (November 26) in Vienna."
	got, sents := find(text, dct)
	want := `["yesterday" DATE 2014-11-26; "November 26" DATE 2014-11-26]`
	if s := show(text, got); s != want {
		t.Errorf("Find(%q, 2014-11-27) = %s, want %s", text, s, want)
	}
	// A wrong DCT: the writer's date still wins.
	got, _ = find(text, time.Date(2014, 11, 29, 0, 0, 0, 0, time.UTC))
	if len(got) == 0 || got[0].Value != "2014-11-26" {
		t.Errorf("Find(%q, 2014-11-29) = %s, want yesterday = 2014-11-26", text, show(text, got))
	}
	if sents[0].Date != "2014-11-26" {
		t.Errorf("sentence Date = %q, want 2014-11-26", sents[0].Date)
	}
}

// TestAnchor: an explicit date anchors "the next day" in its paragraph, unless Options.DCTOnly.
func TestAnchor(t *testing.T) {
	text := "On November 22, 2017, the talks began. The next day, they ended.\n\nThe next day, nothing happened."
	_, sents, toks := segment.Segment(text, nil)
	for _, c := range []struct {
		o          Options
		first, sec string
	}{{Options{}, "2017-11-23", "2024-12-08"}, {Options{DCTOnly: true}, "2024-12-08", "2024-12-08"}} {
		got := c.o.Find(text, sents, toks, dctSat)
		var vals []string
		for _, x := range got {
			if strings.EqualFold(text[x.Start:x.End], "the next day") {
				vals = append(vals, x.Value)
			}
		}
		if len(vals) != 2 || vals[0] != c.first || vals[1] != c.sec {
			t.Errorf("%+v.Find(%q) = %s, want the next day = %s then %s", c.o, text, show(text, got), c.first, c.sec)
		}
	}
}

// TestNoDCT: without a DCT nothing is guessed from the clock.
func TestNoDCT(t *testing.T) {
	cases := []struct{ text, extent, value string }{
		{"They met on December 7 in Doha.", "December 7", "XXXX-12-07"},
		{"They met yesterday in Doha.", "yesterday", "XXXX-XX-XX"},
		{"They met on Saturday in Doha.", "Saturday", "XXXX-WXX-6"},
		{"They met last week in Doha.", "last week", "XXXX-WXX"},
		{"They met in 2011 in Doha.", "2011", "2011"},
		{"They meet now.", "now", "PRESENT_REF"},
	}
	for _, c := range cases {
		got, sents := find(c.text, time.Time{})
		if len(got) != 1 || c.text[got[0].Start:got[0].End] != c.extent || got[0].Value != c.value {
			t.Errorf("Find(%q, no DCT) = %s, want %q %s", c.text, show(c.text, got), c.extent, c.value)
		}
		if want := map[bool]string{true: c.value, false: ""}[pointValue(c.value)]; sents[0].Date != want {
			t.Errorf("Find(%q, no DCT) sentence Date = %q, want %q", c.text, sents[0].Date, want)
		}
	}
}

// TestSentenceDate: a sentence's own point date, else the DCT; durations and references do not count.
func TestSentenceDate(t *testing.T) {
	text := "The war began in March 2011. It lasted for 13 years. Fighting continues now."
	_, sents := find(text, dctSat)
	want := []string{"2011-03", "2024-12-07", "2024-12-07"}
	if len(sents) != len(want) {
		t.Fatalf("Segment(%q) gave %d sentences, want %d", text, len(sents), len(want))
	}
	for i, s := range sents {
		if s.Date != want[i] {
			t.Errorf("sentence %d %q Date = %q, want %q", i, text[s.Start:s.End], s.Date, want[i])
		}
	}
}

// TestInvariants checks the spans of Find on a mixed text and on segmentation it has to do itself.
func TestInvariants(t *testing.T) {
	text := "On Saturday, 10:30 GMT, the six-year war entered its third quarter. Every year since 2011 (two years ago) " +
		"the 1990s, mid-2015, 12/07/2024, and next week were quoted.\n\nNow, more than four hours later, yesterday."
	_, sents, toks := segment.Segment(text, nil)
	a := Find(text, sents, toks, dctSat)
	checkSpans(t, text, a, len(sents))
	b := Find(text, nil, nil, dctSat)
	if show(text, a) != show(text, b) {
		t.Errorf("Find with nil segmentation = %s, want %s", show(text, b), show(text, a))
	}
	if len(a) < 10 {
		t.Errorf("Find(%q) = %s: too few expressions", text, show(text, a))
	}
	if got := Find("", nil, nil, dctSat); len(got) != 0 {
		t.Errorf("Find(\"\") = %v", got)
	}
}

func checkSpans(t *testing.T, text string, xs []newsgraph.Timex, nsents int) {
	t.Helper()
	prevEnd := 0
	for _, x := range xs {
		if x.Start < prevEnd || x.Start >= x.End || x.End > len(text) {
			t.Fatalf("Find(%q): span %+v overlaps, is empty or out of range (previous end %d)", text, x, prevEnd)
		}
		prevEnd = x.End
		switch x.Type {
		case "DATE", "TIME", "DURATION", "SET":
		default:
			t.Errorf("Find(%q): %+v has type %q", text, x, x.Type)
		}
		if x.Value == "" {
			t.Errorf("Find(%q): %+v has no value", text, x)
		}
		if nsents > 0 && (x.Sentence < 0 || x.Sentence >= nsents) {
			t.Errorf("Find(%q): %+v sentence out of range [0,%d)", text, x, nsents)
		}
	}
}

func TestDuration(t *testing.T) {
	for _, c := range []struct {
		n    float64
		unit int
		want string
	}{{6, uYear, "P6Y"}, {2.5, uHour, "PT2H30M"}, {2.5, uYear, "P2Y6M"}, {-1, uWeek, "PXW"}, {3, uDecade, "P30Y"},
		{1, uWeekend, "P2D"}, {1.5, uMinute, "PT1M30S"}, {0.25, uHour, "PT0.25H"}} {
		if got := duration(c.n, c.unit); got != c.want {
			t.Errorf("duration(%v, %d) = %q, want %q", c.n, c.unit, got, c.want)
		}
	}
}

func TestSentenceDateSkipsModifiers(t *testing.T) {
	dct := time.Date(2024, 12, 7, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ text, want string }{
		{"He cited a 2015 resolution of the council.", "2024-12-07"},
		{"The two have been partners since 2017.", "2024-12-07"},
		{"They broke the November 2015 truce.", "2024-12-07"},
		{"In 2011 the protests began.", "2011"},
		{"The rebels attacked on Friday.", "2024-12-06"},
		{"The November 22 summit opened late.", "2024-11-22"},
	} {
		_, sents, toks := segment.Segment(tc.text, nil)
		Find(tc.text, sents, toks, dct)
		if got := sents[0].Date; got != tc.want {
			t.Errorf("Find(%q): sentence date %q, want %q", tc.text, got, tc.want)
		}
	}
}
