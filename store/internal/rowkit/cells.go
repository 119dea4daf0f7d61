package rowkit

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"newsgraph"
)

// IsDay reports whether an event date names a day, YYYY-MM-DD with a month 01-12 and a day 01-31: such events are
// counted in the year and month cells of their relation, others in the cell of their date.
func IsDay(d string) bool {
	if len(d) != 10 || d[4] != '-' || d[7] != '-' {
		return false
	}
	for i := range len(d) {
		if i != 4 && i != 7 && (d[i] < '0' || d[i] > '9') {
			return false
		}
	}
	m, day := d[5:7], d[8:]
	return m >= "01" && m <= "12" && day >= "01" && day <= "31"
}

// CellPart is one piece of a window: the cells of one grain whose bucket is in [lo, hi), or, when grain is "",
// the events dated to a day (IsDay) in [lo, hi). An empty lo or hi is open.
type CellPart struct{ Grain, Lo, Hi string }

// WindowParts splits the inclusive window [from, to] (zero: open) into parts that together hold exactly the events
// eventWindow selects: whole years, whole months, the days of partial months, and the events dated otherwise
// whose date is in the window as eventWindow compares it. The open window is the all-time cells; a window that
// ends before it starts has no parts.
func WindowParts(from, to time.Time) []CellPart {
	const day = "2006-01-02"
	if from.IsZero() && to.IsZero() {
		return []CellPart{{Grain: "a"}}
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return nil
	}
	odd := CellPart{Grain: "d"}
	if !from.IsZero() {
		from = time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
		odd.Lo = from.Format(day)
	}
	if !to.IsZero() {
		to = time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, time.UTC)
		odd.Hi = to.AddDate(0, 0, 1).Format(day)
	}
	parts := []CellPart{odd}
	year := func(y int) string { return fmt.Sprintf("%04d", y) }
	jan1 := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	// The whole years [y1, y2), and the days left before and after them.
	y1, y2 := from.Year(), to.Year()+1
	if !from.IsZero() && from != jan1(y1) {
		y1++
	}
	if !to.IsZero() && to.AddDate(0, 0, 1) != jan1(y2) {
		y2--
	}
	var rest [][2]time.Time // inclusive day ranges
	switch {
	case from.IsZero() || to.IsZero() || y1 < y2:
		p := CellPart{Grain: "y"}
		if !from.IsZero() {
			p.Lo = year(y1)
			if from.Before(jan1(y1)) {
				rest = append(rest, [2]time.Time{from, jan1(y1).AddDate(0, 0, -1)})
			}
		}
		if !to.IsZero() {
			p.Hi = year(y2)
			if !to.Before(jan1(y2)) {
				rest = append(rest, [2]time.Time{jan1(y2), to})
			}
		}
		parts = append(parts, p)
	default:
		rest = append(rest, [2]time.Time{from, to})
	}
	for _, r := range rest {
		a, b := r[0], r[1]
		m1 := time.Date(a.Year(), a.Month(), 1, 0, 0, 0, 0, time.UTC) // the first whole month
		if m1 != a {
			m1 = m1.AddDate(0, 1, 0)
		}
		m2 := time.Date(b.Year(), b.Month(), 1, 0, 0, 0, 0, time.UTC) // the month after the last whole month
		if b.AddDate(0, 0, 1).Day() == 1 {
			m2 = m2.AddDate(0, 1, 0)
		}
		if !m1.Before(m2) {
			parts = append(parts, CellPart{Lo: a.Format(day), Hi: b.AddDate(0, 0, 1).Format(day)})
			continue
		}
		parts = append(parts, CellPart{Grain: "m", Lo: m1.Format("2006-01"), Hi: m2.Format("2006-01")})
		if a.Before(m1) {
			parts = append(parts, CellPart{Lo: a.Format(day), Hi: m1.Format(day)})
		}
		if !b.Before(m2) {
			parts = append(parts, CellPart{Lo: m2.Format(day), Hi: b.AddDate(0, 0, 1).Format(day)})
		}
	}
	return parts
}

