#include "order/domain/live_message.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "platform/text/rfc3339.hpp"

namespace shop::order {

std::string LiveMessageJson(const TimelineRow& row) {
  return nlohmann::json{
      {"type", kLiveMessageType},
      {"seq", row.seq},
      {"order_id", row.order_id},
      {"status", row.to_status},
      {"from_status", row.from_status ? nlohmann::json(*row.from_status) : nlohmann::json()},
      {"version", row.version},
      {"cause", row.cause},
      {"detail", row.detail},
      {"at", text::FormatRfc3339Utc(row.at)}}
      .dump();
}

std::optional<std::int64_t> ParseAfterSeq(std::string_view text) {
  if (text.empty() || text.front() < '0' || text.front() > '9') {
    return std::nullopt;
  }
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace shop::order
