package api

import (
	"newsgraph/annotate/annojson"
	"strings"
	"time"

	"newsgraph"
	"newsgraph/annotate/event"
)

// The JSON forms of the replies. Offsets are byte offsets into the string they refer to (a document's text, a
// snippet), as in `newsgraph annotate --json` (../shared/DESIGN.md); dates are "2024-12-07" or RFC 3339, and an
// unknown date is left out.

type docJSON struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	URL       string `json:"url,omitempty"`
	Site      string `json:"site,omitempty"`
	Author    string `json:"author,omitempty"`
	Language  string `json:"language,omitempty"`
	Published string `json:"published,omitempty"` // RFC 3339 in the publisher's offset
	Date      string `json:"date,omitempty"`      // the publication day, YYYY-MM-DD
	Precision string `json:"precision,omitempty"` // day or second
	Source    string `json:"source"`              // where it was read: the path (":record" for a record of a container)
	Format    string `json:"format,omitempty"`
}

func toDoc(d newsgraph.Document) docJSON {
	j := docJSON{ID: d.ID, Title: d.Title, URL: d.URL, Site: d.Site, Author: d.Author, Language: d.Language,
		Precision: d.PublishedPrecision, Source: d.Origin.String(), Format: string(d.Format)}
	if !d.Published.IsZero() {
		j.Published = d.Published.Format(time.RFC3339)
		j.Date = d.Published.Format("2006-01-02")
	}
	return j
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

type hitJSON struct {
	Doc        docJSON  `json:"doc"`
	Snippet    string   `json:"snippet"`
	Highlights [][2]int `json:"highlights"` // byte spans of the matches in snippet
	Score      float64  `json:"score"`
}

// splitSnippet removes the « » a store puts around matches and returns the text and the byte spans of the
// matches in it. An unpaired mark is dropped.
func splitSnippet(s string) (string, [][2]int) {
	var b strings.Builder
	spans := [][2]int{}
	open := -1
	for _, r := range s {
		switch r {
		case '«':
			open = b.Len()
		case '»':
			if open >= 0 && b.Len() > open {
				spans = append(spans, [2]int{open, b.Len()})
			}
			open = -1
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), spans
}

func toHit(h newsgraph.Hit) hitJSON {
	text, spans := splitSnippet(h.Snippet)
	return hitJSON{Doc: toDoc(h.Doc), Snippet: text, Highlights: spans, Score: h.Score}
}

type countJSON struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

func toCounts(cs []newsgraph.Count) []countJSON {
	out := make([]countJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, countJSON{Key: c.Key, Count: c.N})
	}
	return out
}

type entityCountJSON struct {
	Entity    newsgraph.Entity `json:"entity"`
	Mentions  int              `json:"mentions"`
	Documents int              `json:"documents"`
	First     string           `json:"first,omitempty"`
	Last      string           `json:"last,omitempty"`
}

func toEntityCounts(cs []newsgraph.EntityCount) []entityCountJSON {
	out := make([]entityCountJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, entityCountJSON{Entity: c.Entity, Mentions: c.Mentions, Documents: c.Documents, First: day(c.First), Last: day(c.Last)})
	}
	return out
}

type facetsJSON struct {
	Total     int               `json:"total"`
	Sampled   int               `json:"sampled"` // entities were counted over this many newest matches (0: all)
	Entities  []entityCountJSON `json:"entities"`
	Sites     []countJSON       `json:"sites"`
	Languages []countJSON       `json:"languages"`
	Months    []countJSON       `json:"months"`
}

func toFacets(f newsgraph.Facets) facetsJSON {
	return facetsJSON{Total: f.Total, Sampled: f.Sampled, Entities: toEntityCounts(f.Entities), Sites: toCounts(f.Sites),
		Languages: toCounts(f.Languages), Months: toCounts(f.Months)}
}

type docCountJSON struct {
	Doc   docJSON `json:"doc"`
	Count int     `json:"count"`
}

type profileJSON struct {
	entityCountJSON
	Aliases   []countJSON       `json:"aliases"`
	Months    []countJSON       `json:"months"`
	Related   []entityCountJSON `json:"related"`
	Docs      []docCountJSON    `json:"docs"`
	Ambiguous []entityCountJSON `json:"ambiguous"`
}

