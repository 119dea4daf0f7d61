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
		return updateEntityAggregates(ctx, tx, nil)
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
		if err := writeQuotePairs(ctx, tx, docs); err != nil {
			return err
		}
	}
	if err := writeEvents(ctx, tx, docs); err != nil {
		return err
	}
	docIDs := make([]string, len(docs))
	for i, d := range docs {
		docIDs[i] = d.ID
	}
	return updateEntityAggregates(ctx, tx, docIDs)
}

// quotePairsLock is the key of the advisory lock that serialises the writers of the quote cells (quote_pairs,
// migration 0008). Lock order in Commit: raw items, documents, entities (ID order), then quotePairsLock (taken
// after the new documents' quotes and quote_about rows are written, only when there are quote_about rows), then
// eventPairsLock (writeEvents), then entityStatsLock (updateEntityAggregates); all held to the end of the
// transaction. A transaction holding quotePairsLock waits only for the locks after it.
const quotePairsLock int64 = 0x6e657773_71756f74 // "newsquot"

// writeQuotePairs adds the stored quotes of the new documents docs, with a resolved speaker, to the quote cells:
// one per (quote, entity it mentions) in each cell of event_pairs' scheme its date counts in. The documents are
// new, so every quote and quote_about row of theirs was written by this Commit.
func writeQuotePairs(ctx context.Context, tx pgx.Tx, docs []*newsgraph.Document) error {
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, quotePairsLock); err != nil {
		return fmt.Errorf("quote cells: lock: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO quote_pairs AS p (grain, bucket, speaker_id, entity_id, quotes)
		SELECT c.grain, c.bucket, q.speaker_id, a.entity_id, count(*)
		FROM quotes q JOIN quote_about a ON a.doc_id = q.doc_id AND a.start = q.start
			CROSS JOIN LATERAL (SELECT q.date ~ '`+pgIsDay+`' AS day) t
			CROSS JOIN LATERAL (VALUES ('a', ''),
				(CASE WHEN t.day THEN 'y' WHEN q.date != '' THEN 'd' END, CASE WHEN t.day THEN left(q.date, 4) ELSE q.date END),
				(CASE WHEN t.day THEN 'm' END, left(q.date, 7))) c (grain, bucket)
		WHERE q.doc_id = ANY($1) AND q.speaker_id != '' AND c.grain IS NOT NULL
		GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
		ON CONFLICT (grain, bucket, speaker_id, entity_id) DO UPDATE SET quotes = p.quotes + excluded.quotes`, ids); err != nil {
		return fmt.Errorf("quote cells: %w", err)
	}
	return nil
}

// entityStatsLock is the key of the advisory lock that serialises the writers of the entity aggregates. Commit
// takes it last (after the relation cells' lock), so that it never waits for another lock while holding it.
const entityStatsLock int64 = 0x6e657773_656e7473 // "newsents"

// updateEntityAggregates adds the stored mentions of the new documents docIDs to the entity aggregates
// (migration 0007), and the documents that merges dated since (entity_dated) to their entities' months and date
// ranges. One writer at a time: a dated document's entities are not among those Commit locked.
func updateEntityAggregates(ctx context.Context, tx pgx.Tx, docIDs []string) error {
	if len(docIDs) == 0 {
		var pending bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM entity_dated)`).Scan(&pending); err != nil {
			return fmt.Errorf("entity aggregates: %w", err)
		}
		if !pending {
			return nil
		}
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, entityStatsLock); err != nil {
		return fmt.Errorf("entity aggregates: lock: %w", err)
	}
	// Documents dated by a merge: their entity_docs rows already carry the date (the trigger).
	if _, err := tx.Exec(ctx, `WITH p AS (DELETE FROM entity_dated RETURNING doc_seq, published),
		x AS (SELECT e.entity_id, p.published, e.mentions FROM p JOIN entity_docs e ON e.doc_seq = p.doc_seq),
		s AS (UPDATE entity_stats s SET
				first = CASE WHEN s.first = '' OR x.first < s.first THEN x.first ELSE s.first END,
				last = GREATEST(s.last, x.last)
			FROM (SELECT entity_id, min(published) AS first, max(published) AS last FROM x GROUP BY entity_id) x
			WHERE s.entity_id = x.entity_id)
		INSERT INTO entity_months AS m (entity_id, month, mentions, documents)
			SELECT entity_id, substr(published, 1, 7), sum(mentions), count(*) FROM x GROUP BY 1, 2 ORDER BY 1, 2
		ON CONFLICT (entity_id, month) DO UPDATE SET mentions = m.mentions + excluded.mentions, documents = m.documents + excluded.documents`); err != nil {
		return fmt.Errorf("entity aggregates: dated documents: %w", err)
	}
	if len(docIDs) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `WITH ed AS (
			SELECT m.entity_id, d.published, d.seq, count(*) AS n FROM mentions m JOIN documents d ON d.id = m.doc_id
			WHERE m.doc_id = ANY($1) GROUP BY m.entity_id, d.published, d.seq),
		a AS (INSERT INTO entity_docs (entity_id, published, doc_seq, mentions) SELECT * FROM ed),
		b AS (INSERT INTO entity_stats AS s (entity_id, mentions, documents, first, last)
			SELECT entity_id, sum(n), count(*), COALESCE(min(NULLIF(published, '')), ''), max(published) FROM ed GROUP BY entity_id ORDER BY entity_id
			ON CONFLICT (entity_id) DO UPDATE SET mentions = s.mentions + excluded.mentions, documents = s.documents + excluded.documents,
				first = CASE WHEN excluded.first != '' AND (s.first = '' OR excluded.first < s.first) THEN excluded.first ELSE s.first END,
				last = GREATEST(s.last, excluded.last)),
		c AS (INSERT INTO entity_months AS m (entity_id, month, mentions, documents)
			SELECT entity_id, substr(published, 1, 7), sum(n), count(*) FROM ed WHERE published != '' GROUP BY 1, 2 ORDER BY 1, 2
			ON CONFLICT (entity_id, month) DO UPDATE SET mentions = m.mentions + excluded.mentions, documents = m.documents + excluded.documents)
		INSERT INTO entity_texts AS t (entity_id, kind, text, mentions)
			SELECT entity_id, kind, text, count(*) FROM mentions WHERE doc_id = ANY($1) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
		ON CONFLICT (entity_id, kind, text) DO UPDATE SET mentions = t.mentions + excluded.mentions`, docIDs); err != nil {
		return fmt.Errorf("entity aggregates: %w", err)
	}
	return nil
}

