-- One service write as pgbench runs it (tests/bench/relay-scale/run): the domain change and its
-- outbox row in one transaction, as events::Outbox writes them. The UPDATE takes the aggregate's
-- row lock (which orders concurrent writers of one aggregate, DESIGN.md section 4) and bumps its
-- version; the INSERT adds a category.updated CloudEvent of about SIZE bytes of jsonb and fires
-- the outbox's NOTIFY trigger. The constant headers come from bench_headers: pgbench would take
-- the colons of a URN in the statement for variables. Variables (pgbench -D): aggregates, size.
\set k random(1, :aggregates)
BEGIN;
UPDATE bench_aggregates SET version = version + 1, name = 'Category ' || :k::int WHERE id = :k::int;
INSERT INTO outbox (event_id, topic, key, event_type, payload, headers)
SELECT e.id, 'bench.relay-scale', a.key, 'category.updated',
       jsonb_build_object('id', a.key, 'name', a.name, 'version', a.version,
                          'description', repeat('x', :size::int - 120)),
       h.headers || jsonb_build_object('ce_id', e.id::text, 'ce_subject', a.key,
                                       'ce_time', (to_jsonb(clock_timestamp() AT TIME ZONE 'UTC') #>> '{}') || 'Z')
  FROM bench_aggregates a, bench_headers h, (SELECT gen_random_uuid() AS id) e
 WHERE a.id = :k::int;
COMMIT;
