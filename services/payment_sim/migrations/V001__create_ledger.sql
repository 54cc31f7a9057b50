-- The simulated provider's ledger (docs/decisions/0030). One row per order it has heard of (the
-- per-order lock every charge and refund takes first) and one row per idempotency key.
CREATE TABLE order_accounts (
    order_id   uuid        PRIMARY KEY,
    -- A refund found no charge: the order is voided and no charge of it may follow.
    voided_at  timestamptz NULL
);

CREATE TABLE operations (
    idempotency_key    text          PRIMARY KEY,
    kind               text          NOT NULL CHECK (kind IN ('charge', 'refund')),
    order_id           uuid          NOT NULL REFERENCES order_accounts (order_id),
    amount             numeric(12,2) NOT NULL CHECK (amount > 0),
    token              text          NULL,  -- charges: the test token
    -- NULL while a tok_flaky key is still failing; then the key's final outcome, answered again
    -- to every later request with the key.
    outcome            text          NULL CHECK (outcome IN ('succeeded', 'declined',
                           'invalid_token', 'voided', 'refunded', 'no_charge',
                           'already_refunded')),
    transient_failures integer       NOT NULL DEFAULT 0,
    id                 uuid          NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    charge_id          uuid          NULL,  -- refunds: the charge refunded
    created_at         timestamptz   NOT NULL DEFAULT now(),
    settled_at         timestamptz   NULL
);

CREATE INDEX operations_order_idx ON operations (order_id, kind);
