package pos

import (
	"fmt"
	"io"
	"os"
	"strings"

	"newsgraph/annotate/internal/conll"
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
	docs, err := conll.Read(r, name, func(fields []string) error {
		if len(fields) < 2 {
			return fmt.Errorf("%q has no POS column", strings.Join(fields, " "))
		}
		if tagOf(fields) == "" {
			return fmt.Errorf("empty tag in %q", strings.Join(fields, " "))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out [][]Token
	for _, d := range docs {
		for _, s := range d.Sentences {
			sent := make([]Token, len(s))
			for j, fields := range s {
				sent[j] = Token{Word: fields[0], Tag: tagOf(fields)}
			}
			out = append(out, sent)
		}
	}
	return out, nil
}

// tagOf returns the POS tag of a token line: its second field, the first alternative of "NN|SYM".
func tagOf(fields []string) string {
	tag := fields[1]
	if i := strings.IndexByte(tag, '|'); i >= 0 {
		tag = tag[:i]
	}
	return tag
}
