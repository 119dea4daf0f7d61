package cli

import (
	"context"
	"fmt"

	"newsgraph"
)

type quoteHitJSON struct {
	Document  string `json:"document"`
	Title     string `json:"title"`
	Source    string `json:"source"`
	Published string `json:"published"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Text      string `json:"text"`
	Direct    bool   `json:"direct"`
	Cue       string `json:"cue,omitempty"`
	Speaker   string `json:"speaker,omitempty"`
	SpeakerID string `json:"speaker_id,omitempty"`
	Date      string `json:"date,omitempty"`
	Sentence  string `json:"sentence"`
}

func toQuoteHit(h newsgraph.QuoteHit) quoteHitJSON {
	return quoteHitJSON{Document: h.Doc.ID, Title: h.Doc.Title, Source: docSource(h.Doc), Published: jsonDate(h.Doc),
		Start: h.Span.Start, End: h.Span.End, Text: h.Text, Direct: h.Direct, Cue: h.Cue, Speaker: h.SpeakerName,
		SpeakerID: h.SpeakerID, Date: h.Date, Sentence: h.Sentence}
}

func (m *Main) quotes(ctx context.Context, args []string) error {
	f := newFlags(m, "quotes", true, true)
	by := f.String("by", "", "the speaker: a name or an entity ID")
	about := f.String("about", "", "an entity the quote mentions: a name or an entity ID")
	dates := f.dateFlags("quotes dated from (YYYY-MM-DD, YYYY-MM or YYYY)", "... to")
	limit := f.Int("limit", 20, "how many")
	offset := f.Int("offset", 0, "skip this many")
	err := f.parseNone(args, "use --by or --about")
	if err != nil {
		return err
	}
	q := newsgraph.QuoteQuery{Speaker: *by, About: *about, Limit: *limit, Offset: *offset}
	if q.From, q.To, err = dates.parse(); err != nil {
		return err
	}
	st, err := m.open(ctx, f.db)
	if err != nil {
		return err
	}
	qs, ok := st.(newsgraph.QuoteStore)
	if !ok {
		return fmt.Errorf("%s: this store keeps no quotes", f.db)
	}
	hits, total, err := qs.Quotes(ctx, q)
	if err != nil {
		return err
	}
	if f.json {
		return writeJSONLines(m.Stdout, hits, toQuoteHit)
	}
	w := m.Stdout
	fmt.Fprintln(w, countLine(total, len(hits), q.Offset, "quotes"))
	for _, h := range hits {
		kind := "reported"
		if h.Direct {
			kind = "direct"
		}
		fmt.Fprintf(w, "\n%s  %s %s (%s)   [%s %s]\n", orDash(h.Date), orDash(h.SpeakerName), orDash(h.Cue), kind, h.Doc.ID[:8], oneLine(h.Doc.Title))
		if h.Direct {
			fmt.Fprintf(w, "  \u201c%s\u201d\n", oneLine(h.Text))
		} else {
			fmt.Fprintf(w, "  %s\n", oneLine(h.Text))
		}
		if s := oneLine(h.Sentence); s != oneLine(h.Text) {
			fmt.Fprintf(w, "  in: %s\n", clip(s, 240))
		}
	}
	return nil
}
