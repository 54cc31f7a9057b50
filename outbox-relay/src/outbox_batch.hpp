#pragma once
// The pure half of one relay round: outbox rows as read from Postgres, their stored headers turned
// into Kafka headers, and which rows may be marked published given the delivery reports.

#include <cstdint>
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
};

// Outcome of one produced row. `delivered` is true only when the broker acknowledged it
// (a delivery report without error).
struct DeliveryReport {
  std::int64_t row_id = 0;
  bool delivered = false;
};

// The headers jsonb object as header pairs in the object's key order. String values are passed
// as-is; other JSON values (never written by events::Outbox) as their JSON text. Throws
// std::invalid_argument when the text is not a JSON object.
events::KafkaHeaders HeadersFromJson(std::string_view headers_json);

// Ids of `batch` (in id order) to mark published. A row is marked when at least one report says it
// was delivered, unless an earlier row of the same key in this batch was not: that row is sent
// again next round and the later rows with it, so the newest copy of each key still arrives last.
// Rows without any report (deadline passed, producer failed) stay unmarked.
std::vector<std::int64_t> RowsToMark(const std::vector<OutboxRow>& batch,
                                     const std::vector<DeliveryReport>& reports);

// A Postgres array literal of bigints, "{1,2,3}", for `WHERE id = ANY($1::bigint[])`.
std::string BigintArrayLiteral(const std::vector<std::int64_t>& ids);

}  // namespace shop::relay
