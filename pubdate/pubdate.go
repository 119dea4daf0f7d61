// Package pubdate finds the publication date of an article: in an HTML page's metadata, markup and text, or in
// the first lines of a plain-text article. When nothing is found the date is unknown: never the current time.
//
// For HTML, one walk over the parsed tree gathers the evidence (meta tags, JSON-LD, itemprop and <time> markup,
// dates written near the headline, the URL) and a fixed order of precedence picks the date; go-htmldate's
// extensive search runs only for the pages where none of this evidence is found (about one page in eight).
package pubdate

import (
	"slices"
	"strings"
	"time"

	dateparser "github.com/markusmobius/go-dateparser"
	htmldate "github.com/markusmobius/go-htmldate"
	"golang.org/x/net/html"
)

// Result is a found publication date. A zero Time means unknown.
//
// With Precision "second" Time is the exact instant, in the UTC offset the page wrote it in (so that
// Time.Format shows the date as the publisher wrote it; call Time.UTC for the UTC form). With Precision "day" Time
// is midnight UTC of the calendar day.
type Result struct {
	Time time.Time
	// Precision is "day" or "second" (newsgraph.PrecisionDay/PrecisionSecond); "" when Time is zero.
	Precision string
	// Source names the evidence used ("meta:article:published_time", "json-ld", "url", "text", ...) for debugging.
	Source string
}

// Precision values, equal to newsgraph.PrecisionDay and newsgraph.PrecisionSecond.
const (
	precisionDay    = "day"
	precisionSecond = "second"
)

// Distances, in elements from the headline (<h1>), within which a written date belongs to the article.
const (
	headlineNear  = 15 // a date element this close to the headline is the date shown to readers
	headlineRange = 60 // a written date this close may correct a UTC timestamp by a day, or stand alone
	unnamedCost   = 20 // a bare text node counts as this much farther than an element named like a date
)

// FromHTML finds the publication date of the page parsed as root, fetched from pageURL ("" when unknown: the
// page's canonical link is used). It does not modify the tree. The order of precedence:
//
//  1. a full date in the URL path (/2024/12/07/);
//  2. a date written in an element named like a date (class="date", "byline", ...) right by the headline, when
//     the page's metadata names the same day or has no publication date at all;
//  3. the publication date in metadata: <meta> (article:published_time, parsely-pub-date, DC.date.issued, ...),
//     JSON-LD datePublished, itemprop="datePublished", <time pubdate>; a UTC timestamp yields to a date written
//     near the headline one day off (the publisher's local day);
//  4. a date written near the headline;
//  5. weaker markup: any <time datetime>, other JSON-LD objects, <meta name="date">;
//  6. the first date written in an element named like a date;
//  7. go-htmldate's extensive search, bounded by now.
//
// Dates in comments, lists of other articles, navigation and footers are ignored.
func FromHTML(root *html.Node, pageURL string) Result {
	return fromHTML(root, pageURL, time.Now())
}

func fromHTML(root *html.Node, pageURL string, now time.Time) Result {
	if root == nil {
		return Result{}
	}
	p := gather(root, now)
	if pageURL == "" {
		pageURL = p.canonical
	}
	order := orderFor(p.lang)

	if d, ok := urlDate(pageURL, now); ok {
		return p.refine(d, "url")
	}
	strong := p.first(kindMetaPub, kindJSONLD, kindItemprop, kindTimePub)
	if t := p.nearHeadline(headlineNear, true, order, now); t != nil {
		if strong == nil || p.corroborated(t.d) {
			return p.refine(t.d, t.src)
		}
	}
	if strong != nil {
		if strong.d.hasTime && strong.d.zoned && strong.d.off == 0 {
			if t := p.nearHeadline(headlineRange, false, order, now); t != nil {
				if diff := t.d.day() - strong.d.day(); diff == 1 || diff == -1 {
					return p.refine(t.d, t.src+" (local day of "+strong.src+")")
				}
			}
		}
		return result(strong.d, strong.src)
	}
	if t := p.nearHeadline(headlineRange, false, order, now); t != nil {
		return p.refine(t.d, t.src)
	}
	for i := range p.cands {
		c := &p.cands[i]
		if !c.bad && (c.kind == kindTime || c.kind == kindJSONLDOther || c.kind == kindMetaWeak) {
			return result(c.d, c.src)
		}
	}
	for i := range p.texts {
		t := &p.texts[i]
		if t.named && !t.bad {
			if ds := t.parse(order, now); len(ds) > 0 {
				return p.refine(ds[0], textSource(t))
			}
		}
	}
	r, src := fromHTMLDate(root, pageURL, p.lang, now)
	if r.Time.IsZero() || !plausible(r, src) {
		return Result{}
	}
	return r
}

