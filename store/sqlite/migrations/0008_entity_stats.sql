-- Entity aggregates for entity profiles (EntityStore.EntityProfile), kept by Commit with every new document so
-- that a profile reads O(months + sample) rows instead of every mention of the entity.
-- entity_docs: one row per (entity, document that mentions it), with the document's date and the entity's
-- mentions in it; newest first by (entity_id, published DESC, doc_rowid DESC), the order of a profile's documents.
CREATE TABLE entity_docs (
    entity_id TEXT NOT NULL,
    published TEXT NOT NULL,   -- documents.published ('' when unknown)
    doc_rowid INTEGER NOT NULL, -- documents.rowid
    mentions  INTEGER NOT NULL,
    PRIMARY KEY (entity_id, published, doc_rowid)
) WITHOUT ROWID;
-- The entities of a document with their mentions (a profile's related entities over its sampled documents).
CREATE INDEX entity_docs_doc ON entity_docs (doc_rowid, entity_id, mentions);
-- entity_stats: an entity's mentions, documents and range of publication dates ('' when none is dated).
CREATE TABLE entity_stats (
    entity_id TEXT PRIMARY KEY,
    mentions  INTEGER NOT NULL,
    documents INTEGER NOT NULL,
    first     TEXT NOT NULL,
    last      TEXT NOT NULL
) WITHOUT ROWID;
-- entity_months: an entity's mentions and documents per month of publication ("2024-12"); undated documents
-- are left out.
CREATE TABLE entity_months (
    entity_id TEXT NOT NULL,
    month     TEXT NOT NULL,
    mentions  INTEGER NOT NULL,
    documents INTEGER NOT NULL,
    PRIMARY KEY (entity_id, month)
) WITHOUT ROWID;
-- entity_texts: how often each text names an entity, by mention kind (aliases; resolving a name to entities).
CREATE TABLE entity_texts (
    entity_id TEXT NOT NULL,
    kind      TEXT NOT NULL,
    text      TEXT NOT NULL,
    mentions  INTEGER NOT NULL,
    PRIMARY KEY (entity_id, kind, text)
) WITHOUT ROWID;
CREATE INDEX entity_texts_text ON entity_texts (text COLLATE NOCASE, entity_id);

-- A duplicate's merge may date a stored undated document (Commit): move its entities' rows to the date.
CREATE TRIGGER entity_docs_dated AFTER UPDATE OF published ON documents
WHEN OLD.published = '' AND NEW.published != ''
BEGIN
    UPDATE entity_docs SET published = NEW.published WHERE doc_rowid = NEW.rowid AND published = '';
    INSERT INTO entity_months (entity_id, month, mentions, documents)
        SELECT entity_id, substr(NEW.published, 1, 7), mentions, 1 FROM entity_docs WHERE doc_rowid = NEW.rowid
        ON CONFLICT (entity_id, month) DO UPDATE SET mentions = mentions + excluded.mentions, documents = documents + 1;
    UPDATE entity_stats SET
        first = CASE WHEN first = '' OR NEW.published < first THEN NEW.published ELSE first END,
        last = CASE WHEN NEW.published > last THEN NEW.published ELSE last END
        WHERE entity_id IN (SELECT entity_id FROM entity_docs WHERE doc_rowid = NEW.rowid);
END;

-- The documents stored before this migration.
INSERT INTO entity_docs (entity_id, published, doc_rowid, mentions)
    SELECT m.entity_id, d.published, d.rowid, count(*) FROM mentions m JOIN documents d ON d.id = m.doc_id
    GROUP BY m.entity_id, d.rowid;
INSERT INTO entity_stats (entity_id, mentions, documents, first, last)
    SELECT entity_id, sum(mentions), count(*), COALESCE(min(NULLIF(published, '')), ''), max(published)
    FROM entity_docs GROUP BY entity_id;
INSERT INTO entity_months (entity_id, month, mentions, documents)
    SELECT entity_id, substr(published, 1, 7), sum(mentions), count(*) FROM entity_docs WHERE published != ''
    GROUP BY entity_id, substr(published, 1, 7);
INSERT INTO entity_texts (entity_id, kind, text, mentions)
    SELECT entity_id, kind, text, count(*) FROM mentions GROUP BY entity_id, kind, text;
