package entity

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"newsgraph"
)

// resolveCase is one document: its text, the spans a NER model would have found, the date, and the mentions
// expected, rendered by render ("text/LABEL[/kind]=entity ID", "?Name" for an entity the gazetteer lacks).
type resolveCase struct {
	name string
	text string
	tags []tag
	date string // "" for an unknown date
	want []string
}

func runCases(t *testing.T, r *Resolver, cases []resolveCase) {
	t.Helper()
	for _, c := range cases {
		var date time.Time
		if c.date != "" {
			date = day(c.date)
		}
		ms, es, sents, toks := run(r, c.text, c.tags, date)
		got := render(c.text, ms, es)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: Resolve(%q, tags %v, date %q)\n got  %q\n want %q", c.name, c.text, c.tags, c.date, got, c.want)
		}
		checkInvariants(t, c.text, sents, toks, ms, es)
	}
}

func TestNames(t *testing.T) {
	runCases(t, New(fixtureGaz(t), Options{}), []resolveCase{
		{name: "title and nationality outside the span",
			text: "Turkish President Recep Tayyip Erdogan spoke in Ankara on Monday.",
			tags: []tag{{"MISC", "Turkish"}, {"PER", "Recep Tayyip Erdogan"}, {"LOC", "Ankara"}},
			want: []string{"Turkish/NORP=TUR", "Recep Tayyip Erdogan/PER=recep-tayyip-erdogan", "Ankara/LOC=ankara"}},
		{name: "title inside the span",
			text: "The talks were opened by Foreign Minister Sergei Lavrov in Moscow.",
			tags: []tag{{"PER", "Foreign Minister Sergei Lavrov"}, {"LOC", "Moscow"}},
			want: []string{"Sergei Lavrov/PER=sergei-lavrov", "Moscow/LOC=moscow"}},
		{name: "country, title and honorific inside the span",
			text: "Qatar Prime Minister Sheikh Mohammed Al Thani chaired the meeting.",
			tags: []tag{{"PER", "Qatar Prime Minister Sheikh Mohammed Al Thani"}},
			want: []string{"Qatar/LOC=QAT", "Mohammed Al Thani/PER=?Mohammed Al Thani"}},
		{name: "possessive country inside the span",
			text: "Officials said Iran's Abbas Araghchi would attend.",
			tags: []tag{{"PER", "Iran 's Abbas Araghchi"}},
			want: []string{"Iran/LOC=IRN", "Abbas Araghchi/PER=abbas-araghchi"}},
		{name: "title alone is dropped",
			text: "The President will not travel, said Deputy Minister Ahmed Karimi.",
			tags: []tag{{"PER", "President"}, {"PER", "Deputy Minister Ahmed Karimi"}},
			want: []string{"Ahmed Karimi/PER=?Ahmed Karimi"}},
		{name: "possessive never inside a span",
			text: "Bashar al-Assad's army pulled back from Homs.",
			tags: []tag{{"PER", "Bashar al-Assad 's"}, {"LOC", "Homs"}},
			want: []string{"Bashar al-Assad/PER=bashar-al-assad", "Homs/LOC=?Homs"}},
		{name: "demonyms become NORP linked to the country",
			text: "Kurdish and Syrian militias clashed with Russian patrols.",
			tags: []tag{{"MISC", "Kurdish"}, {"MISC", "Syrian"}, {"MISC", "Russian"}},
			want: []string{"Kurdish/NORP=?Kurdish", "Syrian/NORP=SYR", "Russian/NORP=RUS"}},
		{name: "particle NER left out joins the name",
			text: "Abdel Fattah al-Sisi met Hakan Fidan.",
			tags: []tag{{"PER", "Abdel Fattah"}, {"MISC", "al-Sisi"}, {"PER", "Hakan Fidan"}},
			want: []string{"Abdel Fattah al-Sisi/PER=?Abdel Fattah al-Sisi", "Hakan Fidan/PER=hakan-fidan"}},
		{name: "a surname NER labelled a place",
			text: "Bashar al-Assad spoke. Critics of al-Assad left.",
			tags: []tag{{"PER", "Bashar al-Assad"}, {"LOC", "al-Assad"}},
			want: []string{"Bashar al-Assad/PER=bashar-al-assad", "al-Assad/PER=bashar-al-assad"}},
		{name: "a gazetteer person's surname NER labelled an organisation",
			text: "Critics of Araghchi left.",
			tags: []tag{{"ORG", "Araghchi"}},
			want: []string{"Araghchi/PER=abbas-araghchi"}},
		{name: "MISC words that are no demonyms stay MISC",
			text: "The Guardian and Alawite leaders.",
			tags: []tag{{"MISC", "Guardian"}, {"MISC", "Alawite"}},
			want: []string{"Guardian/MISC=?Guardian", "Alawite/NORP=?Alawite"}},
		{name: "gazetteer label wins",
			text: "Syria rejected the proposal from Turkiye.",
			tags: []tag{{"PER", "Syria"}, {"ORG", "Turkiye"}},
			want: []string{"Syria/LOC=SYR", "Turkiye/LOC=TUR"}},
	})
}

