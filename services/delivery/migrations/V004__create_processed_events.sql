-- Inbox of the event consumers (copied from events/consumer/processed_events.sql).
CREATE TABLE processed_events (
    consumer      text        NOT NULL,
    event_id      uuid        NOT NULL,
    processed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

-- Retention deletes by age, in batches.
CREATE INDEX processed_events_processed_at_idx ON processed_events (processed_at);
