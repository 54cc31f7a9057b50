#pragma once
// The writing half of the transactional outbox (DESIGN.md section 4). A service calls
// Outbox::Append inside the transaction that changes the aggregate, after the change, so the
// event is stored if and only if the change commits. The outbox relay later publishes the row to
// Kafka as the CloudEvent whose headers are stored in `headers`.
//
// The table comes from events/sql/outbox.sql, copied into a migration of the service.

#include <cstddef>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "events/catalog/event_type.hpp"
#include "platform/http/problem.hpp"

namespace shop::events {

// The largest event the platform publishes, in bytes of key, data and headers (RecordBytes in
// cloud_event.hpp). The one place this limit is set (docs/decisions/0022): below librdkafka's
// message.max.bytes (1,000,000) and the broker's message.max.bytes (1,048,588) with room for
// framing, so every event a service commits can be produced. A topic configured with a smaller
// max.message.bytes makes the relay park rows instead (shopctl outbox parked).
inline constexpr std::size_t kMaxEventBytes = 900'000;

// A change whose event would exceed kMaxEventBytes: the caller's request is too large as a whole
// (413 problem+json, urn:shop:problem:event-too-large), refused before anything is committed.
class EventTooLarge : public http::HttpError {
 public:
  EventTooLarge(const std::string& type, std::size_t bytes);
};

inline constexpr std::string_view kInsertOutboxSql =
    "INSERT INTO outbox (event_id, topic, key, event_type, payload, headers) "
    "VALUES ($1::uuid, $2, $3, $4, $5::jsonb, $6::jsonb)";

// kInsertOutboxSql as a statement to prepare on every connection of a service's pool
// (db::PoolOptions::statements), for an Outbox constructed with Outbox::kPrepared.
inline constexpr const char* kInsertOutboxStatement = "outbox_insert";

// Immutable after construction; one instance may be shared by all threads of a service.
class Outbox {
 public:
  // How the INSERT is sent: as a one-off statement (parsed and planned for every event; works on
  // any connection), or as kInsertOutboxStatement, which the connection must have prepared.
  enum Statement { kUnprepared, kPrepared };

  // `source_service` is the bare name ("category"); events carry ce_source "/services/<name>".
  explicit Outbox(std::string source_service, Statement statement = kUnprepared);

  // Inserts one row for `event`, a type of the catalogue (events/catalog/catalog.hpp), in `txn`
  // and returns its event id (a new UUIDv7, ce_id). Topic, ce_type and ce_dataschema come from
  // T::kType, the key and ce_subject from event.AggregateId(), the data from event.ToJson().
  // `traceparent` is the W3C trace context of the change; empty: none. Throws EventTooLarge when
  // the event would exceed kMaxEventBytes (before the INSERT), std::invalid_argument for an empty
  // aggregate id (a programming error), and what pqxx throws for the INSERT; the caller's
  // transaction is then unusable and must be rolled back, as for any failed statement.
  template <CatalogEvent T>
  std::string Append(pqxx::work& txn, const T& event, std::string_view traceparent = {}) const {
    return AppendData(txn, T::kType, event.AggregateId(), event.ToJson(), traceparent);
  }

  const std::string& source() const { return source_; }

 private:
  std::string AppendData(pqxx::work& txn, const EventTypeInfo& type,
                         const std::string& aggregate_id, const std::string& data,
                         std::string_view traceparent) const;

  std::string source_;
  Statement statement_;
};

}  // namespace shop::events
