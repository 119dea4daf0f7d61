// Package storetest is the conformance suite every newsgraph.Store implementation passes. A store's own test
// calls Run with a function that opens a fresh, empty store.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"newsgraph"
)

// Open returns a new empty store; the suite closes it.
type Open func(t *testing.T) newsgraph.Store

// Run runs every conformance test against stores made by open.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		fn   func(*testing.T, newsgraph.Store)
	}{
		{"RawRoundTrip", testRawRoundTrip},
		{"RawIdempotent", testRawIdempotent},
		{"RawFailures", testRawFailures},
		{"CommitAndDuplicates", testCommitAndDuplicates},
		{"DocumentLookup", testDocumentLookup},
		{"Search", testSearch},
		{"SearchFilters", testSearchFilters},
		{"SearchPagination", testSearchPagination},
		{"SearchBadQuery", testSearchBadQuery},
		{"Stats", testStats},
		{"ConcurrentWriters", testConcurrentWriters},
		{"Entities", testEntities},
		{"Quotes", testQuotes},
		{"Events", testEvents},
		{"Clusters", testClusters},
		{"Facets", testFacets},
		{"RawStatus", RawStatus},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			tt.fn(t, s)
		})
	}
}

func item(path string, rec int, raw string) newsgraph.Item {
	return newsgraph.Item{
		Origin: newsgraph.Origin{Path: path, Record: rec, ReadAt: time.Date(2024, 12, 7, 10, 0, 0, 0, time.UTC)},
		Format: newsgraph.FormatText,
		Raw:    []byte(raw),
	}
}

func doc(text, title, site, lang string, published time.Time) *newsgraph.Document {
	return &newsgraph.Document{
		ID: newsgraph.DocumentID(text), Title: title, Site: site, Language: lang, Text: text,
		Published: published, PublishedPrecision: map[bool]string{true: "", false: newsgraph.PrecisionDay}[published.IsZero()],
		Paragraphs: []newsgraph.Span{{Start: 0, End: len(text)}}, Format: newsgraph.FormatText,
	}
}

func mustAdd(t *testing.T, s newsgraph.Store, items ...newsgraph.Item) []int64 {
	t.Helper()
	ids, _, err := s.AddRaw(context.Background(), items)
	if err != nil {
		t.Fatalf("AddRaw: %v", err)
	}
	if len(ids) != len(items) {
		t.Fatalf("AddRaw returned %d ids for %d items", len(ids), len(items))
	}
	return ids
}

// ingest stores a document for each text, as ingest would, and returns the docs.
func ingest(t *testing.T, s newsgraph.Store, docs ...*newsgraph.Document) {
	t.Helper()
	var items []newsgraph.Item
	for i, d := range docs {
		items = append(items, item(fmt.Sprintf("doc%d.txt", i), 0, d.Text))
	}
	ids := mustAdd(t, s, items...)
	var out []newsgraph.Outcome
	for i, d := range docs {
		out = append(out, newsgraph.Outcome{RawID: ids[i], Doc: d})
	}
	if err := s.Commit(context.Background(), out); err != nil {
		t.Fatalf("Commit: %v", err)
	}
}

