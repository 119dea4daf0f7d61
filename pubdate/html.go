package pubdate

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// kind is a sort of evidence for a publication date, from the most to the least trusted.
type kind int

const (
	kindMetaPub     kind = iota // <meta property="article:published_time">, parsely-pub-date, DC.date.issued, ...
	kindJSONLD                  // JSON-LD datePublished of an article-like object
	kindItemprop                // itemprop="datePublished" on an element
	kindTimePub                 // <time pubdate>, <time class="published|entry-date">, <abbr class="published">
	kindMetaWeak                // <meta name="date">, DC.date: often the publication date, sometimes not
	kindJSONLDOther             // JSON-LD datePublished/dateCreated of another object (WebPage, ...)
	kindTime                    // a <time datetime> in the page
	kindMetaMod                 // article:modified_time and friends: evidence of a day, never the date itself
)

// cand is one piece of machine-readable evidence: a date, what kind it is, where it was found.
type cand struct {
	d    date
	kind kind
	src  string // Source label, "meta:article:published_time"
	bad  bool   // found inside comments, related-article lists, navigation or footers
}

// The meta names and properties (lower case) that give the publication date.
var (
	metaPub = setOf("article:published_time", "article:published", "og:article:published_time",
		"og:published_time", "published_time", "article:published_date", "datepublished", "date_published",
		"publish_date", "publish-date", "publishdate", "published_date", "published-date", "publisheddate",
		"publication_date", "publicationdate", "parsely-pub-date", "sailthru.date", "dc.date.issued",
		"dcterms.issued", "dc.date.created", "dcterms.created", "dc.created", "dc:created", "citation_publication_date",
		"citation_date", "citation_online_date", "rnews:datepublished", "originalpublicationdate", "article.published",
		"article:post_date", "og:pubdate", "og:publish_date", "og:datepublished", "pubdate", "pdate", "publish_time",
		"publish-time", "cxenseparse:recs:publishtime", "bt:pubdate", "article_date_original",
		"analyticsattributes.articledate", "displaydate", "dcsext.articlefirstpublished", "date_created",
		"datecreated", "content_create_date", "article.created", "mediator_published_time",
		"shareaholic:article_published_time", "twt-published-at", "vr:published_time", "rbpubdate",
		"dc.date.publication", "article:publication_date", "article_published_time", "date.published",
		"og:article:published", "article.pubdate", "pub_date", "pub-date", "iso-8601-publish-date",
		"datepublishedutc", "video:release_date", "og:regdate")
	metaWeak = setOf("date", "dc.date", "dcterms.date", "dc:date", "created", "timestamp", "doc_date",
		"dateposted", "release_date", "document-date")
	metaMod = setOf("article:modified_time", "article:modified", "og:updated_time", "og:modified_time",
		"modified_time", "datemodified", "dc.modified", "dcterms.modified", "last-modified", "lastmodified",
		"dc.date.modified", "article:modified_date", "og:article:modified_time", "updated_time", "revision_date",
		"modified", "lastmod", "dateupdated", "date_modified")
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// dateWords are parts of class and id names of elements that hold a written date or a byline.
var dateWords = []string{"date", "datum", "time", "publish", "posted", "byline", "meta", "data", "info", "stamp",
	"czas", "dodano", "article-head", "entry-head", "post-head", "author"}

// badWords are parts of class and id names of sections whose dates are not the article's: comments, lists of
// other articles, navigation.
var badWords = []string{"comment", "kommentar", "komentarz", "reply", "replies", "respond", "related", "sidebar",
	"widget", "footer", "teaser", "recommend", "popular", "similar", "archive", "calendar", "newsletter", "cookie",
	"breadcrumb", "navigation", "navbar", "mostread", "most-read", "trending", "latest", "more-", "other-",
	"weather", "forum", "pagination"}

// byFirst indexes words by their first byte, so that classFlags tests only the words that can start at a byte.
func byFirst(words []string) [256][]string {
	var t [256][]string
	for _, w := range words {
		t[w[0]] = append(t[w[0]], w)
	}
	return t
}

var dateByFirst, badByFirst = byFirst(dateWords), byFirst(badWords)

// classFlags reads a class or id value in one pass: date reports whether it names an element that holds a written
// date or byline, bad whether it names a section whose dates are not the article's (comments, related
// articles, navigation). Tokens such as "has-sidebar" or "page-comments" describe the page, not the element,
// and do not make it bad.
func classFlags(s string) (bad, date bool) {
	tokStart, skipTok := true, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' {
			tokStart = true
			continue
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		rest := s[i:]
		if tokStart {
			tokStart = false
			skipTok = hasPrefixFold(rest, "has-") || hasPrefixFold(rest, "with-") || hasPrefixFold(rest, "no-") ||
				hasPrefixFold(rest, "is-") || hasPrefixFold(rest, "page-")
			if !skipTok && hasPrefixFold(rest, "nav") && (len(rest) == 3 || rest[3] == ' ' || rest[3] == '-' || rest[3] == '_') {
				bad = true
			}
		}
		if !date {
			for _, w := range dateByFirst[c] {
				if hasPrefixFold(rest, w) {
					date = true
					break
				}
			}
		}
		if !bad && !skipTok {
			for _, w := range badByFirst[c] {
				if hasPrefixFold(rest, w) {
					bad = true
					break
				}
			}
		}
	}
	return bad, date
}

