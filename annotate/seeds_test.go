package annotate_test

import (
	"path/filepath"
	"strings"
	"testing"

	"newsgraph"
	"newsgraph/annotate"
	"newsgraph/annotate/entity"
	"newsgraph/annotate/gazetteer"
	"newsgraph/internal/shared"
)

// golden is what a careful reader finds in one seed: entities that must be found, entities that may be, and
// text that must not appear in any name.
type golden struct {
	must, may, never []string
}

func readGolden(t *testing.T, path string) map[string]*golden {
	t.Helper()
	secs, err := shared.ReadSections(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*golden{}
	for _, sec := range secs {
		cur := &golden{}
		out[sec.Name] = cur
		for _, l := range sec.Lines {
			line := l.Text
			if len(line) <= 2 || line[1] != ' ' {
				t.Fatalf("%s:%d: cannot read %q", path, l.N, line)
			}
			v := strings.TrimSpace(line[2:])
			switch line[0] {
			case '+':
				cur.must = append(cur.must, v)
			case '?':
				cur.may = append(cur.may, v)
			case '-':
				cur.never = append(cur.never, v)
			default:
				t.Fatalf("%s:%d: want + ? or - before a name", path, l.N)
			}
		}
	}
	return out
}

// TestSeeds checks the entities of the five seed articles against what a reader finds in them.
func TestSeeds(t *testing.T) {
	dir := shared.Need(t, "seeds")
	p, err := annotate.Default(annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	gold := readGolden(t, filepath.Join("testdata", "seeds.golden"))
	gaz := gazetteer.Default()
	var found, must, extra, total int
	for name, g := range gold {
		d, err := p.AnnotateFile(t.Context(), filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, name, d)
		// An expected name is found when an entity of the document has the name (compared by entity.Key), or
		// the ID of a gazetteer entry the name stands for.
		keys := func(n string) []string {
			out := []string{"key:" + entity.Key(n)}
			for _, c := range gaz.Lookup(n) {
				out = append(out, "id:"+c.ID)
			}
			return out
		}
		have := map[string]bool{}
		for _, e := range d.Entities {
			have["key:"+entity.Key(e.Name)] = true
			have["id:"+e.ID] = true
		}
		listed := map[string]bool{}
		for _, n := range g.must {
			must++
			ok := false
			for _, k := range keys(n) {
				ok = ok || have[k]
				listed[k] = true
			}
			if ok {
				found++
			} else {
				t.Errorf("%s: %q not found", name, n)
			}
		}
		for _, n := range g.may {
			for _, k := range keys(n) {
				listed[k] = true
			}
		}
		for _, e := range d.Entities {
			total++
			if !listed["key:"+entity.Key(e.Name)] && !listed["id:"+e.ID] {
				extra++
				t.Logf("%s: unlisted entity %q (%s)", name, e.Name, e.ID)
			}
		}
		for _, m := range d.Mentions {
			if m.Kind != newsgraph.MentionName {
				continue
			}
			text := strings.ToLower(m.In(d.Text))
			for _, bad := range g.never {
				if strings.Contains(text, strings.ToLower(bad)) {
					t.Errorf("%s: mention %q at %d contains %q, which is no name", name, m.In(d.Text), m.Start, bad)
				}
			}
		}
	}
	recall := float64(found) / float64(must)
	precision := 1 - float64(extra)/float64(total)
	t.Logf("seeds: %d/%d required entities found (recall %.3f); %d of %d entities unlisted (precision %.3f)", found, must, recall, extra, total, precision)
	// Baselines recorded when the golden list was written; a change that loses entities or adds noise fails.
	if recall < 0.97 {
		t.Errorf("recall %.3f below 0.97", recall)
	}
	if precision < 0.95 {
		t.Errorf("precision %.3f below 0.95", precision)
	}
}

// checkInvariants checks what every annotated document must satisfy.
func checkInvariants(t *testing.T, name string, d *newsgraph.Document) {
	t.Helper()
	prev := -1
	for i, m := range d.Mentions {
		if m.Start < 0 || m.End > len(d.Text) || m.Start >= m.End {
			t.Errorf("%s: mention %d span %v outside the text", name, i, m.Span)
			continue
		}
		if m.Start < prev {
			t.Errorf("%s: mention %d at %d overlaps or precedes the one before", name, i, m.Start)
		}
		prev = m.End
		if m.Entity < 0 || m.Entity >= len(d.Entities) {
			t.Errorf("%s: mention %d %q links to entity %d of %d", name, i, m.In(d.Text), m.Entity, len(d.Entities))
		}
		if s := m.In(d.Text); strings.TrimSpace(s) != s {
			t.Errorf("%s: mention %q has spaces at its ends", name, s)
		}
	}
	for i, s := range d.Sentences {
		if s.TokenStart > s.TokenEnd || s.TokenEnd > len(d.Tokens) {
			t.Errorf("%s: sentence %d tokens [%d,%d) of %d", name, i, s.TokenStart, s.TokenEnd, len(d.Tokens))
		}
	}
}
