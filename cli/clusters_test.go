package cli

import (
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"newsgraph/cluster"
)

// Articles written for these tests, about invented places and people: a wire story and its syndicated copy
// (another headline, one added line), a spun rewrite of it (synonyms, same names, numbers and sentence plan),
// an independent report of the same meeting, and an unrelated earthquake.
const (
	clWire = `Valdor and Mersa agree on a ceasefire in Port Elan

date 2024-03-14

Foreign Minister Anna Kovalenko of Valdor and Foreign Minister Tomas Reyes of Mersa met in Port Elan on Thursday and agreed on a ceasefire along the 240-kilometre border.

Kovalenko said the ceasefire would begin on March 16 and that 1,200 observers from the Lumen Council would monitor it.

Reyes told reporters that 35 prisoners would be exchanged within two weeks and that talks would resume in April.

The two ministers also agreed to reopen the Halder crossing, closed since the fighting began in 2022.
`
	clCopy = `Ceasefire deal reached between Valdor and Mersa

date 2024-03-14

Foreign Minister Anna Kovalenko of Valdor and Foreign Minister Tomas Reyes of Mersa met in Port Elan on Thursday and agreed on a ceasefire along the 240-kilometre border.

Kovalenko said the ceasefire would begin on March 16 and that 1,200 observers from the Lumen Council would monitor it.

Reyes told reporters that 35 prisoners would be exchanged within two weeks and that talks would resume in April.

The two ministers also agreed to reopen the Halder crossing, closed since the fighting began in 2022.

This article was distributed by a news agency.
`
	clRewrite = `Valdor and Mersa settle on a truce in Port Elan

date 2024-03-15

External Affairs Secretary Anna Kovalenko of Valdor and External Affairs Secretary Tomas Reyes of Mersa convened in Port Elan on Thursday and settled on a truce along the 240-kilometre frontier.

Kovalenko stated the truce would commence on March 16 and that 1,200 monitors from the Lumen Council would supervise it.

Reyes informed journalists that 35 detainees would be swapped within a fortnight and that negotiations would restart in April.

The pair of envoys likewise consented to reopen the Halder checkpoint, shut since the combat started in 2022.
`
	clReport = `Ceasefire talks in Port Elan end with a deal

date 2024-03-14

Valdor and Mersa will stop fighting on their shared border from Saturday, their top diplomats announced after a day of talks in Port Elan.

Anna Kovalenko, who leads Valdor's diplomacy, called the ceasefire "a first step" and said monitors sent by the Lumen Council would watch the front line.

Tomas Reyes of Mersa said both sides would free prisoners and meet again next month, and that the Halder crossing would reopen.

The war between Valdor and Mersa has killed thousands since 2022.
`
	clQuake = `Strong earthquake shakes the Orvo islands

date 2024-03-20

An earthquake of magnitude 6.8 struck the Orvo islands early on Wednesday, damaging hundreds of homes in the fishing port of Saltra.

The national seismic office said the quake was centred 40 kilometres off the coast at a depth of 12 kilometres.

Rescue teams searched collapsed buildings in Saltra, and the harbour was closed to ships.
`
)

// background writes n unrelated, undated generated articles that sort before the test articles, so that
// clustering has learnt which words are common (on a cold start every word is rare and reports stay apart).
func background(t *testing.T, dir string, n int) {
	t.Helper()
	g := cluster.NewGenerator(7, 0)
	for i := range n {
		d := g.Next().Doc
		write(t, dir, fmt.Sprintf("in/0-background/%03d.txt", i), d.Title+"\n\n"+d.Text+"\n")
	}
}

func clustersDB(t *testing.T, dir string) string {
	t.Helper()
	background(t, dir, 200)
	write(t, dir, "in/1-wire.txt", clWire)
	write(t, dir, "in/2-copy.txt", clCopy)
	write(t, dir, "in/3-exact.txt", clWire+"\n") // the same text: an exact duplicate, stored once
	write(t, dir, "in/4-rewrite.txt", clRewrite)
	write(t, dir, "in/5-report.txt", clReport)
	write(t, dir, "in/6-quake.txt", clQuake)
	db := filepath.Join(dir, "n.db")
	if _, stderr, code := run(t, "", "ingest", "--db", db, filepath.Join(dir, "in")); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	return db
}

// membership returns the clusters of `clusters --json` as sorted lists of base file names, sorted.
func membership(t *testing.T, db string) [][]string {
	t.Helper()
	out, stderr, code := run(t, "", "clusters", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("clusters --json: exit %d: %s", code, stderr)
	}
	var groups [][]string
	for _, c := range jsonLines[clusterJSON](t, out) {
		if c.Cluster == "" || c.Label == "" || len(c.Documents) != c.Size || len(c.IDs) != c.Size {
			t.Errorf("clusters --json line %+v: want an ID, a label and one document per member", c)
		}
		var g []string
		for _, d := range c.Documents {
			if !strings.Contains(d, "background") {
				g = append(g, filepath.Base(d))
			}
		}
		sort.Strings(g)
		if len(g) > 0 {
			groups = append(groups, g)
		}
	}
	sort.Slice(groups, func(i, j int) bool { return strings.Join(groups[i], ",") < strings.Join(groups[j], ",") })
	return groups
}

