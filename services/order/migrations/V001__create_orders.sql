-- Orders (issue 12, docs/decisions/0026): one per checkout, created by the order.checkout-intake
-- consumer from cart.checked_out and moved on by the saga (domain/order_machine.hpp).
-- id is the checkout id, so a replayed or duplicated cart.checked_out finds its order and makes
-- no second one.
CREATE TABLE orders (
    id                uuid          PRIMARY KEY,
    user_id           uuid          NOT NULL,
    status            text          NOT NULL CHECK (status IN ('pending', 'stock_reserved', 'paid',
                                        'confirmed', 'shipped', 'delivered', 'cancelled')),
    cancel_reason     text          NULL CHECK (cancel_reason IN ('out_of_stock',
                                        'payment_declined', 'payment_timeout', 'stock_timeout',
                                        'customer', 'admin')),
    -- The lines as cart.checked_out froze them: [{product_id, name, unit_price, quantity,
    -- line_total, seller_id}], what every order event carries.
    lines             jsonb         NOT NULL,
    subtotal          numeric(14,2) NOT NULL,
    discount          numeric(14,2) NOT NULL,
    total             numeric(14,2) NOT NULL,
    promo_code        text          NULL,
    shipping_address  jsonb         NOT NULL,
    -- Needed only for order.payment_requested; cleared once the order is confirmed or cancelled.
    -- Never logged, never in an answer.
    payment_token     text          NULL,
    -- The checkout request's W3C trace context: events written later by the deadline scanner and
    -- the routes carry it, so every event of the order belongs to the checkout's trace.
    traceparent       text          NOT NULL DEFAULT '',
    version           bigint        NOT NULL CHECK (version >= 1),
    created_at        timestamptz   NOT NULL DEFAULT now(),
    updated_at        timestamptz   NOT NULL DEFAULT now(),
    -- When the state the order waits in (pending: stock; stock_reserved: payment) times out;
    -- NULL in every other state. The deadline scanner cancels orders past it.
    deadline_at       timestamptz   NULL,
    CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
);

-- GET /orders: the caller's orders, newest first, in keyset pages.
CREATE INDEX orders_user_created_idx ON orders (user_id, created_at DESC, id DESC);
-- The deadline scanner reads only waiting orders, oldest deadline first.
CREATE INDEX orders_deadline_idx ON orders (deadline_at) WHERE deadline_at IS NOT NULL;

-- The same lines, one row each, for sellers' queries (GET /orders/sales). Written once with the
-- order and never changed; created_at is the order's, so a seller's pages need no join to sort.
CREATE TABLE order_lines (
    order_id    uuid          NOT NULL REFERENCES orders (id),
    line_no     integer       NOT NULL CHECK (line_no >= 1),
    product_id  uuid          NOT NULL,
    seller_id   uuid          NULL,
    name        text          NOT NULL,
    unit_price  numeric(14,2) NOT NULL,
    quantity    integer       NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    line_total  numeric(14,2) NOT NULL,
    created_at  timestamptz   NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

CREATE INDEX order_lines_seller_idx ON order_lines (seller_id, created_at DESC, order_id DESC)
    WHERE seller_id IS NOT NULL;

-- Every state change of an order, with its time and cause, and the saga events that changed
-- nothing (a stale or duplicate event, a stock release, a refund), so an operator sees where an
-- order is and how it got there (docs/runbooks/orders.md).
CREATE TABLE order_timeline (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id     uuid        NOT NULL REFERENCES orders (id),
    at           timestamptz NOT NULL DEFAULT now(),
    from_status  text        NULL,  -- NULL for the order's creation
    to_status    text        NOT NULL,  -- the status after the entry (unchanged for a note)
    version      bigint      NOT NULL,  -- the order's version after the entry
    cause        text        NOT NULL,  -- cart.checked_out, stock.reserved, customer, deadline, ...
    detail       text        NOT NULL DEFAULT '',
    event_id     uuid        NULL       -- ce_id of the consumed event, when an event caused it
);

CREATE INDEX order_timeline_order_idx ON order_timeline (order_id, id);
