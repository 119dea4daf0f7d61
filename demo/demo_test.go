package demo

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"
	"golang.org/x/net/html"

	"newsgraph"
)

func TestFiles(t *testing.T) {
	files := Files()
	if len(files) == 0 {
		t.Fatal("Files() is empty")
	}
	if !slices.IsSorted(files) {
		t.Errorf("Files() = %q, not sorted", files)
	}
	for i := 1; i < len(files); i++ {
		if files[i] == files[i-1] {
			t.Errorf("Files() lists %q twice", files[i])
		}
	}
	if got, want := len(files), Expected().Files; got != want {
		t.Errorf("len(Files()) = %d, Expected().Files = %d", got, want)
	}
	files[0] = "mutated"
	if Files()[0] == "mutated" {
		t.Error("Files() returns a shared slice")
	}
}

func TestFilesReadable(t *testing.T) {
	for _, p := range Files() {
		b, err := fs.ReadFile(Corpus, p)
		if err != nil {
			t.Errorf("fs.ReadFile(Corpus, %q): %v", p, err)
			continue
		}
		if len(bytes.TrimSpace(b)) == 0 {
			t.Errorf("%s is empty", p)
		}
		if !utf8.Valid(b) {
			t.Errorf("%s is not valid UTF-8", p)
		}
		if bytes.IndexByte(b, 0) >= 0 {
			t.Errorf("%s holds a NUL byte", p)
		}
		switch path.Ext(p) {
		case ".txt", ".html", ".jsonl", ".xml":
		default:
			t.Errorf("%s: extension %q is none of .txt .html .jsonl .xml", p, path.Ext(p))
		}
	}
}

func TestExpectedPairs(t *testing.T) {
	e := Expected()
	files := Files()
	groups := map[string][][2]string{
		"Exact": e.Exact, "Syndicated": e.Syndicated, "Rewritten": e.Rewritten,
		"SameEvent": e.SameEvent, "Distinct": e.Distinct,
	}
	for name, pairs := range groups {
		if len(pairs) == 0 {
			t.Errorf("Expected().%s is empty", name)
		}
		for _, pair := range pairs {
			for _, p := range pair {
				if _, ok := slices.BinarySearch(files, p); !ok {
					t.Errorf("Expected().%s pair %q: %q is not in Files()", name, pair, p)
				}
			}
			if pair[0] >= pair[1] {
				t.Errorf("Expected().%s pair %q: not two different files in file order", name, pair)
			}
		}
	}
	if !slices.IsSorted(e.Languages) {
		t.Errorf("Expected().Languages = %q, not sorted", e.Languages)
	}
	first, err1 := time.Parse(time.DateOnly, e.First)
	last, err2 := time.Parse(time.DateOnly, e.Last)
	if err1 != nil || err2 != nil {
		t.Fatalf("Expected() First %q Last %q: %v %v", e.First, e.Last, err1, err2)
	}
	if span := last.Sub(first); span < 5*7*24*time.Hour || span > 7*7*24*time.Hour {
		t.Errorf("Expected() dates %s..%s span %v, want about six weeks", e.First, e.Last, span)
	}
}

func TestJSONL(t *testing.T) {
	known := []string{"url", "title", "text", "published", "source", "language"}
	n := 0
	for _, p := range filesWithExt(".jsonl") {
		b, _ := fs.ReadFile(Corpus, p)
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(nil, 1<<20)
		for line := 1; sc.Scan(); line++ {
			var rec map[string]any
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				t.Errorf("%s line %d: %v", p, line, err)
				continue
			}
			n++
			for _, k := range known {
				if s, _ := rec[k].(string); strings.TrimSpace(s) == "" {
					t.Errorf("%s line %d: field %q missing or not a non-empty string", p, line, k)
				}
			}
			if s, _ := rec["published"].(string); s != "" {
				if _, err := time.Parse(time.RFC3339, s); err != nil {
					t.Errorf("%s line %d: published: %v", p, line, err)
				}
			}
			if len(rec) <= len(known) {
				t.Errorf("%s line %d: fields %v, want one beyond %q", p, line, keys(rec), known)
			}
		}
		if err := sc.Err(); err != nil {
			t.Errorf("read %s: %v", p, err)
		}
	}
	if n != 2 {
		t.Errorf("JSONL files hold %d records, want 2", n)
	}
}