// hasPrefixFold reports whether s begins with the lower-case ASCII word w, ignoring ASCII case.
func hasPrefixFold(s, w string) bool {
	if len(s) < len(w) {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}

// page is what one walk over the tree gathers.
type page struct {
	lang      string
	canonical string
	cands     []cand
	h1        int // element count of the first <h1>, -1 when none
	h1Art     int // element count of the first <h1> inside an <article>, -1 when none
	texts     []textAt
}

// textAt is a short text (a text node, or an element named like a date) with a digit run, and where it was.
// Its dates are parsed when needed (parsing every text of a large page costs milliseconds).
type textAt struct {
	s      string
	pos    int
	named  bool // the element's class or id looks like a date or byline
	bad    bool
	src    string
	parsed bool
	dates  []date
}

// walker gathers evidence in one pass over the tree.
type walker struct {
	p     *page
	order dateOrder
	now   time.Time
	n     int // elements seen
	inArt bool
}

// gather walks the tree once and collects the evidence for a date. Machine-readable values are parsed at once;
// written dates are kept as text and parsed when the page's language (date order) is known.
func gather(root *html.Node, now time.Time) *page {
	p := &page{h1: -1, h1Art: -1}
	w := &walker{p: p, now: now}
	w.walk(root, false, false)
	return p
}

func (w *walker) walk(n *html.Node, bad, named bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.ElementNode:
			w.element(c, bad, named)
		case html.TextNode:
			if s := strings.TrimSpace(c.Data); len(s) >= 6 && len(s) <= 160 && hasDigitRun(s, 2) {
				w.p.texts = append(w.p.texts, textAt{s: s, pos: w.n, bad: bad, named: named})
			}
		}
	}
}

