package newsgraph

// Annotation layers. Every annotation is a Span into the text it annotates (Document.Text) and refers to the
// others by index, so a Document is one value that serialises to JSON and SQL.

// Entity labels (../shared/DESIGN.md).
const (
	LabelPER  = "PER"  // people
	LabelORG  = "ORG"  // organisations, governments, armed groups
	LabelLOC  = "LOC"  // countries, cities, regions, natural places
	LabelNORP = "NORP" // nationalities, religious and political groups: "Russian", "Kurdish"
	LabelMISC = "MISC" // events, laws, other named things
)

// Sentence is one sentence: its span and the tokens it holds, Tokens[TokenStart:TokenEnd].
type Sentence struct {
	Span
	Paragraph            int // index into Document.Paragraphs, or the paragraph the segmenter found
	TokenStart, TokenEnd int // token index range
	// Date is when what the sentence reports happened, as a TIMEX3 date value ("2024-12-07", "2024-12",
	// "XXXX-12-07" when the year is unknown): its own time expression, else the document's date; "" unknown.
	Date string
}

// Timex is a time expression with its TimeML TIMEX3 type and normalised value.
type Timex struct {
	Span
	Type     string // DATE, TIME, DURATION or SET
	Value    string // "2024-12-07", "2024-W49", "2024-12", "P6Y", "PRESENT_REF", "XXXX-12-07"
	Sentence int    // index into Sentences
}

// MentionKind says how a mention names its entity.
type MentionKind string

// Mention kinds.
const (
	MentionName    MentionKind = "name"    // "Sergei Lavrov", "Lavrov", "HTS"
	MentionNominal MentionKind = "nominal" // "the Russian foreign minister", "the Syrian leader"
	MentionPronoun MentionKind = "pronoun" // "he", "his"
)

// Mention is one reference to an entity in the text. A name's span holds the name only, never the title in
// front of it ("Foreign Minister Sergei Lavrov" -> "Sergei Lavrov").
type Mention struct {
	Span
	Label    string      // LabelPER ... LabelMISC
	Kind     MentionKind // name, nominal or pronoun
	Sentence int         // index into Sentences
	Entity   int         // index into Document.Entities, -1 when the mention is linked to nothing
}

// Role is a position held over a period: "foreign minister of RUS from 2004-03-09". Dates are ISO 8601 with the
// precision known ("2004", "2004-03", "2004-03-09"); To is "" while the role is held.
type Role struct {
	Role  string `json:"role"`            // controlled vocabulary: head-of-state, head-of-government, foreign-minister, ...
	Title string `json:"title,omitempty"` // the title as written: "President", "Minister of Foreign Affairs"
	Of    string `json:"of"`              // the entity ID of the country or organisation
	From  string `json:"from,omitempty"`
	To    string `json:"to,omitempty"`
}

// Entity is a canonical entity: a gazetteer entry, or a name newsgraph met that the gazetteer does not know
// (then its ID is derived from the name, stable across runs and machines).
type Entity struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Label   string   `json:"label"`
	Kind    string   `json:"kind,omitempty"`    // country, city, region, igo, organisation, group, person, ...
	Country string   `json:"country,omitempty"` // the country entity ID an entity belongs to, if any
	Aliases []string `json:"aliases,omitempty"`
	Roles   []Role   `json:"roles,omitempty"`
	CAMEO   string   `json:"cameo,omitempty"` // CAMEO actor code, "RUS", "IGOUNO", "SYRREB"
	Known   bool     `json:"known"`           // true when the entity comes from a gazetteer
}

// DocEntity is a canonical entity as one document refers to it: the entity, and the roles it held at the
// document's date.
type DocEntity struct {
	Entity
	RolesAt []Role `json:"roles_at,omitempty"` // the roles Entity.Roles says it held at the document's date
}

// Quote is something a speaker said: direct (in quotation marks) or reported ("Lavrov said that ...").
type Quote struct {
	Span            // the content: inside the quotation marks for a direct quote
	Direct   bool   // in quotation marks
	Cue      Span   // the verb or phrase that attributes it ("said", "according to"); empty when none
	Speaker  Span   // the speaker as written ("Lavrov", "he", "a rebel commander"); empty when unknown
	Mention  int    // index into Mentions of the speaker's mention, -1 when none
	Entity   int    // index into Entities of the speaker, -1 when unresolved
	Sentence int    // index into Sentences of the sentence holding the cue (else the content's start)
	Date     string // the date of the sentence that reports it (Sentence.Date)
}

// Event is who did what to whom, as one sentence reports it, coded in CAMEO.
type Event struct {
	Span                 // the clause or sentence that reports the event
	Sentence  int        // index into Sentences
	Cue       Span       // the verb or phrase that was coded ("met", "called for", "refused to talk")
	Code      string     // CAMEO event code: "040", "0311", "1246"
	QuadClass int        // 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict
	Goldstein float64    // Goldstein scale, -10 to +10
	Source    EventActor // who acts
	Target    EventActor // who is acted on; zero (Entity -1, empty span) when the event has none
	Date      string     // the sentence's date (Sentence.Date)
	Location  int        // index into Entities of the place named, -1 when none
	Reporter  int        // index into Entities of who reports it ("Lavrov said Russia is helping ..."), -1 when none
}

// EventActor is one side of an event: the words that name it, the entity, and its CAMEO actor code at the
// event's date (country + role: "RUSGOV", "SYRREB", "IGOUNO").
type EventActor struct {
	Span
	Entity int    // index into Entities, -1 when unresolved
	CAMEO  string // "" when unknown
}
