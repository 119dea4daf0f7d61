package source

import (
	"strings"
	"testing"
)

func TestSniff(t *testing.T) {
	long := `{"title": "` + strings.Repeat("x", 2*sniffLen) // the first line does not fit the window
	tests := []struct {
		head     string
		ext      string
		complete bool
		want     kind
	}{
		// containers and encodings
		{"\x1f\x8b\x08\x00\x00\x00", ".txt", false, kindGzip},
		{"\xff\xfeh\x00i\x00", "", true, kindUTF16},
		{"\xfe\xff\x00h\x00i", "", true, kindUTF16},
		{"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "", false, kindWARC},
		{"WARC/1.1\r\n", ".txt", false, kindWARC},
		{"WARCS are old", "", true, kindText},
		// empty and binary
		{"", "", true, kindEmpty},
		{" \n\t\r\n", ".html", true, kindEmpty},
		{"\xef\xbb\xbf\n", ".txt", true, kindEmpty},
		{"   ", "", false, kindText}, // only white space so far, but there is more
		{"abc\x00def", ".txt", true, kindBinary},
		{"\x01\x02\x03\x04 a line of text", "", true, kindBinary},
		{"a page\fwith a form feed and an \x1b[1mescape\x1b[0m", "", true, kindText},
		{"caf\xe9 cr\xe8me", ".txt", true, kindText}, // Latin-1 is text, even if not UTF-8
		// feeds
		{`<?xml version="1.0"?><rss version="2.0"><channel>`, "", false, kindFeed},
		{"<rss version=\"2.0\">", ".txt", false, kindFeed},
		{`<?xml version="1.0" encoding="utf-8"?>` + "\n<!-- generator -->\n<feed xmlns=\"http://www.w3.org/2005/Atom\">", "", false, kindFeed},
		{`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`, "", false, kindFeed},
		{`<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><rss>`, "", false, kindFeed},
		{`<?xml version="1.0"?><catalogue>`, ".xml", true, kindFeed}, // XML: the feed parser will say it is no feed
		{"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}", "", true, kindFeed},
		// HTML
		{"<!DOCTYPE html>\n<html lang=en>", "", false, kindHTML},
		{"<!doctype HTML><title>x</title>", ".txt", true, kindHTML},
		{"\xef\xbb\xbf  <html><body>", "", false, kindHTML},
		{"<HEAD><TITLE>Old page</TITLE>", "", true, kindHTML},
		{"<!-- saved from url=(0040)http://example.org/ -->\n<html>", "", false, kindHTML},
		{`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd"><html xmlns="http://www.w3.org/1999/xhtml">`, "", false, kindHTML},
		{`<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">`, "", false, kindHTML},
		{"<div class=story><p>Broken markup <b>never closed", "", true, kindHTML},
		{"<p>one paragraph", ".txt", true, kindHTML},
		{"<custom-tag>fragment</custom-tag>", "", true, kindHTML},
		{"<custom-tag>not HTML by its name</custom-tag>", ".txt", true, kindText},
		{"A plain text article.\nSecond line.", ".html", true, kindHTML},
		// JSON Lines
		{"{\"url\":\"u\",\"text\":\"t\"}\n{\"text\":\"u\"}\n", "", true, kindJSONL},
		{"{\"text\":\"t\"}\n\n{\"text\":\"u\"}", "", true, kindJSONL},
		{"{\"text\":\"t\"}\n{\"text\":\"cut", "", false, kindJSONL}, // the last line is incomplete
		{long, "", false, kindJSONL},
		{"{\"text\":\"t\"}\nnot json\n", "", true, kindText},
		{"{\n  \"pretty\": true\n}\n", "", true, kindText},
		{"{\"text\":\"t\"}\nnot json\n", ".jsonl", true, kindJSONL}, // the extension says so: lines are checked one by one
		{"garbage", ".ndjson", true, kindJSONL},
		{"[1, 2, 3]\n", "", true, kindText},
		// text and extension fallbacks
		{"MOSCOW, March 3 - The minister said...", "", true, kindText},
		{"MOSCOW, March 3 - The minister said...", ".xml", true, kindFeed},
		{"not a crawl", ".warc", true, kindWARC},
		{"< 5 degrees at night", "", true, kindText},
	}
	for _, tt := range tests {
		if got := sniff([]byte(tt.head), tt.ext, tt.complete); got != tt.want {
			t.Errorf("sniff(%q, %q, %v) = %v, want %v", clip([]byte(tt.head), 70), tt.ext, tt.complete, got, tt.want)
		}
	}
}

func TestLooksBinary(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"plain text\n", false},
		{"", false},
		{"\x00", true},
		{"tabs\tand\r\nnew lines\v\f", false},
		{strings.Repeat("a", 100) + "\x07\x07\x07\x07\x07", false}, // 5 of 105: at most 5%
		{strings.Repeat("a", 90) + "\x07\x07\x07\x07\x07\x07\x07", true},
	}
	for _, tt := range tests {
		if got := looksBinary([]byte(tt.in)); got != tt.want {
			t.Errorf("looksBinary(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestExtHint(t *testing.T) {
	tests := []struct{ path, want string }{
		{"a/b.WARC.GZ", ".warc"},
		{"crawl.warc", ".warc"},
		{"x.jsonl.gz", ".jsonl"},
		{"x.gz", ""},
		{"notes.txt", ".txt"},
		{"-", ""},
	}
	for _, tt := range tests {
		if got := extHint(tt.path); got != tt.want {
			t.Errorf("extHint(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}
