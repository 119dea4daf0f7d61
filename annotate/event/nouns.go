package event

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"newsgraph"
)

// noun is an event noun of data/nouns.txt: "the meeting between Putin and Assad", "Lavrov's talks with Fidan",
// "attacks by rebels on Damascus".
type noun struct {
	words     []string // the noun's words; the last is its head
	code, rev string
	preps     map[string]bool // the prepositions that introduce its target
}

// nounTable holds the event nouns by the form of their head word.
type nounTable map[string][]*noun

// readNouns reads a noun lexicon (see data/nouns.txt). Lines that cannot be read are reported (the first 20) and
// skipped.
func readNouns(r io.Reader, name string) (nounTable, error) {
	t := nounTable{}
	sc := bufio.NewScanner(r)
	var errs []error
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		bad := func(why string) {
			if len(errs) < 20 {
				errs = append(errs, fmt.Errorf("%s:%d: %s", name, n, why))
			}
		}
		open, close := strings.IndexByte(line, '['), strings.IndexByte(line, ']')
		if open < 0 || close < open {
			bad("want NOUN {FORMS} [code:rev] PREPS")
			continue
		}
		head, codes, preps := line[:open], line[open+1:close], strings.Fields(strings.ToLower(line[close+1:]))
		var forms []string
		if i := strings.IndexByte(head, '{'); i >= 0 {
			j := strings.IndexByte(head, '}')
			if j < i {
				bad("unclosed {")
				continue
			}
			forms = strings.Fields(strings.ToLower(head[i+1 : j]))
			head = head[:i]
		}
		words := strings.Split(strings.ToLower(strings.TrimSpace(head)), "_")
		code, rev, _ := strings.Cut(strings.TrimSpace(codes), ":")
		if slices.Contains(words, "") || len(strings.Fields(head)) != 1 {
			bad("want one NOUN, its words joined by _")
			continue
		}
		if !validCode(code) || rev != "" && !validCode(rev) || len(preps) == 0 {
			bad(fmt.Sprintf("codes [%s] and prepositions %v: want [code] or [code:code] and at least one preposition", codes, preps))
			continue
		}
		nn := &noun{words: words, code: code, rev: rev, preps: set(preps...)}
		last := words[len(words)-1]
		if forms == nil {
			forms = []string{last, plural(last)}
		} else {
			forms = append(forms, last)
		}
		seen := map[string]bool{}
		for _, f := range forms {
			f = strings.ReplaceAll(f, "_", " ")
			if f = f[strings.LastIndexByte(f, ' ')+1:]; !seen[f] {
				seen[f] = true
				t[f] = append(t[f], nn)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return t, fmt.Errorf("read %s: %w", name, err)
	}
	return t, errors.Join(errs...)
}

func validCode(c string) bool {
	return len(c) >= 3 && len(c) <= 4 && strings.Trim(c, "0123456789") == ""
}

// nounFramePreps are the prepositions that put a noun phrase in a frame of its own ("after talks with", "in
// rocket attacks by"), so that it is not the object of a verb ("urged talks", "called off the meeting").
var nounFramePreps = set("after", "during", "following", "in", "at", "before", "since", "amid", "ahead", "despite", "of", "from")

// hypotheticalNouns before an event noun make it one that has not happened: "planned talks", "a possible visit".
var hypotheticalNouns = set("planned", "possible", "proposed", "future", "upcoming", "potential", "expected", "prospective",
	"scheduled", "next", "cancelled", "canceled", "postponed", "failed", "rumoured", "rumored", "alleged")

// codeNouns codes the event nouns of sentence si that no verb coded (see data/nouns.txt) and appends the events.
func (s *state) codeNouns(si int, out []newsgraph.Event) []newsgraph.Event {
	if len(s.c.nouns) == 0 {
		return out
	}
	for i, w := range s.low {
		if s.used[i] {
			continue
		}
		for _, n := range s.c.nouns[w] {
			first := i - len(n.words) + 1
			if first < 0 || !s.wordsAt(n.words[:len(n.words)-1], first) {
				continue
			}
			out = s.codeNoun(si, n, first, i+1, out)
			break
		}
	}
	return out
}

func (s *state) wordsAt(words []string, at int) bool {
	for k, w := range words {
		if s.low[at+k] != w {
			return false
		}
	}
	return true
}

// codeNoun codes the event noun n at tokens [first, end).
func (s *state) codeNoun(si int, n *noun, first, end int, out []newsgraph.Event) []newsgraph.Event {
	lo, hi := s.clause(si, s.toks, first)
	// The noun phrase: determiners, modifiers and a possessor before the noun.
	start := first
	var owner []actor
	for k := first - 1; k >= lo && k >= first-4; k-- {
		w := s.low[k]
		if hypotheticalNouns[w] || negators[w] {
			return out
		}
		if w == "'s" || w == "'" {
			if o := s.ownerEnding(k); o >= 0 {
				owner = []actor{s.owners[o]}
				start = s.owners[o].first
				for start > lo && s.capitalised(start-1) {
					start-- // "Russian President Vladimir Putin's"
				}
			}
			break
		}
		if possessivePronouns[w] || w == "the" || w == "a" || w == "an" || isModifier(w) && !s.verbAt(k) && !s.isActorToken(k) {
			start = k
			continue
		}
		break
	}
	// The frame: the start of the clause, after a comma or conjunction, or a preposition of its own.
	before := ""
	if start > lo {
		before = s.low[start-1]
	}
	framed := start == lo || before == "," || before == "and" || nounFramePreps[before]
	if !framed {
		return out
	}
	cue := newsgraph.Span{Start: s.toks[first].Start, End: s.toks[end-1].End}
	both := n.rev != ""
	// "the meeting between Putin and Assad"
	if end+1 < hi && s.low[end] == "between" {
		if k := s.actorAt(end + 1); k >= 0 {
			sides := s.group(k, +1)
			if len(sides) >= 2 && both {
				return s.emit(si, lo, hi, cue, n.code, n.code, sides[:1], sides[1:], out)
			}
		}
		return out
	}
	src := owner
	// "attacks by rebels on Damascus"
	k := end
	for k < hi && k < end+2 && isModifier(s.low[k]) && !s.verbAt(k) && s.actorAt(k) < 0 {
		k++ // "attacks last week by"
	}
	if k+1 < hi && s.low[k] == "by" && src == nil {
		if a := s.actorAt(k + 1); a >= 0 {
			src = s.group(a, +1)
			k = s.actors[a].end
			for _, x := range src {
				k = max(k, x.end)
			}
		}
	}
	if src == nil && both && nounFramePreps[before] {
		// "Lavrov spoke after talks with Fidan": the subject of the clause.
		if l := s.subject(start-1, lo, false); l >= 0 && !s.hypothetical(start-1, lo, s.actors[l].end) {
			src = s.group(l, -1)
		}
	}
	if src == nil {
		return out
	}
	tgt := s.group(s.nounTarget(n, k, hi), +1)
	if len(tgt) == 0 && !both {
		return out
	}
	return s.emit(si, lo, hi, cue, n.code, n.rev, src, tgt, out)
}

// nounTarget returns the actor that one of the noun's prepositions introduces within a few words from token from
// (places included: "attacks on neighbourhoods in Damascus"), -1 when none.
func (s *state) nounTarget(n *noun, from, hi int) int {
	for k := from; k < hi && k < from+maxGap; k++ {
		w := s.low[k]
		if clauseOpeners[w] || boundaries[w] || s.verbAt(k) && !n.preps[w] {
			return -1
		}
		if !n.preps[w] {
			continue
		}
		for j, a := range s.actors {
			if a.first <= k {
				continue
			}
			if a.first > k+maxGap || a.first >= hi {
				return -1
			}
			for x := k + 1; x < a.first; x++ {
				if clauseOpeners[s.low[x]] || boundaries[s.low[x]] || s.verbAt(x) && !n.preps[s.low[x]] {
					return -1
				}
			}
			if a.placeOnly {
				continue
			}
			return j
		}
		return -1
	}
	return -1
}

// actorAt returns the index of the actor starting at token k (after "the"), -1 when none.
func (s *state) actorAt(k int) int {
	if k < len(s.low) && s.low[k] == "the" {
		k++
	}
	for j, a := range s.actors {
		if a.first == k {
			return j
		}
	}
	return -1
}

// isActorToken reports whether token k is part of an actor.
func (s *state) isActorToken(k int) bool {
	for _, a := range s.actors {
		if a.first <= k && k < a.end {
			return true
		}
	}
	return false
}

// ownerEnding returns the index in owners of the possessor whose "'s" is token k, -1 when none.
func (s *state) ownerEnding(k int) int {
	for j, o := range s.owners {
		if o.end == k {
			return j
		}
	}
	return -1
}

// capitalised reports whether token k is written with a capital.
func (s *state) capitalised(k int) bool {
	t := s.toks[k]
	return t.End > t.Start && s.d.Text[t.Start] >= 'A' && s.d.Text[t.Start] <= 'Z'
}
