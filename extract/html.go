package extract

import (
	"bytes"
	"fmt"
	nurl "net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gogs/chardet"
	"github.com/markusmobius/go-htmldate"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"github.com/zeebo/xxh3"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	xunicode "golang.org/x/text/encoding/unicode"

	"newsgraph"
	"newsgraph/pubdate"
)

// HTML extracts the main text and metadata of the HTML page raw, fetched from pageURL ("" when unknown). It
// detects the charset, parses the page once, and reuses the tree for go-trafilatura (main text and
// metadata) and pubdate (publication date). A page without main text gives an error wrapping
// newsgraph.ErrEmpty.
func (e *Extractor) HTML(raw []byte, pageURL string) (Result, error) {
	src := decodeHTML(raw)
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		// html.Parse rejects pages nested deeper than 512 elements (unclosed <font> or <div> tags on old
		// pages); such pages are parsed again with the excess tags dropped.
		root, err = html.Parse(strings.NewReader(flattenHTML(src, maxDepth)))
		if err != nil {
			return Result{}, fmt.Errorf("parse html: %w", err)
		}
	}
	return e.fromTree(root, pageURL)
}

// fromTree extracts from the parsed page.
func (e *Extractor) fromTree(root *html.Node, pageURL string) (Result, error) {
	var res Result
	// Publication date first: when pubdate finds it, go-trafilatura's own date search stays off.
	date := pubdate.FromHTML(root, pageURL)
	res.Published, res.PublishedPrecision, res.DateSource = date.Time, date.Precision, date.Source
	if !res.Published.IsZero() && res.PublishedPrecision == "" {
		res.PublishedPrecision = newsgraph.PrecisionDay
	}

	topts := trafilatura.Options{
		ExcludeComments: true,
		EnableFallback:  !e.opts.NoFallback,
		HtmlDateMode:    trafilatura.Disabled,
	}
	switch e.opts.Focus {
	case FocusRecall:
		topts.Focus = trafilatura.FavorRecall
	case FocusPrecision:
		topts.Focus = trafilatura.FavorPrecision
	}
	if pageURL != "" {
		if u, err := nurl.Parse(pageURL); err == nil && u.IsAbs() {
			topts.OriginalURL = u
		}
	}
	tres, err := trafilatura.ExtractDocument(root, topts)
	if err != nil {
		// go-trafilatura reports a page without enough text as an error; every other error it returns is
		// also about the page's content (language, size), so all of them mean "no main text".
		return Result{}, fmt.Errorf("extract html: %v: %w", err, newsgraph.ErrEmpty)
	}
	md := tres.Metadata
	res.Title = cleanLine(md.Title)
	res.Author = cleanLine(md.Author)
	res.Site = cleanLine(md.Sitename)
	res.URL = md.URL
	if res.URL == "" {
		res.URL = pageURL
	}
	if res.Published.IsZero() && e.opts.DateFallback {
		hd, err := htmldate.FromDocument(root, htmldate.Options{URL: res.URL, UseOriginalDate: true, SkipExtensiveSearch: true})
		if err == nil && !hd.IsZero() {
			res.Published, res.DateSource = hd.DateTime, "htmldate"
			res.PublishedPrecision = newsgraph.PrecisionDay
			if hd.HasTime {
				res.PublishedPrecision = newsgraph.PrecisionSecond
			}
		}
	}

	links, headlines := scanPage(root)
	res.Title = cleanTitle(res.Title, headlines, res.Site, res.URL, pageURL)
	blocks := htmlBlocks(tres.ContentNode)
	for i := range blocks {
		blocks[i].text = normalizeHTMLText(blocks[i].text)
		blocks[i].link = isLinkText(blocks[i].text, links)
	}
	why := e.cleanWhy(blocks, siteKey(res.URL, res.Site), res.Title, false)
	res.Text, res.Paragraphs = assemble(blocks, why)
	if len(res.Paragraphs) == 0 {
		return Result{}, fmt.Errorf("extract html: only boilerplate: %w", newsgraph.ErrEmpty)
	}
	res.Language = htmlLanguage(res.Text, declaredLanguage(root), md.Language)
	return res, nil
}

