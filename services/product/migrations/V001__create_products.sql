-- Products owned by product-service. category_id names a category owned by category-service:
-- no foreign key crosses the service boundary (DESIGN.md 1); category_name/_version/_deleted
-- are this service's denormalised copy, refreshed from category events by a consumer.
CREATE TABLE products (
    id                uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    name              text          NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    description       text          NULL,
    price             numeric(12,2) NOT NULL CHECK (price >= 0),
    stock             integer       NOT NULL CHECK (stock >= 0),
    category_id       uuid          NOT NULL,
    category_name     text          NOT NULL,
    category_version  bigint        NOT NULL,
    category_deleted  boolean       NOT NULL DEFAULT false,
    version           bigint        NOT NULL DEFAULT 1,
    created_at        timestamptz   NOT NULL DEFAULT now(),
    updated_at        timestamptz   NOT NULL DEFAULT now()
);

-- Listing by category walks (category_id, id) in keyset order.
CREATE INDEX products_category_id_id_idx ON products (category_id, id);

-- Local replica of category-service's categories, fed by category.* events (consumer to come).
-- A deleted category stays as a tombstone with its final version, so a stale event never
-- resurrects it.
CREATE TABLE categories (
    id       uuid    PRIMARY KEY,
    name     text    NOT NULL,
    version  bigint  NOT NULL,
    deleted  boolean NOT NULL DEFAULT false
);
