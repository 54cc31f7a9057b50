#include "events/consumer/dead_letter.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "platform/text/rfc3339.hpp"
#include "platform/text/utf8.hpp"

namespace shop::events::consumer {
namespace {

constexpr std::array<std::string_view, 10> kDeadLetterHeaders = {
    "dlq_original_topic",     "dlq_original_partition", "dlq_original_offset",
    "dlq_original_timestamp", "dlq_consumer_group",     "dlq_error_class",
    "dlq_error_message",      "dlq_attempts",           "dlq_first_failed_at",
    "dlq_failed_at"};

bool IsOwnHeader(std::string_view name) {
  return std::find(kDeadLetterHeaders.begin(), kDeadLetterHeaders.end(), name) !=
         kDeadLetterHeaders.end();
}

}  // namespace

std::string_view ErrorClassName(ErrorClass error_class) {
  switch (error_class) {
    case ErrorClass::kTransient:
      return "transient";
    case ErrorClass::kPermanent:
      return "permanent";
    case ErrorClass::kDecode:
      return "decode";
    case ErrorClass::kUnknownType:
      return "unknown_type";
  }
  return "permanent";
}

std::string TruncateErrorMessage(std::string_view message, std::size_t max_bytes) {
  return std::string(text::TruncateUtf8(message, max_bytes));
}

KafkaHeaders BuildDeadLetterHeaders(const KafkaHeaders& original, const DeadLetterInfo& info) {
  KafkaHeaders headers;
  headers.reserve(original.size() + kDeadLetterHeaders.size());
  for (const auto& header : original) {
    if (!IsOwnHeader(header.first)) {
      headers.push_back(header);
    }
  }
  const auto add = [&](std::string_view name, std::string value) {
    headers.emplace_back(std::string(name), std::move(value));
  };
  add("dlq_original_topic", info.original_topic);
  add("dlq_original_partition", std::to_string(info.original_partition));
  add("dlq_original_offset", std::to_string(info.original_offset));
  add("dlq_original_timestamp",
      info.original_timestamp ? text::FormatRfc3339Utc(*info.original_timestamp) : std::string());
  add("dlq_consumer_group", info.consumer_group);
  add("dlq_error_class", std::string(ErrorClassName(info.error_class)));
  add("dlq_error_message", TruncateErrorMessage(info.error_message));
  add("dlq_attempts", std::to_string(info.attempts));
  add("dlq_first_failed_at", text::FormatRfc3339Utc(info.first_failed_at));
  add("dlq_failed_at", text::FormatRfc3339Utc(info.failed_at));
  return headers;
}

KafkaMessage TruncateDeadLetter(KafkaMessage record, std::string_view reason) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(record.value.data()),
                     record.value.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  const std::size_t value_bytes = record.value.size();
  record.value.clear();
  std::size_t header_bytes = 0;
  for (const auto& [name, value] : record.headers) {
    header_bytes += name.size() + value.size();
  }
  if (header_bytes > kMaxTruncatedHeaderBytes) {
    // Keep only what this runtime wrote: the dlq_* headers say where the original is.
    std::erase_if(record.headers, [](const auto& header) { return !IsOwnHeader(header.first); });
    record.headers.emplace_back("dlq_original_headers_bytes", std::to_string(header_bytes));
  }
  record.headers.emplace_back("dlq_truncated", "true");
  record.headers.emplace_back("dlq_truncated_reason", TruncateErrorMessage(reason));
  record.headers.emplace_back("dlq_original_value_bytes", std::to_string(value_bytes));
  record.headers.emplace_back("dlq_original_value_sha256", std::string(hex.data()));
  return record;
}

std::string DeadLetterTopic(std::string_view group) { return std::string(group) + ".dlq"; }
std::string RetryTopic(std::string_view group) { return std::string(group) + ".retry"; }

}  // namespace shop::events::consumer
