-- Quote aggregates for the actor graph (EventStore.Relations' Quotes: quotes by one actor about the other), kept
-- by Commit (under an advisory lock, see quotePairsLock) with the quotes of every new document, so that the graph
-- of any window reads a few cells instead of joining every quote of the window with the entities it mentions.
-- As in the SQLite store, a cell counts the (quote, entity mentioned) rows of one (speaker, entity) pair in one
-- bucket of one grain, on the quote's date, with the grains and buckets of event_pairs (migration 0006):
--   'a'  all time, bucket ''                     (every quote, dated or not)
--   'y'  a year, bucket '2024'                   (quotes dated to a day: YYYY-MM-DD, month 01-12, day 01-31)
--   'm'  a month, bucket '2024-12'               (the same quotes)
--   'd'  one date, bucket the date ('2024-12')   (quotes dated otherwise: a month, a year, a week ...)
-- A window is read as event_pairs is: whole years, whole months, the quotes of its partial months, and the 'd'
-- cells whose date falls in it, which is exactly the quotes its date condition selects.
CREATE TABLE quote_pairs (
    grain      text COLLATE "C" NOT NULL,
    bucket     text COLLATE "C" NOT NULL,
    speaker_id text COLLATE "C" NOT NULL, -- quotes.speaker_id, never ''
    entity_id  text COLLATE "C" NOT NULL, -- quote_about.entity_id
    quotes     integer NOT NULL,
    PRIMARY KEY (grain, bucket, speaker_id, entity_id)
);
CREATE INDEX quote_pairs_speaker ON quote_pairs (speaker_id, grain, bucket);
CREATE INDEX quote_pairs_about ON quote_pairs (entity_id, grain, bucket);

-- The quotes stored before this migration.
INSERT INTO quote_pairs (grain, bucket, speaker_id, entity_id, quotes)
    SELECT c.grain, c.bucket, q.speaker_id, a.entity_id, count(*)
    FROM quotes q JOIN quote_about a ON a.doc_id = q.doc_id AND a.start = q.start
        CROSS JOIN LATERAL (SELECT q.date ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' AS day) t
        CROSS JOIN LATERAL (VALUES ('a', ''),
            (CASE WHEN t.day THEN 'y' WHEN q.date != '' THEN 'd' END, CASE WHEN t.day THEN left(q.date, 4) ELSE q.date END),
            (CASE WHEN t.day THEN 'm' END, left(q.date, 7))) c (grain, bucket)
    WHERE q.speaker_id != '' AND c.grain IS NOT NULL
    GROUP BY c.grain, c.bucket, q.speaker_id, a.entity_id;
