package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"newsgraph/store/internal/rowkit"
	"slices"
	"strings"
	"time"

	"newsgraph"
)

var _ newsgraph.EventStore = (*Store)(nil)

// eventWriter writes a new document's events inside a Commit transaction, and adds those between two resolved
// entities to their relation cells (event_pairs, migration 0007): the cells a document touches are summed here and
// written with one statement.
type eventWriter struct{ ins, seen, cells *sql.Stmt }

func prepareEvents(ctx context.Context, tx *sql.Tx) (*eventWriter, error) {
	w := &eventWriter{}
	var err error
	if w.ins, err = tx.PrepareContext(ctx, `INSERT INTO events (doc_id, idx, start, "end", code, root, quad_class, goldstein,
		source_id, source_text, source_cameo, target_id, target_text, target_cameo, date, location_id, reporter_id, cue, happening, sentence)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`); err != nil {
		return nil, err
	}
	// The happenings (a JSON array) that stored events between resolved entities report already.
	if w.seen, err = tx.PrepareContext(ctx, `SELECT DISTINCT happening FROM events
		WHERE happening IN (SELECT value FROM json_each(?)) AND source_id != '' AND target_id != ''`); err != nil {
		w.Close()
		return nil, err
	}
	// Adds cells given as a JSON array of [grain, bucket, source, target, events, happenings, q1, q2, q3, q4,
	// goldstein, first, last].
	if w.cells, err = tx.PrepareContext(ctx, `INSERT INTO event_pairs (grain, bucket, source_id, target_id, events, happenings, q1, q2, q3, q4, goldstein, first, last)
		SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9,
			value->>10, value->>11, value->>12 FROM json_each(?) WHERE true
		ON CONFLICT (grain, bucket, source_id, target_id) DO UPDATE SET events = events + excluded.events, happenings = happenings + excluded.happenings,
			q1 = q1 + excluded.q1, q2 = q2 + excluded.q2, q3 = q3 + excluded.q3, q4 = q4 + excluded.q4, goldstein = goldstein + excluded.goldstein,
			first = CASE WHEN first = '' OR excluded.first != '' AND excluded.first < first THEN excluded.first ELSE first END,
			last = max(last, excluded.last)`); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

func (w *eventWriter) Close() error {
	var errs []error
	for _, st := range []*sql.Stmt{w.ins, w.seen, w.cells} {
		if st != nil {
			errs = append(errs, st.Close())
		}
	}
	return errors.Join(errs...)
}

func (w *eventWriter) add(ctx context.Context, d *newsgraph.Document) error {
	rows := rowkit.Events(d, nil)
	// The happenings of the document's events between resolved entities that other documents report already.
	known := map[string]bool{}
	for _, r := range rows {
		if r.Src.ID != "" && r.Tgt.ID != "" {
			known[r.Happening] = false
		}
	}
	if len(known) > 0 {
		found, err := w.seen.QueryContext(ctx, jsonKeys(known))
		if err != nil {
			return fmt.Errorf("events: %w", err)
		}
		for found.Next() {
			var h string
			if err := found.Scan(&h); err != nil {
				found.Close()
				return fmt.Errorf("events: %w", err)
			}
			known[h] = true
		}
		if err := errors.Join(found.Err(), found.Close()); err != nil {
			return fmt.Errorf("events: %w", err)
		}
	}
	var cells relationDeltas
	for _, r := range rows {
		res, err := w.ins.ExecContext(ctx, d.ID, r.Idx, r.Start, r.End, r.Code, r.Root, r.Quad, r.Goldstein,
			r.Src.ID, r.Src.Text, r.Src.CAMEO, r.Tgt.ID, r.Tgt.Text, r.Tgt.CAMEO, r.Date, r.Loc, r.Rep, r.Cue, r.Happening, r.Sentence)
		if err != nil {
			return fmt.Errorf("event %d: %w", r.Idx, err)
		}
		if r.Src.ID == "" || r.Tgt.ID == "" {
			continue
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			continue // stored before: its cells count it already
		}
		fresh := !known[r.Happening]
		known[r.Happening] = true
		cells.add(r, fresh)
	}
	if len(cells.cells) == 0 {
		return nil
	}
	b, err := json.Marshal(cells.cells)
	if err != nil {
		return fmt.Errorf("events: relation cells: %w", err)
	}
	if _, err := w.cells.ExecContext(ctx, string(b)); err != nil {
		return fmt.Errorf("events: relation cells: %w", err)
	}
	return nil
}

// relationDeltas sums a document's events into the relation cells they count in: each cell a JSON array as the
// cells statement reads it.
type relationDeltas struct {
	index map[[4]string]int
	cells [][13]any
}

// add counts the stored event r, which reports a happening no stored event reported before when fresh.
func (rd *relationDeltas) add(r rowkit.Event, fresh bool) {
	if rd.index == nil {
		rd.index = map[[4]string]int{}
	}
	var quad [4]int
	if r.Quad >= 1 && r.Quad <= 4 {
		quad[r.Quad-1] = 1
	}
	for _, c := range eventCells(r.Date) {
		k := [4]string{c.grain, c.bucket, r.Src.ID, r.Tgt.ID}
		i, ok := rd.index[k]
		if !ok {
			i = len(rd.cells)
			rd.index[k] = i
			rd.cells = append(rd.cells, [13]any{c.grain, c.bucket, r.Src.ID, r.Tgt.ID, 0, 0, 0, 0, 0, 0, 0.0, r.Date, r.Date})
		}
		cell := &rd.cells[i]
		cell[4] = cell[4].(int) + 1
		cell[5] = cell[5].(int) + b2i(fresh)
		for q := range quad {
			cell[6+q] = cell[6+q].(int) + quad[q]
		}
		cell[10] = cell[10].(float64) + r.Goldstein
		if first := cell[11].(string); r.Date != "" && (first == "" || r.Date < first) {
			cell[11] = r.Date
		}
		if r.Date > cell[12].(string) {
			cell[12] = r.Date
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
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

// Relations implements newsgraph.EventStore. The counts come from the relation cells (event_pairs) that cover
// the window (rowkit.WindowParts), summed here; the partial months at its ends from the events themselves.
func (s *Store) Relations(ctx context.Context, q newsgraph.RelationQuery) ([]newsgraph.Relation, error) {
	out, _, err := s.RelationsTotal(ctx, q)
	return out, err
}

// RelationsTotal is Relations that also returns how many relations the window holds, whatever q.Limit. With a
// limit, SQLite sums the cells by relation and keeps the strongest (one statement that returns only those rows
// and the count); without, the cells are read and summed here, which is cheaper when every relation is wanted.
func (s *Store) RelationsTotal(ctx context.Context, q newsgraph.RelationQuery) ([]newsgraph.Relation, int, error) {
	if err := rowkit.RelationQuery(&q); err != nil {
		return nil, 0, err
	}
	// The actor condition as disjoint alternatives on the columns source_id and target_id, each of which an index
	// serves (SQLite plans an OR of them poorly without statistics).
	sides := []side{{}}
	var actor, other string // the resolved actor and other, for the quote counts
	if q.Actor != "" {
		a, err := s.resolve(ctx, "relations: actor", q.Actor)
		if err != nil {
			return nil, 0, err
		}
		if q.Other == "" {
			sides = []side{{"event_pairs_source", ` AND source_id = ?`, []any{a}}, {"event_pairs_target", ` AND target_id = ? AND source_id != ?`, []any{a, a}}}
			actor = a
		} else {
			o, err := s.resolve(ctx, "relations: other", q.Other)
			if err != nil {
				return nil, 0, err
			}
			sides = []side{{"event_pairs_source", ` AND source_id = ? AND target_id = ?`, []any{a, o}}}
			if o != a {
				sides = append(sides, side{"event_pairs_source", ` AND source_id = ? AND target_id = ?`, []any{o, a}})
			}
			actor, other = a, o
		}
	}
	c, a := eventWindow(q.From, q.To)
	// The events of the window, for the evidence: doc_id, idx, source_id, target_id and date.
	var evsel []string
	var evargs []any
	for _, sd := range sides {
		evsel = append(evsel, `SELECT doc_id, idx, source_id, target_id, date FROM events e WHERE e.source_id != '' AND e.target_id != ''`+
			sd.cond+strings.Join(append([]string{""}, c...), " AND "))
		evargs = append(append(evargs, sd.args...), a...)
	}
	evidence := strings.Join(evsel, " UNION ALL ")

	parts := rowkit.WindowParts(q.From, q.To)
	if len(parts) == 0 {
		return nil, 0, nil
	}
	// The cells of the window's parts, one query of each part and side, and its arguments; with packed, each cell
	// packed in a column cell, with its source_id.
	union := func(packed bool) (string, []any) {
		days := func(sd side) string {
			c := `SELECT source_id, target_id, count(*) AS events, count(DISTINCT happening) AS happenings, sum(quad_class = 1) AS q1,
				sum(quad_class = 2) AS q2, sum(quad_class = 3) AS q3, sum(quad_class = 4) AS q4, total(goldstein) AS goldstein, min(date) AS first, max(date) AS last
				FROM events WHERE source_id != '' AND target_id != '' AND date >= ? AND date < ? AND ` + sqlIsDay + sd.cond + ` GROUP BY source_id, target_id`
			if packed {
				c = `SELECT source_id, ` + sqlPackedCell + ` AS cell FROM (` + c + `)`
			}
			return c
		}
		cells := `SELECT source_id, target_id, events, happenings, q1, q2, q3, q4, goldstein, first, last FROM event_pairs`
		if packed {
			cells = `SELECT source_id, cell FROM event_pairs`
		}
		return partsUnion(parts, sides, days, cells)
	}
	top, err := s.oneBucket(ctx, q, parts)
	if err != nil {
		return nil, 0, fmt.Errorf("relations: %w", err)
	}
	var query string
	var sargs []any
	var cells *rowkit.RelationCells
	switch {
	case top != nil && q.Limit > 0:
		// One bucket: each relation is one cell, read with no merge. The strongest are the first rows of
		// event_pairs_rank (migration 0010), in the order of the result, and the count of all is a count over the
		// primary key.
		query = `SELECT ` + sqlPackedCell + `, (SELECT count(*) FROM event_pairs WHERE grain = ?1 AND bucket = ?2)
			FROM event_pairs INDEXED BY event_pairs_rank WHERE grain = ?1 AND bucket = ?2
			ORDER BY events DESC, source_id, target_id LIMIT ?3`
		cells, sargs = rowkit.NewOrderedRelationCells(), top
	case top != nil:
		// One bucket and every relation: a scan of the bucket's primary key (cheaper than the index, which is not
		// covering) hands over the cells by source and target, which rowkit orders by events with a counting sort.
		// The cells of each source come packed (migration 0011) in one row: the driver's work is per row and per
		// column.
		query = `SELECT group_concat(cell, '') FROM event_pairs WHERE grain = ?1 AND bucket = ?2 GROUP BY source_id`
		cells, sargs = rowkit.NewRelationCells(true), top
	case q.Limit > 0:
		// The sums by relation, strongest first as rowkit.RelationCells.relations orders them (TEXT compares bytewise),
		// with the count of all relations: SQLite groups the cells it reads from the covering primary key (or an
		// actor's index) and hands over only the rows kept.
		u, args := union(false)
		query = `SELECT ` + sqlPackedCell + `, n FROM (SELECT source_id, target_id, sum(events) AS events, sum(happenings) AS happenings,
			sum(q1) AS q1, sum(q2) AS q2, sum(q3) AS q3, sum(q4) AS q4, total(goldstein) AS goldstein,
			COALESCE(min(NULLIF(first, '')), '') AS first, max(last) AS last, count(*) OVER () AS n
			FROM (` + u + `) GROUP BY source_id, target_id ORDER BY events DESC, source_id, target_id LIMIT ?)`
		sargs = append(args, q.Limit)
		cells = rowkit.NewRelationCells(true)
	default:
		// Every cell of the window, merged here; those of each source packed in one row.
		u, args := union(true)
		query, sargs = `SELECT group_concat(cell, '') FROM (`+u+`) GROUP BY source_id`, args
		cells = rowkit.NewRelationCells(len(parts) == 1)
	}
	rows, err := s.r.QueryContext(ctx, query, sargs...)
	if err != nil {
		return nil, 0, fmt.Errorf("relations: %w", err)
	}
	defer rows.Close()
	total := 0
	var packed sql.RawBytes
	dest := []any{&packed}
	if q.Limit > 0 {
		dest = append(dest, &total)
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, 0, fmt.Errorf("relations: %w", err)
		}
		if err := cells.AddPacked(packed); err != nil {
			return nil, 0, fmt.Errorf("relations: %w", err)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, 0, fmt.Errorf("relations: %w", err)
	}
	if cells.Len() == 0 {
		return nil, 0, nil
	}
	if q.Limit == 0 {
		total = cells.Len()
	}

	// The entity records, each read once. An entity without a record (none is written without one) keeps its ID.
	ents := make([]newsgraph.Entity, len(cells.IDs()))
	recs := make(map[string]newsgraph.Entity, len(cells.IDs())) // the records read, by ID
	byID := make(map[string]int, len(cells.IDs()))
	for i, id := range cells.IDs() {
		ents[i].ID, byID[id] = id, i
	}
	idj, _ := json.Marshal(cells.IDs()) // strings always marshal
	rows, err = s.r.QueryContext(ctx, `SELECT id, data FROM entities WHERE id IN (SELECT value FROM json_each(?))`, string(idj))
	if err != nil {
		return nil, 0, fmt.Errorf("relations: entities: %w", err)
	}
	for rows.Next() {
		var id, data string
		var e newsgraph.Entity
		if err := rows.Scan(&id, &data); err != nil {
			return nil, 0, fmt.Errorf("relations: entities: %w", err)
		}
		if err := json.Unmarshal([]byte(data), &e); err != nil {
			return nil, 0, fmt.Errorf("relations: entity %s record: %w", id, err)
		}
		if i, ok := byID[id]; ok && e.ID != "" {
			ents[i], recs[id] = e, e
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, 0, fmt.Errorf("relations: entities: %w", err)
	}
	out := cells.Relations(ents)
	// Each relation's place in out, built when a quote or the evidence needs it.
	var index map[[2]string]int
	indexed := func() map[[2]string]int {
		if index == nil {
			index = rowkit.RelationIndex(out)
		}
		return index
	}

	// Quotes by one about the other; with a limit, only those of the actors kept.
	var kept []any // with a limit, the sources and the targets kept, as JSON arrays
	if q.Limit > 0 {
		sources, targets := map[string]bool{}, map[string]bool{}
		for _, r := range out {
			sources[r.Source.ID], targets[r.Target.ID] = true, true
		}
		kept = []any{jsonKeys(sources), jsonKeys(targets)}
	}
	if err := s.quoteCounts(ctx, parts, actor, other, kept, func(speaker, entity string, n int) {
		if i, ok := indexed()[[2]string{speaker, entity}]; ok {
			out[i].Quotes += n
		}
	}); err != nil {
		return nil, 0, fmt.Errorf("relations: quotes: %w", err)
	}

	if q.Evidence < 0 {
		return out, total, nil
	}
	if kept != nil {
		evidence = `SELECT * FROM (` + evidence + `) WHERE source_id IN (SELECT value FROM json_each(?)) AND target_id IN (SELECT value FROM json_each(?))`
		evargs = append(evargs, kept...)
	}
	if err := s.evidence(ctx, evidence, evargs, q.Evidence, out, indexed(), recs); err != nil {
		return nil, 0, fmt.Errorf("relations: evidence: %w", err)
	}
	return out, total, nil
}

// sqlPackedCell packs the columns of a relation cell (source_id, target_id, first, last, events, happenings,
// q1-q4, goldstein) into one text value, as rowkit.PackedCell lays it out. printf's '!' gives 17 significant
// digits, which read back to the same float64.
const sqlPackedCell = `printf('%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%!.17g,%s%s%s%s', length(CAST(source_id AS BLOB)), length(CAST(target_id AS BLOB)),
	length(CAST(first AS BLOB)), length(CAST(last AS BLOB)), events, happenings, q1, q2, q3, q4, goldstein, source_id, target_id, first, last)`

// oneBucket returns the arguments (grain, bucket, and with a limit the limit) of the query of the relations from
// the index event_pairs_rank, in the order of the result, when q wants the relations of any actors in a window that
// is one bucket of relation cells (rowkit.OneBucket) with no cell of events dated otherwise; else nil.
func (s *Store) oneBucket(ctx context.Context, q newsgraph.RelationQuery, parts []rowkit.CellPart) ([]any, error) {
	grain, bucket, odd, ok := rowkit.OneBucket(parts)
	if q.Actor != "" || !ok {
		return nil, nil
	}
	if odd != nil {
		var some bool
		if err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM event_pairs WHERE grain = 'd' AND bucket >= ? AND bucket < ?)`,
			odd.Lo, odd.Hi).Scan(&some); err != nil || some {
			return nil, err
		}
	}
	if q.Limit == 0 {
		return []any{grain, bucket}, nil
	}
	return []any{grain, bucket, q.Limit}, nil
}

// partsUnion joins with UNION ALL one query for each part of a window (rowkit.WindowParts) and each side of an
// actor condition, with their arguments: days(sd) for the events of the days of a partial month (whose first
// arguments are the part's bounds, then sd's), else cells (a SELECT from a table of cells) over the part's grain
// and range of buckets, through sd's index, with sd's condition.
func partsUnion(parts []rowkit.CellPart, sides []side, days func(sd side) string, cells string) (string, []any) {
	var sel []string
	var args []any
	for _, p := range parts {
		for _, sd := range sides {
			if p.Grain == "" {
				sel = append(sel, days(sd))
				args = append(append(args, p.Lo, p.Hi), sd.args...)
				continue
			}
			c := cells
			if sd.index != "" {
				c += ` INDEXED BY ` + sd.index
			}
			c += ` WHERE grain = ?`
			args = append(args, p.Grain)
			if p.Lo != "" {
				c += ` AND bucket >= ?`
				args = append(args, p.Lo)
			}
			if p.Hi != "" {
				c += ` AND bucket < ?`
				args = append(args, p.Hi)
			}
			sel = append(sel, c+sd.cond)
			args = append(args, sd.args...)
		}
	}
	return strings.Join(sel, " UNION ALL "), args
}

// side is one of the disjoint alternatives of an actor condition: the index of event_pairs that serves it, SQL to
// append to a WHERE clause, and its arguments.
type side struct {
	index, cond string
	args        []any
}

// sqlIsDay is rowkit.IsDay of the column date.
const sqlIsDay = `date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND substr(date, 6, 2) BETWEEN '01' AND '12' AND substr(date, 9, 2) BETWEEN '01' AND '31'`

// cellKey names a relation cell: its grain and bucket (migration 0007).
type cellKey struct{ grain, bucket string }

// eventCells returns the cells an event dated date counts in.
func eventCells(date string) []cellKey {
	switch {
	case rowkit.IsDay(date):
		return []cellKey{{"a", ""}, {"y", date[:4]}, {"m", date[:7]}}
	case date != "":
		return []cellKey{{"a", ""}, {"d", date}}
	}
	return []cellKey{{"a", ""}}
}

// evidence adds to each relation of out its newest n events among those the query from selects (their doc_id,
// idx, source_id, target_id and date) with args. ents holds the entity records of the relations' actors. The events
// are picked from the indexes that cover the window, then read with their documents, names and report counts,
// each looked up once.
func (s *Store) evidence(ctx context.Context, from string, args []any, n int, out []newsgraph.Relation, index map[[2]string]int,
	ents map[string]newsgraph.Entity) error {
	rows, err := s.r.QueryContext(ctx, `SELECT e.doc_id, e.idx, e.start, e."end", e.sentence, e.cue, e.code, e.root, e.quad_class, e.goldstein,
			e.source_id, e.source_text, e.source_cameo, e.target_id, e.target_text, e.target_cameo, e.date, e.location_id, e.reporter_id, e.happening
		FROM (SELECT e.doc_id, e.idx, row_number() OVER (PARTITION BY e.source_id, e.target_id ORDER BY e.date DESC, e.doc_id, e.idx) AS rn
			FROM (`+from+`) e) k
		JOIN events e ON e.doc_id = k.doc_id AND e.idx = k.idx WHERE k.rn <= ?`, append(args, n)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	docs := map[string]*newsgraph.Document{}
	names := map[string]string{} // entity ID -> name, for the places and reporters
	reports := map[string]int{}  // happening -> reports
	for rows.Next() {
		var h newsgraph.EventHit
		if err := rows.Scan(&h.Doc.ID, &h.Index, &h.Span.Start, &h.Span.End, &h.Sentence, &h.Cue, &h.Code, &h.Root, &h.QuadClass, &h.Goldstein,
			&h.Source.ID, &h.Source.Name, &h.Source.CAMEO, &h.Target.ID, &h.Target.Name, &h.Target.CAMEO, &h.Date, &h.Location.ID, &h.Reporter.ID, &h.Happening); err != nil {
			return err
		}
		r, ok := index[[2]string{h.Source.ID, h.Target.ID}]
		if !ok {
			continue
		}
		docs[h.Doc.ID] = nil
		reports[h.Happening] = 0
		for _, id := range []string{h.Location.ID, h.Reporter.ID} {
			if id != "" {
				names[id] = ""
			}
		}
		out[r].Evidence = append(out[r].Evidence, h)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}

	// Each document once.
	rows, err = s.r.QueryContext(ctx, `SELECT `+docColumns+` FROM documents d WHERE d.id IN (SELECT value FROM json_each(?))`, jsonKeys(docs))
	if err != nil {
		return fmt.Errorf("documents: %w", err)
	}
	for rows.Next() {
		d := new(newsgraph.Document)
		if err := scanDoc(rows, d); err != nil {
			rows.Close()
			return fmt.Errorf("documents: %w", err)
		}
		docs[d.ID] = d
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("documents: %w", err)
	}
	// The names of the places and reporters, and the reports of each happening.
	if len(names) > 0 {
		rows, err = s.r.QueryContext(ctx, `SELECT id, name FROM entities WHERE id IN (SELECT value FROM json_each(?))`, jsonKeys(names))
		if err != nil {
			return fmt.Errorf("names: %w", err)
		}
		for rows.Next() {
			var id, name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return fmt.Errorf("names: %w", err)
			}
			names[id] = name
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return fmt.Errorf("names: %w", err)
		}
	}
	rows, err = s.r.QueryContext(ctx, `SELECT happening, count(*) FROM events WHERE happening IN (SELECT value FROM json_each(?)) GROUP BY happening`, jsonKeys(reports))
	if err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return fmt.Errorf("reports: %w", err)
		}
		reports[k] = n
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("reports: %w", err)
	}

	for i := range out {
		ev := out[i].Evidence
		for j := range ev {
			h := &ev[j]
			if d := docs[h.Doc.ID]; d != nil {
				h.Doc = *d
			}
			// As Events names them: the canonical name, else the words.
			if e, ok := ents[h.Source.ID]; ok && e.ID != "" {
				h.Source.Name = e.Name
			}
			if e, ok := ents[h.Target.ID]; ok && e.ID != "" {
				h.Target.Name = e.Name
			}
			h.Location.Name, h.Reporter.Name = names[h.Location.ID], names[h.Reporter.ID]
			h.Reports = reports[h.Happening]
		}
		slices.SortFunc(ev, rowkit.NewestFirst)
	}
	return nil
}

// jsonKeys renders the keys of m as a JSON array, for json_each.
func jsonKeys[V any](m map[string]V) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	b, _ := json.Marshal(keys) // strings always marshal
	return string(b)
}

// quoteCounts calls add with the number of quotes by speaker that mention entity (rows of quotes joined with
// quote_about, on the quote's date) in the window split into parts (rowkit.WindowParts), for each such pair with a
// resolved speaker, maybe more than once for a pair (add sums). They come from the quote cells (quote_pairs,
// migration 0009), the partial months from the quotes themselves. actor limits them to the pairs with actor on
// either side, with other too to those between the two; kept, when not nil, to the speakers in the JSON array
// kept[0] and the entities in kept[1].
func (s *Store) quoteCounts(ctx context.Context, parts []rowkit.CellPart, actor, other string, kept []any, add func(speaker, entity string, n int)) error {
	// The actor condition as disjoint alternatives, each served by an index of quote_pairs.
	sides := []side{{"quote_pairs_speaker", "", nil}}
	if kept == nil {
		sides[0].index = ""
	}
	switch {
	case other != "":
		sides = []side{{"quote_pairs_speaker", ` AND speaker_id = ? AND entity_id = ?`, []any{actor, other}}}
		if other != actor {
			sides = append(sides, side{"quote_pairs_speaker", ` AND speaker_id = ? AND entity_id = ?`, []any{other, actor}})
		}
	case actor != "":
		sides = []side{{"quote_pairs_speaker", ` AND speaker_id = ?`, []any{actor}}, {"quote_pairs_about", ` AND entity_id = ? AND speaker_id != ?`, []any{actor, actor}}}
	}
	if kept != nil {
		for i := range sides {
			sides[i].cond += ` AND speaker_id IN (SELECT value FROM json_each(?)) AND entity_id IN (SELECT value FROM json_each(?))`
			sides[i].args = append(slices.Clip(sides[i].args), kept...)
		}
	}
	query, args := partsUnion(parts, sides, func(sd side) string {
		cond := strings.NewReplacer("speaker_id", "q.speaker_id", "entity_id", "a.entity_id").Replace(sd.cond)
		return `SELECT q.speaker_id, a.entity_id, count(*) FROM quotes q JOIN quote_about a ON a.doc_id = q.doc_id AND a.start = q.start
			WHERE q.speaker_id != '' AND q.date >= ? AND q.date < ? AND ` + strings.ReplaceAll(sqlIsDay, "date", "q.date") + cond + `
			GROUP BY q.speaker_id, a.entity_id`
	}, `SELECT speaker_id, entity_id, quotes FROM quote_pairs`)
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var speaker, entity string
		var n int
		if err := rows.Scan(&speaker, &entity, &n); err != nil {
			return err
		}
		add(speaker, entity, n)
	}
	return errors.Join(rows.Err(), rows.Close())
}
