package event

// Verb dictionaries in the CAMEO/PETRARCH format (CAMEO.2.0.txt, PETR.Validate.verbs.txt), which newsgraph's own
// lexicon (data/verbs.txt) also uses:
//
//	# comment to the end of the line; <!-- comment -->, possibly over several lines
//	&NAME                a synonym set; members follow on '+' lines, possibly several words, possibly &OTHER
//	--- NAME [code] ---  a block: its verbs take the code unless a pattern of theirs matches
//	VERB {FORMS}         a verb by its lemma; without {FORMS} the regular forms are derived; WORD_+VERB is a
//	                     verb of several words, '+' marking the one that inflects (the first when none does)
//	- PATTERN [code]     words around the verb '*': '_' joins words that must be adjacent, a space lets other
//	                     words come between; '+' (or '%') marks where the target is, '$' the source; (..) and
//	                     {..} group words and are read as plain words; A/B is either word; ^ is ignored
//	[code:code]          the event and the event the other way round; [---] or [] no event
//
// Patterns in a block belong to the verbs of the block. A verb that a later block or file lists again is
// replaced by that entry.

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// word is one word of a pattern or synonym set, lower case.
type word struct {
	alts  []string // "by/with" -> by, with
	exact bool     // written with a trailing '_': no plural
}

// element is one position of a pattern: alternatives, each a run of adjacent words.
type element struct {
	alts     [][]word
	adjacent bool   // joined by '_' to the element before it (or to the verb)
	synset   string // the synonym set it stands for, resolved at the end of the file
}

// pattern is one "- ... [code]" line of a verb.
type pattern struct {
	before   []element // left to right, the last one nearest the verb
	after    []element
	target   int // the target is the first actor after the first target after-elements; -1 none given
	source   int // the source is searched after the first source after-elements; -1: before the verb
	code     string
	rev      string
	words    int // how many words it needs: more specific patterns are tried first
	line     int
	adjVerbB bool // the last before-element is adjacent to the verb
}

// verb is one entry: a lemma (or a verb of several words) with its code and patterns.
type verb struct {
	lemma    string
	pre      []string // words that must come right before the inflected word ("cease" in CEASE_+FIRE)
	post     []string // words that must come right after it
	forms    []string // the forms written in {..}; nil: derived
	code     string
	rev      string
	patterns []*pattern
}

// formKind says which form of a verb a word is.
type formKind uint8

const (
	formBase formKind = iota
	formS             // third person: "meets"
	formPast          // "met", "attacked": past tense or participle
	formIng           // "meeting"
)

type form struct {
	v    *verb
	kind formKind
}

// lexicon is a set of verbs indexed by form.
type lexicon struct {
	verbs map[string]*verb  // lemma key -> entry
	forms map[string][]form // word form -> entries
}

func newLexicon() *lexicon {
	return &lexicon{verbs: map[string]*verb{}, forms: map[string][]form{}}
}

// reindex rebuilds the form index.
func (l *lexicon) reindex() {
	l.forms = map[string][]form{}
	for _, v := range l.verbs {
		for w, k := range formsOf(v) {
			l.forms[w] = append(l.forms[w], form{v, k})
		}
	}
}

type dictReader struct {
	name    string
	synsets map[string][][]word // name -> members (each a run of adjacent words)
	raw     map[string][]string // name -> member lines as written, resolved at the end
	verbs   map[string]*verb
	order   []string
	errs    []error
}

func (r *dictReader) errorf(line int, format string, args ...any) {
	if len(r.errs) < 20 {
		r.errs = append(r.errs, fmt.Errorf("%s:%d: %s", r.name, line, fmt.Sprintf(format, args...)))
	}
}