func TestGlued(t *testing.T) {
	// A tokenizer that leaves the possessive on the word: the span stops before it.
	r := New(fixtureGaz(t), Options{})
	text := "Assad's regime and Russia's army"
	var toks []newsgraph.Span
	for i := 0; i < len(text); {
		j := strings.IndexByte(text[i:], ' ')
		if j < 0 {
			j = len(text) - i
		}
		toks = append(toks, newsgraph.Span{Start: i, End: i + j})
		i += j + 1
	}
	sents := []newsgraph.Sentence{{Span: newsgraph.Span{Start: 0, End: len(text)}, TokenStart: 0, TokenEnd: len(toks)}}
	ms, es := r.Resolve(text, sents, toks, []Name{{0, 1, "PER"}}, day("2024-12-07"))
	got := render(text, ms, es)
	want := []string{"Assad/PER=bashar-al-assad", "Russia/LOC=RUS"}
	if !slices.Equal(got, want) {
		t.Errorf("Resolve(%q) = %q, want %q", text, got, want)
	}
	checkInvariants(t, text, sents, toks, ms, es)
}

func TestScan(t *testing.T) {
	runCases(t, New(fixtureGaz(t), Options{}), []resolveCase{
		{name: "groups, cities and IS inside a sentence",
			text: "Fighters of IS and HTS moved towards Damascus.",
			want: []string{"IS/ORG=isil", "HTS/ORG=hts", "Damascus/LOC=damascus"}},
		{name: "IS in a headline in capitals",
			text: "IS IT OVER FOR IS\n\nThe war goes on.",
			want: nil},
		{name: "is as a word",
			text: "Is the war over? It is, for now.",
			want: nil},
		{name: "IS first in a sentence",
			text: "IS claimed the attack.",
			want: nil},
		{name: "seat of power",
			text: "A statement from the Kremlin welcomed the deal.",
			want: []string{"Kremlin/ORG=RUS"}},
		{name: "NER pieces replaced by the gazetteer name",
			text: "The UN Security Council will vote on Friday.",
			tags: []tag{{"ORG", "UN"}, {"ORG", "Security Council"}},
			want: []string{"UN Security Council/ORG=unsc"}},
		{name: "nothing added inside other mentions",
			text: "Students of Damascus University marched.",
			tags: []tag{{"ORG", "Damascus University"}},
			want: []string{"Damascus University/ORG=?Damascus University"}},
		{name: "not part of a longer unknown name",
			text: "He teaches at Damascus Polytechnic now.",
			want: nil},
		{name: "acronym written in lower case",
			text: "The hts flag was raised.",
			want: nil},
		{name: "country before a title",
			text: "Syria Foreign Minister Walid al-Moualem spoke.",
			tags: []tag{{"PER", "Walid al-Moualem"}},
			want: []string{"Syria/LOC=SYR", "Walid al-Moualem/PER=?Walid al-Moualem"}},
	})
}

