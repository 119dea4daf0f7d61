package entity

import (
	"unicode"
	"unicode/utf8"
)

// Word lists the resolver reads text with. Keys are lower case, without a final dot.

// honorifics are forms of address and ranks stripped from the front of a person's name; they say nothing of
// the office held, some say the gender ('m' or 'f').
var honorifics = map[string]byte{
	"mr": 'm', "mrs": 'f', "ms": 'f', "miss": 'f', "dr": 0, "prof": 0, "professor": 0, "sir": 'm', "dame": 'f',
	"lord": 'm', "lady": 'f', "sheikh": 'm', "shaikh": 'm', "sheik": 'm', "sheikha": 'f', "mme": 'f', "mlle": 'f',
	"gen": 0, "lt": 0, "col": 0, "maj": 0, "capt": 0, "adm": 0, "sgt": 0, "brig": 0, "cpl": 0, "pvt": 0,
	"colonel": 0, "major": 0, "captain": 0, "admiral": 0, "marshal": 0, "field": 0, "lieutenant": 0,
	"rev": 0, "reverend": 0, "imam": 'm', "ayatollah": 'm', "grand": 0, "mullah": 'm', "rabbi": 0, "father": 'm',
	"sen": 0, "rep": 0, "gov": 0, "pres": 0, "hon": 0, "excellency": 0, "highness": 0,
	"royal": 0, "majesty": 0, "mister": 'm', "madame": 'f', "monsieur": 'm',
	"former": 0, "ex": 0, "then": 0, "late": 0, "acting": 0, "interim": 0, "elect": 0, "designate": 0,
	"outgoing": 0, "incoming": 0, "new": 0,
}

// titleWords are the words of titles of office: "Foreign Minister", "Crown Prince", "Deputy Prime Minister",
// "Secretary-General". A value names the gender the title implies, if any.
var titleWords = map[string]byte{
	"president": 0, "vice": 0, "prime": 0, "minister": 0, "foreign": 0, "defence": 0, "defense": 0,
	"interior": 0, "finance": 0, "economy": 0, "trade": 0, "justice": 0, "energy": 0, "oil": 0, "health": 0,
	"deputy": 0, "secretary": 0, "general": 0, "state": 0, "chancellor": 0, "premier": 0, "leader": 0,
	"chief": 0, "supreme": 0, "crown": 0, "prince": 'm', "princess": 'f', "king": 'm', "queen": 'f',
	"emir": 'm', "amir": 'm', "sultan": 'm', "shah": 'm', "pope": 'm', "ambassador": 0, "envoy": 0,
	"special": 0, "spokesman": 'm', "spokeswoman": 'f', "spokesperson": 0, "governor": 0, "mayor": 0,
	"senator": 0, "representative": 0, "congressman": 'm', "congresswoman": 'f', "commander": 0,
	"chairman": 'm', "chairwoman": 'f', "chair": 0, "head": 0, "director": 0, "speaker": 0, "top": 0,
	"diplomat": 0, "military": 0, "army": 0, "intelligence": 0, "opposition": 0, "rebel": 0, "militia": 0,
	"assistant": 0, "under": 0, "attorney": 0, "first": 0, "lady": 'f', "commissioner": 0, "chairperson": 0,
	"counterpart": 0, "strongman": 'm', "ruler": 0, "monarch": 0, "dictator": 0, "autocrat": 0,
	"nominee": 0, "candidate": 0, "mp": 0, "lawmaker": 0, "security": 0, "national": 0, "adviser": 0,
	"advisor": 0, "affairs": 0, "sheikh": 'm', "regional": 0,
}

// nominalHeads are the nouns a nominal mention of a person ends with ("the Russian foreign minister", "the
// Syrian leader", "his Turkish counterpart"). The value is the title passed to the gazetteer's title table;
// "leader" stands for the head of state or government, "counterpart" for the office of the person just
// mentioned.
var nominalHeads = map[string]string{
	"minister": "minister", "president": "president", "leader": "leader", "diplomat": "diplomat",
	"counterpart": "counterpart", "premier": "premier", "strongman": "leader", "ruler": "leader",
	"king": "king", "queen": "queen", "emir": "emir", "chancellor": "chancellor", "envoy": "envoy",
	"monarch": "leader", "dictator": "leader", "autocrat": "leader", "prince": "prince", "sultan": "sultan",
	"spokesman": "spokesman", "spokeswoman": "spokeswoman", "ambassador": "ambassador",
	"secretary": "secretary", "chief": "chief",
}

// nominalTitles rewrite a nominal's title before it is looked up: a bare "diplomat" names no office.
var nominalTitles = map[string]string{"diplomat": ""}

