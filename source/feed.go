package source

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/mmcdole/gofeed"

	"newsgraph"
)

// errFeedTooLarge is what limitReader returns past its limit.
var errFeedTooLarge = errors.New("feed too large")

// readFeed parses an RSS 2.0, RSS 1.0, Atom (or JSON Feed) document and delivers one item per entry: its full
// content when present, else its description, as HTML. size is the document's size when known.
func (r *reader) readFeed(src io.Reader, size int64) error {
	limit := r.max
	if limit > math.MaxInt64/feedSizeFactor {
		limit = math.MaxInt64
	} else {
		limit *= feedSizeFactor
	}
	if size > limit {
		return r.fail(fmt.Errorf("feed of %d bytes, more than %d: %w", size, limit, newsgraph.ErrTooLarge))
	}
	lr := &limitReader{r: src, left: limit}
	feed, err := gofeed.NewParser().Parse(lr)
	switch {
	case lr.over:
		return r.fail(fmt.Errorf("feed of more than %d bytes: %w", limit, newsgraph.ErrTooLarge))
	case errors.Is(err, gofeed.ErrFeedTypeNotDetected):
		return r.fail(errors.New("parse feed: not an RSS, RDF or Atom feed"))
	case err != nil:
		return r.fail(fmt.Errorf("parse feed: %w", describeReadErr(err)))
	case len(feed.Items) == 0:
		return r.fail(fmt.Errorf("feed has no entries: %w", newsgraph.ErrEmpty))
	}
	var feedAuthor string
	if feed.FeedType == "atom" { // an Atom entry without an author inherits the feed's
		feedAuthor = personNames(feed.Authors, feed.Author)
	}
	for i, e := range feed.Items {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		n := i + 1
		if e == nil {
			continue
		}
		content := e.Content
		if strings.TrimSpace(content) == "" {
			content = e.Description
		}
		var ferr error
		switch {
		case strings.TrimSpace(content) == "":
			ferr = r.failAt("item", n, fmt.Errorf("entry %q has neither content nor description: %w", e.Title, newsgraph.ErrEmpty))
		case int64(len(content)) > r.max:
			ferr = r.failAt("item", n, fmt.Errorf("entry content of %d bytes, more than %d: %w", len(content), r.max, newsgraph.ErrTooLarge))
		default:
			ferr = r.emit(feedItem(feed, e, n, content, feedAuthor))
		}
		if ferr != nil {
			return ferr
		}
	}
	return nil
}

// feedItem builds the item for entry e, the n-th of feed.
func feedItem(feed *gofeed.Feed, e *gofeed.Item, n int, content, feedAuthor string) newsgraph.Item {
	it := newsgraph.Item{
		Origin:   newsgraph.Origin{Record: n, URL: strings.TrimSpace(e.Link)},
		Format:   newsgraph.FormatHTML,
		Raw:      []byte(content),
		Title:    strings.TrimSpace(e.Title),
		Author:   personNames(e.Authors, e.Author),
		Site:     strings.TrimSpace(feed.Title),
		Language: strings.TrimSpace(feed.Language),
	}
	if it.Origin.URL == "" && len(e.Links) > 0 {
		it.Origin.URL = strings.TrimSpace(e.Links[0])
	}
	if it.Author == "" {
		it.Author = feedAuthor
	}
	meta := map[string]string{}
	switch {
	case e.PublishedParsed != nil:
		it.Published = *e.PublishedParsed
	case e.UpdatedParsed != nil:
		it.Published = *e.UpdatedParsed
	default:
		for _, s := range []string{e.Published, e.Updated} {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			if t, dayOnly, ok := parseDate(s); ok {
				it.Published = t
				if dayOnly {
					meta["published_precision"] = newsgraph.PrecisionDay
				}
			} else {
				meta["published_raw"] = s
				meta["warning"] = fmt.Sprintf("published: unrecognised date %q", s)
			}
			break
		}
	}
	if len(e.Categories) > 0 {
		b, _ := json.Marshal(e.Categories)
		meta["categories"] = string(b)
	}
	if e.GUID != "" {
		meta["guid"] = e.GUID
	}
	if len(meta) > 0 {
		it.Meta = meta
	}
	return it
}

// personNames joins the names of people (or, lacking names, their e-mail addresses).
func personNames(people []*gofeed.Person, one *gofeed.Person) string {
	if len(people) == 0 && one != nil {
		people = []*gofeed.Person{one}
	}
	var names []string
	for _, p := range people {
		if p == nil {
			continue
		}
		name := strings.TrimSpace(p.Name)
		if name == "" {
			name = strings.TrimSpace(p.Email)
		}
		if name != "" {
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}

// limitReader reads at most left bytes and then fails with errFeedTooLarge, so that an oversized document is
// reported instead of being parsed truncated.
type limitReader struct {
	r    io.Reader
	left int64
	over bool
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// Probe for more data: only a further byte makes the input too large.
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n > 0 {
			l.over = true
			return 0, errFeedTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}