// RelationCell is the aggregate of some events of one relation, its actors by their index in
// RelationCells.ids; goldstein is the sum of the events' scores.
type RelationCell struct {
	Source, Target     int32 // set by Add
	Events, Happenings int
	Quad               [4]int
	Goldstein          float64
	First, Last        string
}

// RelationCells sums cells by relation.
type RelationCells struct {
	ids   []string         // the actors' entity IDs
	id    map[string]int32 // ID -> index in ids
	index map[[2]int32]int // relation -> index in cells
	cells []RelationCell
	one   bool // the cells come from one part of a window, which has one cell per relation
	// ordered says the cells come one per relation in the order Relations returns them: it neither merges nor
	// sorts them.
	ordered bool
	dates   map[string]string // the dates read by AddPacked, each held once
}

func (rc *RelationCells) intern(id string) int32 {
	if rc.id == nil {
		rc.id = map[string]int32{}
	}
	i, ok := rc.id[id]
	if !ok {
		i = int32(len(rc.ids))
		rc.id[id] = i
		rc.ids = append(rc.ids, id)
	}
	return i
}

// internBytes is intern of an ID given as bytes, which allocates only for an ID not seen before.
func (rc *RelationCells) internBytes(id []byte) int32 {
	if i, ok := rc.id[string(id)]; ok {
		return i
	}
	return rc.intern(string(id))
}

// PackedCell is the layout of a relation cell packed into text, which AddPacked reads: the byte lengths of the
// source ID, the target ID, the first date and the last date, the decimal integers events, happenings, q1, q2, q3
// and q4, and the sum of the Goldstein scores as a decimal float with 17 significant digits (which reads back to
// the same float64), each followed by a comma; then the source ID, the target ID, the first date and the last
// date, unseparated. A packed cell says where it ends, so cells packed one after another in one value read back
// as they were: a driver that works per row and per column read (SQLite's) then hands over a whole window at once.
const PackedCell = "len(source),len(target),len(first),len(last),events,happenings,q1,q2,q3,q4,goldstein,source target first last"

// AddPacked adds the cells packed one after another in b as PackedCell says (none when b is empty).
func (rc *RelationCells) AddPacked(b []byte) error {
	for len(b) > 0 {
		rest, err := rc.addPacked(b)
		if err != nil {
			return err
		}
		b = rest
	}
	return nil
}

// addPacked adds the cell packed at the start of b and returns the bytes after it.
func (rc *RelationCells) addPacked(b []byte) ([]byte, error) {
	var n [10]int
	rest := b
	for i := range n {
		j, neg := 0, false
		if j < len(rest) && rest[j] == '-' {
			neg, j = true, 1
		}
		start, v := j, 0
		for ; j < len(rest) && rest[j] >= '0' && rest[j] <= '9'; j++ {
			v = v*10 + int(rest[j]-'0')
		}
		if j == start || j-start > 18 || j >= len(rest) || rest[j] != ',' {
			return nil, fmt.Errorf("packed relation cell %q: field %d is not an integer followed by a comma", clip(b), i+1)
		}
		if neg {
			v = -v
		}
		n[i], rest = v, rest[j+1:]
	}
	comma := bytes.IndexByte(rest, ',')
	if comma < 0 {
		return nil, fmt.Errorf("packed relation cell %q: no Goldstein sum", clip(b))
	}
	goldstein, err := strconv.ParseFloat(string(rest[:comma]), 64)
	if err != nil {
		return nil, fmt.Errorf("packed relation cell %q: Goldstein sum: %w", clip(b), err)
	}
	rest = rest[comma+1:]
	ls, lt, lf, ll := n[0], n[1], n[2], n[3]
	if ls < 0 || lt < 0 || lf < 0 || ll < 0 || ls+lt+lf+ll > len(rest) {
		return nil, fmt.Errorf("packed relation cell %q: lengths %d, %d, %d, %d exceed the %d bytes left", clip(b), ls, lt, lf, ll, len(rest))
	}
	c := RelationCell{Events: n[4], Happenings: n[5], Quad: [4]int{n[6], n[7], n[8], n[9]}, Goldstein: goldstein}
	source, target := rest[:ls], rest[ls:ls+lt]
	// Dates repeat across cells: share one string per distinct first or last date.
	c.First, c.Last = rc.date(rest[ls+lt:ls+lt+lf]), rc.date(rest[ls+lt+lf:ls+lt+lf+ll])
	rc.add(rc.internBytes(source), rc.internBytes(target), c)
	return rest[ls+lt+lf+ll:], nil
}