func toProfile(p newsgraph.EntityProfile) profileJSON {
	j := profileJSON{Aliases: toCounts(p.Aliases), Months: toCounts(p.Months), Related: toEntityCounts(p.Related),
		Docs: make([]docCountJSON, 0, len(p.Docs)), Ambiguous: toEntityCounts(p.Ambiguous)}
	j.entityCountJSON = toEntityCounts([]newsgraph.EntityCount{p.EntityCount})[0]
	for _, d := range p.Docs {
		j.Docs = append(j.Docs, docCountJSON{Doc: toDoc(d.Doc), Count: d.N})
	}
	return j
}

type quoteHitJSON struct {
	Doc       docJSON `json:"doc"`
	Start     int     `json:"start"`
	End       int     `json:"end"`
	Text      string  `json:"text"`
	Direct    bool    `json:"direct"`
	Cue       string  `json:"cue,omitempty"`
	SpeakerID string  `json:"speaker_id,omitempty"`
	Speaker   string  `json:"speaker,omitempty"`
	Date      string  `json:"date,omitempty"`
	Sentence  string  `json:"sentence"`
}

func toQuoteHit(h newsgraph.QuoteHit) quoteHitJSON {
	return quoteHitJSON{Doc: toDoc(h.Doc), Start: h.Span.Start, End: h.Span.End, Text: h.Text, Direct: h.Direct, Cue: h.Cue,
		SpeakerID: h.SpeakerID, Speaker: h.SpeakerName, Date: h.Date, Sentence: h.Sentence}
}

type sideJSON struct {
	ID    string `json:"id,omitempty"`
	Name  string `json:"name,omitempty"`
	CAMEO string `json:"cameo,omitempty"`
}

type eventHitJSON struct {
	Doc       docJSON   `json:"doc"`
	Index     int       `json:"index"`
	Start     int       `json:"start"`
	End       int       `json:"end"`
	Sentence  string    `json:"sentence"`
	Cue       string    `json:"cue,omitempty"`
	Code      string    `json:"code"`
	Name      string    `json:"name,omitempty"` // what the CAMEO code means
	QuadClass int       `json:"quad_class"`
	Goldstein float64   `json:"goldstein"`
	Source    sideJSON  `json:"source"`
	Target    *sideJSON `json:"target,omitempty"`
	Location  *sideJSON `json:"location,omitempty"`
	Reporter  *sideJSON `json:"reporter,omitempty"`
	Date      string    `json:"date,omitempty"`
	Happening string    `json:"happening"`
	Reports   int       `json:"reports"`
}

func side(s newsgraph.EventSide) *sideJSON {
	if s.ID == "" && s.Name == "" && s.CAMEO == "" {
		return nil
	}
	return &sideJSON{ID: s.ID, Name: s.Name, CAMEO: s.CAMEO}
}

func toEventHit(h newsgraph.EventHit) eventHitJSON {
	return eventHitJSON{Doc: toDoc(h.Doc), Index: h.Index, Start: h.Span.Start, End: h.Span.End, Sentence: h.Sentence, Cue: h.Cue,
		Code: h.Code, Name: event.CodeName(h.Code), QuadClass: h.QuadClass, Goldstein: h.Goldstein,
		Source: sideJSON{ID: h.Source.ID, Name: h.Source.Name, CAMEO: h.Source.CAMEO}, Target: side(h.Target),
		Location: side(h.Location), Reporter: side(h.Reporter), Date: h.Date, Happening: h.Happening, Reports: h.Reports}
}

func toEventHits(hs []newsgraph.EventHit) []eventHitJSON {
	out := make([]eventHitJSON, 0, len(hs))
	for _, h := range hs {
		out = append(out, toEventHit(h))
	}
	return out
}

type clusterJSON struct {
	ID      string   `json:"id"`
	Label   string   `json:"label"`
	First   string   `json:"first,omitempty"`
	Last    string   `json:"last,omitempty"`
	Story   string   `json:"story,omitempty"`
	Size    int      `json:"size"`
	Docs    []string `json:"docs,omitempty"`
	Sources []string `json:"sources,omitempty"`
}

