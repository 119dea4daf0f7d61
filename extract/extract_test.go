package extract

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"

	"newsgraph"
)

// checkResult asserts the invariants every Result holds: valid UTF-8, spans sorted, inside Text, covering
// exactly the paragraphs separated by "\n\n".
func checkResult(t *testing.T, call string, res Result) {
	t.Helper()
	if !utf8.ValidString(res.Text) {
		t.Errorf("%s: Text is not valid UTF-8", call)
	}
	prev := -2
	for i, p := range res.Paragraphs {
		if p.Start < 0 || p.End > len(res.Text) || p.Start >= p.End {
			t.Fatalf("%s: paragraph %d span %v outside text of %d bytes", call, i, p, len(res.Text))
		}
		if p.Start != prev+2 {
			t.Errorf("%s: paragraph %d starts at %d, want %d (after the previous one and \"\\n\\n\")", call, i, p.Start, prev+2)
		}
		if i > 0 && res.Text[prev:p.Start] != "\n\n" {
			t.Errorf("%s: paragraphs %d and %d separated by %q", call, i-1, i, res.Text[prev:p.Start])
		}
		if strings.Contains(p.In(res.Text), "\n\n") {
			t.Errorf("%s: paragraph %d holds a blank line", call, i)
		}
		prev = p.End
	}
	if len(res.Paragraphs) > 0 && prev != len(res.Text) {
		t.Errorf("%s: last paragraph ends at %d, text at %d", call, prev, len(res.Text))
	}
	if res.Published.IsZero() != (res.PublishedPrecision == "") {
		t.Errorf("%s: Published %v with precision %q", call, res.Published, res.PublishedPrecision)
	}
}

func TestHTMLGeneratedPage(t *testing.T) {
	page := generatedPage(8)
	res, err := New(Options{}).HTML([]byte(page), "https://news.example.com/world/doha?utm=x")
	call := "HTML(generatedPage(8))"
	if err != nil {
		t.Fatalf("%s: %v", call, err)
	}
	checkResult(t, call, res)
	want := map[string][2]string{
		"Title":    {res.Title, "Ministers meet in Doha"},
		"Site":     {res.Site, "Example News"},
		"URL":      {res.URL, "https://news.example.com/2024/12/07/doha"},
		"Language": {res.Language, "en"},
		"Date":     {res.Published.Format("2006-01-02"), "2024-12-07"},
	}
	for field, v := range want {
		if v[0] != v[1] {
			t.Errorf("%s: %s = %q, want %q", call, field, v[0], v[1])
		}
	}
	if len(res.Paragraphs) != 8 {
		t.Errorf("%s: %d paragraphs, want 8: %q", call, len(res.Paragraphs), res.Text)
	}
	for _, junk := range []string{"Ministers meet in Doha", "Tags:", "Home", "Other story", "Copyright", "Subscribe", "By Jane Doe"} {
		if strings.Contains(res.Text, junk) {
			t.Errorf("%s: text holds %q", call, junk)
		}
	}
}

func TestHTMLParagraphs(t *testing.T) {
	body := strings.Repeat("<p>Filler sentence so that the page has enough text to be extracted by the library. </p>", 3)
	tests := []struct {
		name, html string
		want       []string // paragraphs that must appear exactly
	}{
		{"inline joined", `<p>The <b>minister</b> said <em>no</em>, <a href="/x">reports</a> say.</p>`,
			[]string{"The minister said no, reports say."}},
		{"code keeps spaces", `<p>Run it in your <code>Dockerfile</code> to speed up builds of the project.</p>`,
			[]string{"Run it in your Dockerfile to speed up builds of the project."}},
		{"drop cap glued", `<p><b>T</b>he ministers met on Saturday in the capital for talks.</p>`,
			[]string{"The ministers met on Saturday in the capital for talks."}},
		{"list items", `<ul><li>First item of the list of points.</li><li>Second item of the list of points.</li></ul>`,
			[]string{"First item of the list of points.", "Second item of the list of points."}},
		{"table row", `<table><tr><td>Berlin</td><td>3.6 million inhabitants</td></tr></table>`,
			[]string{"Berlin 3.6 million inhabitants"}},
		{"br line break", `<p>First line of the address<br>Second line of the address</p>`,
			[]string{"First line of the address\nSecond line of the address"}},
		{"soft hyphen and nbsp", "<p>Klima\u00adwandel und 20\u00a0Grad in der Stadt heute am Mittag.</p>",
			[]string{"Klimawandel und 20 Grad in der Stadt heute am Mittag."}},
	}
	for _, tt := range tests {
		page := "<html><body><article><h1>Headline of the article</h1>" + tt.html + body + "</article></body></html>"
		res, err := New(Options{}).HTML([]byte(page), "")
		call := "HTML(" + tt.name + ")"
		if err != nil {
			t.Errorf("%s: %v", call, err)
			continue
		}
		checkResult(t, call, res)
		paras := map[string]bool{}
		for _, p := range res.Paragraphs {
			paras[p.In(res.Text)] = true
		}
		for _, w := range tt.want {
			if !paras[w] {
				t.Errorf("%s: no paragraph %q in %q", call, w, res.Text)
			}
		}
	}
}

