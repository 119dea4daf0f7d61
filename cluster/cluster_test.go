package cluster

import (
	"newsgraph/internal/hashmix"

	"bytes"
	"cmp"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in     string
		words  []string
		sents  int
		quoted []string
	}{
		{"Lavrov met Fidan. They talked.", []string{"Lavrov", "met", "Fidan", "They", "talked"}, 2, nil},
		{"Prices rose 3.5% to 1,200 dollars in Al-Bab.", []string{"Prices", "rose", "3.5", "to", "1,200", "dollars", "in", "Al-Bab"}, 1, nil},
		{"He said \"we will stay\" and left.\nNew line", []string{"He", "said", "we", "will", "stay", "and", "left", "New", "line"}, 2, []string{"we", "will", "stay"}},
		{"`` Quoted here '' not here", []string{"Quoted", "here", "not", "here"}, 1, []string{"Quoted", "here"}},
		{"", nil, 0, nil},
	}
	for _, tc := range tests {
		toks := tokenize(tc.in)
		var words, quoted []string
		sents := 0
		for _, tk := range toks {
			words = append(words, tc.in[tk.start:tk.end])
			if tk.quoted {
				quoted = append(quoted, tc.in[tk.start:tk.end])
			}
			sents = tk.sent + 1
		}
		if !slices.Equal(words, tc.words) || sents != tc.sents || !slices.Equal(quoted, tc.quoted) {
			t.Errorf("tokenize(%q) = %q in %d sentences, quoted %q; want %q in %d, quoted %q", tc.in, words, sents, quoted, tc.words, tc.sents, tc.quoted)
		}
	}
}

func TestMinHashEstimate(t *testing.T) {
	seeds := minhashSeeds(128)
	set := func(lo, hi int) []uint64 {
		var s []uint64
		for i := lo; i < hi; i++ {
			s = append(s, hashmix.Finalize(uint64(i)))
		}
		slices.Sort(s)
		return s
	}
	tests := []struct {
		a, b []uint64
		want float64
	}{
		{set(0, 200), set(0, 200), 1},
		{set(0, 200), set(100, 300), 1.0 / 3},
		{set(0, 200), set(40, 200), 0.8},
		{set(0, 200), set(200, 400), 0},
		{set(0, 50), set(25, 75), 1.0 / 3},
	}
	for _, tc := range tests {
		if got := jaccard(tc.a, tc.b); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("jaccard(%d, %d elements) = %.3f, want %.3f", len(tc.a), len(tc.b), got, tc.want)
		}
		got := estimate(signature(tc.a, seeds), signature(tc.b, seeds))
		// Four standard errors of a 128-value estimate.
		if tol := 4*math.Sqrt(tc.want*(1-tc.want)/128) + 0.01; math.Abs(got-tc.want) > tol {
			t.Errorf("estimate(signatures of %d, %d elements) = %.3f, want %.3f ± %.3f", len(tc.a), len(tc.b), got, tc.want, tol)
		}
	}
}

// Texts written for these tests.
const (
	talks = `Foreign ministers Sergei Lavrov, Abbas Araghchi and Hakan Fidan met in Doha on Saturday to discuss Syria.
The three men spoke for 90 minutes at the Sheraton hotel, officials said.
Lavrov told reporters that "the fighting must stop at once" and called for talks in Geneva.
Araghchi said Iran would keep its advisers in Damascus until December 15.
Fidan said Turkey wanted a political process that includes all Syrian groups.
The meeting came as rebels took Hama and moved towards Homs, 160 kilometres north of the capital.
A statement after the meeting listed 7 points of agreement.`
	// The same article spun: synonyms everywhere, names, numbers and quotes kept, sentence plan kept.
	talksSpun = `International affairs chiefs Sergei Lavrov, Abbas Araghchi and Hakan Fidan convened in Doha on Saturday to debate Syria.
The trio conversed for 90 minutes at the Sheraton lodging, authorities stated.
Lavrov informed journalists that "the fighting must stop at once" and urged negotiations in Geneva.
Araghchi declared Iran would retain its counsellors in Damascus till December 15.
Fidan remarked Turkey desired a governmental procedure that embraces every Syrian faction.
The gathering arrived as insurgents seized Hama and advanced toward Homs, 160 kilometres north of the capital city.
A declaration following the gathering enumerated 7 points of accord.`
	// Another outlet on the same meeting, in its own words and order.
	talksOther = `Syria dominated a Doha meeting of Russia, Iran and Turkey on Saturday, as rebel forces pressed towards Homs.
Hakan Fidan, Turkey's foreign minister, arrived first and urged an inclusive political process.
Russian minister Sergei Lavrov later said Moscow would keep talking to Damascus and to the opposition.
Abbas Araghchi of Iran warned that the collapse of the Syrian state would help extremists.
Diplomats said the three agreed on a short statement but not on the future of the Syrian army.
The Doha Forum continues on Sunday with a session on Gaza.`
	quakeA = `A magnitude 6.4 earthquake struck near Malatya in eastern Turkey on Tuesday, killing at least 12 people.
Rescuers searched collapsed buildings in the Yesilyurt district through the night, the AFAD agency said.
The tremor was felt in Elazig and Adiyaman, and 80 aftershocks followed within hours.
Governor Ahmet Yildiz said 230 people were injured.`
	quakeB = `A strong earthquake of magnitude 6.1 hit the Ecuadorian province of Manabi on Sunday, killing 9 people.
Rescuers pulled survivors from collapsed buildings in Portoviejo, the risk management secretariat said.
President Daniel Noboa flew to the area and promised aid to families who lost homes.
The quake was felt in Guayaquil and Quito, and 40 aftershocks were recorded.`
	quakeA2 = `Turkish rescue teams worked through the night in Malatya after Tuesday's 6.4 magnitude earthquake.
The AFAD agency put the death toll at 12 and said 230 people were hurt in Malatya, Elazig and Adiyaman.
In Yesilyurt, residents slept in cars for fear of aftershocks, Governor Ahmet Yildiz said.`
)

