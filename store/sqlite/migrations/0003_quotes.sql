-- Quotes: who said what, when, in which sentence of which document.
CREATE TABLE quotes (
    doc_id       TEXT NOT NULL,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    direct       INTEGER NOT NULL,
    speaker_id   TEXT NOT NULL DEFAULT '', -- canonical entity, '' when unresolved
    speaker_text TEXT NOT NULL DEFAULT '', -- the canonical name when resolved, else the speaker as written
    cue          TEXT NOT NULL DEFAULT '',
    date         TEXT NOT NULL DEFAULT '', -- TIMEX3 date of the reporting sentence
    text         TEXT NOT NULL,
    sentence     TEXT NOT NULL,
    PRIMARY KEY (doc_id, start)
) WITHOUT ROWID;
CREATE INDEX quotes_speaker ON quotes (speaker_id, date);
CREATE INDEX quotes_date ON quotes (date);

-- The entities a quote's content mentions, for "quotes about X".
CREATE TABLE quote_about (
    doc_id    TEXT NOT NULL,
    start     INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    PRIMARY KEY (entity_id, doc_id, start)
) WITHOUT ROWID;
