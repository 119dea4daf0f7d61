package cluster

import (
	"bytes"
	"encoding/gob"
	"slices"
	"testing"
)

// Two happenings of one kind: a Turkish earthquake reported three times, then an Ecuadorian one whose first
// report recalls the Turkish one (and so joins its cluster) and whose later reports follow that first report.
var (
	splitTurkey = []string{
		`A magnitude 6.4 earthquake struck near Malatya in eastern Turkey on Tuesday, killing at least 12 people.
Rescuers searched collapsed buildings in the Yesilyurt district through the night, the AFAD agency said.
Governor Ahmet Yildiz said 230 people were injured in Malatya, Elazig and Adiyaman.`,
		`Turkish rescue teams worked through the night in Malatya after Tuesday's 6.4 magnitude earthquake.
The AFAD agency put the death toll at 12 and said 230 people were hurt in Malatya, Elazig and Adiyaman.
In Yesilyurt, residents slept in cars for fear of aftershocks, Governor Ahmet Yildiz said.`,
		`The death toll from the Malatya earthquake in eastern Turkey stood at 12 on Wednesday, the AFAD agency said.
Governor Ahmet Yildiz visited Yesilyurt, where collapsed buildings were searched for survivors.
The 6.4 magnitude tremor injured 230 people across Malatya, Elazig and Adiyaman.`,
	}
	splitEcuador = []string{
		`Weeks after the Malatya earthquake killed 12 people in eastern Turkey, a strong earthquake struck Manabi
province in Ecuador on Sunday, killing 9 people, officials said.
Rescuers of the Turkish AFAD agency who had searched collapsed buildings in Malatya and Yesilyurt flew in
to search collapsed buildings in Portoviejo and Manta through the night.
President Daniel Noboa promised aid to Manabi families who lost their homes.`,
		`Ecuador's Manabi province counted 9 dead after Sunday's 6.1 magnitude earthquake, officials said.
President Daniel Noboa flew to Portoviejo and promised aid to families who lost their homes in Manabi.
Rescuers pulled survivors from collapsed buildings in Portoviejo and Manta.`,
		`President Daniel Noboa visited Portoviejo on Monday, a day after the 6.1 magnitude earthquake in Manabi.
The quake killed 9 people in Ecuador; rescuers in Portoviejo and Manta searched collapsed buildings.
Noboa promised aid to Manabi families who lost their homes.`,
	}
)

func splitDocs() []Doc {
	docs := background(300)
	for i, t := range splitTurkey {
		docs = append(docs, Doc{ID: "turkey" + string(rune('1'+i)), Text: t})
	}
	for i, t := range splitEcuador {
		docs = append(docs, Doc{ID: "ecuador" + string(rune('1'+i)), Text: t})
	}
	return docs
}

// clusterOf maps each document to the cluster holding it and fails when one is in two.
func clusterOf(t *testing.T, x *Index) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, c := range x.Clusters() {
		for _, d := range c.Docs {
			if out[d] != "" {
				t.Fatalf("document %s in clusters %s and %s", d, out[d], c.ID)
			}
			out[d] = c.ID
		}
	}
	return out
}

func TestSplit(t *testing.T) {
	docs := splitDocs()
	// Without the split step the Ecuadorian reports follow their first report into the Turkish cluster: the
	// mistake the step undoes.
	off := New(Options{SplitThreshold: -1})
	for _, d := range docs {
		if a := off.Add(d); a.Split != nil {
			t.Fatalf("Add(%s) with splitting off = %+v: a split", d.ID, a)
		}
	}
	of := clusterOf(t, off)
	if of["ecuador1"] != of["turkey1"] || of["ecuador3"] != of["turkey1"] {
		t.Fatalf("without splits: turkey1 in %s, ecuador1 in %s, ecuador3 in %s; want all in one (the test does not set up the mistake)",
			of["turkey1"], of["ecuador1"], of["ecuador3"])
	}

	x := New(Options{})
	var splits []Assignment
	for _, d := range docs {
		a := x.Add(d)
		if a.Split != nil && (a.Split.From == x.clusterID("turkey1") || a.Split.Into == x.clusterID("turkey1")) {
			splits = append(splits, a)
		}
	}
	got := clusterOf(t, x)
	for _, d := range []string{"turkey2", "turkey3"} {
		if got[d] != got["turkey1"] {
			t.Errorf("%s in %s, turkey1 in %s: the Turkish reports were parted", d, got[d], got["turkey1"])
		}
	}
	for _, d := range []string{"ecuador2", "ecuador3"} {
		if got[d] != got["ecuador1"] {
			t.Errorf("%s in %s, ecuador1 in %s: the Ecuadorian reports were parted", d, got[d], got["ecuador1"])
		}
	}
	if got["ecuador1"] == got["turkey1"] {
		t.Fatalf("the two earthquakes share cluster %s after the split step", got["turkey1"])
	}
	if len(splits) != 1 {
		t.Fatalf("%d splits of the earthquakes' cluster (%+v); want one", len(splits), splits)
	}
	sp := splits[0].Split
	if sp.From != got["turkey1"] || sp.Into != got["ecuador1"] || splits[0].Cluster != got[splits[0].Doc] {
		t.Errorf("split %+v of Add(%s) = cluster %s; want from the Turkish cluster %s into the Ecuadorian %s",
			sp, splits[0].Doc, splits[0].Cluster, got["turkey1"], got["ecuador1"])
	}
	if slices.Contains(sp.Docs, splits[0].Doc) || len(sp.Docs) == 0 {
		t.Errorf("split docs %v: want the earlier Ecuadorian reports, not %s being added", sp.Docs, splits[0].Doc)
	}
	for _, d := range sp.Docs {
		if got[d] != sp.Into {
			t.Errorf("moved document %s is in %s, not %s", d, got[d], sp.Into)
		}
	}
	// The new cluster belongs to the story of the one it left.
	for _, c := range x.Clusters() {
		if c.ID == sp.Into {
			for _, o := range x.Clusters() {
				if o.ID == sp.From && o.Story != c.Story {
					t.Errorf("split cluster in story %s, its origin in %s", c.Story, o.Story)
				}
			}
		}
	}
}

// clusterID returns the cluster of an indexed document, "" when it is not in the candidate indexes.
func (x *Index) clusterID(doc string) string {
	q, ok := x.s.DocByID[doc]
	if !ok {
		return ""
	}
	return x.s.Clusters[x.s.Docs[q].Cluster].ID
}

// TestLoadVersion3 loads a state saved before the split step: it keeps working, with splitting off.
func TestLoadVersion3(t *testing.T) {
	x := New(Options{})
	for _, d := range splitDocs()[:300] {
		x.Add(d)
	}
	var b bytes.Buffer
	enc := gob.NewEncoder(&b)
	s := x.s
	s.Opt.SplitThreshold = 0 // the field did not exist: gob wrote nothing for it
	if err := enc.Encode(3); err != nil {
		t.Fatal(err)
	}
	if err := enc.Encode(&s); err != nil {
		t.Fatal(err)
	}
	y, err := Load(&b)
	if err != nil {
		t.Fatalf("Load(version 3) = %v", err)
	}
	if got := y.Options().SplitThreshold; got >= 0 {
		t.Errorf("Options().SplitThreshold after loading version 3 = %v; want negative (off)", got)
	}
	for _, d := range splitDocs()[300:] {
		if a := y.Add(d); a.Split != nil {
			t.Errorf("Add(%s) on a version 3 index split a cluster: %+v", d.ID, a.Split)
		}
	}
}
