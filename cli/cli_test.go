package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"newsgraph/demo"
)

// run runs the newsgraph command line in-process and returns stdout, stderr and the exit status.
func run(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb}
	code := m.Run(context.Background(), args)
	if err := m.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	return out.String(), errb.String(), code
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const article1 = `Ministers meet in Valdor

date 2025-03-04

The foreign ministers of Valdoria and Karsk met in Valdor on Tuesday to discuss a ceasefire along the northern border.

"We have agreed to keep talking," Minister Elena Varga told reporters after the meeting.
`

const article2 = `<!doctype html><html lang="en"><head><title>Shelling resumes near Ostrava Pass</title>
<meta property="article:published_time" content="2025-03-10T08:30:00Z"><meta property="og:site_name" content="Example Wire">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Shelling resumes near Ostrava Pass</h1>
<p>Artillery fire resumed near the Ostrava Pass on Sunday, days after the two governments announced their talks, local officials said.</p>
<p>The Karsk defence ministry denied that its forces had fired first and accused Valdorian units of provoking the exchange.</p>
<p>No casualties were reported, but hundreds of residents left the villages closest to the border overnight.</p>
</article><footer>© Example Wire</footer></body></html>`

func TestIngestSearchShowStats(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "test.db")
	in := filepath.Join(dir, "in")
	write(t, in, "a.txt", article1)
	write(t, in, "b/page.html", article2)
	write(t, in, "copy.txt", article1) // an exact copy
	write(t, in, "feed.jsonl", `{"url":"https://example.org/x","title":"Aid pledged","text":"The United Nations pledged aid to the border villages on Monday. Officials welcomed the decision.","published":"2025-03-11","source":"Example Daily","language":"en","desk":"world"}
this line is not json
`)
	write(t, in, "empty.txt", "")

	_, stderr, code := run(t, "", "ingest", "--db", db, in)
	if code != 0 {
		t.Fatalf("ingest exit %d, stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"3 new documents", "1 duplicates", "2 failed", "feed.jsonl line 2", "empty.txt"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("ingest summary lacks %q:\n%s", want, stderr)
		}
	}

	out, _, code := run(t, "", "search", "--db", db, "ceasefire Valdor")
	if code != 0 || !strings.Contains(out, "Ministers meet in Valdor") || !strings.Contains(out, "«") {
		t.Errorf("search exit %d, output:\n%s", code, out)
	}
	out, _, _ = run(t, "", "search", "--db", db, "--json", "Ostrava")
	var hit struct{ ID, Title, Site, Published string }
	if err := json.Unmarshal([]byte(strings.Split(out, "\n")[0]), &hit); err != nil {
		t.Fatalf("search --json output %q: %v", out, err)
	}
	if hit.Title != "Shelling resumes near Ostrava Pass" || hit.Published != "2025-03-10T08:30:00Z" {
		t.Errorf("search --json hit = %+v", hit)
	}
	out, _, code = run(t, "", "show", "--db", db, hit.ID[:8])
	if code != 0 || !strings.Contains(out, "denied that its forces had fired first") || strings.Contains(out, "Home") {
		t.Errorf("show exit %d, output:\n%s", code, out)
	}
	out, _, _ = run(t, "", "search", "--db", db, "--from", "2025-03-11", "--json", "")
	if n := strings.Count(out, "\n"); n != 1 || !strings.Contains(out, "Aid pledged") {
		t.Errorf("search --from 2025-03-11 = %d hits:\n%s", n, out)
	}
	out, _, _ = run(t, "", "stats", "--db", db)
	for _, want := range []string{"documents  3", "2025-03-04 to 2025-03-11", "en 3"} {
		if !strings.Contains(out, want) {
			t.Errorf("stats lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = run(t, "", "failures", "--db", db)
	if !strings.Contains(out, "feed.jsonl line 2") || !strings.Contains(out, "empty.txt") {
		t.Errorf("failures lacks the failed items:\n%s", out)
	}

	// Re-ingesting the same input is a no-op reported as duplicates.
	_, stderr, code = run(t, "", "ingest", "--db", db, in)
	if code != 0 || !strings.Contains(stderr, "0 new documents") {
		t.Errorf("re-ingest exit %d:\n%s", code, stderr)
	}
	out, _, _ = run(t, "", "stats", "--db", db, "--json")
	var st struct{ Documents int }
	json.Unmarshal([]byte(out), &st)
	if st.Documents != 3 {
		t.Errorf("after re-ingest, documents = %d, want 3", st.Documents)
	}
}

func TestSearchBadQueryIsUsageError(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	_, stderr, code := run(t, "", "search", "--db", db, `"unbalanced`)
	if code != 2 || !strings.Contains(stderr, "unbalanced quote") {
		t.Errorf("search with a syntax error: exit %d, stderr %q; want 2 and a message", code, stderr)
	}
}

func TestIngestNothingReadableFails(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "bin.txt", "\x00\x01\x02\x03binary\x00\x00")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	fmt.Fprintf(zw, "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\nHTTP/1.1 200 OK\r\n")
	zw.Close()
	write(t, dir, "cut.warc.gz", gz.String()[:gz.Len()-8])
	_, stderr, code := run(t, "", "ingest", "--db", filepath.Join(dir, "t.db"), dir)
	if code == 0 {
		t.Errorf("ingest of only bad input exited 0:\n%s", stderr)
	}
	if !regexp.MustCompile(`bin\.txt.*binary`).MatchString(stderr) || !strings.Contains(stderr, "cut.warc.gz") {
		t.Errorf("errors do not name the files:\n%s", stderr)
	}
}

func TestIngestStdin(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	_, stderr, code := run(t, article1, "ingest", "--db", db, "-")
	if code != 0 || !strings.Contains(stderr, "1 new documents") {
		t.Fatalf("ingest from stdin: exit %d\n%s", code, stderr)
	}
}

func TestExtractJSON(t *testing.T) {
	p := write(t, t.TempDir(), "page.html", article2)
	out, stderr, code := run(t, "", "extract", "--json", p)
	if code != 0 {
		t.Fatalf("extract exit %d: %s", code, stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("extract --json output %q: %v", out, err)
	}
	for _, k := range []string{"file", "title", "published", "author", "site", "language", "text"} {
		if _, ok := got[k]; !ok {
			t.Errorf("extract --json lacks field %q: %v", k, got)
		}
	}
	if got["file"] != p || got["site"] != "Example Wire" || got["language"] != "en" || !strings.Contains(got["text"].(string), "Ostrava Pass on Sunday") {
		t.Errorf("extract --json = %v", got)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"nope"}, {"ingest"}, {"show"}, {"search", "--limit", "x", "q"}, {"search", "--from", "yesterday", "q"}} {
		if _, _, code := run(t, "", args...); code != 2 {
			t.Errorf("newsgraph %v: exit %d, want 2", args, code)
		}
	}
	if out, _, code := run(t, "", "help"); code != 0 || !strings.Contains(out, "ingest") {
		t.Errorf("help: exit %d\n%s", code, out)
	}
}

// TestDemo runs `newsgraph demo` and checks what it reports against what the sample's author wrote down.
func TestDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	out, stderr, code := run(t, "", "demo", "--serve=false", "--db", db)
	if code != 0 {
		t.Fatalf("demo exit %d\n%s\n%s", code, out, stderr)
	}
	want := demo.Expected()
	if !strings.Contains(stderr, fmt.Sprintf("%d new documents", want.Documents)) || !strings.Contains(stderr, "0 failed") {
		t.Errorf("demo summary, want %d new documents and no failure:\n%s", want.Documents, stderr)
	}
	if !strings.Contains(out, fmt.Sprintf("published  %s to %s\n", want.First, want.Last)) {
		t.Errorf("demo output lacks the date range %s to %s (every sample article has a date):\n%s", want.First, want.Last, out)
	}
	for _, lang := range want.Languages {
		if !regexp.MustCompile(`languages .*\b` + lang + ` \d`).MatchString(out) {
			t.Errorf("demo output lacks language %s:\n%s", lang, out)
		}
	}
	for _, pair := range want.Exact {
		if !strings.Contains(out, "1 item(s) were exact copies") {
			t.Errorf("demo does not report the exact copy %v:\n%s", pair, out)
		}
	}
	// The kept database answers queries.
	out, _, code = run(t, "", "search", "--db", db, "--json", "ceasefire")
	if code != 0 || strings.Count(out, "\n") < 3 {
		t.Errorf("search in the demo database: exit %d, %d hits", code, strings.Count(out, "\n"))
	}
}

