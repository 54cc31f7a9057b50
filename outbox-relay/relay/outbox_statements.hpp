#pragma once
// Every SQL statement the relay runs against a service's outbox (events/sql/outbox.sql and
// outbox_parking.sql), complete and named; each is prepared once per connection under its name.

namespace shop::relay::sql {

inline constexpr const char* kTryLockName = "relay_try_lock";
inline constexpr const char* kTryLock = "SELECT pg_try_advisory_lock($1)";

inline constexpr const char* kUnlockName = "relay_unlock";
inline constexpr const char* kUnlock = "SELECT pg_advisory_unlock($1)";

// The oldest rows neither published nor parked, in id order (never an id cursor: a transaction
// that commits late would be skipped), except $2: the previous round's rows whose marks are still
// committing on the marker's connection (docs/decisions/0044). parked_by: the first parked row of
// the same key, whose later rows are held behind it (docs/decisions/0022).
inline constexpr const char* kSelectBatchName = "relay_select_batch";
inline constexpr const char* kSelectBatch =
    "SELECT o.id, o.topic, o.key, o.payload::text, o.headers::text, "
    "(SELECT min(p.id) FROM outbox p WHERE p.key = o.key AND p.parked_at IS NOT NULL) "
    "FROM outbox o WHERE o.published_at IS NULL AND o.parked_at IS NULL "
    "AND NOT (o.id = ANY($2::bigint[])) ORDER BY o.id LIMIT $1";

inline constexpr const char* kMarkPublishedName = "relay_mark_published";
inline constexpr const char* kMarkPublished =
    "UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[]) AND published_at IS NULL";

// $1 ids, $2 reasons (same length).
inline constexpr const char* kParkName = "relay_park";
inline constexpr const char* kPark =
    "UPDATE outbox SET parked_at = now(), parked_reason = r.reason "
    "FROM unnest($1::bigint[], $2::text[]) AS r(id, reason) "
    "WHERE outbox.id = r.id AND outbox.published_at IS NULL AND outbox.parked_at IS NULL";

// Unpublished rows waiting (not parked), parked rows, and the age of the oldest waiting one.
inline constexpr const char* kDepthName = "relay_depth";
inline constexpr const char* kDepth =
    "SELECT count(*) FILTER (WHERE parked_at IS NULL), count(*) FILTER (WHERE parked_at IS NOT "
    "NULL), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE parked_at IS "
    "NULL)), 0)::float8 FROM outbox WHERE published_at IS NULL";

// One batch of retention cleanup: the 1,000 oldest rows published more than $1 seconds ago. The
// published_at index yields them in order and the DELETE reaches them by ctid, so a pass reads
// what it deletes and nothing else, however many rows are retained.
inline constexpr const char* kDeleteExpiredName = "relay_delete_expired";
inline constexpr const char* kDeleteExpired =
    "DELETE FROM outbox WHERE ctid = ANY(ARRAY(SELECT ctid FROM outbox WHERE published_at < now() "
    "- make_interval(secs => $1::float8) ORDER BY published_at LIMIT 1000))";
inline constexpr long kDeleteExpiredBatch = 1000;

}  // namespace shop::relay::sql
