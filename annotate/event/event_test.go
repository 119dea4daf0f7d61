package event_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"newsgraph"
	"newsgraph/annotate"
	"newsgraph/annotate/event"
	"newsgraph/annotate/gazetteer"
)

var (
	pipeOnce sync.Once
	pipe     *annotate.Pipeline
	coder    *event.Coder
	pipeErr  error
)

func setup(t testing.TB) (*annotate.Pipeline, *event.Coder) {
	t.Helper()
	pipeOnce.Do(func() {
		g := gazetteer.Default()
		pipe, pipeErr = annotate.Default(annotate.Options{Gazetteer: g})
		coder = event.New(g, event.Options{})
	})
	if pipeErr != nil {
		t.Fatal(pipeErr)
	}
	return pipe, coder
}

// codeText annotates text published on the given day and codes it.
func codeText(t testing.TB, text, published string) (*newsgraph.Document, []newsgraph.Event) {
	t.Helper()
	p, c := setup(t)
	d := &newsgraph.Document{Text: text}
	if published != "" {
		pub, err := time.Parse(time.DateOnly, published)
		if err != nil {
			t.Fatal(err)
		}
		d.Published = pub
	}
	if err := p.Annotate(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	evs := c.Code(d)
	checkEvents(t, d, evs)
	return d, evs
}

// render writes events as "SRC CODE TGT" with actor CAMEO codes, sorted.
func render(d *newsgraph.Document, evs []newsgraph.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Source.CAMEO+" "+e.Code+" "+e.Target.CAMEO)
	}
	slices.Sort(out)
	return out
}

// checkEvents checks the invariants every event holds.
func checkEvents(t testing.TB, d *newsgraph.Document, evs []newsgraph.Event) {
	t.Helper()
	for i, e := range evs {
		inText := func(sp newsgraph.Span) bool { return sp.Start >= 0 && sp.End <= len(d.Text) && sp.Start <= sp.End }
		if !inText(e.Span) || !inText(e.Cue) || !inText(e.Source.Span) || !inText(e.Target.Span) {
			t.Errorf("event %d %+v: span outside the text", i, e)
			continue
		}
		if e.Sentence < 0 || e.Sentence >= len(d.Sentences) || e.Date != d.Sentences[e.Sentence].Date {
			t.Errorf("event %d: sentence %d, date %q", i, e.Sentence, e.Date)
		}
		if e.Cue.Start < e.Span.Start || e.Cue.End > e.Span.End {
			t.Errorf("event %d: cue %v outside its span %v", i, e.Cue, e.Span)
		}
		if event.Root(e.Code) != "" && e.QuadClass != event.QuadClass(e.Code) {
			t.Errorf("event %d: code %s quad class %d", i, e.Code, e.QuadClass)
		}
		if e.Goldstein < -10 || e.Goldstein > 10 {
			t.Errorf("event %d: Goldstein %v", i, e.Goldstein)
		}
		for _, ix := range []int{e.Source.Entity, e.Target.Entity, e.Location, e.Reporter} {
			if ix < -1 || ix >= len(d.Entities) {
				t.Errorf("event %d: entity index %d of %d", i, ix, len(d.Entities))
			}
		}
		if e.Source.Entity >= 0 && e.Source.Entity == e.Target.Entity {
			t.Errorf("event %d: %s acts on itself", i, d.Entities[e.Source.Entity].Name)
		}
	}
}

