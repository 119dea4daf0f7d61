package quote_test

import (
	"strings"
	"testing"

	"newsgraph"
	"newsgraph/annotate/quote"
	"newsgraph/annotate/segment"
)

// ment is a hand-made mention: the text it covers (its first occurrence after the previous mention's), label,
// kind and the canonical entity it links to.
type ment struct {
	text, label string
	kind        newsgraph.MentionKind
	entity      string
}

// mkDoc segments text and adds the mentions, as the pipeline would; every sentence is dated "2024-12-07".
func mkDoc(t *testing.T, text string, ms ...ment) *newsgraph.Document {
	t.Helper()
	d := &newsgraph.Document{Text: text}
	d.Paragraphs, d.Sentences, d.Tokens = segment.Segment(text, nil)
	for i := range d.Sentences {
		d.Sentences[i].Date = "2024-12-07"
	}
	ents := map[string]int{}
	at := 0
	for _, m := range ms {
		i := strings.Index(text[at:], m.text)
		if i < 0 {
			t.Fatalf("mention %q not in %q after %d", m.text, text, at)
		}
		sp := newsgraph.Span{Start: at + i, End: at + i + len(m.text)}
		at = sp.End
		e, ok := ents[m.entity]
		if !ok {
			e = len(d.Entities)
			ents[m.entity] = e
			d.Entities = append(d.Entities, newsgraph.DocEntity{Entity: newsgraph.Entity{ID: m.entity, Name: m.entity, Label: m.label}})
		}
		si := 0
		for j, s := range d.Sentences {
			if s.Start <= sp.Start && sp.Start < s.End {
				si = j
			}
		}
		kind := m.kind
		if kind == "" {
			kind = newsgraph.MentionName
		}
		d.Mentions = append(d.Mentions, newsgraph.Mention{Span: sp, Label: m.label, Kind: kind, Sentence: si, Entity: e})
	}
	return d
}

// want is an expected quote: its content, direct or not, cue, speaker as written and canonical speaker ("" for
// none).
type want struct {
	content string
	direct  bool
	cue     string
	speaker string
	entity  string
}

func got(d *newsgraph.Document, qs []newsgraph.Quote) []want {
	var out []want
	for _, q := range qs {
		w := want{content: q.In(d.Text), direct: q.Direct, cue: q.Cue.In(d.Text), speaker: q.Speaker.In(d.Text)}
		if q.Entity >= 0 {
			w.entity = d.Entities[q.Entity].Name
		}
		out = append(out, w)
	}
	return out
}

var (
	petrov  = ment{"Petrov", "PER", "", "Ivan Petrov"}
	ivanova = ment{"Ivanova", "PER", "", "Olga Ivanova"}
)

