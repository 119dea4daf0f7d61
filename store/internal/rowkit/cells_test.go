package rowkit

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"newsgraph"
)

func TestWindowParts(t *testing.T) {
	d := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		t0, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return t0
	}
	for _, tc := range []struct {
		from, to string
		want     []CellPart
	}{
		{"", "", []CellPart{{Grain: "a"}}},
		{"2020-03-02", "2020-03-01", nil},
		{"2020-01-01", "2020-12-31", []CellPart{{"d", "2020-01-01", "2021-01-01"}, {"y", "2020", "2021"}}},
		{"2020-03-05", "2020-03-20", []CellPart{{"d", "2020-03-05", "2020-03-21"}, {"", "2020-03-05", "2020-03-21"}}},
		{"2020-03-01", "2020-03-31", []CellPart{{"d", "2020-03-01", "2020-04-01"}, {"m", "2020-03", "2020-04"}}},
		{"2019-11-15", "2021-02-10", []CellPart{{"d", "2019-11-15", "2021-02-11"}, {"y", "2020", "2021"},
			{"m", "2019-12", "2020-01"}, {"", "2019-11-15", "2019-12-01"}, {"m", "2021-01", "2021-02"}, {"", "2021-02-01", "2021-02-11"}}},
		{"", "2020-06-30", []CellPart{{"d", "", "2020-07-01"}, {"y", "", "2020"}, {"m", "2020-01", "2020-07"}}},
		{"2020-12-31", "", []CellPart{{"d", "2020-12-31", ""}, {"y", "2021", ""}, {"", "2020-12-31", "2021-01-01"}}},
	} {
		if got := WindowParts(d(tc.from), d(tc.to)); !slices.Equal(got, tc.want) {
			t.Errorf("WindowParts(%q, %q) = %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestOneBucket(t *testing.T) {
	d := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		t0, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return t0
	}
	for _, tc := range []struct {
		from, to      string
		grain, bucket string
		ok            bool
	}{
		{"", "", "a", "", true},
		{"2020-01-01", "2020-12-31", "y", "2020", true},
		{"2020-03-01", "2020-03-31", "m", "2020-03", true},
		{"2024-02-01", "2024-02-29", "m", "2024-02", true},
		{"2020-12-01", "2020-12-31", "m", "2020-12", true},
		{"2020-01-01", "2021-12-31", "", "", false}, // two years
		{"2020-03-01", "2020-04-30", "", "", false}, // two months
		{"2020-03-02", "2020-03-31", "", "", false}, // a partial month
		{"2020-01-01", "", "", "", false},           // open end
		{"", "2020-12-31", "", "", false},
		{"2020-03-05", "2020-03-05", "", "", false},
	} {
		parts := WindowParts(d(tc.from), d(tc.to))
		grain, bucket, odd, ok := OneBucket(parts)
		if grain != tc.grain || bucket != tc.bucket || ok != tc.ok {
			t.Errorf("OneBucket(WindowParts(%q, %q) = %v) = %q, %q, %v; want %q, %q, %v", tc.from, tc.to, parts, grain, bucket, ok, tc.grain, tc.bucket, tc.ok)
			continue
		}
		// The odd cells are those of the window's inexact dates: none for all time, else the 'd' part.
		if ok && (odd == nil) != (tc.grain == "a") || odd != nil && odd.Grain != "d" {
			t.Errorf("OneBucket(WindowParts(%q, %q)): odd part %v", tc.from, tc.to, odd)
		}
	}
}

// TestAddPacked checks that cells packed as PackedCell says read back as Add takes them, and that Relations gives
// the same result whether the cells come sorted by IDs (the counting sort) or in any order.
func TestAddPacked(t *testing.T) {
	type cell struct {
		src, tgt string
		c        RelationCell
	}
	cells := []cell{
		{"a", "b", RelationCell{Events: 3, Happenings: 2, Quad: [4]int{1, 0, 2, 0}, Goldstein: 0.1, First: "2020-01-02", Last: "2020-03-04"}},
		{"a", "c,d", RelationCell{Events: 1, Happenings: 1, Quad: [4]int{0, 0, 0, 1}, Goldstein: -10}},
		{"b", "a", RelationCell{Events: 3, Happenings: 3, Quad: [4]int{0, 3, 0, 0}, Goldstein: 2.5, First: "2019-W05", Last: "2021,x"}},
		{"é", "a", RelationCell{Events: 12, Happenings: 1, First: "", Last: "2020"}},
	}
	pack := func(c cell) string {
		return fmt.Sprintf("%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%s,%s%s%s%s", len(c.src), len(c.tgt), len(c.c.First), len(c.c.Last),
			c.c.Events, c.c.Happenings, c.c.Quad[0], c.c.Quad[1], c.c.Quad[2], c.c.Quad[3],
			strconv.FormatFloat(c.c.Goldstein, 'g', 17, 64), c.src, c.tgt, c.c.First, c.c.Last)
	}
	for _, perm := range [][]int{{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 3, 1}} {
		want, got, all := NewRelationCells(true), NewRelationCells(true), NewRelationCells(true)
		var packed string // the cells one after another, as one value
		for _, i := range perm {
			want.Add(cells[i].src, cells[i].tgt, cells[i].c)
			if err := got.AddPacked([]byte(pack(cells[i]))); err != nil {
				t.Fatalf("AddPacked(%q): %v", pack(cells[i]), err)
			}
			packed += pack(cells[i])
		}
		if err := all.AddPacked([]byte(packed)); err != nil {
			t.Fatalf("AddPacked(%q): %v", packed, err)
		}
		ents := func(rc *RelationCells) []newsgraph.Entity {
			e := make([]newsgraph.Entity, len(rc.IDs()))
			for i, id := range rc.IDs() {
				e[i].ID = id
			}
			return e
		}
		w, g := want.Relations(ents(want)), got.Relations(ents(got))
		if !reflect.DeepEqual(g, w) {
			t.Errorf("order %v: Relations of packed cells = %+v, want %+v", perm, g, w)
		}
		if a := all.Relations(ents(all)); !reflect.DeepEqual(a, w) {
			t.Errorf("order %v: Relations of the cells packed in one value = %+v, want %+v", perm, a, w)
		}
		for i := 1; i < len(g); i++ {
			a, b := g[i-1], g[i]
			if a.Events < b.Events || a.Events == b.Events && a.Source.ID+"\x00"+a.Target.ID > b.Source.ID+"\x00"+b.Target.ID {
				t.Errorf("order %v: relation %d (%s>%s, %d) before %d (%s>%s, %d)", perm, i-1, a.Source.ID, a.Target.ID, a.Events, i, b.Source.ID, b.Target.ID, b.Events)
			}
		}
	}
	good := pack(cells[0])
	for _, bad := range []string{"1,2,3", "1,1,0,0,1,1,1,0,0,0,", "1,1,0,0,1,1,1,0,0,0,x,ab", "x,1,0,0,1,1,1,1,1,1,0,ab",
		"1,1,5,0,1,1,1,1,1,1,0.5,ab", "1,1,0,1,1,1,1,1,1,1,0.5,ab", good + "1,1"} {
		if err := NewRelationCells(true).AddPacked([]byte(bad)); err == nil {
			t.Errorf("AddPacked(%q) = nil, want an error", bad)
		}
	}
}

func FuzzAddPacked(f *testing.F) {
	f.Add([]byte("1,1,10,10,3,2,1,0,2,0,0.10000000000000001,ab2020-01-022020-03-04"))
	f.Add([]byte("1,3,0,0,1,1,0,0,0,1,-10,ac,d1,1,0,4,1,1,0,0,0,1,2.5,ba2020"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rc := NewRelationCells(false)
		if err := rc.AddPacked(b); err != nil {
			return
		}
		if rc.Len() > 0 && len(rc.IDs()) == 0 || len(rc.IDs()) > 2*rc.Len() {
			t.Fatalf("AddPacked(%q): %d cells, IDs %q", b, rc.Len(), rc.IDs())
		}
		_ = rc.Relations(make([]newsgraph.Entity, len(rc.IDs())))
	})
}
