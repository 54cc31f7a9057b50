-- A product.deleted may carry only id and version (its schema requires no more). When it reaches
-- the cart before the product's created event (another topic), the replica must still store a
-- tombstone at that version, or the older created event would bring the product back (issue 11).
-- Such a bare tombstone knows no name, price or category: those columns may be NULL, on
-- tombstones only. Its stock is 0. No cart line or wishlist entry can reference one (both are
-- only written for live products).
ALTER TABLE products
    ALTER COLUMN name DROP NOT NULL,
    ALTER COLUMN price DROP NOT NULL,
    ALTER COLUMN category_id DROP NOT NULL,
    ALTER COLUMN category_name DROP NOT NULL,
    ADD CONSTRAINT products_live_rows_are_complete CHECK (
        deleted OR (name IS NOT NULL AND price IS NOT NULL AND category_id IS NOT NULL
                    AND category_name IS NOT NULL));
