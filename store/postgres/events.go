package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"newsgraph/store/internal/rowkit"
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
		for _, r := range rowkit.Events(d, clean) {
			doc, idx, start, end = append(doc, d.ID), append(idx, int32(r.Idx)), append(start, int32(r.Start)), append(end, int32(r.End))
			code, root, quad, gold = append(code, r.Code), append(root, r.Root), append(quad, int32(r.Quad)), append(gold, r.Goldstein)
			srcID, srcText, srcCameo = append(srcID, r.Src.ID), append(srcText, r.Src.Text), append(srcCameo, r.Src.CAMEO)
			tgtID, tgtText, tgtCameo = append(tgtID, r.Tgt.ID), append(tgtText, r.Tgt.Text), append(tgtCameo, r.Tgt.CAMEO)
			date, loc, rep, cue = append(date, r.Date), append(loc, r.Loc), append(rep, r.Rep), append(cue, r.Cue)
			happening, sentence = append(happening, r.Happening), append(sentence, r.Sentence)
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

// resolve resolves an actor reference to the entity ID it most likely names.
func (s *Store) resolve(ctx context.Context, what, ref string) (string, error) {
	return rowkit.Resolve(ctx, what, ref, s.entityIDs)
}

// eventColumns selects what scanEvent reads, from events e joined with documents d.
const eventColumns = docColumns + `, e.idx, e.start, e."end", e.sentence, e.cue, e.code, e.root, e.quad_class, e.goldstein,
	e.source_id, COALESCE(se.name, e.source_text), e.source_cameo, e.target_id, COALESCE(te.name, e.target_text), e.target_cameo,
	e.date, e.location_id, COALESCE(le.name, ''), e.reporter_id, COALESCE(re.name, ''), e.happening,
	(SELECT count(*) FROM events x WHERE x.happening = e.happening)`

const eventJoins = ` JOIN documents d ON d.id = e.doc_id LEFT JOIN entities se ON se.id = e.source_id LEFT JOIN entities te ON te.id = e.target_id
	LEFT JOIN entities le ON le.id = e.location_id LEFT JOIN entities re ON re.id = e.reporter_id`

func scanEvent(sc rowkit.Scanner, h *newsgraph.EventHit) error {
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
	if err := rowkit.Page("events", &q.Limit, q.Offset); err != nil {
		return nil, 0, err
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
		pat, err := rowkit.CodePrefix(q.Code)
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
	out, err := rowkit.EventHits(rows, scanEvent)
	if err != nil {
		return nil, 0, fmt.Errorf("events: %w", err)
	}
	return out, total, nil
}

// Relations implements newsgraph.EventStore.
func (s *Store) Relations(ctx context.Context, q newsgraph.RelationQuery) ([]newsgraph.Relation, error) {
	if err := rowkit.RelationQuery(&q); err != nil {
		return nil, err
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
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("relations: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	index := rowkit.RelationIndex(out)

	// Quotes by one about the other.
	rows, err = s.pool.Query(ctx, `SELECT q.speaker_id, a.entity_id, count(*) FROM quotes q
		JOIN quote_about a ON a.doc_id = q.doc_id AND a.start = q.start
		WHERE `+strings.Join(qwhere, " AND ")+` GROUP BY q.speaker_id, a.entity_id`, qp...)
	if err != nil {
		return nil, fmt.Errorf("relations: quotes: %w", err)
	}
	err = rowkit.RelationQuotes(rows, out, index)
	rows.Close()
	if err != nil {
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
	if err := rowkit.RelationEvidence(rows, out, index, scanEvent); err != nil {
		return nil, fmt.Errorf("relations: evidence: %w", err)
	}
	return out, nil
}

func jsonUnmarshal(s string, e *newsgraph.Entity) error { return json.Unmarshal([]byte(s), e) }
