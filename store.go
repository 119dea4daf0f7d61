package newsgraph

import (
	"context"
	"time"
)

// RawStatus is the processing state of a stored raw item.
type RawStatus string

// Raw item states. A raw item is stored Pending before any processing, so a crash mid-ingest loses nothing:
// the next ingest (or worker) picks pending items up again.
const (
	RawPending   RawStatus = "pending"
	RawDone      RawStatus = "done"      // produced a new document
	RawDuplicate RawStatus = "duplicate" // produced a document that was already stored
	RawFailed    RawStatus = "failed"    // could not be read or extracted; Reason says why
)

// Raw is a stored raw item: the bytes as read, with their origin and container metadata.
type Raw struct {
	ID     int64
	Item   Item // Item.Err is nil for a stored raw; a failure is in Status/Reason
	Hash   string
	Status RawStatus
	Reason string
	DocID  string
}

// Outcome is the result of processing one raw item, recorded by Store.Commit.
type Outcome struct {
	RawID int64
	Doc   *Document // nil when processing failed
	Err   error     // why processing failed; nil on success
	// Duplicate is set by Commit when Doc's ID was already stored (by an earlier run or earlier in the batch).
	Duplicate bool
}

// Query selects documents. The zero value matches every document, newest first, 20 per page.
type Query struct {
	// Text is a full-text query: words (all must match), "quoted phrases", OR between alternatives, -word to exclude,
	// prefix* matching. Empty matches everything. A syntax error is reported as ErrBadQuery.
	Text     string
	Language string // ISO 639-1 code; "" any
	Site     string // exact site name; "" any
	// Entity keeps the documents that mention the canonical entity with this ID (Entity.ID, not a name: resolve
	// names with EntityStore.EntityProfile first); "" any. Stores that keep no entities match nothing for it.
	Entity   string
	From, To time.Time // publication date range, inclusive; zero means open
	Limit    int       // page size; 0 means 20
	Offset   int
}

// Hit is one search result.
type Hit struct {
	Doc     Document // Text is empty in hits: use Store.Document for the full text
	Snippet string   // text around the matches, matches wrapped in « »
	Score   float64  // higher is better
}

// Stats summarises a store's contents.
type Stats struct {
	Documents   int
	Raw         map[RawStatus]int
	Sites       []Count // by document count, descending
	Languages   []Count
	Formats     []Count
	First, Last time.Time // range of known publication dates
	Undated     int       // documents whose publication date is unknown
}

// Count is a labelled count.
type Count struct {
	Key string
	N   int
}

// Store keeps raw items, documents and the full-text index. Implementations are safe for concurrent use.
type Store interface {
	// AddRaw stores items as they were read, before any processing, and returns their IDs in order. Items with
	// Err set are stored as failed with the error as reason. An item already stored from the same origin with the
	// same bytes is not stored twice: its ID is returned with its status before the call in prior ("" for an item
	// stored now); one that had failed and now reads without error is set back to pending, to be tried again.
	AddRaw(ctx context.Context, items []Item) (ids []int64, prior []RawStatus, err error)
	// Pending returns up to limit raw items still pending, with ID > after, in ID order.
	Pending(ctx context.Context, after int64, limit int) ([]Raw, error)
	// Commit records outcomes in one transaction: new documents are stored and indexed, and each raw item's status
	// is set. It sets Duplicate on outcomes whose document was already stored.
	Commit(ctx context.Context, outcomes []Outcome) error
	// Document returns the document with the given ID or unique ID prefix (at least 4 characters).
	// ErrNotFound when none matches; an ambiguous prefix is an error naming the candidates.
	Document(ctx context.Context, id string) (Document, error)
	// Search returns documents matching q, best first (newest first when q.Text is empty), and the total count.
	Search(ctx context.Context, q Query) (hits []Hit, total int, err error)
	// Failures lists failed raw items, newest first, up to limit.
	Failures(ctx context.Context, limit int) ([]Raw, error)
	// Stats summarises the store.
	Stats(ctx context.Context) (Stats, error)
	Close() error
}

