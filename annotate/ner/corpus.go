package ner

import (
	"fmt"
	"io"

	"newsgraph/annotate/internal/conll"
)

// Document is one CoNLL document: its sentences as token texts and, when read from labelled data, their IOB2
// tags (Tags[i][j] is the tag of Sentences[i][j]; nil when unlabelled).
type Document struct {
	Name      string // "file:line" of the -DOCSTART- line, or of the first token when there is none
	Sentences [][]string
	Tags      [][]string
}

// Tokens returns the number of tokens in d.
func (d Document) Tokens() int {
	n := 0
	for _, s := range d.Sentences {
		n += len(s)
	}
	return n
}

// ReadCoNLL reads CoNLL-2003 data: one token a line ("token POS chunk tag": the first field is the token, the
// last the tag, the fields between are ignored), a blank line between sentences and "-DOCSTART-" lines between
// documents. Tags must be O or B-/I- followed by a type (IOB1 input is accepted: an I- tag may start an
// entity). A line with a single field is a token without a tag and gets O. Errors name file:line.
func ReadCoNLL(r io.Reader, name string) ([]Document, error) {
	docs, err := conll.Read(r, name, func(fields []string) error {
		if tag := tagOf(fields); !validTag(tag) {
			return fmt.Errorf("bad tag %q (want O, B-TYPE or I-TYPE)", tag)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]Document, len(docs))
	for i, d := range docs {
		out[i].Name = fmt.Sprintf("%s:%d", name, d.Line)
		for _, s := range d.Sentences {
			toks, tags := make([]string, len(s)), make([]string, len(s))
			for j, fields := range s {
				toks[j], tags[j] = fields[0], tagOf(fields)
			}
			out[i].Sentences = append(out[i].Sentences, toks)
			out[i].Tags = append(out[i].Tags, tags)
		}
	}
	return out, nil
}

// tagOf returns the tag of a token line: its last field, O when it has only the token.
func tagOf(fields []string) string {
	if len(fields) > 1 {
		return fields[len(fields)-1]
	}
	return "O"
}

func validTag(t string) bool {
	if t == "O" {
		return true
	}
	return len(t) > 2 && (t[0] == 'B' || t[0] == 'I') && t[1] == '-'
}

// Spans returns the entities of an IOB tag sequence by the rules of conlleval: an entity starts at a B- tag,
// or at an I- tag whose previous tag is O or of another type, and runs while I- tags of its type follow.
// Tags that are not O, B-X or I-X count as O.
func Spans(tags []string) []Span {
	var out []Span
	start, typ := -1, ""
	for i, t := range tags {
		var p byte = 'O'
		ty := ""
		if validTag(t) && t != "O" {
			p, ty = t[0], t[2:]
		}
		if start >= 0 && (p == 'O' || p == 'B' || ty != typ) {
			out = append(out, Span{Start: start, End: i, Label: typ})
			start = -1
		}
		if p != 'O' && start < 0 {
			start, typ = i, ty
		}
	}
	if start >= 0 {
		out = append(out, Span{Start: start, End: len(tags), Label: typ})
	}
	return out
}
