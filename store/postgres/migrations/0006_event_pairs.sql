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
    grain      text COLLATE "C" NOT NULL,
    bucket     text COLLATE "C" NOT NULL,
    source_id  text COLLATE "C" NOT NULL,
    target_id  text COLLATE "C" NOT NULL,
    events     integer NOT NULL,
    happenings integer NOT NULL,
    q1         integer NOT NULL,          -- events by QuadClass
    q2         integer NOT NULL,
    q3         integer NOT NULL,
    q4         integer NOT NULL,
    goldstein  double precision NOT NULL, -- the sum of the events' Goldstein scores
    first      text COLLATE "C" NOT NULL, -- the least date of the events, '' when none is dated
    last       text COLLATE "C" NOT NULL, -- the greatest date, '' when none is dated
    PRIMARY KEY (grain, bucket, source_id, target_id)
);
CREATE INDEX event_pairs_source ON event_pairs (source_id, grain, bucket);
CREATE INDEX event_pairs_target ON event_pairs (target_id, grain, bucket);

-- The events stored before this migration.
INSERT INTO event_pairs (grain, bucket, source_id, target_id, events, happenings, q1, q2, q3, q4, goldstein, first, last)
    SELECT c.grain, c.bucket, e.source_id, e.target_id, count(*), count(DISTINCT e.happening),
        count(*) FILTER (WHERE e.quad_class = 1), count(*) FILTER (WHERE e.quad_class = 2),
        count(*) FILTER (WHERE e.quad_class = 3), count(*) FILTER (WHERE e.quad_class = 4), COALESCE(sum(e.goldstein), 0),
        COALESCE(min(NULLIF(e.date, '')), ''), max(e.date)
    FROM events e CROSS JOIN LATERAL (SELECT e.date ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' AS day) t
        CROSS JOIN LATERAL (VALUES ('a', ''),
            (CASE WHEN t.day THEN 'y' WHEN e.date != '' THEN 'd' END, CASE WHEN t.day THEN left(e.date, 4) ELSE e.date END),
            (CASE WHEN t.day THEN 'm' END, left(e.date, 7))) c (grain, bucket)
    WHERE e.source_id != '' AND e.target_id != '' AND c.grain IS NOT NULL
    GROUP BY c.grain, c.bucket, e.source_id, e.target_id;
