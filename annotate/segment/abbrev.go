package segment

// Abbreviations that keep their period, by how a sentence may end on them. The key is the word without its
// final period and is matched case-sensitively ("Gen." but not "gen."); an all-capitals word is also looked up
// title-cased among the titles ("GEN." as "Gen."). Dotted abbreviations whose parts are one or two letters
// ("U.S.", "a.m.", "Ph.D.", "z.B.") and single capital letters (initials) keep their period without an entry
// here; they are abGeneral unless listed.
const (
	// abTitle never ends a sentence: a name or number follows it ("Dr.", "Gen.", "No. 5", "e.g.").
	abTitle uint8 = iota + 1
	// abSuffix ends a sentence before a capitalised word ("Acme Inc. Shares rose").
	abSuffix
	// abGeneral ends a sentence only before a word that typically starts one or a quote ("in the U.S. The
	// next"), not before a name ("U.S. President", "Jan. 5", "George W. Bush").
	abGeneral
	// abNumber is a title only when a number follows ("No. 5", "Nr. 3"); otherwise the period is split off.
	abNumber
)

var abbrevs = map[string]uint8{
	// Titles and ranks.
	"Mr": abTitle, "Mrs": abTitle, "Ms": abTitle, "Messrs": abTitle, "Mmes": abTitle, "Mme": abTitle,
	"Mlle": abTitle, "Dr": abTitle, "Drs": abTitle, "Prof": abTitle, "Gen": abTitle, "Gens": abTitle,
	"Lt": abTitle, "Col": abTitle, "Maj": abTitle, "Capt": abTitle, "Cmdr": abTitle, "Cdr": abTitle,
	"Adm": abTitle, "Sgt": abTitle, "Cpl": abTitle, "Pvt": abTitle, "Brig": abTitle, "Gov": abTitle,
	"Sen": abTitle, "Sens": abTitle, "Rep": abTitle, "Reps": abTitle, "Rev": abTitle, "Fr": abTitle,
	"Hon": abTitle, "Pres": abTitle, "Supt": abTitle, "Det": abTitle, "Insp": abTitle, "Amb": abTitle,
	"Atty": abTitle, "Sec": abTitle, "Mt": abTitle, "Ft": abTitle, "Hr": abTitle, "Sr": abSuffix,
	"Jr": abSuffix, "Esq": abSuffix,
	// Reference words followed by a number or a phrase.
	"No": abNumber, "no": abNumber, "Nos": abNumber, "Nr": abNumber, "Fig": abTitle, "fig": abTitle,
	"p": abTitle, "pp": abTitle, "vol": abTitle, "Vol": abTitle, "Art": abNumber, "Abs": abNumber,
	"vs": abTitle, "v": abTitle, "cf": abTitle, "viz": abTitle, "approx": abTitle, "ca": abTitle,
	"incl": abTitle, "esp": abTitle, "e.g": abTitle, "i.e": abTitle, "Tel": abTitle, "tel": abTitle,
	// German: "z.B." and "d.h." are dotted.
	"z.B": abTitle, "d.h": abTitle, "u.a": abTitle, "bzw": abTitle, "vgl": abTitle, "sog": abTitle,
	"ggf": abTitle, "evtl": abTitle, "inkl": abTitle, "zzgl": abTitle, "usw": abSuffix, "Mio": abGeneral,
	"Mrd": abGeneral, "Str": abGeneral,
	// Company and list suffixes that often end a sentence.
	"Inc": abSuffix, "Corp": abSuffix, "Co": abSuffix, "Cos": abSuffix, "Ltd": abSuffix, "Bros": abSuffix,
	"Plc": abSuffix, "plc": abSuffix, "Pty": abSuffix, "etc": abSuffix,
	// Months and weekdays (not those that are words: "May", "Sun", "Sat", "Wed").
	"Jan": abGeneral, "Feb": abGeneral, "Mar": abGeneral, "Apr": abGeneral, "Jun": abGeneral,
	"Jul": abGeneral, "Aug": abGeneral, "Sep": abGeneral, "Sept": abGeneral, "Oct": abGeneral,
	"Nov": abGeneral, "Dec": abGeneral, "Tue": abGeneral, "Tues": abGeneral, "Thu": abGeneral,
	"Thur": abGeneral, "Thurs": abGeneral, "Fri": abGeneral,
	// US states in AP style (not those that are common words or names: "Ill", "Ore", "Del", "Ida", "La").
	"Ala": abGeneral, "Ariz": abGeneral, "Ark": abGeneral, "Calif": abGeneral, "Colo": abGeneral,
	"Conn": abGeneral, "Fla": abGeneral, "Ga": abGeneral, "Ind": abGeneral, "Kan": abGeneral,
	"Kans": abGeneral, "Ky": abGeneral, "Md": abGeneral, "Mass": abGeneral, "Mich": abGeneral,
	"Minn": abGeneral, "Miss": abGeneral, "Mont": abGeneral, "Neb": abGeneral, "Nebr": abGeneral,
	"Nev": abGeneral, "Okla": abGeneral, "Pa": abGeneral, "Tenn": abGeneral, "Tex": abGeneral,
	"Va": abGeneral, "Vt": abGeneral, "Wash": abGeneral, "Wis": abGeneral, "Wyo": abGeneral,
	// Places, bodies and units common in news.
	"St": abGeneral, "Sts": abGeneral, "Ave": abGeneral, "Blvd": abGeneral, "Rd": abGeneral,
	"Dept": abGeneral, "Univ": abGeneral, "Govt": abGeneral, "Assn": abGeneral, "Intl": abGeneral,
	"Natl": abGeneral, "mln": abGeneral, "bln": abGeneral, "pct": abGeneral, "est": abGeneral,
	"ret": abGeneral, "Ret": abGeneral,
}

// starters are words that typically open a sentence (lower-cased); after an abGeneral abbreviation a
// capitalised starter begins a new sentence.
var starters = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		"the", "a", "an", "in", "on", "at", "it", "its", "he", "she", "they", "we", "i", "you", "his", "her",
		"their", "our", "my", "this", "that", "these", "those", "there", "here", "but", "and", "or", "so",
		"yet", "if", "when", "while", "after", "before", "since", "as", "although", "though", "however",
		"meanwhile", "also", "then", "now", "still", "some", "many", "most", "all", "no", "not", "one", "two",
		"three", "several", "both", "each", "other", "another", "for", "from", "with", "without", "by", "to",
		"under", "over", "during", "according", "despite", "because", "why", "what", "who", "which", "where",
		"how", "earlier", "later", "last", "next", "asked", "speaking", "such", "only", "even", "officials",
		"analysts", "critics", "experts", "last", "thus", "instead", "indeed", "yes", "nor", "until",
		// German
		"der", "die", "das", "er", "sie", "es", "wir", "ich", "ein", "eine", "im", "am", "auch", "aber",
	} {
		m[w] = true
	}
	return m
}()

// isStarter reports whether w, lower-cased, is in starters. It does not allocate.
func isStarter(w string) bool {
	var buf [12]byte
	if len(w) > len(buf) {
		return false
	}
	for i := 0; i < len(w); i++ {
		b := w[i]
		if isUpper(b) {
			b += 'a' - 'A'
		}
		buf[i] = b
	}
	return starters[string(buf[:len(w)])]
}

// germanMonths follow an ordinal number with a period ("am 3. Dezember").
var germanMonths = []string{"Januar", "Jänner", "Februar", "März", "Maerz", "April", "Mai", "Juni", "Juli",
	"August", "September", "Oktober", "November", "Dezember"}
