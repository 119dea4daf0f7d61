package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"newsgraph"
)

var _ newsgraph.EventStore = (*Store)(nil)

// writeEvents writes the events of new documents inside a Commit transaction.
func writeEvents(ctx context.Context, tx pgx.Tx, docs []*newsgraph.Document) error {
	var (
		doc, code, root, srcID, srcText, srcCameo, tgtID, tgtText, tgtCameo []string
		date, loc, rep, cue, happening, sentence                            []string
		idx, start, end, quad                                               []int32
		gold                                                                []float64
	)
	for _, d := range docs {
		for _, r := range eventRows(d) {
			doc, idx, start, end = append(doc, d.ID), append(idx, int32(r.idx)), append(start, int32(r.start)), append(end, int32(r.end))
			code, root, quad, gold = append(code, r.code), append(root, r.root), append(quad, int32(r.quad)), append(gold, r.goldstein)
			srcID, srcText, srcCameo = append(srcID, r.src.id), append(srcText, r.src.text), append(srcCameo, r.src.cameo)
			tgtID, tgtText, tgtCameo = append(tgtID, r.tgt.id), append(tgtText, r.tgt.text), append(tgtCameo, r.tgt.cameo)
			date, loc, rep, cue = append(date, r.date), append(loc, r.loc), append(rep, r.rep), append(cue, r.cue)
			happening, sentence = append(happening, r.happening), append(sentence, r.sentence)
		}
	}
	if len(doc) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO events (doc_id, idx, start, "end", code, root, quad_class, goldstein,
			source_id, source_text, source_cameo, target_id, target_text, target_cameo, date, location_id, reporter_id, cue, happening, sentence)
		SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::int[], $8::float8[],
			$9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[])
		ON CONFLICT DO NOTHING`,
		doc, idx, start, end, code, root, quad, gold, srcID, srcText, srcCameo, tgtID, tgtText, tgtCameo, date, loc, rep, cue, happening, sentence); err != nil {
		return fmt.Errorf("events: %w", err)
	}
	return nil
}

// eventRow is the stored form of one event.
type eventRow struct {
	idx, start, end, quad int
	code, root            string
	goldstein             float64
	src, tgt              actorRow
	date, loc, rep, cue   string
	happening, sentence   string
}

type actorRow struct{ id, text, cameo string }

// eventRows returns the storable events of d: those with a code and a span inside the text. It is the SQLite
// store's, with every string made storable.
func eventRows(d *newsgraph.Document) []eventRow {
	text := clean(d.Text)
	valid := func(s newsgraph.Span) bool { return s.Start >= 0 && s.Start < s.End && s.End <= len(d.Text) }
	entity := func(i int) string {
		if i >= 0 && i < len(d.Entities) {
			return clean(d.Entities[i].ID)
		}
		return ""
	}
	actor := func(a newsgraph.EventActor) actorRow {
		r := actorRow{id: entity(a.Entity), cameo: clean(a.CAMEO)}
		if valid(a.Span) {
			r.text = a.In(text)
		}
		return r
	}
	var out []eventRow
	for i, e := range d.Events {
		if len(e.Code) < 2 || !valid(e.Span) {
			continue
		}
		c := clean(e.Code)
		r := eventRow{idx: i, start: e.Start, end: e.End, quad: e.QuadClass, code: c, root: c[:2], goldstein: e.Goldstein,
			src: actor(e.Source), tgt: actor(e.Target), loc: entity(e.Location), rep: entity(e.Reporter)}
		if valid(e.Cue) {
			r.cue = e.Cue.In(text)
		}
		sent := e.Span
		if e.Sentence >= 0 && e.Sentence < len(d.Sentences) && valid(d.Sentences[e.Sentence].Span) {
			sent = d.Sentences[e.Sentence].Span
			if r.date = e.Date; r.date == "" {
				r.date = d.Sentences[e.Sentence].Date
			}
		} else {
			r.date = e.Date
		}
		r.sentence = sent.In(text)
		if len(r.date) < 4 || strings.Trim(r.date[:4], "0123456789") != "" {
			r.date = "" // "XXXX-12-07": a date without its year cannot be placed in a window
		}
		r.date = clean(r.date)
		key := func(a actorRow, side string) string {
			switch {
			case a.id != "":
				return a.id
			case a.cameo != "":
				return a.cameo
			case side == "target" && a.text == "":
				return "" // no target
			}
			return fmt.Sprintf("?%s.%d", d.ID, i) // an unknown actor: no other report can be matched to it
		}
		r.happening = newsgraph.EventKey(key(r.src, "source"), key(r.tgt, "target"), r.code, r.date)
		out = append(out, r)
	}
	return out
}

// codePrefix checks a CAMEO code prefix and returns it as a LIKE pattern.
func codePrefix(code string) (string, error) {
	if strings.Trim(code, "0123456789") != "" {
		return "", fmt.Errorf("event code %q: want digits, a CAMEO code or its prefix: %w", code, newsgraph.ErrBadQuery)
	}
	return code + "%", nil
}

// resolve resolves an actor reference to the entity ID it most likely names.
func (s *Store) resolve(ctx context.Context, what, ref string) (string, error) {
	ids, err := s.entityIDs(ctx, strings.TrimSpace(ref))
	if err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	if len(ids) == 0 {
		return "", fmt.Errorf("%s %q: %w", what, ref, newsgraph.ErrNotFound)
	}
	// The most mentioned entity of that name: "Lavrov" is Sergei Lavrov, not every Lavrov.
	return ids[0], nil
}

// eventColumns selects what scanEvent reads, from events e joined with documents d.
const eventColumns = docColumns + `, e.idx, e.start, e."end", e.sentence, e.cue, e.code, e.root, e.quad_class, e.goldstein,
	e.source_id, COALESCE(se.name, e.source_text), e.source_cameo, e.target_id, COALESCE(te.name, e.target_text), e.target_cameo,
	e.date, e.location_id, COALESCE(le.name, ''), e.reporter_id, COALESCE(re.name, ''), e.happening,
	(SELECT count(*) FROM events x WHERE x.happening = e.happening)`

const eventJoins = ` JOIN documents d ON d.id = e.doc_id LEFT JOIN entities se ON se.id = e.source_id LEFT JOIN entities te ON te.id = e.target_id
	LEFT JOIN entities le ON le.id = e.location_id LEFT JOIN entities re ON re.id = e.reporter_id`

func scanEvent(sc pgx.Row, h *newsgraph.EventHit) error {
	return scanDoc(sc, &h.Doc, &h.Index, &h.Span.Start, &h.Span.End, &h.Sentence, &h.Cue, &h.Code, &h.Root, &h.QuadClass, &h.Goldstein,
		&h.Source.ID, &h.Source.Name, &h.Source.CAMEO, &h.Target.ID, &h.Target.Name, &h.Target.CAMEO,
		&h.Date, &h.Location.ID, &h.Location.Name, &h.Reporter.ID, &h.Reporter.Name, &h.Happening, &h.Reports)
}

// eventWindow renders an inclusive date window as conditions on the date column col.
func eventWindow(p *params, col string, from, to time.Time) []string {
	var where []string
	if !from.IsZero() {
		where = append(where, col+` >= `+p.add(from.Format("2006-01-02")))
	}
	if !to.IsZero() {
		where = append(where, col+` != '' AND `+col+` < `+p.add(to.AddDate(0, 0, 1).Format("2006-01-02")))
	}
	return where
}

// Events implements newsgraph.EventStore.
func (s *Store) Events(ctx context.Context, q newsgraph.EventQuery) ([]newsgraph.EventHit, int, error) {
	if q.Limit <= 0 {
		q.Limit = 20
	}
	if q.Offset < 0 {
		return nil, 0, fmt.Errorf("events: negative offset %d: %w", q.Offset, newsgraph.ErrBadQuery)
	}
	where := []string{"true"}
	var p params
	for _, f := range []struct {
		what, ref string
		cond      func(a string) string
	}{
		{"actor", q.Actor, func(a string) string { return `e.source_id = ` + a }},
		{"target", q.Target, func(a string) string { return `e.target_id = ` + a }},
		{"involving", q.Involving, func(a string) string { return `(e.source_id = ` + a + ` OR e.target_id = ` + a + `)` }},
	} {
		if f.ref == "" {
			continue
		}
		id, err := s.resolve(ctx, f.what, f.ref)
		if err != nil {
			return nil, 0, fmt.Errorf("events: %w", err)
		}
		where = append(where, f.cond(p.add(id)))
	}
	if q.Code != "" {
		pat, err := codePrefix(q.Code)
		if err != nil {
			return nil, 0, fmt.Errorf("events: %w", err)
		}
		where = append(where, `e.code LIKE `+p.add(pat))
	}
	if q.Happening != "" {
		where = append(where, `e.happening = `+p.add(q.Happening))
	}
	where = append(where, eventWindow(&p, "e.date", q.From, q.To)...)
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM events e WHERE `+cond, p...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("events: %w", err)
	}
	rows, err := s.pool.Query(ctx, `SELECT `+eventColumns+` FROM events e`+eventJoins+` WHERE `+cond+`
		ORDER BY e.date DESC, d.published DESC, e.doc_id, e.idx LIMIT `+p.add(q.Limit)+` OFFSET `+p.add(q.Offset), p...)
	if err != nil {
		return nil, 0, fmt.Errorf("events: %w", err)
	}
	defer rows.Close()
	var out []newsgraph.EventHit
	for rows.Next() {
		var h newsgraph.EventHit
		if err := scanEvent(rows, &h); err != nil {
			return nil, 0, fmt.Errorf("events: %w", err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("events: %w", err)
	}
	return out, total, nil
}

// Relations implements newsgraph.EventStore.
func (s *Store) Relations(ctx context.Context, q newsgraph.RelationQuery) ([]newsgraph.Relation, error) {
	if q.Other != "" && q.Actor == "" {
		return nil, fmt.Errorf("relations: other %q without an actor: %w", q.Other, newsgraph.ErrBadQuery)
	}
	if q.Evidence == 0 {
		q.Evidence = 3
	}
	var p, qp params
	where := []string{`e.source_id != ''`, `e.target_id != ''`}
	qwhere := []string{`q.speaker_id != ''`}
	if q.Actor != "" {
		a, err := s.resolve(ctx, "relations: actor", q.Actor)
		if err != nil {
			return nil, err
		}
		if q.Other == "" {
			x, y := p.add(a), qp.add(a)
			where = append(where, `(e.source_id = `+x+` OR e.target_id = `+x+`)`)
			qwhere = append(qwhere, `(q.speaker_id = `+y+` OR a.entity_id = `+y+`)`)
		} else {
			o, err := s.resolve(ctx, "relations: other", q.Other)
			if err != nil {
				return nil, err
			}
			x, y, qx, qy := p.add(a), p.add(o), qp.add(a), qp.add(o)
			where = append(where, `(e.source_id = `+x+` AND e.target_id = `+y+` OR e.source_id = `+y+` AND e.target_id = `+x+`)`)
			qwhere = append(qwhere, `(q.speaker_id = `+qx+` AND a.entity_id = `+qy+` OR q.speaker_id = `+qy+` AND a.entity_id = `+qx+`)`)
		}
	}
	where = append(where, eventWindow(&p, "e.date", q.From, q.To)...)
	qwhere = append(qwhere, eventWindow(&qp, "q.date", q.From, q.To)...)
	cond := strings.Join(where, " AND ")

	rows, err := s.pool.Query(ctx, `SELECT s.data::text, t.data::text, r.n, r.h, r.q1, r.q2, r.q3, r.q4, r.g, r.first, r.last
		FROM (SELECT e.source_id, e.target_id, count(*) AS n, count(DISTINCT e.happening) AS h,
				count(*) FILTER (WHERE e.quad_class = 1) AS q1, count(*) FILTER (WHERE e.quad_class = 2) AS q2,
				count(*) FILTER (WHERE e.quad_class = 3) AS q3, count(*) FILTER (WHERE e.quad_class = 4) AS q4,
				avg(e.goldstein) AS g, COALESCE(min(NULLIF(e.date, '')), '') AS first, max(e.date) AS last
			FROM events e WHERE `+cond+` GROUP BY e.source_id, e.target_id) r
		JOIN entities s ON s.id = r.source_id JOIN entities t ON t.id = r.target_id
		ORDER BY r.n DESC, r.source_id, r.target_id`, p...)
	if err != nil {
		return nil, fmt.Errorf("relations: %w", err)
	}
	var out []newsgraph.Relation
	index := map[[2]string]int{}
	for rows.Next() {
		var r newsgraph.Relation
		var sd, td string
		if err := rows.Scan(&sd, &td, &r.Events, &r.Happenings, &r.Quad[0], &r.Quad[1], &r.Quad[2], &r.Quad[3], &r.Goldstein, &r.First, &r.Last); err != nil {
			rows.Close()
			return nil, fmt.Errorf("relations: %w", err)
		}
		if err := errors.Join(jsonUnmarshal(sd, &r.Source), jsonUnmarshal(td, &r.Target)); err != nil {
			rows.Close()
			return nil, fmt.Errorf("relations: entity record: %w", err)
		}
		index[[2]string{r.Source.ID, r.Target.ID}] = len(out)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("relations: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}

	// Quotes by one about the other.
	rows, err = s.pool.Query(ctx, `SELECT q.speaker_id, a.entity_id, count(*) FROM quotes q
		JOIN quote_about a ON a.doc_id = q.doc_id AND a.start = q.start
		WHERE `+strings.Join(qwhere, " AND ")+` GROUP BY q.speaker_id, a.entity_id`, qp...)
	if err != nil {
		return nil, fmt.Errorf("relations: quotes: %w", err)
	}
	for rows.Next() {
		var k [2]string
		var n int
		if err := rows.Scan(&k[0], &k[1], &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("relations: quotes: %w", err)
		}
		if i, ok := index[k]; ok {
			out[i].Quotes = n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("relations: quotes: %w", err)
	}

	if q.Evidence < 0 {
		return out, nil
	}
	rows, err = s.pool.Query(ctx, `SELECT `+eventColumns+` FROM (SELECT e.*, row_number() OVER (PARTITION BY e.source_id, e.target_id
			ORDER BY e.date DESC, e.doc_id, e.idx) AS rn FROM events e WHERE `+cond+`) e`+eventJoins+`
		WHERE e.rn <= `+p.add(q.Evidence)+` ORDER BY e.source_id, e.target_id, e.rn`, p...)
	if err != nil {
		return nil, fmt.Errorf("relations: evidence: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h newsgraph.EventHit
		if err := scanEvent(rows, &h); err != nil {
			return nil, fmt.Errorf("relations: evidence: %w", err)
		}
		if i, ok := index[[2]string{h.Source.ID, h.Target.ID}]; ok {
			out[i].Evidence = append(out[i].Evidence, h)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("relations: evidence: %w", err)
	}
	return out, nil
}

func jsonUnmarshal(s string, e *newsgraph.Entity) error { return json.Unmarshal([]byte(s), e) }
