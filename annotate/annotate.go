// Package annotate runs the annotation pipeline over a document: ordered steps, each declaring the layers it
// requires and the layers it provides, checked when the pipeline is built so that a wrong order fails at once
// rather than mid-run. The default pipeline segments the text, finds names with the trained NER model, and
// resolves them into mentions of canonical entities (coreference within the document, linking across the corpus
// through the gazetteer and stable IDs).
package annotate

import (
	"context"
	"fmt"
	"slices"
	"time"

	"newsgraph"
	"newsgraph/annotate/entity"
	"newsgraph/annotate/event"
	"newsgraph/annotate/gazetteer"
	"newsgraph/annotate/ner"
	"newsgraph/annotate/quote"
	"newsgraph/annotate/segment"
	"newsgraph/annotate/timex"
)

// Layer names a kind of annotation a step adds to a document.
type Layer string

// The layers of the default pipeline.
const (
	Paragraphs Layer = "paragraphs"
	Sentences  Layer = "sentences"
	Tokens     Layer = "tokens"
	Names      Layer = "names"    // NER spans, held in State until the entity step turns them into mentions
	Mentions   Layer = "mentions" // Document.Mentions
	Entities   Layer = "entities" // Document.Entities
	Timexes    Layer = "timexes"  // Document.Timexes and Sentence.Date
	Quotes     Layer = "quotes"   // Document.Quotes
	Events     Layer = "events"   // Document.Events
)

// State is a document on its way through the pipeline, with what steps pass to later steps without storing it.
type State struct {
	Doc   *newsgraph.Document
	Date  time.Time     // the date the document speaks from: its publication date, zero when unknown
	Names []entity.Name // NER output for the entity step
}

// Step is one stage of the pipeline. Run adds the layers Provides names to st, reading only layers that Requires
// names (and the document's text and metadata). Run must not keep st after it returns. Steps are shared by
// concurrent Annotate calls, so Run must be safe for concurrent use.
type Step interface {
	Name() string
	Requires() []Layer
	Provides() []Layer
	Run(ctx context.Context, st *State) error
}

// StepFunc adapts a function to a Step.
type StepFunc struct {
	StepName    string
	Needs, Adds []Layer
	Fn          func(ctx context.Context, st *State) error
}

// Name implements Step.
func (f StepFunc) Name() string { return f.StepName }

// Requires implements Step.
func (f StepFunc) Requires() []Layer { return f.Needs }

// Provides implements Step.
func (f StepFunc) Provides() []Layer { return f.Adds }

// Run implements Step.
func (f StepFunc) Run(ctx context.Context, st *State) error { return f.Fn(ctx, st) }

// Pipeline is an ordered list of steps whose requirements are met by the steps before them.
type Pipeline struct {
	steps []Step
}

// New builds a pipeline of steps in order. It fails when a step requires a layer no earlier step provides, or
// when two steps provide the same layer.
func New(steps ...Step) (*Pipeline, error) {
	have := map[Layer]string{}
	for _, s := range steps {
		for _, l := range s.Requires() {
			if _, ok := have[l]; !ok {
				return nil, fmt.Errorf("annotate: step %s requires %s, which no earlier step provides", s.Name(), l)
			}
		}
		for _, l := range s.Provides() {
			if by, ok := have[l]; ok {
				return nil, fmt.Errorf("annotate: steps %s and %s both provide %s", by, s.Name(), l)
			}
			have[l] = s.Name()
		}
	}
	return &Pipeline{steps: slices.Clone(steps)}, nil
}

// Steps returns the names of the pipeline's steps in order.
func (p *Pipeline) Steps() []string {
	var out []string
	for _, s := range p.steps {
		out = append(out, s.Name())
	}
	return out
}

// Annotate runs every step over doc, replacing its annotation layers. The document's date is its publication
// date. Annotate is safe for concurrent use on different documents.
func (p *Pipeline) Annotate(ctx context.Context, doc *newsgraph.Document) error {
	st := State{Doc: doc, Date: doc.Published}
	doc.Sentences, doc.Tokens, doc.Mentions, doc.Entities, doc.Timexes, doc.Quotes, doc.Events = nil, nil, nil, nil, nil, nil, nil
	for _, s := range p.steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := s.Run(ctx, &st); err != nil {
			return fmt.Errorf("annotate %s: %w", s.Name(), err)
		}
	}
	return nil
}

