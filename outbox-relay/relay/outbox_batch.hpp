#pragma once
// The pure half of one relay round: outbox rows as read from Postgres, their stored headers turned
// into Kafka headers, and what becomes of each row given what Kafka said (RoundPlan).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/cloud_event.hpp"

namespace shop::relay {

struct OutboxRow {
  std::int64_t id = 0;
  std::string topic;
  std::string key;
  std::string payload;  // the jsonb payload as text: the Kafka value
  std::string headers;  // the jsonb headers object as text
  // The first parked row of the same key, when there is one: this row is held behind it.
  std::optional<std::int64_t> parked_by{};
};

// What the round learned about one row it tried to send. A row with no outcome (no report before
// the deadline, a producer that failed) is sent again next round.
struct RowOutcome {
  bool delivered = false;                  // a delivery report without error
  std::optional<std::string> park_reason;  // Kafka refuses it for good: park it with this reason
};

struct Parking {
  std::int64_t row_id = 0;
  std::string reason;
  bool held = false;  // parked only because an earlier row of its key is
  bool operator==(const Parking&) const = default;
};

struct RoundPlan {
  std::vector<std::int64_t> marks;  // to mark published, in id order
  std::vector<Parking> parks;       // to park, in id order
};

// Walks `batch` in id order, keeping each key's order (docs/decisions/0022):
//  - a row whose key has a parked row (parked_by, or parked earlier in this batch) is held: parked
//    with a reason naming that row, delivered or not, so after `shopctl outbox retry` the key's
//    rows go out again in order;
//  - after a row of a key that will be sent again (no outcome, not delivered), later rows of the
//    key wait too (not marked, not parked): they go out after it next round;
//  - otherwise a row with a park reason is parked, and a delivered row is marked.
RoundPlan PlanRound(const std::vector<OutboxRow>& batch,
                    const std::map<std::int64_t, RowOutcome>& outcomes);

// The headers jsonb object as header pairs in the object's key order. String values are passed
// as-is; other JSON values (never written by events::Outbox) as their JSON text. Throws
// std::invalid_argument when the text is not a JSON object.
events::KafkaHeaders HeadersFromJson(std::string_view headers_json);

// A Postgres array literal of bigints, "{1,2,3}", for `WHERE id = ANY($1::bigint[])`.
std::string BigintArrayLiteral(const std::vector<std::int64_t>& ids);
// A Postgres array literal of texts, each element quoted and escaped: {"a","b \"c\""}.
std::string TextArrayLiteral(const std::vector<std::string>& values);

}  // namespace shop::relay
