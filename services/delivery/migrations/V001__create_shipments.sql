-- Shipments, one per order (docs/decisions/0034; the machine: domain/shipment_machine.hpp), made
-- by the delivery.order-events consumer from order.confirmed and moved by couriers and admins.
CREATE TABLE shipments (
    id                  uuid        PRIMARY KEY DEFAULT gen_random_uuid(),  -- shipment_id
    -- One shipment per order: a replayed or copied order.confirmed finds it and makes none.
    order_id            uuid        NOT NULL UNIQUE,
    user_id             uuid        NOT NULL,  -- the order's customer (order.confirmed)
    status              text        NOT NULL CHECK (status IN ('label_created', 'picked_up',
                                        'in_transit', 'out_for_delivery', 'delivered',
                                        'failed_attempt', 'returned', 'cancelled')),
    -- NULL only in a tombstone: an order.cancelled seen before the order's order.confirmed (the
    -- two are different topics) leaves a cancelled row without a label, so the confirmation, when
    -- it comes, finds the order and makes no shipment. Tombstones are never answered or listed.
    tracking_number     text        NULL UNIQUE,
    -- The checkout's trace context (from order.confirmed): every event of the shipment carries it.
    traceparent         text        NOT NULL DEFAULT '',
    -- When order.cancelled arrived, if it did; a shipment past label_created keeps moving
    -- (docs/runbooks/delivery.md: what an operator does then).
    order_cancelled_at  timestamptz NULL,
    version             bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (tracking_number IS NOT NULL OR status = 'cancelled')
);

-- GET /delivery/shipments: the work lists, oldest first, in keyset pages; tombstones left out.
CREATE INDEX shipments_status_created_idx ON shipments (status, created_at, id)
    WHERE tracking_number IS NOT NULL;
CREATE INDEX shipments_created_idx ON shipments (created_at, id)
    WHERE tracking_number IS NOT NULL;

-- The tracking history: every move of a shipment (its creation included), when, by whom, and the
-- order cancellations that came too late to stop it (from_status = to_status, a note saying so).
CREATE TABLE shipment_history (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shipment_id  uuid        NOT NULL REFERENCES shipments (id),
    at           timestamptz NOT NULL DEFAULT now(),
    from_status  text        NULL,      -- NULL for the creation
    to_status    text        NOT NULL,
    note         text        NULL,      -- the courier's, or the service's for a late cancellation
    by_user      uuid        NULL,      -- the courier or admin; NULL for the service's own rows
    by_role      text        NOT NULL CHECK (by_role IN ('courier', 'admin', 'system')),
    version      bigint      NOT NULL   -- the shipment's version after the row
);

CREATE INDEX shipment_history_shipment_idx ON shipment_history (shipment_id, id);