// clip shortens b for an error message.
func clip(b []byte) []byte {
	if len(b) > 120 {
		return b[:120]
	}
	return b
}

// date returns d as a string, one per distinct date.
func (rc *RelationCells) date(d []byte) string {
	if len(d) == 0 {
		return ""
	}
	if s, ok := rc.dates[string(d)]; ok {
		return s
	}
	if rc.dates == nil {
		rc.dates = map[string]string{}
	}
	s := string(d)
	rc.dates[s] = s
	return s
}

// Add adds the cell c of the relation from source to target.
func (rc *RelationCells) Add(source, target string, c RelationCell) {
	rc.add(rc.intern(source), rc.intern(target), c)
}

func (rc *RelationCells) add(source, target int32, c RelationCell) {
	c.Source, c.Target = source, target
	if rc.one || rc.ordered {
		rc.cells = append(rc.cells, c)
		return
	}
	if rc.index == nil {
		rc.index = map[[2]int32]int{}
	}
	k := [2]int32{c.Source, c.Target}
	i, ok := rc.index[k]
	if !ok {
		rc.index[k] = len(rc.cells)
		rc.cells = append(rc.cells, c)
		return
	}
	r := &rc.cells[i]
	r.Events += c.Events
	r.Happenings += c.Happenings
	for j := range r.Quad {
		r.Quad[j] += c.Quad[j]
	}
	r.Goldstein += c.Goldstein
	if c.First != "" && (r.First == "" || c.First < r.First) {
		r.First = c.First
	}
	r.Last = max(r.Last, c.Last)
}

// Relations returns the sums, most events first, then by source and target ID, with the mean Goldstein score;
// nil when there are none. ents[i] is the entity of ids[i].
func (rc *RelationCells) Relations(ents []newsgraph.Entity) []newsgraph.Relation {
	if len(rc.cells) == 0 {
		return nil
	}
	if rc.ordered {
		out := make([]newsgraph.Relation, len(rc.cells))
		for i := range rc.cells {
			rc.cells[i].relation(&out[i], ents)
		}
		return out
	}
	// Actors by the order of their IDs, so that ties compare numbers.
	byName := make([]int32, len(rc.ids))
	for i := range byName {
		byName[i] = int32(i)
	}
	slices.SortFunc(byName, func(i, j int32) int { return strings.Compare(rc.ids[i], rc.ids[j]) })
	rank := make([]int32, len(rc.ids))
	for r, i := range byName {
		rank[i] = int32(r)
	}
	order := rc.byEvents(rank)
	if order == nil {
		order = make([]int32, len(rc.cells)) // sorting indices moves less than sorting cells
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortFunc(order, func(i, j int32) int {
			a, b := &rc.cells[i], &rc.cells[j]
			if a.Events != b.Events {
				return b.Events - a.Events
			}
			return cmp.Or(cmp.Compare(rank[a.Source], rank[b.Source]), cmp.Compare(rank[a.Target], rank[b.Target]))
		})
	}
	out := make([]newsgraph.Relation, len(rc.cells))
	for i, k := range order {
		rc.cells[k].relation(&out[i], ents)
	}
	return out
}