func (w *walker) element(n *html.Node, bad, named bool) {
	w.n++
	pos := w.n
	var class, id, itemprop, content, datetime, name, property, rel, href, typ, lang, httpEquiv, title string
	var pubdateAttr bool
	for _, a := range n.Attr {
		switch a.Key {
		case "class":
			class = a.Val
		case "id":
			id = a.Val
		case "itemprop":
			itemprop = a.Val
		case "content":
			content = a.Val
		case "datetime":
			datetime = a.Val
		case "name":
			name = a.Val
		case "property":
			property = a.Val
		case "rel":
			rel = a.Val
		case "href":
			href = a.Val
		case "type":
			typ = a.Val
		case "lang":
			lang = a.Val
		case "http-equiv":
			httpEquiv = a.Val
		case "title":
			title = a.Val
		case "pubdate":
			pubdateAttr = true
		}
	}
	switch n.DataAtom {
	case atom.Script:
		if strings.Contains(typ, "ld+json") && n.FirstChild != nil {
			w.jsonLD(n.FirstChild.Data)
		}
		return
	case atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Select, atom.Textarea:
		return
	case atom.Html:
		if lang != "" {
			w.setLang(lang)
		}
	case atom.Link:
		if strings.EqualFold(rel, "canonical") && w.p.canonical == "" {
			w.p.canonical = strings.TrimSpace(href)
		}
		return
	case atom.Meta:
		w.meta(strings.ToLower(strings.TrimSpace(name)), strings.ToLower(strings.TrimSpace(property)),
			strings.ToLower(strings.TrimSpace(itemprop)), strings.ToLower(httpEquiv), content, datetime, pubdateAttr)
		return
	case atom.H1:
		if w.p.h1 < 0 {
			w.p.h1 = pos
		}
		if w.inArt && w.p.h1Art < 0 {
			w.p.h1Art = pos
		}
	case atom.Article:
		w.inArt = true
	}
	var badC, dateC, badI, dateI bool
	if !bad || !named {
		badC, dateC = classFlags(class)
		badI, dateI = classFlags(id)
	}
	if (badC || badI) && n.DataAtom != atom.Body && n.DataAtom != atom.Html {
		bad = true
	}
	if n.DataAtom == atom.Footer || n.DataAtom == atom.Nav || n.DataAtom == atom.Aside {
		bad = true
	}
	ip := strings.ToLower(itemprop)
	switch {
	case ip == "datepublished" || ip == "datecreated":
		v := firstNonEmpty(datetime, content)
		if v == "" {
			v = textOf(n, 120)
		}
		if d, ok := parseValue(v, w.order, w.now); ok {
			w.add(d, kindItemprop, "itemprop:"+itemprop, bad)
		}
	case ip == "datemodified":
		if d, ok := parseValue(firstNonEmpty(datetime, content), w.order, w.now); ok {
			w.add(d, kindMetaMod, "itemprop:"+itemprop, bad)
		}
	}
	switch n.DataAtom {
	case atom.Time:
		lc := strings.ToLower(class)
		k := kindTime
		if pubdateAttr || strings.Contains(lc, "publish") || strings.HasPrefix(lc, "entry-date") ||
			strings.Contains(lc, "post-date") || strings.Contains(lc, "entry-time") {
			k = kindTimePub
		}
		if strings.Contains(lc, "updated") || strings.Contains(lc, "modified") {
			k = kindMetaMod
		}
		v := datetime
		if len(v) < 6 {
			v = textOf(n, 120)
		}
		if d, ok := parseValue(v, w.order, w.now); ok {
			w.add(d, k, "time", bad)
		}
	case atom.Abbr:
		if title != "" && strings.Contains(strings.ToLower(class), "published") {
			if d, ok := parseValue(title, w.order, w.now); ok {
				w.add(d, kindTimePub, "abbr.published", bad)
			}
		}
	}
	isNamed := dateC || dateI
	if isNamed && !named {
		if s := textOf(n, 200); len(s) >= 6 && len(s) < 200 && hasDigitRun(s, 2) {
			w.p.texts = append(w.p.texts, textAt{s: s, pos: pos, named: true, bad: bad, src: "text:" + firstNonEmpty(class, id)})
		}
	}
	w.walk(n, bad, named || isNamed)
	if n.DataAtom == atom.Article {
		w.inArt = false
	}
}

// setLang records the page language and the order of numeric dates it implies.
func (w *walker) setLang(lang string) {
	w.p.lang = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(lang), "_", "-"))
	w.order = orderFor(w.p.lang)
}

// orderFor returns the numeric date order of a language tag: month first for United States English (and plain
// "en", which is mostly American on the web), day first elsewhere.
func orderFor(lang string) dateOrder {
	if lang == "en" || strings.HasPrefix(lang, "en-us") || lang == "en-ph" {
		return orderMDY
	}
	return orderDMY
}

func (w *walker) add(d date, k kind, src string, bad bool) {
	w.p.cands = append(w.p.cands, cand{d: d, kind: k, src: src, bad: bad})
}

func (w *walker) meta(name, property, itemprop, httpEquiv, content, datetime string, pubdateAttr bool) {
	key, val := name, content
	switch {
	case name == "" && property != "":
		key = property
	case name == "" && itemprop != "":
		key, val = itemprop, firstNonEmpty(datetime, content)
	case name == "" && httpEquiv != "":
		key = httpEquiv
	case name == "" && pubdateAttr:
		key = "pubdate"
	}
	if key == "" || val == "" {
		return
	}
	switch key {
	case "og:locale", "content-language", "language", "dc.language":
		if w.p.lang == "" {
			w.setLang(val)
		}
		return
	}
	var k kind
	switch {
	case metaPub[key]:
		k = kindMetaPub
	case metaWeak[key]:
		k = kindMetaWeak
	case metaMod[key]:
		k = kindMetaMod
	default:
		return
	}
	if d, ok := parseValue(val, w.order, w.now); ok {
		w.add(d, k, "meta:"+key, false)
	}
}

