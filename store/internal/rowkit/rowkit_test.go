package rowkit

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"newsgraph"
)

// fakeRows serves fixed rows, assigning each value to the pointer at its place.
type fakeRows struct {
	rows [][]any
	i    int
	err  error
}

func (r *fakeRows) Next() bool { r.i++; return r.i <= len(r.rows) }
func (r *fakeRows) Err() error { return r.err }
func (r *fakeRows) Scan(dest ...any) error {
	row := r.rows[r.i-1]
	if len(dest) != len(row) {
		return errors.New("column count")
	}
	for i, v := range row {
		reflect.ValueOf(dest[i]).Elem().Set(reflect.ValueOf(v))
	}
	return nil
}

func TestEventsCleanAndKeys(t *testing.T) {
	text := "Ministers met in Vienna on Monday. Talks failed."
	d := &newsgraph.Document{ID: "abcd", Text: text,
		Sentences: []newsgraph.Sentence{{Span: newsgraph.Span{Start: 0, End: 34}, Date: "2024-03-04"}},
		Entities:  []newsgraph.DocEntity{{Entity: newsgraph.Entity{ID: "e:ministers"}}},
		Events: []newsgraph.Event{
			{Span: newsgraph.Span{Start: 0, End: 33}, Sentence: 0, Cue: newsgraph.Span{Start: 10, End: 13}, Code: "040", QuadClass: 1,
				Source: newsgraph.EventActor{Span: newsgraph.Span{Start: 0, End: 9}, Entity: 0}, Target: newsgraph.EventActor{Entity: -1}, Location: -1, Reporter: -1},
			{Span: newsgraph.Span{Start: 35, End: 48}, Sentence: -1, Code: "1", Location: -1, Reporter: -1},    // code too short
			{Span: newsgraph.Span{Start: 40, End: 400}, Sentence: -1, Code: "190", Location: -1, Reporter: -1}, // span outside the text
			{Span: newsgraph.Span{Start: 35, End: 48}, Sentence: -1, Code: "130", Date: "XXXX-12-07", Location: -1, Reporter: -1,
				Source: newsgraph.EventActor{Entity: -1}, Target: newsgraph.EventActor{Entity: -1, Span: newsgraph.Span{Start: 35, End: 40}}}, // no year
		},
	}
	for _, tc := range []struct {
		name  string
		clean func(string) string
	}{{"nil", nil}, {"upper", strings.ToUpper}} {
		got := Events(d, tc.clean)
		if len(got) != 2 {
			t.Fatalf("Events(%s) = %d rows, want 2: %+v", tc.name, len(got), got)
		}
		c := tc.clean
		if c == nil {
			c = func(s string) string { return s }
		}
		e := got[0]
		if e.Idx != 0 || e.Root != "04" || e.Src.ID != c("e:ministers") || e.Src.Text != c("Ministers") || e.Cue != c("met") ||
			e.Sentence != c(text[:34]) || e.Date != "2024-03-04" || e.Tgt != (Actor{}) {
			t.Errorf("Events(%s)[0] = %+v", tc.name, e)
		}
		if want := newsgraph.EventKey(c("e:ministers"), "", "040", "2024-03-04"); e.Happening != want {
			t.Errorf("Events(%s)[0].Happening = %q, want %q", tc.name, e.Happening, want)
		}
		if u := got[1]; u.Idx != 3 || u.Date != "" || !strings.Contains(u.Happening, "?abcd.3") {
			t.Errorf("Events(%s)[1] = %+v, want idx 3, no date, an unknown source", tc.name, u)
		}
	}
}

func TestQueryChecks(t *testing.T) {
	for _, tc := range []struct {
		name    string
		call    func() error
		badQury bool
	}{
		{"Page(x, 0, 0)", func() error { l := 0; err := Page("x", &l, 0); return errors.Join(err, want(l == 20)) }, false},
		{"Page(x, 5, -1)", func() error { l := 5; return Page("x", &l, -1) }, true},
		{"duplicateKinds(copy)", func() error {
			k, err := duplicateKinds(&newsgraph.DuplicateQuery{Kind: newsgraph.DuplicateCopy})
			return errors.Join(err, want(len(k) == 1 && k[0] == newsgraph.DuplicateCopy))
		}, false},
		{"duplicateKinds(all)", func() error {
			k, err := duplicateKinds(&newsgraph.DuplicateQuery{})
			return errors.Join(err, want(len(k) == 3 && k[0] == newsgraph.DuplicateExact))
		}, false},
		{"duplicateKinds(bogus)", func() error { _, err := duplicateKinds(&newsgraph.DuplicateQuery{Kind: "bogus"}); return err }, true},
		{"RelationQuery(other only)", func() error { return RelationQuery(&newsgraph.RelationQuery{Other: "x"}) }, true},
		{"RelationQuery(default)", func() error {
			q := newsgraph.RelationQuery{Actor: "x"}
			return errors.Join(RelationQuery(&q), want(q.Evidence == 3))
		}, false},
		{"CodePrefix(04)", func() error { p, err := CodePrefix("04"); return errors.Join(err, want(p == "04%")) }, false},
		{"CodePrefix(4a)", func() error { _, err := CodePrefix("4a"); return err }, true},
		{"EntityRef(blank)", func() error { _, err := EntityRef("  "); return err }, true},
		{"StoryWhere(from)", func() error {
			c, args, err := StoryWhere(&newsgraph.StoryQuery{From: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)})
			return errors.Join(err, want(strings.Count(c, "?") == 1 && len(args) == 2 && args[1] == 1))
		}, false},
		{"ClusterWhere(story)", func() error {
			c, args, err := ClusterWhere(&newsgraph.ClusterQuery{Story: "s1", MinSize: 3})
			return errors.Join(err, want(strings.Count(c, "?") == len(args) && args[0] == 3 && args[1] == "s1"))
		}, false},
	} {
		err := tc.call()
		if got := errors.Is(err, newsgraph.ErrBadQuery); got != tc.badQury || (!tc.badQury && err != nil) {
			t.Errorf("%s: error %v, want ErrBadQuery %v", tc.name, err, tc.badQury)
		}
	}
}

