-- The users replica (decision 0034): order and delivery events carry only the user's id, so the
-- address and name come from user.created / user.updated / user.deleted, applied only when newer
-- than what is held (version). A deletion leaves a tombstone without address or name: the user is
-- e-mailed no more, and an older user.created or user.updated cannot bring them back.
CREATE TABLE users (
    id          uuid        PRIMARY KEY,
    email       text        NULL,      -- NULL only in a tombstone
    name        text        NULL,
    version     bigint      NOT NULL CHECK (version >= 1),
    deleted     boolean     NOT NULL DEFAULT false,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (deleted OR email IS NOT NULL)
);
