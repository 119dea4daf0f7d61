// Package shared locates ../shared (the seeds and the benchmark data beside the repository) for tests and
// benchmarks, which skip with a reason when it is absent.
package shared

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Dir returns the path of shared/<elem...> found beside the repository (walking up from the working directory),
// or "" when there is none.
func Dir(elem ...string) string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; d = filepath.Dir(d) {
		p := filepath.Join(append([]string{d, "..", "shared"}, elem...)...)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		p = filepath.Join(append([]string{d, "shared"}, elem...)...)
		if _, err := os.Stat(p); err == nil && d != wd {
			return p
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// TB is the part of testing.TB that Need uses; taking it instead of testing.TB keeps package testing out of
// the binary, which links this package through the scorers.
type TB interface {
	Helper()
	Skipf(format string, args ...any)
}

// Need returns Dir(elem...) or skips tb with a one-line reason.
func Need(tb TB, elem ...string) string {
	tb.Helper()
	p := Dir(elem...)
	if p == "" {
		tb.Skipf("skipped: ../shared/%s is absent (benchmark data lives beside the repository)", filepath.Join(elem...))
	}
	return p
}

// ReadGz returns the decompressed content of a gzipped file. A truncated stream yields what could be read
// (some benchmark pages are stored cut short) without an error.
func ReadGz(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return b, nil
}