// EntityQuery selects canonical entities. The zero value lists every entity, most mentioned first, 20 per page.
type EntityQuery struct {
	Label    string    // LabelPER ...; "" any
	Name     string    // case-insensitive substring of the canonical name; "" any
	From, To time.Time // count only mentions in documents published in this range, inclusive; zero means open
	Limit    int       // page size; 0 means 20
	Offset   int
}

// EntityCount is a canonical entity with how often the corpus mentions it.
type EntityCount struct {
	Entity      Entity
	Mentions    int       // mentions in the selected documents
	Documents   int       // documents that mention it
	First, Last time.Time // range of the publication dates of those documents; zero when none is dated
}

// DocumentCount is a document (without its text) with a count, such as its mentions of an entity.
type DocumentCount struct {
	Doc Document
	N   int
}

// EntityProfile is what the corpus says about one entity.
type EntityProfile struct {
	EntityCount
	Aliases   []Count         // the names it is mentioned by, most frequent first
	Months    []Count         // mentions per month of publication ("2024-12"), in order; undated documents are left out
	Related   []EntityCount   // entities mentioned in the same documents, by shared documents (Documents counts them)
	Docs      []DocumentCount // documents that mention it, newest first, with their mentions of it
	Ambiguous []EntityCount   // other entities the reference could name, most mentioned first
}

// EntityStore is implemented by stores that keep annotations: mentions and canonical entities, written by Commit
// with each new document.
type EntityStore interface {
	// Entities lists canonical entities with their mention counts, most mentioned first, and the total number
	// of entities that match q.
	Entities(ctx context.Context, q EntityQuery) ([]EntityCount, int, error)
	// EntityProfile returns the profile of the entity with the given ID, or else of the most mentioned entity
	// whose canonical name or a mention's text is ref (case-insensitive), or else whose name contains ref.
	// ErrNotFound when nothing matches.
	EntityProfile(ctx context.Context, ref string) (EntityProfile, error)
}

// QuoteQuery selects quotes. The zero value lists every quote, newest first, 20 per page.
type QuoteQuery struct {
	Speaker  string    // the speaker: an entity ID or a name, resolved as EntityProfile resolves it; "" any
	About    string    // an entity the quote's content mentions, resolved likewise; "" any
	From, To time.Time // the quote's date (its sentence's date), inclusive; zero means open
	Limit    int       // page size; 0 means 20
	Offset   int
}

// QuoteHit is one stored quote with its context.
type QuoteHit struct {
	Doc         Document // without its text
	Span        Span     // the content, in the document's text
	Text        string   // the content
	Direct      bool
	Cue         string
	SpeakerID   string // "" when unresolved
	SpeakerName string // the canonical name, else the speaker as written
	Date        string // TIMEX3 date of the reporting sentence
	Sentence    string // the sentence (or sentences) holding the quote
}

// QuoteStore is implemented by stores that keep quotes, written by Commit with each new document.
type QuoteStore interface {
	// Quotes returns the quotes matching q, newest first, and their total count. A speaker or topic that names
	// no entity is ErrNotFound.
	Quotes(ctx context.Context, q QuoteQuery) ([]QuoteHit, int, error)
}

// EventQuery selects coded events. The zero value lists every event, newest first, 20 per page.
type EventQuery struct {
	// Actor is the event's source, Target its target: an entity ID or a name, resolved as EntityProfile resolves
	// it; "" any. A name that resolves to no entity is ErrNotFound.
	Actor, Target string
	// Involving is an entity on either side of the event, resolved likewise; "" any.
	Involving string
	Code      string    // CAMEO event code prefix: "04" matches 040-046, "190" only 190; "" any
	Happening string    // only the reports of this happening (EventHit.Happening); "" any
	From, To  time.Time // the event's date (its sentence's date), inclusive; zero means open. Undated events match only open ranges
	Limit     int       // page size; 0 means 20
	Offset    int
}

