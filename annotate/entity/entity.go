// Package entity turns the names NER found into mentions of canonical entities. For each document Resolve
//
//  1. trims titles, honorifics, nationalities and possessives from person names ("Russian Foreign Minister
//     Sergei Lavrov" -> "Sergei Lavrov") and keeps them as evidence of office and country; a title alone is
//     dropped; text up to a quotation mark inside a name is dropped ("'Reconcile' Qatar" -> "Qatar"); a
//     hyphenated compound is cut to the name before the hyphen ("US-led" -> "US", "Kremlin-allied" ->
//     "Kremlin"), dropped when that names nothing known; the pieces of a long Arabic name NER split at its
//     particles are joined ("Tamim" + "bin" + "Hamad Al-Thani"); the gazetteer's label wins for a name it
//     knows, a demonym becomes a NORP mention of its country and a seat of power ("the Kremlin") an ORG
//     mention of it;
//  2. adds the gazetteer names NER missed (capitalised runs that spell exactly one entry, acronyms only in
//     capitals, "IS" and the like not in headlines in capitals nor first in a sentence, the name in a compound
//     such as "Iran-backed"), acronyms defined in parentheses, surnames of gazetteer people next to a reporting
//     verb ("Lavrov further said") and surnames of people named in full;
//  3. groups the mentions of one entity: the same Key, a surname after the full name ("Lavrov", "Assad" after
//     "Bashar al-Assad"), a spelling variant of it, an acronym of the initials, one gazetteer entry;
//  4. links every group to a gazetteer entry (exact name, Key, Similarity at the threshold, a fuller form of
//     an entry's name, a surname unique in the gazetteer or among the office holders at the date), with
//     evidence that disagrees keeping them apart, or gives it a stable ID made from its label and the Key of
//     its longest name. A document without a date is dated by the careers of the people it names
//     unambiguously (Zarif, foreign minister 2013-2021, and Jubeir, 2015-2018: 2015-2018), and a surname
//     several people share goes to the one in office then, else to the one whose offices reach latest;
//  5. adds nominal mentions ("the Russian foreign minister", "his Turkish counterpart") resolved to the
//     person whose office matches, in the document or among the gazetteer's holders at the date, and pronouns
//     (he, him, his, himself, she, her, hers, herself) resolved to the first person mentioned in their sentence
//     before them, else in each of the sentences before (Options.PronounWindow), skipping a person of the other
//     gender when the text says it. Nominals and pronouns refer to people only.
//
// Unresolved nominals and pronouns are left out.
package entity

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zeebo/xxh3"

	"newsgraph"
	"newsgraph/annotate/gazetteer"
)

// Name is a named-entity span from NER: tokens [First, End) (indices into the document's token slice), label
// PER, ORG, LOC or MISC (NORP is accepted too).
type Name struct {
	First, End int
	Label      string
}

// DefaultThreshold is the Similarity at or above which two spellings of a name are taken for one. On the table
// of 106 name pairs in key_test.go it gives precision 1.00 and recall 0.95 (Key equality alone: 1.00, 0.62);
// the highest-scoring near miss there scores 0.90 ("Nasser" / "Nasr"), the lowest variant kept 0.93.
const DefaultThreshold = 0.92

// Options tune a Resolver. The zero value is the standard behaviour.
type Options struct {
	// Threshold is the Similarity at or above which two spellings are one name, within a document (a surname
	// spelled two ways) and against the gazetteer. Zero means DefaultThreshold.
	Threshold float64
	// PronounWindow is how many sentences before a pronoun's own are searched for its antecedent. Zero means
	// 2; a negative value turns pronoun mentions off.
	PronounWindow int
	// NoNominals turns nominal mentions ("the Syrian leader") off.
	NoNominals bool
	// NoScan stops the resolver adding gazetteer names NER missed; the names are then NER's only (their labels
	// are still corrected from the gazetteer).
	NoScan bool
}

// Resolver resolves the names of documents against one gazetteer. It is safe for concurrent use.
type Resolver struct {
	g         *gazetteer.Gazetteer
	opt       Options
	threshold float64
	window    int
	surnames  map[string][]string     // key of a person's last name word -> gazetteer person IDs
	given     map[string][]string     // key of any other word of a person's name -> gazetteer person IDs
	fuzzy     map[string][]fuzzyEntry // label + first letter of the last key word -> names to compare with
	byKey     map[string][]string     // label + "\x00" + Key of a name or alias -> gazetteer IDs
	entities  map[string]*newsgraph.Entity
	acronyms  map[string]bool // gazetteer.Key of the names written in capitals ("US", "HTS")
}