// byEvents returns the order of the cells by most events when they are already by source and target ID (rank is
// the place of each actor's ID in the order of the IDs), one per relation, as a scan of one bucket's primary key
// reads them: a stable counting sort by events then gives the order of Relations. Else nil.
func (rc *RelationCells) byEvents(rank []int32) []int32 {
	most := 0
	for i := range rc.cells {
		c := &rc.cells[i]
		if c.Events < 0 {
			return nil
		}
		most = max(most, c.Events)
		if i > 0 {
			p := &rc.cells[i-1]
			if cmp.Or(cmp.Compare(rank[p.Source], rank[c.Source]), cmp.Compare(rank[p.Target], rank[c.Target])) >= 0 {
				return nil
			}
		}
	}
	if most > 4*len(rc.cells)+1024 {
		return nil // too sparse for counting
	}
	// start[e] is the place of the first cell of e events: those with more come first.
	start := make([]int32, most+2)
	for i := range rc.cells {
		start[most-rc.cells[i].Events+1]++
	}
	for e := 1; e < len(start); e++ {
		start[e] += start[e-1]
	}
	order := make([]int32, len(rc.cells))
	for i := range rc.cells {
		k := most - rc.cells[i].Events
		order[start[k]] = int32(i)
		start[k]++
	}
	return order
}

// relation sets r to the relation of the cell c, whose actors are ents[c.Source] and ents[c.Target].
func (c *RelationCell) relation(r *newsgraph.Relation, ents []newsgraph.Entity) {
	r.Source, r.Target, r.Events, r.Happenings, r.Quad, r.First, r.Last = ents[c.Source], ents[c.Target], c.Events, c.Happenings, c.Quad, c.First, c.Last
	if c.Events > 0 {
		r.Goldstein = c.Goldstein / float64(c.Events)
	}
}

// NewestFirst orders the evidence of a relation: newest first, then by document and place in it.
func NewestFirst(a, b newsgraph.EventHit) int {
	return cmp.Or(strings.Compare(b.Date, a.Date), strings.Compare(a.Doc.ID, b.Doc.ID), cmp.Compare(a.Index, b.Index))
}

// NewRelationCells returns an empty sum; one says the cells come from one part of a window, which has one cell
// per relation.
func NewRelationCells(one bool) *RelationCells { return &RelationCells{one: one} }

// NewOrderedRelationCells returns an empty sum of cells that will come one per relation in the order Relations
// returns them (most events, then source and target ID bytewise), as the rows of one bucket ranked by an index
// are: Relations then neither merges nor sorts them.
func NewOrderedRelationCells() *RelationCells { return &RelationCells{ordered: true} }

// Len is the number of relations summed.
func (rc *RelationCells) Len() int { return len(rc.cells) }

// IDs are the actors' entity IDs, in the order Relations expects their records.
func (rc *RelationCells) IDs() []string { return rc.ids }

// OneBucket reports whether the window split into parts (WindowParts) is one bucket of relation cells, all time, a
// whole year or a whole month, apart from the cells of events dated otherwise ('d', which odd bounds when not nil):
// then, when no such cell is in odd's range, each relation of the window is one cell of grain and bucket.
func OneBucket(parts []CellPart) (grain, bucket string, odd *CellPart, ok bool) {
	if len(parts) == 1 && parts[0].Grain == "a" {
		return "a", "", nil, true
	}
	if len(parts) != 2 || parts[0].Grain != "d" {
		return "", "", nil, false
	}
	p := parts[1]
	layout, next := "2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }
	switch p.Grain {
	case "y":
	case "m":
		layout, next = "2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	default:
		return "", "", nil, false
	}
	lo, err := time.Parse(layout, p.Lo)
	if err != nil || p.Hi != next(lo).Format(layout) {
		return "", "", nil, false
	}
	return p.Grain, p.Lo, &parts[0], true
}
