-- Categories form a tree; a name is unique among its siblings (case-insensitive).
CREATE TABLE categories (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    slug        text        NOT NULL,
    parent_id   uuid        NULL REFERENCES categories (id),
    version     bigint      NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- NULL parents are siblings too, hence the COALESCE to a fixed root id.
CREATE UNIQUE INDEX categories_sibling_name_key
    ON categories (COALESCE(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));

CREATE INDEX categories_parent_id_idx ON categories (parent_id);
