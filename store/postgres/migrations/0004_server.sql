-- Server mode (package worker): several processes process raw items, one at a time clusters their documents.
--
-- The clusterer's saved state records the last assignment it covers (cluster_docs.seq), so that a clusterer that
-- takes over (after a crash, a restart, another worker) replays the assignments made after the state was saved
-- and goes on with exactly the index it would have had. States saved before this migration are taken to cover
-- every assignment, as they were read before.
ALTER TABLE cluster_state ADD COLUMN seq bigint NOT NULL DEFAULT 0;
UPDATE cluster_state SET seq = (SELECT COALESCE(max(seq), 0) FROM cluster_docs);

-- Documents in the order their raw items were stored: the order they are clustered in.
CREATE INDEX documents_raw ON documents (raw_id);
