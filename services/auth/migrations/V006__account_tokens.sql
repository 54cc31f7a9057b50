-- Account e-mails (issue 13, docs/decisions/0034): whether a user proved their address, and the
-- single-use tokens of verification and password-reset links.
--
-- Accounts that exist before this migration were never sent a link: they start unverified and
-- may ask for one (POST /auth/verify-email/resend). Nothing is refused to an unverified account
-- yet; the flag is shown by GET /auth/me.
ALTER TABLE users ADD COLUMN verified boolean NOT NULL DEFAULT false;

-- Only the SHA-256 (hex) of a token is stored; the token itself travels once, in the
-- user.verification_requested / user.password_reset_requested event. A token works once
-- (used_at), before expires_at, for its purpose only. Issuing a token deletes the user's unused
-- ones of the same purpose; used rows stay as the record of what was done, until the user goes.
CREATE TABLE account_tokens (
    token_hash  text        PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    purpose     text        NOT NULL CHECK (purpose IN ('verify_email', 'password_reset')),
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz NULL
);

CREATE INDEX account_tokens_unused_idx ON account_tokens (user_id, purpose) WHERE used_at IS NULL;
