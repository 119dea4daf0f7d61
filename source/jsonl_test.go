package source

import (
	"errors"
	"maps"
	"strings"
	"testing"
	"time"

	"newsgraph"
)

func TestReadJSONL(t *testing.T) {
	lines := []string{
		/* 1 */ `{"url":"https://example.org/ferry","title":"Ferry hours extended","text":"The harbour council voted on Tuesday.","published":"2024-03-05T09:30:00+01:00","source":"Elna Herald","language":"en","author":"Mara Okonjo","section":"local","tags":["ferry","council"],"words":6,"draft":false,"editor":null}`,
		/* 2 */ ``,
		/* 3 */ `{"html":"<p>Bridge <b>reopens</b></p>","text":"ignored when html is given","published":"2024-03-06","author":["A. Lind","B. Osei"]}`,
		/* 4 */ `not json at all`,
		/* 5 */ `{"title":"No body","url":"https://example.org/x"}`,
		/* 6 */ `{"text":"Unclosed string}`,
		/* 7 */ "{\"text\":\"caf\xe9\"}",
		/* 8 */ `{"text":"Date in words","published":"sometime last spring"}`,
		/* 9 */ `["an","array"]`,
		/* 10 */ `{"text":"Title of the wrong type","title":42}`,
		/* 11 */ `{"text":"Unix time","published":1709631000}`,
		/* 12 */ `{"text":"  ","html":"   "}`,
		/* 13 */ `{"text":"Last line, CRLF and no newline","published":"Tue, 05 Mar 2024 10:00:00 GMT"}`,
	}
	data := strings.Join(lines, "\r\n")
	items, path, err := readFile(t, "news.jsonl", []byte(data), Options{})
	if err != nil {
		t.Fatalf("Read(news.jsonl) error = %v", err)
	}
	checkInvariants(t, path, items, Options{})
	type want struct {
		record int
		err    string // substring of the error; "" for an article
		format newsgraph.Format
		raw    string
	}
	wants := []want{
		{1, "", newsgraph.FormatText, "The harbour council voted on Tuesday."},
		{3, "", newsgraph.FormatHTML, "<p>Bridge <b>reopens</b></p>"},
		{4, `line 4: not a JSON object (starts with "n")`, "", ""},
		{5, `line 5: neither "text" nor "html" field`, "", ""},
		{6, "line 6: invalid JSON", "", ""},
		{7, "line 7: invalid UTF-8 at byte 12", "", ""},
		{8, "", newsgraph.FormatText, "Date in words"},
		{9, `line 9: not a JSON object (starts with "[")`, "", ""},
		{10, `line 10: field "title": want a string, got a number`, "", ""},
		{11, "", newsgraph.FormatText, "Unix time"},
		{12, `line 12: neither "text" nor "html" field`, "", ""},
		{13, "", newsgraph.FormatText, "Last line, CRLF and no newline"},
	}
	if len(items) != len(wants) {
		t.Fatalf("Read(news.jsonl) = %d items %q, want %d", len(items), errs(items), len(wants))
	}
	for i, w := range wants {
		it := items[i]
		if it.Origin.Record != w.record {
			t.Errorf("item %d: Record = %d, want %d", i, it.Origin.Record, w.record)
		}
		if w.err != "" {
			if it.Err == nil || !strings.Contains(it.Err.Error(), path+" "+w.err) {
				t.Errorf("line %d: Err = %v, want one containing %q", w.record, it.Err, path+" "+w.err)
			}
			continue
		}
		if it.Err != nil || it.Format != w.format || string(it.Raw) != w.raw {
			t.Errorf("line %d = %v, %q %q; want %q %q", w.record, it.Err, it.Format, it.Raw, w.format, w.raw)
		}
	}
	if !errors.Is(items[3].Err, newsgraph.ErrEmpty) {
		t.Errorf("line 5 Err = %v, want it to wrap ErrEmpty", items[3].Err)
	}

	first := items[0]
	wantFirst := newsgraph.Item{
		Title: "Ferry hours extended", Author: "Mara Okonjo", Site: "Elna Herald", Language: "en",
		Published: time.Date(2024, 3, 5, 8, 30, 0, 0, time.UTC),
	}
	if first.Title != wantFirst.Title || first.Author != wantFirst.Author || first.Site != wantFirst.Site ||
		first.Language != wantFirst.Language || !first.Published.Equal(wantFirst.Published) || first.Origin.URL != "https://example.org/ferry" {
		t.Errorf("line 1 = %+v, want title, author, site, language, published %v and url", first, wantFirst.Published)
	}
	wantMeta := map[string]string{"section": "local", "tags": `["ferry","council"]`, "words": "6", "draft": "false"}
	if !maps.Equal(first.Meta, wantMeta) {
		t.Errorf("line 1 Meta = %v, want %v", first.Meta, wantMeta)
	}
	if it := items[1]; it.Author != "A. Lind, B. Osei" || !it.Published.Equal(time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC)) || it.Meta["published_precision"] != "day" {
		t.Errorf("line 3 = author %q published %v meta %v, want two authors, 2024-03-06 with day precision", it.Author, it.Published, it.Meta)
	}
	if it := items[6]; !it.Published.IsZero() || it.Meta["published_raw"] != "sometime last spring" || !strings.Contains(it.Meta["warning"], "published") {
		t.Errorf("line 8 = published %v meta %v, want no date, published_raw kept and a warning", it.Published, it.Meta)
	}
	if it := items[9]; !it.Published.Equal(time.Unix(1709631000, 0)) {
		t.Errorf("line 11 published = %v, want %v", it.Published, time.Unix(1709631000, 0).UTC())
	}
	if it := items[11]; !it.Published.Equal(time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("line 13 published = %v, want 2024-03-05 10:00 UTC", it.Published)
	}
}