// rss is the part of an RSS 2.0 feed the tests look at.
type rss struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel struct {
		Title string    `xml:"title"`
		Items []rssItem `xml:"item"`
	} `xml:"channel"`
}

type rssItem struct {
	Title   string `xml:"title"`
	Link    string `xml:"link"`
	PubDate string `xml:"pubDate"`
	Content string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
}

func TestFeed(t *testing.T) {
	feeds := filesWithExt(".xml")
	if len(feeds) != 1 {
		t.Fatalf("feed files %q, want 1", feeds)
	}
	for _, p := range feeds {
		f := readFeed(t, p)
		if f.Version != "2.0" || f.Channel.Title == "" {
			t.Errorf("%s: version %q channel title %q, want an RSS 2.0 feed with a title", p, f.Version, f.Channel.Title)
		}
		if len(f.Channel.Items) != 2 {
			t.Errorf("%s: %d items, want 2", p, len(f.Channel.Items))
		}
		for i, it := range f.Channel.Items {
			if it.Title == "" || it.Link == "" || strings.TrimSpace(it.Content) == "" {
				t.Errorf("%s item %d: title %q link %q content %d bytes, want all three", p, i+1, it.Title, it.Link, len(it.Content))
			}
			if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil {
				t.Errorf("%s item %d: pubDate: %v", p, i+1, err)
			}
		}
	}
}

// TestArticles checks the sample as a whole: article count against Documents, dates against First and
// Last, languages against Languages, and article length.
func TestArticles(t *testing.T) {
	e := Expected()
	arts := readArticles(t)
	if got, want := len(arts)-len(e.Exact), e.Documents; got != want {
		t.Errorf("%d articles minus %d exact duplicates = %d, Expected().Documents = %d", len(arts), len(e.Exact), got, want)
	}

	dupCopy := map[string]bool{}
	for _, pair := range e.Exact {
		dupCopy[pair[1]] = true // the copy may leave its date to the other file
	}
	var dates []string
	langs := map[string]bool{}
	for _, a := range arts {
		if a.published.IsZero() {
			if !dupCopy[a.where] {
				t.Errorf("%s: no publication date found", a.where)
			}
		} else {
			dates = append(dates, a.published.Format(time.DateOnly))
		}
		info := whatlanggo.Detect(a.text)
		langs[info.Lang.Iso6391()] = true
		if words := len(strings.Fields(a.text)); words < 120 || words > 400 {
			t.Errorf("%s: %d words, want 120 to 400", a.where, words)
		}
	}
	if len(dates) > 0 {
		if first, last := slices.Min(dates), slices.Max(dates); first != e.First || last != e.Last {
			t.Errorf("publication dates run %s..%s, Expected() says %s..%s", first, last, e.First, e.Last)
		}
	}
	got := slices.Sorted(func(yield func(string) bool) {
		for l := range langs {
			if !yield(l) {
				return
			}
		}
	})
	if !slices.Equal(got, e.Languages) {
		t.Errorf("detected languages %q, Expected().Languages = %q", got, e.Languages)
	}
}

func TestExactDuplicates(t *testing.T) {
	arts := articlesByFile(t)
	for _, pair := range Expected().Exact {
		a, b := arts[pair[0]], arts[pair[1]]
		if a.title != b.title {
			t.Errorf("exact pair %q: titles %q and %q differ", pair, a.title, b.title)
		}
		if ida, idb := newsgraph.DocumentID(a.text), newsgraph.DocumentID(b.text); ida != idb {
			t.Errorf("exact pair %q: DocumentID %s != %s\n%s\n---\n%s", pair, ida, idb,
				newsgraph.NormalizeText(a.text), newsgraph.NormalizeText(b.text))
		}
	}
}

