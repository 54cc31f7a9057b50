-- cart-service's replicas of data other services own (DESIGN.md 1): filled by the cart.*-sync
-- consumers from events, with versioned upserts; a deleted row stays as a tombstone with its
-- final version so a stale event never resurrects it. No foreign key reaches another service.

-- Users (owner: auth-service), fed by user.* events. A deleted user's cart and wishlist are
-- removed by the consumer; the tombstone keeps a still-valid token from creating a new cart.
CREATE TABLE users (
    id       uuid    PRIMARY KEY,
    email    text    NOT NULL DEFAULT '',
    name     text    NOT NULL DEFAULT '',
    role     text    NOT NULL DEFAULT '',
    version  bigint  NOT NULL,
    deleted  boolean NOT NULL DEFAULT false
);

-- Categories (owner: category-service), fed by category.* events. Once the cart has heard of a
-- category, its name here wins over the category_name a product event carries (that one may be
-- older: product events do not carry the category's version). See docs/decisions/0014.
CREATE TABLE categories (
    id       uuid    PRIMARY KEY,
    name     text    NOT NULL,
    version  bigint  NOT NULL,
    deleted  boolean NOT NULL DEFAULT false
);

-- Products (owner: product-service), fed by product.* events and, on a miss at POST /cart/items,
-- by product-service's HTTP API. A deleted product stays (deleted = true): carts show it as
-- unavailable and leave it out of totals.
CREATE TABLE products (
    id             uuid          PRIMARY KEY,
    name           text          NOT NULL,
    price          numeric(12,2) NOT NULL CHECK (price >= 0),
    stock          integer       NOT NULL CHECK (stock >= 0),
    category_id    uuid          NOT NULL,
    category_name  text          NOT NULL,
    version        bigint        NOT NULL,
    deleted        boolean       NOT NULL DEFAULT false
);

CREATE INDEX products_category_id_idx ON products (category_id);
