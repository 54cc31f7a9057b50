#pragma once
// One message read back from a topic (a dead letter, or a replay-log record), and the dlq_*
// fields the commands show. Pure.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "events/cloud_event.hpp"

namespace shop::shopctl {

struct DlqRecord {
  std::string topic{};
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  // The Kafka timestamp: for a dead letter, when it was dead-lettered.
  std::optional<std::chrono::system_clock::time_point> timestamp{};
  std::string key{};
  std::string value{};
  events::KafkaHeaders headers{};

  // The last header of that name, or "" when absent.
  std::string Header(std::string_view name) const;
  std::string OriginalTopic() const { return Header("dlq_original_topic"); }
  std::string ErrorClass() const { return Header("dlq_error_class"); }
  std::string ErrorMessage() const { return Header("dlq_error_message"); }
  std::string Attempts() const { return Header("dlq_attempts"); }
  std::string Type() const { return Header("ce_type"); }
};

}  // namespace shop::shopctl
