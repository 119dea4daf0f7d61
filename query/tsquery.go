package query

import "strings"

// TSQuery renders q as a PostgreSQL tsquery for to_tsquery: terms are joined with & (AND), a phrase's words with
// <-> (followed by), alternatives with |, exclusions are negated with !, and a prefix ends with :*. Every word is
// quoted, with ' and \ escaped, so no user input reaches tsquery syntax; to_tsquery then normalises each quoted
// word with the text search configuration, as it normalised the indexed text. Empty words and terms without
// words (Parse makes none) are left out. An empty query renders as "".
func (q Query) TSQuery() string {
	var b strings.Builder
	first := true
	sep := func() {
		if !first {
			b.WriteString(" & ")
		}
		first = false
	}
	// Positive clauses first, then the exclusions, as FTS5 renders them; in a tsquery the order does not matter.
	for _, c := range q.Clauses {
		c = nonEmpty(c)
		if len(c) == 0 || c[0].Not {
			continue
		}
		sep()
		if len(c) > 1 {
			b.WriteString("( ")
		}
		for i, t := range c {
			if i > 0 {
				b.WriteString(" | ")
			}
			writeTSTerm(&b, t)
		}
		if len(c) > 1 {
			b.WriteString(" )")
		}
	}
	for _, c := range q.Clauses {
		c = nonEmpty(c)
		if len(c) == 0 || !c[0].Not {
			continue
		}
		sep()
		b.WriteByte('!')
		writeTSTerm(&b, c[0])
	}
	return b.String()
}

// nonEmpty returns the terms of c with their empty words dropped, leaving out terms with no word.
func nonEmpty(c []Term) []Term {
	clean := true
	for _, t := range c {
		for _, w := range t.Words {
			clean = clean && w != ""
		}
		clean = clean && len(t.Words) > 0
	}
	if clean {
		return c
	}
	out := make([]Term, 0, len(c))
	for _, t := range c {
		var words []string
		for _, w := range t.Words {
			if w != "" {
				words = append(words, w)
			}
		}
		if len(words) > 0 {
			t.Words = words
			out = append(out, t)
		}
	}
	return out
}

// writeTSTerm writes one term: 'word', 'prefix':*, or ( 'a' <-> 'b' ) for a phrase.
func writeTSTerm(b *strings.Builder, t Term) {
	phrase := len(t.Words) > 1
	if phrase {
		b.WriteString("( ")
	}
	for i, w := range t.Words {
		if i > 0 {
			b.WriteString(" <-> ")
		}
		b.WriteByte('\'')
		for _, r := range w {
			switch r {
			case '\'':
				b.WriteString("''")
			case '\\':
				b.WriteString(`\\`)
			default:
				b.WriteRune(r)
			}
		}
		b.WriteByte('\'')
		if t.Prefix && i == len(t.Words)-1 {
			b.WriteString(":*")
		}
	}
	if phrase {
		b.WriteString(" )")
	}
}