// entityIDs resolves a reference to the IDs of the entities it names, most mentioned first: the entity with
// that ID, else those whose canonical name or a mention's text is ref, else those whose name contains it.
func (s *Store) entityIDs(ctx context.Context, ref string) ([]string, error) {
	for _, q := range []string{
		`SELECT id FROM entities WHERE id = $1`,
		`SELECT entity_id FROM entity_stats WHERE entity_id IN (SELECT id FROM entities WHERE lower(name) = lower($1) UNION SELECT entity_id FROM entity_texts WHERE lower(text) = lower($1))
			ORDER BY mentions DESC, entity_id`,
		`SELECT entity_id FROM entity_stats WHERE entity_id IN (SELECT id FROM entities WHERE strpos(lower(name), lower($1)) > 0) ORDER BY mentions DESC, entity_id`,
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

// relatedSample is how many of an entity's newest documents its profile's related entities are counted over.
const relatedSample = 1000

// EntityProfile implements newsgraph.EntityStore. Counts, months and aliases come from the aggregates Commit
// keeps (entity_stats, entity_months, entity_texts); related entities are counted over the entity's newest
// relatedSample documents, which is every document of all but the most mentioned entities.
func (s *Store) EntityProfile(ctx context.Context, ref string) (newsgraph.EntityProfile, error) {
	var p newsgraph.EntityProfile
	ref, err := rowkit.EntityRef(ref)
	if err != nil {
		return p, err
	}
	const counts = `SELECT e.data::text, s.mentions AS n, s.documents, s.first, s.last FROM entity_stats s JOIN entities e ON e.id = s.entity_id `
	var cands []newsgraph.EntityCount
	for _, where := range []string{
		`WHERE e.id = $1`,
		`WHERE e.id IN (SELECT id FROM entities WHERE lower(name) = lower($1) UNION SELECT entity_id FROM entity_texts WHERE lower(text) = lower($1))`,
		`WHERE e.id IN (SELECT id FROM entities WHERE strpos(lower(name), lower($1)) > 0)`,
	} {
		rows, err := s.pool.Query(ctx, counts+where+` ORDER BY n DESC, e.name LIMIT 11`, ref)
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
	if p.Aliases, err = s.counts(ctx, `SELECT text, mentions AS n FROM entity_texts WHERE entity_id = $1 AND kind = 'name' ORDER BY n DESC, text LIMIT 50`, id); err != nil {
		return p, fmt.Errorf("entity %s aliases: %w", id, err)
	}
	if p.Months, err = s.counts(ctx, `SELECT month, mentions FROM entity_months WHERE entity_id = $1 ORDER BY month`, id); err != nil {
		return p, fmt.Errorf("entity %s months: %w", id, err)
	}
	rows, err := s.pool.Query(ctx, `SELECT e.data::text, r.n, r.docs, '', '' FROM (
			SELECT o.entity_id, sum(o.mentions) AS n, count(*) AS docs FROM entity_docs o
			WHERE o.doc_seq IN (SELECT doc_seq FROM entity_docs WHERE entity_id = $1 ORDER BY published DESC, doc_seq DESC LIMIT $2)
				AND o.entity_id != $1
			GROUP BY o.entity_id) r JOIN entities e ON e.id = r.entity_id
		ORDER BY r.docs DESC, r.n DESC, e.name LIMIT 20`, id, relatedSample)
	if err != nil {
		return p, fmt.Errorf("entity %s related: %w", id, err)
	}
	if p.Related, err = scanEntityCounts(rows); err != nil {
		return p, fmt.Errorf("entity %s related: %w", id, err)
	}
	rows, err = s.pool.Query(ctx, `SELECT `+docColumns+`, x.mentions FROM entity_docs x JOIN documents d ON d.seq = x.doc_seq
		WHERE x.entity_id = $1 ORDER BY x.published DESC, x.doc_seq DESC LIMIT 100`, id)
	if err != nil {
		return p, fmt.Errorf("entity %s documents: %w", id, err)
	}
	defer rows.Close()
	if p.Docs, err = rowkit.DocumentCounts(rows, scanDoc); err != nil {
		return p, fmt.Errorf("entity %s documents: %w", id, err)
	}
	return p, nil
}
