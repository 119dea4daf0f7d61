package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"newsgraph/store/internal/rowkit"
	"strings"
	"time"

	"newsgraph"
)

var _ newsgraph.EventStore = (*Store)(nil)

// eventWriter writes a new document's events inside a Commit transaction.
type eventWriter struct{ ins *sql.Stmt }

func prepareEvents(ctx context.Context, tx *sql.Tx) (*eventWriter, error) {
	ins, err := tx.PrepareContext(ctx, `INSERT INTO events (doc_id, idx, start, "end", code, root, quad_class, goldstein,
		source_id, source_text, source_cameo, target_id, target_text, target_cameo, date, location_id, reporter_id, cue, happening, sentence)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
	if err != nil {
		return nil, err
	}
	return &eventWriter{ins: ins}, nil
}

func (w *eventWriter) Close() error { return w.ins.Close() }

func (w *eventWriter) add(ctx context.Context, d *newsgraph.Document) error {
	for _, r := range rowkit.Events(d, nil) {
		if _, err := w.ins.ExecContext(ctx, d.ID, r.Idx, r.Start, r.End, r.Code, r.Root, r.Quad, r.Goldstein,
			r.Src.ID, r.Src.Text, r.Src.CAMEO, r.Tgt.ID, r.Tgt.Text, r.Tgt.CAMEO, r.Date, r.Loc, r.Rep, r.Cue, r.Happening, r.Sentence); err != nil {
			return fmt.Errorf("event %d: %w", r.Idx, err)
		}
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

func scanEvent(sc interface{ Scan(...any) error }, h *newsgraph.EventHit, extra ...any) error {
	return scanDoc(sc, &h.Doc, append([]any{&h.Index, &h.Span.Start, &h.Span.End, &h.Sentence, &h.Cue, &h.Code, &h.Root, &h.QuadClass, &h.Goldstein,
		&h.Source.ID, &h.Source.Name, &h.Source.CAMEO, &h.Target.ID, &h.Target.Name, &h.Target.CAMEO,
		&h.Date, &h.Location.ID, &h.Location.Name, &h.Reporter.ID, &h.Reporter.Name, &h.Happening, &h.Reports}, extra...)...)
}

// scanHit is scanEvent without extra columns, a rowkit.EventScanner.
func scanHit(sc rowkit.Scanner, h *newsgraph.EventHit) error { return scanEvent(sc, h) }

// Events implements newsgraph.EventStore.
func (s *Store) Events(ctx context.Context, q newsgraph.EventQuery) ([]newsgraph.EventHit, int, error) {
	if err := rowkit.Page("events", &q.Limit, q.Offset); err != nil {
		return nil, 0, err
	}
	where := []string{"1"}
	var args []any
	for _, f := range []struct{ what, ref, cond string }{
		{"actor", q.Actor, `e.source_id = ?`},
		{"target", q.Target, `e.target_id = ?`},
		{"involving", q.Involving, `(e.source_id = ? OR e.target_id = ?)`},
	} {
		if f.ref == "" {
			continue
		}
		id, err := s.resolve(ctx, f.what, f.ref)
		if err != nil {
			return nil, 0, fmt.Errorf("events: %w", err)
		}
		where = append(where, f.cond)
		for range strings.Count(f.cond, "?") {
			args = append(args, id)
		}
	}
	if q.Code != "" {
		p, err := rowkit.CodePrefix(q.Code)
		if err != nil {
			return nil, 0, fmt.Errorf("events: %w", err)
		}
		where = append(where, `e.code LIKE ?`)
		args = append(args, p)
	}
	if q.Happening != "" {
		where = append(where, `e.happening = ?`)
		args = append(args, q.Happening)
	}
	c, a := eventWindow(q.From, q.To)
	where = append(where, c...)
	args = append(args, a...)
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM events e WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("events: %w", err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+eventColumns+` FROM events e`+eventJoins+` WHERE `+cond+`
		ORDER BY e.date DESC, d.published DESC, e.doc_id, e.idx LIMIT ? OFFSET ?`, append(args, q.Limit, q.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("events: %w", err)
	}
	defer rows.Close()
	out, err := rowkit.EventHits(rows, scanHit)
	if err != nil {
		return nil, 0, fmt.Errorf("events: %w", err)
	}
	return out, total, nil
}

// eventWindow renders an inclusive date window as conditions on the date column of events e.
func eventWindow(from, to time.Time) ([]string, []any) {
	var where []string
	var args []any
	if !from.IsZero() {
		where = append(where, `e.date >= ?`)
		args = append(args, from.Format("2006-01-02"))
	}
	if !to.IsZero() {
		where = append(where, `e.date != '' AND e.date < ?`)
		args = append(args, to.AddDate(0, 0, 1).Format("2006-01-02"))
	}
	return where, args
}

// Relations implements newsgraph.EventStore.
func (s *Store) Relations(ctx context.Context, q newsgraph.RelationQuery) ([]newsgraph.Relation, error) {
	if err := rowkit.RelationQuery(&q); err != nil {
		return nil, err
	}
	where := []string{`e.source_id != ''`, `e.target_id != ''`}
	var args []any
	qwhere := []string{`q.speaker_id != ''`}
	var qargs []any
	if q.Actor != "" {
		a, err := s.resolve(ctx, "relations: actor", q.Actor)
		if err != nil {
			return nil, err
		}
		if q.Other == "" {
			where = append(where, `(e.source_id = ? OR e.target_id = ?)`)
			args = append(args, a, a)
			qwhere = append(qwhere, `(q.speaker_id = ? OR a.entity_id = ?)`)
			qargs = append(qargs, a, a)
		} else {
			o, err := s.resolve(ctx, "relations: other", q.Other)
			if err != nil {
				return nil, err
			}
			where = append(where, `(e.source_id = ? AND e.target_id = ? OR e.source_id = ? AND e.target_id = ?)`)
			args = append(args, a, o, o, a)
			qwhere = append(qwhere, `(q.speaker_id = ? AND a.entity_id = ? OR q.speaker_id = ? AND a.entity_id = ?)`)
			qargs = append(qargs, a, o, o, a)
		}
	}
	c, a := eventWindow(q.From, q.To)
	where, args = append(where, c...), append(args, a...)
	for _, c := range c {
		qwhere = append(qwhere, strings.ReplaceAll(c, "e.date", "q.date"))
	}
	qargs = append(qargs, a...)
	cond := strings.Join(where, " AND ")

	rows, err := s.r.QueryContext(ctx, `SELECT e.source_id, e.target_id, count(*) AS n, count(DISTINCT e.happening),
			sum(e.quad_class = 1), sum(e.quad_class = 2), sum(e.quad_class = 3), sum(e.quad_class = 4),
			avg(e.goldstein), COALESCE(min(NULLIF(e.date, '')), ''), max(e.date)
		FROM events e WHERE `+cond+` GROUP BY e.source_id, e.target_id ORDER BY n DESC, e.source_id, e.target_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("relations: %w", err)
	}
	defer rows.Close()
	var out []newsgraph.Relation
	ents := map[string]newsgraph.Entity{}
	for rows.Next() {
		var r newsgraph.Relation
		if err := rows.Scan(&r.Source.ID, &r.Target.ID, &r.Events, &r.Happenings, &r.Quad[0], &r.Quad[1], &r.Quad[2], &r.Quad[3], &r.Goldstein, &r.First, &r.Last); err != nil {
			return nil, fmt.Errorf("relations: %w", err)
		}
		ents[r.Source.ID], ents[r.Target.ID] = newsgraph.Entity{}, newsgraph.Entity{}
		out = append(out, r)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("relations: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	index := rowkit.RelationIndex(out)

	// The entity records, each read once.
	ids := make([]string, 0, len(ents))
	for id := range ents {
		ids = append(ids, id)
	}
	idj, _ := json.Marshal(ids) // strings always marshal
	rows, err = s.r.QueryContext(ctx, `SELECT id, data FROM entities WHERE id IN (SELECT value FROM json_each(?))`, string(idj))
	if err != nil {
		return nil, fmt.Errorf("relations: entities: %w", err)
	}
	for rows.Next() {
		var id, data string
		var e newsgraph.Entity
		if err := rows.Scan(&id, &data); err != nil {
			return nil, fmt.Errorf("relations: entities: %w", err)
		}
		if err := json.Unmarshal([]byte(data), &e); err != nil {
			return nil, fmt.Errorf("relations: entity %s record: %w", id, err)
		}
		ents[id] = e
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("relations: entities: %w", err)
	}
	for i := range out {
		// An entity without a record (none is written without one) keeps its ID.
		if e := ents[out[i].Source.ID]; e.ID != "" {
			out[i].Source = e
		}
		if e := ents[out[i].Target.ID]; e.ID != "" {
			out[i].Target = e
		}
	}

	// Quotes by one about the other.
	rows, err = s.r.QueryContext(ctx, `SELECT q.speaker_id, a.entity_id, count(*) FROM quotes q
		JOIN quote_about a ON a.doc_id = q.doc_id AND a.start = q.start
		WHERE `+strings.Join(qwhere, " AND ")+` GROUP BY q.speaker_id, a.entity_id`, qargs...)
	if err != nil {
		return nil, fmt.Errorf("relations: quotes: %w", err)
	}
	if err := errors.Join(rowkit.RelationQuotes(rows, out, index), rows.Close()); err != nil {
		return nil, fmt.Errorf("relations: quotes: %w", err)
	}

	if q.Evidence < 0 {
		return out, nil
	}
	rows, err = s.r.QueryContext(ctx, `SELECT `+eventColumns+` FROM (SELECT e.*, row_number() OVER (PARTITION BY e.source_id, e.target_id
			ORDER BY e.date DESC, e.doc_id, e.idx) AS rn FROM events e WHERE `+cond+`) e`+eventJoins+`
		WHERE e.rn <= ? ORDER BY e.source_id, e.target_id, e.rn`, append(args, q.Evidence)...)
	if err != nil {
		return nil, fmt.Errorf("relations: evidence: %w", err)
	}
	defer rows.Close()
	if err := rowkit.RelationEvidence(rows, out, index, scanHit); err != nil {
		return nil, fmt.Errorf("relations: evidence: %w", err)
	}
	return out, nil
}