// TestReadJSONLLongLine checks that a line over MaxSize is refused (and not kept), and reading goes on.
func TestReadJSONLLongLine(t *testing.T) {
	opts := Options{MaxSize: 1000}
	long := `{"text":"` + strings.Repeat("word ", 100_000) + `"}`
	data := `{"text":"before"}` + "\n" + long + "\n" + `{"text":"after"}` + "\n" + `{"text":"` + strings.Repeat("y", 970) + `"}`
	items, path, err := readFile(t, "long.jsonl", []byte(data), opts)
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, path, items, opts)
	if len(items) != 4 || string(items[0].Raw) != "before" || !errors.Is(items[1].Err, newsgraph.ErrTooLarge) ||
		!strings.Contains(items[1].Err.Error(), "line 2") || string(items[2].Raw) != "after" || items[3].Err != nil {
		t.Errorf("Read(line 2 of 500 KB, MaxSize 1000) = %q, want before, ErrTooLarge at line 2, after, a 980-byte line", errs(items))
	}
}

func TestReadJSONLBlank(t *testing.T) {
	data := strings.Repeat("   \n", 5000) // more than the sniffed window
	items, path, err := readFile(t, "blank.jsonl", []byte(data), Options{})
	if err != nil || len(items) != 1 || !errors.Is(items[0].Err, newsgraph.ErrEmpty) || !strings.Contains(items[0].Err.Error(), path) {
		t.Errorf("Read(blank.jsonl) = %q, %v; want one ErrEmpty item", errs(items), err)
	}
}

func TestParseDate(t *testing.T) {
	utc := func(y int, m time.Month, d, h, mi, s int) time.Time { return time.Date(y, m, d, h, mi, s, 0, time.UTC) }
	tests := []struct {
		in      string
		want    time.Time
		dayOnly bool
		ok      bool
	}{
		{"2024-03-05T09:30:00Z", utc(2024, 3, 5, 9, 30, 0), false, true},
		{"2024-03-05T09:30:00.123+02:00", time.Date(2024, 3, 5, 7, 30, 0, 123e6, time.UTC), false, true},
		{"2024-03-05T09:30:00+0200", utc(2024, 3, 5, 7, 30, 0), false, true},
		{"2024-03-05T09:30:00", utc(2024, 3, 5, 9, 30, 0), false, true},
		{"2024-03-05 09:30:00", utc(2024, 3, 5, 9, 30, 0), false, true},
		{"2024-03-05 09:30", utc(2024, 3, 5, 9, 30, 0), false, true},
		{"Tue, 05 Mar 2024 09:30:00 +0000", utc(2024, 3, 5, 9, 30, 0), false, true},
		{"Tue, 5 Mar 2024 09:30:00 -0500", utc(2024, 3, 5, 14, 30, 0), false, true},
		{"2024-03-05", utc(2024, 3, 5, 0, 0, 0), true, true},
		{" 2024/03/05 ", utc(2024, 3, 5, 0, 0, 0), true, true},
		{"March 5, 2024", utc(2024, 3, 5, 0, 0, 0), true, true},
		{"5 March 2024", utc(2024, 3, 5, 0, 0, 0), true, true},
		{"Mar 5, 2024", utc(2024, 3, 5, 0, 0, 0), true, true},
		{"05.03.2024", utc(2024, 3, 5, 0, 0, 0), true, true},
		{"1709631000", utc(2024, 3, 5, 9, 30, 0), false, true},
		{"1709631000000", utc(2024, 3, 5, 9, 30, 0), false, true},
		{"yesterday", time.Time{}, false, false},
		{"2024-13-45", time.Time{}, false, false},
		{"0001-01-01", time.Time{}, false, false},
		{"", time.Time{}, false, false},
	}
	for _, tt := range tests {
		got, dayOnly, ok := parseDate(tt.in)
		if !got.Equal(tt.want) || dayOnly != tt.dayOnly || ok != tt.ok {
			t.Errorf("parseDate(%q) = %v, %v, %v; want %v, %v, %v", tt.in, got, dayOnly, ok, tt.want, tt.dayOnly, tt.ok)
		}
	}
}
