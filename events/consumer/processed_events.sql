-- Reference DDL of the consumer inbox (DESIGN.md section 5): one row per event a consumer group
-- has applied, written in the same transaction as the event's effect; a redelivered event finds
-- its row and is skipped. Each consuming service copies this file, unchanged apart from these
-- leading comments, into a migration of its own (checked by events/sql/reference_copies_test).
-- Retention: delete by processed_at in batches, always keeping rows longer than the DLQ's
-- retention so a replay can never slip past deduplication.
CREATE TABLE processed_events (
    consumer      text        NOT NULL,
    event_id      uuid        NOT NULL,
    processed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

-- Retention deletes by age, in batches.
CREATE INDEX processed_events_processed_at_idx ON processed_events (processed_at);
