// Package postgres is the server Store: PostgreSQL through pgx/v5 and a connection pool, for corpora that outgrow
// one machine and for several ingest or worker processes writing at once. It keeps what the SQLite store keeps,
// with the same semantics (both pass store/storetest), and indexes titles and texts in a tsvector column with a
// GIN index, ranked with ts_rank_cd and excerpted with ts_headline.
//
// The schema lives in embedded, versioned migrations, applied by Open in one transaction under an advisory
// lock, so any number of processes may open a new database at once.
//
// Writers are safe across processes: AddRaw and Commit insert with ON CONFLICT and take their row locks in one
// global order (raw items by ID, then documents by ID, then entities by ID, then the advisory locks of the
// quote-pair cells, the relation cells and the entity statistics, in that order), so concurrent batches wait for each
// other but never deadlock, and the same article from two processes is stored once. AddRawTx, CommitTx,
// LockPendingTx and SaveClustersTx do the same work inside a caller's transaction: server mode (package worker)
// commits raw items with their jobs, and a job's outcomes with its completion.
//
// Text search: titles and texts are split into words in Go by query.Words (the function that splits search
// queries), and the words go through the "newsgraph" text search configuration: PostgreSQL's 'simple' dictionary
// (lower case, no stemming, no stop words: news is multilingual) behind unaccent when the extension can be
// installed, the equivalent of SQLite's FTS5 unicode61 with remove_diacritics. Text search indexes at most
// maxIndexed bytes of words per document (tsvector's limit is 1 MB).
//
// PostgreSQL text cannot hold NUL bytes or invalid UTF-8: such bytes in stored strings (document text, titles,
// paths, reasons) are replaced one for one (NUL by a space, an invalid byte by '?'), so spans stay valid. Raw
// bytes are stored as they are.
package postgres

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

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

// migrationLock is the key of the advisory lock that serialises migrations (advisory locks are per database).
const migrationLock int64 = 0x6e657773_67726170 // "newsgrap"

// maxIndexed caps the words of one document's text that go into its tsvector.
const maxIndexed = 512 << 10

// Options configure a Store. The zero value is ready to use.
type Options struct {
	// MaxConns is the pool size. 0 means the DSN's pool_max_conns, else pgxpool's default: the greater of 4 and
	// the number of CPUs.
	MaxConns int32
	// MinConns is the number of connections kept open when idle. 0 means the DSN's pool_min_conns, else 0.
	MinConns int32
}

// Store is a newsgraph.Store on a PostgreSQL database. It is safe for concurrent use, and several processes may
// use one database at once.
type Store struct {
	pool *pgxpool.Pool
}

// Open connects to the database at dsn (a postgres:// URL or key=value string, as pgx accepts) with the
// default Options and applies pending migrations.
func Open(ctx context.Context, dsn string) (*Store, error) {
	return OpenOptions(ctx, dsn, Options{})
}

// OpenOptions is Open with options.
func OpenOptions(ctx context.Context, dsn string, o Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if o.MaxConns > 0 {
		cfg.MaxConns = o.MaxConns
	}
	if o.MinConns > 0 {
		cfg.MinConns = min(o.MinConns, cfg.MaxConns)
	}
	if _, ok := cfg.ConnConfig.RuntimeParams["application_name"]; !ok {
		cfg.ConnConfig.RuntimeParams["application_name"] = "newsgraph"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s/%s: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Database, err)
	}
	s := &Store{pool: pool}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres %s/%s: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Database, err)
	}
	return s, nil
}