// EventHit is one stored event: one report of a happening, in one sentence of one document.
type EventHit struct {
	Doc       Document // without its text
	Span      Span     // the clause or sentence that reports the event, in the document's text
	Index     int      // index into the document's Events
	Sentence  string   // the sentence that reports it
	Cue       string   // the coded words
	Code      string   // CAMEO event code
	Root      string   // its root code, the first two digits: "04"
	QuadClass int
	Goldstein float64
	Source    EventSide
	Target    EventSide // ID and Name are "" when the event has no resolved target
	Date      string    // TIMEX3 date of the event, "" unknown
	Location  EventSide // the place named; CAMEO is empty
	Reporter  EventSide // who reports it; CAMEO is empty
	// Happening identifies what was reported, so that every report of it, in any document, shares it:
	// EventKey(source, target, code, date).
	Happening string
	Reports   int // how many stored events report the same happening (at least 1)
}

// EventSide is one actor of a stored event: its canonical entity (ID "" when unresolved), its name (the canonical
// name, else as written) and its CAMEO actor code at the event's date.
type EventSide struct {
	ID, Name, CAMEO string
}

// EventKey returns the key of the happening an event reports: "one happening reported by many articles is one
// event with many reports". Actors are entity IDs, else CAMEO codes (an unresolved "rebels" is "REB"); date is
// the TIMEX3 date of the event.
func EventKey(source, target, code, date string) string {
	return source + "|" + target + "|" + code + "|" + date
}

// RelationQuery selects the relations between actors over a time window. The zero value aggregates every dated
// and undated event, with 3 evidence items per relation.
type RelationQuery struct {
	From, To time.Time // event dates, inclusive; zero means open. Undated events count only when both are zero
	// Actor keeps the relations in which this entity (an ID or a name, resolved as EntityProfile resolves it) is
	// the source or the target; "" any. Other, with Actor, keeps those between the two, in either direction.
	// A name that resolves to no entity is ErrNotFound.
	Actor, Other string
	Evidence     int // evidence items per relation, newest first; 0 means 3, negative none
	// Limit keeps the strongest relations only: the first Limit in the order of EventStore.Relations (most event
	// reports first, ties by source then target ID, compared bytewise), so that a limited result is a prefix of
	// the unlimited one. 0 means all; negative is ErrBadQuery.
	Limit int
}

// Relation is what one actor did to another over a window: the events coded with the first as source and the
// second as target, both resolved entities.
type Relation struct {
	Source, Target Entity
	Events         int     // event reports
	Happenings     int     // distinct happenings (EventHit.Happening) among them
	Quad           [4]int  // reports by QuadClass: verbal cooperation, material cooperation, verbal conflict, material conflict
	Goldstein      float64 // mean Goldstein score of the reports
	// Quotes counts the quotes by Source whose content mentions Target, dated in the window.
	Quotes      int
	First, Last string     // range of the event dates, "" when none is dated
	Evidence    []EventHit // the newest reports, up to RelationQuery.Evidence
}

// EventStore is implemented by stores that keep coded events, written by Commit with each new document.
type EventStore interface {
	// Events returns the events matching q, newest first, and their total count.
	Events(ctx context.Context, q EventQuery) ([]EventHit, int, error)
	// Relations aggregates the events of the window by (source, target), most events first, then by source and
	// target ID. Events with an unresolved source or target are left out.
	Relations(ctx context.Context, q RelationQuery) ([]Relation, error)
	// RelationsTotal is Relations that also returns how many relations the window holds, whatever q.Limit: a
	// view that shows the strongest N relations can say how many there are.
	RelationsTotal(ctx context.Context, q RelationQuery) ([]Relation, int, error)
}

// ClusterRelation says how a document relates to its same-event cluster.
type ClusterRelation string

// The relations a clustered document can have.
const (
	RelationCopy    ClusterRelation = "copy"    // near-duplicate or syndicated copy of ClusterAssignment.Of
	RelationRewrite ClusterRelation = "rewrite" // spun copy of Of: other words, same names, numbers and sentence plan
	RelationReport  ClusterRelation = "report"  // its own text about the cluster's happening
)