func TestFind(t *testing.T) {
	tests := []struct {
		name string
		text string
		ms   []ment
		opt  quote.Options
		want []want
	}{
		{"after", "“We will not retreat,” Petrov said.", []ment{petrov},
			quote.Options{}, []want{{"We will not retreat,", true, "said", "Petrov", "Ivan Petrov"}}},
		{"inverted, split", "“The talks failed,” said Petrov. “We will try again next month.”", []ment{petrov},
			quote.Options{}, []want{
				{"The talks failed,", true, "said", "Petrov", "Ivan Petrov"},
				{"We will try again next month.", true, "said", "Petrov", "Ivan Petrov"}}},
		{"split by comma", "“The talks failed,” Petrov said, “but we will try again.”", []ment{petrov},
			quote.Options{}, []want{
				{"The talks failed,", true, "said", "Petrov", "Ivan Petrov"},
				{"but we will try again.", true, "said", "Petrov", "Ivan Petrov"}}},
		{"straight marks after colon", `The mayor of the city said: "Prices will fall."`, nil,
			quote.Options{}, []want{{"Prices will fall.", true, "said", "The mayor of the city", ""}}},
		{"guillemets", "The envoy told reporters «the bridge is safe».", nil,
			quote.Options{}, []want{{"the bridge is safe", true, "told", "The envoy", ""}}},
		{"pronoun speaker", "Petrov arrived late. “Nothing has changed,” he said.",
			[]ment{petrov, {"he", "PER", newsgraph.MentionPronoun, "Ivan Petrov"}},
			quote.Options{}, []want{{"Nothing has changed,", true, "said", "he", "Ivan Petrov"}}},
		{"unclosed closes at paragraph end", "Ivanova said that “the plan is dead.\n\nThe vote is on Monday.", []ment{ivanova},
			quote.Options{}, []want{{"the plan is dead.", true, "said", "Ivanova", "Olga Ivanova"}}},
		{"unclosed dropped", "Ivanova said that “the plan is dead.\n\nThe vote is on Monday.", []ment{ivanova},
			quote.Options{DropUnclosed: true}, []want{{"that “the plan is dead", false, "said", "Ivanova", "Olga Ivanova"}}},
		{"over paragraphs", "“The first part,” Ivanova said. “It goes on.\n\n“And it ends here.”\n\nThe vote is on Monday.", []ment{ivanova},
			quote.Options{}, []want{
				{"The first part,", true, "said", "Ivanova", "Olga Ivanova"},
				{"It goes on.", true, "said", "Ivanova", "Olga Ivanova"},
				{"And it ends here.", true, "said", "Ivanova", "Olga Ivanova"}}},
		{"partial quote in reported speech", "Ivanova said it would be “unacceptable” to wait.", []ment{ivanova},
			quote.Options{}, []want{
				{"it would be “unacceptable” to wait", false, "said", "Ivanova", "Olga Ivanova"},
				{"unacceptable", true, "said", "Ivanova", "Olga Ivanova"}}},
		{"said that", "Petrov said on Friday that the border would stay closed.", []ment{petrov},
			quote.Options{}, []want{{"that the border would stay closed", false, "said", "Petrov", "Ivan Petrov"}}},
		{"said without that", "Petrov also said the border would stay closed.", []ment{petrov},
			quote.Options{}, []want{{"the border would stay closed", false, "said", "Petrov", "Ivan Petrov"}}},
		{"direct only", "Petrov also said the border would stay closed.", []ment{petrov},
			quote.Options{DirectOnly: true}, nil},
		{"according to", "According to the ministry, the border will stay closed.", []ment{{"ministry", "ORG", "", "Ministry"}},
			quote.Options{}, []want{{"the border will stay closed", false, "According to", "the ministry", "Ministry"}}},
		{"attribution after", "The border will stay closed, the Defence Ministry said.", []ment{{"Defence Ministry", "ORG", "", "Defence Ministry"}},
			quote.Options{}, []want{{"The border will stay closed", false, "said", "the Defence Ministry", "Defence Ministry"}}},
		{"warned that", "Petrov warned that talks could collapse.", []ment{petrov},
			quote.Options{}, []want{{"that talks could collapse", false, "warned", "Petrov", "Ivan Petrov"}}},
		{"spokesman", "Petrov's spokesman said talks would resume.", []ment{petrov},
			quote.Options{}, []want{{"talks would resume", false, "said", "Petrov's spokesman", ""}}},
		{"apposition", "“We are ready,” Ivanova, the head of the committee, told reporters.", []ment{ivanova},
			quote.Options{}, []want{{"We are ready,", true, "told", "Ivanova", "Olga Ivanova"}}},
		{"byline after dash", "“The bridge must reopen.” ― Olga Ivanova\n“Prices are too high.” ― Ivan Petrov\n",
			[]ment{{"Olga Ivanova", "PER", "", "Olga Ivanova"}, {"Ivan Petrov", "PER", "", "Ivan Petrov"}},
			quote.Options{}, []want{
				{"The bridge must reopen.", true, "―", "Olga Ivanova", "Olga Ivanova"},
				{"Prices are too high.", true, "―", "Ivan Petrov", "Ivan Petrov"}}},
		{"headline colon", "Opposition leader Karimov: “We are not leaving”\n\nThe talks went on.", []ment{{"Karimov", "PER", "", "Aziz Karimov"}},
			quote.Options{}, []want{{"We are not leaving", true, ":", "Opposition leader Karimov", "Aziz Karimov"}}},
		{"dash line", "- If they cared about the country, they would stop, he said.", nil,
			quote.Options{}, []want{{"If they cared about the country, they would stop", true, "said", "he", ""}}},
		{"colon paragraph", "Ivanova answered the critics:\n\n“We did what we promised.”", []ment{ivanova},
			quote.Options{}, []want{{"We did what we promised.", true, "answered", "Ivanova", "Olga Ivanova"}}},
		{"colon paragraph, no verb", "On Monday Ivanova turned to the critics:\n\n“We did what we promised.”", []ment{ivanova},
			quote.Options{}, []want{{"We did what we promised.", true, ":", "Ivanova", "Olga Ivanova"}}},
		{"clause ends before adding", "Petrov said the deal was “dead,” adding that talks would go on.", []ment{petrov},
			quote.Options{}, []want{
				{"the deal was “dead,”", false, "said", "Petrov", "Ivan Petrov"},
				{"dead,", true, "said", "Petrov", "Ivan Petrov"},
				{"that talks would go on", false, "adding", "Petrov", "Ivan Petrov"}}},
		{"clause ends before which", "Ivanova said that she would “look at” the bill, which passed on Monday.", []ment{ivanova},
			quote.Options{}, []want{
				{"that she would “look at” the bill", false, "said", "Ivanova", "Olga Ivanova"},
				{"look at", true, "said", "Ivanova", "Olga Ivanova"}}},
		{"title is no speech", "Petrov said on Channel One's “Evening News” that prices would fall.", []ment{petrov},
			quote.Options{}, []want{{"that prices would fall", false, "said", "Petrov", "Ivan Petrov"}}},
		{"called, clause around the quotation", "Petrov called the plan “a trap” on Monday.", []ment{petrov},
			quote.Options{}, []want{
				{"the plan “a trap” on Monday", false, "called", "Petrov", "Ivan Petrov"},
				{"a trap", true, "called", "Petrov", "Ivan Petrov"}}},
		{"quotation before the cue, nothing after", "“We are ready,” Petrov told reporters after the talks.", []ment{petrov},
			quote.Options{}, []want{{"We are ready,", true, "told", "Petrov", "Ivan Petrov"}}},
		{"same speaker in a relative clause", "“We tried,” said Petrov, who wrote about it later. “It failed.”", []ment{petrov},
			quote.Options{}, []want{
				{"We tried,", true, "said", "Petrov", "Ivan Petrov"},
				{"It failed.", true, "said", "Petrov", "Ivan Petrov"}}},
		{"speech without cue, speaker goes on", "Petrov spoke for an hour.\n\n“We will never give up the fight.”", []ment{petrov},
			quote.Options{}, nil},
		{"speech without cue after a cue", "Petrov said the vote was lost. “We will never give up the fight.”", []ment{petrov},
			quote.Options{}, []want{
				{"the vote was lost", false, "said", "Petrov", "Ivan Petrov"},
				{"We will never give up the fight.", true, "", "Petrov", "Ivan Petrov"}}},
		{"scare quotes dropped", "The so-called “peace zones” were empty.", nil,
			quote.Options{}, nil},
		{"scare quotes kept", "The so-called “peace zones” were empty.", nil,
			quote.Options{KeepUnattributed: true}, []want{{"peace zones", true, "", "", ""}}},
		{"apostrophes are no marks", "The rebels’ advance surprised Moscow’s allies.", nil,
			quote.Options{KeepUnattributed: true}, nil},
		{"split by a title", "“We will win,” Petrov said on Channel One's “Evening News.” “The vote is ours.”", []ment{petrov},
			quote.Options{}, []want{
				{"We will win,", true, "said", "Petrov", "Ivan Petrov"},
				{"The vote is ours.", true, "said", "Petrov", "Ivan Petrov"}}},
		{"time phrase before the verb", "“The plan is dead,” Petrov earlier this week told reporters.", []ment{petrov},
			quote.Options{}, []want{{"The plan is dead,", true, "told", "Petrov", "Ivan Petrov"}}},
		{"verb of manner after a question", "“Why is the bridge still closed?” Ivanova demanded.", []ment{ivanova},
			quote.Options{}, []want{{"Why is the bridge still closed?", true, "demanded", "Ivanova", "Olga Ivanova"}}},
	}
	// Cases checked with the rules alone, and why the learned model may decide otherwise.
	rulesOnly := map[string]string{
		"speech without cue after a cue": "the model keeps an unattributed quotation where PolNeAR's annotators attribute such ones",
	}
	for _, tc := range tests {
		for _, rules := range []bool{true, false} {
			if !rules && rulesOnly[tc.name] != "" {
				continue
			}
			tc.opt.Rules = rules
			d := mkDoc(t, tc.text, tc.ms...)
			qs := quote.Find(d, tc.opt)
			checkQuotes(t, tc.name, d, qs)
			g := got(d, qs)
			if len(g) != len(tc.want) {
				t.Errorf("%s: Find(%q, %+v) = %+v, want %+v", tc.name, tc.text, tc.opt, g, tc.want)
				continue
			}
			for i := range g {
				if g[i] != tc.want[i] {
					t.Errorf("%s: Find(%q, %+v)[%d] = %+v, want %+v", tc.name, tc.text, tc.opt, i, g[i], tc.want[i])
				}
			}
			for _, q := range qs {
				if q.Date != "2024-12-07" {
					t.Errorf("%s: Find(%q) quote date %q, want the sentence's", tc.name, tc.text, q.Date)
				}
			}
		}
	}
}

