// Package conll reads CoNLL-2003 files and folds text to the forms CoNLL-2003 writes, for the models trained on
// it (annotate/ner reads its entity column, annotate/pos its part-of-speech column).
package conll

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Sentence is one sentence: the fields of each of its token lines.
type Sentence [][]string

// Document is the sentences after a -DOCSTART- line, or from the start of the file when it has none.
type Document struct {
	Line      int // the line of -DOCSTART-, or of the first token when there is none
	Sentences []Sentence
}

// Read reads CoNLL-2003 data: one token a line, fields separated by white space, a blank line between sentences
// and "-DOCSTART-" lines between documents. check, when not nil, is given the fields of every token line and
// may refuse them; the error then names name:line. Documents without a sentence (a -DOCSTART- at the end, two in
// a row) are left out.
func Read(r io.Reader, name string, check func(fields []string) error) ([]Document, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var (
		docs []Document
		sent Sentence
		line int
	)
	flush := func() {
		if len(sent) == 0 {
			return
		}
		if len(docs) == 0 {
			docs = append(docs, Document{Line: line})
		}
		d := &docs[len(docs)-1]
		d.Sentences = append(d.Sentences, sent)
		sent = nil
	}
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) == 0:
			flush()
		case fields[0] == "-DOCSTART-":
			flush()
			docs = append(docs, Document{Line: line})
		default:
			if check != nil {
				if err := check(fields); err != nil {
					return nil, fmt.Errorf("read %s:%d: %w", name, line, err)
				}
			}
			if len(docs) == 0 {
				docs = append(docs, Document{Line: line})
			}
			sent = append(sent, fields)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s:%d: %w", name, line+1, err)
	}
	flush()
	out := docs[:0]
	for _, d := range docs {
		if len(d.Sentences) > 0 {
			out = append(out, d)
		}
	}
	return out, nil
}

// Style is how Fold writes the characters the models trained on CoNLL-2003 fold differently: each model keeps
// the folding it was trained with.
type Style uint8

// The styles.
const (
	// Hyphens (annotate/ner): an em dash becomes "-" and a backquote in a word with other non-ASCII
	// characters an apostrophe; the horizontal bar and the ellipsis stay.
	Hyphens Style = iota
	// Penn (annotate/pos): the em dash and the horizontal bar become "--" and the ellipsis "...", as in the
	// Penn Treebank tokens of CoNLL-2003; a backquote stays.
	Penn
)

// Fold maps typographic quotation marks, apostrophes and dashes, and the Penn quote tokens “ and ”, to the
// ASCII forms CoNLL-2003 writes: “ and ” become ", ’ becomes ', – becomes -, a no-break space a space; style
// decides the rest. ASCII input other than “ and ” comes back as it is (a backquote included), without
// allocating.
func Fold(s string, style Style) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		if s == "``" || s == "''" {
			return `"`
		}
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r {
		case '\u201c', '\u201d', '\u201e', '\u201f', '\u00ab', '\u00bb', '\u2033':
			b.WriteByte('"')
		case '\u2018', '\u2019', '\u201a', '\u201b', '\u2032':
			b.WriteByte('\'')
		case '\u2013', '\u2012', '\u2010', '\u2011', '\u2212':
			b.WriteByte('-')
		case '`':
			if style == Hyphens {
				b.WriteByte('\'')
			} else {
				b.WriteRune(r)
			}
		case '\u2014':
			if style == Penn {
				b.WriteString("--")
			} else {
				b.WriteByte('-')
			}
		case '\u2015':
			if style == Penn {
				b.WriteString("--")
			} else {
				b.WriteRune(r)
			}
		case '\u2026':
			if style == Penn {
				b.WriteString("...")
			} else {
				b.WriteRune(r)
			}
		case '\u00a0':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
