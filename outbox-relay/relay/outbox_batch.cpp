#include "relay/outbox_batch.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace shop::relay {
namespace {

std::string HeldReason(std::int64_t parked_row, const std::string& key) {
  return "held: row " + std::to_string(parked_row) + " of key " + key +
         " is parked, and a key's events go out in order";
}

}  // namespace

RoundPlan PlanRound(const std::vector<OutboxRow>& batch,
                    const std::map<std::int64_t, RowOutcome>& outcomes) {
  RoundPlan plan;
  std::map<std::string, std::int64_t> parked_keys;  // key -> its first parked row
  std::map<std::string, bool> waiting_keys;         // keys with a row sent again next round
  for (const OutboxRow& row : batch) {
    std::optional<std::int64_t> parked_by = row.parked_by;
    if (const auto it = parked_keys.find(row.key); it != parked_keys.end()) {
      parked_by = it->second;
    }
    if (parked_by) {
      parked_keys.emplace(row.key, *parked_by);
      plan.parks.push_back(
          {.row_id = row.id, .reason = HeldReason(*parked_by, row.key), .held = true});
      continue;
    }
    if (waiting_keys.contains(row.key)) {
      continue;
    }
    const auto outcome = outcomes.find(row.id);
    if (outcome != outcomes.end() && outcome->second.park_reason) {
      parked_keys.emplace(row.key, row.id);
      plan.parks.push_back(
          {.row_id = row.id, .reason = *outcome->second.park_reason, .held = false});
    } else if (outcome != outcomes.end() && outcome->second.delivered) {
      plan.marks.push_back(row.id);
    } else {
      waiting_keys.emplace(row.key, true);
    }
  }
  return plan;
}

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

std::string TextArrayLiteral(const std::vector<std::string>& values) {
  std::string text = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i != 0) {
      text += ',';
    }
    text += '"';
    for (const char c : values[i]) {
      if (c == '"' || c == '\\') {
        text += '\\';
      }
      text += c;
    }
    text += '"';
  }
  return text + "}";
}

}  // namespace shop::relay