func TestHTMLEmpty(t *testing.T) {
	for _, page := range []string{"", "<html></html>", "<html><body><nav><a href='/'>Home</a></nav></body></html>", "\x00\xff\xfe"} {
		_, err := New(Options{}).HTML([]byte(page), "")
		if !errors.Is(err, newsgraph.ErrEmpty) {
			t.Errorf("HTML(%q) error = %v, want ErrEmpty", page, err)
		}
	}
}

func TestDecodeHTML(t *testing.T) {
	sentence := "Zażółć gęślą jaźń – Übergrößenträger café"
	latin2, _ := charmap.ISO8859_2.NewEncoder().String("Zażółć gęślą jaźń")
	win1252, _ := charmap.Windows1252.NewEncoder().String("Übergrößenträger café – ok")
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("话剧约定无期限")
	longHead := "<html><head><script>" + strings.Repeat("var x = 1;\n", 200) + "</script>"
	tests := []struct {
		name, raw, want string
	}{
		{"utf-8 undeclared", "<p>" + sentence + "</p>", sentence},
		{"utf-8 declared latin1", `<meta charset="iso-8859-1"><p>` + sentence + "</p>", sentence},
		{"utf-8 bom", "\xef\xbb\xbf<p>" + sentence + "</p>", sentence},
		{"latin2 declared", `<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2"><p>` + latin2, "Zażółć gęślą jaźń"},
		{"windows-1252 after 1024 bytes", longHead + `<meta charset="windows-1252"></head><p>` + win1252, "Übergrößenträger café – ok"},
		{"script charset ignored", `<script src="a.js" charset="utf-8"></script><meta content="text/html; charset=gb2312" http-equiv="Content-Type"><p>` + gbk, "话剧约定无期限"},
		{"undeclared legacy", "<p>" + win1252 + "</p>", "Übergrößenträger café – ok"},
		{"utf-16 bom", "\xff\xfe<\x00p\x00>\x00\xe9\x00t\x00\xe9\x00", "<p>été"},
		{"mostly utf-8", "<p>" + sentence + " \xff " + sentence + sentence + sentence + "</p>", sentence},
	}
	for _, tt := range tests {
		got := decodeHTML([]byte(tt.raw))
		if !utf8.ValidString(got) {
			t.Errorf("decodeHTML(%s) is not valid UTF-8", tt.name)
		}
		if !strings.Contains(got, tt.want) {
			t.Errorf("decodeHTML(%s) = %q, want it to contain %q", tt.name, got, tt.want)
		}
	}
}

func TestCleanTitle(t *testing.T) {
	tests := []struct {
		title     string
		headlines []string
		site, url string
		want      string
	}{
		{"Ministers meet in Doha - Example News", nil, "Example News", "", "Ministers meet in Doha"},
		{"Ministers meet in Doha | EXAMPLE", nil, "", "https://www.example.com/a", "Ministers meet in Doha"},
		{"Example » Ministers meet in Doha", nil, "", "https://example.org/a", "Ministers meet in Doha"},
		{"Section - Ministers meet in Doha - Site", []string{"Ministers meet in Doha - Site"}, "", "", "Ministers meet in Doha - Site"},
		{"Putin - Erdogan talks - a summit in Sochi", nil, "Daily", "https://daily.example/x", "Putin - Erdogan talks - a summit in Sochi"},
		{"", []string{"Headline from h1"}, "", "", "Headline from h1"},
	}
	for _, tt := range tests {
		got := cleanTitle(tt.title, tt.headlines, tt.site, tt.url)
		if got != tt.want {
			t.Errorf("cleanTitle(%q, %q, %q, %q) = %q, want %q", tt.title, tt.headlines, tt.site, tt.url, got, tt.want)
		}
	}
}

