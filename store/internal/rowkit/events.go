package rowkit

import (
	"fmt"
	"strings"

	"newsgraph"
)

// Event is the stored form of one event.
type Event struct {
	Idx, Start, End, Quad int
	Code, Root            string
	Goldstein             float64
	Src, Tgt              Actor
	Date, Loc, Rep, Cue   string
	Happening, Sentence   string
}

// Actor is the stored form of an event's source or target: its entity ID, its text and its CAMEO code.
type Actor struct{ ID, Text, CAMEO string }

// Events returns the storable events of d: those with a code and a span inside the text. clean makes a string
// storable (PostgreSQL refuses NUL bytes and bad UTF-8); nil keeps strings as they are.
func Events(d *newsgraph.Document, clean func(string) string) []Event {
	if clean == nil {
		clean = func(s string) string { return s }
	}
	text := clean(d.Text)
	valid := func(s newsgraph.Span) bool { return s.Start >= 0 && s.Start < s.End && s.End <= len(d.Text) }
	entity := func(i int) string {
		if i >= 0 && i < len(d.Entities) {
			return clean(d.Entities[i].ID)
		}
		return ""
	}
	actor := func(a newsgraph.EventActor) Actor {
		r := Actor{ID: entity(a.Entity), CAMEO: clean(a.CAMEO)}
		if valid(a.Span) {
			r.Text = a.In(text)
		}
		return r
	}
	var out []Event
	for i, e := range d.Events {
		if len(e.Code) < 2 || !valid(e.Span) {
			continue
		}
		c := clean(e.Code)
		r := Event{Idx: i, Start: e.Start, End: e.End, Quad: e.QuadClass, Code: c, Root: c[:2], Goldstein: e.Goldstein,
			Src: actor(e.Source), Tgt: actor(e.Target), Loc: entity(e.Location), Rep: entity(e.Reporter)}
		if valid(e.Cue) {
			r.Cue = e.Cue.In(text)
		}
		sent := e.Span
		if e.Sentence >= 0 && e.Sentence < len(d.Sentences) && valid(d.Sentences[e.Sentence].Span) {
			sent = d.Sentences[e.Sentence].Span
			if r.Date = e.Date; r.Date == "" {
				r.Date = d.Sentences[e.Sentence].Date
			}
		} else {
			r.Date = e.Date
		}
		r.Sentence = sent.In(text)
		if len(r.Date) < 4 || strings.Trim(r.Date[:4], "0123456789") != "" {
			r.Date = "" // "XXXX-12-07": a date without its year cannot be placed in a window
		}
		r.Date = clean(r.Date)
		key := func(a Actor, side string) string {
			switch {
			case a.ID != "":
				return a.ID
			case a.CAMEO != "":
				return a.CAMEO
			case side == "target" && a.Text == "":
				return "" // no target
			}
			return fmt.Sprintf("?%s.%d", d.ID, i) // an unknown actor: no other report can be matched to it
		}
		r.Happening = newsgraph.EventKey(key(r.Src, "source"), key(r.Tgt, "target"), r.Code, r.Date)
		out = append(out, r)
	}
	return out
}
