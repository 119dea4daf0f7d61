// Package sqlite is the embedded Store: one SQLite file through modernc.org/sqlite (pure Go), with an FTS5
// full-text index over document titles and text. The schema lives in embedded, versioned migrations.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"newsgraph"
	"newsgraph/query"
	"newsgraph/store/internal/codec"
	"newsgraph/store/internal/rowkit"
)

var (
	_ newsgraph.Store       = (*Store)(nil)
	_ newsgraph.EntityStore = (*Store)(nil)
	_ newsgraph.QuoteStore  = (*Store)(nil)
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a newsgraph.Store on one SQLite file. Writes go through one connection (SQLite has one writer);
// reads use a small pool and run concurrently with writes (WAL mode).
type Store struct {
	w, r *sql.DB
	path string
}

// Open opens (creating if needed) the database at path and applies pending migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	dsn := func(extra string) string {
		v := url.Values{}
		for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(ON)", "temp_store(MEMORY)", "cache_size(-65536)"} {
			v.Add("_pragma", p)
		}
		return "file:" + path + "?" + v.Encode() + extra
	}
	w, err := sql.Open("sqlite", dsn("&_txlock=immediate"))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	s := &Store{w: w, path: path}
	if err := s.migrate(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", dsn("&_pragma=query_only(1)"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	s.r = r
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	return errors.Join(s.r.Close(), s.w.Close())
}

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	// Every version not yet applied is applied, in order: a database that ran a later migration first (from
	// another branch of development) still gets the earlier one.
	applied := map[int]bool{}
	rows, err := s.w.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return fmt.Errorf("migrate: %w", err)
		}
		applied[v] = true
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: bad version: %w", name, err)
		}
		if applied[v] {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, v, time.Now().UTC().Format(time.RFC3339)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

// RawHash returns the identity of raw bytes: 16 hex digits of their XXH3-128 hash.
func RawHash(b []byte) string {
	return rowkit.RawHash(b)
}

// AddRaw implements newsgraph.Store.
func (s *Store) AddRaw(ctx context.Context, items []newsgraph.Item) ([]int64, []newsgraph.RawStatus, error) {
	ids := make([]int64, len(items))
	prior := make([]newsgraph.RawStatus, len(items))
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("add raw: %w", err)
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO raw_items (path, record, url, read_at, format, size, hash, encoding, content, container, status, reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path, record, hash) DO NOTHING RETURNING id`)
	if err != nil {
		return nil, nil, fmt.Errorf("add raw: %w", err)
	}
	defer ins.Close()
	for i, it := range items {
		cj := rowkit.EncodeContainer(&it)
		content, enc := codec.Compress(it.Raw)
		status, reason := newsgraph.RawPending, ""
		if it.Err != nil {
			status, reason = newsgraph.RawFailed, it.Err.Error()
		}
		hash := RawHash(it.Raw)
		if it.Err != nil && len(it.Raw) == 0 {
			hash = "err:" + RawHash([]byte(reason))
		}
		readAt := it.Origin.ReadAt
		if readAt.IsZero() {
			readAt = time.Now()
		}
		err = ins.QueryRowContext(ctx, it.Origin.Path, it.Origin.Record, it.Origin.URL, readAt.UTC().Format(time.RFC3339Nano),
			string(it.Format), len(it.Raw), hash, enc, content, string(cj), string(status), reason).Scan(&ids[i])
		if errors.Is(err, sql.ErrNoRows) {
			var st string
			err = tx.QueryRowContext(ctx, `SELECT id, status FROM raw_items WHERE path = ? AND record = ? AND hash = ?`,
				it.Origin.Path, it.Origin.Record, hash).Scan(&ids[i], &st)
			prior[i] = newsgraph.RawStatus(st)
			if err == nil && prior[i] == newsgraph.RawFailed && it.Err == nil {
				_, err = tx.ExecContext(ctx, `UPDATE raw_items SET status = 'pending', reason = '' WHERE id = ?`, ids[i])
			}
		}
		if err != nil {
			return nil, nil, fmt.Errorf("add raw %s: %w", it.Origin, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, nil, fmt.Errorf("add raw: %w", err)
	}
	return ids, prior, nil
}

// Pending implements newsgraph.Store.
func (s *Store) Pending(ctx context.Context, after int64, limit int) ([]newsgraph.Raw, error) {
	return s.raws(ctx, `WHERE status = 'pending' AND id > ? ORDER BY id LIMIT ?`, after, limit)
}

// Failures implements newsgraph.Store.
func (s *Store) Failures(ctx context.Context, limit int) ([]newsgraph.Raw, error) {
	return s.raws(ctx, `WHERE status = 'failed' ORDER BY id DESC LIMIT ?`, limit)
}

func (s *Store) raws(ctx context.Context, where string, args ...any) ([]newsgraph.Raw, error) {
	rows, err := s.w.QueryContext(ctx, `SELECT id, path, record, url, read_at, format, hash, encoding, content, container, status, reason, doc_id FROM raw_items `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("raw items: %w", err)
	}
	defer rows.Close()
	var out []newsgraph.Raw
	for rows.Next() {
		var r newsgraph.Raw
		var readAt, format, enc, cj, status string
		var content []byte
		if err := rows.Scan(&r.ID, &r.Item.Origin.Path, &r.Item.Origin.Record, &r.Item.Origin.URL, &readAt, &format, &r.Hash, &enc, &content, &cj, &status, &r.Reason, &r.DocID); err != nil {
			return nil, fmt.Errorf("raw items: %w", err)
		}
		r.Item.Origin.ReadAt, _ = time.Parse(time.RFC3339Nano, readAt)
		if err := rowkit.FinishRaw(&r, format, status, enc, content, cj); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Commit implements newsgraph.Store.
func (s *Store) Commit(ctx context.Context, outcomes []newsgraph.Outcome) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	defer tx.Rollback()
	insDoc, err := tx.PrepareContext(ctx, `INSERT INTO documents (id, raw_id, url, title, author, site, language, published, precision, text, paragraphs, meta, format, path, record, ingested_at, annotations)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING rowid`)
	if err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	defer insDoc.Close()
	insFTS, err := tx.PrepareContext(ctx, `INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	defer insFTS.Close()
	// A copy may know what the stored document does not (the HTML copy of a text file has a date): fill gaps.
	// The title is left alone: it is indexed, and the index must keep matching the row.
	merge, err := tx.PrepareContext(ctx, `UPDATE documents SET
		url = CASE url WHEN '' THEN ? ELSE url END,
		author = CASE author WHEN '' THEN ? ELSE author END, site = CASE site WHEN '' THEN ? ELSE site END,
		language = CASE language WHEN '' THEN ? ELSE language END,
		precision = CASE published WHEN '' THEN ? ELSE precision END, published = CASE published WHEN '' THEN ? ELSE published END
		WHERE id = ?`)
	if err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	defer merge.Close()
	setRaw, err := tx.PrepareContext(ctx, `UPDATE raw_items SET status = ?, reason = ?, doc_id = ? WHERE id = ?`)
	if err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	defer setRaw.Close()
	ents, err := prepareEntities(ctx, tx)
	if err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	defer ents.Close()
	for i := range outcomes {
		o := &outcomes[i]
		if o.Doc == nil {
			reason := "unknown error"
			if o.Err != nil {
				reason = o.Err.Error()
			}
			if _, err := setRaw.ExecContext(ctx, string(newsgraph.RawFailed), reason, "", o.RawID); err != nil {
				return fmt.Errorf("commit raw %d: %w", o.RawID, err)
			}
			continue
		}
		d := o.Doc
		paras, _ := json.Marshal(rowkit.SpansJSON(d.Paragraphs))
		meta, _ := json.Marshal(d.Meta)
		if d.Meta == nil {
			meta = []byte("{}")
		}
		ann, err := codec.EncodeAnnotations(d)
		if err != nil {
			return fmt.Errorf("commit document %s: %w", d.ID, err)
		}
		var rowid int64
		err = insDoc.QueryRowContext(ctx, d.ID, o.RawID, d.URL, d.Title, d.Author, d.Site, d.Language, rowkit.FormatTime(d.Published), d.PublishedPrecision,
			d.Text, string(paras), string(meta), string(d.Format), d.Origin.Path, d.Origin.Record, time.Now().UTC().Format(time.RFC3339Nano), ann).Scan(&rowid)
		status := newsgraph.RawDone
		switch {
		case errors.Is(err, sql.ErrNoRows):
			o.Duplicate = true
			status = newsgraph.RawDuplicate
			if _, err := merge.ExecContext(ctx, d.URL, d.Author, d.Site, d.Language, d.PublishedPrecision, rowkit.FormatTime(d.Published), d.ID); err != nil {
				return fmt.Errorf("commit document %s merge: %w", d.ID, err)
			}
		case err != nil:
			return fmt.Errorf("commit document %s: %w", d.ID, err)
		default:
			if _, err := insFTS.ExecContext(ctx, rowid, d.Title, d.Text); err != nil {
				return fmt.Errorf("commit document %s index: %w", d.ID, err)
			}
			if err := ents.add(ctx, d); err != nil {
				return fmt.Errorf("commit document %s entities: %w", d.ID, err)
			}
		}
		if _, err := setRaw.ExecContext(ctx, string(status), "", d.ID, o.RawID); err != nil {
			return fmt.Errorf("commit raw %d: %w", o.RawID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

const docColumns = `d.id, d.url, d.title, d.author, d.site, d.language, d.published, d.precision, d.meta, d.format, d.path, d.record, d.ingested_at`

func scanDoc(sc rowkit.Scanner, d *newsgraph.Document, extra ...any) error {
	var published, meta, format, ingested string
	dest := append([]any{&d.ID, &d.URL, &d.Title, &d.Author, &d.Site, &d.Language, &published, &d.PublishedPrecision, &meta, &format, &d.Origin.Path, &d.Origin.Record, &ingested}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return err
	}
	d.IngestedAt, _ = time.Parse(time.RFC3339Nano, ingested)
	return rowkit.FinishDoc(d, published, meta, format)
}

// Document implements newsgraph.Store.
func (s *Store) Document(ctx context.Context, id string) (newsgraph.Document, error) {
	id, err := rowkit.DocID(id)
	if err != nil {
		return newsgraph.Document{}, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+docColumns+`, d.text, d.paragraphs, d.annotations FROM documents d WHERE d.id >= ? AND d.id < ? ORDER BY d.id LIMIT 5`, id, id+"g")
	if err != nil {
		return newsgraph.Document{}, fmt.Errorf("document %s: %w", id, err)
	}
	defer rows.Close()
	return rowkit.Document(id, rows, scanDoc)
}

// Search implements newsgraph.Store.
func (s *Store) Search(ctx context.Context, q newsgraph.Query) ([]newsgraph.Hit, int, error) {
	parsed, err := query.Parse(q.Text)
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	if err := rowkit.Page("search", &q.Limit, q.Offset); err != nil {
		return nil, 0, err
	}
	var where []string
	var args []any
	from := `documents d`
	fts := !parsed.Empty()
	if fts {
		from = `documents_fts f JOIN documents d ON d.rowid = f.rowid`
		where = append(where, `documents_fts MATCH ?`)
		args = append(args, parsed.FTS5())
	}
	if q.Language != "" {
		where = append(where, `d.language = ?`)
		args = append(args, q.Language)
	}
	if q.Site != "" {
		where = append(where, `d.site = ?`)
		args = append(args, q.Site)
	}
	if q.Entity != "" {
		where = append(where, `d.id IN (SELECT doc_id FROM mentions WHERE entity_id = ?)`)
		args = append(args, q.Entity)
	}
	if !q.From.IsZero() {
		where = append(where, `d.published >= ? AND d.published != ''`)
		args = append(args, q.From.Format("2006-01-02"))
	}
	if !q.To.IsZero() {
		where = append(where, `d.published != '' AND d.published < ?`)
		args = append(args, q.To.AddDate(0, 0, 1).Format("2006-01-02"))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM `+from+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	sel := `SELECT ` + docColumns + `, '' AS snippet, 0.0 AS score FROM ` + from + cond + ` ORDER BY d.published DESC, d.rowid DESC LIMIT ? OFFSET ?`
	if fts {
		sel = `SELECT ` + docColumns + `, snippet(documents_fts, 1, '«', '»', '…', 24), -bm25(documents_fts, 4.0, 1.0) FROM ` + from + cond +
			` ORDER BY bm25(documents_fts, 4.0, 1.0) LIMIT ? OFFSET ?`
	}
	rows, err := s.r.QueryContext(ctx, sel, append(args, q.Limit, q.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	var hits []newsgraph.Hit
	for rows.Next() {
		var h newsgraph.Hit
		if err := scanDoc(rows, &h.Doc, &h.Snippet, &h.Score); err != nil {
			return nil, 0, fmt.Errorf("search: %w", err)
		}
		hits = append(hits, h)
	}
	return hits, total, rows.Err()
}

// Stats implements newsgraph.Store.
func (s *Store) Stats(ctx context.Context) (newsgraph.Stats, error) {
	st := newsgraph.Stats{Raw: map[newsgraph.RawStatus]int{}}
	var first, last string
	if err := s.r.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE published = ''), COALESCE(MIN(NULLIF(published, '')), ''), COALESCE(MAX(NULLIF(published, '')), '') FROM documents`).
		Scan(&st.Documents, &st.Undated, &first, &last); err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	st.First, _ = time.Parse(time.RFC3339, first)
	st.Last, _ = time.Parse(time.RFC3339, last)
	rows, err := s.r.QueryContext(ctx, `SELECT status, count(*) FROM raw_items GROUP BY status`)
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return st, fmt.Errorf("stats: %w", err)
		}
		st.Raw[newsgraph.RawStatus(k)] = n
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	for _, c := range []struct {
		col string
		dst *[]newsgraph.Count
	}{{"site", &st.Sites}, {"language", &st.Languages}, {"format", &st.Formats}} {
		rows, err := s.r.QueryContext(ctx, `SELECT `+c.col+`, count(*) AS n FROM documents GROUP BY 1 ORDER BY n DESC, 1 LIMIT 50`)
		if err != nil {
			return st, fmt.Errorf("stats %s: %w", c.col, err)
		}
		for rows.Next() {
			var k newsgraph.Count
			if err := rows.Scan(&k.Key, &k.N); err != nil {
				rows.Close()
				return st, fmt.Errorf("stats %s: %w", c.col, err)
			}
			*c.dst = append(*c.dst, k)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return st, fmt.Errorf("stats %s: %w", c.col, err)
		}
	}
	return st, nil
}