// readDict reads a verb dictionary. Bad lines are reported (the first 20) and skipped; the rest is returned.
func readDict(rd io.Reader, name string) (map[string]*verb, []string, error) {
	r := &dictReader{name: name, synsets: map[string][][]word{}, raw: map[string][]string{}, verbs: map[string]*verb{}}
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var (
		block               []*verb // the verbs of the current block
		blockCode, blockRev string
		inBlock, inComment  bool
		synset              string
		pending             []pendingPattern
		lineNo              int
	)
	flush := func() {
		for _, p := range pending {
			for _, v := range block {
				v.patterns = append(v.patterns, p.p)
			}
		}
		pending = nil
	}
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		if inComment {
			i := strings.Index(line, "-->")
			if i < 0 {
				continue
			}
			line = line[i+3:]
			inComment = false
		}
		for {
			i := strings.Index(line, "<!--")
			if i < 0 {
				break
			}
			j := strings.Index(line[i:], "-->")
			if j < 0 {
				line = line[:i]
				inComment = true
				break
			}
			line = line[:i] + " " + line[i+j+3:]
		}
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		switch {
		case strings.HasPrefix(line, "---"):
			flush()
			body := strings.Trim(line, "- \t")
			_, code, ok := cutCode(body)
			if !ok {
				r.errorf(lineNo, "block %q: want --- NAME [code] ---", line)
			}
			blockCode, blockRev = splitCode(code)
			block, inBlock, synset = nil, true, ""
		case line[0] == '&':
			flush()
			synset = synName(strings.Fields(line)[0])
			r.raw[synset] = r.raw[synset][:0]
			block, inBlock = nil, false
		case line[0] == '+' && synset != "":
			r.raw[synset] = append(r.raw[synset], strings.TrimSpace(line[1:]))
		case line[0] == '-':
			if !inBlock {
				r.errorf(lineNo, "pattern outside a verb block")
				continue
			}
			p, err := r.parsePattern(strings.TrimSpace(line[1:]), lineNo)
			if err != nil {
				r.errorf(lineNo, "%v", err)
				continue
			}
			pending = append(pending, pendingPattern{p})
		default:
			if !inBlock {
				r.errorf(lineNo, "verb %q outside a block", line)
				continue
			}
			if len(pending) > 0 {
				flush() // a verb after patterns starts a new group in the block
				block = nil
			}
			v, err := parseVerb(line, blockCode, blockRev)
			if err != nil {
				r.errorf(lineNo, "%v", err)
				continue
			}
			key := verbKey(v)
			if _, ok := r.verbs[key]; !ok {
				r.order = append(r.order, key)
			} else {
				// A verb listed in two blocks of one file: keep the patterns of both, the first block's code.
				old := r.verbs[key]
				old.patterns = append(old.patterns, v.patterns...)
				v = old
			}
			r.verbs[key] = v
			block = append(block, v)
		}
	}
	flush()
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", name, err)
	}
	r.resolve()
	for _, v := range r.verbs {
		sortPatterns(v.patterns)
	}
	return r.verbs, r.order, errors.Join(r.errs...)
}

type pendingPattern struct{ p *pattern }

// cutCode splits "TEXT [code]" into TEXT and code.
func cutCode(s string) (string, string, bool) {
	i := strings.IndexByte(s, '[')
	j := strings.LastIndexByte(s, ']')
	if i < 0 || j < i {
		return s, "", false
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1 : j]), true
}

// splitCode reads "040", "042:043", ":020", "---" or "" into the event code and the reverse code; "" means none.
func splitCode(code string) (string, string) {
	a, b, _ := strings.Cut(code, ":")
	clean := func(s string) string {
		s = strings.TrimSpace(s)
		if s == "---" || s == "+++" {
			return ""
		}
		return s
	}
	return clean(a), clean(b)
}

func parseVerb(line, code, rev string) (*verb, error) {
	text, c, hasCode := cutCode(line)
	if hasCode {
		code, rev = splitCode(c)
	}
	v := &verb{code: code, rev: rev}
	var forms []string
	if i := strings.IndexByte(text, '{'); i >= 0 {
		j := strings.IndexByte(text, '}')
		if j < i {
			return nil, fmt.Errorf("verb %q: unclosed {", line)
		}
		forms = strings.Fields(strings.ToLower(text[i+1 : j]))
		text = strings.TrimSpace(text[:i])
	}
	text = strings.TrimPrefix(strings.TrimSpace(text), "+")
	parts := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return r == '_' || r == ' ' })
	if len(parts) == 0 {
		return nil, fmt.Errorf("verb %q: no word", line)
	}
	at := 0
	for i, p := range parts {
		if strings.HasPrefix(p, "+") {
			at = i
		}
		parts[i] = strings.TrimPrefix(p, "+")
	}
	v.lemma, v.pre, v.post = parts[at], parts[:at], parts[at+1:]
	if len(forms) > 0 {
		v.forms = forms
	}
	return v, nil
}

