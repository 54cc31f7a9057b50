#pragma once
// The dead-letter record (DESIGN.md section 5): a message that cannot be applied goes to
// `<group>.dlq` with its original key, value and headers plus `dlq_*` string headers saying where
// it came from and why it failed. Pure functions; the producer lives in dead_letter_producer.hpp.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "events/cloud_event.hpp"

namespace shop::events::consumer {

inline constexpr std::size_t kMaxErrorMessageBytes = 1000;
// Set by `shopctl dlq replay` on a message it republishes: the DLQ offset it came from.
inline constexpr std::string_view kReplayedFromOffsetHeader = "dlq_replayed_from_offset";

enum class ErrorClass { kTransient, kPermanent, kDecode, kUnknownType };
std::string_view ErrorClassName(ErrorClass error_class);  // "transient", "permanent", ...

struct DeadLetterInfo {
  std::string original_topic;
  std::int32_t original_partition = 0;
  std::int64_t original_offset = 0;
  // Kafka message timestamp; nullopt when the message had none.
  std::optional<std::chrono::system_clock::time_point> original_timestamp;
  std::string consumer_group;
  ErrorClass error_class = ErrorClass::kPermanent;
  std::string error_message;  // truncated to kMaxErrorMessageBytes when built
  int attempts = 1;
  std::chrono::system_clock::time_point first_failed_at;
  std::chrono::system_clock::time_point failed_at;
};

// `message` cut to at most `max_bytes` bytes, never inside a UTF-8 sequence.
std::string TruncateErrorMessage(std::string_view message,
                                 std::size_t max_bytes = kMaxErrorMessageBytes);

// The original headers (minus any dlq_* header this function writes, left by an earlier
// dead-lettering of a replayed message) followed by the dlq_* headers. Times are RFC 3339 UTC.
KafkaHeaders BuildDeadLetterHeaders(const KafkaHeaders& original, const DeadLetterInfo& info);

// What goes to `<group>.dlq` instead of a dead letter the broker refuses for good (larger than the
// topic's max.message.bytes): the same key and headers (original and dlq_*) without the value,
// plus dlq_truncated=true, dlq_truncated_reason (the broker's refusal),
// dlq_original_value_bytes and dlq_original_value_sha256 (hex), so an operator can find the
// original at its source offset. Original headers larger than kMaxTruncatedHeaderBytes in total
// are dropped too (dlq_original_headers_bytes says how many bytes they had).
inline constexpr std::size_t kMaxTruncatedHeaderBytes = 64 * 1024;
KafkaMessage TruncateDeadLetter(KafkaMessage record, std::string_view reason);

// "<group>.dlq" and "<group>.retry".
std::string DeadLetterTopic(std::string_view group);
std::string RetryTopic(std::string_view group);

}  // namespace shop::events::consumer