// background returns unrelated synthetic documents (undated) so that the Index has learnt some IDF.
func background(n int) []Doc {
	g := NewGenerator(7, 0)
	var out []Doc
	for range n {
		d := g.Next().Doc
		d.Published = time.Time{}
		out = append(out, d)
	}
	return out
}

func TestRewriteScore(t *testing.T) {
	a := analyse(Doc{Text: talks}, 5)
	tests := []struct {
		name  string
		text  string
		isRew bool
	}{
		{"spun copy", talksSpun, true},
		{"other outlet, same meeting", talksOther, false},
		{"other event", quakeA, false},
	}
	for _, tc := range tests {
		b := analyse(Doc{Text: tc.text}, 5)
		got := rewriteScore(a.sents, b.sents, a.anchors, b.anchors)
		if (got >= 0.6) != tc.isRew {
			t.Errorf("rewriteScore(talks, %s) = %.2f; want rewrite %v (threshold 0.6)", tc.name, got, tc.isRew)
		}
		if j := jaccard(a.shingles, b.shingles); tc.isRew && j > 0.3 {
			t.Errorf("%s shares %.2f of its shingles: not a test of rewrites", tc.name, j)
		}
	}
}

func TestAddRelations(t *testing.T) {
	x := New(Options{})
	for _, d := range background(300) {
		x.Add(d)
	}
	add := func(id, text string) Assignment { return x.Add(Doc{ID: id, Text: text}) }
	first := add("talks", talks)
	if !first.New || first.Relation != Report {
		t.Errorf("Add(talks) = %+v, want a new cluster", first)
	}
	tests := []struct {
		id, text string
		rel      Relation
		of       string
		same     bool // same cluster as talks
	}{
		{"copy", "DOHA (Wire) - " + talks + "\nReporting by a correspondent.", Copy, "talks", true},
		{"spun", talksSpun, Rewrite, "talks", true},
		{"other", talksOther, Report, "", true},
		{"quakeA", quakeA, Report, "", false},
	}
	for _, tc := range tests {
		got := add(tc.id, tc.text)
		if got.Relation != tc.rel || got.Of != tc.of || (got.Cluster == first.Cluster) != tc.same {
			t.Errorf("Add(%s) = %+v; want relation %q of %q, same cluster as talks %v", tc.id, got, tc.rel, tc.of, tc.same)
		}
		if tc.rel == Copy && got.Similarity < 0.5 {
			t.Errorf("Add(%s).Similarity = %.2f, want >= 0.5", tc.id, got.Similarity)
		}
	}
	// Two earthquakes: kept apart; a second report of the first joins it.
	qa := x.Clusters()[len(x.Clusters())-1].ID
	b := add("quakeB", quakeB)
	a2 := add("quakeA2", quakeA2)
	if b.Cluster == qa || a2.Cluster != qa || a2.Relation != Report {
		t.Errorf("earthquakes: quakeA in %s, quakeB %+v, quakeA2 %+v; want B apart and A2 with A", qa, b, a2)
	}
	// The same ID again is a copy of itself.
	if again := add("talks", talks); again.Relation != Copy || again.Cluster != first.Cluster {
		t.Errorf("Add(talks) again = %+v, want a copy in %s", again, first.Cluster)
	}
	for _, c := range x.Clusters() {
		if c.ID == first.Cluster && (!strings.Contains(c.Label, "Lavrov") && !strings.Contains(c.Label, "Doha")) {
			t.Errorf("label of the talks cluster = %q, want Lavrov or Doha in it", c.Label)
		}
	}
}

