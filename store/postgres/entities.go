package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"newsgraph/store/internal/codec"
	"newsgraph/store/internal/rowkit"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"newsgraph"
)

// writeEntities writes the entities, mentions and quotes of new documents inside a Commit transaction. Entities
// are upserted in ID order (the lock order), one row per ID: the batch's records are folded first by the rule the
// upsert applies to the stored row, so the result is the one writing them one by one would give.
func writeEntities(ctx context.Context, tx pgx.Tx, docs []*newsgraph.Document) error {
	if len(docs) == 0 {
		return nil
	}
	type rec struct {
		name, label string
		known       bool
		data        []byte
	}
	ents := map[string]rec{}
	var mDoc, mLabel, mKind, mEnt, mText []string
	var mStart, mEnd []int32
	var qDoc, qSpeakerID, qSpeaker, qCue, qDate, qText, qSentence []string
	var qStart, qEnd []int32
	var qDirect []bool
	var aDoc, aEnt []string
	var aStart []int32
	for _, d := range docs {
		for _, e := range d.Entities {
			data, err := json.Marshal(e.Entity)
			if err != nil {
				return fmt.Errorf("document %s entity %s: %w", d.ID, e.ID, err)
			}
			r := rec{name: clean(e.Name), label: clean(e.Label), known: e.Known, data: []byte(clean(string(data)))}
			if cur, ok := ents[e.ID]; ok {
				// A known entity's record is the gazetteer's, refreshed on every write; an unknown one keeps the
				// longest name seen for it.
				if !(r.known || utf8.RuneCountInString(r.name) > utf8.RuneCountInString(cur.name)) {
					r.name, r.data = cur.name, cur.data
				}
				r.label = cur.label // the upsert keeps the label of the first record
				r.known = r.known || cur.known
			}
			ents[e.ID] = r
		}
		text := clean(d.Text)
		for _, m := range d.Mentions {
			if m.Entity < 0 || m.Entity >= len(d.Entities) || m.Start < 0 || m.End > len(d.Text) || m.Start > m.End {
				continue
			}
			mDoc, mStart, mEnd = append(mDoc, d.ID), append(mStart, int32(m.Start)), append(mEnd, int32(m.End))
			mLabel, mKind = append(mLabel, clean(m.Label)), append(mKind, string(m.Kind))
			mEnt, mText = append(mEnt, d.Entities[m.Entity].ID), append(mText, m.In(text))
		}
		for _, q := range d.Quotes {
			if q.Start < 0 || q.End > len(d.Text) || q.Start >= q.End {
				continue
			}
			speakerID, speaker, cue := "", "", ""
			if q.Entity >= 0 && q.Entity < len(d.Entities) {
				speakerID, speaker = d.Entities[q.Entity].ID, clean(d.Entities[q.Entity].Name)
			}
			if q.Speaker.Start >= 0 && q.Speaker.Start < q.Speaker.End && q.Speaker.End <= len(d.Text) && speaker == "" {
				speaker = q.Speaker.In(text)
			}
			if q.Cue.Start >= 0 && q.Cue.Start < q.Cue.End && q.Cue.End <= len(d.Text) {
				cue = q.Cue.In(text)
			}
			qDoc, qStart, qEnd, qDirect = append(qDoc, d.ID), append(qStart, int32(q.Start)), append(qEnd, int32(q.End)), append(qDirect, q.Direct)
			qSpeakerID, qSpeaker, qCue, qDate = append(qSpeakerID, speakerID), append(qSpeaker, speaker), append(qCue, cue), append(qDate, clean(q.Date))
			qText, qSentence = append(qText, q.In(text)), append(qSentence, codec.QuoteContext(d, q).In(text))
			for _, m := range d.Mentions {
				if m.Start >= q.Start && m.End <= q.End && m.Entity >= 0 && m.Entity < len(d.Entities) {
					aDoc, aStart, aEnt = append(aDoc, d.ID), append(aStart, int32(q.Start)), append(aEnt, d.Entities[m.Entity].ID)
				}
			}
		}
	}
	ids := make([]string, 0, len(ents))
	for id := range ents {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	names, labels, known, data := make([]string, len(ids)), make([]string, len(ids)), make([]bool, len(ids)), make([]string, len(ids))
	for i, id := range ids {
		r := ents[id]
		names[i], labels[i], known[i], data[i] = r.name, r.label, r.known, string(r.data)
	}
	if len(ids) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO entities AS e (id, name, label, known, data)
			SELECT id, name, label, known, data::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[], $5::text[])
				WITH ORDINALITY AS u(id, name, label, known, data, ord)
			ORDER BY ord
			ON CONFLICT (id) DO UPDATE SET
				name = CASE WHEN excluded.known OR length(excluded.name) > length(e.name) THEN excluded.name ELSE e.name END,
				data = CASE WHEN excluded.known OR length(excluded.name) > length(e.name) THEN excluded.data ELSE e.data END,
				known = e.known OR excluded.known
			WHERE (excluded.known AND e.data IS DISTINCT FROM excluded.data) OR (excluded.known AND NOT e.known)
				OR length(excluded.name) > length(e.name)`, ids, names, labels, known, data); err != nil {
			return fmt.Errorf("entities: %w", err)
		}
	}
	if len(mDoc) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO mentions (doc_id, start, "end", label, kind, entity_id, text)
			SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[]) ON CONFLICT DO NOTHING`,
			mDoc, mStart, mEnd, mLabel, mKind, mEnt, mText); err != nil {
			return fmt.Errorf("mentions: %w", err)
		}
	}
	if len(qDoc) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO quotes (doc_id, start, "end", direct, speaker_id, speaker_text, cue, date, text, sentence)
			SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::bool[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
			ON CONFLICT DO NOTHING`,
			qDoc, qStart, qEnd, qDirect, qSpeakerID, qSpeaker, qCue, qDate, qText, qSentence); err != nil {
			return fmt.Errorf("quotes: %w", err)
		}
	}
	if len(aDoc) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO quote_about (doc_id, start, entity_id) SELECT * FROM unnest($1::text[], $2::int[], $3::text[]) ON CONFLICT DO NOTHING`,
			aDoc, aStart, aEnt); err != nil {
			return fmt.Errorf("quote topics: %w", err)
		}
	}
	return writeEvents(ctx, tx, docs)
}

