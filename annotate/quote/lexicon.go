package quote

import "strings"

// cueKind says how a speech verb form attributes.
type cueKind uint8

const (
	cueFinite     cueKind = 1 << iota // a finite form with a subject before it: "said", "says", "warned"
	cueInvert                         // may come before its subject: `"...," said Lavrov`
	cueParticiple                     // "saying", "adding": the subject is the clause's
	cueObject                         // takes the hearer as object before the content: "told reporters that"
	cueColon                          // a cue only before a colon or a quotation mark: "continued:"
	cueLiteral                        // not a verb: "according to", the headline colon
)

// speechVerbs are the verbs that attribute speech (and, as PolNeAR annotates them, stated beliefs), each with its
// finite forms, then its participle. Forms a noun shares ("claims", "reports", "calls") are kept: a cue needs a
// subject or a quotation beside it.
var speechVerbs = [][]string{
	{"say", "says", "said", "|saying"},
	{"tell", "tells", "told", "|telling"},
	{"add", "adds", "added", "|adding"},
	{"warn", "warns", "warned", "|warning"},
	{"stress", "stresses", "stressed", "|stressing"},
	{"insist", "insists", "insisted", "|insisting"},
	{"claim", "claims", "claimed", "|claiming"},
	{"announce", "announces", "announced", "|announcing"},
	{"state", "states", "stated", "|stating"},
	{"declare", "declares", "declared", "|declaring"},
	{"explain", "explains", "explained", "|explaining"},
	{"note", "notes", "noted", "|noting"},
	{"argue", "argues", "argued", "|arguing"},
	{"assert", "asserts", "asserted", "|asserting"},
	{"emphasize", "emphasizes", "emphasized", "emphasise", "emphasises", "emphasised", "|emphasizing", "emphasising"},
	{"reiterate", "reiterates", "reiterated", "|reiterating"},
	{"repeat", "repeats", "repeated", "|repeating"},
	{"write", "writes", "wrote", "|writing"},
	{"report", "reports", "reported", "|reporting"},
	{"tweet", "tweets", "tweeted", "|tweeting"},
	{"acknowledge", "acknowledges", "acknowledged", "|acknowledging"},
	{"admit", "admits", "admitted", "|admitting"},
	{"deny", "denies", "denied", "|denying"},
	{"confirm", "confirms", "confirmed", "|confirming"},
	{"suggest", "suggests", "suggested", "|suggesting"},
	{"predict", "predicts", "predicted", "|predicting"},
	{"promise", "promises", "promised", "|promising"},
	{"vow", "vows", "vowed", "|vowing"},
	{"pledge", "pledges", "pledged", "|pledging"},
	{"threaten", "threatens", "threatened", "|threatening"},
	{"complain", "complains", "complained", "|complaining"},
	{"ask", "asks", "asked", "|asking"},
	{"reply", "replies", "replied", "|replying"},
	{"respond", "responds", "responded", "|responding"},
	{"answer", "answers", "answered", "|answering"},
	{"recall", "recalls", "recalled", "|recalling"},
	{"remark", "remarks", "remarked", "|remarking"},
	{"observe", "observes", "observed", "|observing"},
	{"conclude", "concludes", "concluded", "|concluding"},
	{"concede", "concedes", "conceded", "|conceding"},
	{"contend", "contends", "contended", "|contending"},
	{"maintain", "maintains", "maintained", "|maintaining"},
	{"testify", "testifies", "testified", "|testifying"},
	{"reveal", "reveals", "revealed", "|revealing"},
	{"disclose", "discloses", "disclosed", "|disclosing"},
	{"indicate", "indicates", "indicated", "|indicating"},
	{"mention", "mentions", "mentioned", "|mentioning"},
	{"caution", "cautions", "cautioned", "|cautioning"},
	{"allege", "alleges", "alleged", "|alleging"},
	{"estimate", "estimates", "estimated", "|estimating"},
	{"boast", "boasts", "boasted", "|boasting"},
	{"joke", "jokes", "joked", "|joking"},
	{"urge", "urges", "urged", "|urging"},
	{"believe", "believes", "believed"},
	{"think", "thinks", "thought"},
	{"charge", "charges", "charged"},
	{"shout", "shouts", "shouted"},
	{"accuse", "accuses", "accused"},
}

