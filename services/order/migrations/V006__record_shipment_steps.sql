-- The delivery.* events order-service has taken into an order's timeline, one row per version of
-- the order's shipment (consumer group order.delivery-events, consumers/delivery_events.hpp). A
-- duplicate, a copy under another ce_id or a replay of a version already recorded changes
-- nothing; a version that arrives late (another topic overtook it) is still recorded once.
CREATE TABLE order_shipment_steps (
    order_id          uuid        NOT NULL REFERENCES orders (id),
    shipment_version  bigint      NOT NULL CHECK (shipment_version >= 1),
    status            text        NOT NULL,  -- the shipment's status at that version
    event_id          uuid        NOT NULL,  -- ce_id of the event that brought it
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, shipment_version)
);
