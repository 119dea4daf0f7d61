package event

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// agent is a noun that names a part of an actor: "soldiers" of a country are its military.
type agent struct {
	code       string // the CAMEO agent code without '~': "MIL"
	standalone bool   // the word names an actor on its own ("the rebels")
}

// agentTable maps a noun, its words joined by spaces in lower case, to its agent; first holds the nouns of
// several words by their first word, longest first.
type agentTable struct {
	words map[string]agent
	multi map[string][][]string
}

func newAgentTable() *agentTable {
	return &agentTable{words: map[string]agent{}, multi: map[string][][]string{}}
}

// readAgents reads an agents dictionary in the PETRARCH form "WORD {PLURALS} [~CODE]" (see data/agents.txt).
// Lines with "!MACRO!" substitutions and codes that prefix an actor ("NGO~") are skipped.
func (t *agentTable) read(r io.Reader, name string) error {
	sc := bufio.NewScanner(r)
	var errs []error
	inComment := false
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if inComment {
			i := strings.Index(line, "-->")
			if i < 0 {
				continue
			}
			line, inComment = line[i+3:], false
		}
		if i := strings.Index(line, "<!--"); i >= 0 {
			if j := strings.Index(line[i:], "-->"); j >= 0 {
				line = line[:i] + line[i+j+3:]
			} else {
				line, inComment = line[:i], true
			}
		}
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.Contains(line, "!") && strings.Count(line, "!") > 1 {
			continue
		}
		text, code, ok := cutCode(line)
		if !ok {
			if len(errs) < 20 {
				errs = append(errs, fmt.Errorf("%s:%d: agent %q: want WORD [~CODE]", name, n, line))
			}
			continue
		}
		code = strings.TrimSpace(code)
		if !strings.HasPrefix(code, "~") {
			continue
		}
		a := agent{code: strings.TrimSpace(code[1:]), standalone: strings.HasSuffix(strings.TrimSpace(line), "!")}
		var plurals []string
		if i := strings.IndexByte(text, '{'); i >= 0 {
			if j := strings.IndexByte(text, '}'); j > i {
				plurals = strings.Fields(strings.ToLower(text[i+1 : j]))
			}
			text = text[:i]
		}
		base := strings.Join(strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return r == '_' || r == ' ' }), " ")
		if base == "" || a.code == "" {
			continue
		}
		forms := []string{base}
		if len(plurals) > 0 {
			forms = append(forms, plurals...)
		} else {
			forms = append(forms, plural(base))
		}
		for _, f := range forms {
			t.add(strings.ReplaceAll(f, "_", " "), a)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return errors.Join(errs...)
}

func (t *agentTable) add(phrase string, a agent) {
	t.words[phrase] = a
	ws := strings.Fields(phrase)
	if len(ws) > 1 {
		list := append(t.multi[ws[0]], ws)
		for i := len(list) - 1; i > 0 && len(list[i]) > len(list[i-1]); i-- {
			list[i], list[i-1] = list[i-1], list[i]
		}
		t.multi[ws[0]] = list
	}
}

// plural derives the plural of the last word of a noun phrase.
func plural(p string) string {
	i := strings.LastIndexByte(p, ' ')
	head, last := p[:i+1], p[i+1:]
	n := len(last)
	switch {
	case strings.HasSuffix(last, "s") || strings.HasSuffix(last, "x") || strings.HasSuffix(last, "ch") || strings.HasSuffix(last, "sh"):
		return head + last + "es"
	case n > 1 && last[n-1] == 'y' && !isVowel(last[n-2]):
		return head + last[:n-1] + "ies"
	}
	return head + last + "s"
}

// match returns the agent the words starting at words[i] name and how many words it takes; 0 when none.
func (t *agentTable) match(words []string, i int) (agent, int) {
	for _, m := range t.multi[words[i]] {
		if i+len(m) > len(words) {
			continue
		}
		ok := true
		for k, w := range m {
			if words[i+k] != w {
				ok = false
				break
			}
		}
		if ok {
			return t.words[strings.Join(m, " ")], len(m)
		}
	}
	if a, ok := t.words[words[i]]; ok {
		return a, 1
	}
	return agent{}, 0
}
