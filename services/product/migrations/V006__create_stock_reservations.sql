-- Stock reservations of orders (consumer group product.stock-reservation, docs/decisions/0026 and
-- 0029): one row per order, whatever arrives first. `reserved` holds the units of its lines (taken
-- from products.stock); `released` gave them back once; `rejected` took nothing (a line was
-- short); `cancelled` is an order cancelled before its order.created was seen: a later
-- order.created reserves nothing. order_id names an order of order-service: no foreign key
-- crosses the service boundary.
CREATE TABLE stock_reservations (
    order_id    uuid        PRIMARY KEY,
    status      text        NOT NULL
                            CHECK (status IN ('reserved', 'released', 'cancelled', 'rejected')),
    version     bigint      NOT NULL CHECK (version >= 1),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The units a reservation took, one row per product; a rejected or cancelled reservation has
-- none. product_id names a product of this service but has no foreign key: a product may be
-- deleted while units of it are reserved (its release then gives back nothing).
CREATE TABLE stock_reservation_lines (
    order_id    uuid    NOT NULL REFERENCES stock_reservations (order_id),
    product_id  uuid    NOT NULL,
    quantity    integer NOT NULL CHECK (quantity >= 1),
    PRIMARY KEY (order_id, product_id)
);