func TestSyndicated(t *testing.T) {
	arts := articlesByFile(t)
	for _, pair := range Expected().Syndicated {
		a, b := arts[pair[0]], arts[pair[1]]
		if newsgraph.DocumentID(a.text) == newsgraph.DocumentID(b.text) {
			t.Errorf("syndicated pair %q: same DocumentID, want near and not exact duplicates", pair)
		}
		pa, pb := paragraphs(a.text), paragraphs(b.text)
		shared := 0
		for _, p := range pb {
			if slices.Contains(pa, p) {
				shared++
			}
		}
		if min := min(len(pa), len(pb)); shared*10 < min*7 {
			t.Errorf("syndicated pair %q: %d of %d paragraphs shared, want at least 70%%", pair, shared, min)
		}
	}
}

func TestRewritten(t *testing.T) {
	arts := articlesByFile(t)
	number := regexp.MustCompile(`\b\d+(?:[.,]\d+)*\b`)
	for _, pair := range Expected().Rewritten {
		a, b := arts[pair[0]], arts[pair[1]]
		na, nb := newsgraph.NormalizeText(a.text), newsgraph.NormalizeText(b.text)
		if qa, qb := quotes(na), quotes(nb); len(qa) == 0 || !slices.Equal(qa, qb) {
			t.Errorf("rewritten pair %q: quotes differ\n%q\n%q", pair, qa, qb)
		}
		if xa, xb := number.FindAllString(na, -1), number.FindAllString(nb, -1); !slices.Equal(xa, xb) {
			t.Errorf("rewritten pair %q: numbers differ: %q vs %q", pair, xa, xb)
		}
		wa, wb := strings.Fields(na), strings.Fields(nb)
		changed := 0
		for i := range min(len(wa), len(wb)) {
			if wa[i] != wb[i] {
				changed++
			}
		}
		if changed*10 < len(wa) {
			t.Errorf("rewritten pair %q: %d of %d words differ by position, want at least 10%%", pair, changed, len(wa))
		}
	}
}

// article is one article of the sample as the tests read it: a crude stand-in for the real readers, enough
// to check the sample's own claims.
type article struct {
	where     string // file path, with ":n" for the n-th record of a container
	title     string
	text      string
	published time.Time // zero when none was found
}

func articlesByFile(t *testing.T) map[string]article {
	m := map[string]article{}
	for _, a := range readArticles(t) {
		m[a.where] = a
	}
	return m
}

func readArticles(t *testing.T) []article {
	t.Helper()
	var arts []article
	for _, p := range Files() {
		b, err := fs.ReadFile(Corpus, p)
		if err != nil {
			t.Fatal(err)
		}
		switch path.Ext(p) {
		case ".txt":
			arts = append(arts, readText(p, string(b)))
		case ".html":
			arts = append(arts, readHTML(t, p, b))
		case ".jsonl":
			for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
				var rec struct{ Title, Text, Published string }
				if err := json.Unmarshal([]byte(line), &rec); err != nil {
					t.Fatalf("%s line %d: %v", p, i+1, err)
				}
				pub, _ := time.Parse(time.RFC3339, rec.Published)
				arts = append(arts, article{where: fmt.Sprintf("%s:%d", p, i+1), title: rec.Title, text: rec.Text, published: pub})
			}
		case ".xml":
			for i, it := range readFeed(t, p).Channel.Items {
				pub, _ := time.Parse(time.RFC1123Z, it.PubDate)
				root, err := html.Parse(strings.NewReader(it.Content))
				if err != nil {
					t.Fatalf("%s item %d: %v", p, i+1, err)
				}
				arts = append(arts, article{where: fmt.Sprintf("%s:%d", p, i+1), title: it.Title,
					text: strings.Join(paragraphTexts(root), "\n\n"), published: pub})
			}
		}
	}
	return arts
}