// Pool returns the store's connection pool, for work that shares its transactions (a job queue).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Close closes the pool, waiting for connections in use to be released.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// migrate applies the embedded migrations newer than the database's version, all in one transaction, holding an
// advisory lock so that processes opening the database at once apply each migration once.
func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	sort.Strings(names)
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	// Every version not yet applied is applied, in order (not only those above the highest applied).
	rows, err := tx.Query(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	done, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	have := map[int]bool{}
	for _, v := range done {
		have[v] = true
	}
	applied := 0
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: bad version: %w", name, err)
		}
		if have[v] {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
		// Without arguments pgx sends the simple protocol, which runs a script of several statements.
		if _, err := tx.Exec(ctx, string(body)); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version) VALUES ($1)`, v); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
		applied++
	}
	if applied == 0 {
		return nil // the rollback releases the lock
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// RawHash returns the identity of raw bytes: 16 hex digits of their XXH3-128 hash, as the SQLite store computes it.
func RawHash(b []byte) string {
	return rowkit.RawHash(b)
}

// clean makes s storable in a text column without changing its length: a NUL byte becomes a space and each byte
// of invalid UTF-8 becomes '?', so byte offsets into s stay valid.
func clean(s string) string {
	if strings.IndexByte(s, 0) < 0 && utf8.ValidString(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && w == 1:
			b = append(b, '?')
		case r == 0:
			b = append(b, ' ')
		default:
			b = append(b, s[i:i+w]...)
		}
		i += w
	}
	return string(b)
}

// querier is what a pool and a transaction have in common.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// AddRaw implements newsgraph.Store.
func (s *Store) AddRaw(ctx context.Context, items []newsgraph.Item) ([]int64, []newsgraph.RawStatus, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("add raw: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	ids, prior, err := AddRawTx(ctx, tx, items)
	if err != nil {
		return nil, nil, err
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, nil, fmt.Errorf("add raw: %w", err)
	}
	return ids, prior, nil
}

// AddRawTx is AddRaw inside the caller's transaction, so that work queued in the same transaction (a job per raw
// item) is committed with the items or not at all.
func AddRawTx(ctx context.Context, tx pgx.Tx, items []newsgraph.Item) ([]int64, []newsgraph.RawStatus, error) {
	ids := make([]int64, len(items))
	prior := make([]newsgraph.RawStatus, len(items))
	if len(items) == 0 {
		return ids, prior, nil
	}
	type row struct {
		i                                int
		id                               int64
		path, url, format, hash, enc, cj string
		status, reason                   string
		record, size                     int32
		readAt                           time.Time
		content                          []byte
	}
	rows := make([]row, len(items))
	for i, it := range items {
		c := newsgraph.Item{Title: clean(it.Title), Author: clean(it.Author), Site: clean(it.Site), Language: clean(it.Language), Meta: cleanMap(it.Meta), Published: it.Published}
		cj := rowkit.EncodeContainer(&c)
		content, enc := codec.Compress(it.Raw)
		status, reason := newsgraph.RawPending, ""
		if it.Err != nil {
			status, reason = newsgraph.RawFailed, clean(it.Err.Error())
		}
		hash := RawHash(it.Raw)
		if it.Err != nil && len(it.Raw) == 0 {
			hash = "err:" + RawHash([]byte(reason))
		}
		readAt := it.Origin.ReadAt
		if readAt.IsZero() {
			readAt = time.Now()
		}
		if content == nil {
			content = []byte{}
		}
		rows[i] = row{i: i, path: clean(it.Origin.Path), url: clean(it.Origin.URL), format: string(it.Format), hash: hash, enc: enc,
			cj: string(cj), status: string(status), reason: reason, record: int32(it.Origin.Record), size: int32(min(len(it.Raw), 1<<31-1)),
			readAt: readAt, content: content}
	}
	// IDs follow the input order (Pending returns items in the order they were added), while rows are inserted in
	// key order, so that two processes adding the same items wait for each other instead of deadlocking. IDs
	// drawn for items that turn out to be stored already are left unused.
	seq, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence('raw_items', 'id')) FROM generate_series(1, $1)`, len(rows))
	if err != nil {
		return nil, nil, fmt.Errorf("add raw: %w", err)
	}
	newIDs, err := pgx.CollectRows(seq, pgx.RowTo[int64])
	if err != nil {
		return nil, nil, fmt.Errorf("add raw: %w", err)
	}
	sort.Slice(newIDs, func(a, b int) bool { return newIDs[a] < newIDs[b] })
	for i := range rows {
		rows[i].id = newIDs[i]
	}
	sorted := make([]row, len(rows))
	copy(sorted, rows)
	sort.SliceStable(sorted, func(a, b int) bool {
		x, y := sorted[a], sorted[b]
		if x.path != y.path {
			return x.path < y.path
		}
		if x.record != y.record {
			return x.record < y.record
		}
		return x.hash < y.hash
	})
	n := len(sorted)
	var (
		paths, urls, formats, hashes, encs, cjs, statuses, reasons = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		records, sizes                                             = make([]int32, n), make([]int32, n)
		rowIDs                                                     = make([]int64, n)
		readAts                                                    = make([]time.Time, n)
		contents                                                   = make([][]byte, n)
	)
	for j, r := range sorted {
		paths[j], urls[j], formats[j], hashes[j], encs[j], cjs[j], statuses[j], reasons[j] = r.path, r.url, r.format, r.hash, r.enc, r.cj, r.status, r.reason
		records[j], sizes[j], readAts[j], contents[j], rowIDs[j] = r.record, r.size, r.readAt, r.content, r.id
	}
	key := func(path string, record int32, hash string) string {
		return path + "\x00" + strconv.Itoa(int(record)) + "\x00" + hash
	}
	res, err := tx.Query(ctx, `INSERT INTO raw_items (id, path, record, url, read_at, format, size, hash, encoding, content, container, status, reason)
		OVERRIDING SYSTEM VALUE
		SELECT id, path, record, url, read_at, format, size, hash, encoding, content, container::jsonb, status, reason
		FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::timestamptz[], $6::text[], $7::int[], $8::text[], $9::text[], $10::bytea[], $11::text[], $12::text[], $13::text[])
			WITH ORDINALITY AS u(id, path, record, url, read_at, format, size, hash, encoding, content, container, status, reason, ord)
		ORDER BY ord
		ON CONFLICT (path, record, hash) DO NOTHING
		RETURNING id, path, record, hash`,
		rowIDs, paths, records, urls, readAts, formats, sizes, hashes, encs, contents, cjs, statuses, reasons)
	if err != nil {
		return nil, nil, fmt.Errorf("add raw: %w", err)
	}
	inserted := map[string]int64{}
	for res.Next() {
		var id int64
		var path, hash string
		var record int32
		if err := res.Scan(&id, &path, &record, &hash); err != nil {
			res.Close()
			return nil, nil, fmt.Errorf("add raw: %w", err)
		}
		inserted[key(path, record, hash)] = id
	}
	if err := res.Err(); err != nil {
		return nil, nil, fmt.Errorf("add raw: %w", err)
	}
	// Items stored before (by an earlier call, another process, or earlier in this batch): their IDs and statuses.
	type stored struct {
		id     int64
		status string
	}
	existing := map[string]stored{}
	var qp, qh []string
	var qr []int32
	firstSeen := map[string]bool{}
	for _, r := range rows {
		k := key(r.path, r.record, r.hash)
		if _, ok := inserted[k]; ok && !firstSeen[k] {
			firstSeen[k] = true
			continue
		}
		qp, qr, qh = append(qp, r.path), append(qr, r.record), append(qh, r.hash)
	}
	if len(qp) > 0 {
		res, err := tx.Query(ctx, `SELECT r.id, r.path, r.record, r.hash, r.status FROM raw_items r
			JOIN unnest($1::text[], $2::int[], $3::text[]) AS u(path, record, hash) ON r.path = u.path AND r.record = u.record AND r.hash = u.hash`, qp, qr, qh)
		if err != nil {
			return nil, nil, fmt.Errorf("add raw: %w", err)
		}
		for res.Next() {
			var st stored
			var path, hash string
			var record int32
			if err := res.Scan(&st.id, &path, &record, &hash, &st.status); err != nil {
				res.Close()
				return nil, nil, fmt.Errorf("add raw: %w", err)
			}
			existing[key(path, record, hash)] = st
		}
		if err := res.Err(); err != nil {
			return nil, nil, fmt.Errorf("add raw: %w", err)
		}
	}
	var retry []int64
	seen := map[string]bool{}
	for _, r := range rows {
		k := key(r.path, r.record, r.hash)
		if id, ok := inserted[k]; ok && !seen[k] {
			seen[k] = true
			ids[r.i] = id
			continue
		}
		st, ok := existing[k]
		if !ok {
			return nil, nil, fmt.Errorf("add raw %s: neither inserted nor found", items[r.i].Origin)
		}
		if seen[k] {
			st.status = r.status // an earlier copy in this batch was stored with this status, so this one sees it
		}
		seen[k] = true
		ids[r.i], prior[r.i] = st.id, newsgraph.RawStatus(st.status)
		if prior[r.i] == newsgraph.RawFailed && items[r.i].Err == nil {
			retry = append(retry, st.id)
		}
	}
	if len(retry) > 0 {
		sort.Slice(retry, func(a, b int) bool { return retry[a] < retry[b] })
		if _, err := tx.Exec(ctx, `UPDATE raw_items SET status = 'pending', reason = '' WHERE id = ANY($1) AND status = 'failed'`, retry); err != nil {
			return nil, nil, fmt.Errorf("add raw: retry failed items: %w", err)
		}
	}
	return ids, prior, nil
}

func cleanMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[clean(k)] = clean(v)
	}
	return out
}

// Pending implements newsgraph.Store.
func (s *Store) Pending(ctx context.Context, after int64, limit int) ([]newsgraph.Raw, error) {
	return s.raws(ctx, `WHERE status = 'pending' AND id > $1 ORDER BY id LIMIT $2`, after, limit)
}

// Failures implements newsgraph.Store.
func (s *Store) Failures(ctx context.Context, limit int) ([]newsgraph.Raw, error) {
	return s.raws(ctx, `WHERE status = 'failed' ORDER BY id DESC LIMIT $1`, limit)
}

func (s *Store) raws(ctx context.Context, where string, args ...any) ([]newsgraph.Raw, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, path, record, url, read_at, format, hash, encoding, content, container::text, status, reason, doc_id FROM raw_items `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("raw items: %w", err)
	}
	defer rows.Close()
	var out []newsgraph.Raw
	for rows.Next() {
		var r newsgraph.Raw
		var format, enc, cj, status string
		var record int32
		var content []byte
		if err := rows.Scan(&r.ID, &r.Item.Origin.Path, &record, &r.Item.Origin.URL, &r.Item.Origin.ReadAt, &format, &r.Hash, &enc, &content, &cj, &status, &r.Reason, &r.DocID); err != nil {
			return nil, fmt.Errorf("raw items: %w", err)
		}
		r.Item.Origin.Record = int(record)
		if err := rowkit.FinishRaw(&r, format, status, enc, content, cj); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("raw items: %w", err)
	}
	return out, nil
}

// Commit implements newsgraph.Store. Locks are taken in one order (raw items, documents, entities, each by ID,
// then the advisory locks of the quote-pair cells, the relation cells and the entity statistics), so concurrent commits from any number of processes do not deadlock.
func (s *Store) Commit(ctx context.Context, outcomes []newsgraph.Outcome) error {
	if len(outcomes) == 0 {
		return nil
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := CommitTx(ctx, tx, outcomes); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// CommitTx is Commit inside the caller's transaction, so that other work (completing the job that produced the
// outcomes) is committed with the outcomes or not at all. It takes its locks in Commit's order; a caller that
// locks more rows afterwards (a job row) keeps the order global.
func CommitTx(ctx context.Context, tx pgx.Tx, outcomes []newsgraph.Outcome) error {
	if len(outcomes) == 0 {
		return nil
	}
	// 1. Lock the raw items, in ID order.
	rawIDs := make([]int64, 0, len(outcomes))
	for _, o := range outcomes {
		rawIDs = append(rawIDs, o.RawID)
	}
	sort.Slice(rawIDs, func(a, b int) bool { return rawIDs[a] < rawIDs[b] })
	if _, err := tx.Exec(ctx, `SELECT id FROM raw_items WHERE id = ANY($1) ORDER BY id FOR UPDATE`, rawIDs); err != nil {
		return fmt.Errorf("commit: lock raw items: %w", err)
	}

	// 2. Store the documents, in ID order. The first outcome of each ID is the candidate; later copies in the
	// batch fill its gaps, as they would fill the stored row's.
	first := map[string]int{}
	var docIDs []string
	merged := map[string]newsgraph.Document{}
	for i := range outcomes {
		d := outcomes[i].Doc
		if d == nil {
			continue
		}
		if _, ok := first[d.ID]; !ok {
			first[d.ID] = i
			docIDs = append(docIDs, d.ID)
			merged[d.ID] = *d
			continue
		}
		m := merged[d.ID]
		fillGaps(&m, d)
		merged[d.ID] = m
	}
	sort.Strings(docIDs)
	isNew, err := insertDocuments(ctx, tx, docIDs, merged, outcomes, first)
	if err != nil {
		return err
	}

	// 3. Entities, mentions and quotes of the new documents.
	var fresh []*newsgraph.Document
	for _, id := range docIDs {
		if isNew[id] {
			fresh = append(fresh, outcomes[first[id]].Doc)
		}
	}
	if err := writeEntities(ctx, tx, fresh); err != nil {
		return fmt.Errorf("commit: %w", err)
	}

	// 4. Raw item statuses; the last outcome for a raw item wins. As in the SQLite store, a raw item committed
	// again after its document is stored (a retry) is a duplicate: the document was already stored. Workers that
	// must not commit an item twice take LockPendingTx first.
	final := map[int64]int{}
	for i := range outcomes {
		o := &outcomes[i]
		if o.Doc != nil {
			o.Duplicate = !(first[o.Doc.ID] == i && isNew[o.Doc.ID])
		}
		final[o.RawID] = i
	}
	var uid []int64
	var ustatus, ureason, udoc []string
	for _, id := range rawIDs {
		i, ok := final[id]
		if !ok {
			continue
		}
		delete(final, id)
		o := outcomes[i]
		status, reason, doc := newsgraph.RawDone, "", ""
		switch {
		case o.Doc == nil:
			status, reason = newsgraph.RawFailed, "unknown error"
			if o.Err != nil {
				reason = clean(o.Err.Error())
			}
		case o.Duplicate:
			status, doc = newsgraph.RawDuplicate, o.Doc.ID
		default:
			doc = o.Doc.ID
		}
		uid, ustatus, ureason, udoc = append(uid, id), append(ustatus, string(status)), append(ureason, reason), append(udoc, doc)
	}
	if _, err := tx.Exec(ctx, `UPDATE raw_items r SET status = u.status, reason = u.reason, doc_id = u.doc_id
		FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS u(id, status, reason, doc_id)
		WHERE r.id = u.id`,
		uid, ustatus, ureason, udoc); err != nil {
		return fmt.Errorf("commit: raw statuses: %w", err)
	}
	return nil
}

// LockPendingTx locks the raw items ids (in ID order, the order Commit locks them in) until tx ends and returns
// those still pending, in ID order. A worker that processed items read earlier commits only these: another
// worker, or an earlier attempt of the same job, may have committed the rest meanwhile.
func LockPendingTx(ctx context.Context, tx pgx.Tx, ids []int64) ([]int64, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := tx.Query(ctx, `SELECT id, status FROM raw_items WHERE id = ANY($1) ORDER BY id FOR UPDATE`, ids)
	if err != nil {
		return nil, fmt.Errorf("lock raw items: %w", err)
	}
	defer rows.Close()
	var pending []int64
	for rows.Next() {
		var id int64
		var status string
		if err := rows.Scan(&id, &status); err != nil {
			return nil, fmt.Errorf("lock raw items: %w", err)
		}
		if status == string(newsgraph.RawPending) {
			pending = append(pending, id)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("lock raw items: %w", err)
	}
	return pending, nil
}

// Raws returns the raw items with the given IDs, whatever their status, in ID order; IDs not stored are left out.
func (s *Store) Raws(ctx context.Context, ids []int64) ([]newsgraph.Raw, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return s.raws(ctx, `WHERE id = ANY($1) ORDER BY id`, ids)
}

// fillGaps sets the metadata m lacks from d, as a duplicate's merge fills the stored document's gaps. The title
// is left alone: it is indexed.
func fillGaps(m *newsgraph.Document, d *newsgraph.Document) {
	if m.URL == "" {
		m.URL = d.URL
	}
	if m.Author == "" {
		m.Author = d.Author
	}
	if m.Site == "" {
		m.Site = d.Site
	}
	if m.Language == "" {
		m.Language = d.Language
	}
	if m.Published.IsZero() {
		m.Published, m.PublishedPrecision = d.Published, d.PublishedPrecision
	}
}

// insertDocuments upserts the documents docIDs (sorted) and reports which were new. A document already stored
// keeps its title, text and annotations; the copy fills its empty URL, author, site, language and date.
func insertDocuments(ctx context.Context, tx pgx.Tx, docIDs []string, merged map[string]newsgraph.Document, outcomes []newsgraph.Outcome, first map[string]int) (map[string]bool, error) {
	isNew := map[string]bool{}
	if len(docIDs) == 0 {
		return isNew, nil
	}
	n := len(docIDs)
	var (
		ids, urls, titles, authors, sites, langs, published, precisions, texts = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		paras, metas, formats, paths, titleWords, textWords                    = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		rawIDs                                                                 = make([]int64, n)
		records                                                                = make([]int32, n)
		anns                                                                   = make([][]byte, n)
	)
	for j, id := range docIDs {
		d := merged[id]
		orig := outcomes[first[id]].Doc // annotations are the candidate's own
		p, _ := json.Marshal(rowkit.SpansJSON(d.Paragraphs))
		meta := []byte("{}")
		if d.Meta != nil {
			meta, _ = json.Marshal(cleanMap(d.Meta))
		}
		ann, err := codec.EncodeAnnotations(orig)
		if err != nil {
			return nil, fmt.Errorf("commit document %s: %w", id, err)
		}
		text := clean(d.Text)
		ids[j], urls[j], titles[j], authors[j], sites[j], langs[j] = id, clean(d.URL), clean(d.Title), clean(d.Author), clean(d.Site), clean(d.Language)
		published[j], precisions[j], texts[j], paras[j], metas[j] = rowkit.FormatTime(d.Published), d.PublishedPrecision, text, string(p), string(meta)
		formats[j], paths[j], rawIDs[j], records[j], anns[j] = string(d.Format), clean(d.Origin.Path), outcomes[first[id]].RawID, int32(d.Origin.Record), ann
		titleWords[j], textWords[j] = indexWords(titles[j], maxIndexed), indexWords(text, maxIndexed)
	}
	rows, err := tx.Query(ctx, `INSERT INTO documents AS d (id, raw_id, url, title, author, site, language, published, precision, text, paragraphs, meta, format, path, record, annotations, tsv)
		SELECT id, raw_id, url, title, author, site, language, published, precision, text, paragraphs::jsonb, meta::jsonb, format, path, record, annotations,
			setweight(to_tsvector('newsgraph', title_words), 'A') || setweight(to_tsvector('newsgraph', text_words), 'B')
		FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
			$11::text[], $12::text[], $13::text[], $14::text[], $15::int[], $16::bytea[], $17::text[], $18::text[])
			WITH ORDINALITY AS u(id, raw_id, url, title, author, site, language, published, precision, text, paragraphs, meta, format, path, record, annotations, title_words, text_words, ord)
		ORDER BY ord
		ON CONFLICT (id) DO UPDATE SET
			url = CASE d.url WHEN '' THEN excluded.url ELSE d.url END,
			author = CASE d.author WHEN '' THEN excluded.author ELSE d.author END,
			site = CASE d.site WHEN '' THEN excluded.site ELSE d.site END,
			language = CASE d.language WHEN '' THEN excluded.language ELSE d.language END,
			precision = CASE d.published WHEN '' THEN excluded.precision ELSE d.precision END,
			published = CASE d.published WHEN '' THEN excluded.published ELSE d.published END
		WHERE d.url = '' AND excluded.url != '' OR d.author = '' AND excluded.author != '' OR d.site = '' AND excluded.site != ''
			OR d.language = '' AND excluded.language != '' OR d.published = '' AND excluded.published != ''
		RETURNING d.id, d.xmax = 0`,
		ids, rawIDs, urls, titles, authors, sites, langs, published, precisions, texts, paras, metas, formats, paths, records, anns, titleWords, textWords)
	if err != nil {
		return nil, fmt.Errorf("commit documents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var inserted bool
		if err := rows.Scan(&id, &inserted); err != nil {
			return nil, fmt.Errorf("commit documents: %w", err)
		}
		if inserted {
			isNew[id] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("commit documents: %w", err)
	}
	return isNew, nil
}

// indexWords returns the words of s as search queries split them, space-separated, up to max bytes.
func indexWords(s string, max int) string {
	var b strings.Builder
	for _, w := range query.Words(s) {
		if b.Len()+len(w)+1 > max {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

const docColumns = `d.id, d.url, d.title, d.author, d.site, d.language, d.published, d.precision, d.meta::text, d.format, d.path, d.record, d.ingested_at`

func scanDoc(sc rowkit.Scanner, d *newsgraph.Document, extra ...any) error {
	var published, meta, format string
	var record int32
	dest := append([]any{&d.ID, &d.URL, &d.Title, &d.Author, &d.Site, &d.Language, &published, &d.PublishedPrecision, &meta, &format, &d.Origin.Path, &record, &d.IngestedAt}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return err
	}
	d.Origin.Record = int(record)
	return rowkit.FinishDoc(d, published, meta, format)
}

// Document implements newsgraph.Store.
func (s *Store) Document(ctx context.Context, id string) (newsgraph.Document, error) {
	id, err := rowkit.DocID(id)
	if err != nil {
		return newsgraph.Document{}, err
	}
	rows, err := s.pool.Query(ctx, `SELECT `+docColumns+`, d.text, d.paragraphs::text, d.annotations FROM documents d WHERE d.id >= $1 AND d.id < $2 ORDER BY d.id LIMIT 5`, id, id+"g")
	if err != nil {
		return newsgraph.Document{}, fmt.Errorf("document %s: %w", id, err)
	}
	defer rows.Close()
	return rowkit.Document(id, rows, scanDoc)
}

// params collects the arguments of a query and names their placeholders.
type params []any

func (p *params) add(v any) string {
	*p = append(*p, v)
	return "$" + strconv.Itoa(len(*p))
}

// headline is how ts_headline excerpts a hit: about as long as the SQLite store's snippet, matches in « ».
const headline = `StartSel="«", StopSel="»", MaxWords=24, MinWords=10, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`

// rankWeights weigh matches in the title (A) four times those in the text (B), as the SQLite store's bm25 does.
const rankWeights = `'{0.1, 0.2, 0.25, 1.0}'`

// Search implements newsgraph.Store.
func (s *Store) Search(ctx context.Context, q newsgraph.Query) ([]newsgraph.Hit, int, error) {
	parsed, err := query.Parse(q.Text)
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	if err := rowkit.Page("search", &q.Limit, q.Offset); err != nil {
		return nil, 0, err
	}
	var p params
	var where []string
	fts := !parsed.Empty()
	from := `documents d`
	if fts {
		from = `documents d, to_tsquery('newsgraph', ` + p.add(parsed.TSQuery()) + `) AS tq`
		where = append(where, `d.tsv @@ tq`)
	}
	if q.Language != "" {
		where = append(where, `d.language = `+p.add(q.Language))
	}
	if q.Site != "" {
		where = append(where, `d.site = `+p.add(q.Site))
	}
	if q.Entity != "" {
		where = append(where, `d.id IN (SELECT doc_id FROM mentions WHERE entity_id = `+p.add(q.Entity)+`)`)
	}
	if !q.From.IsZero() {
		where = append(where, `d.published >= `+p.add(q.From.Format("2006-01-02"))+` AND d.published != ''`)
	}
	if !q.To.IsZero() {
		where = append(where, `d.published != '' AND d.published < `+p.add(q.To.AddDate(0, 0, 1).Format("2006-01-02")))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	// The page is chosen on narrow rows (seq, score, the total), then joined to its documents; the headline is
	// computed for the page only.
	score, snippet := `0::float8`, `''`
	if fts {
		score = `ts_rank_cd(` + rankWeights + `, d.tsv, tq)::float8`
		snippet = `ts_headline('newsgraph', d.text, to_tsquery('newsgraph', $1), ` + p.add(headline) + `)`
	}
	order := `p.score DESC, d.published DESC, d.seq DESC`
	sel := `SELECT ` + docColumns + `, ` + snippet + `, p.score, p.total FROM (
			SELECT d.seq, ` + score + ` AS score, count(*) OVER () AS total FROM ` + from + cond + `
			ORDER BY score DESC, d.published DESC, d.seq DESC LIMIT ` + p.add(q.Limit) + ` OFFSET ` + p.add(q.Offset) + `
		) p JOIN documents d ON d.seq = p.seq ORDER BY ` + order
	rows, err := s.pool.Query(ctx, sel, p...)
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	var hits []newsgraph.Hit
	total := -1
	for rows.Next() {
		var h newsgraph.Hit
		var n int64
		if err := scanDoc(rows, &h.Doc, &h.Snippet, &h.Score, &n); err != nil {
			return nil, 0, fmt.Errorf("search: %w", err)
		}
		total = int(n)
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	if total < 0 {
		total = 0
		if q.Offset > 0 { // a page past the end: count separately
			// The count uses the same arguments but the page's; drop LIMIT, OFFSET and the headline options.
			n := len(p) - 2
			if fts {
				n--
			}
			if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM `+from+cond, p[:n]...).Scan(&total); err != nil {
				return nil, 0, fmt.Errorf("search: %w", err)
			}
		}
	}
	return hits, total, nil
}

