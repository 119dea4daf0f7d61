// Package annojson is the JSON form of a document's annotation layers, the contract of ../shared/DESIGN.md
// that outside scorers read: byte-offset spans into the document's text with the text they cover, names
// ("entities") apart from descriptions and pronouns ("mentions"), time expressions, quotes and events. The
// command line (`annotate --json`) and the HTTP API (/api/v1/documents/{id}) both write it from here, so the
// two cannot drift apart.
package annojson

import (
	"newsgraph"
	"newsgraph/annotate/event"
)

// Layers are a document's annotations. Every span lies inside the text: an annotation whose span does not
// (a corrupt or foreign record) is left out, so a reader can trust every offset it gets.
type Layers struct {
	Entities []Mention `json:"entities"` // names, linked to their canonical entity when known
	// Mentions holds the descriptions and pronouns that refer to the entities ("the Russian foreign minister",
	// "he"); names are in Entities.
	Mentions []Mention `json:"mentions"`
	Timexes  []Timex   `json:"timexes"`
	Quotes   []Quote   `json:"quotes"`
	Events   []Event   `json:"events"`
}

// Span is a byte range of the text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Mention is a name, description or pronoun and the canonical entity it refers to ("" when unlinked).
type Mention struct {
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Text   string `json:"text"`
	Label  string `json:"label"`
	Kind   string `json:"kind,omitempty"` // nominal or pronoun; empty for names
	Entity string `json:"entity"`         // canonical name
	ID     string `json:"id"`             // canonical ID
}

// Timex is a time expression with its TIMEX3 type and normalised value.
type Timex struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	Type  string `json:"type"`
	Value string `json:"value"`
}

// Speaker is who a quote is attributed to: the words naming them and their canonical entity.
type Speaker struct {
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Text   string `json:"text"`
	Entity string `json:"entity,omitempty"`
	ID     string `json:"id,omitempty"`
}

// Quote is a direct or reported quote: its content span, cue, speaker and the date of what it reports.
type Quote struct {
	Start   int      `json:"start"`
	End     int      `json:"end"`
	Text    string   `json:"text"`
	Direct  bool     `json:"direct"`
	Cue     *Span    `json:"cue,omitempty"`
	Speaker *Speaker `json:"speaker,omitempty"`
	Date    string   `json:"date,omitempty"`
}

// Actor is an event's source or target: the words, the canonical entity and the CAMEO actor code.
type Actor struct {
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Text   string `json:"text"`
	Entity string `json:"entity,omitempty"`
	ID     string `json:"id,omitempty"`
	CAMEO  string `json:"cameo,omitempty"`
}

// Event is a CAMEO-coded event of one sentence.
type Event struct {
	Start     int     `json:"start"`
	End       int     `json:"end"`
	Code      string  `json:"code"`
	Name      string  `json:"name,omitempty"`
	QuadClass int     `json:"quad_class"`
	Goldstein float64 `json:"goldstein"`
	Date      string  `json:"date,omitempty"`
	Cue       *Span   `json:"cue,omitempty"`
	Source    *Actor  `json:"source,omitempty"`
	Target    *Actor  `json:"target,omitempty"`
	Location  string  `json:"location,omitempty"`
	Reporter  string  `json:"reported_by,omitempty"`
}

// valid reports whether s is a span inside a text of n bytes.
func valid(s newsgraph.Span, n int) bool { return s.Start >= 0 && s.Start <= s.End && s.End <= n }

// FromDocument returns d's layers. Lists are empty, never null.
func FromDocument(d *newsgraph.Document) Layers {
	n := len(d.Text)
	ent := func(i int) (name, id string) {
		if i >= 0 && i < len(d.Entities) {
			return d.Entities[i].Name, d.Entities[i].ID
		}
		return "", ""
	}
	out := Layers{Entities: []Mention{}, Mentions: []Mention{}, Timexes: []Timex{}, Quotes: []Quote{}, Events: []Event{}}
	for _, m := range d.Mentions {
		if !valid(m.Span, n) {
			continue
		}
		j := Mention{Start: m.Start, End: m.End, Text: m.In(d.Text), Label: m.Label}
		j.Entity, j.ID = ent(m.Entity)
		if m.Kind == newsgraph.MentionName {
			out.Entities = append(out.Entities, j)
			continue
		}
		j.Kind = string(m.Kind)
		out.Mentions = append(out.Mentions, j)
	}
	for _, t := range d.Timexes {
		if valid(t.Span, n) {
			out.Timexes = append(out.Timexes, Timex{Start: t.Start, End: t.End, Text: t.In(d.Text), Type: t.Type, Value: t.Value})
		}
	}
	for _, q := range d.Quotes {
		if !valid(q.Span, n) {
			continue
		}
		j := Quote{Start: q.Start, End: q.End, Text: q.In(d.Text), Direct: q.Direct, Date: q.Date}
		if q.Cue.End > q.Cue.Start && valid(q.Cue, n) {
			j.Cue = &Span{q.Cue.Start, q.Cue.End}
		}
		if q.Speaker.End > q.Speaker.Start && valid(q.Speaker, n) {
			j.Speaker = &Speaker{Start: q.Speaker.Start, End: q.Speaker.End, Text: q.Speaker.In(d.Text)}
			j.Speaker.Entity, j.Speaker.ID = ent(q.Entity)
		} else if name, id := ent(q.Entity); id != "" {
			// Attributed to an entity without words of its own in the text: an empty span at the quote.
			j.Speaker = &Speaker{Start: q.Start, End: q.Start, Entity: name, ID: id}
		}
		out.Quotes = append(out.Quotes, j)
	}
	actor := func(a newsgraph.EventActor) *Actor {
		if a.End <= a.Start && a.Entity < 0 && a.CAMEO == "" {
			return nil
		}
		j := &Actor{CAMEO: a.CAMEO}
		if a.End > a.Start && valid(a.Span, n) {
			j.Start, j.End, j.Text = a.Start, a.End, a.In(d.Text)
		}
		j.Entity, j.ID = ent(a.Entity)
		return j
	}
	for _, e := range d.Events {
		if !valid(e.Span, n) {
			continue
		}
		j := Event{Start: e.Start, End: e.End, Code: e.Code, Name: event.CodeName(e.Code), QuadClass: e.QuadClass, Goldstein: e.Goldstein,
			Date: e.Date, Source: actor(e.Source), Target: actor(e.Target)}
		j.Location, _ = ent(e.Location)
		j.Reporter, _ = ent(e.Reporter)
		if e.Cue.End > e.Cue.Start && valid(e.Cue, n) {
			j.Cue = &Span{e.Cue.Start, e.Cue.End}
		}
		out.Events = append(out.Events, j)
	}
	return out
}
