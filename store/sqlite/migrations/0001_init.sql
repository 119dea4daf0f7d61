-- Raw items: every input as read, stored before processing. Nothing is lost: failures keep their reason.
CREATE TABLE raw_items (
    id        INTEGER PRIMARY KEY,
    path      TEXT NOT NULL,
    record    INTEGER NOT NULL DEFAULT 0,
    url       TEXT NOT NULL DEFAULT '',
    read_at   TEXT NOT NULL,
    format    TEXT NOT NULL DEFAULT '',
    size      INTEGER NOT NULL DEFAULT 0,
    hash      TEXT NOT NULL,
    encoding  TEXT NOT NULL DEFAULT 'identity', -- 'identity' or 'zstd'
    content   BLOB,
    container TEXT NOT NULL DEFAULT '{}',       -- JSON: title, author, site, language, published, meta from the container
    status    TEXT NOT NULL DEFAULT 'pending',
    reason    TEXT NOT NULL DEFAULT '',
    doc_id    TEXT NOT NULL DEFAULT '',
    UNIQUE (path, record, hash)
);
CREATE INDEX raw_items_status ON raw_items (status, id);

CREATE TABLE documents (
    rowid       INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    raw_id      INTEGER NOT NULL REFERENCES raw_items (id),
    url         TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL DEFAULT '',
    author      TEXT NOT NULL DEFAULT '',
    site        TEXT NOT NULL DEFAULT '',
    language    TEXT NOT NULL DEFAULT '',
    published   TEXT NOT NULL DEFAULT '', -- RFC 3339 in the publisher's offset, '' when unknown
    precision   TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL,
    paragraphs  TEXT NOT NULL DEFAULT '[]', -- JSON [[start,end],...]
    meta        TEXT NOT NULL DEFAULT '{}',
    format      TEXT NOT NULL DEFAULT '',
    path        TEXT NOT NULL DEFAULT '',
    record      INTEGER NOT NULL DEFAULT 0,
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_site ON documents (site);
CREATE INDEX documents_language ON documents (language);

CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title, text,
    content = 'documents', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
