package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"newsgraph/store/internal/rowkit"
	"slices"
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
	// One writer at a time adds to the relation cells: a happening is new when no committed event reports it, and
	// concurrent commits would otherwise both count it (and could lock cells in opposite orders).
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, eventPairsLock); err != nil {
		return fmt.Errorf("events: lock relation cells: %w", err)
	}
	// The events, and the cells of those between resolved entities that were not stored before (migration 0006).
	// The statement sees the events as they were before it: a happening is new when none of them reports it.
	if _, err := tx.Exec(ctx, `WITH ins AS (
			INSERT INTO events (doc_id, idx, start, "end", code, root, quad_class, goldstein,
				source_id, source_text, source_cameo, target_id, target_text, target_cameo, date, location_id, reporter_id, cue, happening, sentence)
			SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::int[], $8::float8[],
				$9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[])
			ON CONFLICT DO NOTHING
			RETURNING source_id, target_id, date, quad_class, goldstein, happening
		), rel AS (
			SELECT i.*, i.date ~ '`+pgIsDay+`' AS day,
				NOT EXISTS (SELECT 1 FROM events x WHERE x.happening = i.happening AND x.source_id != '' AND x.target_id != '') AS fresh
			FROM ins i WHERE i.source_id != '' AND i.target_id != ''
		)
		INSERT INTO event_pairs (grain, bucket, source_id, target_id, events, happenings, q1, q2, q3, q4, goldstein, first, last)
		SELECT c.grain, c.bucket, r.source_id, r.target_id, count(*), count(DISTINCT r.happening) FILTER (WHERE r.fresh),
			count(*) FILTER (WHERE r.quad_class = 1), count(*) FILTER (WHERE r.quad_class = 2),
			count(*) FILTER (WHERE r.quad_class = 3), count(*) FILTER (WHERE r.quad_class = 4), sum(r.goldstein),
			COALESCE(min(NULLIF(r.date, '')), ''), max(r.date)
		FROM rel r CROSS JOIN LATERAL (VALUES ('a', ''),
			(CASE WHEN r.day THEN 'y' WHEN r.date != '' THEN 'd' END, CASE WHEN r.day THEN left(r.date, 4) ELSE r.date END),
			(CASE WHEN r.day THEN 'm' END, left(r.date, 7))) c (grain, bucket)
		WHERE c.grain IS NOT NULL
		GROUP BY c.grain, c.bucket, r.source_id, r.target_id
		ON CONFLICT (grain, bucket, source_id, target_id) DO UPDATE SET
			events = event_pairs.events + excluded.events, happenings = event_pairs.happenings + excluded.happenings,
			q1 = event_pairs.q1 + excluded.q1, q2 = event_pairs.q2 + excluded.q2, q3 = event_pairs.q3 + excluded.q3, q4 = event_pairs.q4 + excluded.q4,
			goldstein = event_pairs.goldstein + excluded.goldstein,
			first = CASE WHEN event_pairs.first = '' OR excluded.first != '' AND excluded.first < event_pairs.first THEN excluded.first ELSE event_pairs.first END,
			last = greatest(event_pairs.last, excluded.last)`,
		doc, idx, start, end, code, root, quad, gold, srcID, srcText, srcCameo, tgtID, tgtText, tgtCameo, date, loc, rep, cue, happening, sentence); err != nil {
		return fmt.Errorf("events: %w", err)
	}
	return nil
}

// eventPairsLock is the key of the advisory lock that serialises the writers of relation cells.
const eventPairsLock int64 = 0x6e657773_70616972 // "newspair"

// pgIsDay matches the event dates that name a day, as rowkit.IsDay does.
const pgIsDay = `^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`

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

// Relations implements newsgraph.EventStore. The counts come from the relation cells (event_pairs) that cover
// the window (rowkit.WindowParts), summed here; the partial months at its ends from the events themselves.
func (s *Store) Relations(ctx context.Context, q newsgraph.RelationQuery) ([]newsgraph.Relation, error) {
	out, _, err := s.RelationsTotal(ctx, q)
	return out, err
}

