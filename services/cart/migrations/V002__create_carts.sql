-- Carts and wishlists, one per user (the verified token's sub). A cart row is created on the
-- first write; its lines reference the product replica, whose rows are never removed.
CREATE TABLE carts (
    user_id     uuid        PRIMARY KEY,
    promo_code  text        NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cart_items (
    user_id     uuid        NOT NULL REFERENCES carts (user_id) ON DELETE CASCADE,
    product_id  uuid        NOT NULL REFERENCES products (id),
    quantity    integer     NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    added_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, product_id)
);

CREATE TABLE wishlist_items (
    user_id     uuid        NOT NULL,
    product_id  uuid        NOT NULL REFERENCES products (id),
    added_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, product_id)
);

-- Promo codes, created by admins. `code` is stored upper-case. percent: value is the percentage
-- (12.50 = 12.5 %); fixed: value is the amount. `uses` counts checkouts that used the code; it is
-- raised by `UPDATE ... WHERE max_uses IS NULL OR uses < max_uses`, so it never passes max_uses.
CREATE TABLE promo_codes (
    code            text          PRIMARY KEY CHECK (code ~ '^[A-Z0-9_-]{1,40}$'),
    kind            text          NOT NULL CHECK (kind IN ('percent', 'fixed')),
    value           numeric(12,2) NOT NULL CHECK (value > 0),
    min_subtotal    numeric(12,2) NULL CHECK (min_subtotal >= 0),
    max_uses        integer       NULL CHECK (max_uses > 0),
    per_user_limit  integer       NULL CHECK (per_user_limit > 0),
    starts_at       timestamptz   NULL,
    expires_at      timestamptz   NULL,
    category_ids    uuid[]        NOT NULL DEFAULT '{}',
    uses            integer       NOT NULL DEFAULT 0 CHECK (uses >= 0),
    created_at      timestamptz   NOT NULL DEFAULT now(),
    CHECK (kind <> 'percent' OR value <= 100),
    CHECK (max_uses IS NULL OR uses <= max_uses)
);

-- One row per checkout that used a code: the per-user limit counts these.
CREATE TABLE promo_redemptions (
    checkout_id  uuid          PRIMARY KEY,
    code         text          NOT NULL REFERENCES promo_codes (code),
    user_id      uuid          NOT NULL,
    discount     numeric(12,2) NOT NULL,
    redeemed_at  timestamptz   NOT NULL DEFAULT now()
);

CREATE INDEX promo_redemptions_code_user_idx ON promo_redemptions (code, user_id);

-- Checkouts: what was bought, as the cart.checked_out event says (the event is the contract;
-- this row is the service's own record of it).
CREATE TABLE checkouts (
    id          uuid          PRIMARY KEY,
    user_id     uuid          NOT NULL,
    total       numeric(12,2) NOT NULL,
    data        jsonb         NOT NULL,
    created_at  timestamptz   NOT NULL DEFAULT now()
);

CREATE INDEX checkouts_user_id_idx ON checkouts (user_id);

-- Idempotency-Key of POST /cart/items, per user: the first request's body hash and answer.
-- The row is inserted first in the request's transaction, so a concurrent request with the same
-- key waits for it and then finds the stored answer.
CREATE TABLE idempotency_keys (
    user_id       uuid        NOT NULL,
    key           text        NOT NULL,
    request_hash  text        NOT NULL,
    status        integer     NULL,
    response      text        NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);

CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
