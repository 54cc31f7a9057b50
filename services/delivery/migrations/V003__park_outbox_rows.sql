-- Parked outbox rows and the published_at index (copied from events/sql/outbox_parking.sql).
ALTER TABLE outbox
    ADD COLUMN parked_at     timestamptz NULL,
    ADD COLUMN parked_reason text        NULL;

-- The relay reads rows that are neither published nor parked, in id order.
CREATE INDEX outbox_pending_idx ON outbox (id) WHERE published_at IS NULL AND parked_at IS NULL;
-- Whether a key has a parked row (its later rows are held behind it), and what shopctl lists.
CREATE INDEX outbox_parked_key_idx ON outbox (key) WHERE parked_at IS NOT NULL;
-- Retention cleanup walks published rows oldest first and reads only what it deletes.
CREATE INDEX outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL;