func TestCoreference(t *testing.T) {
	runCases(t, New(fixtureGaz(t), Options{}), []resolveCase{
		{name: "full name then surname",
			text: "Sergei Lavrov arrived late. Lavrov said the talks went well.",
			tags: []tag{{"PER", "Sergei Lavrov"}, {"PER", "Lavrov"}},
			want: []string{"Sergei Lavrov/PER=sergei-lavrov", "Lavrov/PER=sergei-lavrov"}},
		{name: "particles ignored, surname NER missed",
			text: "Rifaat al-Assad lived in exile. Al-Assad returned in 2021 and Assad was tried.",
			tags: []tag{{"PER", "Rifaat al-Assad"}, {"PER", "Al-Assad"}},
			want: []string{"Rifaat al-Assad/PER=?Rifaat al-Assad", "Al-Assad/PER=?Rifaat al-Assad", "Assad/PER=?Rifaat al-Assad"}},
		{name: "spelling variant of the surname",
			text: "Walid al-Moualem met the envoy. Mr. Mualem then left for Beirut.",
			tags: []tag{{"PER", "Walid al-Moualem"}, {"PER", "Mr. Mualem"}, {"LOC", "Beirut"}},
			want: []string{"Walid al-Moualem/PER=?Walid al-Moualem", "Mualem/PER=?Walid al-Moualem", "Beirut/LOC=?Beirut"}},
		{name: "two people with one surname: the later surname goes to the one named last",
			text: "Hafez al-Assad was succeeded by Bashar al-Assad. Assad promised reform.",
			tags: []tag{{"PER", "Hafez al-Assad"}, {"PER", "Bashar al-Assad"}, {"PER", "Assad"}},
			want: []string{"Hafez al-Assad/PER=hafez-al-assad", "Bashar al-Assad/PER=bashar-al-assad", "Assad/PER=bashar-al-assad"}},
		{name: "acronym defined in the text",
			text: "The Syrian Democratic Forces (SDF) hold the east. SDF commanders met on Tuesday.",
			tags: []tag{{"ORG", "Syrian Democratic Forces"}},
			want: []string{"Syrian Democratic Forces/ORG=?Syrian Democratic Forces", "SDF/ORG=?Syrian Democratic Forces", "SDF/ORG=?Syrian Democratic Forces"}},
		{name: "acronym by initials",
			text: "The Free Syrian Army said it had withdrawn. FSA units were seen near the border.",
			tags: []tag{{"ORG", "Free Syrian Army"}, {"ORG", "FSA"}},
			want: []string{"Free Syrian Army/ORG=?Free Syrian Army", "FSA/ORG=?Free Syrian Army"}},
		{name: "acronym through the gazetteer",
			text: "Hayat Tahrir al-Sham took the town. HTS later said it would hold it.",
			tags: []tag{{"ORG", "Hayat Tahrir al-Sham"}},
			want: []string{"Hayat Tahrir al-Sham/ORG=hts", "HTS/ORG=hts"}},
		{name: "a country, its demonym and its seat are one entity",
			text: "Russia warned Kyiv. The Kremlin said Russian troops would stay.",
			tags: []tag{{"LOC", "Russia"}, {"LOC", "Kyiv"}, {"MISC", "Russian"}},
			want: []string{"Russia/LOC=RUS", "Kyiv/LOC=?Kyiv", "Kremlin/ORG=RUS", "Russian/NORP=RUS"}},
	})
}

