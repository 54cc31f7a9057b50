-- The seller of each replica product (issue 12): cart.checked_out names each line's seller, so the
-- order can show sellers their own lines. product.* events and product-service's REST answer carry
-- seller_id (null for products created before sellers existed). Rows written before this
-- migration keep NULL until their product's next event (or a resync: docs/runbooks/cart.md).
ALTER TABLE products ADD COLUMN seller_id uuid NULL;