func TestSearchArguments(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	write(t, dir, "in/a.txt", article1)
	if _, stderr, code := run(t, "", "ingest", "--db", db, filepath.Join(dir, "in")); code != 0 {
		t.Fatalf("ingest: %s", stderr)
	}
	for _, tc := range []struct {
		args []string
		hits int
	}{
		{[]string{"ceasefire", "-talks"}, 1},       // -word that names no flag is an exclusion
		{[]string{"ceasefire", "-Valdor"}, 0},      // and it excludes
		{[]string{"--limit", "5", "ceasefire"}, 1}, // a flag with its value
		{[]string{"ceasefire", "--to", "2025-03"}, 1},
		{[]string{"ceasefire", "--to", "2025"}, 1},
		{[]string{"ceasefire", "--to", "2025-02"}, 0},
		{[]string{"ceasefire", "--from", "2025-03", "--to", "2025-03-04"}, 1},
		{[]string{"--", "-ceasefire", "Valdor"}, 0},
	} {
		out, stderr, code := run(t, "", append([]string{"search", "--db", db, "--json"}, tc.args...)...)
		if code != 0 || strings.Count(out, "\n") != tc.hits {
			t.Errorf("search %v: exit %d, %d hits, want %d\n%s", tc.args, code, strings.Count(out, "\n"), tc.hits, stderr)
		}
	}
}

func TestReingestRetriesFailures(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	p := write(t, dir, "in/bad.txt", "Title\n\nCaf\xe9 crème.\n") // Latin-1: not UTF-8
	for i := 0; i < 2; i++ {
		_, stderr, code := run(t, "", "ingest", "--db", db, p)
		if code != 1 || !strings.Contains(stderr, "1 failed") || !strings.Contains(stderr, "0 duplicates") {
			t.Errorf("ingest #%d of a bad file: exit %d, want 1 with the failure counted again:\n%s", i+1, code, stderr)
		}
	}
	// Re-running the demo on its kept database is a no-op, not a failure.
	demoDB := filepath.Join(dir, "demo.db")
	for i := 0; i < 2; i++ {
		if _, stderr, code := run(t, "", "demo", "--serve=false", "--db", demoDB); code != 0 {
			t.Errorf("demo #%d on the same database: exit %d\n%s", i+1, code, stderr)
		}
	}
}