// determiners open a nominal mention.
var determiners = map[string]bool{"the": true, "his": true, "her": true, "its": true, "their": true}

// pronouns are the personal pronouns resolved to people, with the gender they require.
var pronouns = map[string]byte{
	"he": 'm', "him": 'm', "his": 'm', "himself": 'm', "she": 'f', "her": 'f', "hers": 'f', "herself": 'f',
}

// functionWords are English words that an acronym in the gazetteer may also spell ("IS", "US", "AS"): written
// in capitals they count as a name only inside a sentence that is not itself in capitals, and not as its first
// word unless a capitalised word follows ("US forces").
var functionWords = map[string]bool{
	"a": true, "i": true, "is": true, "us": true, "it": true, "as": true, "at": true, "an": true, "in": true,
	"on": true, "or": true, "no": true, "so": true, "to": true, "be": true, "do": true, "go": true, "he": true,
	"me": true, "my": true, "of": true, "up": true, "we": true, "am": true, "if": true, "by": true, "hi": true,
	"oh": true, "all": true, "and": true, "are": true, "but": true, "can": true, "for": true, "has": true,
	"had": true, "his": true, "her": true, "its": true, "may": true, "not": true, "one": true, "our": true,
	"out": true, "who": true, "was": true, "why": true, "you": true, "new": true, "now": true, "the": true,
	"will": true, "who's": true, "aid": true, "man": true, "war": true, "act": true, "arm": true,
}

// connectors may stand inside a multi-word name but not at its ends: "Organisation of Islamic Cooperation",
// "Bashar al Assad", "Mohammed bin Salman".
var connectors = map[string]bool{
	"of": true, "the": true, "for": true, "and": true, "&": true, "de": true, "del": true, "al": true, "bin": true,
	"ibn": true, "bint": true, "von": true, "van": true, "der": true, "la": true, "le": true, "du": true, "da": true,
	"on": true, "in": true, "el": true,
}

// lowerKey writes the lower case of w, without a final dot, into buf and returns it; words longer than buf are
// returned empty. It lets lexicon look-ups run without allocating.
func lowerKey(buf []byte, w string) []byte {
	if len(w) > 1 && w[len(w)-1] == '.' {
		w = w[:len(w)-1]
	}
	if len(w) > cap(buf) {
		return buf[:0]
	}
	b := buf[:0]
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// isCap reports whether w begins with an upper-case letter.
func isCap(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// isAllCaps reports whether w has at least two letters, all upper case (dots and digits allowed: "U.N.").
func isAllCaps(w string) bool {
	n := 0
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			n++
		case r == '.' || r == '&' || unicode.IsDigit(r):
		default:
			return false
		}
	}
	return n >= 2
}

// isAcronym reports whether w looks like an acronym: 2 to 8 capitals, possibly dotted ("SDF", "U.N.").
func isAcronym(w string) bool { return isAllCaps(w) && len(w) <= 12 }

// isWordy reports whether w holds a letter.
func isWordy(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// isPossessive reports whether w is a possessive ending split off by the tokenizer: 's, ’s, ' or ’.
func isPossessive(w string) bool {
	switch w {
	case "'s", "’s", "'S", "’S", "'", "’":
		return true
	}
	return false
}

// possessiveSuffix returns the length in bytes of a possessive ending glued to w ("Russia's"), or 0.
func possessiveSuffix(w string) int {
	for _, s := range []string{"'s", "’s"} {
		if len(w) > len(s) && w[len(w)-len(s):] == s {
			return len(s)
		}
	}
	return 0
}

// titleOrHonorific reports whether every hyphen-separated part of w is a title word or an honorific
// ("Secretary-General", "President-elect", "ex-President"), and the gender they imply.
func titleOrHonorific(w string) (ok bool, gender byte, honorificOnly bool) {
	var buf [32]byte
	k := lowerKey(buf[:], w)
	if len(k) == 0 {
		return false, 0, false
	}
	honorificOnly = true
	start := 0
	for i := 0; i <= len(k); i++ {
		if i < len(k) && k[i] != '-' {
			continue
		}
		part := k[start:i]
		start = i + 1
		if len(part) == 0 {
			return false, 0, false
		}
		if g, isT := titleWords[string(part)]; isT {
			honorificOnly = false
			if g != 0 {
				gender = g
			}
			continue
		}
		if g, isH := honorifics[string(part)]; isH {
			if g != 0 {
				gender = g
			}
			continue
		}
		return false, 0, false
	}
	return true, gender, honorificOnly
}