// Stats implements newsgraph.Store.
func (s *Store) Stats(ctx context.Context) (newsgraph.Stats, error) {
	st := newsgraph.Stats{Raw: map[newsgraph.RawStatus]int{}}
	var first, last string
	if err := s.pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE published = ''), COALESCE(min(NULLIF(published, '')), ''), COALESCE(max(NULLIF(published, '')), '') FROM documents`).
		Scan(&st.Documents, &st.Undated, &first, &last); err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	st.First, _ = time.Parse(time.RFC3339, first)
	st.Last, _ = time.Parse(time.RFC3339, last)
	raw, err := s.counts(ctx, `SELECT status, count(*) FROM raw_items GROUP BY status`)
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	for _, c := range raw {
		st.Raw[newsgraph.RawStatus(c.Key)] = c.N
	}
	for _, c := range []struct {
		col string
		dst *[]newsgraph.Count
	}{{"site", &st.Sites}, {"language", &st.Languages}, {"format", &st.Formats}} {
		if *c.dst, err = s.counts(ctx, `SELECT `+c.col+`, count(*) AS n FROM documents GROUP BY 1 ORDER BY n DESC, 1 LIMIT 50`); err != nil {
			return st, fmt.Errorf("stats %s: %w", c.col, err)
		}
	}
	return st, nil
}

// counts runs a query of (key, count) rows.
func (s *Store) counts(ctx context.Context, q string, args ...any) ([]newsgraph.Count, error) {
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rowkit.Counts(rows)
}