func TestTimeWindowAndStories(t *testing.T) {
	x := New(Options{})
	day := time.Date(2024, 12, 7, 12, 0, 0, 0, time.UTC)
	for i, d := range background(300) {
		d.Published = day.Add(-time.Duration(i) * time.Minute)
		x.Add(d)
	}
	a := x.Add(Doc{ID: "a", Text: talks, Published: day})
	// Months later, another report on the same actors and place: outside the event window, a new cluster,
	// but the same story.
	b := x.Add(Doc{ID: "b", Text: talksOther, Published: day.Add(60 * 24 * time.Hour)})
	if b.Cluster == a.Cluster || !b.New {
		t.Errorf("report 60 days later = %+v, want a new cluster (a is %+v)", b, a)
	}
	if b.Story != a.Story {
		t.Errorf("report 60 days later story %s, want the story %s of the first", b.Story, a.Story)
	}
	c := x.Add(Doc{ID: "c", Text: talksOther, Published: day.Add(400 * 24 * time.Hour)})
	if c.Story == a.Story {
		t.Errorf("report 400 days later joined story %s; want a new story (window 180 days)", c.Story)
	}
	st := x.Stats()
	if st.ActiveDocs > 2 {
		t.Errorf("Stats() = %+v: documents older than the window still in the indexes", st)
	}
}

func synthStream(n int, seed uint64) []Doc {
	g := NewGenerator(seed, 500)
	out := make([]Doc, n)
	for i := range out {
		out[i] = g.Next().Doc
	}
	return out
}

func TestDeterministic(t *testing.T) {
	docs := synthStream(1500, 3)
	run := func() ([]Assignment, []Cluster) {
		x := New(Options{})
		var as []Assignment
		for _, d := range docs {
			as = append(as, x.Add(d))
		}
		return as, x.Clusters()
	}
	a1, c1 := run()
	a2, c2 := run()
	if !reflect.DeepEqual(a1, a2) || !reflect.DeepEqual(c1, c2) {
		t.Errorf("two runs over the same %d documents differ", len(docs))
	}
}

func TestSaveLoadContinue(t *testing.T) {
	docs := synthStream(2000, 5)
	opt := Options{MaxDocs: 400, MaxClusters: 300}
	whole := New(opt)
	var want []Assignment
	for _, d := range docs {
		want = append(want, whole.Add(d))
	}
	x := New(opt)
	var got []Assignment
	for _, d := range docs[:1100] {
		got = append(got, x.Add(d))
	}
	data, err := x.MarshalBinary()
	if err != nil {
		t.Fatalf("MarshalBinary: %v", err)
	}
	var y Index
	if err := y.UnmarshalBinary(data); err != nil {
		t.Fatalf("UnmarshalBinary: %v", err)
	}
	for _, d := range docs[1100:] {
		got = append(got, y.Add(d))
	}
	if !reflect.DeepEqual(got, want) {
		for i := range got {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("after save and load, Add(doc %d) = %+v, want %+v as without saving", i, got[i], want[i])
			}
		}
	}
	if !reflect.DeepEqual(y.Clusters(), whole.Clusters()) || !reflect.DeepEqual(y.Stories(), whole.Stories()) {
		t.Errorf("clusters or stories after save, load and continue differ from a run without saving")
	}
	if _, err := Load(bytes.NewReader(data[:len(data)/2])); err == nil {
		t.Errorf("Load(truncated) = nil error")
	}
	if _, err := Load(strings.NewReader("not an index")); err == nil {
		t.Errorf("Load(garbage) = nil error")
	}
}

