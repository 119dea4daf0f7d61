package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"newsgraph"
)

// RawStatus checks the status a raw item takes when it is committed more than once, which a retried job or a
// second worker can do: the last commit sets it. A raw item committed again after its document is stored is a
// duplicate (its document was already stored), exactly as a copy from elsewhere is; a failed item committed
// again with a document is done; nothing is stored or indexed twice.
//
// Run does not list it yet; a store's tests call it with a fresh store.
func RawStatus(t *testing.T, s newsgraph.Store) {
	ctx := context.Background()
	text := "Envoys of the two coastal republics signed a fishing accord in Port Lamar on Tuesday."
	other := "The river authority closed the northern locks after the spring floods."
	ids := mustAdd(t, s, item("wire/a.txt", 0, text), item("mirror/a.txt", 0, text), item("wire/b.txt", 0, other))
	d, d2 := doc(text, "Accord", "", "en", time.Time{}), doc(other, "Locks", "", "en", time.Time{})

	commit := func(what string, o newsgraph.Outcome, wantDup bool) {
		t.Helper()
		outs := []newsgraph.Outcome{o}
		if err := s.Commit(ctx, outs); err != nil {
			t.Fatalf("%s: Commit: %v", what, err)
		}
		if outs[0].Duplicate != wantDup {
			t.Errorf("%s: Commit set Duplicate = %v, want %v", what, outs[0].Duplicate, wantDup)
		}
	}
	stats := func(what string, docs, done, dup, failed int) {
		t.Helper()
		st, err := s.Stats(ctx)
		if err != nil {
			t.Fatalf("%s: Stats: %v", what, err)
		}
		r := st.Raw
		if st.Documents != docs || r[newsgraph.RawDone] != done || r[newsgraph.RawDuplicate] != dup || r[newsgraph.RawFailed] != failed || r[newsgraph.RawPending] != 3-done-dup-failed {
			t.Errorf("%s: Stats = %d documents, raw %v; want %d documents, %d done, %d duplicate, %d failed", what, st.Documents, r, docs, done, dup, failed)
		}
	}

	commit("first commit of a", newsgraph.Outcome{RawID: ids[0], Doc: d}, false)
	stats("after a", 1, 1, 0, 0)
	commit("a committed again (a retry)", newsgraph.Outcome{RawID: ids[0], Doc: d}, true)
	stats("after a again", 1, 0, 1, 0)
	commit("a copy of a", newsgraph.Outcome{RawID: ids[1], Doc: d}, true)
	stats("after the copy", 1, 0, 2, 0)

	commit("b failing", newsgraph.Outcome{RawID: ids[2], Err: errors.New("wire/b.txt: extract: no text")}, false)
	stats("after b failed", 1, 0, 2, 1)
	if f, err := s.Failures(ctx, 10); err != nil || len(f) != 1 || f[0].ID != ids[2] {
		t.Errorf("Failures after b failed = %d items, %v; want b", len(f), err)
	}
	commit("b committed again with its document", newsgraph.Outcome{RawID: ids[2], Doc: d2}, false)
	stats("after b succeeded", 2, 1, 2, 0)
	if f, err := s.Failures(ctx, 10); err != nil || len(f) != 0 {
		t.Errorf("Failures after b succeeded = %d items, %v; want none", len(f), err)
	}

	got, err := s.Document(ctx, d.ID)
	if err != nil || got.Title != "Accord" || got.Text != text {
		t.Errorf("Document(%s) after three commits = title %q text %q, %v; want the first commit's", d.ID, got.Title, got.Text, err)
	}
	if _, total, err := s.Search(ctx, newsgraph.Query{Text: "accord"}); err != nil || total != 1 {
		t.Errorf("Search(accord) total = %d, %v; want 1: a document committed three times is indexed once", total, err)
	}
	if p, err := s.Pending(ctx, 0, 10); err != nil || len(p) != 0 {
		t.Errorf("Pending = %d items, %v; want none", len(p), err)
	}
}