// Header date lines of the text files: "date 2025-03-03", "March 10, 2025 | By ...", "Published: 18 March 2025".
var (
	isoLine   = regexp.MustCompile(`^date (\d{4}-\d{2}-\d{2})$`)
	monthDay  = regexp.MustCompile(`\b([A-Z][a-z]+ \d{1,2}, \d{4})\b`)
	dayMonth  = regexp.MustCompile(`\b(\d{1,2} [A-Z][a-z]+ \d{4})\b`)
	headerMax = 4 // lines after the title that may hold a date
)

func readText(p, s string) article {
	title, body, _ := strings.Cut(s, "\n")
	a := article{where: p, title: strings.TrimSpace(title)}
	lines := strings.Split(strings.TrimSpace(body), "\n")
	for i, line := range lines[:min(headerMax, len(lines))] {
		line = strings.TrimSpace(line)
		if m := isoLine.FindStringSubmatch(line); m != nil {
			a.published, _ = time.Parse(time.DateOnly, m[1])
		} else if m := monthDay.FindStringSubmatch(line); m != nil && len(line) < 80 {
			a.published, _ = time.Parse("January 2, 2006", m[1])
		} else if m := dayMonth.FindStringSubmatch(line); m != nil && len(line) < 80 {
			a.published, _ = time.Parse("2 January 2006", m[1])
		}
		if !a.published.IsZero() {
			lines = slices.Delete(lines, i, i+1) // the date line is metadata, not body
			break
		}
	}
	a.text = strings.TrimSpace(strings.Join(lines, "\n"))
	return a
}

// readHTML takes the title from og:title, the date from article:published_time and the text from the <p>
// elements of the <article> element, or of the element with id "story" when there is none.
func readHTML(t *testing.T, p string, b []byte) article {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("parse %s: %v", p, err)
	}
	a := article{where: p}
	var body *html.Node
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch {
		case n.Data == "meta" && attr(n, "property") == "og:title":
			a.title = attr(n, "content")
		case n.Data == "meta" && attr(n, "property") == "article:published_time":
			a.published, err = time.Parse(time.RFC3339, attr(n, "content"))
			if err != nil {
				t.Errorf("%s: article:published_time: %v", p, err)
			}
		case body == nil && (n.Data == "article" || attr(n, "id") == "story"):
			body = n
		}
	}
	if body == nil {
		t.Fatalf("%s: no <article> or #story element", p)
	}
	a.text = strings.Join(paragraphTexts(body), "\n\n")
	return a
}

func paragraphTexts(root *html.Node) []string {
	var ps []string
	for n := range root.Descendants() {
		if n.Type == html.ElementNode && n.Data == "p" {
			var b strings.Builder
			for c := range n.Descendants() {
				if c.Type == html.TextNode {
					b.WriteString(c.Data)
				}
			}
			ps = append(ps, strings.TrimSpace(b.String()))
		}
	}
	return ps
}

func readFeed(t *testing.T, p string) rss {
	t.Helper()
	b, err := fs.ReadFile(Corpus, p)
	if err != nil {
		t.Fatal(err)
	}
	var f rss
	if err := xml.Unmarshal(b, &f); err != nil {
		t.Fatalf("xml.Unmarshal(%s): %v", p, err)
	}
	return f
}

func paragraphs(text string) []string {
	var ps []string
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			ps = append(ps, p)
		}
	}
	return ps
}

var quoted = regexp.MustCompile(`"([^"]+)"`)

// quotes returns the quoted passages of normalised text (typographic marks already folded to '"').
func quotes(norm string) []string {
	var qs []string
	for _, m := range quoted.FindAllStringSubmatch(norm, -1) {
		qs = append(qs, m[1])
	}
	return qs
}

func filesWithExt(ext string) []string {
	var ps []string
	for _, p := range Files() {
		if path.Ext(p) == ext {
			ps = append(ps, p)
		}
	}
	return ps
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func keys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
