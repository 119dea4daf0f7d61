package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
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
	for _, r := range eventRows(d) {
		if _, err := w.ins.ExecContext(ctx, d.ID, r.idx, r.start, r.end, r.code, r.root, r.quad, r.goldstein,
			r.src.id, r.src.text, r.src.cameo, r.tgt.id, r.tgt.text, r.tgt.cameo, r.date, r.loc, r.rep, r.cue, r.happening, r.sentence); err != nil {
			return fmt.Errorf("event %d: %w", r.idx, err)
		}
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

// eventRows returns the storable events of d: those with a code and a span inside the text.
func eventRows(d *newsgraph.Document) []eventRow {
	valid := func(s newsgraph.Span) bool { return s.Start >= 0 && s.Start < s.End && s.End <= len(d.Text) }
	entity := func(i int) string {
		if i >= 0 && i < len(d.Entities) {
			return d.Entities[i].ID
		}
		return ""
	}
	actor := func(a newsgraph.EventActor) actorRow {
		r := actorRow{id: entity(a.Entity), cameo: a.CAMEO}
		if valid(a.Span) {
			r.text = a.In(d.Text)
		}
		return r
	}
	var out []eventRow
	for i, e := range d.Events {
		if len(e.Code) < 2 || !valid(e.Span) {
			continue
		}
		r := eventRow{idx: i, start: e.Start, end: e.End, quad: e.QuadClass, code: e.Code, root: e.Code[:2], goldstein: e.Goldstein,
			src: actor(e.Source), tgt: actor(e.Target), loc: entity(e.Location), rep: entity(e.Reporter)}
		if valid(e.Cue) {
			r.cue = e.Cue.In(d.Text)
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
		r.sentence = sent.In(d.Text)
		if len(r.date) < 4 || strings.Trim(r.date[:4], "0123456789") != "" {
			r.date = "" // "XXXX-12-07": a date without its year cannot be placed in a window
		}
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

func scanEvent(sc interface{ Scan(...any) error }, h *newsgraph.EventHit, extra ...any) error {
	return scanDoc(sc, &h.Doc, append([]any{&h.Index, &h.Span.Start, &h.Span.End, &h.Sentence, &h.Cue, &h.Code, &h.Root, &h.QuadClass, &h.Goldstein,
		&h.Source.ID, &h.Source.Name, &h.Source.CAMEO, &h.Target.ID, &h.Target.Name, &h.Target.CAMEO,
		&h.Date, &h.Location.ID, &h.Location.Name, &h.Reporter.ID, &h.Reporter.Name, &h.Happening, &h.Reports}, extra...)...)
}

// Events implements newsgraph.EventStore.
func (s *Store) Events(ctx context.Context, q newsgraph.EventQuery) ([]newsgraph.EventHit, int, error) {
	if q.Limit <= 0 {
		q.Limit = 20
	}
	if q.Offset < 0 {
		return nil, 0, fmt.Errorf("events: negative offset %d: %w", q.Offset, newsgraph.ErrBadQuery)
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
		p, err := codePrefix(q.Code)
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
	if q.Other != "" && q.Actor == "" {
		return nil, fmt.Errorf("relations: other %q without an actor: %w", q.Other, newsgraph.ErrBadQuery)
	}
	if q.Evidence == 0 {
		q.Evidence = 3
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
	index := map[[2]string]int{}
	ents := map[string]newsgraph.Entity{}
	for rows.Next() {
		var r newsgraph.Relation
		if err := rows.Scan(&r.Source.ID, &r.Target.ID, &r.Events, &r.Happenings, &r.Quad[0], &r.Quad[1], &r.Quad[2], &r.Quad[3], &r.Goldstein, &r.First, &r.Last); err != nil {
			return nil, fmt.Errorf("relations: %w", err)
		}
		index[[2]string{r.Source.ID, r.Target.ID}] = len(out)
		ents[r.Source.ID], ents[r.Target.ID] = newsgraph.Entity{}, newsgraph.Entity{}
		out = append(out, r)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("relations: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}

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
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
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
