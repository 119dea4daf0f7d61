// Package query parses the full-text search syntax users type into a small tree that each store renders in its
// own engine's language (FTS5 MATCH for SQLite, tsquery for PostgreSQL).
//
// Syntax: words separated by spaces must all match; "a quoted phrase" matches the words in order; OR between two
// terms matches either; a leading - excludes a term; a trailing * matches a prefix (lavr*). Punctuation inside
// words is treated as a word break, as the full-text index does.
package query

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsgraph"
)

// Term is one search term: a word, a prefix or a phrase of words.
type Term struct {
	Words  []string // lower-cased words; more than one for a phrase
	Prefix bool     // the last word is a prefix
	Not    bool     // documents containing the term are excluded
}

// Query is a conjunction of clauses; each clause is a disjunction of terms (a OR b). An empty Query matches
// everything.
type Query struct {
	Clauses [][]Term
}

// Empty reports whether the query has no positive term.
func (q Query) Empty() bool {
	for _, c := range q.Clauses {
		for _, t := range c {
			if !t.Not {
				return false
			}
		}
	}
	return true
}

// Parse parses s. Syntax errors (an unbalanced quote, OR without a term on both sides, a query of only exclusions,
// a term with no letters or digits) are returned wrapping newsgraph.ErrBadQuery with the position.
func Parse(s string) (Query, error) {
	if !utf8.ValidString(s) {
		return Query{}, fmt.Errorf("query is not valid UTF-8: %w", newsgraph.ErrBadQuery)
	}
	var q Query
	pendingOr, sawPunct := false, false
	i := 0
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += w
			continue
		}
		start := i
		not := false
		if r == '-' {
			not = true
			i += w
			if i >= len(s) || s[i] == ' ' {
				return Query{}, fmt.Errorf("position %d: '-' must be followed by a term: %w", start+1, newsgraph.ErrBadQuery)
			}
		}
		var raw string
		phrase := false
		if i < len(s) && (s[i] == '"') {
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				return Query{}, fmt.Errorf("position %d: unbalanced quote: %w", i+1, newsgraph.ErrBadQuery)
			}
			raw = s[i+1 : i+1+end]
			i = i + 1 + end + 1
			phrase = true
		} else {
			j := i
			for j < len(s) {
				r, w := utf8.DecodeRuneInString(s[j:])
				if unicode.IsSpace(r) || r == '"' {
					break
				}
				j += w
			}
			raw = s[i:j]
			i = j
		}
		if !phrase && !not && raw == "OR" {
			if len(q.Clauses) == 0 || pendingOr {
				return Query{}, fmt.Errorf("position %d: OR needs a term before it: %w", start+1, newsgraph.ErrBadQuery)
			}
			pendingOr = true
			continue
		}
		prefix := !phrase && strings.HasSuffix(raw, "*")
		words := Words(strings.TrimSuffix(raw, "*"))
		if len(words) == 0 {
			if phrase {
				return Query{}, fmt.Errorf("position %d: empty phrase: %w", start+1, newsgraph.ErrBadQuery)
			}
			if not || pendingOr {
				return Query{}, fmt.Errorf("position %d: %q has no letters or digits: %w", start+1, raw, newsgraph.ErrBadQuery)
			}
			sawPunct = true
			continue // stray punctuation between terms is ignored, as the index ignores it
		}
		t := Term{Words: words, Prefix: prefix, Not: not}
		if pendingOr {
			last := len(q.Clauses) - 1
			if not || q.Clauses[last][0].Not {
				return Query{}, fmt.Errorf("position %d: OR cannot join an exclusion: %w", start+1, newsgraph.ErrBadQuery)
			}
			q.Clauses[last] = append(q.Clauses[last], t)
			pendingOr = false
			continue
		}
		q.Clauses = append(q.Clauses, []Term{t})
	}
	if pendingOr {
		return Query{}, fmt.Errorf("OR needs a term after it: %w", newsgraph.ErrBadQuery)
	}
	if len(q.Clauses) == 0 && sawPunct {
		return Query{}, fmt.Errorf("query %q has no letters or digits: %w", s, newsgraph.ErrBadQuery)
	}
	if len(q.Clauses) > 0 && q.Empty() {
		return Query{}, fmt.Errorf("a query needs at least one term that is not excluded: %w", newsgraph.ErrBadQuery)
	}
	return q, nil
}

// Words splits s into lower-cased words the way the full-text index tokenises: runs of letters, digits and marks.
func Words(s string) []string {
	var out []string
	f := strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
	})
	for _, w := range f {
		out = append(out, strings.ToLower(w))
	}
	return out
}

// FTS5 renders q as an SQLite FTS5 MATCH expression. Every word is quoted, so no user input reaches FTS5 syntax.
func (q Query) FTS5() string {
	var b strings.Builder
	first := true
	// FTS5's NOT is binary: positive clauses first, then NOT each exclusion.
	for _, c := range q.Clauses {
		if c[0].Not {
			continue
		}
		if !first {
			b.WriteString(" AND ")
		}
		first = false
		if len(c) > 1 {
			b.WriteByte('(')
		}
		for i, t := range c {
			if i > 0 {
				b.WriteString(" OR ")
			}
			writeFTS5Term(&b, t)
		}
		if len(c) > 1 {
			b.WriteByte(')')
		}
	}
	for _, c := range q.Clauses {
		if !c[0].Not {
			continue
		}
		b.WriteString(" NOT ")
		writeFTS5Term(&b, c[0])
	}
	return b.String()
}

func writeFTS5Term(b *strings.Builder, t Term) {
	b.WriteByte('"')
	b.WriteString(strings.Join(t.Words, " "))
	b.WriteByte('"')
	if t.Prefix {
		b.WriteByte('*')
	}
}