// jsonLD reads the datePublished (or dateCreated, uploadDate) of the objects in a JSON-LD script. Article-like
// objects give kindJSONLD, others kindJSONLDOther.
func (w *walker) jsonLD(s string) {
	if !strings.Contains(s, `"datePublished"`) && !strings.Contains(s, `"dateCreated"`) &&
		!strings.Contains(s, `"uploadDate"`) && !strings.Contains(s, `"dateModified"`) {
		return
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		// Broken JSON is common: fall back to the first datePublished string.
		if m := rxJSONPub.FindStringSubmatch(s); m != nil {
			if d, ok := parseValue(m[1], w.order, w.now); ok {
				w.add(d, kindJSONLDOther, "json-ld:datePublished", false)
			}
		}
		return
	}
	w.jsonValue(v, 0)
}

var rxJSONPub = regexp.MustCompile(`"datePublished"\s*:\s*"([^"]{6,40})"`)

func (w *walker) jsonValue(v any, depth int) {
	if depth > 8 {
		return
	}
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			w.jsonValue(e, depth+1)
		}
	case map[string]any:
		typ := jsonType(v["@type"])
		articleLike := rxArticleType.MatchString(typ)
		skip := rxSkipType.MatchString(typ)
		for _, key := range []string{"datePublished", "dateCreated", "uploadDate", "dateModified"} {
			s, ok := v[key].(string)
			if !ok || skip {
				continue
			}
			d, ok := parseValue(s, w.order, w.now)
			if !ok {
				continue
			}
			k := kindJSONLDOther
			switch {
			case key == "dateModified":
				k = kindMetaMod
			case articleLike && key == "datePublished":
				k = kindJSONLD
			}
			w.add(d, k, "json-ld:"+typ+"."+key, false)
		}
		// Nested objects in key order, so that the result does not depend on map iteration.
		var keys []string
		for key, e := range v {
			switch e.(type) {
			case map[string]any, []any:
				if key != "comment" && key != "review" && key != "citation" {
					keys = append(keys, key)
				}
			}
		}
		sort.Strings(keys)
		for _, key := range keys {
			w.jsonValue(v[key], depth+1)
		}
	}
}

var (
	rxArticleType = regexp.MustCompile(`Article|Posting|Report|Story|Blog|NewsArticle|Recipe|Video|Podcast|Episode|Review|CreativeWork|Question|Event`)
	rxSkipType    = regexp.MustCompile(`Comment|Answer|Person|Organization|Offer|Product|ImageObject`)
)

func jsonType(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var parts []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ",")
	}
	return ""
}

// textOf returns the whitespace-normalised text under n, at most limit bytes (then cut, possibly mid-word).
func textOf(n *html.Node, limit int) string {
	var b strings.Builder
	var rec func(*html.Node) bool
	rec = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				for _, f := range strings.Fields(c.Data) {
					if b.Len() > 0 {
						b.WriteByte(' ')
					}
					b.WriteString(f)
					if b.Len() >= limit {
						return false
					}
				}
			case html.ElementNode:
				if c.DataAtom == atom.Script || c.DataAtom == atom.Style {
					continue
				}
				if !rec(c) {
					return false
				}
			}
		}
		return true
	}
	rec(n)
	return b.String()
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// rxURLDate matches a date in a URL path: /2024/12/07/, /2024-12-07-, _20241207.
var rxURLDate = regexp.MustCompile(`(?:^|[/_-])((?:19|20)\d{2})(?:[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])|(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))(?:[/_.-]|$)`)

// urlDate finds a full date in the path of a URL.
func urlDate(u string, now time.Time) (date, bool) {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	if i := strings.IndexByte(u, '/'); i >= 0 {
		u = u[i:]
	} else {
		return date{}, false
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	m := rxURLDate.FindStringSubmatchIndex(u)
	if m == nil {
		return date{}, false
	}
	d := date{y: atoi(u, m[2], m[3]), m: atoi(u, m[4], m[5]), d: atoi(u, m[6], m[7]), form: formYMD}
	if m[4] < 0 {
		d.m, d.d = atoi(u, m[8], m[9]), atoi(u, m[10], m[11])
	}
	return d, validDate(d, now)
}
