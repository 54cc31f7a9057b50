#include "notification/store/notification_statements.hpp"

#include "notification/store/statement_names.hpp"

namespace shop::notification {

const std::vector<db::PreparedStatement>& NotificationStatements() {
  using namespace statements;
  static const std::vector<db::PreparedStatement> kStatements = {
      {kUpsertUser,
       "INSERT INTO users (id, email, name, version, deleted) "
       "VALUES ($1::uuid, $2, $3, $4, false) "
       "ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, "
       "version = EXCLUDED.version, deleted = false, updated_at = now() "
       "WHERE users.version < EXCLUDED.version"},
      {kTombstoneUser,
       "INSERT INTO users (id, email, name, version, deleted) VALUES ($1::uuid, NULL, NULL, $2, "
       "true) "
       "ON CONFLICT (id) DO UPDATE SET email = NULL, name = NULL, version = EXCLUDED.version, "
       "deleted = true, updated_at = now() WHERE users.version < EXCLUDED.version"},
      {kFindUser, "SELECT id::text, email, name, version, deleted FROM users WHERE id = $1::uuid"},
      // A new row, or a row not sent whose last attempt is over (failed, rejected) or whose lease
      // has passed, becomes ours; the message_id stays the first claim's.
      {kClaimSend,
       "INSERT INTO sent_log (dedupe_key, event_id, kind, message_id, recipient, status, "
       "attempts, lease_until) "
       "VALUES ($1, $2::uuid, $3, $4, $5, 'sending', 1, "
       "clock_timestamp() + $6::bigint * interval '1 millisecond') "
       "ON CONFLICT (dedupe_key) DO UPDATE SET status = 'sending', "
       "attempts = sent_log.attempts + 1, lease_until = EXCLUDED.lease_until, "
       "recipient = EXCLUDED.recipient, updated_at = now() "
       "WHERE sent_log.status IN ('failed', 'rejected') "
       "OR (sent_log.status = 'sending' AND sent_log.lease_until < clock_timestamp()) "
       "RETURNING message_id, attempts"},
      {kFindSend,
       "SELECT status, (extract(epoch FROM lease_until) * 1000)::bigint FROM sent_log "
       "WHERE dedupe_key = $1"},
      {kMarkSent,
       "UPDATE sent_log SET status = 'sent', lease_until = NULL, last_error = NULL, "
       "sent_at = now(), updated_at = now() WHERE dedupe_key = $1"},
      {kMarkFailed,
       "UPDATE sent_log SET status = CASE WHEN $2 THEN 'rejected' ELSE 'failed' END, "
       "lease_until = NULL, last_error = $3, updated_at = now() "
       "WHERE dedupe_key = $1 AND status = 'sending'"},
  };
  return kStatements;
}

}  // namespace shop::notification