func want(ok bool) error {
	if !ok {
		return errors.New("unexpected result")
	}
	return nil
}

func TestDocument(t *testing.T) {
	scan := func(sc Scanner, d *newsgraph.Document, extra ...any) error {
		var meta string
		if err := sc.Scan(append([]any{&d.ID, &meta}, extra...)...); err != nil {
			return err
		}
		return FinishDoc(d, "", meta, "html")
	}
	row := func(id string) []any { return []any{id, `{"k":"v"}`, "text", "[[0,4]]", []byte(nil)} }
	if _, err := Document("abcd", &fakeRows{}, scan); !errors.Is(err, newsgraph.ErrNotFound) {
		t.Errorf("Document(no rows) error %v, want ErrNotFound", err)
	}
	d, err := Document("abcd", &fakeRows{rows: [][]any{row("abcd01")}}, scan)
	if err != nil || d.ID != "abcd01" || d.Text != "text" || d.Meta["k"] != "v" || len(d.Paragraphs) != 1 || d.Paragraphs[0].End != 4 || d.Format != "html" {
		t.Errorf("Document(one row) = %+v, %v", d, err)
	}
	if _, err := Document("abcd", &fakeRows{rows: [][]any{row("abcd01"), row("abcd02")}}, scan); err == nil || !strings.Contains(err.Error(), "abcd01, abcd02") {
		t.Errorf("Document(two rows) error %v, want both IDs named", err)
	}
	if _, err := DocID("xyz!"); !errors.Is(err, newsgraph.ErrNotFound) {
		t.Errorf("DocID(xyz!) error %v, want ErrNotFound", err)
	}
	if id, err := DocID(" ABCD "); id != "abcd" || err != nil {
		t.Errorf("DocID(\" ABCD \") = %q, %v", id, err)
	}
}

func TestRawRoundTrip(t *testing.T) {
	it := newsgraph.Item{Title: "T", Author: "A", Site: "S", Language: "en", Meta: map[string]string{"k": "v"},
		Published: time.Date(2024, 3, 4, 5, 6, 7, 0, time.UTC)}
	r := newsgraph.Raw{ID: 7}
	if err := FinishRaw(&r, "html", "pending", "identity", []byte("raw"), string(EncodeContainer(&it))); err != nil {
		t.Fatalf("FinishRaw: %v", err)
	}
	got := r.Item
	if got.Title != it.Title || got.Author != it.Author || got.Site != it.Site || got.Language != it.Language ||
		!reflect.DeepEqual(got.Meta, it.Meta) || !got.Published.Equal(it.Published) || string(got.Raw) != "raw" || r.Status != "pending" {
		t.Errorf("FinishRaw(EncodeContainer(%+v)) = %+v", it, r)
	}
	if err := FinishRaw(&r, "html", "pending", "identity", nil, "{"); err == nil {
		t.Errorf("FinishRaw(bad container) = nil error")
	}
}

func TestMemberCountsInvariant(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 3, d, 12, 0, 0, 0, time.UTC) }
	ms := []newsgraph.ClusterMember{
		{Doc: newsgraph.Document{Site: "b", Published: day(2)}}, {Doc: newsgraph.Document{Site: "a", Published: day(1)}},
		{Doc: newsgraph.Document{Site: "b"}}, {Doc: newsgraph.Document{Published: day(2)}},
	}
	dates, sites := memberCounts(ms)
	if !reflect.DeepEqual(dates, []newsgraph.Count{{Key: "2024-03-01", N: 1}, {Key: "2024-03-02", N: 2}}) {
		t.Errorf("memberCounts dates = %v", dates)
	}
	if !reflect.DeepEqual(sites, []newsgraph.Count{{Key: "b", N: 2}, {Key: "a", N: 1}}) {
		t.Errorf("memberCounts sites = %v", sites)
	}
}

func TestRelationAttach(t *testing.T) {
	rs := []newsgraph.Relation{{Source: newsgraph.Entity{ID: "a"}, Target: newsgraph.Entity{ID: "b"}}, {Source: newsgraph.Entity{ID: "b"}, Target: newsgraph.Entity{ID: "a"}}}
	index := RelationIndex(rs)
	if err := RelationQuotes(&fakeRows{rows: [][]any{{"b", "a", 4}, {"x", "y", 9}}}, rs, index); err != nil {
		t.Fatal(err)
	}
	if rs[0].Quotes != 0 || rs[1].Quotes != 4 {
		t.Errorf("RelationQuotes: quotes %d, %d, want 0, 4", rs[0].Quotes, rs[1].Quotes)
	}
	boom := errors.New("boom")
	if err := RelationQuotes(&fakeRows{err: boom}, rs, index); !errors.Is(err, boom) {
		t.Errorf("RelationQuotes(failing rows) error %v, want %v", err, boom)
	}
}
