#pragma once
// The writing half of the transactional outbox (DESIGN.md section 4). A service calls
// Outbox::Append inside the transaction that changes the aggregate, after the change, so the
// event is stored if and only if the change commits. The outbox relay later publishes the row to
// Kafka as the CloudEvent whose headers are stored in `headers`.
//
// The table comes from events/sql/outbox.sql, copied into a migration of the service.

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

namespace shop::events {

struct OutboxEvent {
  std::string type;          // a registered type, "category.updated"
  std::string aggregate_id;  // Kafka key and ce_subject
  std::string payload;       // JSON text of `data`, carrying the aggregate's `version`
  std::optional<std::string> traceparent;
};

inline constexpr std::string_view kInsertOutboxSql =
    "INSERT INTO outbox (event_id, topic, key, event_type, payload, headers) "
    "VALUES ($1::uuid, $2, $3, $4, $5::jsonb, $6::jsonb)";

// Immutable after construction; one instance may be shared by all threads of a service.
class Outbox {
 public:
  // `source_service` is the bare name ("category"); events carry ce_source "/services/<name>".
  explicit Outbox(std::string source_service);

  // Inserts one row in `txn` and returns its event id (a new UUIDv7, ce_id). Throws
  // std::invalid_argument for an unregistered type or an empty aggregate id (a programming error),
  // and what pqxx throws for the INSERT (e.g. payload that is not JSON); the caller's transaction
  // is then unusable and must be rolled back, as for any failed statement.
  std::string Append(pqxx::work& txn, const OutboxEvent& event) const;

  const std::string& source() const { return source_; }

 private:
  std::string source_;
};

}  // namespace shop::events
