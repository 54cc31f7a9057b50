-- GET /api/products/{id} as pgbench runs it (tests/bench/http-vs-pg/run): the statement
-- product-service runs for it (product_routes.cpp Get: the prepared product_find_by_id, alone,
-- without BEGIN/COMMIT) on a random one of the seeded products, whose ids are
-- 00000000-0000-4000-8000-<12-digit number> (pgbench has no string variables, so the id is
-- built in SQL: one expression per execution). Variables (pgbench -D): products.
\set i random(1, :products)
SELECT id::text, name, description, price::text, stock, category_id::text, category_name, version, seller_id::text
  FROM products WHERE id = ('00000000-0000-4000-8000-' || lpad(:i::text, 12, '0'))::uuid;
