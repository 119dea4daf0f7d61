package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// TestSeeds runs Text on the five seed articles (../shared/seeds): the boilerplate they carry must be gone
// and every content sentence must remain. A content line is a source line of at least six words that holds
// sentence punctuation; the few content-looking lines that are boilerplate are named by a short phrase.
func TestSeeds(t *testing.T) {
	dir := sharedSeeds()
	if dir == "" {
		t.Skip("../shared/seeds is absent")
	}
	tests := []struct {
		prefix     string
		title      bool     // the article has a title line
		gone       []string // phrases of boilerplate that must not be in Text
		boilerLine []string // phrases of content-looking lines that are boilerplate
		kept       []string // phrases of short lines that must stay
	}{
		{prefix: "000_", title: true,
			gone:       []string{"Photo:", "Dear reader", "SUPPORT A FREE PRESS", "INITIAL AMOUNT", "Video of the day", "Our access to web content"},
			boilerLine: []string{"Our access to web content"}},
		{prefix: "001_", gone: []string{"date 2024-12-07"}},
		{prefix: "002_", title: true},
		{prefix: "003_", title: true,
			gone: []string{"| By |", "Reply More", "Tags:", "Category:", "Leave a Reply"},
			kept: []string{"Future belongs to Syrians", "Riyadh summit", "Khizer Hayat reports."}},
		{prefix: "004_", title: true, gone: []string{"![]()", "(photo:"}, kept: []string{"According to VOV.VN"}},
	}
	e := New(Options{})
	for _, tt := range tests {
		names, _ := filepath.Glob(filepath.Join(dir, tt.prefix+"*.txt"))
		if len(names) != 1 {
			t.Errorf("seed %s*: found %d files", tt.prefix, len(names))
			continue
		}
		raw, err := os.ReadFile(names[0])
		if err != nil {
			t.Fatal(err)
		}
		call := "Text(" + filepath.Base(names[0]) + ")"
		res, err := e.Text(raw)
		if err != nil {
			t.Errorf("%s: %v", call, err)
			continue
		}
		checkResult(t, call, res)
		if (res.Title != "") != tt.title {
			t.Errorf("%s: Title = %q, want a title: %v", call, res.Title, tt.title)
		}
		if res.Title != "" && strings.Contains(res.Text, res.Title) {
			t.Errorf("%s: title %q repeated in Text", call, res.Title)
		}
		if res.Language != "en" {
			t.Errorf("%s: Language = %q, want en", call, res.Language)
		}
		for _, g := range tt.gone {
			if strings.Contains(res.Text, g) {
				t.Errorf("%s: boilerplate %q remains", call, g)
			}
		}
		for _, k := range tt.kept {
			if !strings.Contains(res.Text, k) {
				t.Errorf("%s: %q removed", call, k)
			}
		}
	lines:
		for _, line := range strings.Split(string(raw), "\n") {
			line = strings.TrimRightFunc(line, unicode.IsSpace)
			if len(strings.Fields(line)) < 6 || !strings.ContainsAny(line, ".!?") || line == res.Title {
				continue
			}
			for _, b := range tt.boilerLine {
				if strings.Contains(line, b) {
					continue lines
				}
			}
			if !strings.Contains(res.Text, strings.TrimLeftFunc(line, unicode.IsSpace)) {
				t.Errorf("%s: content line removed: %.80q...", call, line)
			}
		}
	}
}

// sharedSeeds returns the path of shared/seeds above the package directory, "" when absent.
func sharedSeeds() string {
	d := sharedData("")
	if d == "" {
		return ""
	}
	seeds := filepath.Join(filepath.Dir(filepath.Clean(d)), "seeds")
	if _, err := os.Stat(seeds); err != nil {
		return ""
	}
	return seeds
}
