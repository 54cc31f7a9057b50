-- Who created a product: a seller may change and delete only the products they created (admins
-- any). Products created before this column have none: only admins change those.
ALTER TABLE products ADD COLUMN seller_id uuid NULL;
CREATE INDEX products_seller_id_idx ON products (seller_id);
