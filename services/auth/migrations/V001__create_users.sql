-- Users of the platform. auth-service is the only owner; other services keep copies fed by
-- user.* events. The email is stored normalised (trimmed, lower-cased) and is unique.
CREATE TABLE users (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text        NOT NULL CHECK (email = lower(btrim(email)) AND email <> ''),
    name          text        NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    role          text        NOT NULL CHECK (role IN ('customer', 'seller', 'admin')),
    password_hash text        NOT NULL,
    version       bigint      NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_email_key ON users (email);
