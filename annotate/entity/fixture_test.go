package entity

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"newsgraph"
	"newsgraph/annotate/gazetteer"
	"newsgraph/annotate/segment"
)

// fixture is a small gazetteer in the .gaz format, written for these tests.
const fixture = `
[RUS]
kind: country
label: LOC
name: Russia
alias: Russian Federation
demonym: Russian | Russians
capital: moscow
seat: the Kremlin | Kremlin
cameo: RUS

[moscow]
kind: city
label: LOC
name: Moscow
country: RUS
capital-of: RUS

[SYR]
kind: country
label: LOC
name: Syria
alias: Syrian Arab Republic
demonym: Syrian | Syrians
capital: damascus
cameo: SYR

[damascus]
kind: city
label: LOC
name: Damascus
country: SYR
capital-of: SYR

[TUR]
kind: country
label: LOC
name: Turkey
alias: Turkiye | Republic of Turkey
demonym: Turkish | Turks
capital: ankara
seat: Ankara
cameo: TUR

[ankara]
kind: city
label: LOC
name: Ankara
country: TUR
capital-of: TUR

[IRN]
kind: country
label: LOC
name: Iran
demonym: Iranian | Iranians
cameo: IRN

[JOR]
kind: country
label: LOC
name: Jordan
demonym: Jordanian | Jordanians
cameo: JOR

[QAT]
kind: country
label: LOC
name: Qatar
demonym: Qatari | Qataris
cameo: QAT

[USA]
kind: country
label: LOC
name: United States
alias: US | U.S. | United States of America
demonym: American | Americans
seat: the White House | White House
cameo: USA

[UNO]
kind: igo
label: ORG
name: United Nations
alias: UN | U.N.
cameo: IGOUNO

[unsc]
kind: igo
label: ORG
name: UN Security Council
alias: United Nations Security Council | UNSC
cameo: IGOUNO

[hts]
kind: group
label: ORG
name: Hayat Tahrir al-Sham
alias: HTS | Tahrir al-Sham
country: SYR
cameo: SYRREB

[isil]
kind: group
label: ORG
name: Islamic State
alias: IS | ISIS | ISIL | Islamic State of Iraq and the Levant
cameo: IMGMUSISI

[sergei-lavrov]
kind: person
label: PER
name: Sergei Lavrov
alias: Sergey Lavrov
country: RUS
role: foreign-minister | RUS | 2004-03-09 | | Minister of Foreign Affairs

[vladimir-putin]
kind: person
label: PER
name: Vladimir Putin
country: RUS
role: head-of-state | RUS | 2012-05-07 | | President

[mikhail-mishustin]
kind: person
label: PER
name: Mikhail Mishustin
country: RUS
role: head-of-government | RUS | 2020-01-16 | | Prime Minister

[bashar-al-assad]
kind: person
label: PER
name: Bashar al-Assad
country: SYR
role: head-of-state | SYR | 2000-07-17 | 2024-12-08 | President

[hafez-al-assad]
kind: person
label: PER
name: Hafez al-Assad
country: SYR
role: head-of-state | SYR | 1971-03-14 | 2000-06-10 | President

[tamim-bin-hamad-al-thani]
kind: person
label: PER
name: Tamim bin Hamad Al Thani
country: QAT
role: head-of-state | QAT | 2013-06-25 | | Emir

[hakan-fidan]
kind: person
label: PER
name: Hakan Fidan
country: TUR
role: foreign-minister | TUR | 2023-06-04 | | Minister of Foreign Affairs

[mevlut-cavusoglu]
kind: person
label: PER
name: Mevlüt Çavuşoğlu
country: TUR
role: foreign-minister | TUR | 2014-08-29 | 2023-06-04 | Minister of Foreign Affairs

[recep-tayyip-erdogan]
kind: person
label: PER
name: Recep Tayyip Erdoğan
country: TUR
role: head-of-state | TUR | 2014-08-28 | | President

[yevgeny-primakov]
kind: person
label: PER
name: Yevgeny Primakov
country: RUS
role: foreign-minister | RUS | 1996-01-09 | 1998-09-11 | Minister of Foreign Affairs
role: head-of-government | RUS | 1998-09-11 | 1999-05-12 | Prime Minister

[abbas-araghchi]
kind: person
label: PER
name: Abbas Araghchi
country: IRN
role: foreign-minister | IRN | 2024-08-21 | | Minister of Foreign Affairs
`

func fixtureGaz(t testing.TB) *gazetteer.Gazetteer {
	t.Helper()
	g := gazetteer.New()
	if err := g.Load(strings.NewReader(fixture), "fixture.gaz"); err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	return g
}

// tag is a hand-made NER span: every occurrence of the token sequence of Text gets Label.
type tag struct{ Label, Text string }

// names finds the tags in the tokens: each occurrence of a tag's tokens, longer tags first, not overlapping
// another tag.
func names(text string, toks []newsgraph.Span, tags []tag) []Name {
	var out []Name
	used := make([]bool, len(toks))
	tags = slices.Clone(tags)
	slices.SortStableFunc(tags, func(a, b tag) int { return len(b.Text) - len(a.Text) })
	for _, tg := range tags {
		_, _, want := segment.Segment(tg.Text, nil)
	next:
		for i := 0; i+len(want) <= len(toks); i++ {
			for k, w := range want {
				if toks[i+k].In(text) != w.In(tg.Text) || used[i+k] {
					continue next
				}
			}
			for k := range want {
				used[i+k] = true
			}
			out = append(out, Name{First: i, End: i + len(want), Label: tg.Label})
		}
	}
	return out
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// run segments text, tags it and resolves it.
func run(r *Resolver, text string, tags []tag, date time.Time) ([]newsgraph.Mention, []newsgraph.DocEntity, []newsgraph.Sentence, []newsgraph.Span) {
	_, sents, toks := segment.Segment(text, nil)
	ms, es := r.Resolve(text, sents, toks, names(text, toks, tags), date)
	return ms, es, sents, toks
}

// render writes mentions as "text/LABEL/kind=entity-id".
func render(text string, ms []newsgraph.Mention, es []newsgraph.DocEntity) []string {
	var out []string
	for _, m := range ms {
		id := "-"
		if m.Entity >= 0 && m.Entity < len(es) {
			id = es[m.Entity].ID
			if !es[m.Entity].Known {
				id = "?" + es[m.Entity].Name
			}
		}
		k := ""
		if m.Kind != newsgraph.MentionName {
			k = "/" + string(m.Kind)
		}
		out = append(out, fmt.Sprintf("%s/%s%s=%s", m.In(text), m.Label, k, id))
	}
	return out
}

func segmentText(text string) ([]newsgraph.Span, []newsgraph.Sentence, []newsgraph.Span) {
	return segment.Segment(text, nil)
}
