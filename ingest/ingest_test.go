package ingest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsgraph"
	"newsgraph/extract"
	"newsgraph/source"
	"newsgraph/store/sqlite"
)

func openStore(t testing.TB, path string) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// genArticles writes n distinct text articles into dir.
func genArticles(t testing.TB, dir string, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		body := fmt.Sprintf("Report %d from the border\n\nOfficials in town number %d said on Monday that talks about the ceasefire would resume. "+
			"The delegation of district %d arrived late in the evening and met the mediators.\n\nResidents said the night was quiet.\n", i, i, i*7)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%05d.txt", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestResumePending(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, filepath.Join(t.TempDir(), "r.db"))
	defer st.Close()
	items := []newsgraph.Item{
		{Origin: newsgraph.Origin{Path: "x.txt"}, Format: newsgraph.FormatText, Raw: []byte("Title one\n\nA body that says something about talks in Valdor.\n")},
		{Origin: newsgraph.Origin{Path: "y.txt"}, Format: newsgraph.FormatText, Raw: []byte("Title two\n\nAnother body about the ceasefire and the border.\n")},
	}
	if _, _, err := st.AddRaw(ctx, items); err != nil { // stored, never processed: as after a crash
		t.Fatal(err)
	}
	sum, err := Run(ctx, st, extract.New(extract.Options{}), nil, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Resumed != 2 || sum.New != 2 {
		t.Errorf("Run over pending items: resumed %d new %d, want 2 and 2", sum.Resumed, sum.New)
	}
	if p, _ := st.Pending(ctx, 0, 10); len(p) != 0 {
		t.Errorf("%d items still pending", len(p))
	}
}

// TestKillMidIngest kills an ingest process with SIGKILL while it works, runs ingest again, and checks that every
// article is stored exactly once.
func TestKillMidIngest(t *testing.T) {
	if os.Getenv("NEWSGRAPH_CHILD_DB") != "" {
		return // the child's work is done by TestMain
	}
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	const n = 3000
	genArticles(t, in, n)
	db := filepath.Join(dir, "k.db")

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "NEWSGRAPH_CHILD_DB="+db, "NEWSGRAPH_CHILD_IN="+in)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once some documents are committed but well before the end.
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		if docs := countDocs(t, db); docs > 100 {
			break
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	killedAt := countDocs(t, db)
	if killedAt >= n {
		t.Skipf("the child finished (%d docs) before it could be killed", killedAt)
	}

	st := openStore(t, db)
	defer st.Close()
	inputs, err := source.Plan([]string{in})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Run(context.Background(), st, extract.New(extract.Options{}), inputs, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("killed with %d docs stored; restart resumed %d, added %d new, %d duplicates", killedAt, sum.Resumed, sum.New, sum.Duplicates)
	if s.Documents != n {
		t.Errorf("after kill and restart: %d documents, want %d", s.Documents, n)
	}
	if s.Raw[newsgraph.RawPending] != 0 || s.Raw[newsgraph.RawFailed] != 0 {
		t.Errorf("raw items left: %v", s.Raw)
	}
	if s.Raw[newsgraph.RawDone] != n {
		t.Errorf("%d raw items produced a new document, want exactly %d (one per article)", s.Raw[newsgraph.RawDone], n)
	}
}

func countDocs(t *testing.T, db string) int {
	if _, err := os.Stat(db); err != nil {
		return 0
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		return 0
	}
	defer st.Close()
	s, err := st.Stats(context.Background())
	if err != nil {
		return 0
	}
	return s.Documents
}

func TestMain(m *testing.M) {
	if db := os.Getenv("NEWSGRAPH_CHILD_DB"); db != "" {
		st, err := sqlite.Open(context.Background(), db)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		inputs, _ := source.Plan([]string{os.Getenv("NEWSGRAPH_CHILD_IN")})
		Run(context.Background(), st, extract.New(extract.Options{}), inputs, nil, Options{BatchSize: 16})
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestBuildPrefersContainerMetadata(t *testing.T) {
	ex := extract.New(extract.Options{})
	pub := time.Date(2025, 3, 11, 9, 15, 0, 0, time.UTC)
	it := newsgraph.Item{Origin: newsgraph.Origin{Path: "f.jsonl", Record: 3, URL: "https://www.example.org/a"}, Format: newsgraph.FormatText,
		Raw: []byte("The United Nations pledged aid to the border villages on Monday.\n"), Title: "Aid pledged", Published: pub}
	d, err := Build(ex, it)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Aid pledged" || !d.Published.Equal(pub) || d.PublishedPrecision != newsgraph.PrecisionSecond || d.Site != "example.org" {
		t.Errorf("Build = title %q published %v (%s) site %q", d.Title, d.Published, d.PublishedPrecision, d.Site)
	}
	if !strings.Contains(d.Text, "pledged aid") || d.ID != newsgraph.DocumentID(d.Text) {
		t.Errorf("Build text %q id %s", d.Text, d.ID)
	}
}

func TestFailureAndReason(t *testing.T) {
	o := newsgraph.Origin{Path: "feeds/a.jsonl", Record: 2}
	tests := []struct {
		err         error
		str, reason string
	}{
		{fmt.Errorf("read feeds/a.jsonl line 2: invalid JSON"), "read feeds/a.jsonl line 2: invalid JSON", "invalid JSON"},
		{fmt.Errorf("extract: %w", newsgraph.ErrEmpty), "feeds/a.jsonl:2: extract: no text", "no text"},
		{fmt.Errorf("extract: line 3, byte 10: %w", extract.ErrInvalidUTF8), "feeds/a.jsonl:2: extract: line 3, byte 10: invalid UTF-8", "invalid UTF-8"},
	}
	for _, tt := range tests {
		if got := (Failure{Origin: o, Err: tt.err}).String(); got != tt.str {
			t.Errorf("Failure{%v}.String() = %q, want %q", tt.err, got, tt.str)
		}
		if got := reason(tt.err); got != tt.reason {
			t.Errorf("reason(%v) = %q, want %q", tt.err, got, tt.reason)
		}
	}
}

// failingStore is a real store whose Commit fails, as when the disk fills up.
type failingStore struct{ *sqlite.Store }

func (failingStore) Commit(context.Context, []newsgraph.Outcome) error {
	return fmt.Errorf("disk full")
}

func TestStoreFailureStopsRun(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	const n = 2000
	genArticles(t, in, n)
	st := openStore(t, filepath.Join(dir, "f.db"))
	defer st.Close()
	inputs, err := source.Plan([]string{in})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Run(context.Background(), failingStore{st}, extract.New(extract.Options{}), inputs, nil, Options{BatchSize: 8})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Run with a failing store: error %v, want the store's error", err)
	}
	if sum.Read >= n {
		t.Errorf("the run read all %d items after the store failed; it should stop", sum.Read)
	}
}

// TestCommitOrder checks that documents are committed in reading order whatever the workers' timing: of two
// copies of one article, the one read first is the document and the other its duplicate, on every run.
func TestCommitOrder(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	genArticles(t, in, 30)
	// Each a00007c.txt copies a00007.txt, which sorts first and so is read first.
	for i := 0; i < 30; i++ {
		b, err := os.ReadFile(filepath.Join(in, fmt.Sprintf("a%05d.txt", i)))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, fmt.Sprintf("a%05dc.txt", i)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inputs, err := source.Plan([]string{in})
	if err != nil {
		t.Fatal(err)
	}
	for run := 0; run < 3; run++ {
		st := openStore(t, filepath.Join(dir, fmt.Sprintf("r%d.db", run)))
		slow := func(_ context.Context, d *newsgraph.Document) error {
			// Make workers finish out of order: the copies read first take longest.
			if !strings.HasSuffix(d.Origin.Path, "c.txt") {
				time.Sleep(3 * time.Millisecond)
			}
			return nil
		}
		sum, err := Run(ctx, st, extract.New(extract.Options{}), inputs, nil, Options{Workers: 6, BatchSize: 4, Annotate: slow})
		if err != nil {
			t.Fatal(err)
		}
		if sum.New != 30 || sum.Duplicates != 30 {
			t.Fatalf("run %d: %d new, %d duplicates; want 30 and 30", run, sum.New, sum.Duplicates)
		}
		hits, _, err := st.Search(ctx, newsgraph.Query{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			if strings.HasSuffix(h.Doc.Origin.Path, "c.txt") {
				t.Errorf("run %d: document %s comes from %s, want the original read first", run, h.Doc.ID, h.Doc.Origin.Path)
			}
		}
		st.Close()
	}
}
