#pragma once
// CloudEvents 1.0 envelope and its Kafka protocol binding in binary mode (DESIGN.md section 3):
// the attributes travel as `ce_*` headers plus `content-type` and W3C `traceparent`, the message
// key is the subject (aggregate id), the topic is the type and the value is the JSON `data`.
// Pure functions with no Kafka dependency: headers are plain name/value pairs, which the relay and
// the consumer runtime convert to and from librdkafka's headers.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace shop::events {

inline constexpr std::string_view kSpecVersion = "1.0";
inline constexpr std::string_view kJsonContentType = "application/json";

inline constexpr std::string_view kHeaderSpecVersion = "ce_specversion";
inline constexpr std::string_view kHeaderId = "ce_id";
inline constexpr std::string_view kHeaderSource = "ce_source";
inline constexpr std::string_view kHeaderType = "ce_type";
inline constexpr std::string_view kHeaderTime = "ce_time";
inline constexpr std::string_view kHeaderSubject = "ce_subject";
inline constexpr std::string_view kHeaderDataSchema = "ce_dataschema";
inline constexpr std::string_view kHeaderContentType = "content-type";
inline constexpr std::string_view kHeaderTraceparent = "traceparent";

struct CloudEvent {
  std::string id;       // UUID, the consumers' idempotency key
  std::string source;   // "/services/<name>"
  std::string type;     // "category.updated"
  std::string time;     // RFC 3339, e.g. "2024-05-01T12:00:00.123Z"
  std::string subject;  // aggregate id
  std::string data_content_type = std::string(kJsonContentType);
  std::string data_schema;                 // "urn:shop:schema:category.updated:v1"
  std::optional<std::string> traceparent;  // W3C trace context, when the change had one
  std::string data;                        // JSON text

  bool operator==(const CloudEvent&) const = default;
};

using KafkaHeaders = std::vector<std::pair<std::string, std::string>>;

struct KafkaMessage {
  std::string topic;
  std::string key;
  std::string value;
  KafkaHeaders headers;

  bool operator==(const KafkaMessage&) const = default;
};

// Bytes the record carries: key, value, and each header's name and value. What the broker checks
// against max.message.bytes is this plus a few dozen bytes of framing per record.
std::size_t RecordBytes(const KafkaMessage& message);

// Why a message is not a valid event of our contract. The contract is stricter than the
// CloudEvents spec: every header the DESIGN lists except `traceparent` is required and non-empty,
// `content-type` is application/json, and the key equals `ce_subject`. A consumer sends such a
// message to its dead-letter topic; it never becomes valid by retrying.
struct DecodeError {
  enum class Reason { kMissingHeader, kDuplicateHeader, kInvalidHeader, kKeyMismatch };
  Reason reason;
  std::string field;   // header name, or "key"
  std::string detail;  // human-readable, for logs and the dead-letter record

  bool operator==(const DecodeError&) const = default;
};

using DecodeResult = std::variant<CloudEvent, DecodeError>;

// Binary-mode encoding: topic = type, key = subject, value = data, headers in a fixed order;
// `traceparent` only when set. Does not validate the event.
KafkaMessage ToKafka(const CloudEvent& event);

// Decodes a received message. Unknown headers (other extensions) are ignored.
DecodeResult FromKafka(std::string_view key, std::string_view value, const KafkaHeaders& headers);

}  // namespace shop::events