// ClusterAssignment says where clustering put one document.
type ClusterAssignment struct {
	Doc        string // document ID
	Cluster    string
	Relation   ClusterRelation
	Of         string  // the document copied or rewritten; "" for a report
	Similarity float64 // estimated Jaccard (copy), skeleton agreement (rewrite), link score to the cluster (report; 0 for the first)
	Story      string  // the story of the cluster when the document was placed
	// Merged names clusters absorbed into Cluster when the document was placed: their members now belong to
	// Cluster and the absorbed clusters no longer exist.
	Merged []string
	// Split, when not nil, says that placing the document split a cluster: documents placed earlier moved out
	// of it into a new cluster.
	Split *ClusterSplit
}

// ClusterSplit says that documents placed earlier left cluster From for the new cluster Into (the split step of
// clustering: one cluster found to hold two happenings).
type ClusterSplit struct {
	From, Into string
	Docs       []string
}

// ClusterInfo summarises one same-event cluster.
type ClusterInfo struct {
	ID          string
	Label       string    // readable: strongest names and a key term, "Sergei Lavrov, Doha: talks"
	First, Last time.Time // range of the members' publication dates; zero when no member is dated
	Story       string
	Size        int // member documents
	// Docs are the member document IDs in arrival order. SaveClusters ignores them (membership comes from
	// assignments); Clusters and Cluster fill them.
	Docs []string
	// Sources are the members' origins, in the order of Docs: the URL when known, else the path as given
	// (with ":record" for a record of a container). Filled by Clusters and Cluster.
	Sources []string
}

// StoryInfo summarises a story: same-event clusters chained over time.
type StoryInfo struct {
	ID          string
	Label       string
	First, Last time.Time
	// Clusters are the story's clusters, oldest first, without Docs and Sources; filled by Stories (SaveClusters
	// takes a cluster's story from ClusterInfo.Story).
	Clusters []ClusterInfo
	Size     int // documents in the story's clusters; filled by Stories
}

// ClusterQuery selects clusters. The zero value lists every cluster, largest first, 20 per page.
type ClusterQuery struct {
	// From and To keep the clusters whose date span meets [From, To], inclusive; zero means open. Undated
	// clusters match only when both are zero.
	From, To time.Time
	MinSize  int    // least number of members; 0 means 1
	Story    string // only the clusters of this story; "" any
	Limit    int    // page size; 0 means 20
	Offset   int
}

// ClusterMember is one document of a cluster and how it relates to the others.
type ClusterMember struct {
	Doc        Document // without its text
	Relation   ClusterRelation
	Of         string // the document copied or rewritten, "" for a report
	Similarity float64
}

// ClusterDetail is what a cluster holds.
type ClusterDetail struct {
	ClusterInfo
	Members  []ClusterMember // in arrival order
	Entities []EntityCount   // entities mentioned by at least two members, by members (Documents) then mentions
	Dates    []Count         // members by publication day ("2024-12-07"), in order; undated members are left out
	Sites    []Count         // members by site, most first
}

// DuplicateKind names a kind of duplicate.
type DuplicateKind string

// The kinds of duplicates.
const (
	DuplicateExact   DuplicateKind = "exact"   // the same normalised text, stored once: a raw item whose document was already stored
	DuplicateCopy    DuplicateKind = "copy"    // a near-duplicate or syndicated copy (RelationCopy)
	DuplicateRewrite DuplicateKind = "rewrite" // a rewritten (spun) copy (RelationRewrite)
)

// DuplicateQuery selects duplicates. The zero value lists every kind, 20 per page.
type DuplicateQuery struct {
	Kind   DuplicateKind // "" any
	Limit  int           // page size; 0 means 20
	Offset int
}

