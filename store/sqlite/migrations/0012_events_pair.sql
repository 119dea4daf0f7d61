-- The events of one relation (source and target) by date: the evidence of a graph edge
-- (EventStore.Events with an actor and a target, Relations between two actors) reads them directly instead of
-- every event of the source, each looked up to check its target.
CREATE INDEX events_pair ON events (source_id, target_id, date);