func TestLinking(t *testing.T) {
	runCases(t, New(fixtureGaz(t), Options{}), []resolveCase{
		{name: "alias",
			text: "Sergey Lavrov spoke first.",
			tags: []tag{{"PER", "Sergey Lavrov"}},
			want: []string{"Sergey Lavrov/PER=sergei-lavrov"}},
		{name: "spelling variant by Similarity",
			text: "Abbas Araqchi arrived in Doha.",
			tags: []tag{{"PER", "Abbas Araqchi"}, {"LOC", "Doha"}},
			want: []string{"Abbas Araqchi/PER=abbas-araghchi", "Doha/LOC=?Doha"}},
		{name: "diacritics",
			text: "Mevlut Cavusoglu and Recep Erdogan met.",
			tags: []tag{{"PER", "Mevlut Cavusoglu"}, {"PER", "Recep Erdogan"}},
			want: []string{"Mevlut Cavusoglu/PER=mevlut-cavusoglu", "Recep Erdogan/PER=recep-tayyip-erdogan"}},
		{name: "surname alone, one person in the gazetteer",
			text: "Fidan said nothing.",
			tags: []tag{{"PER", "Fidan"}},
			want: []string{"Fidan/PER=hakan-fidan"}},
		{name: "surname alone, evidence against the gazetteer's person",
			text: "Syrian President Fidan said nothing.",
			tags: []tag{{"MISC", "Syrian"}, {"PER", "Fidan"}},
			want: []string{"Syrian/NORP=SYR", "Fidan/PER=?Fidan"}},
		{name: "surname shared in the gazetteer, the office holder at the date",
			text: "Assad spoke.",
			tags: []tag{{"PER", "Assad"}},
			date: "2024-12-07",
			want: []string{"Assad/PER=bashar-al-assad"}},
		{name: "surname shared in the gazetteer, another date",
			text: "Assad spoke.",
			tags: []tag{{"PER", "Assad"}},
			date: "1990-05-01",
			want: []string{"Assad/PER=hafez-al-assad"}},
		{name: "surname shared in the gazetteer, no date: the one whose offices reach latest",
			text: "Assad spoke.",
			tags: []tag{{"PER", "Assad"}},
			want: []string{"Assad/PER=bashar-al-assad"}},
		{name: "given name with a title and country",
			text: "Qatar's Emir Sheikh Tamim spoke.",
			tags: []tag{{"LOC", "Qatar"}, {"PER", "Tamim"}},
			want: []string{"Qatar/LOC=QAT", "Tamim/PER=tamim-bin-hamad-al-thani"}},
		{name: "given name alone",
			text: "Tamim spoke.",
			tags: []tag{{"PER", "Tamim"}},
			want: []string{"Tamim/PER=?Tamim"}},
		{name: "Jordan the country and Michael Jordan stay apart",
			text: "Michael Jordan visited Jordan in May.",
			tags: []tag{{"PER", "Michael Jordan"}, {"LOC", "Jordan"}},
			want: []string{"Michael Jordan/PER=?Michael Jordan", "Jordan/LOC=JOR"}},
		{name: "a person's surname keeps NER's person label",
			text: "Michael Jordan retired. Jordan said he was tired.",
			tags: []tag{{"PER", "Michael Jordan"}, {"PER", "Jordan"}},
			want: []string{"Michael Jordan/PER=?Michael Jordan", "Jordan/PER=?Michael Jordan", "he/PER/pronoun=?Michael Jordan"}},
		{name: "short names by Key",
			text: "Katar and Lattakia were mentioned.",
			tags: []tag{{"LOC", "Katar"}, {"LOC", "Lattakia"}},
			want: []string{"Katar/LOC=QAT", "Lattakia/LOC=?Lattakia"}},
		{name: "short names only match exactly",
			text: "Syrai and Irak were mentioned.",
			tags: []tag{{"LOC", "Syrai"}, {"LOC", "Irak"}},
			want: []string{"Syrai/LOC=?Syrai", "Irak/LOC=?Irak"}},
		{name: "place spelling variant",
			text: "Flights to the Syrian Arab Repubic resumed.",
			tags: []tag{{"LOC", "Syrian Arab Repubic"}},
			want: []string{"Syrian Arab Repubic/LOC=SYR"}},
	})
}

