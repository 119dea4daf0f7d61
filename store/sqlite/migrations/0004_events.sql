-- Coded events: who did what to whom, when and where, one row per report (an event of one document's
-- annotations). One happening reported by many articles is many rows sharing one happening key
-- (newsgraph.EventKey: source, target, code, date).
CREATE TABLE events (
    doc_id       TEXT NOT NULL,
    idx          INTEGER NOT NULL,           -- index into the document's events
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    code         TEXT NOT NULL,              -- CAMEO event code: "040", "0311"
    root         TEXT NOT NULL,              -- its first two digits: "04"
    quad_class   INTEGER NOT NULL,           -- 1 verbal cooperation .. 4 material conflict
    goldstein    REAL NOT NULL,
    source_id    TEXT NOT NULL DEFAULT '',   -- canonical entity, '' when unresolved
    source_text  TEXT NOT NULL DEFAULT '',   -- the source as written
    source_cameo TEXT NOT NULL DEFAULT '',
    target_id    TEXT NOT NULL DEFAULT '',
    target_text  TEXT NOT NULL DEFAULT '',
    target_cameo TEXT NOT NULL DEFAULT '',
    date         TEXT NOT NULL DEFAULT '',   -- TIMEX3 date ("2024-12-07", "2024-12"), '' when unknown or without a year
    location_id  TEXT NOT NULL DEFAULT '',
    reporter_id  TEXT NOT NULL DEFAULT '',
    cue          TEXT NOT NULL DEFAULT '',
    happening    TEXT NOT NULL,
    sentence     TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;
CREATE INDEX events_source ON events (source_id, date);
CREATE INDEX events_target ON events (target_id, date);
-- Covers the relation aggregates over a date window.
CREATE INDEX events_date ON events (date, source_id, target_id, quad_class, goldstein, happening);
CREATE INDEX events_happening ON events (happening);
