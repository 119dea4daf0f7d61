package source

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"newsgraph"
)

// warcRec is one WARC record to build.
type warcRec struct {
	typ, uri, ctype string
	block           []byte
	extra           string // more header lines, each ending in CRLF
}

func (r warcRec) bytes(n int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>\r\n", r.typ, n)
	fmt.Fprintf(&b, "WARC-Date: 2024-03-05T10:%02d:00Z\r\n", n%60)
	if r.uri != "" {
		fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", r.uri)
	}
	if r.ctype != "" {
		fmt.Fprintf(&b, "Content-Type: %s\r\n", r.ctype)
	}
	b.WriteString(r.extra)
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(r.block))
	b.Write(r.block)
	b.WriteString("\r\n\r\n")
	return b.Bytes()
}

// httpResp builds an HTTP response: status line, header lines (without line ends) and body.
func httpResp(status string, headers []string, body []byte) []byte {
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 " + status + "\r\n")
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes()
}

func response(uri string, status string, headers []string, body []byte) warcRec {
	return warcRec{typ: "response", uri: uri, ctype: "application/http; msgtype=response", block: httpResp(status, headers, body)}
}

// buildWARC returns the records as an uncompressed WARC, as one gzip member per record, and as a single gzip
// stream; members[i] is the offset of record i+1 in the multi-member form.
func buildWARC(t testing.TB, recs []warcRec) (plain, multi, single []byte, members []int) {
	t.Helper()
	var p, m bytes.Buffer
	for i, r := range recs {
		b := r.bytes(i + 1)
		p.Write(b)
		members = append(members, m.Len())
		m.Write(gz(t, b))
	}
	return p.Bytes(), m.Bytes(), gz(t, p.Bytes()), members
}

func chunk(body []byte, size int) []byte {
	var b bytes.Buffer
	for len(body) > 0 {
		n := min(size, len(body))
		fmt.Fprintf(&b, "%x\r\n%s\r\n", n, body[:n])
		body = body[n:]
	}
	b.WriteString("0\r\n\r\n")
	return b.Bytes()
}

