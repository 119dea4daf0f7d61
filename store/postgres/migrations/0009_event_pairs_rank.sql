-- The relation cells of one bucket strongest first, in the order of EventStore.Relations (most events, then source
-- and target ID, bytewise: the columns are COLLATE "C"): the top relations of a window that is one bucket (all
-- time, a whole year or month) are the first rows of this index, read without summing or sorting the bucket's
-- cells (RelationsTotal).
CREATE INDEX event_pairs_rank ON event_pairs (grain, bucket, events DESC, source_id, target_id);