// entityIDs resolves a reference to the IDs of the entities it names, most mentioned first: the entity with
// that ID, else those whose canonical name or a mention's text is ref, else those whose name contains it.
func (s *Store) entityIDs(ctx context.Context, ref string) ([]string, error) {
	for _, q := range []string{
		`SELECT id FROM entities WHERE id = $1`,
		`SELECT entity_id FROM mentions WHERE entity_id IN (SELECT id FROM entities WHERE lower(name) = lower($1) UNION SELECT entity_id FROM mentions WHERE lower(text) = lower($1))
			GROUP BY entity_id ORDER BY count(*) DESC, entity_id`,
		`SELECT entity_id FROM mentions WHERE entity_id IN (SELECT id FROM entities WHERE strpos(lower(name), lower($1)) > 0) GROUP BY entity_id ORDER BY count(*) DESC, entity_id`,
	} {
		rows, err := s.pool.Query(ctx, q, ref)
		if err != nil {
			return nil, err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return nil, err
		}
		if len(ids) > 0 {
			return ids, nil
		}
	}
	return nil, nil
}

// Quotes implements newsgraph.QuoteStore.
func (s *Store) Quotes(ctx context.Context, q newsgraph.QuoteQuery) ([]newsgraph.QuoteHit, int, error) {
	if err := rowkit.Page("quotes", &q.Limit, q.Offset); err != nil {
		return nil, 0, err
	}
	where := []string{"true"}
	var p params
	for _, f := range []struct {
		ref  string
		cond func(arg string) string
	}{
		{q.Speaker, func(a string) string { return `q.speaker_id = ` + a }},
		{q.About, func(a string) string {
			return `EXISTS (SELECT 1 FROM quote_about a WHERE a.doc_id = q.doc_id AND a.start = q.start AND a.entity_id = ` + a + `)`
		}},
	} {
		if f.ref == "" {
			continue
		}
		ids, err := s.entityIDs(ctx, strings.TrimSpace(f.ref))
		if err != nil {
			return nil, 0, fmt.Errorf("quotes: %w", err)
		}
		if len(ids) == 0 {
			return nil, 0, fmt.Errorf("quotes: %q: %w", f.ref, newsgraph.ErrNotFound)
		}
		// The most mentioned entity of that name: "Lavrov" is Sergei Lavrov, not every Lavrov.
		where = append(where, f.cond(p.add(ids[0])))
	}
	if !q.From.IsZero() {
		where = append(where, `q.date >= `+p.add(q.From.Format("2006-01-02")))
	}
	if !q.To.IsZero() {
		where = append(where, `q.date != '' AND q.date < `+p.add(q.To.AddDate(0, 0, 1).Format("2006-01-02")))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM quotes q WHERE `+cond, p...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("quotes: %w", err)
	}
	rows, err := s.pool.Query(ctx, `SELECT `+docColumns+`, q.start, q."end", q.direct, q.cue, q.speaker_id, q.speaker_text, q.date, q.text, q.sentence
		FROM quotes q JOIN documents d ON d.id = q.doc_id WHERE `+cond+` ORDER BY q.date DESC, d.published DESC, q.doc_id, q.start
		LIMIT `+p.add(q.Limit)+` OFFSET `+p.add(q.Offset), p...)
	if err != nil {
		return nil, 0, fmt.Errorf("quotes: %w", err)
	}
	defer rows.Close()
	var out []newsgraph.QuoteHit
	for rows.Next() {
		var h newsgraph.QuoteHit
		var start, end int32
		if err := scanDoc(rows, &h.Doc, &start, &end, &h.Direct, &h.Cue, &h.SpeakerID, &h.SpeakerName, &h.Date, &h.Text, &h.Sentence); err != nil {
			return nil, 0, fmt.Errorf("quotes: %w", err)
		}
		h.Span = newsgraph.Span{Start: int(start), End: int(end)}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("quotes: %w", err)
	}
	return out, total, nil
}

// dateCond renders a publication date range as a condition on documents d.
func dateCond(p *params, from, to time.Time) string {
	var where []string
	if !from.IsZero() {
		where = append(where, `d.published != '' AND d.published >= `+p.add(from.Format("2006-01-02")))
	}
	if !to.IsZero() {
		where = append(where, `d.published != '' AND d.published < `+p.add(to.AddDate(0, 0, 1).Format("2006-01-02")))
	}
	return strings.Join(where, " AND ")
}

// entityCounts selects what scanEntityCounts reads.
const entityCounts = `SELECT e.data::text, count(*) AS n, count(DISTINCT m.doc_id), COALESCE(min(NULLIF(d.published, '')), ''), COALESCE(max(NULLIF(d.published, '')), '')
	FROM mentions m JOIN entities e ON e.id = m.entity_id JOIN documents d ON d.id = m.doc_id `

// Entities implements newsgraph.EntityStore.
func (s *Store) Entities(ctx context.Context, q newsgraph.EntityQuery) ([]newsgraph.EntityCount, int, error) {
	if err := rowkit.Page("entities", &q.Limit, q.Offset); err != nil {
		return nil, 0, err
	}
	where := []string{"true"}
	var p params
	if q.Label != "" {
		where = append(where, `e.label = `+p.add(q.Label))
	}
	if q.Name != "" {
		where = append(where, `strpos(lower(e.name), lower(`+p.add(q.Name)+`)) > 0`)
	}
	if c := dateCond(&p, q.From, q.To); c != "" {
		where = append(where, c)
	}
	cond := `WHERE ` + strings.Join(where, " AND ")
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(DISTINCT e.id) FROM mentions m JOIN entities e ON e.id = m.entity_id JOIN documents d ON d.id = m.doc_id `+cond, p...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("entities: %w", err)
	}
	rows, err := s.pool.Query(ctx, entityCounts+cond+` GROUP BY e.id ORDER BY n DESC, e.name LIMIT `+p.add(q.Limit)+` OFFSET `+p.add(q.Offset), p...)
	if err != nil {
		return nil, 0, fmt.Errorf("entities: %w", err)
	}
	out, err := scanEntityCounts(rows)
	if err != nil {
		return nil, 0, fmt.Errorf("entities: %w", err)
	}
	return out, total, nil
}