func TestClustersCommand(t *testing.T) {
	dir := t.TempDir()
	db := clustersDB(t, dir)
	got := membership(t, db)
	want := [][]string{{"1-wire.txt", "2-copy.txt", "4-rewrite.txt", "5-report.txt"}, {"6-quake.txt"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("clusters --json membership = %v; want %v", got, want)
	}

	out, stderr, code := run(t, "", "duplicates", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("duplicates: exit %d: %s", code, stderr)
	}
	kinds := map[string]string{}
	for _, p := range jsonLines[duplicateJSON](t, out) {
		if strings.Contains(p.Copy, "background") {
			continue
		}
		kinds[filepath.Base(p.Copy)] = p.Kind + " of " + filepath.Base(p.Of)
		if p.Similarity <= 0 || p.Similarity > 1 {
			t.Errorf("duplicate %+v: similarity outside (0, 1]", p)
		}
	}
	wantKinds := map[string]string{"3-exact.txt": "exact of 1-wire.txt", "2-copy.txt": "copy of 1-wire.txt", "4-rewrite.txt": "rewrite of 1-wire.txt"}
	if !reflect.DeepEqual(kinds, wantKinds) {
		t.Errorf("duplicates --json = %v; want %v", kinds, wantKinds)
	}

	// cluster ID: every member with how it relates.
	out, _, _ = run(t, "", "clusters", "--db", db, "--json", "--min-size", "4")
	var cs []clusterJSON
	for _, c := range jsonLines[clusterJSON](t, out) {
		if c.Size < 4 {
			t.Errorf("clusters --min-size 4 listed %s of size %d", c.Cluster, c.Size)
		}
		if strings.HasSuffix(c.Documents[0], "1-wire.txt") {
			cs = append(cs, c)
		}
	}
	if len(cs) != 1 {
		t.Fatalf("clusters --min-size 4 has %d clusters that start with 1-wire.txt; want 1", len(cs))
	}
	out, stderr, code = run(t, "", "cluster", "--db", db, cs[0].Cluster[:8])
	if code != 0 {
		t.Fatalf("cluster %s: exit %d: %s", cs[0].Cluster[:8], code, stderr)
	}
	for _, want := range []string{"copy of", "rewrite of", "report", "2024-03-14 (3)", "Members"} {
		if !strings.Contains(out, want) {
			t.Errorf("cluster %s output lacks %q:\n%s", cs[0].Cluster, want, out)
		}
	}
	if _, stderr, code := run(t, "", "cluster", "--db", db, "cfffffffffff"); code != 1 || !strings.Contains(stderr, "not found") {
		t.Errorf("cluster of an unknown ID: exit %d, %q; want 1 and not found", code, stderr)
	}
	out, stderr, code = run(t, "", "stories", "--db", db)
	if code != 0 || !strings.Contains(out, cs[0].Cluster) {
		t.Errorf("stories: exit %d %s; output lacks the cluster %s:\n%s", code, stderr, cs[0].Cluster, out)
	}
	out, _, _ = run(t, "", "clusters", "--db", db, "--json", "--from", "2024-03-19")
	if cs := jsonLines[clusterJSON](t, out); len(cs) != 1 || cs[0].Size != 1 || !strings.HasSuffix(cs[0].Documents[0], "6-quake.txt") {
		t.Errorf("clusters --from 2024-03-19 = %+v; want the quake alone", cs)
	}
}

// The same input in two fresh databases gives the same clusters, and so does ingesting without clustering and
// catching up at the next ingest (as after a run stopped between storing documents and clustering them).
func TestClustersDeterministic(t *testing.T) {
	a := membership(t, clustersDB(t, t.TempDir()))
	b := membership(t, clustersDB(t, t.TempDir()))
	if !reflect.DeepEqual(a, b) {
		t.Errorf("two runs on the same input: %v and %v", a, b)
	}
	dir := t.TempDir()
	background(t, dir, 200)
	write(t, dir, "in/1-wire.txt", clWire)
	write(t, dir, "in/2-copy.txt", clCopy)
	write(t, dir, "in/3-exact.txt", clWire+"\n")
	write(t, dir, "in/4-rewrite.txt", clRewrite)
	write(t, dir, "in/5-report.txt", clReport)
	db := filepath.Join(dir, "n.db")
	if _, stderr, code := run(t, "", "ingest", "--db", db, "--cluster=false", filepath.Join(dir, "in")); code != 0 {
		t.Fatalf("ingest --cluster=false: exit %d: %s", code, stderr)
	}
	if got := membership(t, db); len(got) != 0 {
		t.Errorf("clusters after ingest --cluster=false = %v; want none", got)
	}
	write(t, dir, "in/6-quake.txt", clQuake)
	if _, stderr, code := run(t, "", "ingest", "--db", db, filepath.Join(dir, "in")); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	if c := membership(t, db); !reflect.DeepEqual(c, a) {
		t.Errorf("caught up clusters = %v; want those of one run %v", c, a)
	}
}
