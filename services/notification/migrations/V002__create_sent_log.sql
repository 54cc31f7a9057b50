-- The sent log (decision 0034, docs/runbooks/notifications.md): one row per e-mail, claimed in its
-- own committed transaction before the SMTP call and marked after it.
--   sending   an SMTP call is (or was, when its process died) in flight until lease_until; past
--             the lease another attempt takes the row over and sends again with the same
--             message_id (the at-most-one-duplicate window)
--   sent      the server accepted it: a replay, a redelivery or a copy of the event sends nothing
--   failed    the last attempt failed transiently (no connection, timeout, 4xx): taken again by
--             the next attempt
--   rejected  the server refused it (5xx); the event went to the group's .dlq with the reply, and
--             a replay tries again
CREATE TABLE sent_log (
    -- "<kind>:<aggregate id>:<version>" (order and delivery e-mails) or "<kind>:<ce_id>" (account
    -- e-mails): a copy of an event under another ce_id finds the row of the first.
    dedupe_key   text        PRIMARY KEY,
    event_id     uuid        NOT NULL,  -- the ce_id that first claimed it
    kind         text        NOT NULL CHECK (kind IN ('order_confirmed', 'order_cancelled',
                                 'shipment_created', 'out_for_delivery', 'delivered',
                                 'verify_email', 'password_reset')),
    message_id   text        NOT NULL,  -- <ce_id.kind@domain>, kept across attempts
    recipient    text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'rejected')),
    attempts     integer     NOT NULL DEFAULT 1,  -- SMTP conversations started (claims)
    lease_until  timestamptz NULL,                -- while sending
    last_error   text        NULL,                -- the last SMTP reply or error, never the body
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    sent_at      timestamptz NULL,
    CHECK ((status = 'sending') = (lease_until IS NOT NULL))
);

-- An operator looks an event's e-mails up by its ce_id (runbook).
CREATE INDEX sent_log_event_id_idx ON sent_log (event_id);
-- Rows not sent (sending, failed, rejected): the backlog gauge and the runbook's queries.
CREATE INDEX sent_log_unsent_idx ON sent_log (status, updated_at) WHERE status <> 'sent';
