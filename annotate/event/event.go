// Package event codes who did what to whom in annotated documents, in CAMEO: per clause, a verb from a verb
// lexicon (newsgraph's own, data/verbs.txt, or a CAMEO/PETRARCH dictionary a user loads) with the patterns
// around it gives the event code; the mentions before the verb give the source, those after it the target;
// their CAMEO actor codes come from the gazetteer's roles at the sentence's date.
//
// The coder reads the layers the annotate pipeline built (sentences with their dates, tokens, mentions
// resolved to entities, quotes); it parses nothing, so its rules are about word order (see rules.go):
//   - passive voice: "Aleppo was attacked by HTS" is HTS attacking Aleppo; a passive with no "by" is not coded;
//   - coordination: "Russia, Iran and Turkey urged" is three events, one per source; targets likewise;
//   - reported frames: an event inside a quote ("Lavrov said Russia is helping the Syrian soldiers") is coded
//     with its own source and target, and the quote's speaker as Event.Reporter; the saying itself is not
//     coded (the quote layer records statements, and 010 events would drown the rest);
//   - negation and refusal: "did not meet" is no event, "refused to talk to Turkey" a rejection (125);
//   - conditionals, modals and plans ("if", "would", "could", "may", "will", "plans to") are no event;
//   - meetings: "A and B met" with no target is A meeting B and B meeting A; "held talks with" is 040;
//   - verbs the lexicon pairs ("visit" [042:043]) give the reverse event too: a visit is hosted;
//   - event nouns (data/nouns.txt): "the meeting between Putin and Assad", "Lavrov's talks with Fidan", "rocket
//     attacks by rebels on Damascus", "Erdogan spoke after talks with Putin" (the clause's subject); a noun that
//     is the object of a verb ("urged talks") or planned ("planned talks") is no event of its own;
//   - a verb after "and" shares the subject of the verb before it ("bombed Aleppo and killed soldiers"); a clause
//     opened by "after", "when", "because" has a subject of its own;
//   - actors: an agent noun with "of", "from", "in" ("soldiers from Turkey"), shared by the list after it ("the
//     ambassadors of Arnor, Osgiliath and Gondor"); a name before a noun and another name is no actor ("Assad ally
//     Iran"); a name the recogniser calls MISC is an actor when its entity has an actor code.
//
// Events need a source and a target (as PETRARCH codes by default): "Turkey protested" alone is not coded.
package event

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"sync"

	"newsgraph"
	"newsgraph/annotate/gazetteer"
)

//go:embed data/verbs.txt
var builtinVerbs []byte

//go:embed data/agents.txt
var builtinAgents []byte

//go:embed data/nouns.txt
var builtinNouns []byte

//go:embed data/codes.txt
var builtinCodes string

var (
	codesOnce sync.Once
	codes     map[string]codeInfo
)

func codeTable() map[string]codeInfo {
	codesOnce.Do(func() {
		var err error
		codes, err = readCodes(builtinCodes, "data/codes.txt")
		if err != nil {
			panic(err) // the embedded table is checked by the tests
		}
	})
	return codes
}

// Options configure a Coder. The zero value uses the built-in verb lexicon and agent words.
type Options struct {
	// NoBuiltin starts the coder with no verbs and no agent words, for a user who loads a whole CAMEO
	// dictionary with LoadVerbs and LoadAgents (the PETRARCH validation suite does).
	NoBuiltin bool
	// MaxActors caps how many coordinated actors one side of an event holds (0: 6); a longer list is more
	// likely a list of places than of actors.
	MaxActors int
}

// Coder codes events. Code is safe for concurrent use; LoadVerbs and LoadAgents must not run concurrently
// with anything else.
type Coder struct {
	g      *gazetteer.Gazetteer
	opt    Options
	lex    *lexicon
	agents *agentTable
	nouns  nounTable // event nouns: the built-in ones, none with NoBuiltin
}

// New returns a coder that reads actors' roles and codes from g (nil: an empty gazetteer, so only the
// entities' own CAMEO codes count).
func New(g *gazetteer.Gazetteer, opt Options) *Coder {
	if g == nil {
		g = gazetteer.New()
	}
	if opt.MaxActors <= 0 {
		opt.MaxActors = 6
	}
	c := &Coder{g: g, opt: opt, lex: newLexicon(), agents: newAgentTable()}
	if !opt.NoBuiltin {
		if err := c.LoadVerbs(bytes.NewReader(builtinVerbs), "data/verbs.txt"); err != nil {
			panic(err) // the embedded lexicon is checked by the tests
		}
		if err := c.LoadAgents(bytes.NewReader(builtinAgents), "data/agents.txt"); err != nil {
			panic(err)
		}
		var err error
		if c.nouns, err = readNouns(bytes.NewReader(builtinNouns), "data/nouns.txt"); err != nil {
			panic(err)
		}
	}
	return c
}

// LoadVerbs reads a verb dictionary in the CAMEO/PETRARCH format (see dict.go) and adds its verbs; a verb
// already known is replaced by the file's entry. name is used in error messages. Lines that cannot be read are
// reported (the first 20, as "name:line: ...") and skipped: the verbs read are kept even when the error is not
// nil.
func (c *Coder) LoadVerbs(r io.Reader, name string) error {
	verbs, _, err := readDict(r, name)
	if verbs == nil {
		return err
	}
	for k, v := range verbs {
		c.lex.verbs[k] = v
	}
	c.lex.reindex()
	if err != nil {
		return fmt.Errorf("load verbs: %w", err)
	}
	return nil
}

// LoadAgents reads an agents dictionary in the PETRARCH form ("SOLDIER [~MIL]", see data/agents.txt) and adds
// its words. Lines that cannot be read are reported and skipped.
func (c *Coder) LoadAgents(r io.Reader, name string) error {
	if err := c.agents.read(r, name); err != nil {
		return fmt.Errorf("load agents: %w", err)
	}
	return nil
}

// Verbs returns how many verb entries the coder holds.
func (c *Coder) Verbs() int { return len(c.lex.verbs) }

// Code returns the events the document's sentences report, in text order. It needs the sentences, tokens,
// mentions and entities (quotes, when present, give reporters); it changes nothing in d.
func (c *Coder) Code(d *newsgraph.Document) []newsgraph.Event {
	if d == nil || len(d.Sentences) == 0 || len(c.lex.forms) == 0 {
		return nil
	}
	var out []newsgraph.Event
	s := c.newState(d)
	for si := range d.Sentences {
		out = s.sentence(si, out)
	}
	return out
}