func zlibBytes(t testing.TB, data []byte) []byte {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

var (
	pageA = []byte("<html><head><title>Dunes fenced</title></head><body><p>Volunteers fenced the dunes at Kell Bay.</p></body></html>")
	pageB = []byte("<!DOCTYPE html><html><body><p>Gr\xfcnwald market opens on Sunday.</p></body></html>")
	pageC = []byte("<html><body><p>A page stored as a resource.</p></body></html>")
	pageD = []byte("<!doctype html><title>No type</title><p>Served without a Content-Type.</p>")
	pageE = []byte("<html><body><p>Deflated and chunked.</p></body></html>")
)

// crawl is a small crawl exercising every kind of record; wantCrawl says what reading it gives.
func crawl(t testing.TB) []warcRec {
	return []warcRec{
		/* 1 */ {typ: "warcinfo", ctype: "application/warc-fields", block: []byte("software: test\r\nformat: WARC File Format 1.1\r\n")},
		/* 2 */ {typ: "request", uri: "https://kell.example.org/dunes", ctype: "application/http; msgtype=request", block: []byte("GET /dunes HTTP/1.1\r\nHost: kell.example.org\r\n\r\n")},
		/* 3 */ response("https://kell.example.org/dunes", "200 OK", []string{"Content-Type: text/html; charset=UTF-8", "Content-Length: 113"}, pageA),
		/* 4 */ {typ: "metadata", uri: "https://kell.example.org/dunes", ctype: "application/warc-fields", block: []byte("outlinks: https://kell.example.org/\r\n")},
		/* 5 */ response("https://kell.example.org/logo.png", "200 OK", []string{"Content-Type: image/png"}, []byte("\x89PNG\r\n\x1a\n\x00\x00")),
		/* 6 */ response("http://kell.example.org/old", "301 Moved Permanently", []string{"Location: https://kell.example.org/dunes", "Content-Type: text/html"}, []byte("<html>moved</html>")),
		/* 7 */ response("https://www.markt.example.de/news?id=7", "200 OK", []string{"Content-Type: text/html;charset=\"ISO-8859-1\"", "Transfer-Encoding: chunked", "Content-Encoding: gzip"}, chunk(gz(t, pageB), 17)),
		/* 8 */ {typ: "revisit", uri: "https://kell.example.org/dunes", ctype: "application/http; msgtype=response", block: httpResp("200 OK", []string{"Content-Type: text/html"}, nil)},
		/* 9 */ {typ: "resource", uri: "file:///site/about.html", ctype: "text/html", block: pageC},
		/* 10 */ response("https://kell.example.org/bare", "200 OK", []string{"Server: test"}, pageD),
		/* 11 */ response("https://kell.example.org/data", "200 OK", []string{"Content-Type: application/octet-stream"}, []byte("just some bytes, not a page")),
		/* 12 */ response("https://kell.example.org/deflate", "200 OK", []string{"Content-Type: text/html", "Content-Encoding: deflate", "Transfer-Encoding: chunked"}, chunk(zlibBytes(t, pageE), 10)),
		/* 13 */ {typ: "resource", uri: "https://kell.example.org/style.css", ctype: "text/css", block: []byte("p { color: red }")},
		/* 14 */ response("dns:kell.example.org", "200 OK", nil, []byte("kell.example.org. 300 IN A 192.0.2.1")),
		/* 15 */ response("https://kell.example.org/stored-decoded", "200 OK", []string{"Content-Type: text/html", "Content-Encoding: gzip", "Transfer-Encoding: chunked"}, pageA),
	}
}

type wantItem struct {
	record  int
	url     string
	raw     []byte
	site    string
	charset string
}

var wantCrawl = []wantItem{
	{3, "https://kell.example.org/dunes", pageA, "kell.example.org", "utf-8"},
	{7, "https://www.markt.example.de/news?id=7", pageB, "www.markt.example.de", "iso-8859-1"},
	{9, "file:///site/about.html", pageC, "", ""},
	{10, "https://kell.example.org/bare", pageD, "kell.example.org", ""},
	{12, "https://kell.example.org/deflate", pageE, "kell.example.org", ""},
	{15, "https://kell.example.org/stored-decoded", pageA, "kell.example.org", ""},
}

func checkCrawl(t *testing.T, name, path string, items []newsgraph.Item, want []wantItem) {
	t.Helper()
	checkInvariants(t, path, items, Options{})
	if len(items) != len(want) {
		t.Fatalf("Read(%s) = %d items %q, want %d", name, len(items), errs(items), len(want))
	}
	for i, w := range want {
		it := items[i]
		if it.Err != nil || it.Origin.Record != w.record || it.Origin.URL != w.url || !bytes.Equal(it.Raw, w.raw) ||
			it.Format != newsgraph.FormatHTML || it.Site != w.site || it.Meta["charset"] != w.charset {
			t.Errorf("Read(%s) item %d = err %v record %d url %q site %q charset %q format %q raw %q\nwant record %d url %q site %q charset %q raw %q",
				name, i, it.Err, it.Origin.Record, it.Origin.URL, it.Site, it.Meta["charset"], it.Format, clip(it.Raw, 50),
				w.record, w.url, w.site, w.charset, clip(w.raw, 50))
		}
		wantCaptured := fmt.Sprintf("2024-03-05T10:%02d:00Z", w.record)
		if it.Meta["captured"] != wantCaptured || !it.Published.IsZero() {
			t.Errorf("Read(%s) item %d Meta[captured] = %q, Published %v; want %q and no publication date", name, i, it.Meta["captured"], it.Published, wantCaptured)
		}
		if !strings.Contains(it.Meta["warc_record_id"], fmt.Sprintf("%012d", w.record)) {
			t.Errorf("Read(%s) item %d Meta[warc_record_id] = %q, want record %d's", name, i, it.Meta["warc_record_id"], w.record)
		}
	}
}

func TestReadWARC(t *testing.T) {
	plain, multi, single, _ := buildWARC(t, crawl(t))
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"crawl.warc", plain},
		{"crawl.warc.gz", multi},
		{"single.warc.gz", single},
		{"noext", multi},
		{"crawl.dat", plain},
	} {
		items, path, err := readFile(t, tt.name, tt.data, Options{})
		if err != nil {
			t.Fatalf("Read(%s) error = %v", tt.name, err)
		}
		checkCrawl(t, tt.name, path, items, wantCrawl)
	}
	items, err := readAll(t, Input{Path: "-"}, multi, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkCrawl(t, "stdin", "-", items, wantCrawl)
}

