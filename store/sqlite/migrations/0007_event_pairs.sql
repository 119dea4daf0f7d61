-- Relation aggregates (EventStore.Relations), kept by Commit with every new event whose source and target are
-- both resolved entities, so that the actor graph of any window reads a few cells instead of every event.
-- A cell sums the events of one (source, target) pair in one bucket of one grain:
--   'a'  all time, bucket ''                     (every event, dated or not)
--   'y'  a year, bucket '2024'                   (events dated to a day: YYYY-MM-DD, month 01-12, day 01-31)
--   'm'  a month, bucket '2024-12'               (the same events)
--   'd'  one date, bucket the date ('2024-12')   (events dated otherwise: a month, a year, a week ...)
-- A window is read as whole years, whole months, the events of its partial months, and the 'd' cells whose date
-- falls in it, which is exactly the events its date condition selects. A happening's reports share its date, so
-- they share one cell of each grain: happenings counts each happening once, in the cell of its first report.
CREATE TABLE event_pairs (
    grain      TEXT NOT NULL,
    bucket     TEXT NOT NULL,
    source_id  TEXT NOT NULL,
    target_id  TEXT NOT NULL,
    events     INTEGER NOT NULL,
    happenings INTEGER NOT NULL,
    q1         INTEGER NOT NULL,  -- events by QuadClass
    q2         INTEGER NOT NULL,
    q3         INTEGER NOT NULL,
    q4         INTEGER NOT NULL,
    goldstein  REAL NOT NULL,     -- the sum of the events' Goldstein scores
    first      TEXT NOT NULL,     -- the least date of the events, '' when none is dated
    last       TEXT NOT NULL,     -- the greatest date, '' when none is dated
    PRIMARY KEY (grain, bucket, source_id, target_id)
) WITHOUT ROWID;
CREATE INDEX event_pairs_source ON event_pairs (source_id, grain, bucket);
CREATE INDEX event_pairs_target ON event_pairs (target_id, grain, bucket);

-- The events stored before this migration.
CREATE TEMP VIEW event_cells AS
    SELECT 'a' AS grain, '' AS bucket, * FROM events WHERE source_id != '' AND target_id != ''
    UNION ALL SELECT 'y', substr(date, 1, 4), * FROM events WHERE source_id != '' AND target_id != '' AND
        date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND substr(date, 6, 2) BETWEEN '01' AND '12' AND substr(date, 9, 2) BETWEEN '01' AND '31'
    UNION ALL SELECT 'm', substr(date, 1, 7), * FROM events WHERE source_id != '' AND target_id != '' AND
        date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND substr(date, 6, 2) BETWEEN '01' AND '12' AND substr(date, 9, 2) BETWEEN '01' AND '31'
    UNION ALL SELECT 'd', date, * FROM events WHERE source_id != '' AND target_id != '' AND date != '' AND NOT (
        date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND substr(date, 6, 2) BETWEEN '01' AND '12' AND substr(date, 9, 2) BETWEEN '01' AND '31');
INSERT INTO event_pairs (grain, bucket, source_id, target_id, events, happenings, q1, q2, q3, q4, goldstein, first, last)
    SELECT grain, bucket, source_id, target_id, count(*), count(DISTINCT happening),
        sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3), sum(quad_class = 4), total(goldstein),
        COALESCE(min(NULLIF(date, '')), ''), max(date)
    FROM event_cells GROUP BY grain, bucket, source_id, target_id;
DROP VIEW event_cells;
