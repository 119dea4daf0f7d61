package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"newsgraph/store/internal/codec"
	"newsgraph/store/internal/rowkit"
	"slices"
	"strings"
	"time"

	"newsgraph"
)

// entityWriter writes a new document's mentions and entities inside a Commit transaction.
type entityWriter struct {
	ent, men, quo, about *sql.Stmt
	// The quote cells (migration 0009): a stored quote's speaker and date, and the cells to add to.
	quoteOf, quoteCells *sql.Stmt
	// The entity aggregates (migration 0008): entity_docs, entity_stats, entity_months, entity_texts.
	doc, edoc, stats, months, texts *sql.Stmt
	events                          *eventWriter
}

func prepareEntities(ctx context.Context, tx *sql.Tx) (*entityWriter, error) {
	// A known entity's record is the gazetteer's, refreshed when it changed; an unknown one keeps the longest name
	// seen for it. A row that would not change is not rewritten (most documents name entities already stored).
	ent, err := tx.PrepareContext(ctx, `INSERT INTO entities (id, name, label, known, data) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET
			name = CASE WHEN excluded.known OR length(excluded.name) > length(entities.name) THEN excluded.name ELSE entities.name END,
			data = CASE WHEN excluded.known OR length(excluded.name) > length(entities.name) THEN excluded.data ELSE entities.data END,
			known = max(entities.known, excluded.known)
		WHERE (excluded.known AND entities.data != excluded.data) OR excluded.known > entities.known
			OR length(excluded.name) > length(entities.name)`)
	if err != nil {
		return nil, err
	}
	men, err := tx.PrepareContext(ctx, `INSERT INTO mentions (doc_id, start, "end", label, kind, entity_id, text) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`)
	if err != nil {
		ent.Close()
		return nil, err
	}
	w := &entityWriter{ent: ent, men: men}
	if w.quo, err = tx.PrepareContext(ctx, `INSERT INTO quotes (doc_id, start, "end", direct, speaker_id, speaker_text, cue, date, text, sentence)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`); err != nil {
		w.Close()
		return nil, err
	}
	if w.about, err = tx.PrepareContext(ctx, `INSERT INTO quote_about (doc_id, start, entity_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`); err != nil {
		w.Close()
		return nil, err
	}
	for _, p := range []struct {
		st **sql.Stmt
		q  string
	}{
		{&w.quoteOf, `SELECT speaker_id, date FROM quotes WHERE doc_id = ? AND start = ?`},
		// Adds cells given as a JSON array of [grain, bucket, speaker, entity, quotes].
		{&w.quoteCells, `INSERT INTO quote_pairs (grain, bucket, speaker_id, entity_id, quotes)
			SELECT value->>0, value->>1, value->>2, value->>3, value->>4 FROM json_each(?) WHERE true
			ON CONFLICT (grain, bucket, speaker_id, entity_id) DO UPDATE SET quotes = quotes + excluded.quotes`},
		{&w.doc, `SELECT rowid, published FROM documents WHERE id = ?`},
		{&w.edoc, `INSERT INTO entity_docs (entity_id, published, doc_rowid, mentions) VALUES (?, ?, ?, ?)`},
		{&w.stats, `INSERT INTO entity_stats (entity_id, mentions, documents, first, last) VALUES (?1, ?2, 1, ?3, ?3)
			ON CONFLICT (entity_id) DO UPDATE SET mentions = mentions + excluded.mentions, documents = documents + 1,
				first = CASE WHEN excluded.first != '' AND (first = '' OR excluded.first < first) THEN excluded.first ELSE first END,
				last = max(last, excluded.last)`},
		{&w.months, `INSERT INTO entity_months (entity_id, month, mentions, documents) VALUES (?, substr(?, 1, 7), ?, 1)
			ON CONFLICT (entity_id, month) DO UPDATE SET mentions = mentions + excluded.mentions, documents = documents + 1`},
		{&w.texts, `INSERT INTO entity_texts (entity_id, kind, text, mentions) VALUES (?, ?, ?, ?)
			ON CONFLICT (entity_id, kind, text) DO UPDATE SET mentions = mentions + excluded.mentions`},
	} {
		if *p.st, err = tx.PrepareContext(ctx, p.q); err != nil {
			w.Close()
			return nil, err
		}
	}
	if w.events, err = prepareEvents(ctx, tx); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

func (w *entityWriter) Close() error {
	var errs []error
	for _, st := range []*sql.Stmt{w.ent, w.men, w.quo, w.about, w.quoteOf, w.quoteCells, w.doc, w.edoc, w.stats, w.months, w.texts} {
		if st != nil {
			errs = append(errs, st.Close())
		}
	}
	if w.events != nil {
		errs = append(errs, w.events.Close())
	}
	return errors.Join(errs...)
}

func (w *entityWriter) add(ctx context.Context, d *newsgraph.Document) error {
	for _, e := range d.Entities {
		data, err := json.Marshal(e.Entity)
		if err != nil {
			return err
		}
		if _, err := w.ent.ExecContext(ctx, e.ID, e.Name, e.Label, e.Known, string(data)); err != nil {
			return fmt.Errorf("entity %s: %w", e.ID, err)
		}
	}
	var agg entityAggregates
	for _, m := range d.Mentions {
		if m.Entity < 0 || m.Entity >= len(d.Entities) || m.Start < 0 || m.End > len(d.Text) || m.Start > m.End {
			continue
		}
		res, err := w.men.ExecContext(ctx, d.ID, m.Start, m.End, m.Label, string(m.Kind), d.Entities[m.Entity].ID, m.In(d.Text))
		if err != nil {
			return fmt.Errorf("mention at %d: %w", m.Start, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("mention at %d: %w", m.Start, err)
		} else if n > 0 { // a second mention at the same start is not stored, so not counted
			agg.add(d.Entities[m.Entity].ID, string(m.Kind), m.In(d.Text))
		}
	}
	if err := w.aggregate(ctx, d.ID, &agg); err != nil {
		return err
	}
	var pairs quoteDeltas
	for _, q := range d.Quotes {
		if q.Start < 0 || q.End > len(d.Text) || q.Start >= q.End {
			continue
		}
		speakerID, speaker, cue := "", "", ""
		if q.Entity >= 0 && q.Entity < len(d.Entities) {
			speakerID, speaker = d.Entities[q.Entity].ID, d.Entities[q.Entity].Name
		}
		if q.Speaker.Start >= 0 && q.Speaker.Start < q.Speaker.End && q.Speaker.End <= len(d.Text) && speaker == "" {
			speaker = q.Speaker.In(d.Text)
		}
		if q.Cue.Start >= 0 && q.Cue.Start < q.Cue.End && q.Cue.End <= len(d.Text) {
			cue = q.Cue.In(d.Text)
		}
		sent := codec.QuoteContext(d, q)
		res, err := w.quo.ExecContext(ctx, d.ID, q.Start, q.End, q.Direct, speakerID, speaker, cue, q.Date, q.In(d.Text), sent.In(d.Text))
		if err != nil {
			return fmt.Errorf("quote at %d: %w", q.Start, err)
		}
		// The quote stored at q.Start, whose speaker and date its new quote_about rows count under: this one, or
		// one stored before at the same place (an earlier quote of the document), read when needed.
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("quote at %d: %w", q.Start, err)
		}
		stored, known := [2]string{speakerID, q.Date}, n > 0
		for _, m := range d.Mentions {
			if m.Start >= q.Start && m.End <= q.End && m.Entity >= 0 && m.Entity < len(d.Entities) {
				res, err := w.about.ExecContext(ctx, d.ID, q.Start, d.Entities[m.Entity].ID)
				if err != nil {
					return fmt.Errorf("quote at %d: %w", q.Start, err)
				}
				n, err := res.RowsAffected()
				if err != nil {
					return fmt.Errorf("quote at %d: %w", q.Start, err)
				}
				if n == 0 {
					continue // stored before: its cells count it already
				}
				if !known {
					if err := w.quoteOf.QueryRowContext(ctx, d.ID, q.Start).Scan(&stored[0], &stored[1]); err != nil {
						return fmt.Errorf("quote at %d: %w", q.Start, err)
					}
					known = true
				}
				if stored[0] != "" {
					pairs.add(stored[0], d.Entities[m.Entity].ID, stored[1])
				}
			}
		}
	}
	if len(pairs.cells) > 0 {
		b, err := json.Marshal(pairs.cells)
		if err != nil {
			return fmt.Errorf("quote cells: %w", err)
		}
		if _, err := w.quoteCells.ExecContext(ctx, string(b)); err != nil {
			return fmt.Errorf("quote cells: %w", err)
		}
	}
	return w.events.add(ctx, d)
}

// quoteDeltas sums a document's new (quote, entity mentioned) rows into the quote cells they count in (migration
// 0009): each cell a JSON array [grain, bucket, speaker, entity, quotes] as the quoteCells statement reads it.
type quoteDeltas struct {
	index map[[4]string]int
	cells [][5]any
}

// add counts a quote by speaker, dated date, that mentions entity.
func (qd *quoteDeltas) add(speaker, entity, date string) {
	if qd.index == nil {
		qd.index = map[[4]string]int{}
	}
	for _, c := range eventCells(date) { // the cells of event_pairs' scheme
		k := [4]string{c.grain, c.bucket, speaker, entity}
		i, ok := qd.index[k]
		if !ok {
			i = len(qd.cells)
			qd.index[k] = i
			qd.cells = append(qd.cells, [5]any{c.grain, c.bucket, speaker, entity, 0})
		}
		qd.cells[i][4] = qd.cells[i][4].(int) + 1
	}
}

// entityAggregates counts one document's stored mentions by entity and by (entity, kind, text).
type entityAggregates struct {
	entities map[string]int
	texts    map[[3]string]int
}

func (a *entityAggregates) add(entity, kind, text string) {
	if a.entities == nil {
		a.entities, a.texts = map[string]int{}, map[[3]string]int{}
	}
	a.entities[entity]++
	a.texts[[3]string{entity, kind, text}]++
}

// aggregate adds a new document's mentions to the entity aggregates.
func (w *entityWriter) aggregate(ctx context.Context, docID string, a *entityAggregates) error {
	if len(a.entities) == 0 {
		return nil
	}
	var rowid int64
	var published string
	if err := w.doc.QueryRowContext(ctx, docID).Scan(&rowid, &published); err != nil {
		return fmt.Errorf("entity aggregates: %w", err)
	}
	for _, id := range slices.Sorted(maps.Keys(a.entities)) {
		n := a.entities[id]
		if _, err := w.edoc.ExecContext(ctx, id, published, rowid, n); err != nil {
			return fmt.Errorf("entity %s aggregates: %w", id, err)
		}
		if _, err := w.stats.ExecContext(ctx, id, n, published); err != nil {
			return fmt.Errorf("entity %s aggregates: %w", id, err)
		}
		if published == "" {
			continue
		}
		if _, err := w.months.ExecContext(ctx, id, published, n); err != nil {
			return fmt.Errorf("entity %s aggregates: %w", id, err)
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(a.texts), func(x, y [3]string) int { return slices.Compare(x[:], y[:]) }) {
		if _, err := w.texts.ExecContext(ctx, k[0], k[1], k[2], a.texts[k]); err != nil {
			return fmt.Errorf("entity %s aggregates: %w", k[0], err)
		}
	}
	return nil
}

// entityIDs resolves a reference to the IDs of the entities it names, most mentioned first: the entity with
// that ID, else those whose canonical name or a mention's text is ref, else those whose name contains it.
func (s *Store) entityIDs(ctx context.Context, ref string) ([]string, error) {
	for _, q := range []string{
		`SELECT id FROM entities WHERE id = ?1`,
		`SELECT s.entity_id FROM entity_stats s JOIN entities e ON e.id = s.entity_id
			WHERE s.entity_id IN (SELECT id FROM entities WHERE lower(name) = lower(?1) UNION SELECT entity_id FROM entity_texts WHERE text = ?1 COLLATE NOCASE)
			ORDER BY s.mentions DESC, e.name`,
		`SELECT s.entity_id FROM entity_stats s JOIN entities e ON e.id = s.entity_id
			WHERE s.entity_id IN (SELECT id FROM entities WHERE instr(lower(name), lower(?1)) > 0) ORDER BY s.mentions DESC, e.name`,
	} {
		rows, err := s.r.QueryContext(ctx, q, ref)
		if err != nil {
			return nil, err
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			ids = append(ids, id)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
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
	where := []string{"1"}
	var args []any
	for _, f := range []struct{ ref, cond string }{
		{q.Speaker, `q.speaker_id = ?`},
		{q.About, `EXISTS (SELECT 1 FROM quote_about a WHERE a.doc_id = q.doc_id AND a.start = q.start AND a.entity_id = ?)`},
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
		where = append(where, f.cond)
		args = append(args, ids[0])
	}
	if !q.From.IsZero() {
		where = append(where, `q.date >= ?`)
		args = append(args, q.From.Format("2006-01-02"))
	}
	if !q.To.IsZero() {
		where = append(where, `q.date != '' AND q.date < ?`)
		args = append(args, q.To.AddDate(0, 0, 1).Format("2006-01-02"))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM quotes q WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("quotes: %w", err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+docColumns+`, q.start, q."end", q.direct, q.cue, q.speaker_id, q.speaker_text, q.date, q.text, q.sentence
		FROM quotes q JOIN documents d ON d.id = q.doc_id WHERE `+cond+` ORDER BY q.date DESC, d.published DESC, q.doc_id, q.start LIMIT ? OFFSET ?`,
		append(args, q.Limit, q.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("quotes: %w", err)
	}
	defer rows.Close()
	var out []newsgraph.QuoteHit
	for rows.Next() {
		var h newsgraph.QuoteHit
		if err := scanDoc(rows, &h.Doc, &h.Span.Start, &h.Span.End, &h.Direct, &h.Cue, &h.SpeakerID, &h.SpeakerName, &h.Date, &h.Text, &h.Sentence); err != nil {
			return nil, 0, fmt.Errorf("quotes: %w", err)
		}
		out = append(out, h)
	}
	return out, total, rows.Err()
}

// mentionFilter renders the date range of q as a condition on documents d.
func dateCond(from, to time.Time) (string, []any) {
	var where []string
	var args []any
	if !from.IsZero() {
		where = append(where, `d.published != '' AND d.published >= ?`)
		args = append(args, from.Format("2006-01-02"))
	}
	if !to.IsZero() {
		where = append(where, `d.published != '' AND d.published < ?`)
		args = append(args, to.AddDate(0, 0, 1).Format("2006-01-02"))
	}
	return strings.Join(where, " AND "), args
}

// Entities implements newsgraph.EntityStore.
func (s *Store) Entities(ctx context.Context, q newsgraph.EntityQuery) ([]newsgraph.EntityCount, int, error) {
	if err := rowkit.Page("entities", &q.Limit, q.Offset); err != nil {
		return nil, 0, err
	}
	where := []string{"1"}
	var args []any
	if q.Label != "" {
		where = append(where, `e.label = ?`)
		args = append(args, q.Label)
	}
	if q.Name != "" {
		where = append(where, `instr(lower(e.name), lower(?)) > 0`)
		args = append(args, q.Name)
	}
	if c, a := dateCond(q.From, q.To); c != "" {
		where = append(where, c)
		args = append(args, a...)
	}
	base := `FROM mentions m JOIN entities e ON e.id = m.entity_id JOIN documents d ON d.id = m.doc_id WHERE ` + strings.Join(where, " AND ")
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT count(DISTINCT e.id) `+base, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("entities: %w", err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT e.data, count(*) AS n, count(DISTINCT m.doc_id), COALESCE(min(NULLIF(d.published, '')), ''), COALESCE(max(NULLIF(d.published, '')), '') `+
		base+` GROUP BY e.id ORDER BY n DESC, e.name LIMIT ? OFFSET ?`, append(args, q.Limit, q.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("entities: %w", err)
	}
	out, err := scanEntityCounts(rows)
	if err != nil {
		return nil, 0, fmt.Errorf("entities: %w", err)
	}
	return out, total, nil
}

func scanEntityCounts(rows *sql.Rows) ([]newsgraph.EntityCount, error) {
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
	const counts = `SELECT e.data, s.mentions AS n, s.documents, s.first, s.last FROM entity_stats s JOIN entities e ON e.id = s.entity_id `
	var cands []newsgraph.EntityCount
	for _, where := range []string{
		`WHERE e.id = ?1`,
		`WHERE e.id IN (SELECT id FROM entities WHERE lower(name) = lower(?1) UNION SELECT entity_id FROM entity_texts WHERE text = ?1 COLLATE NOCASE)`,
		`WHERE e.id IN (SELECT id FROM entities WHERE instr(lower(name), lower(?1)) > 0)`,
	} {
		rows, err := s.r.QueryContext(ctx, counts+where+` ORDER BY n DESC, e.name LIMIT 11`, ref)
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
	if p.Aliases, err = s.counts(ctx, `SELECT text, mentions AS n FROM entity_texts WHERE entity_id = ? AND kind = 'name' ORDER BY n DESC, text LIMIT 50`, id); err != nil {
		return p, fmt.Errorf("entity %s aliases: %w", id, err)
	}
	if p.Months, err = s.counts(ctx, `SELECT month, mentions FROM entity_months WHERE entity_id = ? ORDER BY month`, id); err != nil {
		return p, fmt.Errorf("entity %s months: %w", id, err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT e.data, r.n, r.docs, '', '' FROM (
			SELECT o.entity_id, sum(o.mentions) AS n, count(*) AS docs FROM entity_docs o
			WHERE o.doc_rowid IN (SELECT doc_rowid FROM entity_docs WHERE entity_id = ?1 ORDER BY published DESC, doc_rowid DESC LIMIT ?2)
				AND o.entity_id != ?1
			GROUP BY o.entity_id) r JOIN entities e ON e.id = r.entity_id
		ORDER BY r.docs DESC, r.n DESC, e.name LIMIT 20`, id, relatedSample)
	if err != nil {
		return p, fmt.Errorf("entity %s related: %w", id, err)
	}
	if p.Related, err = scanEntityCounts(rows); err != nil {
		return p, fmt.Errorf("entity %s related: %w", id, err)
	}
	rows, err = s.r.QueryContext(ctx, `SELECT `+docColumns+`, x.mentions FROM entity_docs x JOIN documents d ON d.rowid = x.doc_rowid
		WHERE x.entity_id = ? ORDER BY x.published DESC, x.doc_rowid DESC LIMIT 100`, id)
	if err != nil {
		return p, fmt.Errorf("entity %s documents: %w", id, err)
	}
	defer rows.Close()
	if p.Docs, err = rowkit.DocumentCounts(rows, scanDoc); err != nil {
		return p, fmt.Errorf("entity %s documents: %w", id, err)
	}
	return p, nil
}

func (s *Store) counts(ctx context.Context, q string, args ...any) ([]newsgraph.Count, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rowkit.Counts(rows)
}