// invertible are the forms that may precede their subject after a quotation: `"...," said Lavrov`.
var invertible = map[string]bool{"said": true, "says": true, "added": true, "adds": true, "asked": true,
	"asks": true, "wrote": true, "writes": true, "explained": true, "continued": true, "replied": true,
	"warned": true, "insisted": true, "noted": true, "stressed": true, "argued": true, "tweeted": true,
	"recalled": true, "answered": true, "responded": true, "declared": true, "concluded": true, "claimed": true,
	"told": true, "tells": true, "reported": true, "reports": true, "emphasized": true, "shouted": true}

// objectVerbs take the hearer as object before the content: "told reporters that", "warned Moscow that".
var objectVerbs = map[string]bool{"tell": true, "ask": true, "urge": true, "warn": true, "remind": true,
	"assure": true, "inform": true, "accuse": true, "charge": true}

// colonVerbs attribute only before a colon or a quotation mark: `Caddell continued: "..."`.
var colonVerbs = []string{"continued", "continues", "explained", "wrote", "writes", "tweeted", "posted", "posts",
	"responded", "replied", "answered", "concluded", "declared", "shouted", "called", "calls", "call", "calling",
	"labeled", "labelled", "labeling", "labelling", "labels", "dubbed", "branded", "described", "describes",
	"describing", "quoted", "quipped", "cited", "citing", "read", "reads", "chanted", "yelled", "wondered",
	"mused", "offered", "points", "pointed", "pointing", "opined", "noting", "highlighted", "summed", "put",
	"joked", "texted", "emailed", "posted", "messaged", "retweeted", "wrote", "blamed", "blaming", "praised",
	"praising", "criticized", "criticised", "criticizing", "mocked", "mocking", "slammed", "slamming", "blasted",
	"blasting", "thanked", "thanking", "referred", "referring", "derided", "dismissed", "touted", "hailed",
	"decried", "denounced", "condemned", "lamented", "characterized", "characterizing", "termed", "deemed",
	"exclaimed", "quipping", "writing", "tweeting", "posting",
	// Verbs of manner that report a quotation beside them: `“Quiet,” he demanded`, `she interjected: “...”`.
	"interjected", "interjects", "demanded", "demands", "pressed", "proclaimed", "proclaims", "pronounced",
	"assured", "assures", "elaborated", "barked", "bemoaned", "questioned", "implied", "expressed", "sings",
	"sang", "chants", "chanting", "screamed", "screams", "shouting", "yelling", "yells", "cried", "exclaiming",
	"mocks", "riffed", "boomed", "beamed", "scoffed", "snapped", "retorted", "retorts", "countered", "quips",
	"sniped", "fumed", "gushed", "marveled", "marvelled", "recounted", "recounts", "intoned", "muttered",
	"whispered", "sighed", "groaned", "laughed"}

// particles are the words some cues need after them: "points out", "summed up".
var particles = map[string]string{"referred": "to", "referring": "to", "points": "out", "pointed": "out", "pointing": "out", "summed": "up", "put": "it"}

// cues maps a lower-case word form to its kinds.
var cues = func() map[string]cueKind {
	m := map[string]cueKind{}
	for _, forms := range speechVerbs {
		obj := objectVerbs[forms[0]]
		part := false
		for _, f := range forms {
			if strings.HasPrefix(f, "|") {
				part, f = true, f[1:]
			}
			k := cueFinite
			if part {
				k = cueParticiple
			}
			if obj {
				k |= cueObject
			}
			if invertible[f] {
				k |= cueInvert
			}
			m[f] |= k
		}
	}
	for _, f := range colonVerbs {
		if m[f] == 0 {
			m[f] = cueColon
			if strings.HasSuffix(f, "ing") {
				m[f] |= cueParticiple
			}
		}
	}
	for f := range invertible {
		m[f] |= cueInvert
	}
	return m
}()

// bareClause are the verb forms that commonly take a clause without "that": "said Russia is", "believes the
// opposition needs".
var bareClause = set("say", "says", "said", "saying", "add", "adds", "added", "adding", "tell", "tells", "told",
	"telling", "claim", "claims", "claimed", "insist", "insists", "insisted", "warn", "warns", "warned", "warning",
	"argue", "argues", "argued", "believe", "believes", "believed", "think", "thinks", "thought", "suggested",
	"suggests", "predicted", "predicts", "estimated", "estimates", "noted", "notes", "stressed", "stresses",
	"admitted", "admits", "acknowledged", "acknowledges", "conceded", "concedes", "reported", "reports",
	"wrote", "writes", "explained", "announced", "confirmed", "agreed", "emphasized", "emphasised", "reiterated",
	"maintained", "maintains", "contended", "alleged", "asserted", "declared", "stated", "promised", "vowed",
	"pledged", "complained", "replied", "responded", "recalled", "indicated", "revealed", "disclosed", "hoped",
	"urged", "urges", "tweeted")

