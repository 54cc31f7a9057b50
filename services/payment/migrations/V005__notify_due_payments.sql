-- A payment that becomes due (inserted pending, or moved to pending / refund_pending) notifies the
-- channel 'payment_due' at commit: the service's due-payment listener wakes its idle workers
-- (worker/due_payment_listener.hpp) instead of leaving the payment to their next poll. Postgres
-- delivers a notification only when the transaction commits and folds identical ones of one
-- transaction into one. The workers' own claims and retries (status unchanged) notify nothing.
CREATE FUNCTION payments_notify_due() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('payment_due', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER payments_due_on_insert
    AFTER INSERT ON payments
    FOR EACH ROW
    WHEN (NEW.status IN ('pending', 'refund_pending'))
    EXECUTE FUNCTION payments_notify_due();

CREATE TRIGGER payments_due_on_status
    AFTER UPDATE OF status ON payments
    FOR EACH ROW
    WHEN (NEW.status IN ('pending', 'refund_pending') AND OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION payments_notify_due();
