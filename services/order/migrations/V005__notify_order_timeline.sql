-- Live order status (docs/decisions/0034): every order_timeline row notifies the channel
-- 'order_timeline' with the order's user id at commit, and a user's rows commit in id order.
--
-- The notification wakes the live feed of every order-service instance (live/live_status.hpp),
-- which reads the user's rows after the last id each of that user's sockets has (live/live_feed.hpp).
-- Postgres delivers it only when the transaction commits and folds identical ones of one
-- transaction into one: one wake-up per user and transaction, however many rows it wrote.
--
-- Why the id is drawn again: ids of an identity column are taken at insert and commit in any
-- order, so a reader that keeps "the last id read" could pass a lower id that commits later, and a
-- client resuming "after" its last seq would never get that row. Here each row first takes a
-- transaction-scoped advisory lock of its user (held until commit or rollback) and only then draws
-- its id: the next transaction writing a row of that user waits for the lock and so draws a higher
-- id after the first has committed. The id drawn by the column default before the trigger ran is
-- left unused (ids keep gaps, as they always could). A transaction that writes rows of several
-- users (the deadline scanner's batch) takes their locks one after another; two such transactions
-- meeting on two users in opposite orders end in a deadlock that Postgres breaks by failing one,
-- which is then retried (the scanner's next pass).
CREATE FUNCTION order_timeline_sequence_and_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    owner uuid;
BEGIN
    SELECT user_id INTO owner FROM orders WHERE id = NEW.order_id;
    IF owner IS NOT NULL THEN  -- else the foreign key refuses the row
        PERFORM pg_advisory_xact_lock(hashtext('order.timeline'), hashtext(owner::text));
        NEW.id := nextval(pg_get_serial_sequence('order_timeline', 'id'));
        PERFORM pg_notify('order_timeline', owner::text);
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER order_timeline_sequence_and_notify
    BEFORE INSERT ON order_timeline
    FOR EACH ROW
    EXECUTE FUNCTION order_timeline_sequence_and_notify();