func TestNominals(t *testing.T) {
	runCases(t, New(fixtureGaz(t), Options{}), []resolveCase{
		{name: "title evidence in the document",
			text: "Sergei Lavrov flew to Doha. The Russian foreign minister met reporters there.",
			tags: []tag{{"PER", "Sergei Lavrov"}, {"LOC", "Doha"}, {"MISC", "Russian"}},
			want: []string{"Sergei Lavrov/PER=sergei-lavrov", "Doha/LOC=?Doha", "Russian/NORP=RUS", "foreign minister/PER/nominal=sergei-lavrov"}},
		{name: "gazetteer holder at the date",
			text: "The Russian foreign minister met reporters.",
			tags: []tag{{"MISC", "Russian"}},
			date: "2024-12-07",
			want: []string{"Russian/NORP=RUS", "foreign minister/PER/nominal=sergei-lavrov"}},
		{name: "no date, no guess",
			text: "The Russian foreign minister met reporters.",
			tags: []tag{{"MISC", "Russian"}},
			want: []string{"Russian/NORP=RUS"}},
		{name: "possessive country",
			text: "Russia's top diplomat arrived.",
			tags: []tag{{"LOC", "Russia"}},
			date: "2024-12-07",
			want: []string{"Russia/LOC=RUS", "top diplomat/PER/nominal=sergei-lavrov"}},
		{name: "leader at the date",
			text: "The Syrian leader left the capital.",
			tags: []tag{{"MISC", "Syrian"}},
			date: "2024-12-07",
			want: []string{"Syrian/NORP=SYR", "leader/PER/nominal=bashar-al-assad"}},
		{name: "leader after the office ended",
			text: "The Syrian leader left the capital.",
			tags: []tag{{"MISC", "Syrian"}},
			date: "2025-01-10",
			want: []string{"Syrian/NORP=SYR"}},
		{name: "leader is the head of state first",
			text: "The Russian leader spoke.",
			tags: []tag{{"MISC", "Russian"}},
			date: "2024-12-07",
			want: []string{"Russian/NORP=RUS", "leader/PER/nominal=vladimir-putin"}},
		{name: "counterpart at the date",
			text: "Lavrov met his Turkish counterpart in Ankara.",
			tags: []tag{{"PER", "Lavrov"}, {"MISC", "Turkish"}, {"LOC", "Ankara"}},
			date: "2024-12-07",
			want: []string{"Lavrov/PER=sergei-lavrov", "his/PER/pronoun=sergei-lavrov", "Turkish/NORP=TUR", "counterpart/PER/nominal=hakan-fidan", "Ankara/LOC=ankara"}},
		{name: "counterpart at an earlier date",
			text: "Lavrov met his Turkish counterpart in Ankara.",
			tags: []tag{{"PER", "Lavrov"}, {"MISC", "Turkish"}, {"LOC", "Ankara"}},
			date: "2020-01-01",
			want: []string{"Lavrov/PER=sergei-lavrov", "his/PER/pronoun=sergei-lavrov", "Turkish/NORP=TUR", "counterpart/PER/nominal=mevlut-cavusoglu", "Ankara/LOC=ankara"}},
		{name: "the minister, from the title written",
			text: "Syrian Foreign Minister Walid al-Moualem arrived. The minister said little.",
			tags: []tag{{"MISC", "Syrian"}, {"PER", "Walid al-Moualem"}},
			want: []string{"Syrian/NORP=SYR", "Walid al-Moualem/PER=?Walid al-Moualem", "minister/PER/nominal=?Walid al-Moualem"}},
		{name: "ally adjective excludes the ally",
			text: "Vladimir Putin praised Bashar al-Assad. The Kremlin-allied strongman thanked Moscow.",
			tags: []tag{{"PER", "Vladimir Putin"}, {"PER", "Bashar al-Assad"}, {"LOC", "Moscow"}},
			date: "2024-12-07",
			want: []string{"Vladimir Putin/PER=vladimir-putin", "Bashar al-Assad/PER=bashar-al-assad", "Kremlin/ORG=RUS", "strongman/PER/nominal=bashar-al-assad", "Moscow/LOC=moscow"}},
		{name: "an office nobody in the document holds",
			text: "Bashar al-Assad met the rebel leader.",
			tags: []tag{{"PER", "Bashar al-Assad"}},
			date: "2024-12-07",
			want: []string{"Bashar al-Assad/PER=bashar-al-assad"}},
		{name: "its leader is a group's",
			text: "Bashar al-Assad fled as HTS advanced. Its leader spoke in Damascus.",
			tags: []tag{{"PER", "Bashar al-Assad"}, {"LOC", "Damascus"}},
			date: "2024-12-07",
			want: []string{"Bashar al-Assad/PER=bashar-al-assad", "HTS/ORG=hts", "Damascus/LOC=damascus"}},
		{name: "his prime minister is another person of his country",
			text: "Vladimir Putin spoke first. His prime minister spoke after him.",
			tags: []tag{{"PER", "Vladimir Putin"}},
			date: "2024-12-07",
			want: []string{"Vladimir Putin/PER=vladimir-putin", "His/PER/pronoun=vladimir-putin", "prime minister/PER/nominal=mikhail-mishustin", "him/PER/pronoun=vladimir-putin"}},
		{name: "title before a name is no nominal",
			text: "The Russian foreign minister Sergei Lavrov spoke.",
			tags: []tag{{"MISC", "Russian"}, {"PER", "Sergei Lavrov"}},
			date: "2024-12-07",
			want: []string{"Russian/NORP=RUS", "Sergei Lavrov/PER=sergei-lavrov"}},
	})
}