func testRawRoundTrip(t *testing.T, s newsgraph.Store) {
	ctx := context.Background()
	big := strings.Repeat("Lavrov met Fidan in Doha. ", 2000) // large enough to be stored compressed
	in := item("crawl.warc.gz", 37, big)
	in.Origin.URL = "https://example.org/a"
	in.Format = newsgraph.FormatHTML
	in.Title, in.Author, in.Site, in.Language = "T", "A", "S", "en"
	in.Published = time.Date(2024, 12, 7, 9, 30, 0, 0, time.UTC)
	in.Meta = map[string]string{"captured": "2024-12-08T00:00:00Z"}
	small := item("a.txt", 0, "short")
	ids := mustAdd(t, s, in, small)
	if ids[0] == ids[1] {
		t.Fatalf("AddRaw gave two items the same id %d", ids[0])
	}
	got, err := s.Pending(ctx, 0, 10)
	if err != nil {
		t.Fatalf("Pending: %v", err)
	}
	if len(got) != 2 {
		t.Fatalf("Pending = %d items, want 2", len(got))
	}
	r := got[0]
	if r.ID != ids[0] || r.Status != newsgraph.RawPending {
		t.Errorf("Pending[0] = id %d status %s, want id %d pending", r.ID, r.Status, ids[0])
	}
	if !bytes.Equal(r.Item.Raw, []byte(big)) {
		t.Errorf("raw bytes changed in round trip: %d bytes back, want %d", len(r.Item.Raw), len(big))
	}
	if r.Item.Origin.Path != in.Origin.Path || r.Item.Origin.Record != 37 || r.Item.Origin.URL != in.Origin.URL {
		t.Errorf("origin = %+v, want %+v", r.Item.Origin, in.Origin)
	}
	if !r.Item.Origin.ReadAt.Equal(in.Origin.ReadAt) {
		t.Errorf("ReadAt = %v, want %v", r.Item.Origin.ReadAt, in.Origin.ReadAt)
	}
	if r.Item.Title != "T" || r.Item.Author != "A" || r.Item.Site != "S" || r.Item.Language != "en" || !r.Item.Published.Equal(in.Published) {
		t.Errorf("container metadata = %q %q %q %q %v", r.Item.Title, r.Item.Author, r.Item.Site, r.Item.Language, r.Item.Published)
	}
	if r.Item.Meta["captured"] != in.Meta["captured"] || r.Item.Format != newsgraph.FormatHTML {
		t.Errorf("meta %v format %s", r.Item.Meta, r.Item.Format)
	}
	after, err := s.Pending(ctx, ids[0], 10)
	if err != nil || len(after) != 1 || after[0].ID != ids[1] {
		t.Errorf("Pending(after %d) = %v, %v; want only id %d", ids[0], after, err, ids[1])
	}
}

func testRawIdempotent(t *testing.T, s newsgraph.Store) {
	a := item("a.txt", 0, "same bytes")
	ids1 := mustAdd(t, s, a)
	ids2, prior, err := s.AddRaw(context.Background(), []newsgraph.Item{a, item("a.txt", 0, "changed bytes")})
	if err != nil {
		t.Fatal(err)
	}
	if ids2[0] != ids1[0] || prior[0] != newsgraph.RawPending {
		t.Errorf("re-adding the same item: id %d prior %q, want id %d prior pending", ids2[0], prior[0], ids1[0])
	}
	if prior[1] != "" || ids2[1] == ids1[0] {
		t.Errorf("changed bytes at the same origin must be a new raw item: id %d prior %q", ids2[1], prior[1])
	}
	// An item whose processing failed is tried again when it is read again.
	if err := s.Commit(context.Background(), []newsgraph.Outcome{{RawID: ids1[0], Err: errors.New("extract: no text")}}); err != nil {
		t.Fatal(err)
	}
	ids3, prior, err := s.AddRaw(context.Background(), []newsgraph.Item{a})
	if err != nil {
		t.Fatal(err)
	}
	if ids3[0] != ids1[0] || prior[0] != newsgraph.RawFailed {
		t.Errorf("re-adding a failed item: id %d prior %q, want id %d prior failed", ids3[0], prior[0], ids1[0])
	}
	if p, _ := s.Pending(context.Background(), 0, 10); len(p) != 2 || p[0].ID != ids1[0] {
		t.Errorf("a failed item read again should be pending again; pending = %+v", p)
	}
}

