-- Annotations of each document (sentences, tokens, mentions, document entities) as zstd-compressed JSON,
-- NULL for documents stored before annotation existed.
ALTER TABLE documents ADD COLUMN annotations BLOB;

-- Canonical entities: gazetteer entries and the names newsgraph met, under stable IDs.
CREATE TABLE entities (
    id    TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    label TEXT NOT NULL,
    known INTEGER NOT NULL DEFAULT 0,
    data  TEXT NOT NULL -- JSON of newsgraph.Entity
) WITHOUT ROWID;
CREATE INDEX entities_label ON entities (label);

-- Every mention of an entity: where it is and what it says.
CREATE TABLE mentions (
    doc_id    TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    label     TEXT NOT NULL,
    kind      TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    text      TEXT NOT NULL,
    PRIMARY KEY (doc_id, start)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions (entity_id, doc_id);
CREATE INDEX mentions_text ON mentions (text COLLATE NOCASE);
