package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// serving runs the command line args (a command that serves) until stop is called, and returns the URL it
// printed and a function that stops it and returns its exit status, stdout and stderr.
func serving(t *testing.T, args ...string) (string, func() (int, string, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var out bytes.Buffer
	var errb syncBuffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.MultiWriter(&out, pw), Stderr: &errb}
	done := make(chan int, 1)
	go func() {
		code := m.Run(ctx, args)
		m.Close()
		pw.Close()
		done <- code
	}()
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		re := regexp.MustCompile(`serving (http://\S+/) `)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
		io.Copy(io.Discard, pr)
	}()
	stop := func() (int, string, string) {
		cancel()
		select {
		case code := <-done:
			return code, out.String(), errb.String()
		case <-time.After(20 * time.Second):
			t.Fatal("the server did not stop within 20s of its context's end")
			return 0, "", ""
		}
	}
	select {
	case u := <-urls:
		return u, stop
	case code := <-done:
		t.Fatalf("newsgraph %v exited %d before serving:\n%s\n%s", args, code, out.String(), errb.String())
	case <-time.After(60 * time.Second):
		stop()
		t.Fatalf("newsgraph %v did not print its URL within 60s", args)
	}
	return "", nil
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func getJSON(t *testing.T, url string, v any) int {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if v != nil {
		if err := json.NewDecoder(res.Body).Decode(v); err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
	}
	return res.StatusCode
}

func TestServe(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	write(t, dir, "in/a.txt", article1)
	if _, stderr, code := run(t, "", "ingest", "--db", db, filepath.Join(dir, "in")); code != 0 {
		t.Fatalf("ingest: %s", stderr)
	}
	url, stop := serving(t, "serve", "--db", db, "--addr", "127.0.0.1:0")
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("serving on %s, want the loopback address", url)
	}
	var hits struct {
		Data []struct{ Doc struct{ Title string } }
		Page struct{ Total int }
	}
	if code := getJSON(t, url+"api/v1/documents?q=ceasefire", &hits); code != 200 || hits.Page.Total != 1 || hits.Data[0].Doc.Title != "Ministers meet in Valdor" {
		t.Errorf("search over HTTP = %d %+v", code, hits)
	}
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || res.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("GET / = %s %v", res.Status, res.Header)
	}
	// Ingest is off without a token.
	res, err = http.Post(url+"api/v1/ingest", "application/x-ndjson", strings.NewReader(`{"text":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("POST /api/v1/ingest without --ingest-token = %s, want 403", res.Status)
	}
	code, out, stderr := stop()
	if code != 0 || !strings.Contains(out, "stopped") {
		t.Errorf("serve after Ctrl-C: exit %d\n%s\n%s", code, out, stderr)
	}
}

func TestServeIngest(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	const token = "0123456789abcdef-token"
	url, stop := serving(t, "serve", "--db", db, "--addr", "127.0.0.1:0", "--ingest-token", token)
	defer stop()
	body := `{"title":"Ministers meet in Valdor","published":"2025-03-04","text":"The foreign ministers of Valdoria and Karsk met in Valdor on Tuesday to discuss a ceasefire."}` + "\n"
	req, _ := http.NewRequest("POST", url+"api/v1/ingest", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Data struct{ Read, New int }
	}
	json.NewDecoder(res.Body).Decode(&r)
	res.Body.Close()
	if res.StatusCode != 200 || r.Data.Read != 1 || r.Data.New != 1 {
		t.Fatalf("ingest over HTTP = %s %+v", res.Status, r)
	}
	var hits struct{ Page struct{ Total int } }
	if code := getJSON(t, url+"api/v1/documents?q=ceasefire", &hits); code != 200 || hits.Page.Total != 1 {
		t.Errorf("the ingested article is not found: %d %+v", code, hits)
	}
	var doc struct {
		Data struct {
			Entities []struct{ ID string }
			Cluster  *struct{ Cluster string }
		}
	}
	var list struct {
		Data []struct{ Doc struct{ ID string } }
	}
	getJSON(t, url+"api/v1/documents?q=ceasefire", &list)
	getJSON(t, url+"api/v1/documents/"+list.Data[0].Doc.ID, &doc)
	if len(doc.Data.Entities) == 0 || doc.Data.Cluster == nil {
		t.Errorf("the article ingested over HTTP was not annotated and clustered: %+v", doc.Data)
	}
}

func TestServeArguments(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	for _, args := range [][]string{
		{"serve", "--db", db, "--ingest-token", "short"},
		{"serve", "--db", db, "extra"},
		{"serve", "--db", db, "--addr"},
	} {
		if _, stderr, code := run(t, "", args...); code != 2 {
			t.Errorf("newsgraph %v: exit %d, want 2\n%s", args, code, stderr)
		}
	}
	if _, stderr, code := run(t, "", "serve", "--db", db, "--addr", "256.0.0.1:1"); code != 1 || !strings.Contains(stderr, "serve") {
		t.Errorf("serve on a bad address: exit %d\n%s", code, stderr)
	}
}

// TestDemoServes checks that `newsgraph demo` serves the UI on the sample once it has shown what it found.
func TestDemoServes(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: ingests the sample")
	}
	url, stop := serving(t, "demo", "--addr", "127.0.0.1:0")
	var stats struct{ Data struct{ Documents int } }
	if code := getJSON(t, url+"api/v1/stats", &stats); code != 200 || stats.Data.Documents == 0 {
		t.Errorf("the demo's API = %d %+v", code, stats)
	}
	code, out, _ := stop()
	if code != 0 || !strings.Contains(out, "== Explore it in a browser") {
		t.Errorf("demo: exit %d\n%s", code, out)
	}
}
