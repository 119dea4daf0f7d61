-- Each relation cell also kept packed in one text column, as rowkit.PackedCell lays it out (printf's '!' gives 17
-- significant digits, which read back to the same float64): the graph of a whole bucket, tens of thousands of
-- cells, is then read as a few rows of cells packed one after another (RelationsTotal) instead of formatting each
-- number of each cell at every read, which was most of the cost. A generated column, so every write keeps it.
CREATE TABLE event_pairs_packed (
    grain      TEXT NOT NULL,
    bucket     TEXT NOT NULL,
    source_id  TEXT NOT NULL,
    target_id  TEXT NOT NULL,
    events     INTEGER NOT NULL,
    happenings INTEGER NOT NULL,
    q1         INTEGER NOT NULL,
    q2         INTEGER NOT NULL,
    q3         INTEGER NOT NULL,
    q4         INTEGER NOT NULL,
    goldstein  REAL NOT NULL,
    first      TEXT NOT NULL,
    last       TEXT NOT NULL,
    cell       TEXT GENERATED ALWAYS AS (printf('%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%!.17g,%s%s%s%s',
        length(CAST(source_id AS BLOB)), length(CAST(target_id AS BLOB)), length(CAST(first AS BLOB)), length(CAST(last AS BLOB)),
        events, happenings, q1, q2, q3, q4, goldstein, source_id, target_id, first, last)) STORED,
    PRIMARY KEY (grain, bucket, source_id, target_id)
) WITHOUT ROWID;
INSERT INTO event_pairs_packed (grain, bucket, source_id, target_id, events, happenings, q1, q2, q3, q4, goldstein, first, last)
    SELECT grain, bucket, source_id, target_id, events, happenings, q1, q2, q3, q4, goldstein, first, last FROM event_pairs;
DROP TABLE event_pairs;
ALTER TABLE event_pairs_packed RENAME TO event_pairs;
CREATE INDEX event_pairs_source ON event_pairs (source_id, grain, bucket);
CREATE INDEX event_pairs_target ON event_pairs (target_id, grain, bucket);
CREATE INDEX event_pairs_rank ON event_pairs (grain, bucket, events DESC, source_id, target_id);