// determiners start a noun phrase.
var determiners = set("the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "these",
	"those", "another", "one", "some", "several", "many", "two", "three", "four", "other", "both", "each", "every",
	"most", "few", "no", "all", "any", "such", "senior", "top")

// subjectPronouns are pronouns that can say something.
var subjectPronouns = set("he", "she", "they", "we", "i", "it", "you", "who")

// stopWords cannot be part of a speaker's noun phrase: function words, auxiliaries, frequent verbs.
var stopWords = set(
	"of", "in", "on", "at", "to", "for", "with", "from", "by", "about", "after", "before", "during", "since", "until",
	"over", "under", "against", "between", "into", "through", "without", "within", "among", "amid", "as", "than",
	"like", "per", "via", "upon", "across", "behind", "near", "toward", "towards", "despite", "ahead", "off", "out",
	"and", "or", "but", "nor", "while", "because", "if", "when", "whereas", "although", "though", "so", "yet",
	"unless", "whether", "once", "then", "that", "which", "whom", "whose", "where", "what", "how", "why",
	"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will",
	"would", "can", "could", "may", "might", "must", "shall", "should", "not", "n't", "also", "there", "here",
	"him", "them", "us", "me", "it", "he", "she", "they", "we", "i", "you", "said", "says", "told", "say",
	"met", "made", "took", "gave", "got", "went", "came", "saw", "knew", "found", "left", "called", "asked",
	"even", "just", "only", "still", "now", "too", "very", "more", "less", "much", "well", "however",
	"meanwhile", "instead", "though", "thus", "therefore", "later", "earlier", "again", "already", "this", "these",
	"those", "there", "all",
)

// skipBeforeCue are words between a subject and its verb: "Lavrov also said", "he has repeatedly warned".
var skipBeforeCue = set("also", "further", "repeatedly", "again", "previously", "recently", "then", "later",
	"earlier", "reportedly", "publicly", "privately", "often", "once", "never", "always", "has", "have", "had",
	"will", "would", "could", "may", "might", "did", "does", "do", "not", "n't", "himself", "herself", "itself",
	"themselves", "subsequently", "separately", "yesterday", "today", "tonight", "monday", "tuesday",
	"wednesday", "thursday", "friday", "saturday", "sunday", "now", "still", "just", "first", "last", "even",
	"however", "too", "flatly", "forcefully", "openly", "explicitly", "bluntly", "simply", "specifically",
	"had", "has", "should", "must", "can", "would")

// timeNouns end a time phrase that may stand between a subject and its verb: "this week", "last month".
var timeNouns = set("week", "month", "year", "weekend", "morning", "afternoon", "evening", "night", "summer",
	"spring", "fall", "autumn", "winter", "time")

// dayWords may come between a verb and its content: "said Saturday Russia is".
var dayWords = set("yesterday", "today", "tonight", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday", "earlier", "later", "again", "also", "repeatedly", "publicly", "privately",
	"separately", "recently", "previously", "then", "now")

// speakerNouns are heads that make a bare lower-case noun phrase a plausible speaker: "officials said".
var speakerNouns = set("officials", "official", "sources", "source", "analysts", "experts", "critics",
	"residents", "witnesses", "activists", "diplomats", "observers", "people", "aides", "advisers", "advisors",
	"supporters", "opponents", "rebels", "police", "authorities", "lawmakers", "democrats", "republicans",
	"voters", "investigators", "prosecutors", "researchers", "scientists", "economists", "insiders", "polls",
	"reports", "documents", "data", "studies", "surveys", "leaders", "members", "spokesman", "spokeswoman",
	"spokesperson", "commander", "commanders", "minister", "ministry", "president", "government", "officers",
	"troops", "fighters", "militants", "organisers", "organizers", "protesters", "demonstrators", "doctors",
	"medics", "campaign", "aide", "adviser", "advisor", "senator", "officer", "spokesmen", "representatives",
	"republican", "democrat", "candidate", "nominee", "agency", "agencies", "media", "newspaper", "report",
	"statement", "survey", "poll", "study", "staffers", "staff", "journalists", "reporters", "leader", "chief",
	"head", "envoy", "ambassador", "diplomat", "general", "secretary", "premier", "chancellor", "mayor",
	"governor", "lawmaker", "negotiator", "mediator", "monitor", "observatory", "army", "military")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