// DuplicatePair is one copy and the document it copies.
type DuplicatePair struct {
	Kind DuplicateKind
	// Copy is the copying document, without its text. For an exact duplicate, which is not stored twice, it has
	// only Origin (where the copy was read) and ID (the stored document's).
	Copy       Document
	Of         Document // the original, without its text
	Similarity float64  // 1 for an exact duplicate
}

// StoryQuery selects stories. The zero value lists every story with at least one cluster, the longest chains
// first, 20 per page.
type StoryQuery struct {
	From, To    time.Time // the story's date span meets [From, To], inclusive; zero means open
	MinClusters int       // least number of clusters; 0 means 1
	Limit       int       // page size; 0 means 20
	Offset      int
}

// ClusterStore is implemented by stores that keep same-event clusters. The clusterer (ingest) owns the
// clustering state: it saves it with every batch of assignments, and loads it to go on where it stopped.
type ClusterStore interface {
	// SaveClusters records, in one transaction: the clusterer's state (replacing the saved one; nil keeps it),
	// the assignments (replacing any earlier assignment of the same document; an assignment's Merged clusters
	// are moved into its cluster and deleted, and its Split's documents moved into the split's new cluster), and the summaries of the clusters and stories that changed
	// (inserted or replaced by ID; a summary's Docs, Sources, Clusters and Size fields are ignored: the size of a
	// cluster is the number of documents assigned to it). Assignments name stored documents.
	SaveClusters(ctx context.Context, state []byte, assignments []ClusterAssignment, clusters []ClusterInfo, stories []StoryInfo) error
	// ClusterState returns the state saved last; nil and no error when none was.
	ClusterState(ctx context.Context) ([]byte, error)
	// Unclustered returns the IDs of up to limit stored documents that have no assignment, in the order their raw
	// items were stored, which is the order ingest read and committed them (documents of a run interrupted
	// between Commit and SaveClusters, or of a database ingested without clustering).
	Unclustered(ctx context.Context, limit int) ([]string, error)
	// Clusters lists the clusters matching q, with their Docs and Sources, largest first (then newest, then by
	// ID), and their total count.
	Clusters(ctx context.Context, q ClusterQuery) ([]ClusterInfo, int, error)
	// Cluster returns the cluster with the given ID or unique ID prefix (at least 4 characters), with its
	// members. ErrNotFound when none matches.
	Cluster(ctx context.Context, id string) (ClusterDetail, error)
	// Duplicates lists exact duplicates, copies and rewrites, newest stored first, and their total count.
	Duplicates(ctx context.Context, q DuplicateQuery) ([]DuplicatePair, int, error)
	// Stories lists the stories matching q, with their clusters, most clusters first (then newest, then by ID),
	// and their total count.
	Stories(ctx context.Context, q StoryQuery) ([]StoryInfo, int, error)
}

// FacetLimit is the most values Facets lists for entities, sites and languages (months are all listed).
const FacetLimit = 20

// FacetSample is the most matching documents whose entities Facets counts: the newest FacetSample of them.
// Sites, languages and months are counted over every matching document.
const FacetSample = 1000

// Facets counts the documents that match a query by the values they have, to narrow the query down.
type Facets struct {
	Total int // documents that match
	// Entities are the entities the matching documents mention, by documents (EntityCount.Documents) then
	// mentions, at most FacetLimit. They are counted over the newest FacetSample matching documents when more
	// match (Sampled is then that number, else 0). First and Last are zero.
	Entities  []EntityCount
	Sampled   int
	Sites     []Count // by document count, descending, at most FacetLimit; "" is an unknown site
	Languages []Count // likewise
	Months    []Count // documents per month of publication ("2024-12"), in order; undated documents are left out
}

// FacetStore is implemented by stores that count search facets.
type FacetStore interface {
	// Facets counts the documents matching q (Text, Language, Site, Entity, From, To; Limit and Offset are
	// ignored) by entity, site, language and month. A query syntax error is ErrBadQuery, as in Store.Search.
	Facets(ctx context.Context, q Query) (Facets, error)
}
