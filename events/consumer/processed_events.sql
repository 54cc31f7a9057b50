-- The consumer inbox (DESIGN.md section 5): one row per event a consumer group has applied,
-- written in the same transaction as the event's effect. A redelivered event finds its row and
-- is skipped. Copy into each consuming service's migrations.
-- Retention: delete by processed_at in batches, always keeping rows longer than the DLQ's
-- retention so a replay can never slip past deduplication.
CREATE TABLE IF NOT EXISTS processed_events (
  consumer     text        NOT NULL,  -- consumer group id, e.g. 'product.category-sync'
  event_id     uuid        NOT NULL,  -- the CloudEvent ce_id
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

CREATE INDEX IF NOT EXISTS processed_events_processed_at_idx ON processed_events (processed_at);
