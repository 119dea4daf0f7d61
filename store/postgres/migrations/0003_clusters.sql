-- Same-event clusters (newsgraph.ClusterStore), as in the SQLite store. The clusterer's state is one row; each
-- clustered document has one assignment; clusters and stories keep their summaries. Dates are RFC 3339 UTC text,
-- '' when unknown, so they compare as strings.
CREATE TABLE cluster_state (
    id       integer PRIMARY KEY CHECK (id = 1),
    encoding text NOT NULL,  -- 'identity' or 'zstd'
    data     bytea NOT NULL,
    saved_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cluster_docs (
    doc_id     text COLLATE "C" PRIMARY KEY,
    seq        bigint NOT NULL,                      -- the order documents were assigned in
    cluster_id text COLLATE "C" NOT NULL,
    relation   text NOT NULL,                        -- copy, rewrite, report
    of_doc     text COLLATE "C" NOT NULL DEFAULT '', -- the document copied or rewritten
    similarity double precision NOT NULL DEFAULT 0,
    story_id   text COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX cluster_docs_cluster ON cluster_docs (cluster_id, seq);
CREATE INDEX cluster_docs_relation ON cluster_docs (relation, seq);

CREATE TABLE clusters (
    id       text COLLATE "C" PRIMARY KEY,
    label    text NOT NULL DEFAULT '',
    first    text COLLATE "C" NOT NULL DEFAULT '',
    last     text COLLATE "C" NOT NULL DEFAULT '',
    story_id text COLLATE "C" NOT NULL DEFAULT '',
    size     integer NOT NULL DEFAULT 0
);
CREATE INDEX clusters_size ON clusters (size DESC, last DESC, id);
CREATE INDEX clusters_story ON clusters (story_id);

CREATE TABLE stories (
    id    text COLLATE "C" PRIMARY KEY,
    label text NOT NULL DEFAULT '',
    first text COLLATE "C" NOT NULL DEFAULT '',
    last  text COLLATE "C" NOT NULL DEFAULT ''
);
