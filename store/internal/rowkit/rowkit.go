// Package rowkit holds the Go side that the SQLite and PostgreSQL stores share around their SQL: the rows built
// from a document's annotations, the checks and defaults of query parameters, and the results assembled from
// scanned rows (documents, entity counts and profiles, cluster details, duplicate pairs, relations). Each store
// keeps its own SQL (written with ? placeholders, or PostgreSQL's $n, as the store's driver needs); rowkit reads
// what that SQL returns through the small interfaces below, which *sql.Rows and pgx.Rows both satisfy.
package rowkit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"newsgraph"
	"newsgraph/store/internal/codec"
)

// Scanner reads one result row; *sql.Row, *sql.Rows, pgx.Row and pgx.Rows are Scanners.
type Scanner interface{ Scan(dest ...any) error }

// Rows is a result set read one row at a time. The functions here that take Rows do not close them unless they
// say so; the caller closes them.
type Rows interface {
	Scanner
	Next() bool
	Err() error
}

// DocScanner scans a store's document columns into d, followed by the extra columns.
type DocScanner func(sc Scanner, d *newsgraph.Document, extra ...any) error

// prefixed scans leading columns into pre before the columns a DocScanner reads.
type prefixed struct {
	sc  Scanner
	pre []any
}

func (r prefixed) Scan(dest ...any) error { return r.sc.Scan(append(r.pre, dest...)...) }

// ClusterTime renders a cluster or story date for storage: RFC 3339 in UTC, so that dates compare as strings.
// The zero time is "".
func ClusterTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// parseClusterTime reads what ClusterTime wrote; "" or anything unreadable is the zero time.
func parseClusterTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

// FormatTime renders a publication time as RFC 3339 in the offset the page gave, so its date prefix is the
// publisher's calendar day, which the date filters compare. The zero time is "".
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// SpansJSON returns spans as [start, end] pairs, the stored form of paragraphs.
func SpansJSON(sp []newsgraph.Span) [][2]int {
	out := make([][2]int, len(sp))
	for i, s := range sp {
		out[i] = [2]int{s.Start, s.End}
	}
	return out
}

// source names where a document came from: its URL when known, else its origin.
func source(url string, o newsgraph.Origin) string {
	if url != "" {
		return url
	}
	return o.String()
}

// spanWhere adds the conditions that keep clusters c whose [first, last] date span meets [from, to], with ?
// placeholders.
func spanWhere(where []string, args []any, from, to time.Time) ([]string, []any) {
	if !from.IsZero() {
		where = append(where, `c.last != '' AND c.last >= ?`)
		args = append(args, from.Format("2006-01-02"))
	}
	if !to.IsZero() {
		where = append(where, `c.first != '' AND c.first < ?`)
		args = append(args, to.AddDate(0, 0, 1).Format("2006-01-02"))
	}
	return where, args
}

// CodePrefix checks a CAMEO code prefix and returns it as a LIKE pattern.
func CodePrefix(code string) (string, error) {
	if strings.Trim(code, "0123456789") != "" {
		return "", fmt.Errorf("event code %q: want digits, a CAMEO code or its prefix: %w", code, newsgraph.ErrBadQuery)
	}
	return code + "%", nil
}

// scanCluster scans the columns id, label, first, last, story, size into c.
func scanCluster(sc Scanner, c *newsgraph.ClusterInfo) error {
	var first, last string
	if err := sc.Scan(&c.ID, &c.Label, &first, &last, &c.Story, &c.Size); err != nil {
		return err
	}
	c.First, c.Last = parseClusterTime(first), parseClusterTime(last)
	return nil
}

