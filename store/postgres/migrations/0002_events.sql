-- Coded events: who did what to whom, when and where, one row per report (an event of one document's
-- annotations). One happening reported by many articles is many rows sharing one happening key
-- (newsgraph.EventKey: source, target, code, date).
CREATE TABLE events (
    doc_id       text COLLATE "C" NOT NULL,
    idx          integer NOT NULL,                    -- index into the document's events
    start        integer NOT NULL,
    "end"        integer NOT NULL,
    code         text COLLATE "C" NOT NULL,           -- CAMEO event code: "040", "0311"
    root         text COLLATE "C" NOT NULL,           -- its first two digits: "04"
    quad_class   integer NOT NULL,                    -- 1 verbal cooperation .. 4 material conflict
    goldstein    double precision NOT NULL,
    source_id    text COLLATE "C" NOT NULL DEFAULT '', -- canonical entity, '' when unresolved
    source_text  text NOT NULL DEFAULT '',             -- the source as written
    source_cameo text COLLATE "C" NOT NULL DEFAULT '',
    target_id    text COLLATE "C" NOT NULL DEFAULT '',
    target_text  text NOT NULL DEFAULT '',
    target_cameo text COLLATE "C" NOT NULL DEFAULT '',
    date         text COLLATE "C" NOT NULL DEFAULT '', -- TIMEX3 date ("2024-12-07", "2024-12"), '' when unknown or without a year
    location_id  text COLLATE "C" NOT NULL DEFAULT '',
    reporter_id  text COLLATE "C" NOT NULL DEFAULT '',
    cue          text NOT NULL DEFAULT '',
    happening    text COLLATE "C" NOT NULL,
    sentence     text NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX events_source ON events (source_id, date);
CREATE INDEX events_target ON events (target_id, date);
-- Covers the relation aggregates over a date window.
CREATE INDEX events_date ON events (date, source_id, target_id, quad_class, goldstein, happening);
CREATE INDEX events_happening ON events (happening);
