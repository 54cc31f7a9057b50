-- Every POST /auth/password-reset/request, for a known address or not (issue 13, decision 0034).
-- Both answers write and commit one row here (the same WAL flush), so the route's time says less
-- about whether an account exists; and an address asked for more than
-- SHOP_PASSWORD_RESET_MAILS_PER_HOUR times within an hour is sent no further link until the hour
-- has passed (still 202), so the route cannot flood someone's mailbox from many clients.
-- The address is kept as the SHA-256 (hex) of its normalised form only. Rows older than an hour
-- are deleted a few at a time by later requests.
CREATE TABLE password_reset_requests (
    address_hash  text        NOT NULL CHECK (address_hash ~ '^[0-9a-f]{64}$'),
    requested_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX password_reset_requests_address_idx
    ON password_reset_requests (address_hash, requested_at);
CREATE INDEX password_reset_requests_age_idx ON password_reset_requests (requested_at);
