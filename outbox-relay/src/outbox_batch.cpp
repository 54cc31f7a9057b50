#include "outbox_batch.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

namespace shop::relay {

events::KafkaHeaders HeadersFromJson(std::string_view headers_json) {
  // ordered_json keeps the stored order (jsonb itself orders keys by length, then bytes).
  const auto parsed = nlohmann::ordered_json::parse(headers_json, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    throw std::invalid_argument("outbox headers are not a JSON object");
  }
  events::KafkaHeaders headers;
  headers.reserve(parsed.size());
  for (const auto& [name, value] : parsed.items()) {
    headers.emplace_back(name, value.is_string() ? value.get<std::string>() : value.dump());
  }
  return headers;
}

std::vector<std::int64_t> RowsToMark(const std::vector<OutboxRow>& batch,
                                     const std::vector<DeliveryReport>& reports) {
  std::set<std::int64_t> delivered;
  for (const DeliveryReport& report : reports) {
    if (report.delivered) {
      delivered.insert(report.row_id);
    }
  }
  std::set<std::string> blocked_keys;  // keys with an undelivered earlier row in this batch
  std::vector<std::int64_t> marks;
  for (const OutboxRow& row : batch) {
    if (blocked_keys.contains(row.key)) {
      continue;
    }
    if (delivered.contains(row.id)) {
      marks.push_back(row.id);
    } else {
      blocked_keys.insert(row.key);
    }
  }
  return marks;
}

std::string BigintArrayLiteral(const std::vector<std::int64_t>& ids) {
  std::string text = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i != 0) {
      text += ',';
    }
    text += std::to_string(ids[i]);
  }
  return text + "}";
}

}  // namespace shop::relay