// decodeHTML returns the page as UTF-8 text. Valid UTF-8 is taken as UTF-8 whatever the page declares (pages
// that declare a legacy charset but are served as UTF-8 are common, the converse is rare); otherwise the BOM,
// then the declared charset, then a statistical guess decide. Bytes that do not decode become U+FFFD.
func decodeHTML(raw []byte) string {
	if bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")) {
		raw = raw[3:]
	}
	var enc encoding.Encoding
	switch {
	case bytes.HasPrefix(raw, []byte("\xfe\xff")), bytes.HasPrefix(raw, []byte("\xff\xfe")):
		enc = xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM) // the BOM decides the byte order
	case utf8.Valid(raw):
		return string(raw)
	default:
		if name := declaredCharset(raw); name != "" {
			enc, _ = charset.Lookup(name)
		}
	}
	if enc == nil || enc == encoding.Nop || enc == xunicode.UTF8 {
		// Undeclared, or declared UTF-8 but invalid. Mostly-UTF-8 pages keep UTF-8 with replacements.
		if mostlyUTF8(raw) {
			return strings.ToValidUTF8(string(raw), "\uFFFD")
		}
		enc = nil
		if r, err := chardet.NewHtmlDetector().DetectBest(raw); err == nil {
			enc, _ = charset.Lookup(r.Charset)
		}
		if enc == nil || enc == encoding.Nop || enc == xunicode.UTF8 {
			enc, _ = charset.Lookup("windows-1252")
		}
	}
	out, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return strings.ToValidUTF8(string(raw), "\uFFFD")
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

// declaredCharset returns the charset that a <meta> tag near the top of the page (or an XML declaration)
// names, "" if none. It looks further than the HTML5 prescan's 1024 bytes because many pages put long
// scripts first, and only inside <meta> tags because archived pages carry <script charset="utf-8">.
func declaredCharset(raw []byte) string {
	head := raw
	if len(head) > 32<<10 {
		head = head[:32<<10]
	}
	lower := bytes.ToLower(head)
	if bytes.HasPrefix(lower, []byte("<?xml")) {
		if end := bytes.IndexByte(lower, '>'); end > 0 {
			if name := charsetParam(lower[:end], "encoding="); name != "" {
				return name
			}
		}
	}
	for rest := lower; ; {
		i := bytes.Index(rest, []byte("<meta"))
		if i < 0 {
			return ""
		}
		rest = rest[i+5:]
		end := bytes.IndexByte(rest, '>')
		if end < 0 {
			return ""
		}
		if name := charsetParam(rest[:end], "charset="); name != "" {
			return name
		}
		rest = rest[end:]
	}
}

// charsetParam returns the known charset named after key in tag, "" if none.
func charsetParam(tag []byte, key string) string {
	i := bytes.Index(tag, []byte(key))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(tag[i+len(key):], "\"' ")
	end := bytes.IndexFunc(rest, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == ':' || r == '.')
	})
	if end < 0 {
		end = len(rest)
	}
	name := string(rest[:end])
	if e, _ := charset.Lookup(name); e == nil {
		return ""
	}
	return name
}

