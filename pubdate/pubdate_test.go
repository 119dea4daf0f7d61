package pubdate

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

func TestFromText(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string // date as YYYY-MM-DD, "" when none is found
		line string // the text Start:End spans; "" for a dateline (Start == End == 0)
	}{
		{"date prefix", " date 2024-12-07 \n\n\nRussian Foreign Minister Sergei Lavrov said Saturday...", "2024-12-07", " date 2024-12-07 \n"},
		{"after title", "Putin to hold talks\n\nNovember 22, 2017 | By | Reply More\n\nIn a lengthy phone call...", "2017-11-22", "November 22, 2017 | By | Reply More\n"},
		{"published with time", "Title\nPublished: 07/12/2024 14:05\nBody text.", "2024-12-07", "Published: 07/12/2024 14:05\n"},
		{"posted by author", "Title\r\nPosted on 7 December 2024 by Jane Q. Doe\r\nBody.", "2024-12-07", "Posted on 7 December 2024 by Jane Q. Doe\r\n"},
		{"german", "Titel\nVeröffentlicht am 7. Dezember 2024, 09:30 Uhr\nText.", "2024-12-07", "Veröffentlicht am 7. Dezember 2024, 09:30 Uhr\n"},
		{"byline fields", "Title\n\nContinental Press Agency | World | February 18, 2025\n\nBody text here.", "2025-02-18", "Continental Press Agency | World | February 18, 2025\n"},
		{"fields with a sentence", "Title\n\nThe talks went on | a long day. | February 18, 2025\n\nBody.", "", ""},
		{"polish", "Tytuł\nData publikacji: 7 grudnia 2024 r.\nTekst.", "2024-12-07", "Data publikacji: 7 grudnia 2024 r.\n"},
		{"weekday", "Saturday, December 7, 2024\nText.", "2024-12-07", "Saturday, December 7, 2024\n"},
		{"place and date", "Doha, 7 December 2024\nText.", "2024-12-07", "Doha, 7 December 2024\n"},
		{"last line without newline", "Title\n2024-12-07", "2024-12-07", "2024-12-07"},
		{"dateline", "Lavrov warns\n\nMOSCOW, Dec. 7, 2024 (Reuters) - Russia's foreign minister said...", "2024-12-07", ""},
		{"dateline agency first", "BERLIN (dpa), 7. Dezember 2024 - Die Regierung hat...", "2024-12-07", ""},
		// Negatives.
		{"sentence with a year", "The 2015 resolution was adopted.\nText.", "", ""},
		{"sentence with a date", "On 7 December 2024 the minister said that talks would go on.\nText.", "", ""},
		{"headline with a date", "Putin visits Sochi on 7 December 2024 for talks\nText.", "", ""},
		{"yearless dateline", "MOSCOW, Dec 7 (Reuters) - Russia said...", "", ""},
		{"too deep", "a\nb\nc\nd\ne\nf\n7 December 2024\n", "", ""},
		{"future", "Title\n7 December 2031\nText.", "", ""},
		{"empty", "", "", ""},
		{"only blank lines", "\n\n  \n", "", ""},
	}
	for _, tt := range tests {
		got, ok := fromText(tt.text, testNow)
		day := ""
		if ok {
			day = got.Time.Format(time.DateOnly)
		}
		if day != tt.want {
			t.Errorf("%s: FromText(%q) = %q (ok %v), want %q", tt.name, tt.text, day, ok, tt.want)
			continue
		}
		if !ok {
			if got != (TextLine{}) {
				t.Errorf("%s: FromText(%q) = %+v with ok false, want the zero TextLine", tt.name, tt.text, got)
			}
			continue
		}
		if got.Start < 0 || got.End > len(tt.text) || got.Start > got.End {
			t.Errorf("%s: FromText(%q) range [%d,%d) outside the text", tt.name, tt.text, got.Start, got.End)
			continue
		}
		if span := tt.text[got.Start:got.End]; span != tt.line {
			t.Errorf("%s: FromText(%q) spans %q, want %q", tt.name, tt.text, span, tt.line)
		}
		if got.Precision != precisionDay && got.Precision != precisionSecond || got.Source == "" {
			t.Errorf("%s: FromText(%q) precision %q source %q", tt.name, tt.text, got.Precision, got.Source)
		}
	}
}

