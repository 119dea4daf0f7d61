package annotate_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"newsgraph"
	"newsgraph/annotate"
)

func TestNewChecksOrder(t *testing.T) {
	noop := func(context.Context, *annotate.State) error { return nil }
	a := annotate.StepFunc{StepName: "a", Adds: []annotate.Layer{annotate.Tokens}, Fn: noop}
	b := annotate.StepFunc{StepName: "b", Needs: []annotate.Layer{annotate.Tokens}, Adds: []annotate.Layer{annotate.Names}, Fn: noop}
	if _, err := annotate.New(a, b); err != nil {
		t.Errorf("New(a, b) = %v, want a pipeline", err)
	}
	if _, err := annotate.New(b, a); err == nil || !strings.Contains(err.Error(), "requires tokens") {
		t.Errorf("New(b, a) = %v, want an error naming the missing layer", err)
	}
	if _, err := annotate.New(a, a); err == nil || !strings.Contains(err.Error(), "both provide") {
		t.Errorf("New(a, a) = %v, want an error naming the layer provided twice", err)
	}
	p, err := annotate.Default(annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.Steps(), " "); got != "segment ner entities timex quotes events" {
		t.Errorf("Default steps = %q", got)
	}
}

func TestStepErrorNamesStep(t *testing.T) {
	boom := errors.New("boom")
	p, err := annotate.New(annotate.StepFunc{StepName: "fails", Fn: func(context.Context, *annotate.State) error { return boom }})
	if err != nil {
		t.Fatal(err)
	}
	err = p.Annotate(context.Background(), &newsgraph.Document{Text: "x"})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "fails") {
		t.Errorf("Annotate error = %v, want it to wrap the step's error and name the step", err)
	}
}

func TestOtherLanguagesGetGazetteerNamesOnly(t *testing.T) {
	p, err := annotate.Default(annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := "Die Menschen in Deutschland sprechen mit Russland. Dass Paul Schmidt kommt, ist klar."
	d := &newsgraph.Document{Text: text, Language: "de"}
	if err := p.Annotate(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range d.Mentions {
		names = append(names, m.In(text))
		if d.Entities[m.Entity].Known == false {
			t.Errorf("German text: mention %q is a guess, not a gazetteer name", m.In(text))
		}
	}
	if len(d.Mentions) == 0 {
		t.Errorf("German text: no gazetteer names found (mentions %v)", names)
	}
	d = &newsgraph.Document{Text: "Paul Schmidt met Anna Weber in Berlin.", Language: "en"}
	if err := p.Annotate(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if len(d.Entities) < 2 {
		t.Errorf("English text: entities %+v, want the people NER finds", d.Entities)
	}
}
