package query

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestTSQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Lavrov Doha", `'lavrov' & 'doha'`},
		{`"Doha Forum" Lavrov`, `( 'doha' <-> 'forum' ) & 'lavrov'`},
		{"Lavrov OR Araghchi Doha", `( 'lavrov' | 'araghchi' ) & 'doha'`},
		{"lavr* -Doha", `'lavr':* & !'doha'`},
		{"-Doha lavr*", `'lavr':* & !'doha'`},
		{`-"Doha Forum" talks`, `'talks' & !( 'doha' <-> 'forum' )`},
		{"al-Assad", `( 'al' <-> 'assad' )`},
		{"al-Ass*", `( 'al' <-> 'ass':* )`},
		{`"a b" OR c`, `( ( 'a' <-> 'b' ) | 'c' )`},
		{"Ärzte Genève", `'ärzte' & 'genève'`},
		{`NEAR("x") & | ! :* <->`, `'near' & 'x'`},
		{"  ", ""},
	}
	for _, tt := range tests {
		q, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q) error: %v", tt.in, err)
			continue
		}
		got := q.TSQuery()
		if got != tt.want {
			t.Errorf("Parse(%q).TSQuery() = %s, want %s", tt.in, got, tt.want)
		}
		if _, err := checkTSQuery(got); err != nil {
			t.Errorf("Parse(%q).TSQuery() = %s: %v", tt.in, got, err)
		}
	}
}

// Words that are not made by Parse (a Query built by hand) are still quoted safely.
func TestTSQueryEscapes(t *testing.T) {
	tests := []struct {
		q    Query
		want string
	}{
		{Query{Clauses: [][]Term{{{Words: []string{"it's"}}}}}, `'it''s'`},
		{Query{Clauses: [][]Term{{{Words: []string{`a\`, "b'"}, Prefix: true}}}}, `( 'a\\' <-> 'b''':* )`},
		{Query{Clauses: [][]Term{{{Words: []string{"x') | ('y"}}}}}, `'x'') | (''y'`},
		{Query{Clauses: [][]Term{{{Words: nil}}, {{Words: []string{"", "a"}}}, {{Words: []string{"b"}, Not: true}}}}, `'a' & !'b'`},
	}
	for _, tt := range tests {
		got := tt.q.TSQuery()
		if got != tt.want {
			t.Errorf("%+v.TSQuery() = %s, want %s", tt.q, got, tt.want)
		}
		ops, err := checkTSQuery(got)
		if err != nil {
			t.Errorf("%+v.TSQuery() = %s: %v", tt.q, got, err)
		}
		if want := allWords(tt.q); !reflect.DeepEqual(ops, want) {
			t.Errorf("%+v.TSQuery() = %s has operands %q, want %q", tt.q, got, ops, want)
		}
	}
}

func FuzzTSQuery(f *testing.F) {
	for _, s := range []string{"Lavrov Doha", `"a b" OR c -d e*`, `it's \ 'x'`, `"x' | 'y" OR z*`, "-a b", "ö* OR ü"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Whatever Parse accepts renders as a valid tsquery naming exactly the query's words.
		if q, err := Parse(s); err == nil {
			got := q.TSQuery()
			ops, err := checkTSQuery(got)
			if err != nil {
				t.Fatalf("Parse(%q).TSQuery() = %s: %v", s, got, err)
			}
			if want := allWords(q); !reflect.DeepEqual(ops, want) {
				t.Fatalf("Parse(%q).TSQuery() = %s has operands %q, want %q", s, got, ops, want)
			}
			if q.Empty() != (got == "") {
				t.Fatalf("Parse(%q): Empty() = %v but TSQuery() = %q", s, q.Empty(), got)
			}
		}
		// A hand-built query whose words are arbitrary strings is quoted safely too.
		if !strings.ContainsRune(s, '\uFFFD') && strings.ToValidUTF8(s, "") == s {
			q := Query{Clauses: [][]Term{{{Words: strings.Fields(s + " w"), Prefix: true}}, {{Words: []string{s + "n"}, Not: true}}}}
			got := q.TSQuery()
			ops, err := checkTSQuery(got)
			if err != nil {
				t.Fatalf("hand-built %+v.TSQuery() = %s: %v", q, got, err)
			}
			if want := allWords(q); !reflect.DeepEqual(ops, want) {
				t.Fatalf("hand-built %+v.TSQuery() = %s has operands %q, want %q", q, got, ops, want)
			}
		}
	})
}

// allWords returns the non-empty words of q's terms in rendering order: positive clauses, then exclusions.
func allWords(q Query) []string {
	var out []string
	for _, not := range []bool{false, true} {
		for _, c := range q.Clauses {
			c = nonEmpty(c)
			if len(c) == 0 || c[0].Not != not {
				continue
			}
			for _, t := range c {
				out = append(out, t.Words...)
			}
		}
	}
	return out
}

// checkTSQuery parses s with PostgreSQL's tsquery grammar (operands quoted; | & <-> ! and parentheses) and
// returns its operands unescaped, in order. Bare (unquoted) operands are rejected: TSQuery quotes every word.
func checkTSQuery(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	p := &tsParser{s: s}
	if err := p.or(); err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.s) {
		return nil, fmt.Errorf("trailing input at %d: %q", p.i, p.s[p.i:])
	}
	return p.ops, nil
}

type tsParser struct {
	s   string
	i   int
	ops []string
}

func (p *tsParser) space() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *tsParser) eat(tok string) bool {
	p.space()
	if strings.HasPrefix(p.s[p.i:], tok) {
		p.i += len(tok)
		return true
	}
	return false
}

func (p *tsParser) or() error {
	for {
		if err := p.and(); err != nil {
			return err
		}
		if !p.eat("|") {
			return nil
		}
	}
}

func (p *tsParser) and() error {
	for {
		if err := p.phrase(); err != nil {
			return err
		}
		if !p.eat("&") {
			return nil
		}
	}
}

func (p *tsParser) phrase() error {
	for {
		if err := p.unary(); err != nil {
			return err
		}
		if !p.eat("<->") {
			return nil
		}
	}
}

func (p *tsParser) unary() error {
	switch {
	case p.eat("!"):
		return p.unary()
	case p.eat("("):
		if err := p.or(); err != nil {
			return err
		}
		if !p.eat(")") {
			return fmt.Errorf("missing ) at %d", p.i)
		}
		return nil
	case p.eat("'"):
		var w strings.Builder
		for {
			if p.i >= len(p.s) {
				return fmt.Errorf("unterminated quote")
			}
			c := p.s[p.i]
			switch {
			case c == '\\':
				if p.i+1 >= len(p.s) {
					return fmt.Errorf("dangling backslash")
				}
				w.WriteByte(p.s[p.i+1])
				p.i += 2
				continue
			case c == '\'' && p.i+1 < len(p.s) && p.s[p.i+1] == '\'':
				w.WriteByte('\'')
				p.i += 2
				continue
			case c == '\'':
				p.i++
				p.eat(":*")
				if w.Len() == 0 {
					return fmt.Errorf("empty operand at %d", p.i)
				}
				p.ops = append(p.ops, w.String())
				return nil
			}
			w.WriteByte(c)
			p.i++
		}
	}
	return fmt.Errorf("expected an operand at %d in %q", p.i, p.s)
}
