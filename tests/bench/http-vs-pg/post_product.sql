-- POST /api/products as pgbench runs it (tests/bench/http-vs-pg/run): the transaction
-- product-service runs for it (services/product/api/product_routes.cpp Create, in
-- db::ConnectionPool::WithTransaction: BEGIN, read committed), statement for statement:
-- the category replica row FOR SHARE (store/category_replica.cpp), the product INSERT ... RETURNING
-- (store/product_store.cpp), the product.created outbox row (events::Outbox::AppendData; the
-- outbox's NOTIFY trigger fires), COMMIT. The payload and headers are those of a row
-- product-service wrote in this run (same size); the event id is made by the server here, by the
-- service there. Variables (pgbench -D): category, category_name, category_version, seller, name,
-- description, price, topic, event_type, payload, headers.
\set stock random(1, 1000)
BEGIN;
SELECT id::text, name, version, deleted FROM categories WHERE id = :category::uuid FOR SHARE;
INSERT INTO products (name, description, price, stock, category_id, category_name, category_version, seller_id)
VALUES (:name, :description, :price::numeric, :stock, :category::uuid, :category_name, :category_version, :seller::uuid)
RETURNING id::text AS id, name, description, price::text AS price, stock, category_id::text AS category_id,
          category_name, version, seller_id::text AS seller_id \gset p_
INSERT INTO outbox (event_id, topic, key, event_type, payload, headers)
VALUES (gen_random_uuid(), :topic, :p_id, :event_type, :payload::jsonb, :headers::jsonb);
COMMIT;
