package storetest

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"newsgraph"
)

func testClusters(t *testing.T, s newsgraph.Store) {
	cs, ok := s.(newsgraph.ClusterStore)
	if !ok {
		t.Skip("store keeps no clusters")
	}
	ctx := context.Background()
	day := func(d int) time.Time { return time.Date(2024, 12, d, 0, 0, 0, 0, time.UTC) }
	lavrov := newsgraph.Entity{ID: "Q1", Name: "Sergei Lavrov", Label: newsgraph.LabelPER}
	a := doc("Sergei Lavrov met the Turkish minister in Doha on Saturday.", "Doha talks", "wire", "en", day(7))
	b := doc("Sergei Lavrov met the Turkish minister in Doha on Saturday!", "Doha talks (copy)", "paper", "en", day(7))
	c := doc("Sergei Lavrov saw the minister of Turkey in Doha on Saturday.", "Doha meeting", "blog", "en", day(8))
	d := doc("An earthquake struck the coast of Peru.", "Quake", "wire", "en", day(20))
	for _, x := range []*newsgraph.Document{a, b, c} {
		x.Entities = []newsgraph.DocEntity{{Entity: lavrov}}
		x.Mentions = []newsgraph.Mention{{Span: newsgraph.Span{Start: 0, End: len(lavrov.Name)}, Label: lavrov.Label, Kind: newsgraph.MentionName, Entity: 0}}
	}
	a.Origin.Path, b.URL = "in/a.txt", "https://paper.example/b"
	ingest(t, s, a, b, c, d)
	// An exact duplicate: another raw item whose document is a.
	ids := mustAdd(t, s, item("again.txt", 0, a.Text+" "))
	if err := s.Commit(ctx, []newsgraph.Outcome{{RawID: ids[0], Doc: a}}); err != nil {
		t.Fatal(err)
	}

	if st, err := cs.ClusterState(ctx); err != nil || st != nil {
		t.Fatalf("ClusterState of a new store = %q, %v; want nil, nil", st, err)
	}
	un, err := cs.Unclustered(ctx, 10)
	if want := []string{a.ID, b.ID, c.ID, d.ID}; err != nil || !reflect.DeepEqual(un, want) {
		t.Fatalf("Unclustered = %v, %v; want %v (storage order)", un, err, want)
	}
	state := bytes.Repeat([]byte("state "), 1000)
	as := []newsgraph.ClusterAssignment{
		{Doc: a.ID, Cluster: "c1000", Relation: newsgraph.RelationReport, Story: "s1"},
		{Doc: b.ID, Cluster: "c1000", Relation: newsgraph.RelationCopy, Of: a.ID, Similarity: 0.9, Story: "s1"},
		{Doc: c.ID, Cluster: "c1000", Relation: newsgraph.RelationRewrite, Of: a.ID, Similarity: 0.7, Story: "s1"},
		{Doc: d.ID, Cluster: "c2000", Relation: newsgraph.RelationReport, Story: "s2"},
	}
	clusters := []newsgraph.ClusterInfo{
		{ID: "c1000", Label: "Sergei Lavrov, Doha: met", First: day(7), Last: day(8), Story: "s1"},
		{ID: "c2000", Label: "Peru: earthquake", First: day(20), Last: day(20), Story: "s2"},
	}
	stories := []newsgraph.StoryInfo{{ID: "s1", Label: "Lavrov", First: day(7), Last: day(8)}, {ID: "s2", Label: "Peru", First: day(20), Last: day(20)}}
	if err := cs.SaveClusters(ctx, state, as, clusters, stories); err != nil {
		t.Fatalf("SaveClusters: %v", err)
	}
	if got, err := cs.ClusterState(ctx); err != nil || !bytes.Equal(got, state) {
		t.Errorf("ClusterState after SaveClusters = %d bytes, %v; want the %d bytes saved", len(got), err, len(state))
	}
	if un, err := cs.Unclustered(ctx, 10); err != nil || len(un) != 0 {
		t.Errorf("Unclustered after SaveClusters = %v, %v; want none", un, err)
	}

	list, total, err := cs.Clusters(ctx, newsgraph.ClusterQuery{})
	if err != nil || total != 2 || len(list) != 2 {
		t.Fatalf("Clusters({}) = %d of %d, %v; want 2 of 2", len(list), total, err)
	}
	if list[0].ID != "c1000" || list[0].Size != 3 || list[0].Label != clusters[0].Label || !list[0].First.Equal(day(7)) || !list[0].Last.Equal(day(8)) || list[0].Story != "s1" {
		t.Errorf("Clusters[0] = %+v; want c1000, size 3, the saved label, dates and story (largest first)", list[0])
	}
	if want := []string{a.ID, b.ID, c.ID}; !reflect.DeepEqual(list[0].Docs, want) || len(list[0].Sources) != 3 || list[0].Sources[0] != "in/a.txt" || list[0].Sources[1] != b.URL {
		t.Errorf("Clusters[0] members = %v from %q; want %v from in/a.txt, the URL of b, ... (assignment order)", list[0].Docs, list[0].Sources, want)
	}
	for _, tc := range []struct {
		q    newsgraph.ClusterQuery
		want []string
	}{
		{newsgraph.ClusterQuery{MinSize: 2}, []string{"c1000"}},
		{newsgraph.ClusterQuery{From: day(9)}, []string{"c2000"}},
		{newsgraph.ClusterQuery{To: day(8)}, []string{"c1000"}},
		{newsgraph.ClusterQuery{From: day(8), To: day(8)}, []string{"c1000"}},
		{newsgraph.ClusterQuery{Story: "s2"}, []string{"c2000"}},
		{newsgraph.ClusterQuery{Limit: 1, Offset: 1}, []string{"c2000"}},
	} {
		got, _, err := cs.Clusters(ctx, tc.q)
		var gotIDs []string
		for _, c := range got {
			gotIDs = append(gotIDs, c.ID)
		}
		if err != nil || !reflect.DeepEqual(gotIDs, tc.want) {
			t.Errorf("Clusters(%+v) = %v, %v; want %v", tc.q, gotIDs, err, tc.want)
		}
	}

	det, err := cs.Cluster(ctx, "c100")
	if err != nil {
		t.Fatalf("Cluster(prefix c100): %v", err)
	}
	if det.ID != "c1000" || len(det.Members) != 3 || det.Members[1].Relation != newsgraph.RelationCopy || det.Members[1].Of != a.ID ||
		det.Members[2].Relation != newsgraph.RelationRewrite || det.Members[2].Similarity != 0.7 || det.Members[0].Doc.Title != "Doha talks" {
		t.Errorf("Cluster(c100) = %+v; want c1000 with report, copy of a, rewrite of a (0.7)", det)
	}
	if len(det.Entities) != 1 || det.Entities[0].Entity.ID != "Q1" || det.Entities[0].Documents != 3 {
		t.Errorf("Cluster(c1000).Entities = %+v; want Sergei Lavrov in 3 documents", det.Entities)
	}
	if want := []newsgraph.Count{{Key: "2024-12-07", N: 2}, {Key: "2024-12-08", N: 1}}; !reflect.DeepEqual(det.Dates, want) {
		t.Errorf("Cluster(c1000).Dates = %v; want %v", det.Dates, want)
	}
	if len(det.Sites) != 3 {
		t.Errorf("Cluster(c1000).Sites = %v; want wire, paper, blog", det.Sites)
	}
	if _, err := cs.Cluster(ctx, "c999999"); !errors.Is(err, newsgraph.ErrNotFound) {
		t.Errorf("Cluster(unknown) error = %v; want ErrNotFound", err)
	}

	dups, total, err := cs.Duplicates(ctx, newsgraph.DuplicateQuery{})
	if err != nil || total != 3 || len(dups) != 3 {
		t.Fatalf("Duplicates({}) = %d of %d, %v; want 3 of 3 (exact, copy, rewrite)", len(dups), total, err)
	}
	if dups[0].Kind != newsgraph.DuplicateExact || dups[0].Copy.Origin.Path != "again.txt" || dups[0].Of.ID != a.ID || dups[0].Similarity != 1 {
		t.Errorf("Duplicates[0] = %+v; want exact again.txt of a", dups[0])
	}
	if dups[1].Kind != newsgraph.DuplicateCopy || dups[1].Copy.ID != b.ID || dups[1].Of.ID != a.ID || dups[1].Similarity != 0.9 || dups[1].Copy.Title != b.Title {
		t.Errorf("Duplicates[1] = %+v; want copy b of a, 0.9", dups[1])
	}
	if dups[2].Kind != newsgraph.DuplicateRewrite || dups[2].Copy.ID != c.ID {
		t.Errorf("Duplicates[2] = %+v; want rewrite c of a", dups[2])
	}
	if got, total, err := cs.Duplicates(ctx, newsgraph.DuplicateQuery{Kind: newsgraph.DuplicateRewrite}); err != nil || total != 1 || len(got) != 1 || got[0].Copy.ID != c.ID {
		t.Errorf("Duplicates(rewrite) = %+v (total %d), %v; want c only", got, total, err)
	}
	if got, _, err := cs.Duplicates(ctx, newsgraph.DuplicateQuery{Limit: 1, Offset: 1}); err != nil || len(got) != 1 || got[0].Kind != newsgraph.DuplicateCopy {
		t.Errorf("Duplicates(limit 1 offset 1) = %+v, %v; want the copy", got, err)
	}
	if _, _, err := cs.Duplicates(ctx, newsgraph.DuplicateQuery{Kind: "nope"}); !errors.Is(err, newsgraph.ErrBadQuery) {
		t.Errorf("Duplicates(kind nope) error = %v; want ErrBadQuery", err)
	}

	// A merge: a new document joins c1000 and c2000 is absorbed into it. The state is kept when nil.
	e := doc("Peru and Lavrov: the quake and the talks.", "Both", "wire", "en", day(21))
	ingest(t, s, e)
	merge := []newsgraph.ClusterAssignment{{Doc: e.ID, Cluster: "c1000", Relation: newsgraph.RelationReport, Similarity: 0.6, Story: "s1", Merged: []string{"c2000"}}}
	upd := []newsgraph.ClusterInfo{{ID: "c1000", Label: "Lavrov, Peru", First: day(7), Last: day(21), Story: "s1"}}
	if err := cs.SaveClusters(ctx, nil, merge, upd, []newsgraph.StoryInfo{{ID: "s1", Label: "Lavrov and Peru", First: day(7), Last: day(21)}}); err != nil {
		t.Fatalf("SaveClusters(merge): %v", err)
	}
	if got, err := cs.ClusterState(ctx); err != nil || !bytes.Equal(got, state) {
		t.Errorf("ClusterState after SaveClusters(nil state) changed (%d bytes, %v)", len(got), err)
	}
	list, total, err = cs.Clusters(ctx, newsgraph.ClusterQuery{})
	if err != nil || total != 1 || list[0].ID != "c1000" || list[0].Size != 5 || list[0].Label != "Lavrov, Peru" {
		t.Fatalf("Clusters after merge = %+v (total %d), %v; want c1000 alone with 5 members", list, total, err)
	}
	if want := []string{a.ID, b.ID, c.ID, d.ID, e.ID}; !reflect.DeepEqual(list[0].Docs, want) {
		t.Errorf("members after merge = %v; want %v", list[0].Docs, want)
	}
	if _, err := cs.Cluster(ctx, "c2000"); !errors.Is(err, newsgraph.ErrNotFound) {
		t.Errorf("Cluster(absorbed c2000) error = %v; want ErrNotFound", err)
	}

	sts, total, err := cs.Stories(ctx, newsgraph.StoryQuery{})
	if err != nil || total != 1 || len(sts) != 1 {
		t.Fatalf("Stories({}) = %+v (total %d), %v; want s1 only (s2 has no cluster left)", sts, total, err)
	}
	if sts[0].ID != "s1" || sts[0].Label != "Lavrov and Peru" || sts[0].Size != 5 || len(sts[0].Clusters) != 1 || sts[0].Clusters[0].ID != "c1000" {
		t.Errorf("Stories[0] = %+v; want s1, its label, 5 documents, cluster c1000", sts[0])
	}
	if sts, _, err := cs.Stories(ctx, newsgraph.StoryQuery{From: day(25)}); err != nil || len(sts) != 0 {
		t.Errorf("Stories(from after the end) = %+v, %v; want none", sts, err)
	}

	// A split: a new document joins c1000, which then turns out to hold two happenings: d and e, placed
	// earlier, move to the new cluster c3000 of the same story.
	f := doc("Peru: the quake's toll rises.", "Toll", "wire", "en", day(22))
	ingest(t, s, f)
	split := []newsgraph.ClusterAssignment{{Doc: f.ID, Cluster: "c3000", Relation: newsgraph.RelationReport, Similarity: 0.5, Story: "s1",
		Split: &newsgraph.ClusterSplit{From: "c1000", Into: "c3000", Docs: []string{d.ID, e.ID}}}}
	upd = []newsgraph.ClusterInfo{{ID: "c1000", Label: "Lavrov", First: day(7), Last: day(8), Story: "s1"},
		{ID: "c3000", Label: "Peru", First: day(9), Last: day(22), Story: "s1"}}
	if err := cs.SaveClusters(ctx, nil, split, upd, nil); err != nil {
		t.Fatalf("SaveClusters(split): %v", err)
	}
	list, total, err = cs.Clusters(ctx, newsgraph.ClusterQuery{})
	if err != nil || total != 2 {
		t.Fatalf("Clusters after split = %+v (total %d), %v; want c1000 and c3000", list, total, err)
	}
	members := map[string][]string{}
	for _, c := range list {
		members[c.ID] = c.Docs
		if c.Size != len(c.Docs) {
			t.Errorf("cluster %s after split: size %d, %d members", c.ID, c.Size, len(c.Docs))
		}
	}
	if want := []string{a.ID, b.ID, c.ID}; !reflect.DeepEqual(members["c1000"], want) {
		t.Errorf("c1000 after split = %v; want %v", members["c1000"], want)
	}
	if want := []string{d.ID, e.ID, f.ID}; !reflect.DeepEqual(members["c3000"], want) {
		t.Errorf("c3000 after split = %v; want %v (the moved documents and the one placed)", members["c3000"], want)
	}
	if sts, _, err := cs.Stories(ctx, newsgraph.StoryQuery{}); err != nil || len(sts) != 1 || len(sts[0].Clusters) != 2 || sts[0].Size != 6 {
		t.Errorf("Stories after split = %+v, %v; want s1 with both clusters and 6 documents", sts, err)
	}
}
