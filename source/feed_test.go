package source

import (
	"errors"
	"strings"
	"testing"
	"time"

	"newsgraph"
)

const rss2 = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Elna Herald</title>
  <link>https://herald.example.org/</link>
  <language>en-gb</language>
  <item>
    <title>Ferry hours extended</title>
    <link>https://herald.example.org/ferry</link>
    <guid>herald-101</guid>
    <pubDate>Tue, 05 Mar 2024 09:30:00 +0000</pubDate>
    <dc:creator>Mara Okonjo</dc:creator>
    <category>Transport</category><category>Council</category>
    <description>Short summary.</description>
    <content:encoded><![CDATA[<p>The harbour council voted on <b>Tuesday</b>.</p>]]></content:encoded>
  </item>
  <item>
    <title>Bridge reopens</title>
    <link>https://herald.example.org/bridge</link>
    <description>&lt;p&gt;Only a description here.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Headline only</title>
    <link>https://herald.example.org/empty</link>
  </item>
  <item>
    <title>Odd date</title>
    <pubDate>the day after the storm</pubDate>
    <description>Storm story.</description>
  </item>
</channel>
</rss>
`

const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Coast Wire</title>
  <author><name>Wire Desk</name></author>
  <updated>2024-03-07T12:00:00Z</updated>
  <entry>
    <title>Lighthouse sold</title>
    <link href="https://wire.example.org/lighthouse"/>
    <id>urn:uuid:0b1d5e52-6a0c-4c7e-9a42-6b7e2d1f0a11</id>
    <updated>2024-03-07T11:00:00Z</updated>
    <summary>Summary only.</summary>
    <content type="html">&lt;p&gt;The old lighthouse was sold at auction.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Harbour dredged</title>
    <link href="https://wire.example.org/dredge"/>
    <id>urn:uuid:5c0f8a2e-1111-4f3e-8c1a-0d9e2b7c3a22</id>
    <published>2024-03-06T08:00:00+01:00</published>
    <author><name>Ines Varga</name></author>
    <summary>Dredging began on Wednesday.</summary>
  </entry>
</feed>
`

const rss1 = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.example.org/">
    <title>Old Gazette</title>
    <link>https://old.example.org/</link>
    <description>An RSS 1.0 feed</description>
  </channel>
  <item rdf:about="https://old.example.org/mill">
    <title>Mill closes</title>
    <link>https://old.example.org/mill</link>
    <description>The paper mill closed after ninety years.</description>
    <dc:date>2003-05-01</dc:date>
  </item>
