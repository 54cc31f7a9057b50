-- The drain benchmark's backlog (tests/bench/relay/run): :rows outbox rows addressed to :'topic',
-- shaped as events::Outbox writes them (tests/relay_integration/relay_fixture.cpp InsertEvent):
-- a category.updated CloudEvent whose jsonb payload prints as exactly :size bytes (padded with
-- a description) and whose headers hold every ce_* header. 1,000 keys, versions rising per key.
-- psql variables: rows, size, topic.
INSERT INTO outbox (event_id, topic, key, event_type, payload, headers)
SELECT e.event_id, :'topic', e.key, 'category.updated',
       e.data || jsonb_build_object('description',
                                    repeat('x', greatest(0, :size - length(e.data::text) - 19))),
       jsonb_build_object('ce_specversion', '1.0', 'ce_id', e.event_id::text,
                          'ce_source', '/services/category', 'ce_type', 'category.updated',
                          'ce_time', e.time, 'ce_subject', e.key,
                          'content-type', 'application/json',
                          'ce_dataschema', 'urn:shop:schema:category.updated:v1')
  FROM (SELECT g, gen_random_uuid() AS event_id, c.key,
               to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS time,
               jsonb_build_object('id', c.key, 'name', 'Category ' || g % 1000,
                                  'slug', 'category-' || g % 1000,
                                  'parent_id', md5('parent-' || g % 10)::uuid,
                                  'version', g / 1000 + 1) AS data
          FROM generate_series(0, :rows - 1) AS g,
               LATERAL (SELECT md5('category-' || g % 1000)::uuid::text AS key) AS c) AS e
 ORDER BY e.g;
