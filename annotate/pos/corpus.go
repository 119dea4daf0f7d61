package pos

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// Token is one word of a sentence and its part-of-speech tag.
type Token struct {
	Word, Tag string
}

// ReadCoNLL reads the sentences of a CoNLL-2003 file: one token a line ("token POS chunk NER"; the first field
// is the word, the second its tag), a blank line between sentences; "-DOCSTART-" lines are skipped. A tag
// with alternatives ("NN|SYM") keeps the first. Errors name file:line.
func ReadCoNLL(path string) ([][]Token, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	return readCoNLL(f, path)
}

func readCoNLL(r io.Reader, name string) ([][]Token, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var (
		out  [][]Token
		cur  []Token
		line int
	)
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || fields[0] == "-DOCSTART-" {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		if len(fields) < 2 {
			return nil, fmt.Errorf("read %s:%d: %q has no POS column", name, line, sc.Text())
		}
		tag := fields[1]
		if i := strings.IndexByte(tag, '|'); i > 0 {
			tag = tag[:i]
		}
		if tag == "" || tag[0] == '|' {
			return nil, fmt.Errorf("read %s:%d: empty tag in %q", name, line, sc.Text())
		}
		cur = append(cur, Token{Word: fields[0], Tag: tag})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s:%d: %w", name, line+1, err)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out, nil
}