func testRawFailures(t *testing.T, s newsgraph.Store) {
	bad := item("feed.xml", 3, "")
	bad.Err = fmt.Errorf("feed.xml item 3: no content: %w", newsgraph.ErrEmpty)
	ids := mustAdd(t, s, bad, item("ok.txt", 0, "fine"))
	f, err := s.Failures(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(f) != 1 || f[0].ID != ids[0] || f[0].Status != newsgraph.RawFailed || !strings.Contains(f[0].Reason, "feed.xml item 3") {
		t.Fatalf("Failures = %+v, want the one failed item with its reason", f)
	}
	p, _ := s.Pending(context.Background(), 0, 10)
	if len(p) != 1 || p[0].ID != ids[1] {
		t.Errorf("Pending = %v, want only the good item", p)
	}
	// a processing failure is recorded through Commit
	if err := s.Commit(context.Background(), []newsgraph.Outcome{{RawID: ids[1], Err: errors.New("ok.txt: extract: no text")}}); err != nil {
		t.Fatal(err)
	}
	f, _ = s.Failures(context.Background(), 10)
	if len(f) != 2 || f[0].ID != ids[1] || !strings.Contains(f[0].Reason, "no text") {
		t.Errorf("after failed Commit, Failures = %+v", f)
	}
	if p, _ := s.Pending(context.Background(), 0, 10); len(p) != 0 {
		t.Errorf("Pending after Commit = %d items, want 0", len(p))
	}
}

func testCommitAndDuplicates(t *testing.T, s newsgraph.Store) {
	ctx := context.Background()
	text := "Lavrov and Araghchi met Fidan on the sidelines of the Doha Forum."
	ids := mustAdd(t, s, item("a.txt", 0, text), item("b.html", 0, "<p>"+text+"</p>"), item("c.txt", 0, text+" "))
	d := doc(text, "Doha", "", "en", time.Time{})
	outs := []newsgraph.Outcome{{RawID: ids[0], Doc: d}, {RawID: ids[1], Doc: d}}
	if err := s.Commit(ctx, outs); err != nil {
		t.Fatal(err)
	}
	if outs[0].Duplicate || !outs[1].Duplicate {
		t.Errorf("Duplicate flags = %v %v, want false true (same document twice in a batch)", outs[0].Duplicate, outs[1].Duplicate)
	}
	// A later copy that knows the date and site fills the stored document's gaps, and changes nothing else.
	copyDoc := doc(text, "Another headline", "Wire", "de", time.Date(2024, 12, 7, 0, 0, 0, 0, time.UTC))
	outs = []newsgraph.Outcome{{RawID: ids[2], Doc: copyDoc}}
	if err := s.Commit(ctx, outs); err != nil {
		t.Fatal(err)
	}
	if !outs[0].Duplicate {
		t.Errorf("a document stored by an earlier commit is not reported duplicate")
	}
	got, err := s.Document(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Doha" || got.Language != "en" || got.Site != "Wire" || !got.Published.Equal(copyDoc.Published) || got.PublishedPrecision != newsgraph.PrecisionDay {
		t.Errorf("after a duplicate with more metadata: title %q lang %q site %q published %v %q; want Doha en Wire 2024-12-07 day",
			got.Title, got.Language, got.Site, got.Published, got.PublishedPrecision)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 1 || st.Raw[newsgraph.RawDone] != 1 || st.Raw[newsgraph.RawDuplicate] != 2 {
		t.Errorf("Stats = %d docs, raw %v; want 1 doc, 1 done, 2 duplicate", st.Documents, st.Raw)
	}
	_, total, err := s.Search(ctx, newsgraph.Query{Text: "Doha"})
	if err != nil || total != 1 {
		t.Errorf("Search after duplicates: total %d err %v, want 1 (duplicates are not indexed twice)", total, err)
	}
}

func testDocumentLookup(t *testing.T, s newsgraph.Store) {
	ctx := context.Background()
	d := doc("Putin hosted Erdogan and Rouhani in Sochi.\n\nThey discussed Syria.", "Sochi", "Example News", "en",
		time.Date(2017, 11, 22, 0, 0, 0, 0, time.UTC))
	d.Paragraphs = []newsgraph.Span{{Start: 0, End: 42}, {Start: 44, End: len(d.Text)}}
	d.URL, d.Author = "https://example.org/sochi", "Staff"
	d.Meta = map[string]string{"feed": "World"}
	ingest(t, s, d)
	for _, id := range []string{d.ID, d.ID[:6], strings.ToUpper(d.ID)} {
		got, err := s.Document(ctx, id)
		if err != nil {
			t.Errorf("Document(%q): %v", id, err)
			continue
		}
		if got.ID != d.ID || got.Text != d.Text || got.Title != d.Title || got.Site != d.Site || got.URL != d.URL ||
			got.Author != d.Author || !got.Published.Equal(d.Published) || got.PublishedPrecision != newsgraph.PrecisionDay ||
			got.Meta["feed"] != "World" || len(got.Paragraphs) != 2 || got.Paragraphs[1] != d.Paragraphs[1] {
			t.Errorf("Document(%q) = %+v, want %+v", id, got, *d)
		}
	}
	for _, id := range []string{"ffffffffffffffff", "zz", "'; DROP TABLE documents; --"} {
		if _, err := s.Document(ctx, id); !errors.Is(err, newsgraph.ErrNotFound) {
			t.Errorf("Document(%q) error = %v, want ErrNotFound", id, err)
		}
	}
}

func seedSearch(t *testing.T, s newsgraph.Store) []*newsgraph.Document {
	day := func(m, d int) time.Time { return time.Date(2024, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	docs := []*newsgraph.Document{
		doc("Lavrov met Araghchi and Fidan at the Doha Forum on Saturday.", "Lavrov in Doha", "Wire", "en", day(12, 7)),
		doc("Rebels advanced on Homs as the army withdrew.", "Homs", "Wire", "en", day(12, 6)),
		doc("Lavrov spoke about Syria in Moscow.", "Moscow briefing", "Daily", "en", day(11, 20)),
		doc("Lawrow traf Araghchi in Doha.", "Doha-Treffen", "Zeitung", "de", day(12, 8)),
		doc("An undated note mentioning Doha once.", "Note", "Blog", "en", time.Time{}),
	}
	ingest(t, s, docs...)
	return docs
}

func testSearch(t *testing.T, s newsgraph.Store) {
	ctx := context.Background()
	docs := seedSearch(t, s)
	hits, total, err := s.Search(ctx, newsgraph.Query{Text: "Lavrov Doha"})
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 || len(hits) != 1 || hits[0].Doc.ID != docs[0].ID {
		t.Fatalf("Search(Lavrov Doha) = %d hits (total %d), want only %s", len(hits), total, docs[0].ID)
	}
	if !strings.Contains(hits[0].Snippet, "«") || hits[0].Doc.Text != "" {
		t.Errorf("hit snippet %q should mark matches; hit text should be empty, got %d bytes", hits[0].Snippet, len(hits[0].Doc.Text))
	}
	hits, _, err = s.Search(ctx, newsgraph.Query{Text: "Doha"})
	if err != nil || len(hits) != 3 {
		t.Fatalf("Search(Doha) = %d hits, %v; want 3", len(hits), err)
	}
	if hits[0].Doc.ID != docs[0].ID && hits[0].Doc.ID != docs[3].ID {
		t.Errorf("Search(Doha) ranks %q first; the documents with Doha in the title should lead", hits[0].Doc.Title)
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Score > hits[i-1].Score {
			t.Errorf("hits not ordered by score: %v then %v", hits[i-1].Score, hits[i].Score)
		}
	}
	for _, tc := range []struct {
		q    string
		want int
	}{{`"Doha Forum"`, 1}, {"Lavrov OR Lawrow", 3}, {"Doha -Lavrov", 2}, {"Lavr*", 2}, {"", 5}, {"nothing-matches-this", 0}} {
		_, total, err := s.Search(ctx, newsgraph.Query{Text: tc.q})
		if err != nil || total != tc.want {
			t.Errorf("Search(%q) total = %d, %v; want %d", tc.q, total, err, tc.want)
		}
	}
	hits, _, _ = s.Search(ctx, newsgraph.Query{})
	if len(hits) != 5 || hits[0].Doc.ID != docs[3].ID {
		t.Errorf("empty query should list newest first; first is %q", hits[0].Doc.Title)
	}
}

func testSearchFilters(t *testing.T, s newsgraph.Store) {
	ctx := context.Background()
	seedSearch(t, s)
	for _, tc := range []struct {
		q    newsgraph.Query
		want int
	}{
		{newsgraph.Query{Language: "de"}, 1},
		{newsgraph.Query{Text: "Doha", Language: "en"}, 2},
		{newsgraph.Query{Site: "Wire"}, 2},
		{newsgraph.Query{From: time.Date(2024, 12, 7, 0, 0, 0, 0, time.UTC)}, 2},
		{newsgraph.Query{To: time.Date(2024, 12, 6, 0, 0, 0, 0, time.UTC)}, 2},
		{newsgraph.Query{From: time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 12, 7, 0, 0, 0, 0, time.UTC)}, 2},
		{newsgraph.Query{Text: "Lavrov", Site: "Daily"}, 1},
	} {
		_, total, err := s.Search(ctx, tc.q)
		if err != nil || total != tc.want {
			t.Errorf("Search(%+v) total = %d, %v; want %d", tc.q, total, err, tc.want)
		}
	}
}

func testSearchPagination(t *testing.T, s newsgraph.Store) {
	ctx := context.Background()
	seedSearch(t, s)
	seen := map[string]bool{}
	for off := 0; off < 6; off += 2 {
		hits, total, err := s.Search(ctx, newsgraph.Query{Limit: 2, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		if total != 5 {
			t.Errorf("total = %d on page at %d, want 5", total, off)
		}
		for _, h := range hits {
			if seen[h.Doc.ID] {
				t.Errorf("document %s on two pages", h.Doc.ID)
			}
			seen[h.Doc.ID] = true
		}
	}
	if len(seen) != 5 {
		t.Errorf("pages covered %d documents, want 5", len(seen))
	}
}

func testSearchBadQuery(t *testing.T, s newsgraph.Store) {
	seedSearch(t, s)
	for _, q := range []newsgraph.Query{{Text: `"Doha`}, {Text: "OR"}, {Text: "-Lavrov"}, {Offset: -1}} {
		if _, _, err := s.Search(context.Background(), q); !errors.Is(err, newsgraph.ErrBadQuery) {
			t.Errorf("Search(%+v) error = %v, want ErrBadQuery", q, err)
		}
	}
}

func testStats(t *testing.T, s newsgraph.Store) {
	seedSearch(t, s)
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 5 || st.Undated != 1 || st.Raw[newsgraph.RawDone] != 5 {
		t.Errorf("Stats = %+v", st)
	}
	if !st.First.Equal(time.Date(2024, 11, 20, 0, 0, 0, 0, time.UTC)) || !st.Last.Equal(time.Date(2024, 12, 8, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("date range %v..%v, want 2024-11-20..2024-12-08", st.First, st.Last)
	}
	if len(st.Sites) == 0 || st.Sites[0] != (newsgraph.Count{Key: "Wire", N: 2}) {
		t.Errorf("Sites = %v, want Wire:2 first", st.Sites)
	}
	if len(st.Languages) != 2 || st.Languages[0] != (newsgraph.Count{Key: "en", N: 4}) {
		t.Errorf("Languages = %v", st.Languages)
	}
}

func testConcurrentWriters(t *testing.T, s newsgraph.Store) {
	ctx := context.Background()
	const writers, per = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < per; i++ {
				text := fmt.Sprintf("Writer %d article %d about the Astana process.", w, i)
				it := item(fmt.Sprintf("w%d/%d.txt", w, i), 0, text)
				ids, _, err := s.AddRaw(ctx, []newsgraph.Item{it})
				if err != nil {
					errs <- err
					return
				}
				if err := s.Commit(ctx, []newsgraph.Outcome{{RawID: ids[0], Doc: doc(text, "", "", "en", time.Time{})}}); err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent writer: %v", err)
	}
	_, total, err := s.Search(ctx, newsgraph.Query{Text: "Astana"})
	if err != nil || total != writers*per {
		t.Errorf("after concurrent writes, Search total = %d, %v; want %d", total, err, writers*per)
	}
}