func TestFromTextSeconds(t *testing.T) {
	got, ok := fromText("Title\nPublished 2024-12-07T23:30:00-05:00\nText", testNow)
	if !ok || got.Precision != precisionSecond {
		t.Fatalf("FromText = %+v, %v, want a time to the second", got, ok)
	}
	if want := time.Date(2024, 12, 8, 4, 30, 0, 0, time.UTC); !got.Time.Equal(want) {
		t.Errorf("FromText instant = %v, want %v", got.Time.UTC(), want)
	}
	if day := got.Time.Format(time.DateOnly); day != "2024-12-07" {
		t.Errorf("FromText local day = %s, want 2024-12-07 (as written)", day)
	}
}

// htmlDoc builds an HTML page from a head and a body.
func htmlDoc(head, body string) string {
	return "<!DOCTYPE html><html lang=\"en\"><head><title>T</title>" + head + "</head><body>" + body + "</body></html>"
}

func TestFromHTML(t *testing.T) {
	const article = `<article><h1>Talks in Doha</h1><p>Text of the article, long enough to be one.</p></article>`
	tests := []struct {
		name      string
		doc       string
		url       string
		want      string // local day, "" for none
		precision string
		source    string // prefix of Source
	}{
		{"published_time with offset",
			htmlDoc(`<meta property="article:published_time" content="2024-12-07T23:30:00-05:00">`, article),
			"", "2024-12-07", precisionSecond, "meta:article:published_time"},
		{"published beats modified",
			htmlDoc(`<meta property="article:modified_time" content="2024-12-09T10:00:00Z"><meta property="article:published_time" content="2024-12-07T10:00:00Z">`, article),
			"", "2024-12-07", precisionSecond, "meta:article:published_time"},
		{"json-ld article",
			htmlDoc(`<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage","datePublished":"2020-01-01"},{"@type":"NewsArticle","datePublished":"2024-12-07T08:00:00+01:00","dateModified":"2024-12-08"}]}</script>`, article),
			"", "2024-12-07", precisionSecond, "json-ld:NewsArticle"},
		{"broken json-ld",
			htmlDoc(`<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-12-07",}</script>`, article),
			"", "2024-12-07", precisionDay, "json-ld"},
		{"sailthru", htmlDoc(`<meta name="sailthru.date" content="2024-12-07 08:00:00">`, article), "", "2024-12-07", precisionDay, "meta:sailthru.date"},
		{"itemprop", htmlDoc("", `<article><h1>T</h1><span itemprop="datePublished" content="2024-12-07">7 Dec</span></article>`), "", "2024-12-07", precisionDay, "itemprop"},
		{"time pubdate", htmlDoc("", `<article><h1>T</h1><time pubdate datetime="2024-12-07T09:00:00+01:00">7 Dec</time></article>`), "", "2024-12-07", precisionSecond, "time"},
		{"url", htmlDoc("", article), "https://example.com/2024/12/07/talks-in-doha/", "2024-12-07", precisionDay, "url"},
		{"url takes the time of the same day",
			htmlDoc(`<meta property="article:published_time" content="2024-12-07T09:00:00+01:00">`, article),
			"https://example.com/2024/12/07/talks/", "2024-12-07", precisionSecond, "url"},
		{"canonical url", htmlDoc(`<link rel="canonical" href="https://example.com/2024/12/07/x">`, article), "", "2024-12-07", precisionDay, "url"},
		{"written near the headline, german",
			htmlDoc("", `<article><div class="meta">Von Anna Muster | 7. Dezember 2024</div><h1>Titel</h1><p>Text.</p></article>`),
			"", "2024-12-07", precisionDay, "text"},
		{"written near the headline, polish",
			htmlDoc("", `<article><h1>Tytuł</h1><p class="data">7 grudnia 2024</p><p>Tekst.</p></article>`),
			"", "2024-12-07", precisionDay, "text"},
		{"shown date, corroborated by modified time",
			htmlDoc(`<meta property="article:published_time" content="2020-01-01T10:00:00Z"><meta property="article:modified_time" content="2024-12-07T10:00:00Z">`,
				`<article><h1>T</h1><div class="date">7 December 2024</div></article>`),
			"", "2024-12-07", precisionDay, "text"},
		{"shown date not corroborated: metadata wins",
			htmlDoc(`<meta property="article:published_time" content="2024-12-07T10:00:00Z">`,
				`<article><h1>T</h1><div class="date">1 January 2020</div></article>`),
			"", "2024-12-07", precisionSecond, "meta"},
		{"UTC timestamp shifted to the publisher's day",
			htmlDoc(`<meta property="article:published_time" content="2024-12-08T03:30:00Z">`,
				`<article><h1>T</h1><p>December 7, 2024 at 10:30 p.m.</p><p>Text.</p></article>`),
			"", "2024-12-07", precisionDay, "text"},
		{"comment dates ignored",
			htmlDoc("", `<h1>T</h1><div class="comments"><p class="date">8 December 2024</p></div><div class="byline">7 December 2024</div>`),
			"", "2024-12-07", precisionDay, "text:byline"},
		{"copyright year is no date",
			htmlDoc("", `<h1>T</h1><p>Text.</p><footer>© 2024 Example</footer>`), "", "", "", ""},
		{"future date ignored",
			htmlDoc(`<meta property="article:published_time" content="2031-01-01T00:00:00Z">`, `<h1>T</h1><p>Text.</p>`), "", "", "", ""},
		{"nothing", htmlDoc("", `<h1>T</h1><p>No date here.</p>`), "", "", "", ""},
		{"empty", "", "", "", "", ""},
	}
	for _, tt := range tests {
		root, err := html.Parse(strings.NewReader(tt.doc))
		if err != nil {
			t.Fatal(err)
		}
		got := fromHTML(root, tt.url, testNow)
		day := ""
		if !got.Time.IsZero() {
			day = got.Time.Format(time.DateOnly)
		}
		if day != tt.want || got.Precision != tt.precision || !strings.HasPrefix(got.Source, tt.source) {
			t.Errorf("%s: FromHTML(%q, %q) = %s %q %q, want %s %q %q", tt.name, tt.doc, tt.url,
				day, got.Precision, got.Source, tt.want, tt.precision, tt.source+"...")
		}
		if got.Time.IsZero() != (got.Precision == "") || got.Time.After(testNow) {
			t.Errorf("%s: FromHTML = %+v: zero time must go with empty precision, and never after now", tt.name, got)
		}
	}
}