func TestInvariants(t *testing.T) {
	g := NewGenerator(11, 300)
	opt := Options{MaxDocs: 500, MaxClusters: 200, MaxStories: 100, Window: 24 * time.Hour}
	x := New(opt)
	ids := map[string]bool{}
	var copies, copiesFound, rewrites, rewritesFound int
	for range 3000 {
		d := g.Next()
		a := x.Add(d.Doc)
		ids[d.ID] = true
		if a.Doc != d.ID || a.Cluster == "" || a.Story == "" {
			t.Fatalf("Add(%s) = %+v: missing fields", d.ID, a)
		}
		if (a.Relation == Report) != (a.Of == "") {
			t.Fatalf("Add(%s) = %+v: Of set for a report or missing for a copy", d.ID, a)
		}
		if d.Relation == Copy {
			copies++
			if a.Relation == Copy {
				copiesFound++
			}
		}
		if d.Relation == Rewrite {
			rewrites++
			if a.Relation == Rewrite {
				rewritesFound++
			}
		}
		if st := x.Stats(); st.ActiveDocs > opt.MaxDocs || st.ActiveClusters > opt.MaxClusters || st.ActiveStories > opt.MaxStories {
			t.Fatalf("Stats() = %+v: over the caps %+v", st, opt)
		}
	}
	seen := map[string]bool{}
	clusterIDs := map[string]bool{}
	for _, c := range x.Clusters() {
		if clusterIDs[c.ID] {
			t.Errorf("cluster ID %s twice", c.ID)
		}
		clusterIDs[c.ID] = true
		if len(c.Docs) == 0 || c.Last.Before(c.First) || c.Story == "" {
			t.Errorf("cluster %+v: empty, dates reversed or no story", c.ID)
		}
		for _, d := range c.Docs {
			if seen[d] {
				t.Errorf("document %s in two clusters", d)
			}
			seen[d] = true
		}
	}
	if len(seen) != len(ids) {
		t.Errorf("clusters hold %d documents, %d were added", len(seen), len(ids))
	}
	// Some originals have left the indexes (1-day window, 500 documents) before their copy arrives.
	if copiesFound < copies*3/4 || rewritesFound < rewrites*3/4 {
		t.Errorf("found %d of %d generated copies and %d of %d rewrites", copiesFound, copies, rewritesFound, rewrites)
	}
	t.Logf("copies %d/%d rewrites %d/%d, %+v", copiesFound, copies, rewritesFound, rewrites, x.Stats())
}

func TestLabel(t *testing.T) {
	c := []feat{{hash64(kindName, "lavrov"), 3}, {hash64(kindName, "sergei"), 2.5}, {hash64(kindName, "doha"), 2},
		{hash64(kindTerm, "talk"), 1}, {hash64(kindName, "syria"), 1.5}}
	display := map[uint64]string{hash64(kindName, "lavrov"): "Sergei Lavrov", hash64(kindName, "sergei"): "Sergei Lavrov",
		hash64(kindName, "doha"): "Doha", hash64(kindTerm, "talk"): "talks", hash64(kindName, "syria"): "Syria"}
	slices.SortFunc(c, func(a, b feat) int { return cmp.Compare(a.Key, b.Key) })
	if got, want := label(c, display), "Sergei Lavrov, Doha, Syria: talks"; got != want {
		t.Errorf("label = %q, want %q", got, want)
	}
}

func FuzzAnalyse(f *testing.F) {
	f.Add(talks)
	f.Add("`` a '' \" b “c” 1,2.3 -x- '")
	f.Fuzz(func(t *testing.T, text string) {
		a := analyse(Doc{Text: text, Title: text}, 5)
		if !slices.IsSorted(a.anchors) || !slices.IsSorted(a.shingles) {
			t.Errorf("analyse(%q): anchors or shingles not sorted", text)
		}
		for _, tk := range tokenize(text) {
			if tk.start >= tk.end || tk.end > len(text) {
				t.Fatalf("tokenize(%q): token %+v outside the text", text, tk)
			}
		}
		x := New(Options{DFBits: 8})
		x.Add(Doc{ID: "a", Text: text})
		x.Add(Doc{ID: "b", Text: text})
		n := 0
		for _, c := range x.Clusters() {
			n += len(c.Docs)
		}
		if n != 2 {
			t.Errorf("two documents gave clusters %s", fmt.Sprint(x.Clusters()))
		}
	})
}

// TestSummaries checks that Summaries gives, for the IDs it is asked about, what Clusters and Stories give.
func TestSummaries(t *testing.T) {
	g := NewGenerator(11, 200)
	x := New(Options{})
	var clusterIDs, storyIDs []string
	for range 300 {
		a := x.Add(g.Next().Doc)
		clusterIDs = append(clusterIDs, a.Cluster)
		storyIDs = append(storyIDs, a.Story)
	}
	all, stories := map[string]Cluster{}, map[string]Story{}
	for _, c := range x.Clusters() {
		all[c.ID] = c
	}
	for _, s := range x.Stories() {
		stories[s.ID] = s
	}
	cs, ss := x.Summaries(clusterIDs[len(clusterIDs)-5:], append(storyIDs[len(storyIDs)-3:], "no-such-story"))
	if len(cs) != 5 || len(ss) != 3 {
		t.Fatalf("Summaries = %d clusters, %d stories; want 5 and 3", len(cs), len(ss))
	}
	for _, c := range cs {
		if want, ok := all[c.ID]; !ok || !reflect.DeepEqual(c, want) {
			t.Errorf("Summaries cluster %s = %+v, Clusters has %+v", c.ID, c, want)
		}
	}
	for _, s := range ss {
		if want, ok := stories[s.ID]; !ok || !reflect.DeepEqual(s, want) {
			t.Errorf("Summaries story %s = %+v, Stories has %+v", s.ID, s, want)
		}
	}
}
