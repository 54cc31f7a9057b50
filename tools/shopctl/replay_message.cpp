#include "shopctl/replay_message.hpp"

#include "events/consumer/dead_letter.hpp"

namespace shop::shopctl {

events::KafkaHeaders ReplayHeaders(const events::KafkaHeaders& dlq_headers,
                                   std::int64_t dlq_offset) {
  events::KafkaHeaders headers;
  headers.reserve(dlq_headers.size() + 1);
  for (const auto& header : dlq_headers) {
    if (!header.first.starts_with("dlq_")) {
      headers.push_back(header);
    }
  }
  headers.emplace_back(std::string(events::consumer::kReplayedFromOffsetHeader),
                       std::to_string(dlq_offset));
  return headers;
}

std::string ReplayLogKey(std::string_view dlq_topic, std::int32_t partition, std::int64_t offset) {
  return std::string(dlq_topic) + "/" + std::to_string(partition) + "/" + std::to_string(offset);
}

std::optional<std::string> ReplayTopic(const DlqRecord& record, ReplayTarget target,
                                       std::string_view group) {
  if (target == ReplayTarget::kRetry) {
    return events::consumer::RetryTopic(group);
  }
  std::string original = record.OriginalTopic();
  if (original.empty()) {
    return std::nullopt;
  }
  return original;
}

std::optional<events::KafkaMessage> ReplayMessage(const DlqRecord& record, ReplayTarget target,
                                                  std::string_view group) {
  auto topic = ReplayTopic(record, target, group);
  if (!topic) {
    return std::nullopt;
  }
  return events::KafkaMessage{.topic = std::move(*topic),
                              .key = record.key,
                              .value = record.value,
                              .headers = ReplayHeaders(record.headers, record.offset)};
}

}  // namespace shop::shopctl