func TestFromHTMLInstant(t *testing.T) {
	doc := htmlDoc(`<meta property="article:published_time" content="2024-12-07T23:30:00-05:00">`, `<h1>T</h1>`)
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	got := fromHTML(root, "", testNow)
	if want := time.Date(2024, 12, 8, 4, 30, 0, 0, time.UTC); !got.Time.Equal(want) {
		t.Errorf("FromHTML instant = %v, want %v", got.Time.UTC(), want)
	}
	if _, off := got.Time.Zone(); off != -5*3600 {
		t.Errorf("FromHTML offset = %d, want -18000 (as written)", off)
	}
}

func TestFromHTMLNil(t *testing.T) {
	if got := FromHTML(nil, "https://example.com/2024/12/07/x"); got != (Result{}) {
		t.Errorf("FromHTML(nil) = %+v, want zero", got)
	}
}

// TestFromHTMLLeavesTree checks that FromHTML does not modify the tree: the caller parses once and
// extracts the text from the same tree.
func TestFromHTMLLeavesTree(t *testing.T) {
	doc := htmlDoc(`<meta name="x" content="y">`, `<h1>T</h1><div class="comments"><p>7 December 2024</p></div><script>var x;</script><p>Text.</p>`)
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var before, after strings.Builder
	html.Render(&before, root)
	FromHTML(root, "")
	html.Render(&after, root)
	if before.String() != after.String() {
		t.Errorf("FromHTML changed the tree:\n%s\nto\n%s", before.String(), after.String())
	}
}
