package entity

import (
	"testing"
	"time"

	"newsgraph/annotate/gazetteer"
)

// benchText is a news-like document of about 600 words written for this benchmark.
const benchText = `Russian Foreign Minister Sergei Lavrov met his Turkish counterpart Hakan Fidan and Iran's Abbas Araghchi in Doha on Saturday, as fighters of Hayat Tahrir al-Sham pressed south towards Damascus.

The three ministers spoke for two hours behind closed doors. Lavrov told reporters afterwards that Moscow would not abandon its partners, and that the UN Security Council should meet without delay. He said the offensive broke agreements reached in Astana and Sochi years ago.

Fidan, who arrived from Ankara on Friday night, struck a different tone. The Turkish foreign minister said the crisis could only end with talks between the government in Damascus and the opposition. "Nobody should expect a military solution," he said. Turkey backs several rebel groups in the north and has long urged President Bashar al-Assad to open a dialogue.

Araghchi said Iran stood by Syria. The Iranian minister, who took office in August, had visited Damascus earlier in the week and met Assad. He described the meeting as warm and said Tehran would keep sending advisers.

HTS, which grew out of an al-Qaeda branch, has sought to present itself as a national movement. Its leader has given interviews to Western media and promised to protect minorities. Many governments still list the group as a terrorist organisation, and the Kremlin said on Friday that it saw no difference between HTS and IS.

The Syrian Democratic Forces (SDF), a Kurdish-led alliance backed by the United States, hold much of the east. SDF commanders said they were watching the advance closely. A spokesman for the SDF said Kurdish units had moved to protect Deir ez-Zor.

In Moscow, Kremlin spokesman Dmitry Peskov said President Vladimir Putin was following events and had spoken by telephone with Recep Tayyip Erdogan. Peskov declined to say whether Russia would send more aircraft. The Russian leader has made Syria a test of his country's reach abroad since 2015, when Russian jets first struck rebel positions.

Analysts in Beirut and Amman said the Kremlin-allied strongman had never looked so isolated. Assad's army lost Aleppo in a matter of days and Hama soon after. The Syrian leader has not appeared in public since the start of the offensive. His prime minister said the government would keep working.

In Washington, officials said the United States had no plans to change its presence in the east. The White House said it was in contact with partners in the region, including Jordan and Qatar. Jordanian officials closed one border crossing on Friday.

Qatar Prime Minister Sheikh Mohammed bin Abdulrahman Al Thani hosted a separate session with Lavrov, Fidan and Araghchi. He told the forum that the region could not afford another decade of war. The Qatari minister said Doha was ready to host further talks.

Lavrov left Doha late on Saturday. Before boarding, the Russian foreign minister said he had agreed with his counterparts to keep in close contact. Russia's top diplomat added that the UN envoy would be invited to the next round.

Fidan, for his part, said Ankara would work with anyone who respected the territorial integrity of Syria. The minister added that millions of refugees in Turkey wanted to go home.

Araghchi flew on to Baghdad, where he met Iraqi officials. He said Iran would consult Iraq on border security. Tehran has warned that it will not allow the collapse of the government in Damascus.

As night fell, reports said rebels had reached the outskirts of Homs. Residents described long queues at petrol stations and bakeries. The SDF said it had taken several villages east of the Euphrates, and HTS said its fighters were advancing on two fronts.`

var benchTags = []tag{
	{"MISC", "Russian"}, {"PER", "Sergei Lavrov"}, {"MISC", "Turkish"}, {"PER", "Hakan Fidan"}, {"LOC", "Iran"},
	{"PER", "Abbas Araghchi"}, {"LOC", "Doha"}, {"ORG", "Hayat Tahrir al-Sham"}, {"LOC", "Damascus"},
	{"PER", "Lavrov"}, {"LOC", "Moscow"}, {"ORG", "UN Security Council"}, {"LOC", "Astana"}, {"LOC", "Sochi"},
	{"PER", "Fidan"}, {"LOC", "Ankara"}, {"LOC", "Turkey"}, {"PER", "Bashar al-Assad"}, {"PER", "Araghchi"},
	{"LOC", "Syria"}, {"MISC", "Iranian"}, {"PER", "Assad"}, {"LOC", "Tehran"}, {"ORG", "HTS"},
	{"MISC", "Western"}, {"ORG", "Kremlin"}, {"ORG", "Syrian Democratic Forces"}, {"MISC", "Kurdish-led"},
	{"LOC", "United States"}, {"ORG", "SDF"}, {"MISC", "Kurdish"}, {"LOC", "Deir ez-Zor"}, {"PER", "Dmitry Peskov"},
	{"PER", "Vladimir Putin"}, {"PER", "Recep Tayyip Erdogan"}, {"PER", "Peskov"}, {"LOC", "Russia"},
	{"LOC", "Beirut"}, {"LOC", "Amman"}, {"LOC", "Aleppo"}, {"LOC", "Hama"}, {"MISC", "Syrian"},
	{"LOC", "Washington"}, {"ORG", "White House"}, {"LOC", "Jordan"}, {"LOC", "Qatar"}, {"MISC", "Jordanian"},
	{"PER", "Sheikh Mohammed bin Abdulrahman Al Thani"}, {"MISC", "Qatari"}, {"LOC", "Baghdad"}, {"MISC", "Iraqi"},
	{"LOC", "Iraq"}, {"LOC", "Homs"}, {"LOC", "Euphrates"},
}

func BenchmarkResolve(b *testing.B) { benchResolve(b, fixtureGaz(b)) }

// BenchmarkResolveDefault runs with the built-in gazetteer, whose size sets the cost of look-ups and fuzzy
// linking.
func BenchmarkResolveDefault(b *testing.B) { benchResolve(b, gazetteer.Default()) }

func benchResolve(b *testing.B, g *gazetteer.Gazetteer) {
	r := New(g, Options{})
	_, sents, toks := segmentText(benchText)
	ns := names(benchText, toks, benchTags)
	date := time.Date(2024, 12, 7, 0, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	for b.Loop() {
		r.Resolve(benchText, sents, toks, ns, date)
	}
	b.ReportMetric(float64(len(toks))*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// TestBenchDocument checks what Resolve makes of the benchmark document, so that the benchmark measures a
// run that does the work: every kind of mention appears, and the people are linked.
func TestBenchDocument(t *testing.T) {
	r := New(fixtureGaz(t), Options{})
	_, sents, toks := segmentText(benchText)
	ms, es := r.Resolve(benchText, sents, toks, names(benchText, toks, benchTags), day("2024-12-07"))
	checkInvariants(t, benchText, sents, toks, ms, es)
	kinds := map[string]int{}
	for _, m := range ms {
		kinds[string(m.Kind)]++
	}
	if kinds["name"] < 80 || kinds["nominal"] < 5 || kinds["pronoun"] < 8 {
		t.Errorf("mentions by kind = %v, want >= 80 names, 5 nominals, 8 pronouns", kinds)
	}
	for _, s := range render(benchText, ms, es) {
		t.Log(s)
	}
}