// mostlyUTF8 reports whether at most one in fifty non-ASCII sequences of raw is invalid UTF-8.
func mostlyUTF8(raw []byte) bool {
	var valid, invalid int
	for i := 0; i < len(raw); {
		if raw[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && n == 1 {
			invalid++
		} else {
			valid++
		}
		i += n
	}
	return invalid*50 <= valid
}

// declaredLanguage returns the primary language subtag the page declares (<html lang>, content-language,
// og:locale), lower case, "" if none.
func declaredLanguage(root *html.Node) string {
	var lang string
	var walk func(n *html.Node, depth int) bool
	walk = func(n *html.Node, depth int) bool {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				if v := attr(n, "lang"); v != "" {
					lang = v
					return true
				}
				if v := attr(n, "xml:lang"); v != "" {
					lang = v
					return true
				}
			case atom.Meta:
				name := strings.ToLower(attr(n, "http-equiv") + attr(n, "name") + attr(n, "property"))
				if name == "content-language" || name == "language" || name == "og:locale" || name == "dc.language" {
					if v := attr(n, "content"); v != "" {
						lang = v
						return true
					}
				}
			case atom.Body:
				return false // metadata is in the head
			}
		}
		if depth > 3 {
			return false
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c, depth+1) {
				return true
			}
		}
		return false
	}
	walk(root, 0)
	lang = strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(lang, "-_,; "); i >= 0 {
		lang = lang[:i]
	}
	if len(lang) != 2 {
		return ""
	}
	return lang
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// siteKey names the site whose documents share boilerplate: the URL's host without "www.", else the site
// name, else "".
func siteKey(pageURL, site string) string {
	if u, err := nurl.Parse(pageURL); err == nil && u.Host != "" {
		return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	return strings.ToLower(site)
}

// cleanLine collapses the whitespace of a metadata value into single spaces.
func cleanLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// scanPage returns the hashes of the folded texts (see foldText) of the page's links, and the texts of its
// first <h1> elements. go-trafilatura's content tree no longer has the links, so the cleaner recognises link
// paragraphs (related articles, navigation) by their text.
func scanPage(root *html.Node) (links map[uint64]struct{}, headlines []string) {
	set := map[uint64]struct{}{}
	var buf strings.Builder
	var text func(n *html.Node)
	text = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			buf.WriteString(n.Data)
		case html.ElementNode:
			if n.DataAtom == atom.Script || n.DataAtom == atom.Style {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			text(c)
		}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.A:
				buf.Reset()
				text(n)
				if t := foldText(normalizeHTMLText(buf.String())); t != "" {
					set[xxh3.HashString(t)] = struct{}{}
				}
				return
			case atom.H1:
				if len(headlines) < 3 {
					buf.Reset()
					text(n)
					if t := cleanLine(normalizeHTMLText(buf.String())); t != "" {
						headlines = append(headlines, t)
					}
				}
			case atom.Script, atom.Style, atom.Head:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return set, headlines
}

// titleSeparators split a page title into the article's title and the site's name.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " » ", " · ", " :: ", " // "}

// cleanTitle strips the site's name from a page title ("Ministers meet - Example News"): when a headline
// (<h1>) of the page starts or ends the title, the headline is the title; otherwise leading and trailing
// parts that name the site (its name, or its host name without dots and spaces) are dropped.
func cleanTitle(title string, headlines []string, site string, urls ...string) string {
	if title == "" {
		if len(headlines) > 0 {
			return headlines[0]
		}
		return ""
	}
	ft := foldText(title)
	for _, h := range headlines {
		fh := foldText(h)
		if len(fh) >= 10 && fh != ft && (strings.HasPrefix(ft, fh) || strings.HasSuffix(ft, fh)) {
			return h
		}
	}
	var names []string
	if site != "" {
		names = append(names, squash(site))
	}
	for _, u := range urls {
		if pu, err := nurl.Parse(u); err == nil && pu.Hostname() != "" {
			host := strings.TrimPrefix(strings.ToLower(pu.Hostname()), "www.")
			names = append(names, squash(host))
			if i := strings.LastIndexByte(host, '.'); i > 0 {
				names = append(names, squash(host[:i]))
			}
		}
	}
	isSite := func(part string) bool {
		p := squash(part)
		if p == "" {
			return false
		}
		for _, n := range names {
			if n != "" && (p == n || len(p) >= 4 && strings.Contains(n, p) || len(n) >= 4 && strings.Contains(p, n) && len(p) <= len(n)+8) {
				return true
			}
		}
		return false
	}
	for _, sep := range titleSeparators {
		if !strings.Contains(title, sep) {
			continue
		}
		parts := strings.Split(title, sep)
		for len(parts) > 1 && isSite(parts[len(parts)-1]) {
			parts = parts[:len(parts)-1]
		}
		for len(parts) > 1 && isSite(parts[0]) {
			parts = parts[1:]
		}
		title = strings.Join(parts, sep)
	}
	return strings.TrimSpace(title)
}

// squash lower-cases s and keeps only its letters and digits.
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isLinkText reports whether text, or each of its lines, is the text of one of the links.
func isLinkText(text string, links map[uint64]struct{}) bool {
	if len(links) == 0 {
		return false
	}
	if _, ok := links[xxh3.HashString(foldText(text))]; ok {
		return true
	}
	if !strings.Contains(text, "\n") {
		return false
	}
	for _, line := range strings.Split(text, "\n") {
		if _, ok := links[xxh3.HashString(foldText(line))]; !ok {
			return false
		}
	}
	return true
}

// maxDepth is the element depth beyond which flattenHTML drops start tags; html.Parse refuses 512.
const maxDepth = 256

// flattenHTML re-serialises the page without the start tags (and their end tags) that would nest deeper
// than depth elements. Depth is counted on the tags as written, so it is an upper bound of the parser's.
func flattenHTML(src string, depth int) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	b.Grow(len(src))
	open, dropped := 0, 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			name, _ := z.TagName()
			if voidElements[string(name)] {
				break
			}
			if open >= depth {
				dropped++
				continue
			}
			open++
		case html.EndTagToken:
			if dropped > 0 {
				dropped--
				continue
			}
			if open > 0 {
				open--
			}
		}
		b.Write(z.Raw())
	}
}

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
	"param": true, "keygen": true}