type fuzzyEntry struct {
	id    string
	words []string
}

// New returns a Resolver that links names to the entries of g (nil: an empty gazetteer). g must not be
// changed while the Resolver is in use.
func New(g *gazetteer.Gazetteer, opt Options) *Resolver {
	if g == nil {
		g = gazetteer.New()
	}
	r := &Resolver{
		g: g, opt: opt, threshold: opt.Threshold, window: opt.PronounWindow,
		surnames: map[string][]string{},
		given:    map[string][]string{},
		fuzzy:    map[string][]fuzzyEntry{},
		byKey:    map[string][]string{},
		entities: map[string]*newsgraph.Entity{},
		acronyms: map[string]bool{},
	}
	if r.threshold <= 0 {
		r.threshold = DefaultThreshold
	}
	if r.window == 0 {
		r.window = 2
	}
	for _, e := range g.Entities() {
		r.entities[e.ID] = &e
		for _, name := range append([]string{e.Name}, e.Aliases...) {
			if isAcronym(name) {
				r.acronyms[gazetteer.Key(name)] = true
			}
			words := strings.Fields(Key(name))
			if len(words) == 0 {
				continue
			}
			last := words[len(words)-1]
			if e.Label == newsgraph.LabelPER {
				if len(words) > 1 && !slices.Contains(r.surnames[last], e.ID) {
					r.surnames[last] = append(r.surnames[last], e.ID)
				}
				for _, w := range words[:len(words)-1] {
					if w != "bin" && !slices.Contains(r.given[w], e.ID) {
						r.given[w] = append(r.given[w], e.ID)
					}
				}
			}
			if k := e.Label + "\x00" + strings.Join(words, " "); !slices.Contains(r.byKey[k], e.ID) {
				r.byKey[k] = append(r.byKey[k], e.ID)
			}
			fk := e.Label + last[:1]
			r.fuzzy[fk] = append(r.fuzzy[fk], fuzzyEntry{id: e.ID, words: words})
		}
	}
	return r
}

// Resolve returns the document's mentions, sorted by span and not overlapping, and its entities in the order
// of their first mention; Mention.Entity indexes the returned entities. tokens and sents are the document's
// segmentation (sents may be empty: the text is then one sentence and mentions carry Sentence -1); names are
// NER's spans over tokens, in any order (spans that are out of range, empty or overlap an earlier one are
// skipped). date is the document's date; when it is zero, entities' roles are those currently held and no
// nominal is resolved through the gazetteer's office holders, which would be a guess about the date.
func (r *Resolver) Resolve(text string, sents []newsgraph.Sentence, tokens []newsgraph.Span, names []Name, date time.Time) ([]newsgraph.Mention, []newsgraph.DocEntity) {
	d := newDoc(r, text, sents, tokens, date)
	if len(d.toks) == 0 {
		return nil, nil
	}
	d.addNames(names)
	d.joinNasab()
	d.joinParticles()
	d.noteSurnames()
	d.fixLabels()
	if !r.opt.NoScan {
		d.scanGazetteer()
	}
	d.acronyms()
	if !r.opt.NoScan {
		d.scanKnownSurnames()
	}
	d.scanSurnames()
	d.sortMentions()
	d.group()
	d.link()
	if !r.opt.NoNominals || r.window > 0 {
		d.nominalsAndPronouns()
	}
	return d.output()
}

// noEntity stands for an ID the gazetteer does not hold; never modified.
var noEntity = &newsgraph.Entity{}

// ent returns the gazetteer entry with the given ID, or an empty one. The entry is shared: read it only.
func (r *Resolver) ent(id string) *newsgraph.Entity {
	if e, ok := r.entities[id]; ok {
		return e
	}
	return noEntity
}

// unknownID returns the stable ID of an entity the gazetteer does not hold: "x-" and 12 hex digits of the
// XXH3 hash of its label and the Key of its name.
func unknownID(label, name string) string {
	h := xxh3.HashString(label + "\x00" + Key(name))
	s := strconv.FormatUint(h, 16)
	for len(s) < 16 {
		s = "0" + s
	}
	return "x-" + s[:12]
}

// normLabel maps NER labels to newsgraph labels; "" for a label it does not know.
func normLabel(l string) string {
	switch strings.ToUpper(l) {
	case "PER", "PERSON":
		return newsgraph.LabelPER
	case "ORG", "ORGANIZATION", "ORGANISATION":
		return newsgraph.LabelORG
	case "LOC", "GPE", "LOCATION":
		return newsgraph.LabelLOC
	case "NORP":
		return newsgraph.LabelNORP
	case "MISC":
		return newsgraph.LabelMISC
	}
	return ""
}