// TestReadWARCTruncated cuts the crawl inside record 7, compressed and not: the article of record 3 is
// delivered, then one Err item names record 7.
func TestReadWARCTruncated(t *testing.T) {
	plain, multi, single, members := buildWARC(t, crawl(t))
	cutPlain := bytes.Index(plain, []byte("WARC-Target-URI: https://www.markt")) + 200
	tests := []struct {
		name string
		data []byte
	}{
		{"cut-in-member.warc.gz", multi[:members[6]+(members[7]-members[6])/2]},
		{"cut-in-member-header.warc.gz", multi[:members[6]+5]},
		{"cut-in-block.warc", plain[:cutPlain]},
		{"cut-in-header.warc", plain[:bytes.Index(plain, []byte("WARC-Target-URI: https://www.markt"))+10]},
		{"cut-single.warc.gz", single[:len(single)*45/100]},
	}
	for _, tt := range tests {
		items, path, err := readFile(t, tt.name, tt.data, Options{})
		if err != nil {
			t.Errorf("Read(%s) error = %v, want nil", tt.name, err)
			continue
		}
		checkInvariants(t, path, items, Options{})
		if len(items) < 2 {
			t.Errorf("Read(%s) = %q, want the records before the cut and an Err item", tt.name, errs(items))
			continue
		}
		last := items[len(items)-1]
		for _, it := range items[:len(items)-1] {
			if it.Err != nil {
				t.Errorf("Read(%s) item record %d Err = %v, want only the last item to fail", tt.name, it.Origin.Record, it.Err)
			}
		}
		if !errors.Is(last.Err, io.ErrUnexpectedEOF) || !strings.Contains(last.Err.Error(), "truncated") {
			t.Errorf("Read(%s) last Err = %v, want a truncation", tt.name, last.Err)
		}
		if tt.name != "cut-single.warc.gz" {
			want := fmt.Sprintf("%s record 7: truncated: unexpected EOF", path)
			if len(items) != 2 || string(items[0].Raw) != string(pageA) || last.Err == nil || last.Err.Error() != "read "+want {
				t.Errorf("Read(%s) = %q, want record 3 then %q", tt.name, errs(items), "read "+want)
			}
		}
	}
}

func TestReadWARCBadRecords(t *testing.T) {
	big := append([]byte("<html><body>"), bytes.Repeat([]byte("<p>Long.</p>"), 200)...)
	recs := crawl(t)
	recs[3] = response("https://kell.example.org/big", "200 OK", []string{"Content-Type: text/html"}, big) // record 4
	recs[4] = response("https://kell.example.org/br", "200 OK", []string{"Content-Type: text/html", "Content-Encoding: br"}, []byte("\x1b\x00"))
	recs[5] = response("https://kell.example.org/broken", "200 OK", []string{"Content-Type: text/html", "Content-Encoding: gzip"}, []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 1, 2, 3})
	recs[7] = response("https://kell.example.org/empty", "200 OK", []string{"Content-Type: text/html"}, []byte(" \n"))
	recs[10] = warcRec{typ: "response", uri: "https://kell.example.org/nohttp", ctype: "application/http; msgtype=response", block: []byte("<html>no status line</html>")}
	plain, _, _, _ := buildWARC(t, recs)
	// Break record 13's header: the reader reports it and finds record 14.
	plain = bytes.Replace(plain, []byte("WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000013>"),
		[]byte("WARC/1.1\r\nWARC-Type: resource\r\nthis line has no colon\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000013>"), 1)
	// Break record 2's Content-Length.
	i := bytes.Index(plain, []byte("msgtype=request\r\nContent-Length: ")) + len("msgtype=request\r\nContent-Length: ")
	j := i + bytes.IndexByte(plain[i:], '\r')
	plain = append(plain[:i:i], append([]byte("forty"), plain[j:]...)...)

	opts := Options{MaxSize: 1000}
	items, path, err := readFile(t, "bad.warc", plain, opts)
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, path, items, opts)
	wants := []struct {
		record int
		err    string // "" for an article
		is     error
	}{
		{2, `record 2: malformed: missing or bad Content-Length "forty"`, nil},
		{3, "", nil},
		{4, "record 4: HTML payload of more than 1000 bytes", newsgraph.ErrTooLarge},
		{5, `record 5: unsupported Content-Encoding "br"`, nil},
		{6, "record 6: Content-Encoding gzip", nil},
		{7, "", nil},
		{8, "record 8: HTML payload of https://kell.example.org/empty: no text", newsgraph.ErrEmpty},
		{9, "", nil},
		{10, "", nil},
		{11, `record 11: HTTP response: malformed: bad status line "<html>no status line</html>"`, nil},
		{12, "", nil},
		{13, `record 13: malformed: header line without a name: "this line has no colon"`, nil},
		{15, "", nil},
	}
	if len(items) != len(wants) {
		t.Fatalf("Read(bad.warc) = %d items %q, want %d", len(items), errs(items), len(wants))
	}
	for i, w := range wants {
		it := items[i]
		if it.Origin.Record != w.record {
			t.Errorf("Read(bad.warc) item %d record = %d, want %d", i, it.Origin.Record, w.record)
		}
		if w.err == "" {
			if it.Err != nil {
				t.Errorf("Read(bad.warc) record %d Err = %v, want an article", w.record, it.Err)
			}
			continue
		}
		if it.Err == nil || !strings.Contains(it.Err.Error(), path+" "+w.err) || (w.is != nil && !errors.Is(it.Err, w.is)) {
			t.Errorf("Read(bad.warc) record %d Err = %v, want %q (errors.Is %v)", w.record, it.Err, w.err, w.is)
		}
	}
}