// FinishDoc fills in what a store's document scan leaves as text: the publication time, the format and the
// meta JSON ("", "{}" and "null" are no meta), and the origin URL.
func FinishDoc(d *newsgraph.Document, published, meta, format string) error {
	if published != "" {
		d.Published, _ = time.Parse(time.RFC3339, published)
	}
	d.Format = newsgraph.Format(format)
	if meta != "" && meta != "{}" && meta != "null" {
		if err := json.Unmarshal([]byte(meta), &d.Meta); err != nil {
			return fmt.Errorf("document %s meta: %w", d.ID, err)
		}
	}
	d.Origin.URL = d.URL
	return nil
}

// DocID normalises a document ID or prefix and checks it is 4 or more hex digits; ErrNotFound if not.
func DocID(id string) (string, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	if len(id) < 4 || strings.Trim(id, "0123456789abcdef") != "" {
		return id, fmt.Errorf("document %q: an ID is 4 to 16 hex digits: %w", id, newsgraph.ErrNotFound)
	}
	return id, nil
}

// Document reads the documents whose ID starts with id from rows of the document columns followed by text,
// paragraphs (JSON pairs) and annotations (codec form), and returns the one match: ErrNotFound for none, an
// error naming them for several.
func Document(id string, rows Rows, scan DocScanner) (newsgraph.Document, error) {
	var docs []newsgraph.Document
	for rows.Next() {
		var d newsgraph.Document
		var paras string
		var ann []byte
		if err := scan(rows, &d, &d.Text, &paras, &ann); err != nil {
			return newsgraph.Document{}, fmt.Errorf("document %s: %w", id, err)
		}
		if err := codec.DecodeAnnotations(ann, &d); err != nil {
			return newsgraph.Document{}, fmt.Errorf("document %s: %w", d.ID, err)
		}
		var sp [][2]int
		if err := json.Unmarshal([]byte(paras), &sp); err != nil {
			return newsgraph.Document{}, fmt.Errorf("document %s paragraphs: %w", d.ID, err)
		}
		for _, p := range sp {
			d.Paragraphs = append(d.Paragraphs, newsgraph.Span{Start: p[0], End: p[1]})
		}
		docs = append(docs, d)
	}
	if err := rows.Err(); err != nil {
		return newsgraph.Document{}, fmt.Errorf("document %s: %w", id, err)
	}
	switch len(docs) {
	case 0:
		return newsgraph.Document{}, fmt.Errorf("document %s: %w", id, newsgraph.ErrNotFound)
	case 1:
		return docs[0], nil
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	return newsgraph.Document{}, fmt.Errorf("document %s: ambiguous prefix, matches %s", id, strings.Join(ids, ", "))
}

// DocumentCounts reads rows of the document columns followed by a count.
func DocumentCounts(rows Rows, scan DocScanner) ([]newsgraph.DocumentCount, error) {
	var out []newsgraph.DocumentCount
	for rows.Next() {
		var dc newsgraph.DocumentCount
		if err := scan(rows, &dc.Doc, &dc.N); err != nil {
			return out, err
		}
		out = append(out, dc)
	}
	return out, rows.Err()
}

// Counts reads rows of key, count.
func Counts(rows Rows) ([]newsgraph.Count, error) {
	var out []newsgraph.Count
	for rows.Next() {
		var c newsgraph.Count
		if err := rows.Scan(&c.Key, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// EntityCounts reads rows of entity record (JSON), mentions, documents, first and last publication time.
func EntityCounts(rows Rows) ([]newsgraph.EntityCount, error) {
	var out []newsgraph.EntityCount
	for rows.Next() {
		var c newsgraph.EntityCount
		var data, first, last string
		if err := rows.Scan(&data, &c.Mentions, &c.Documents, &first, &last); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(data), &c.Entity); err != nil {
			return nil, fmt.Errorf("entity record: %w", err)
		}
		c.First, _ = time.Parse(time.RFC3339, first)
		c.Last, _ = time.Parse(time.RFC3339, last)
		out = append(out, c)
	}
	return out, rows.Err()
}

// EntityRef trims an entity reference and checks it is not empty.
func EntityRef(ref string) (string, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ref, fmt.Errorf("entity: empty reference: %w", newsgraph.ErrBadQuery)
	}
	return ref, nil
}

// memberCounts counts a cluster's members by publication day (in order) and by site (most first).
func memberCounts(ms []newsgraph.ClusterMember) (dates, sites []newsgraph.Count) {
	byDay, bySite := map[string]int{}, map[string]int{}
	for _, m := range ms {
		if !m.Doc.Published.IsZero() {
			byDay[m.Doc.Published.Format("2006-01-02")]++
		}
		if m.Doc.Site != "" {
			bySite[m.Doc.Site]++
		}
	}
	for k, n := range byDay {
		dates = append(dates, newsgraph.Count{Key: k, N: n})
	}
	sort.Slice(dates, func(i, j int) bool { return dates[i].Key < dates[j].Key })
	for k, n := range bySite {
		sites = append(sites, newsgraph.Count{Key: k, N: n})
	}
	sort.Slice(sites, func(i, j int) bool {
		if sites[i].N != sites[j].N {
			return sites[i].N > sites[j].N
		}
		return sites[i].Key < sites[j].Key
	})
	return dates, sites
}

// clusterMembers reads rows of the document columns followed by relation, of and similarity.
func clusterMembers(rows Rows, scan DocScanner) ([]newsgraph.ClusterMember, error) {
	var out []newsgraph.ClusterMember
	for rows.Next() {
		var m newsgraph.ClusterMember
		var rel string
		if err := scan(rows, &m.Doc, &rel, &m.Of, &m.Similarity); err != nil {
			return out, err
		}
		m.Relation = newsgraph.ClusterRelation(rel)
		out = append(out, m)
	}
	return out, rows.Err()
}

// clusterID trims a cluster ID or prefix and checks it has at least 4 characters; ErrNotFound if not.
func clusterID(id string) (string, error) {
	id = strings.TrimSpace(id)
	if len(id) < 4 {
		return id, fmt.Errorf("cluster %q: give at least 4 characters of the ID: %w", id, newsgraph.ErrNotFound)
	}
	return id, nil
}

// oneCluster picks the cluster id names from the clusters found for it (exact match first): ErrNotFound for
// none, an error naming them when a prefix matches several.
func oneCluster(id string, found []newsgraph.ClusterInfo) (newsgraph.ClusterInfo, error) {
	switch {
	case len(found) == 0:
		return newsgraph.ClusterInfo{}, fmt.Errorf("cluster %s: %w", id, newsgraph.ErrNotFound)
	case len(found) > 1 && found[0].ID != id:
		var ids []string
		for _, c := range found {
			ids = append(ids, c.ID)
		}
		return newsgraph.ClusterInfo{}, fmt.Errorf("cluster %s: ambiguous prefix, matches %s", id, strings.Join(ids, ", "))
	}
	return found[0], nil
}

// Clusters reads rows of cluster columns (see scanCluster).
func Clusters(rows Rows) ([]newsgraph.ClusterInfo, error) {
	var out []newsgraph.ClusterInfo
	for rows.Next() {
		var c newsgraph.ClusterInfo
		if err := scanCluster(rows, &c); err != nil {
			return out, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// duplicateKinds sets the defaults of q (20 pairs), checks it and returns the kinds it asks for, in the order
// their pairs are listed.
func duplicateKinds(q *newsgraph.DuplicateQuery) ([]newsgraph.DuplicateKind, error) {
	if err := Page("duplicates", &q.Limit, q.Offset); err != nil {
		return nil, err
	}
	switch q.Kind {
	case "":
		return []newsgraph.DuplicateKind{newsgraph.DuplicateExact, newsgraph.DuplicateCopy, newsgraph.DuplicateRewrite}, nil
	case newsgraph.DuplicateExact, newsgraph.DuplicateCopy, newsgraph.DuplicateRewrite:
		return []newsgraph.DuplicateKind{q.Kind}, nil
	}
	return nil, fmt.Errorf("duplicates: kind %q: want exact, copy or rewrite: %w", q.Kind, newsgraph.ErrBadQuery)
}

// DuplicateSource is what Duplicates asks of a store, whose SQL it keeps.
type DuplicateSource struct {
	// Count counts the pairs of kind k.
	Count func(ctx context.Context, k newsgraph.DuplicateKind) (int, error)
	// Page selects limit pairs of kind k from offset, newest first: for exact duplicates, rows of the raw
	// item's path, record and URL followed by the document columns; for the others, rows of copy ID, original
	// ID and similarity. close ends the rows and reports the driver's error in closing, if it has one.
	Page func(ctx context.Context, k newsgraph.DuplicateKind, limit, offset int) (rows Rows, close func() error, err error)
	// Scan scans the document columns.
	Scan DocScanner
	// Meta returns a stored document without its text.
	Meta func(ctx context.Context, id string) (newsgraph.Document, error)
}

// Duplicates lists the duplicate pairs q asks for, exact duplicates first, then copies, then rewrites, with
// the total of pairs of those kinds.
func Duplicates(ctx context.Context, q newsgraph.DuplicateQuery, src DuplicateSource) ([]newsgraph.DuplicatePair, int, error) {
	kinds, err := duplicateKinds(&q)
	if err != nil {
		return nil, 0, err
	}
	var out []newsgraph.DuplicatePair
	total, skip, room := 0, q.Offset, q.Limit
	for _, k := range kinds {
		n, err := src.Count(ctx, k)
		if err != nil {
			return nil, 0, fmt.Errorf("duplicates: %w", err)
		}
		total += n
		if skip >= n {
			skip -= n
			continue
		}
		if room == 0 {
			continue
		}
		rows, done, err := src.Page(ctx, k, room, skip)
		if err != nil {
			return nil, 0, fmt.Errorf("duplicates: %w", err)
		}
		ps, err := duplicatePairs(rows, k, src.Scan)
		if err := errors.Join(err, done()); err != nil {
			return nil, 0, fmt.Errorf("duplicates: %w", err)
		}
		out, room = append(out, ps...), room-len(ps)
		skip = 0
	}
	for i := range out {
		if out[i].Kind == newsgraph.DuplicateExact {
			continue
		}
		var err error
		if out[i].Copy, err = src.Meta(ctx, out[i].Copy.ID); err != nil {
			return nil, 0, fmt.Errorf("duplicates: %w", err)
		}
		if out[i].Of, err = src.Meta(ctx, out[i].Of.ID); err != nil {
			return nil, 0, fmt.Errorf("duplicates: %w", err)
		}
	}
	return out, total, nil
}

// duplicatePairs reads one page of pairs of kind k (see DuplicateSource.Page).
func duplicatePairs(rows Rows, k newsgraph.DuplicateKind, scan DocScanner) ([]newsgraph.DuplicatePair, error) {
	var out []newsgraph.DuplicatePair
	for rows.Next() {
		p := newsgraph.DuplicatePair{Kind: k, Similarity: 1}
		var err error
		if k == newsgraph.DuplicateExact {
			o := &p.Copy.Origin
			err = scan(prefixed{rows, []any{&o.Path, &o.Record, &o.URL}}, &p.Of)
			p.Copy.ID, p.Copy.URL = p.Of.ID, o.URL
		} else {
			err = rows.Scan(&p.Copy.ID, &p.Of.ID, &p.Similarity)
		}
		if err != nil {
			return out, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// RelationQuery checks q and sets its default evidence (3 events a pair).
func RelationQuery(q *newsgraph.RelationQuery) error {
	if q.Other != "" && q.Actor == "" {
		return fmt.Errorf("relations: other %q without an actor: %w", q.Other, newsgraph.ErrBadQuery)
	}
	if q.Limit < 0 {
		return fmt.Errorf("relations: limit %d: %w", q.Limit, newsgraph.ErrBadQuery)
	}
	if q.Evidence == 0 {
		q.Evidence = 3
	}
	return nil
}

// RelationIndex maps each relation's (source ID, target ID) to its place in rs.
func RelationIndex(rs []newsgraph.Relation) map[[2]string]int {
	index := make(map[[2]string]int, len(rs))
	for i, r := range rs {
		index[[2]string{r.Source.ID, r.Target.ID}] = i
	}
	return index
}

// RelationQuotes reads rows of speaker ID, about ID and count into the Quotes of the relations index names.
func RelationQuotes(rows Rows, rs []newsgraph.Relation, index map[[2]string]int) error {
	for rows.Next() {
		var k [2]string
		var n int
		if err := rows.Scan(&k[0], &k[1], &n); err != nil {
			return err
		}
		if i, ok := index[k]; ok {
			rs[i].Quotes = n
		}
	}
	return rows.Err()
}

// RelationEvidence reads rows of events with scan and adds each to the Evidence of its relation.
func RelationEvidence(rows Rows, rs []newsgraph.Relation, index map[[2]string]int, scan EventScanner) error {
	for rows.Next() {
		var h newsgraph.EventHit
		if err := scan(rows, &h); err != nil {
			return err
		}
		if i, ok := index[[2]string{h.Source.ID, h.Target.ID}]; ok {
			rs[i].Evidence = append(rs[i].Evidence, h)
		}
	}
	return rows.Err()
}

// Query runs one of a store's queries with one argument. close ends the rows and reports the driver's error
// in closing, if it has one.
type Query func(ctx context.Context, arg string) (rows Rows, close func() error, err error)

// read runs q with arg and reads its rows with f, closing them after.
func read(ctx context.Context, q Query, arg string, f func(Rows) error) error {
	rows, done, err := q(ctx, arg)
	if err != nil {
		return err
	}
	return errors.Join(f(rows), done())
}

// ClusterSource is what Cluster asks of a store, whose SQL it keeps.
type ClusterSource struct {
	// Find selects the cluster columns (see scanCluster) of at most 5 clusters whose ID is or starts with
	// the argument, the exact match first.
	Find Query
	// Docs fills in a cluster's member IDs and sources.
	Docs func(ctx context.Context, c *newsgraph.ClusterInfo) error
	// Members selects a cluster's members in order: the document columns followed by relation, of and
	// similarity.
	Members Query
	// Entities selects the entity counts (see EntityCounts) of the entities a cluster's members share.
	Entities Query
	// Scan scans the document columns.
	Scan DocScanner
}

// Cluster returns the cluster whose ID is or starts with id, with its members, their days and sites, and the
// entities they share.
func Cluster(ctx context.Context, id string, src ClusterSource) (newsgraph.ClusterDetail, error) {
	var det newsgraph.ClusterDetail
	id, err := clusterID(id)
	if err != nil {
		return det, err
	}
	var found []newsgraph.ClusterInfo
	if err := read(ctx, src.Find, id, func(rows Rows) (err error) {
		found, err = Clusters(rows)
		return err
	}); err != nil {
		return det, fmt.Errorf("cluster %s: %w", id, err)
	}
	if det.ClusterInfo, err = oneCluster(id, found); err != nil {
		return det, err
	}
	id = det.ID
	if err := src.Docs(ctx, &det.ClusterInfo); err != nil {
		return det, err
	}
	if err := read(ctx, src.Members, id, func(rows Rows) (err error) {
		det.Members, err = clusterMembers(rows, src.Scan)
		return err
	}); err != nil {
		return det, fmt.Errorf("cluster %s members: %w", id, err)
	}
	det.Dates, det.Sites = memberCounts(det.Members)
	if err := read(ctx, src.Entities, id, func(rows Rows) (err error) {
		det.Entities, err = EntityCounts(rows)
		return err
	}); err != nil {
		return det, fmt.Errorf("cluster %s entities: %w", id, err)
	}
	return det, nil
}

// Strings reads rows of one text column.
func Strings(rows Rows) ([]string, error) {
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return out, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ClusterWhere sets the defaults of q (20 clusters), checks it and returns the condition on clusters c that it
// asks for, with ? placeholders, and its arguments.
func ClusterWhere(q *newsgraph.ClusterQuery) (string, []any, error) {
	if err := Page("clusters", &q.Limit, q.Offset); err != nil {
		return "", nil, err
	}
	where, args := []string{`c.size >= ?`}, []any{max(q.MinSize, 1)}
	where, args = spanWhere(where, args, q.From, q.To)
	if q.Story != "" {
		where = append(where, `c.story_id = ?`)
		args = append(args, q.Story)
	}
	return ` WHERE ` + strings.Join(where, " AND "), args, nil
}

// ClusterDocs reads rows of document ID, URL, path and record into c's Docs and Sources, replacing them.
func ClusterDocs(rows Rows, c *newsgraph.ClusterInfo) error {
	c.Docs, c.Sources = nil, nil
	for rows.Next() {
		var id, url string
		var o newsgraph.Origin
		if err := rows.Scan(&id, &url, &o.Path, &o.Record); err != nil {
			return err
		}
		c.Docs = append(c.Docs, id)
		c.Sources = append(c.Sources, source(url, o))
	}
	return rows.Err()
}

// StoryWhere sets the defaults of q (20 stories), checks it and returns the condition on stories c that its
// dates ask for ("" for none), with ? placeholders, and its arguments followed by the least number of clusters.
func StoryWhere(q *newsgraph.StoryQuery) (string, []any, error) {
	if err := Page("stories", &q.Limit, q.Offset); err != nil {
		return "", nil, err
	}
	where, args := spanWhere(nil, nil, q.From, q.To)
	cond := ""
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, " AND ")
	}
	return cond, append(args, max(q.MinClusters, 1)), nil
}

// Stories reads rows of story ID, label, first, last, number of clusters and size.
func Stories(rows Rows) ([]newsgraph.StoryInfo, error) {
	var out []newsgraph.StoryInfo
	for rows.Next() {
		var st newsgraph.StoryInfo
		var first, last string
		var n int
		if err := rows.Scan(&st.ID, &st.Label, &first, &last, &n, &st.Size); err != nil {
			return out, err
		}
		st.First, st.Last = parseClusterTime(first), parseClusterTime(last)
		out = append(out, st)
	}
	return out, rows.Err()
}

// Page sets a page's default limit (20) and checks its offset is not negative; what names the query in the
// error.
func Page(what string, limit *int, offset int) error {
	if *limit <= 0 {
		*limit = 20
	}
	if offset < 0 {
		return fmt.Errorf("%s: negative offset %d: %w", what, offset, newsgraph.ErrBadQuery)
	}
	return nil
}

// EventScanner scans a store's event columns into h.
type EventScanner func(sc Scanner, h *newsgraph.EventHit) error

// EventHits reads rows of a store's event columns.
func EventHits(rows Rows, scan EventScanner) ([]newsgraph.EventHit, error) {
	var out []newsgraph.EventHit
	for rows.Next() {
		var h newsgraph.EventHit
		if err := scan(rows, &h); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// Resolve resolves an actor reference to the entity ID it most likely names: the first of the IDs ids returns
// for it, which a store orders most mentioned first. what names the reference in errors.
func Resolve(ctx context.Context, what, ref string, ids func(ctx context.Context, ref string) ([]string, error)) (string, error) {
	found, err := ids(ctx, strings.TrimSpace(ref))
	if err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	if len(found) == 0 {
		return "", fmt.Errorf("%s %q: %w", what, ref, newsgraph.ErrNotFound)
	}
	// The most mentioned entity of that name: "Lavrov" is Sergei Lavrov, not every Lavrov.
	return found[0], nil
}
