package entity

import "testing"

func TestCompounds(t *testing.T) {
	runCases(t, New(fixtureGaz(t), Options{}), []resolveCase{
		{name: "country, organisation and seat before a hyphen",
			text: "US-led jets, UN-led talks and Kremlin-backed units moved.",
			tags: []tag{{"MISC", "US-led"}, {"MISC", "UN-led"}, {"MISC", "Kremlin-backed"}},
			want: []string{"US/LOC=USA", "UN/ORG=UNO", "Kremlin/ORG=RUS"}},
		{name: "a people word before a hyphen",
			text: "Islamist-run courts were closed.",
			tags: []tag{{"MISC", "Islamist-run"}},
			want: []string{"Islamist/NORP=?Islamist"}},
		{name: "nothing known before the hyphen",
			text: "Zorbland-based traders and Blue-style ads.",
			tags: []tag{{"ORG", "Zorbland-based"}, {"MISC", "Blue-style"}},
			want: nil},
		{name: "a longer name before the hyphen, the rest a name of its own",
			text: "United States-backed Free Army fighters and Turkey-based Acme Corp staff.",
			tags: []tag{{"ORG", "United States-backed Free Army"}, {"ORG", "Turkey-based Acme Corp"}},
			want: []string{"United States/LOC=USA", "Free Army/ORG=?Free Army", "Turkey/LOC=TUR", "Acme Corp/ORG=?Acme Corp"}},
		{name: "a compound NER did not tag",
			text: "Iran-backed militias and Syria-based groups left.",
			want: []string{"Iran/LOC=IRN", "Syria/LOC=SYR"}},
		{name: "a surname before a hyphen",
			text: "Bashar al-Assad spoke. Assad-era laws were kept.",
			tags: []tag{{"PER", "Bashar al-Assad"}, {"MISC", "Assad-era"}},
			date: "2024-12-01",
			want: []string{"Bashar al-Assad/PER=bashar-al-assad", "Assad/PER=bashar-al-assad"}},
		{name: "hyphenated names stay whole",
			text: "Guinea-Bissau, Austria-Hungary and Bashar al-Assad were named.",
			tags: []tag{{"LOC", "Guinea-Bissau"}, {"MISC", "Austria-Hungary"}, {"PER", "Bashar al-Assad"}},
			date: "2024-12-01",
			want: []string{"Guinea-Bissau/LOC=?Guinea-Bissau", "Austria-Hungary/MISC=?Austria-Hungary", "Bashar al-Assad/PER=bashar-al-assad"}},
		{name: "a compound inside a nominal excludes its country",
			text: "Hakan Fidan met Sergei Lavrov. The Kremlin-allied minister left.",
			tags: []tag{{"PER", "Sergei Lavrov"}, {"PER", "Hakan Fidan"}},
			date: "2024-12-01",
			want: []string{"Hakan Fidan/PER=hakan-fidan", "Sergei Lavrov/PER=sergei-lavrov", "Kremlin/ORG=RUS", "minister/PER/nominal=hakan-fidan"}},
	})
}

func TestQuotes(t *testing.T) {
	runCases(t, New(fixtureGaz(t), Options{}), []resolveCase{
		{name: "a quoted word glued to a name",
			text: "Troops withdrew. 'Rethink' Jordan – a close ally – said no.",
			tags: []tag{{"MISC", "' Rethink ' Jordan"}},
			want: []string{"Jordan/LOC=JOR"}},
		{name: "double quotes",
			text: "He wrote “Farewell” Syria in the margin.",
			tags: []tag{{"MISC", "Farewell ” Syria"}},
			want: []string{"Syria/LOC=SYR"}},
		{name: "the apostrophe of a plural possessive is no quote",
			text: "The Veterans' Relief Office opened.",
			tags: []tag{{"ORG", "Veterans ' Relief Office"}},
			want: []string{"Veterans' Relief Office/ORG=?Veterans' Relief Office"}},
	})
}

