-- Same-event clusters (newsgraph.ClusterStore). The clusterer's state is one row; each clustered document has one
-- assignment; clusters and stories keep their summaries. Dates are RFC 3339 UTC, '' when unknown.
CREATE TABLE cluster_state (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    encoding TEXT NOT NULL,  -- 'identity' or 'zstd'
    data     BLOB NOT NULL,
    saved_at TEXT NOT NULL
);

CREATE TABLE cluster_docs (
    doc_id     TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL,           -- the order documents were assigned in
    cluster_id TEXT NOT NULL,
    relation   TEXT NOT NULL,              -- copy, rewrite, report
    of_doc     TEXT NOT NULL DEFAULT '',   -- the document copied or rewritten
    similarity REAL NOT NULL DEFAULT 0,
    story_id   TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX cluster_docs_cluster ON cluster_docs (cluster_id, seq);
CREATE INDEX cluster_docs_relation ON cluster_docs (relation, seq);

CREATE TABLE clusters (
    id       TEXT PRIMARY KEY,
    label    TEXT NOT NULL DEFAULT '',
    first    TEXT NOT NULL DEFAULT '',
    last     TEXT NOT NULL DEFAULT '',
    story_id TEXT NOT NULL DEFAULT '',
    size     INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX clusters_size ON clusters (size DESC, last DESC, id);
CREATE INDEX clusters_story ON clusters (story_id);

CREATE TABLE stories (
    id    TEXT PRIMARY KEY,
    label TEXT NOT NULL DEFAULT '',
    first TEXT NOT NULL DEFAULT '',
    last  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