func TestPronouns(t *testing.T) {
	runCases(t, New(fixtureGaz(t), Options{}), []resolveCase{
		{name: "subject of the previous sentence",
			text: "Sergei Lavrov met Hakan Fidan. He said the talks were useful.",
			tags: []tag{{"PER", "Sergei Lavrov"}, {"PER", "Hakan Fidan"}},
			want: []string{"Sergei Lavrov/PER=sergei-lavrov", "Hakan Fidan/PER=hakan-fidan", "He/PER/pronoun=sergei-lavrov"}},
		{name: "subject of the same sentence first",
			text: "Hakan Fidan spoke. Lavrov said his country would help.",
			tags: []tag{{"PER", "Hakan Fidan"}, {"PER", "Lavrov"}},
			want: []string{"Hakan Fidan/PER=hakan-fidan", "Lavrov/PER=sergei-lavrov", "his/PER/pronoun=sergei-lavrov"}},
		{name: "gender from honorifics",
			text: "Mr. Tom Barrack and Queen Rania met. She spoke first.",
			tags: []tag{{"PER", "Tom Barrack"}, {"PER", "Queen Rania"}},
			want: []string{"Tom Barrack/PER=?Tom Barrack", "Rania/PER=?Rania", "She/PER/pronoun=?Rania"}},
		{name: "it and they are left alone",
			text: "Hakan Fidan said it was over. They agreed.",
			tags: []tag{{"PER", "Hakan Fidan"}},
			want: []string{"Hakan Fidan/PER=hakan-fidan"}},
		{name: "too far back",
			text: "Hakan Fidan left. Rain fell. Roads closed. Shops shut. He returned.",
			tags: []tag{{"PER", "Hakan Fidan"}},
			want: []string{"Hakan Fidan/PER=hakan-fidan"}},
		{name: "he said after a quote",
			text: "Hakan Fidan spoke to reporters. \"We will not accept this,\" he said.",
			tags: []tag{{"PER", "Hakan Fidan"}},
			want: []string{"Hakan Fidan/PER=hakan-fidan", "he/PER/pronoun=hakan-fidan"}},
	})
}

func TestOptions(t *testing.T) {
	text := "Fighters of HTS took Aleppo. Sergei Lavrov said he regretted it. The Russian foreign minister left."
	tags := []tag{{"PER", "Sergei Lavrov"}, {"MISC", "Russian"}}
	for _, c := range []struct {
		opt  Options
		want []string
	}{
		{Options{}, []string{"HTS/ORG=hts", "Sergei Lavrov/PER=sergei-lavrov", "he/PER/pronoun=sergei-lavrov", "Russian/NORP=RUS", "foreign minister/PER/nominal=sergei-lavrov"}},
		{Options{NoScan: true}, []string{"Sergei Lavrov/PER=sergei-lavrov", "he/PER/pronoun=sergei-lavrov", "Russian/NORP=RUS", "foreign minister/PER/nominal=sergei-lavrov"}},
		{Options{NoNominals: true}, []string{"HTS/ORG=hts", "Sergei Lavrov/PER=sergei-lavrov", "he/PER/pronoun=sergei-lavrov", "Russian/NORP=RUS"}},
		{Options{PronounWindow: -1}, []string{"HTS/ORG=hts", "Sergei Lavrov/PER=sergei-lavrov", "Russian/NORP=RUS", "foreign minister/PER/nominal=sergei-lavrov"}},
	} {
		r := New(fixtureGaz(t), c.opt)
		ms, es, _, _ := run(r, text, tags, time.Time{})
		if got := render(text, ms, es); !slices.Equal(got, c.want) {
			t.Errorf("with %+v: Resolve(%q) = %q, want %q", c.opt, text, got, c.want)
		}
	}
}

