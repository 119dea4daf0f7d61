package source

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestPlan(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"b.txt":                "second",
		"a.html":               "<p>first</p>",
		"sub/c.jsonl":          `{"text":"x"}`,
		"sub/deeper/d.warc.gz": "not really",
		"sub/photo.JPG":        "\xff\xd8",
		"sub/report.pdf":       "%PDF",
		"sub/dump.tar.gz":      "x",
		".hidden.txt":          "hidden",
		".git/config":          "hidden dir",
		"sub/.cache/e.txt":     "hidden dir",
		"notes.txt~":           "editor backup",
		"empty.txt":            "",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "b.txt"), filepath.Join(dir, "sub", "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "sub"), filepath.Join(dir, "sub", "loop")); err != nil {
		t.Fatal(err)
	}

	got, err := Plan([]string{dir, filepath.Join(dir, "b.txt"), "-", filepath.Join(dir, ".hidden.txt"), filepath.Join(dir, "sub", "photo.JPG")})
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	var paths []string
	for _, in := range got {
		paths = append(paths, strings.TrimPrefix(in.Path, dir+string(filepath.Separator)))
	}
	want := []string{"-", ".hidden.txt", "a.html", "b.txt", "empty.txt", "sub/c.jsonl", "sub/deeper/d.warc.gz", "sub/link.txt"}
	if !slices.Equal(paths, want) {
		t.Errorf("Plan(dir, dir/b.txt, -, dir/.hidden.txt, dir/sub/photo.JPG) = %q, want %q", paths, want)
	}
	for _, in := range got {
		if in.Path == "-" {
			continue
		}
		fi, err := os.Stat(in.Path)
		if err != nil {
			t.Fatal(err)
		}
		if in.Size != fi.Size() {
			t.Errorf("Plan: %s Size = %d, want %d", in.Path, in.Size, fi.Size())
		}
	}
}

func TestPlanMissing(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-file.txt")
	got, err := Plan([]string{"-", missing})
	if err == nil {
		t.Fatalf("Plan(%q) = %v, want an error", missing, got)
	}
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("Plan(%q) error = %q, want fs.ErrNotExist naming the path", missing, err)
	}
}

func TestSkipExt(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"a.png", true}, {"A.PDF", true}, {"x.exe", true}, {"x.zip", true}, {"a.tar.gz", true},
		{"a.txt", false}, {"a.warc.gz", false}, {"a.jsonl.gz", false}, {"a.html", false}, {"README", false},
	}
	for _, tt := range tests {
		if got := skipExt(tt.path); got != tt.want {
			t.Errorf("skipExt(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}