func verbKey(v *verb) string {
	return strings.Join(append(append(append([]string(nil), v.pre...), "+"+v.lemma), v.post...), " ")
}

func (r *dictReader) parsePattern(s string, line int) (*pattern, error) {
	text, code, ok := cutCode(s)
	if !ok {
		return nil, fmt.Errorf("pattern %q: no [code]", s)
	}
	p := &pattern{target: -1, source: -1, line: line}
	p.code, p.rev = splitCode(code)
	text = strings.NewReplacer("(", " ", ")", " ", "{", " ", "}", " ").Replace(text)
	seenVerb := false
	for _, tok := range strings.Fields(text) {
		adj := false
		exactLast := strings.HasSuffix(tok, "_") && len(tok) > 1
		tok = strings.TrimSuffix(tok, "_")
		for k, part := range strings.Split(tok, "_") {
			if k > 0 {
				adj = true
			} else {
				adj = false
			}
			if part == "" {
				continue
			}
			switch part {
			case "*":
				if seenVerb {
					return nil, fmt.Errorf("pattern %q: two verbs", s)
				}
				seenVerb = true
				p.adjVerbB = adj
				continue
			case "+", "%":
				if seenVerb {
					p.target = len(p.after)
				}
				continue
			case "$":
				if seenVerb {
					p.source = len(p.after)
				}
				continue
			case "^":
				continue
			}
			// "+WORD" or "$WORD" glued: a marker then a word
			if part[0] == '+' || part[0] == '$' || part[0] == '%' {
				if seenVerb {
					if part[0] == '$' {
						p.source = len(p.after)
					} else {
						p.target = len(p.after)
					}
				}
				part = part[1:]
				if part == "" {
					continue
				}
			}
			var e element
			if part[0] == '&' {
				e.synset = synName(part)
			} else {
				w := word{alts: strings.Split(strings.ToLower(part), "/"), exact: exactLast && k == len(strings.Split(tok, "_"))-1}
				e.alts = [][]word{{w}}
				p.words++
			}
			e.adjacent = adj
			if seenVerb {
				p.after = append(p.after, e)
			} else {
				p.before = append(p.before, e)
			}
		}
	}
	if !seenVerb {
		return nil, fmt.Errorf("pattern %q: no verb '*'", s)
	}
	return p, nil
}

// resolve expands synonym sets in patterns, nested sets included.
func (r *dictReader) resolve() {
	var expand func(name string, depth int) [][]word
	expand = func(name string, depth int) [][]word {
		if got, ok := r.synsets[name]; ok {
			return got
		}
		if depth > 8 {
			return nil
		}
		var out [][]word
		for _, m := range r.raw[name] {
			if strings.HasPrefix(m, "&") {
				out = append(out, expand(synName(strings.Fields(m)[0]), depth+1)...)
				continue
			}
			var run []word
			for _, w := range strings.FieldsFunc(strings.ToLower(m), func(r rune) bool { return r == '_' || r == ' ' }) {
				run = append(run, word{alts: []string{w}, exact: strings.HasSuffix(m, "_")})
			}
			if len(run) > 0 {
				out = append(out, run)
			}
		}
		r.synsets[name] = out
		return out
	}
	seen := map[*pattern]bool{}
	for _, v := range r.verbs {
		for _, p := range v.patterns {
			if seen[p] {
				continue
			}
			seen[p] = true
			for _, list := range [][]element{p.before, p.after} {
				for i := range list {
					if list[i].synset == "" {
						continue
					}
					name := list[i].synset
					list[i].alts = expand(name, 0)
					if list[i].alts == nil {
						r.errorf(p.line, "unknown synonym set &%s", name)
						list[i].alts = [][]word{} // matches nothing
					}
					p.words++
				}
			}
		}
	}
}

// sortPatterns orders patterns most specific first, keeping the file's order among equals.
func sortPatterns(ps []*pattern) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].words > ps[j-1].words; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// synName returns the name of a synonym set as written ("&CURRENCY", "&PREPOSIT1_") in lower case, without '&'
// and trailing '_'.
func synName(s string) string {
	return strings.ToLower(strings.TrimRight(strings.TrimPrefix(s, "&"), "_"))
}