func TestDeclaredLanguage(t *testing.T) {
	tests := []struct{ page, want string }{
		{`<html lang="de-AT"><body>x</body></html>`, "de"},
		{`<html><head><meta http-equiv="content-language" content="pl"></head></html>`, "pl"},
		{`<html><head><meta property="og:locale" content="fr_FR"></head></html>`, "fr"},
		{`<html lang="x-klingon"><body></body></html>`, ""},
		{`<html><body><div lang="en">x</div></body></html>`, ""},
	}
	for _, tt := range tests {
		if got := declaredLanguage(parse(t, tt.page)); got != tt.want {
			t.Errorf("declaredLanguage(%q) = %q, want %q", tt.page, got, tt.want)
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct{ text, declared, want string }{
		{"The foreign ministers met on Saturday and agreed that talks should begin soon between the parties.", "", "en"},
		{"Die Außenminister trafen sich am Samstag und vereinbarten, dass die Gespräche bald beginnen sollen.", "en", "de"},
		{"ok", "pl", "pl"},
		{"12 34 56", "", ""},
	}
	for _, tt := range tests {
		if got := detectLanguage(tt.text, tt.declared); got != tt.want {
			t.Errorf("detectLanguage(%q, %q) = %q, want %q", tt.text, tt.declared, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name, in string
		title    string
		paras    []string
	}{
		{"title and blank lines", "Ministers meet in Doha\n\nThe ministers met on Saturday.\nThey talked.  \n\nTalks will follow.\n",
			"Ministers meet in Doha", []string{"The ministers met on Saturday.\nThey talked.", "Talks will follow."}},
		{"title without blank line", "Ministers meet in Doha\nThe ministers met on Saturday.\nTalks will follow.",
			"Ministers meet in Doha", []string{"The ministers met on Saturday.", "Talks will follow."}},
		{"first line is a sentence", "The ministers met on Saturday.\nTalks will follow.",
			"", []string{"The ministers met on Saturday.", "Talks will follow."}},
		{"long first line", strings.Repeat("word ", 16) + "\nTalks will follow on Sunday.",
			"", []string{strings.TrimSpace(strings.Repeat("word ", 16)), "Talks will follow on Sunday."}},
		{"single paragraph", "Only one short line", "", []string{"Only one short line"}},
		{"crlf", "Headline here\r\n\r\nBody sentence one.\r\nBody two.\r\n", "Headline here", []string{"Body sentence one.\nBody two."}},
		{"bom and leading blanks", "\ufeff\n\n  Headline here\n\n  Indented body sentence.", "Headline here", []string{"Indented body sentence."}},
		{"date line removed", "Ministers meet in Doha\n\ndate 2024-12-07\n\nThe ministers met on Saturday.",
			"Ministers meet in Doha", []string{"The ministers met on Saturday."}},
	}
	for _, tt := range tests {
		res, err := New(Options{}).Text([]byte(tt.in))
		call := "Text(" + tt.name + ")"
		if err != nil {
			t.Errorf("%s: %v", call, err)
			continue
		}
		checkResult(t, call, res)
		if res.Title != tt.title {
			t.Errorf("%s: Title = %q, want %q", call, res.Title, tt.title)
		}
		var got []string
		for _, p := range res.Paragraphs {
			got = append(got, p.In(res.Text))
		}
		if strings.Join(got, "|") != strings.Join(tt.paras, "|") {
			t.Errorf("%s: paragraphs = %q, want %q", call, got, tt.paras)
		}
	}
}

func TestTextErrors(t *testing.T) {
	bad := []byte("first line\nsecond line\nthird \xff line\n")
	_, err := New(Options{}).Text(bad)
	if !errors.Is(err, ErrInvalidUTF8) || err.Error() != "invalid UTF-8 at line 3, byte 29" {
		t.Errorf("Text(%q) error = %v, want ErrInvalidUTF8 at line 3, byte 29", bad, err)
	}
	for _, in := range []string{"", "\n\n  \n", "\ufeff"} {
		if _, err := New(Options{}).Text([]byte(in)); !errors.Is(err, newsgraph.ErrEmpty) {
			t.Errorf("Text(%q) error = %v, want ErrEmpty", in, err)
		}
	}
}

// TestConcurrent runs one Extractor from several goroutines (go test -race checks the shared statistics).
func TestConcurrent(t *testing.T) {
	e := New(Options{})
	page := []byte(generatedPage(5))
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 3 {
				if _, err := e.HTML(page, "https://news.example.com/a"); err != nil {
					t.Errorf("goroutine %d: HTML: %v", i, err)
				}
				if _, err := e.Text([]byte("Title line\n\nBody sentence here.")); err != nil {
					t.Errorf("goroutine %d: Text: %v", i, err)
				}
			}
		}()
	}
	wg.Wait()
}

func TestHTMLDeeplyNested(t *testing.T) {
	article := "<article><h1>Headline</h1><p>" + content + "</p><p>" + content + " Again.</p></article>"
	page := "<html><body>" + strings.Repeat("<div><font>", 600) + article + "</body></html>"
	res, err := New(Options{}).HTML([]byte(page), "")
	call := "HTML(1200 nested elements)"
	if err != nil {
		t.Fatalf("%s: %v", call, err)
	}
	checkResult(t, call, res)
	if !strings.Contains(res.Text, content) {
		t.Errorf("%s: text %q lacks the article", call, res.Text)
	}
}

func TestBodyKeepsFirstLine(t *testing.T) {
	ex := New(Options{})
	raw := []byte("Short first line\n\nThe second paragraph says more about the talks in Valdor.\n")
	text, err := ex.Text(raw)
	if err != nil {
		t.Fatal(err)
	}
	body, err := ex.Body(raw)
	if err != nil {
		t.Fatal(err)
	}
	if text.Title != "Short first line" || strings.Contains(text.Text, "Short first line") {
		t.Errorf("Text(%q): title %q, text %q", raw, text.Title, text.Text)
	}
	if body.Title != "" || !strings.HasPrefix(body.Text, "Short first line") {
		t.Errorf("Body(%q): title %q, text %q; want no title and the first line kept", raw, body.Title, body.Text)
	}
}
