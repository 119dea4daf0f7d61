-- newsgraph schema for PostgreSQL: the same tables as the SQLite store. Columns that are compared as strings or
-- sorted (IDs, dates as RFC 3339 text, names) use the "C" collation, so results do not depend on the server's
-- locale and match SQLite's binary order.

-- Full-text configuration: the 'simple' dictionary (no stemming, no stop words: news is multilingual) behind
-- unaccent when the extension can be installed, so "Genève" matches "geneve" as in SQLite's FTS5
-- (remove_diacritics). Without it, accents must match.
DO $$
DECLARE
    schema name;
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS unaccent;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'newsgraph: unaccent is not available (%), accents must match in searches', SQLERRM;
    END;
    CREATE TEXT SEARCH CONFIGURATION newsgraph (COPY = pg_catalog.simple);
    SELECT n.nspname INTO schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent';
    IF FOUND THEN
        EXECUTE format('ALTER TEXT SEARCH CONFIGURATION newsgraph ALTER MAPPING FOR
            asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
            WITH %I.unaccent, pg_catalog.simple', schema);
    END IF;
END
$$;

-- Raw items: every input as read, stored before processing. Nothing is lost: failures keep their reason.
CREATE TABLE raw_items (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    path      text COLLATE "C" NOT NULL,
    record    integer NOT NULL DEFAULT 0,
    url       text NOT NULL DEFAULT '',
    read_at   timestamptz NOT NULL,
    format    text NOT NULL DEFAULT '',
    size      integer NOT NULL DEFAULT 0,
    hash      text COLLATE "C" NOT NULL,
    encoding  text NOT NULL DEFAULT 'identity', -- 'identity' or 'zstd'
    content   bytea,
    container jsonb NOT NULL DEFAULT '{}',      -- title, author, site, language, published, meta from the container
    status    text NOT NULL DEFAULT 'pending',
    reason    text NOT NULL DEFAULT '',
    doc_id    text COLLATE "C" NOT NULL DEFAULT '',
    UNIQUE (path, record, hash)
);
CREATE INDEX raw_items_status ON raw_items (status, id);

CREATE TABLE documents (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- insertion order, the tie-breaker SQLite's rowid is
    id          text COLLATE "C" NOT NULL UNIQUE,
    raw_id      bigint NOT NULL REFERENCES raw_items (id),
    url         text NOT NULL DEFAULT '',
    title       text NOT NULL DEFAULT '',
    author      text NOT NULL DEFAULT '',
    site        text COLLATE "C" NOT NULL DEFAULT '',
    language    text COLLATE "C" NOT NULL DEFAULT '',
    published   text COLLATE "C" NOT NULL DEFAULT '', -- RFC 3339 in the publisher's offset, '' when unknown
    precision   text NOT NULL DEFAULT '',
    text        text NOT NULL,
    paragraphs  jsonb NOT NULL DEFAULT '[]', -- [[start,end],...]
    meta        jsonb NOT NULL DEFAULT '{}',
    format      text COLLATE "C" NOT NULL DEFAULT '',
    path        text NOT NULL DEFAULT '',
    record      integer NOT NULL DEFAULT 0,
    ingested_at timestamptz NOT NULL DEFAULT now(),
    -- Annotations (sentences, tokens, mentions, document entities, timexes, quotes) as zstd-compressed JSON,
    -- NULL when the document has none.
    annotations bytea,
    -- Title (weight A) and text (weight B), split into words in Go exactly as search queries are
    -- (query.Words), then normalised with the newsgraph configuration.
    tsv         tsvector NOT NULL
);
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_site ON documents (site);
CREATE INDEX documents_language ON documents (language);
CREATE INDEX documents_tsv ON documents USING gin (tsv);

-- Canonical entities: gazetteer entries and the names newsgraph met, under stable IDs.
CREATE TABLE entities (
    id    text COLLATE "C" PRIMARY KEY,
    name  text COLLATE "C" NOT NULL,
    label text COLLATE "C" NOT NULL,
    known boolean NOT NULL DEFAULT false,
    data  jsonb NOT NULL -- newsgraph.Entity
);
CREATE INDEX entities_label ON entities (label);
CREATE INDEX entities_name ON entities (lower(name));

-- Every mention of an entity: where it is and what it says.
CREATE TABLE mentions (
    doc_id    text COLLATE "C" NOT NULL,
    start     integer NOT NULL,
    "end"     integer NOT NULL,
    label     text NOT NULL,
    kind      text NOT NULL,
    entity_id text COLLATE "C" NOT NULL,
    text      text COLLATE "C" NOT NULL,
    PRIMARY KEY (doc_id, start)
);
CREATE INDEX mentions_entity ON mentions (entity_id, doc_id);
CREATE INDEX mentions_text ON mentions (lower(text));

-- Quotes: who said what, when, in which sentence of which document.
CREATE TABLE quotes (
    doc_id       text COLLATE "C" NOT NULL,
    start        integer NOT NULL,
    "end"        integer NOT NULL,
    direct       boolean NOT NULL,
    speaker_id   text COLLATE "C" NOT NULL DEFAULT '', -- canonical entity, '' when unresolved
    speaker_text text NOT NULL DEFAULT '',             -- the canonical name when resolved, else the speaker as written
    cue          text NOT NULL DEFAULT '',
    date         text COLLATE "C" NOT NULL DEFAULT '', -- TIMEX3 date of the reporting sentence
    text         text NOT NULL,
    sentence     text NOT NULL,
    PRIMARY KEY (doc_id, start)
);
CREATE INDEX quotes_speaker ON quotes (speaker_id, date);
CREATE INDEX quotes_date ON quotes (date);

-- The entities a quote's content mentions, for "quotes about X".
CREATE TABLE quote_about (
    doc_id    text COLLATE "C" NOT NULL,
    start     integer NOT NULL,
    entity_id text COLLATE "C" NOT NULL,
    PRIMARY KEY (entity_id, doc_id, start)
);
