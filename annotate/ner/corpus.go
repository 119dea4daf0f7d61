package ner

import (
	"bufio"
	"fmt"
	"io"
	"strings"
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
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var (
		docs   []Document
		cur    *Document
		toks   []string
		tags   []string
		lineNo int
	)
	flushSent := func() {
		if len(toks) == 0 {
			return
		}
		if cur == nil {
			docs = append(docs, Document{Name: fmt.Sprintf("%s:%d", name, lineNo)})
			cur = &docs[len(docs)-1]
		}
		cur.Sentences = append(cur.Sentences, toks)
		cur.Tags = append(cur.Tags, tags)
		toks, tags = nil, nil
	}
	for sc.Scan() {
		lineNo++
		line := strings.TrimRight(sc.Text(), "\r")
		fields := strings.Fields(line)
		if len(fields) == 0 {
			flushSent()
			continue
		}
		if fields[0] == "-DOCSTART-" {
			flushSent()
			docs = append(docs, Document{Name: fmt.Sprintf("%s:%d", name, lineNo)})
			cur = &docs[len(docs)-1]
			continue
		}
		tag := "O"
		if len(fields) > 1 {
			tag = fields[len(fields)-1]
		}
		if !validTag(tag) {
			return nil, fmt.Errorf("read %s:%d: bad tag %q (want O, B-TYPE or I-TYPE)", name, lineNo, tag)
		}
		toks = append(toks, fields[0])
		tags = append(tags, tag)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s:%d: %w", name, lineNo+1, err)
	}
	flushSent()
	// Drop empty documents (a -DOCSTART- at the end, or two in a row).
	out := docs[:0]
	for _, d := range docs {
		if len(d.Sentences) > 0 {
			out = append(out, d)
		}
	}
	return out, nil
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