func TestFindEmpty(t *testing.T) {
	if qs := quote.Find(&newsgraph.Document{}, quote.Options{}); len(qs) != 0 {
		t.Errorf("Find(empty document) = %v, want none", qs)
	}
	// Sentences without tokens, mentions out of order: no panic, no quote outside the text.
	d := mkDoc(t, "“Yes,” he said.")
	d.Mentions = append(d.Mentions, newsgraph.Mention{Span: newsgraph.Span{Start: 8, End: 10}, Entity: -1})
	checkQuotes(t, "unlinked mention", d, quote.Find(d, quote.Options{}))
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"“We will not retreat,” Petrov said.",
		"“A,” he said. “B\n\n“C”",
		`He said: "x`, "« »", "'", "‘a’ ’b‘", "According to , .", "- , he said.", "X: “”",
		"said said said “ ” “ ”", "\"\"\"\"", "Ivanova said it would be “unacceptable” to wait.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d := &newsgraph.Document{Text: text}
		d.Paragraphs, d.Sentences, d.Tokens = segment.Segment(text, nil)
		for _, opt := range []quote.Options{{}, {Rules: true}, {DropUnclosed: true, KeepUnattributed: true}} {
			qs := quote.Find(d, opt)
			checkQuotes(t, "fuzz", d, qs)
			for _, q := range qs {
				if q.Mention != -1 || q.Entity != -1 {
					t.Errorf("Find(%q): quote with mention %d, entity %d in a document without mentions", text, q.Mention, q.Entity)
				}
			}
		}
	})
}
