package shared

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// Section is one section of a golden file: the name in its "[name]" line and the lines under it.
type Section struct {
	Name  string
	Lines []Line
}

// Line is one line of a section, trimmed of surrounding spaces, with its line number in the file (from 1).
type Line struct {
	N    int
	Text string
}

// ReadSections reads a golden file made of sections, in file order: a line "[name]" opens a section, blank
// lines and lines starting with '#' are skipped, and every other line belongs to the section above it. A line
// above the first section is an error.
func ReadSections(path string) ([]Section, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Section
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == '#':
		case line[0] == '[' && line[len(line)-1] == ']':
			out = append(out, Section{Name: line[1 : len(line)-1]})
		case len(out) == 0:
			return nil, fmt.Errorf("read %s:%d: %q above the first [section] line", path, n, line)
		default:
			s := &out[len(out)-1]
			s.Lines = append(s.Lines, Line{N: n, Text: line})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}