// RelationsTotal is Relations that also returns how many relations the window holds, whatever q.Limit. With a
// limit, PostgreSQL sums the cells by relation and keeps the strongest (one statement that returns only those rows
// and the count); without, the cells are read and summed here.
func (s *Store) RelationsTotal(ctx context.Context, q newsgraph.RelationQuery) ([]newsgraph.Relation, int, error) {
	if err := rowkit.RelationQuery(&q); err != nil {
		return nil, 0, err
	}
	var ids []string // the actor, and the other
	if q.Actor != "" {
		a, err := s.resolve(ctx, "relations: actor", q.Actor)
		if err != nil {
			return nil, 0, err
		}
		ids = append(ids, a)
		if q.Other != "" {
			o, err := s.resolve(ctx, "relations: other", q.Other)
			if err != nil {
				return nil, 0, err
			}
			ids = append(ids, o)
		}
	}
	// pair renders the actor condition on the columns source and target, its arguments added to p.
	pair := func(p *params, source, target string) string {
		switch len(ids) {
		case 1:
			x := p.add(ids[0])
			return ` AND (` + source + ` = ` + x + ` OR ` + target + ` = ` + x + `)`
		case 2:
			x, y := p.add(ids[0]), p.add(ids[1])
			return ` AND (` + source + ` = ` + x + ` AND ` + target + ` = ` + y + ` OR ` + source + ` = ` + y + ` AND ` + target + ` = ` + x + `)`
		}
		return ""
	}

	parts := rowkit.WindowParts(q.From, q.To)
	if len(parts) == 0 {
		return nil, 0, nil
	}
	var sel []string
	var p params
	for _, part := range parts {
		if part.Grain == "" {
			sel = append(sel, `SELECT source_id, target_id, count(*)::int, count(DISTINCT happening)::int,
				count(*) FILTER (WHERE quad_class = 1)::int, count(*) FILTER (WHERE quad_class = 2)::int,
				count(*) FILTER (WHERE quad_class = 3)::int, count(*) FILTER (WHERE quad_class = 4)::int,
				sum(goldstein), min(date), max(date)
				FROM events WHERE source_id != '' AND target_id != '' AND date >= `+p.add(part.Lo)+` AND date < `+p.add(part.Hi)+
				` AND date ~ '`+pgIsDay+`'`+pair(&p, "source_id", "target_id")+` GROUP BY source_id, target_id`)
			continue
		}
		c := `SELECT source_id, target_id, events, happenings, q1, q2, q3, q4, goldstein, first, last FROM event_pairs WHERE grain = ` + p.add(part.Grain)
		if part.Lo != "" {
			c += ` AND bucket >= ` + p.add(part.Lo)
		}
		if part.Hi != "" {
			c += ` AND bucket < ` + p.add(part.Hi)
		}
		sel = append(sel, c+pair(&p, "source_id", "target_id"))
	}
	query := strings.Join(sel, " UNION ALL ")
	grain, bucket, odd, one := rowkit.OneBucket(parts)
	if one && q.Limit > 0 && len(ids) == 0 && odd != nil {
		// The window is one bucket when no cell of events dated otherwise is in it.
		var some bool
		if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM event_pairs WHERE grain = 'd' AND bucket >= $1 AND bucket < $2)`,
			odd.Lo, odd.Hi).Scan(&some); err != nil {
			return nil, 0, fmt.Errorf("relations: %w", err)
		}
		one = !some
	}
	switch {
	case one && q.Limit > 0 && len(ids) == 0:
		// One bucket: each relation is one cell, the strongest are the first rows of event_pairs_rank (migration
		// 0009), and the count of all is a count over the primary key.
		query = `SELECT source_id, target_id, events, happenings, q1, q2, q3, q4, goldstein, first, last,
				(SELECT count(*) FROM event_pairs WHERE grain = $1 AND bucket = $2)::int
			FROM event_pairs WHERE grain = $1 AND bucket = $2 ORDER BY events DESC, source_id, target_id LIMIT $3`
		p = params{grain, bucket, q.Limit}
	case q.Limit > 0:
		// The sums by relation, strongest first as rowkit.RelationCells.relations orders them (IDs compared bytewise:
		// COLLATE "C"), with the count of all relations, so that only the rows kept are sent.
		query = `SELECT source_id, target_id, sum(events)::int AS n, sum(happenings)::int, sum(q1)::int, sum(q2)::int, sum(q3)::int, sum(q4)::int,
			sum(goldstein)::float8, COALESCE(min(NULLIF(first, '')), ''), max(last), (count(*) OVER ())::int
			FROM (` + query + `) c (source_id, target_id, events, happenings, q1, q2, q3, q4, goldstein, first, last)
			GROUP BY source_id, target_id ORDER BY n DESC, source_id COLLATE "C", target_id COLLATE "C" LIMIT ` + p.add(q.Limit)
	}
	rows, err := s.pool.Query(ctx, query, p...)
	if err != nil {
		return nil, 0, fmt.Errorf("relations: %w", err)
	}
	cells := rowkit.NewRelationCells(len(parts) == 1 || q.Limit > 0)
	total := 0
	for rows.Next() {
		var c rowkit.RelationCell
		var source, target string
		dest := []any{&source, &target, &c.Events, &c.Happenings, &c.Quad[0], &c.Quad[1], &c.Quad[2], &c.Quad[3], &c.Goldstein, &c.First, &c.Last}
		if q.Limit > 0 {
			dest = append(dest, &total)
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("relations: %w", err)
		}
		cells.Add(source, target, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
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
	byID := make(map[string]int, len(cells.IDs()))
	for i, id := range cells.IDs() {
		ents[i].ID, byID[id] = id, i
	}
	rows, err = s.pool.Query(ctx, `SELECT id, data::text FROM entities WHERE id = ANY($1)`, cells.IDs())
	if err != nil {
		return nil, 0, fmt.Errorf("relations: entities: %w", err)
	}
	for rows.Next() {
		var id, data string
		var e newsgraph.Entity
		if err := rows.Scan(&id, &data); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("relations: entities: %w", err)
		}
		if err := jsonUnmarshal(data, &e); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("relations: entity %s record: %w", id, err)
		}
		if i, ok := byID[id]; ok && e.ID != "" {
			ents[i] = e
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
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
	var sources, targets []string // with a limit, the sources and the targets kept
	if q.Limit > 0 {
		ss, ts := map[string]bool{}, map[string]bool{}
		for _, r := range out {
			if !ss[r.Source.ID] {
				ss[r.Source.ID] = true
				sources = append(sources, r.Source.ID)
			}
			if !ts[r.Target.ID] {
				ts[r.Target.ID] = true
				targets = append(targets, r.Target.ID)
			}
		}
	}
	if err := s.quoteCounts(ctx, parts, ids, q.Limit > 0, sources, targets, func(speaker, entity string, n int) {
		if i, ok := indexed()[[2]string{speaker, entity}]; ok {
			out[i].Quotes += n
		}
	}); err != nil {
		return nil, 0, fmt.Errorf("relations: quotes: %w", err)
	}

	if q.Evidence < 0 {
		return out, total, nil
	}
	// The newest events of each relation, picked from the index that covers the window (date, source, target and
	// the key), then read.
	var ep params
	cond := strings.Join(append([]string{`e.source_id != '' AND e.target_id != ''` + pair(&ep, "e.source_id", "e.target_id")},
		eventWindow(&ep, "e.date", q.From, q.To)...), " AND ")
	if q.Limit > 0 {
		cond += ` AND e.source_id = ANY(` + ep.add(sources) + `) AND e.target_id = ANY(` + ep.add(targets) + `)`
	}
	rows, err = s.pool.Query(ctx, `SELECT `+eventColumns+` FROM (SELECT e.doc_id, e.idx, row_number() OVER (PARTITION BY e.source_id, e.target_id
			ORDER BY e.date DESC, e.doc_id, e.idx) AS rn FROM events e WHERE `+cond+`) k
		JOIN events e ON e.doc_id = k.doc_id AND e.idx = k.idx`+eventJoins+` WHERE k.rn <= `+ep.add(q.Evidence), ep...)
	if err != nil {
		return nil, 0, fmt.Errorf("relations: evidence: %w", err)
	}
	defer rows.Close()
	if err := rowkit.RelationEvidence(rows, out, indexed(), scanEvent); err != nil {
		return nil, 0, fmt.Errorf("relations: evidence: %w", err)
	}
	for i := range out {
		slices.SortFunc(out[i].Evidence, rowkit.NewestFirst)
	}
	return out, total, nil
}

func jsonUnmarshal(s string, e *newsgraph.Entity) error { return json.Unmarshal([]byte(s), e) }

// quoteCounts calls add with the number of quotes by speaker that mention entity (rows of quotes joined with
// quote_about, on the quote's date) in the window split into parts (rowkit.WindowParts), for each such pair with a
// resolved speaker, maybe more than once for a pair (add sums). They come from the quote cells (quote_pairs,
// migration 0008), the partial months from the quotes themselves. ids (the actor, then the other) limits them to
// the pairs with the actor on either side, or to those between the actor and the other; when limited, to the
// speakers in sources and the entities in targets.
func (s *Store) quoteCounts(ctx context.Context, parts []rowkit.CellPart, ids []string, limited bool, sources, targets []string,
	add func(speaker, entity string, n int)) error {
	var p params
	cond := func(speaker, entity string) string {
		var c string
		switch len(ids) {
		case 1:
			x := p.add(ids[0])
			c = ` AND (` + speaker + ` = ` + x + ` OR ` + entity + ` = ` + x + `)`
		case 2:
			x, y := p.add(ids[0]), p.add(ids[1])
			c = ` AND (` + speaker + ` = ` + x + ` AND ` + entity + ` = ` + y + ` OR ` + speaker + ` = ` + y + ` AND ` + entity + ` = ` + x + `)`
		}
		if limited {
			c += ` AND ` + speaker + ` = ANY(` + p.add(sources) + `) AND ` + entity + ` = ANY(` + p.add(targets) + `)`
		}
		return c
	}
	var sel []string
	for _, part := range parts {
		if part.Grain == "" {
			sel = append(sel, `SELECT q.speaker_id, a.entity_id, count(*)::int FROM quotes q JOIN quote_about a ON a.doc_id = q.doc_id AND a.start = q.start
				WHERE q.speaker_id != '' AND q.date >= `+p.add(part.Lo)+` AND q.date < `+p.add(part.Hi)+` AND q.date ~ '`+pgIsDay+`'`+
				cond("q.speaker_id", "a.entity_id")+` GROUP BY q.speaker_id, a.entity_id`)
			continue
		}
		c := `SELECT speaker_id, entity_id, quotes FROM quote_pairs WHERE grain = ` + p.add(part.Grain)
		if part.Lo != "" {
			c += ` AND bucket >= ` + p.add(part.Lo)
		}
		if part.Hi != "" {
			c += ` AND bucket < ` + p.add(part.Hi)
		}
		sel = append(sel, c+cond("speaker_id", "entity_id"))
	}
	rows, err := s.pool.Query(ctx, strings.Join(sel, " UNION ALL "), p...)
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
	return rows.Err()
}