var unknownIDRe = regexp.MustCompile(`^x-[0-9a-f]{12}$`)

func TestEntities(t *testing.T) {
	r := New(fixtureGaz(t), Options{})
	text := "Syrian Foreign Minister Walid al-Moualem met Bashar al-Assad. Mualem left."
	tags := []tag{{"MISC", "Syrian"}, {"PER", "Walid al-Moualem"}, {"PER", "Bashar al-Assad"}, {"PER", "Mualem"}}
	ms, es, _, _ := run(r, text, tags, day("2024-12-07"))
	if len(es) != 3 {
		t.Fatalf("Resolve(%q) entities = %+v, want 3", text, es)
	}
	syr, moualem, assad := es[0], es[1], es[2]
	if syr.ID != "SYR" || !syr.Known || syr.Label != newsgraph.LabelLOC {
		t.Errorf("first entity = %+v, want the gazetteer's SYR", syr.Entity)
	}
	if !unknownIDRe.MatchString(moualem.ID) || moualem.Known || moualem.Name != "Walid al-Moualem" ||
		moualem.Label != newsgraph.LabelPER || moualem.Country != "SYR" {
		t.Errorf("unknown person = %+v, want x- ID, name Walid al-Moualem, country SYR", moualem.Entity)
	}
	if len(moualem.RolesAt) != 1 || moualem.RolesAt[0].Role != "foreign-minister" || moualem.RolesAt[0].Of != "SYR" ||
		moualem.RolesAt[0].Title != "Foreign Minister" {
		t.Errorf("unknown person's roles = %+v, want the foreign ministry of SYR from the title", moualem.RolesAt)
	}
	if assad.ID != "bashar-al-assad" || len(assad.RolesAt) != 1 || assad.RolesAt[0].Role != "head-of-state" {
		t.Errorf("Assad = %+v, want head-of-state at 2024-12-07", assad)
	}
	if got := ms[len(ms)-1]; got.Entity != 1 {
		t.Errorf("last mention %q -> entity %d, want 1", got.In(text), got.Entity)
	}
	// The same person spelled another way in another document has the same ID.
	text2 := "Walid Muallem spoke."
	_, es2, _, _ := run(r, text2, []tag{{"PER", "Walid Muallem"}}, time.Time{})
	if len(es2) != 1 || es2[0].ID != moualem.ID {
		t.Errorf("Resolve(%q) = %+v, want ID %s", text2, es2, moualem.ID)
	}
	// Roles at another date, and with no date the roles held now.
	for _, c := range []struct {
		date string
		n    int
	}{{"2024-12-07", 1}, {"2025-02-01", 0}, {"", 0}} {
		var d time.Time
		if c.date != "" {
			d = day(c.date)
		}
		_, es, _, _ := run(r, "Bashar al-Assad spoke.", []tag{{"PER", "Bashar al-Assad"}}, d)
		if len(es) != 1 || len(es[0].RolesAt) != c.n {
			t.Errorf("Assad's roles at %q = %+v, want %d", c.date, es, c.n)
		}
	}
}

func TestUnknownID(t *testing.T) {
	a, b := unknownID("PER", "Walid al-Moualem"), unknownID("PER", "Walid Muallem")
	if a != b || !unknownIDRe.MatchString(a) {
		t.Errorf("unknownID(PER, Walid al-Moualem) = %q, (Walid Muallem) = %q; want one x- ID", a, b)
	}
	if c := unknownID("ORG", "Walid al-Moualem"); c == a {
		t.Errorf("unknownID differs by label: got %q twice", c)
	}
}