// TestCode codes one sentence per phenomenon and compares the events as "SOURCE CODE TARGET" (CAMEO actor
// codes), sorted.
func TestCode(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		// coordination: one event per source, per target
		{"Russia, Iran and Turkey urged Israel to negotiate.", []string{"IRN 026 ISR", "RUS 026 ISR", "TUR 026 ISR"}},
		{"The United Nations criticised Israel and Iran.", []string{"IGOUNO 111 IRN", "IGOUNO 111 ISR"}},
		// a possessor inside the list belongs to the actor after it
		{"Israel and Egypt's army attacked Syria.", []string{"EGYMIL 190 SYR", "ISR 190 SYR"}},
		// passive voice swaps source and target; without "by" nobody acted
		{"Aleppo was attacked by Syrian rebels.", []string{"SYRREB 190 SYR"}},
		{"Aleppo was attacked on Sunday.", nil},
		// reported frames: the event inside the report, not the saying
		{"Lavrov said Russia is helping the Syrian soldiers with weapons.", []string{"RUS 072 SYRMIL"}},
		// negation and refusal
		{"Assad refused to talk to Turkey.", []string{"SYRGOV 125 TUR"}},
		{"Erdogan did not meet Assad.", nil},
		{"Erdogan never visited Damascus.", nil},
		// conditionals, modals and plans
		{"If Turkey attacks Syria, Russia would condemn Ankara.", nil},
		{"Erdogan could visit Moscow next month.", nil},
		{"Iran may send weapons to Syria.", nil},
		{"Turkey plans to attack Kurdish fighters.", nil},
		// meetings: participants meet each other; talks with
		{"Lavrov, Wang Yi and Fidan met on the sidelines of the Doha Forum.", []string{
			"CHNGOV 040 RUSGOV", "CHNGOV 040 TURGOV", "RUSGOV 040 CHNGOV", "RUSGOV 040 TURGOV", "TURGOV 040 CHNGOV", "TURGOV 040 RUSGOV"}},
		{"Turkey held talks with Iran on Monday.", []string{"IRN 040 TUR", "TUR 040 IRN"}},
		{"President Vladimir Putin met Erdogan in Sochi.", []string{"RUSGOV 040 TURGOV", "TURGOV 040 RUSGOV"}},
		{"Erdogan visited Moscow.", []string{"RUSGOV 043 TURGOV", "TURGOV 042 RUSGOV"}},
		// intent, threats, appeals built on another verb
		{"Qatar pledged to help Syria.", []string{"QAT 033 SYR"}},
		{"Iran threatened to attack Israel.", []string{"IRN 138 ISR"}},
		// agents: military, rebels, police, government
		{"Turkish forces shelled Kurdish fighters near Kobani.", []string{"TURMIL 194 REB"}},
		{"Russian warplanes bombed the rebels in Idlib.", []string{"RUSMIL 195 REB"}},
		{"Police arrested an Iranian diplomat in Berlin.", []string{"COP 173 IRNGOV"}},
		{"Syrian rebels captured Aleppo.", []string{"SYRREB 190 SYR"}},
		// cooperation and conflict verbs
		{"Erdogan accused Assad of war crimes.", []string{"TURGOV 112 SYRGOV"}},
		{"China signed an agreement with Russia.", []string{"CHN 057 RUS", "RUS 057 CHN"}},
		{"Turkey and Syria restored diplomatic ties.", []string{"SYR 050 TUR", "TUR 050 SYR"}},
		{"The European Union imposed sanctions on Russia.", []string{"IGOEUREEC 163 RUS"}},
		{"Russia praised Turkey.", []string{"RUS 051 TUR"}},
		{"Israel demanded that Iran stop.", []string{"ISR 100 IRN"}},
		// nouns that look like verbs
		{"Israeli strikes hit Gaza.", nil},
		// event nouns: "between", a possessor, "by", the subject of the clause they stand in
		{"The talks between Russia and Turkey ended.", []string{"RUS 040 TUR", "TUR 040 RUS"}},
		{"Erdogan spoke after talks with Vladimir Putin.", []string{"RUSGOV 040 TURGOV", "TURGOV 040 RUSGOV"}},
		{"Rocket attacks by Syrian rebels on Damascus killed 12 people.", []string{"SYRREB 190 SYRGOV"}},
		{"Russian President Vladimir Putin's visit to Turkey ended on Monday.", []string{"RUSGOV 042 TUR", "TUR 043 RUSGOV"}},
		{"The planned talks between Russia and Turkey were cancelled.", nil},
		{"Russia urged talks with Turkey.", []string{"RUS 020 TUR"}}, // an appeal, not talks
		// the object of a verb: an event noun with its agent, a place after "at" for an act of force
		{"Russia condemned an attack by Kurdish militants.", []string{"RUS 111 REB"}},
		{"Israel fired rockets at Syria.", []string{"ISR 195 SYR"}},
		// a verb after "and" shares the first one's subject; lists with "the" and the like
		{"Russia bombed Aleppo and killed Syrian soldiers.", []string{"RUS 190 SYRMIL", "RUS 195 SYR"}},
		{"Russia did not attack Turkey but bombed Syria.", []string{"RUS 195 SYR"}},
		{"Rebels attacked Aleppo and the city of Homs.", []string{"REB 190 SYR", "REB 190 SYR"}}, // two cities of Syria
		// a name before a noun and another name: the last is the actor
		{"Assad ally Iran condemned Israel.", []string{"IRN 111 ISR"}},
		// agents joined by "from": "soldiers from Turkey"; a verb is no modifier of an actor
		{"Turkey attacked Kurdish fighters.", []string{"TUR 190 REB"}},
		{"Soldiers from Turkey attacked Kurdish fighters.", []string{"TURMIL 190 REB"}},
		// no target, no event
		{"Russia, Iran and Turkey called for a ceasefire in Syria.", nil},
	}
	for _, tt := range tests {
		d, evs := codeText(t, tt.text, "2024-12-07")
		got := render(d, evs)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Code(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestCodeFields checks the reporter, location, date and cue of events.
func TestCodeFields(t *testing.T) {
	d, evs := codeText(t, "Lavrov said Russia is helping the Syrian soldiers in Aleppo.", "2024-12-07")
	if len(evs) != 1 {
		t.Fatalf("Code = %q, want one event", render(d, evs))
	}
	e := evs[0]
	if e.Reporter < 0 || d.Entities[e.Reporter].ID != "sergei-lavrov" {
		t.Errorf("reporter = %d, want Lavrov", e.Reporter)
	}
	if e.Location < 0 || d.Entities[e.Location].ID != "aleppo" {
		t.Errorf("location = %d, want Aleppo", e.Location)
	}
	if got := e.Cue.In(d.Text); got != "helping" {
		t.Errorf("cue = %q, want helping", got)
	}
	if e.Code != "070" || e.QuadClass != 2 || e.Goldstein != 7 {
		t.Errorf("code %s quad %d goldstein %v, want 070 2 7", e.Code, e.QuadClass, e.Goldstein)
	}
	if e.Source.Entity < 0 || d.Entities[e.Source.Entity].ID != "RUS" || e.Source.In(d.Text) != "Russia" {
		t.Errorf("source = %+v", e.Source)
	}

	// The sentence's date, not the publication date.
	d, evs = codeText(t, "Putin met Erdogan in Sochi.\nOn November 26, Turkey praised Russia.", "2024-12-07")
	var dates []string
	for _, e := range evs {
		dates = append(dates, e.Code+" "+e.Date)
	}
	slices.Sort(dates)
	want := []string{"040 2024-12-07", "040 2024-12-07", "051 2024-11-26"}
	if !slices.Equal(dates, want) {
		t.Errorf("dates = %q, want %q", dates, want)
	}
}

// TestRoleAtDate checks that an actor's code follows its roles at the event's date: Putin was prime minister
// (a head of government) in 2010 and no office holder in 1995.
func TestRoleAtDate(t *testing.T) {
	for _, tt := range []struct {
		published, want string
	}{
		{"2010-06-01", "RUSGOV 111 USA"},
		{"2024-06-01", "RUSGOV 111 USA"},
		{"1995-06-01", "RUS 111 USA"},
	} {
		d, evs := codeText(t, "Vladimir Putin criticised the United States.", tt.published)
		if got := render(d, evs); !slices.Equal(got, []string{tt.want}) {
			t.Errorf("published %s: Code = %q, want %q", tt.published, got, tt.want)
		}
	}
}