// plausible reports whether the text go-htmldate read a date from names its day of the month: a copyright year
// or a month alone ("© 2016", "n. 03/2020") is read as the first day, which is not a publication date.
func plausible(r Result, src string) bool {
	day := r.Time.Day()
	for i := 0; i < len(src); {
		if src[i] < '0' || src[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(src) && src[j] >= '0' && src[j] <= '9' {
			j++
		}
		if j-i >= 8 { // 20241207, a Unix timestamp
			return true
		}
		if n := atoi(src, i, j); n == day && j-i <= 2 {
			return true
		}
		i = j
	}
	return false
}

// fromHTMLDate runs go-htmldate's extensive search for the original publication date. It returns the text the
// date was read from too.
func fromHTMLDate(root *html.Node, pageURL, lang string, now time.Time) (Result, string) {
	r, err := htmldate.FromDocument(root, htmldate.Options{
		URL:             pageURL,
		UseOriginalDate: true,
		MinDate:         time.Date(minYear, 1, 1, 0, 0, 0, 0, time.UTC),
		MaxDate:         now, // a sanity bound only: nothing found means no date, never today
		// go-dateparser tries every locale it knows unless told which: up to 100 ms for one odd string.
		DateParserConfig: &dateparser.Configuration{
			Languages:           parserLanguages(lang),
			CurrentTime:         now,
			PreferredDateSource: dateparser.Past,
			StrictParsing:       true,
		},
	})
	if err != nil || r.IsZero() {
		return Result{}, ""
	}
	y, m, dd := r.DateTime.Date()
	d := date{y: y, m: int(m), d: dd}
	if !validDate(d, now) {
		return Result{}, ""
	}
	return result(d, "htmldate"), r.SrcString
}

// dateLanguages are the languages go-dateparser reads dates in: those of the corpus (mostly German, English and
// Polish news), their neighbours, and Russian.
var dateLanguages = []string{"en", "de", "pl", "fr", "es", "it", "nl", "pt", "ru"}

// parserLanguages returns the languages go-dateparser is to try for a page in lang: its own first when it is one
// go-dateparser knows, then dateLanguages.
func parserLanguages(lang string) []string {
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	if !slices.Contains(extraLanguages, lang) {
		return dateLanguages
	}
	return append([]string{lang}, dateLanguages...)
}

// extraLanguages are further languages that go-dateparser reads (an unknown code would make it fail).
var extraLanguages = []string{"uk", "cs", "sk", "hu", "ro", "sv", "da", "nb", "fi", "tr", "el", "ja",
	"zh", "ko", "ar", "he", "hr", "sl", "sr", "bg", "lt", "lv", "et", "ca", "id", "vi", "th", "hi", "fa"}

// result turns a date into a Result: to the second when the time and its offset are known, else to the day.
func result(d date, src string) Result {
	if d.hasTime && d.zoned {
		return Result{Time: d.instant(), Precision: precisionSecond, Source: src}
	}
	return Result{Time: d.instant(), Precision: precisionDay, Source: src}
}

// refine returns d, to the second when machine-readable evidence gives the time on the same local day.
func (p *page) refine(d date, src string) Result {
	if !(d.hasTime && d.zoned) {
		for i := range p.cands {
			c := &p.cands[i]
			if c.kind != kindMetaMod && !c.bad && c.d.hasTime && c.d.zoned && c.d.day() == d.day() {
				return Result{Time: c.d.instant(), Precision: precisionSecond, Source: src}
			}
		}
	}
	return result(d, src)
}

// first returns the first candidate, outside bad sections, of the first of kinds that has one.
func (p *page) first(kinds ...kind) *cand {
	for _, k := range kinds {
		for i := range p.cands {
			if c := &p.cands[i]; c.kind == k && !c.bad {
				return c
			}
		}
	}
	return nil
}

// corroborated reports whether some markup or metadata (of any kind, the modification date included) names the
// calendar day of d.
func (p *page) corroborated(d date) bool {
	for i := range p.cands {
		if p.cands[i].d.day() == d.day() {
			return true
		}
	}
	return false
}

// textDate is a date written in the page's text.
type textDate struct {
	d   date
	src string
}

// nearHeadline returns the written date closest to the headline within maxDist elements (bare text nodes count
// unnamedCost farther, and are skipped when namedOnly). Without a headline it returns the first date in an
// element named like a date.
func (p *page) nearHeadline(maxDist int, namedOnly bool, order dateOrder, now time.Time) *textDate {
	h := p.h1
	if p.h1Art >= 0 {
		h = p.h1Art
	}
	var best *textAt
	bestScore := 0
	for i := range p.texts {
		t := &p.texts[i]
		if t.bad || (namedOnly && !t.named) {
			continue
		}
		if h < 0 {
			if t.named && len(t.parse(order, now)) > 0 {
				best = t
				break
			}
			continue
		}
		dist := t.pos - h
		if dist <= -maxDist || dist >= maxDist {
			continue
		}
		score := max(dist, -dist)
		if !t.named {
			score += unnamedCost
		}
		if (best == nil || score < bestScore) && len(t.parse(order, now)) > 0 {
			best, bestScore = t, score
		}
	}
	if best == nil {
		return nil
	}
	return &textDate{d: best.dates[0], src: textSource(best)}
}

func (t *textAt) parse(order dateOrder, now time.Time) []date {
	if !t.parsed {
		t.parsed = true
		t.dates = findDates(t.s, order, now)
	}
	return t.dates
}

func textSource(t *textAt) string {
	if t.src != "" {
		return t.src
	}
	return "text"
}