func TestBadInput(t *testing.T) {
	r := New(fixtureGaz(t), Options{})
	text := "Sergei Lavrov met Hakan Fidan."
	_, sents, toks := segmentText(text)
	for _, names := range [][]Name{
		{{-1, 2, "PER"}, {3, 100, "PER"}, {2, 2, "LOC"}, {0, 2, "XYZ"}},
		{{0, 2, "PER"}, {1, 4, "PER"}, {0, 1, "ORG"}},
		{{5, 6, "PER"}},
	} {
		ms, es := r.Resolve(text, sents, toks, names, time.Time{})
		checkInvariants(t, text, sents, toks, ms, es)
	}
	if ms, es := r.Resolve("", nil, nil, nil, time.Time{}); len(ms) != 0 || len(es) != 0 {
		t.Errorf("Resolve of nothing = %v, %v", ms, es)
	}
	// No sentences: one sentence, Sentence -1.
	ms, es := r.Resolve(text, nil, toks, []Name{{0, 2, "PER"}}, time.Time{})
	if len(ms) == 0 || ms[0].Sentence != -1 || es[ms[0].Entity].ID != "sergei-lavrov" {
		t.Errorf("Resolve without sentences = %+v, %+v", ms, es)
	}
	// Nil gazetteer.
	ms, es = New(nil, Options{}).Resolve(text, sents, toks, []Name{{0, 2, "PER"}}, time.Time{})
	if len(ms) != 1 || es[0].Known {
		t.Errorf("Resolve with no gazetteer = %+v, %+v", ms, es)
	}
}

// checkInvariants fails t when the mentions are not sorted, overlap, leave the text, start or end in
// whitespace, name a bad sentence, label or entity, when a nominal or pronoun refers to anything but a person,
// or when entity IDs repeat.
func checkInvariants(t *testing.T, text string, sents []newsgraph.Sentence, toks []newsgraph.Span, ms []newsgraph.Mention, es []newsgraph.DocEntity) {
	t.Helper()
	for i, m := range ms {
		if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
			t.Errorf("mention %d %+v outside text of %d bytes", i, m, len(text))
			continue
		}
		s := m.In(text)
		if strings.TrimSpace(s) != s {
			t.Errorf("mention %d %q starts or ends in whitespace", i, s)
		}
		if i > 0 && m.Start < ms[i-1].End {
			t.Errorf("mention %d %q overlaps or precedes %q", i, s, ms[i-1].In(text))
		}
		if m.Entity < 0 || m.Entity >= len(es) {
			t.Errorf("mention %d %q entity %d of %d", i, s, m.Entity, len(es))
		}
		if labelIndex(m.Label) == 4 && m.Label != newsgraph.LabelMISC {
			t.Errorf("mention %d %q label %q", i, s, m.Label)
		}
		switch m.Kind {
		case newsgraph.MentionName:
		case newsgraph.MentionNominal, newsgraph.MentionPronoun:
			if m.Entity >= 0 && m.Entity < len(es) && (es[m.Entity].Label != newsgraph.LabelPER || m.Label != newsgraph.LabelPER) {
				t.Errorf("%s mention %d %q labelled %s refers to %s entity %q", m.Kind, i, s, m.Label, es[m.Entity].Label, es[m.Entity].Name)
			}
		default:
			t.Errorf("mention %d %q kind %q", i, s, m.Kind)
		}
		if len(sents) > 0 {
			if m.Sentence < 0 || m.Sentence >= len(sents) {
				t.Errorf("mention %d %q sentence %d of %d", i, s, m.Sentence, len(sents))
			} else if st := sents[m.Sentence]; m.Start < st.Start || m.End > st.End {
				t.Errorf("mention %d %q not inside its sentence %q", i, s, st.In(text))
			}
		}
	}
	seen := map[string]bool{}
	for _, e := range es {
		if seen[e.ID] || e.ID == "" {
			t.Errorf("entity ID %q empty or repeated", e.ID)
		}
		seen[e.ID] = true
		if !e.Known && !unknownIDRe.MatchString(e.ID) {
			t.Errorf("unknown entity ID %q", e.ID)
		}
	}
}

func TestConcurrent(t *testing.T) {
	r := New(fixtureGaz(t), Options{})
	_, sents, toks := segmentText(benchText)
	ns := names(benchText, toks, benchTags)
	date := day("2024-12-07")
	want, wantE := r.Resolve(benchText, sents, toks, ns, date)
	done := make(chan bool)
	for range 4 {
		go func() {
			ok := true
			for range 5 {
				got, gotE := r.Resolve(benchText, sents, toks, ns, date)
				ok = ok && slices.Equal(got, want) && len(gotE) == len(wantE)
			}
			done <- ok
		}()
	}
	for range 4 {
		if !<-done {
			t.Error("concurrent Resolve calls gave different results")
		}
	}
}