func TestNasab(t *testing.T) {
	runCases(t, New(fixtureGaz(t), Options{}), []resolveCase{
		{name: "split at bin, fuller than the gazetteer's name",
			text: "Qatar's Emir Sheikh Tamim bin Hamad bin Khalifa Al-Thani arrived.",
			tags: []tag{{"LOC", "Qatar"}, {"PER", "Tamim"}, {"PER", "Hamad bin Khalifa Al-Thani"}},
			want: []string{"Qatar/LOC=QAT", "Tamim bin Hamad bin Khalifa Al-Thani/PER=tamim-bin-hamad-al-thani"}},
		{name: "split at each particle",
			text: "Crown Prince Mohammed bin Salman met Khalid bin Faisal.",
			tags: []tag{{"PER", "Mohammed"}, {"PER", "Salman"}, {"PER", "Khalid"}, {"LOC", "Faisal"}},
			want: []string{"Mohammed bin Salman/PER=?Mohammed bin Salman", "Khalid bin Faisal/PER=?Khalid bin Faisal"}},
		{name: "words NER left out, with the family name after Al",
			text: "Minister Abdullah bin Zayed Al Nahyan said so.",
			tags: []tag{{"PER", "Abdullah"}},
			want: []string{"Abdullah bin Zayed Al Nahyan/PER=?Abdullah bin Zayed Al Nahyan"}},
		{name: "no particle, no join; a place after the particle stays apart",
			text: "Ali met Omar in Doha. Talks with Hassan bin Qatar.",
			tags: []tag{{"PER", "Ali"}, {"PER", "Omar"}, {"LOC", "Doha"}, {"PER", "Hassan"}, {"LOC", "Qatar"}},
			want: []string{"Ali/PER=?Ali", "Omar/PER=?Omar", "Doha/LOC=?Doha", "Hassan/PER=?Hassan", "Qatar/LOC=QAT"}},
		{name: "a lone given name and a fuller name two words apart are not the entry",
			text: "Tamim bin Jassim Al-Thani, a trader, spoke.",
			tags: []tag{{"PER", "Tamim bin Jassim Al-Thani"}},
			want: []string{"Tamim bin Jassim Al-Thani/PER=?Tamim bin Jassim Al-Thani"}},
	})
}

func TestUndated(t *testing.T) {
	runCases(t, New(fixtureGaz(t), Options{}), []resolveCase{
		{name: "people of the document date it: the later Assad",
			text: "Hakan Fidan met Assad.",
			tags: []tag{{"PER", "Hakan Fidan"}, {"PER", "Assad"}},
			want: []string{"Hakan Fidan/PER=hakan-fidan", "Assad/PER=bashar-al-assad"}},
		{name: "people of the document date it: the earlier Assad",
			text: "Assad received Yevgeny Primakov.",
			tags: []tag{{"PER", "Assad"}, {"PER", "Yevgeny Primakov"}},
			want: []string{"Assad/PER=hafez-al-assad", "Yevgeny Primakov/PER=yevgeny-primakov"}},
		{name: "careers that do not meet leave the latest",
			text: "Yevgeny Primakov and Hakan Fidan praised Assad.",
			tags: []tag{{"PER", "Yevgeny Primakov"}, {"PER", "Hakan Fidan"}, {"PER", "Assad"}},
			want: []string{"Yevgeny Primakov/PER=yevgeny-primakov", "Hakan Fidan/PER=hakan-fidan", "Assad/PER=bashar-al-assad"}},
		{name: "a date after both held office: the later",
			text: "Assad spoke.",
			tags: []tag{{"PER", "Assad"}},
			date: "2026-03-01",
			want: []string{"Assad/PER=bashar-al-assad"}},
	})
}

func TestKnownSurnames(t *testing.T) {
	runCases(t, New(fixtureGaz(t), Options{}), []resolveCase{
		{name: "a gazetteer surname before a reporting verb",
			text: "Talks resumed. Mishustin further said the deal held, and Lavrov told reporters so.",
			date: "2024-12-01",
			want: []string{"Mishustin/PER=mikhail-mishustin", "Lavrov/PER=sergei-lavrov"}},
		{name: "after a reporting verb, then every use",
			text: "The deal holds, said Araghchi. Critics of Araghchi disagree.",
			date: "2024-12-01",
			want: []string{"Araghchi/PER=abbas-araghchi", "Araghchi/PER=abbas-araghchi"}},
		{name: "a shared surname narrowed by the date",
			text: "Assad said nothing.",
			date: "1995-01-01",
			want: []string{"Assad/PER=hafez-al-assad"}},
		{name: "no reporting verb",
			text: "A letter from Mishustin arrived.",
			want: nil},
		{name: "the word written in lower case too",
			text: "Fidan said yes; a fidan is a sapling.",
			want: nil},
		{name: "part of a longer name",
			text: "Fidan Group said yes.",
			want: nil},
		{name: "a shared surname without a date",
			text: "Assad said nothing.",
			want: nil},
	})
}
