-- Payments, one per order (docs/decisions/0030; the rules: domain/payment_rules.hpp).
CREATE TABLE payments (
    id               uuid          PRIMARY KEY DEFAULT gen_random_uuid(),  -- payment_id
    order_id         uuid          NOT NULL UNIQUE,
    -- NULL only in a tombstone: a cancellation that came before the payment request.
    user_id          uuid          NULL,
    status           text          NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed',
                                       'cancelled', 'refund_pending', 'refunded')),
    amount           numeric(12,2) NULL CHECK (amount >= 0),
    -- The provider token, kept only while the payment may still be charged (status pending);
    -- never logged, never in an API answer.
    token            text          NULL,
    -- The checkout's trace context: every event of the payment carries it.
    traceparent      text          NULL,
    failure_reason   text          NULL CHECK (failure_reason IN ('declined', 'invalid_token')),
    charge_id        text          NULL,  -- the provider's ids
    refund_id        text          NULL,
    attempts         integer       NOT NULL DEFAULT 0,  -- charge calls claimed
    refund_attempts  integer       NOT NULL DEFAULT 0,
    -- When the worker takes the payment up next (pending and refund_pending only).
    next_attempt_at  timestamptz   NOT NULL DEFAULT now(),
    -- While a worker's call is in flight: the end of its lease.
    claimed_until    timestamptz   NULL,
    last_error       text          NULL,
    version          bigint        NOT NULL DEFAULT 1,
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    CHECK (status <> 'pending' OR (user_id IS NOT NULL AND amount IS NOT NULL))
);

-- The worker's queue: due payments in due order (FOR UPDATE SKIP LOCKED).
CREATE INDEX payments_due_idx ON payments (next_attempt_at)
    WHERE status IN ('pending', 'refund_pending');
