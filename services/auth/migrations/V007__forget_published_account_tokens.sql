-- The outbox row of an account e-mail event holds the token in clear: auth-service must not keep
-- it once it is on its way. When the relay marks such a row published, the row is deleted
-- instead of being retained for the outbox's retention period (7 days). There is then nothing to
-- re-publish with `shopctl outbox republish`: a lost e-mail is asked for again (resend, a new
-- reset request), which issues a new token. Unpublished and parked rows keep the token until
-- they are published; docs/runbooks/account-emails.md says how to void them.
CREATE FUNCTION outbox_forget_account_token() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM outbox WHERE id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_forget_account_token_after_publish
    AFTER UPDATE OF published_at ON outbox
    FOR EACH ROW
    WHEN (OLD.published_at IS NULL AND NEW.published_at IS NOT NULL
          AND NEW.event_type IN ('user.verification_requested', 'user.password_reset_requested'))
    EXECUTE FUNCTION outbox_forget_account_token();
