-- A promo use given back (issue 12, decision 0032): when the order of a checkout is cancelled,
-- cart.order-events sets returned_at on the checkout's redemption and lowers the code's `uses` in
-- the same transaction. `returned_at IS NULL` in the UPDATE makes the return happen once, whatever
-- the number of order.cancelled deliveries. A returned redemption no longer counts against the
-- user's per_user_limit.
ALTER TABLE promo_redemptions ADD COLUMN returned_at timestamptz NULL;
