-- Quote aggregates for the actor graph (EventStore.Relations' Quotes: quotes by one actor about the other), kept
-- by Commit with every new quote_about row whose quote has a resolved speaker, so that the graph of any window
-- reads a few cells instead of joining every quote of the window with the entities it mentions.
-- A cell counts the (quote, entity mentioned) rows of one (speaker, entity) pair in one bucket of one grain, on
-- the quote's date, with the grains and buckets of event_pairs (migration 0007):
--   'a'  all time, bucket ''                     (every quote, dated or not)
--   'y'  a year, bucket '2024'                   (quotes dated to a day: YYYY-MM-DD, month 01-12, day 01-31)
--   'm'  a month, bucket '2024-12'               (the same quotes)
--   'd'  one date, bucket the date ('2024-12')   (quotes dated otherwise: a month, a year, a week ...)
-- A window is read as event_pairs is: whole years, whole months, the quotes of its partial months, and the 'd'
-- cells whose date falls in it, which is exactly the quotes its date condition selects.
CREATE TABLE quote_pairs (
    grain      TEXT NOT NULL,
    bucket     TEXT NOT NULL,
    speaker_id TEXT NOT NULL,  -- quotes.speaker_id, never ''
    entity_id  TEXT NOT NULL,  -- quote_about.entity_id
    quotes     INTEGER NOT NULL,
    PRIMARY KEY (grain, bucket, speaker_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX quote_pairs_speaker ON quote_pairs (speaker_id, grain, bucket);
CREATE INDEX quote_pairs_about ON quote_pairs (entity_id, grain, bucket);

-- The quotes stored before this migration.
CREATE TEMP VIEW quote_cells AS
    WITH qa AS (SELECT q.speaker_id, a.entity_id, q.date,
            q.date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND substr(q.date, 6, 2) BETWEEN '01' AND '12'
                AND substr(q.date, 9, 2) BETWEEN '01' AND '31' AS day
        FROM quotes q JOIN quote_about a ON a.doc_id = q.doc_id AND a.start = q.start WHERE q.speaker_id != '')
    SELECT 'a' AS grain, '' AS bucket, speaker_id, entity_id FROM qa
    UNION ALL SELECT 'y', substr(date, 1, 4), speaker_id, entity_id FROM qa WHERE day
    UNION ALL SELECT 'm', substr(date, 1, 7), speaker_id, entity_id FROM qa WHERE day
    UNION ALL SELECT 'd', date, speaker_id, entity_id FROM qa WHERE NOT day AND date != '';
INSERT INTO quote_pairs (grain, bucket, speaker_id, entity_id, quotes)
    SELECT grain, bucket, speaker_id, entity_id, count(*) FROM quote_cells GROUP BY grain, bucket, speaker_id, entity_id;
DROP VIEW quote_cells;