func scanEntityCounts(rows pgx.Rows) ([]newsgraph.EntityCount, error) {
	defer rows.Close()
	return rowkit.EntityCounts(rows)
}

// EntityProfile implements newsgraph.EntityStore.
func (s *Store) EntityProfile(ctx context.Context, ref string) (newsgraph.EntityProfile, error) {
	var p newsgraph.EntityProfile
	ref, err := rowkit.EntityRef(ref)
	if err != nil {
		return p, err
	}
	var cands []newsgraph.EntityCount
	for _, where := range []string{
		`WHERE e.id = $1`,
		`WHERE e.id IN (SELECT id FROM entities WHERE lower(name) = lower($1) UNION SELECT entity_id FROM mentions WHERE lower(text) = lower($1))`,
		`WHERE e.id IN (SELECT id FROM entities WHERE strpos(lower(name), lower($1)) > 0)`,
	} {
		rows, err := s.pool.Query(ctx, entityCounts+where+` GROUP BY e.id ORDER BY n DESC, e.name LIMIT 11`, ref)
		if err != nil {
			return p, fmt.Errorf("entity %q: %w", ref, err)
		}
		if cands, err = scanEntityCounts(rows); err != nil {
			return p, fmt.Errorf("entity %q: %w", ref, err)
		}
		if len(cands) > 0 {
			break
		}
	}
	if len(cands) == 0 {
		return p, fmt.Errorf("entity %q: %w", ref, newsgraph.ErrNotFound)
	}
	p.EntityCount, p.Ambiguous = cands[0], cands[1:]
	id := p.Entity.ID
	if p.Aliases, err = s.counts(ctx, `SELECT text, count(*) AS n FROM mentions WHERE entity_id = $1 AND kind = 'name' GROUP BY text ORDER BY n DESC, text LIMIT 50`, id); err != nil {
		return p, fmt.Errorf("entity %s aliases: %w", id, err)
	}
	if p.Months, err = s.counts(ctx, `SELECT substr(d.published, 1, 7) AS month, count(*) FROM mentions m JOIN documents d ON d.id = m.doc_id
		WHERE m.entity_id = $1 AND d.published != '' GROUP BY month ORDER BY month`, id); err != nil {
		return p, fmt.Errorf("entity %s months: %w", id, err)
	}
	rows, err := s.pool.Query(ctx, `SELECT e.data::text, count(*) AS n, count(DISTINCT o.doc_id) AS docs, '', ''
		FROM mentions o JOIN entities e ON e.id = o.entity_id
		WHERE o.doc_id IN (SELECT DISTINCT doc_id FROM mentions WHERE entity_id = $1) AND o.entity_id != $1
		GROUP BY e.id ORDER BY docs DESC, n DESC, e.name LIMIT 20`, id)
	if err != nil {
		return p, fmt.Errorf("entity %s related: %w", id, err)
	}
	if p.Related, err = scanEntityCounts(rows); err != nil {
		return p, fmt.Errorf("entity %s related: %w", id, err)
	}
	rows, err = s.pool.Query(ctx, `SELECT `+docColumns+`, count(*) FROM mentions m JOIN documents d ON d.id = m.doc_id
		WHERE m.entity_id = $1 GROUP BY d.seq ORDER BY d.published DESC, d.seq DESC LIMIT 100`, id)
	if err != nil {
		return p, fmt.Errorf("entity %s documents: %w", id, err)
	}
	defer rows.Close()
	if p.Docs, err = rowkit.DocumentCounts(rows, scanDoc); err != nil {
		return p, fmt.Errorf("entity %s documents: %w", id, err)
	}
	return p, nil
}