// Options configure the default pipeline. The zero value uses the built-in model and gazetteer.
type Options struct {
	Gazetteer *gazetteer.Gazetteer // nil: gazetteer.Default()
	Model     *ner.Model           // nil: ner.Default()
	Entity    entity.Options
	Timex     timex.Options
	Quote     quote.Options
	Coder     *event.Coder // nil: event.New(Gazetteer, event.Options{}) with the built-in verb lexicon
}

// Default returns the standard pipeline: segment, ner, entities, timex, quotes, events.
func Default(opt Options) (*Pipeline, error) {
	if opt.Gazetteer == nil {
		opt.Gazetteer = gazetteer.Default()
	}
	coder := opt.Coder
	if coder == nil {
		coder = event.New(opt.Gazetteer, event.Options{})
	}
	if opt.Model == nil {
		m, err := ner.Default()
		if err != nil {
			return nil, fmt.Errorf("annotate: %w", err)
		}
		opt.Model = m
	}
	return New(Segment(), NER(opt.Model), Resolve(entity.New(opt.Gazetteer, opt.Entity)), Time(opt.Timex), Quote(opt.Quote), Code(coder))
}

// Code is the step that codes who did what to whom in CAMEO.
func Code(c *event.Coder) Step {
	return StepFunc{StepName: "events", Needs: []Layer{Sentences, Tokens, Mentions, Entities, Timexes, Quotes}, Adds: []Layer{Events}, Fn: func(_ context.Context, st *State) error {
		st.Doc.Events = c.Code(st.Doc)
		return nil
	}}
}

// Quote is the step that finds quotes and their speakers, dated by their sentences.
func Quote(opt quote.Options) Step {
	return StepFunc{StepName: "quotes", Needs: []Layer{Sentences, Tokens, Mentions, Entities, Timexes}, Adds: []Layer{Quotes}, Fn: func(_ context.Context, st *State) error {
		st.Doc.Quotes = quote.Find(st.Doc, opt)
		return nil
	}}
}

// Time is the step that finds time expressions, resolves them against the document's date, and dates each
// sentence.
func Time(opt timex.Options) Step {
	return StepFunc{StepName: "timex", Needs: []Layer{Sentences, Tokens}, Adds: []Layer{Timexes}, Fn: func(_ context.Context, st *State) error {
		d := st.Doc
		d.Timexes = opt.Find(d.Text, d.Sentences, d.Tokens, st.Date)
		return nil
	}}
}

// Segment is the step that splits a document into paragraphs (kept when the document has them), sentences and
// tokens.
func Segment() Step {
	return StepFunc{StepName: "segment", Adds: []Layer{Paragraphs, Sentences, Tokens}, Fn: func(_ context.Context, st *State) error {
		d := st.Doc
		d.Paragraphs, d.Sentences, d.Tokens = segment.Segment(d.Text, d.Paragraphs)
		return nil
	}}
}

// NER is the step that finds names with m, sentence by sentence, with the whole document as context. The model
// is English: a document in another language (Document.Language set and not "en") gets no NER names, so its
// entities are the gazetteer's names found by the entity step, rather than guesses.
func NER(m *ner.Model) Step {
	return StepFunc{StepName: "ner", Needs: []Layer{Sentences, Tokens}, Adds: []Layer{Names}, Fn: func(_ context.Context, st *State) error {
		d := st.Doc
		st.Names = st.Names[:0]
		if d.Language != "" && d.Language != "en" {
			return nil
		}
		sents := make([][]string, len(d.Sentences))
		for i, s := range d.Sentences {
			words := make([]string, 0, s.TokenEnd-s.TokenStart)
			for _, t := range d.Tokens[s.TokenStart:s.TokenEnd] {
				words = append(words, t.In(d.Text))
			}
			sents[i] = words
		}
		tags := m.TagDocument(sents)
		for i, spans := range tags {
			first := d.Sentences[i].TokenStart
			for _, sp := range spans {
				st.Names = append(st.Names, entity.Name{First: first + sp.Start, End: first + sp.End, Label: sp.Label})
			}
		}
		return nil
	}}
}

// Resolve is the step that turns names into mentions of canonical entities.
func Resolve(r *entity.Resolver) Step {
	return StepFunc{StepName: "entities", Needs: []Layer{Sentences, Tokens, Names}, Adds: []Layer{Mentions, Entities}, Fn: func(_ context.Context, st *State) error {
		d := st.Doc
		d.Mentions, d.Entities = r.Resolve(d.Text, d.Sentences, d.Tokens, st.Names, st.Date)
		return nil
	}}
}