</rdf:RDF>
`

func TestReadFeed(t *testing.T) {
	type want struct {
		record    int
		err       string
		raw       string
		url       string
		title     string
		author    string
		site      string
		published time.Time
	}
	tests := []struct {
		name  string
		data  string
		wants []want
	}{
		{"herald.rss", rss2, []want{
			{record: 1, raw: "<p>The harbour council voted on <b>Tuesday</b>.</p>", url: "https://herald.example.org/ferry",
				title: "Ferry hours extended", author: "Mara Okonjo", site: "Elna Herald", published: time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC)},
			{record: 2, raw: "<p>Only a description here.</p>", url: "https://herald.example.org/bridge", title: "Bridge reopens", site: "Elna Herald"},
			{record: 3, err: `item 3: entry "Headline only" has neither content nor description`},
			{record: 4, raw: "Storm story.", title: "Odd date", site: "Elna Herald"},
		}},
		{"wire.xml", atom, []want{
			{record: 1, raw: "<p>The old lighthouse was sold at auction.</p>", url: "https://wire.example.org/lighthouse",
				title: "Lighthouse sold", author: "Wire Desk", site: "Coast Wire", published: time.Date(2024, 3, 7, 11, 0, 0, 0, time.UTC)},
			{record: 2, raw: "Dredging began on Wednesday.", url: "https://wire.example.org/dredge",
				title: "Harbour dredged", author: "Ines Varga", site: "Coast Wire", published: time.Date(2024, 3, 6, 7, 0, 0, 0, time.UTC)},
		}},
		{"gazette.rdf", rss1, []want{
			{record: 1, raw: "The paper mill closed after ninety years.", url: "https://old.example.org/mill",
				title: "Mill closes", site: "Old Gazette", published: time.Date(2003, 5, 1, 0, 0, 0, 0, time.UTC)},
		}},
		{"noext", rss2, nil}, // sniffed: checked below for the count only
	}
	for _, tt := range tests {
		items, path, err := readFile(t, tt.name, []byte(tt.data), Options{})
		if err != nil {
			t.Errorf("Read(%s) error = %v", tt.name, err)
			continue
		}
		checkInvariants(t, path, items, Options{})
		if tt.wants == nil {
			if len(items) != 4 {
				t.Errorf("Read(%s, an RSS feed without extension) = %d items, want 4", tt.name, len(items))
			}
			continue
		}
		if len(items) != len(tt.wants) {
			t.Errorf("Read(%s) = %d items %q, want %d", tt.name, len(items), errs(items), len(tt.wants))
			continue
		}
		for i, w := range tt.wants {
			it := items[i]
			if w.err != "" {
				if it.Err == nil || !strings.Contains(it.Err.Error(), path+" "+w.err) || it.Origin.Record != w.record {
					t.Errorf("Read(%s) item %d Err = %v, record %d; want %q, record %d", tt.name, i, it.Err, it.Origin.Record, w.err, w.record)
				}
				continue
			}
			got := want{record: it.Origin.Record, raw: string(it.Raw), url: it.Origin.URL, title: it.Title,
				author: it.Author, site: it.Site, published: it.Published}
			if it.Err != nil || it.Format != newsgraph.FormatHTML || got.record != w.record || got.raw != w.raw ||
				got.url != w.url || got.title != w.title || got.author != w.author || got.site != w.site || !got.published.Equal(w.published) {
				t.Errorf("Read(%s) item %d = %v %q %+v\nwant %+v", tt.name, i, it.Err, it.Format, got, w)
			}
		}
	}
}

func TestReadFeedMeta(t *testing.T) {
	items, _, err := readFile(t, "herald.rss", []byte(rss2), Options{})
	if err != nil || len(items) != 4 {
		t.Fatalf("Read(herald.rss) = %q, %v", errs(items), err)
	}
	if got := items[0].Meta["categories"]; got != `["Transport","Council"]` {
		t.Errorf("item 1 Meta[categories] = %q, want %q", got, `["Transport","Council"]`)
	}
	if got := items[0].Meta["guid"]; got != "herald-101" {
		t.Errorf("item 1 Meta[guid] = %q, want herald-101", got)
	}
	if got := items[0].Language; got != "en-gb" {
		t.Errorf("item 1 Language = %q, want en-gb", got)
	}
	if got := items[3].Meta["published_raw"]; got != "the day after the storm" || !items[3].Published.IsZero() {
		t.Errorf("item 4 published %v, Meta[published_raw] = %q; want no date and the raw string", items[3].Published, got)
	}
}

func TestReadFeedBad(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		opts    Options
		wantErr error
		wantMsg string
	}{
		{"notxml.rss", "this is not XML, just words", Options{}, nil, "not an RSS, RDF or Atom feed"},
		{"cut.xml", rss2[:len(rss2)/2], Options{}, nil, "parse feed"},
		{"broken.xml", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">\n<channel>\n<item <title>A</title></item>\n</channel></rss>", Options{}, nil, "line 4"},
		{"other.xml", `<?xml version="1.0"?><catalogue><book/></catalogue>`, Options{}, nil, "not an RSS, RDF or Atom feed"},
		{"none.rss", `<rss version="2.0"><channel><title>Quiet</title></channel></rss>`, Options{}, newsgraph.ErrEmpty, "no entries"},
		{"big.rss", rss2, Options{MaxSize: 64}, newsgraph.ErrTooLarge, "more than 1024"},
	}
	for _, tt := range tests {
		items, path, err := readFile(t, tt.name, []byte(tt.data), tt.opts)
		if err != nil {
			t.Errorf("Read(%s) error = %v, want nil", tt.name, err)
		}
		if len(items) != 1 || items[0].Err == nil {
			t.Errorf("Read(%s) = %q, want one Err item", tt.name, errs(items))
			continue
		}
		e := items[0].Err
		if (tt.wantErr != nil && !errors.Is(e, tt.wantErr)) || !strings.Contains(e.Error(), tt.wantMsg) || !strings.Contains(e.Error(), path) {
			t.Errorf("Read(%s) Err = %q, want errors.Is %v, containing %q and the path", tt.name, e, tt.wantErr, tt.wantMsg)
		}
	}

	// An entry over MaxSize is refused on its own.
	opts := Options{MaxSize: 150}
	feed := `<rss version="2.0"><channel><title>T</title>
<item><title>Long</title><description>` + strings.Repeat("long ", 40) + `</description></item>
<item><title>Short</title><description>short</description></item></channel></rss>`
	items, _, err := readFile(t, "long.rss", []byte(feed), opts)
	if err != nil || len(items) != 2 || !errors.Is(items[0].Err, newsgraph.ErrTooLarge) || !strings.Contains(items[0].Err.Error(), "item 1") || string(items[1].Raw) != "short" {
		t.Errorf("Read(long.rss, MaxSize 150) = %q, %v; want item 1 ErrTooLarge, item 2 read", errs(items), err)
	}
}
