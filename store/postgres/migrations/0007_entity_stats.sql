-- Entity aggregates for entity profiles (EntityStore.EntityProfile), kept by Commit with every new document so
-- that a profile reads O(months + sample) rows instead of every mention of the entity. As in the SQLite store:
-- entity_docs has one row per (entity, document that mentions it), newest first by (entity_id, published DESC,
-- doc_seq DESC), the order of a profile's documents, with the entity's mentions in the document.
CREATE TABLE entity_docs (
    entity_id text COLLATE "C" NOT NULL,
    published text COLLATE "C" NOT NULL, -- documents.published ('' when unknown)
    doc_seq   bigint NOT NULL,           -- documents.seq
    mentions  integer NOT NULL,
    PRIMARY KEY (entity_id, published, doc_seq)
);
-- The entities of a document with their mentions (a profile's related entities over its sampled documents).
CREATE INDEX entity_docs_doc ON entity_docs (doc_seq, entity_id, mentions);
-- An entity's mentions, documents and range of publication dates ('' when none is dated).
CREATE TABLE entity_stats (
    entity_id text COLLATE "C" PRIMARY KEY,
    mentions  integer NOT NULL,
    documents integer NOT NULL,
    first     text COLLATE "C" NOT NULL,
    last      text COLLATE "C" NOT NULL
);
-- An entity's mentions and documents per month of publication ("2024-12"); undated documents are left out.
CREATE TABLE entity_months (
    entity_id text COLLATE "C" NOT NULL,
    month     text COLLATE "C" NOT NULL,
    mentions  integer NOT NULL,
    documents integer NOT NULL,
    PRIMARY KEY (entity_id, month)
);
-- How often each text names an entity, by mention kind (aliases; resolving a name to entities).
CREATE TABLE entity_texts (
    entity_id text COLLATE "C" NOT NULL,
    kind      text COLLATE "C" NOT NULL,
    text      text COLLATE "C" NOT NULL,
    mentions  integer NOT NULL,
    PRIMARY KEY (entity_id, kind, text)
);
CREATE INDEX entity_texts_text ON entity_texts (lower(text));
-- Stored documents that a duplicate's merge dated (Commit) and whose entities' months and date ranges are yet
-- to be updated: the trigger below moves their entity_docs rows to the date (rows of that document only, which
-- its merge has locked) and leaves the per-entity rows to Commit, which updates them under its advisory lock.
CREATE TABLE entity_dated (
    doc_seq   bigint PRIMARY KEY,
    published text COLLATE "C" NOT NULL
);
CREATE FUNCTION entity_docs_dated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE entity_docs SET published = NEW.published WHERE doc_seq = NEW.seq AND published = '';
    INSERT INTO entity_dated (doc_seq, published) VALUES (NEW.seq, NEW.published) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER entity_docs_dated AFTER UPDATE OF published ON documents
    FOR EACH ROW WHEN (OLD.published = '' AND NEW.published != '') EXECUTE FUNCTION entity_docs_dated();

-- The documents stored before this migration.
INSERT INTO entity_docs (entity_id, published, doc_seq, mentions)
    SELECT m.entity_id, d.published, d.seq, count(*) FROM mentions m JOIN documents d ON d.id = m.doc_id
    GROUP BY m.entity_id, d.published, d.seq;
INSERT INTO entity_stats (entity_id, mentions, documents, first, last)
    SELECT entity_id, sum(mentions), count(*), COALESCE(min(NULLIF(published, '')), ''), max(published)
    FROM entity_docs GROUP BY entity_id;
INSERT INTO entity_months (entity_id, month, mentions, documents)
    SELECT entity_id, substr(published, 1, 7), sum(mentions), count(*) FROM entity_docs WHERE published != ''
    GROUP BY entity_id, substr(published, 1, 7);
INSERT INTO entity_texts (entity_id, kind, text, mentions)
    SELECT entity_id, kind, text, count(*) FROM mentions GROUP BY entity_id, kind, text;