func TestReadWARCNotWARC(t *testing.T) {
	items, path, err := readFile(t, "notes.warc", []byte("these are notes, not a crawl\nsecond line\n"), Options{})
	if err != nil || len(items) != 1 || items[0].Err == nil || !strings.Contains(items[0].Err.Error(), path+" record 1: malformed: not a WARC record") {
		t.Errorf("Read(notes.warc) = %q, %v; want one Err item for record 1", errs(items), err)
	}
}

func TestDechunk(t *testing.T) {
	tests := []struct{ in, want string }{
		{"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "hello world"},
		{"5;ext=1\r\nhello\r\n0\r\n", "hello"},
		{"5\nhello\n0\n", "hello"},
		{"<html>not chunked</html>", "<html>not chunked</html>"},
		{"a\r\nhello", "hello"}, // cut short
		{"5\r\nhello\r\nzz\r\n", "hello"},
		{"0\r\n\r\n", ""},
	}
	for _, tt := range tests {
		if got := string(dechunk([]byte(tt.in))); got != tt.want {
			t.Errorf("dechunk(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseContentType(t *testing.T) {
	tests := []struct{ in, media, charset string }{
		{"text/html; charset=UTF-8", "text/html", "utf-8"},
		{`Text/HTML;Charset="windows-1251"`, "text/html", "windows-1251"},
		{"application/xhtml+xml", "application/xhtml+xml", ""},
		{"", "", ""},
		{"text/html; charset", "text/html", ""},
	}
	for _, tt := range tests {
		if m, c := parseContentType(tt.in); m != tt.media || c != tt.charset {
			t.Errorf("parseContentType(%q) = %q, %q; want %q, %q", tt.in, m, c, tt.media, tt.charset)
		}
	}
}

// benchCrawl builds a WARC of n records: a request and an HTML response per page, alternating.
func benchCrawl(b *testing.B, n int) (plain, multi []byte) {
	body := bytes.Repeat([]byte("<p>The harbour council of Port Elna met again to discuss the ferry timetable.</p>\n"), 60)
	var recs []warcRec
	for i := range n {
		uri := fmt.Sprintf("https://herald.example.org/story/%d", i)
		if i%2 == 0 {
			recs = append(recs, warcRec{typ: "request", uri: uri, ctype: "application/http; msgtype=request", block: []byte("GET / HTTP/1.1\r\n\r\n")})
			continue
		}
		recs = append(recs, response(uri, "200 OK", []string{"Content-Type: text/html; charset=utf-8"}, append([]byte("<html><body>"), body...)))
	}
	plain, multi, _, _ = buildWARC(b, recs)
	return plain, multi
}

// BenchmarkReadWARC reads a generated crawl of 1000 records (500 requests, 500 HTML pages of 5 KB), uncompressed
// and as one gzip member per record; MB/s is of the uncompressed WARC in both cases.
func BenchmarkReadWARC(b *testing.B) {
	plain, multi := benchCrawl(b, 1000)
	for _, bb := range []struct {
		name string
		data []byte
	}{{"warc", plain}, {"warc.gz", multi}} {
		b.Run(bb.name, func(b *testing.B) {
			b.SetBytes(int64(len(plain)))
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				items, err := readMem("crawl."+bb.name, bb.data, Options{})
				for _, it := range items {
					if it.Err == nil {
						n++
					}
				}
				if err != nil || n != 500 {
					b.Fatalf("read %d articles, %v; want 500", n, err)
				}
			}
		})
	}
}