func toCluster(c newsgraph.ClusterInfo) clusterJSON {
	return clusterJSON{ID: c.ID, Label: c.Label, First: day(c.First), Last: day(c.Last), Story: c.Story, Size: c.Size, Docs: c.Docs, Sources: c.Sources}
}

type memberJSON struct {
	Doc        docJSON `json:"doc"`
	Relation   string  `json:"relation"` // copy, rewrite or report
	Of         string  `json:"of,omitempty"`
	Similarity float64 `json:"similarity"`
}

// timelineJSON is one event of a cluster's members, for its timeline.
type timelineJSON struct {
	Doc       string    `json:"doc"`
	Start     int       `json:"start"`
	End       int       `json:"end"`
	Sentence  string    `json:"sentence"`
	Code      string    `json:"code"`
	Name      string    `json:"name,omitempty"`
	QuadClass int       `json:"quad_class"`
	Date      string    `json:"date,omitempty"`
	Source    *sideJSON `json:"source,omitempty"`
	Target    *sideJSON `json:"target,omitempty"`
}

type clusterDetailJSON struct {
	clusterJSON
	Members  []memberJSON      `json:"members"`
	Entities []entityCountJSON `json:"entities"`
	Dates    []countJSON       `json:"dates"`
	Sites    []countJSON       `json:"sites"`
	// Events are the coded events of the first members (up to maxTimelineDocs), by date, for a timeline.
	Events []timelineJSON `json:"events"`
}

type storyJSON struct {
	ID       string        `json:"id"`
	Label    string        `json:"label"`
	First    string        `json:"first,omitempty"`
	Last     string        `json:"last,omitempty"`
	Size     int           `json:"size"`
	Clusters []clusterJSON `json:"clusters"`
}

func toStory(s newsgraph.StoryInfo) storyJSON {
	j := storyJSON{ID: s.ID, Label: s.Label, First: day(s.First), Last: day(s.Last), Size: s.Size, Clusters: make([]clusterJSON, 0, len(s.Clusters))}
	for _, c := range s.Clusters {
		j.Clusters = append(j.Clusters, toCluster(c))
	}
	return j
}

// The annotated document: the contract of `newsgraph annotate --json` (text, entities, timexes, quotes, events
// as byte spans into text) with the document's metadata, its sentences and entity records, and its cluster.

type spanJSON = annojson.Span

type sentenceJSON struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Date  string `json:"date,omitempty"`
}

type assignmentJSON struct {
	Cluster    string  `json:"cluster"`
	Label      string  `json:"label,omitempty"`
	Relation   string  `json:"relation"`
	Of         string  `json:"of,omitempty"`
	Similarity float64 `json:"similarity"`
	Story      string  `json:"story,omitempty"`
}

type documentJSON struct {
	docJSON
	Text            string                `json:"text"`
	Paragraphs      []spanJSON            `json:"paragraphs"`
	Sentences       []sentenceJSON        `json:"sentences"`
	annojson.Layers                       // entities (names), mentions (descriptions, pronouns), timexes, quotes, events
	Records         []newsgraph.DocEntity `json:"entity_records"`
	Cluster         *assignmentJSON       `json:"cluster,omitempty"`
}

// valid reports whether s is a span inside a text of n bytes.
func valid(s newsgraph.Span, n int) bool { return s.Start >= 0 && s.Start <= s.End && s.End <= n }

// toDocument renders d; annotations whose spans fall outside the text are left out, so a client can trust
// every span it gets.
func toDocument(d newsgraph.Document) documentJSON {
	n := len(d.Text)
	j := documentJSON{docJSON: toDoc(d), Text: d.Text, Paragraphs: []spanJSON{}, Sentences: []sentenceJSON{},
		Layers: annojson.FromDocument(&d), Records: d.Entities}
	if j.Records == nil {
		j.Records = []newsgraph.DocEntity{}
	}
	for _, p := range d.Paragraphs {
		if valid(p, n) {
			j.Paragraphs = append(j.Paragraphs, spanJSON{Start: p.Start, End: p.End})
		}
	}
	for _, s := range d.Sentences {
		if valid(s.Span, n) {
			j.Sentences = append(j.Sentences, sentenceJSON{Start: s.Start, End: s.End, Date: s.Date})
		}
	}
	return j
}
