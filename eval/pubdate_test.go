package eval

import (
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsgraph/internal/shared"
)

var pubdateFull = flag.Bool("pubdate.full", false, "score publication dates on every page of both date sets and print the failures")

// pubdateBaseline is the accuracy of pubdate.FromHTML on every 4th page of the htmldate set when it was last
// tuned; TestPubDate fails when a change loses more than pubdateSlack of it.
const (
	pubdateBaseline = 0.9250
	pubdateSlack    = 0.01
)

// pubdateDataDir finds shared/data above the package directory, or skips the test.
func pubdateDataDir(t *testing.T) string {
	t.Helper()
	return shared.Need(t, "data")
}

func TestPubDate(t *testing.T) {
	dir := filepath.Join(pubdateDataDir(t), "dates", "htmldate")
	var failures strings.Builder
	score, err := PubDateWith(context.Background(), dir, &failures, PubDateOptions{Every: 4})
	if err != nil {
		t.Fatalf("PubDateWith(%s, every 4th) error: %v", dir, err)
	}
	t.Logf("htmldate set, every 4th page: %s", score)
	if score.Docs < 150 {
		t.Fatalf("PubDateWith(%s, every 4th) scored %d pages, want about 200", dir, score.Docs)
	}
	if score.Correct+score.Missing+score.Wrong != score.Docs {
		t.Errorf("score %s: correct+missing+wrong != docs", score)
	}
	if got := strings.Count(failures.String(), "\n"); got != score.Missing+score.Wrong {
		t.Errorf("progress has %d failure lines, want missing+wrong = %d", got, score.Missing+score.Wrong)
	}
	if score.Accuracy < pubdateBaseline-pubdateSlack {
		t.Errorf("accuracy %.4f below the baseline %.4f - %.2f; failures:\n%s", score.Accuracy, pubdateBaseline, pubdateSlack, failures.String())
	}
}

// TestPubDateFull scores both sets in full: go test ./eval -run TestPubDateFull -pubdate.full -v
func TestPubDateFull(t *testing.T) {
	if !*pubdateFull {
		t.Skip("scores every page of both date sets: run with -pubdate.full")
	}
	data := pubdateDataDir(t)
	for _, set := range []string{"dates/htmldate", "extraction/trafilatura"} {
		var progress io.Writer = io.Discard
		if testing.Verbose() {
			progress = os.Stdout
		}
		score, err := PubDate(context.Background(), filepath.Join(data, set), progress)
		if err != nil {
			t.Fatalf("PubDate(%s) error: %v", set, err)
		}
		t.Logf("%s: %s", set, score)
	}
}

func TestPubDateLayouts(t *testing.T) {
	dir := t.TempDir()
	if _, err := PubDate(context.Background(), dir, nil); err == nil {
		t.Errorf("PubDate(empty dir) = nil error, want one naming the missing eval.json")
	}
	if err := os.WriteFile(filepath.Join(dir, "eval.json"), []byte(`{"https://x/": {"file": "../x.html", "date": "2024-12-07"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := PubDate(context.Background(), dir, nil); err == nil || !strings.Contains(err.Error(), "bad file") {
		t.Errorf("PubDate(file outside html/) error = %v, want bad file", err)
	}
}

func TestPubdateNormGold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-12-07", "2024-12-07"},
		{"2022-29-11", "2022-11-29"},
		{"2022-01.26", "2022-01-26"},
		{"2022-11-1", "2022-11-01"},
		{"2022-02-30", ""},
		{"", ""},
		{"yesterday", ""},
	}
	for _, tt := range tests {
		got, ok := pubdateNormGold(tt.in)
		if !ok {
			got = ""
		}
		if got != tt.want {
			t.Errorf("pubdateNormGold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
