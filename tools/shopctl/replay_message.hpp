#pragma once
// What `dlq replay` sends for one dead letter, and its replay-log key. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "events/cloud_event.hpp"
#include "shopctl/dlq_record.hpp"

namespace shop::shopctl {

enum class ReplayTarget { kRetry, kOriginal };

// The dead letter's headers without any dlq_* header (the runtime's, or an older
// dlq_replayed_from_offset), in their order, followed by dlq_replayed_from_offset = `dlq_offset`.
events::KafkaHeaders ReplayHeaders(const events::KafkaHeaders& dlq_headers,
                                   std::int64_t dlq_offset);

// "<dlq topic>/<partition>/<offset>": one replay-log key per dead letter.
std::string ReplayLogKey(std::string_view dlq_topic, std::int32_t partition, std::int64_t offset);

// `<group>.retry`, or the record's dlq_original_topic; nullopt when that header is missing.
std::optional<std::string> ReplayTopic(const DlqRecord& record, ReplayTarget target,
                                       std::string_view group);

// The message to send: the record's key and value, ReplayHeaders, the target topic.
// nullopt when the target topic is unknown.
std::optional<events::KafkaMessage> ReplayMessage(const DlqRecord& record, ReplayTarget target,
                                                  std::string_view group);

}  // namespace shop::shopctl
