#include "events/cloud_event.hpp"

#include "platform/text/ascii.hpp"
#include "platform/text/rfc3339.hpp"

namespace shop::events {
namespace {

bool IsJsonMediaType(std::string_view content_type) {
  // Parameters such as "; charset=utf-8" are allowed; the media type itself is case-insensitive.
  const std::string_view media_type = content_type.substr(0, content_type.find(';'));
  return text::EqualsIgnoreCase(media_type, kJsonContentType);
}

DecodeError Error(DecodeError::Reason reason, std::string_view field, std::string detail) {
  return DecodeError{reason, std::string(field), std::move(detail)};
}

// Finds a header that must occur at most once. nullptr when absent.
const std::string* FindUnique(const KafkaHeaders& headers, std::string_view name,
                              std::optional<DecodeError>& error) {
  const std::string* found = nullptr;
  for (const auto& [header_name, header_value] : headers) {
    if (header_name != name) {
      continue;
    }
    if (found != nullptr) {
      error = Error(DecodeError::Reason::kDuplicateHeader, name,
                    "header " + std::string(name) + " occurs more than once");
      return nullptr;
    }
    found = &header_value;
  }
  return found;
}

}  // namespace

std::size_t RecordBytes(const KafkaMessage& message) {
  std::size_t bytes = message.key.size() + message.value.size();
  for (const auto& [name, value] : message.headers) {
    bytes += name.size() + value.size();
  }
  return bytes;
}

KafkaMessage ToKafka(const CloudEvent& event) {
  KafkaMessage message{
      .topic = event.type, .key = event.subject, .value = event.data, .headers = {}};
  message.headers = {
      {std::string(kHeaderSpecVersion), std::string(kSpecVersion)},
      {std::string(kHeaderId), event.id},
      {std::string(kHeaderSource), event.source},
      {std::string(kHeaderType), event.type},
      {std::string(kHeaderTime), event.time},
      {std::string(kHeaderSubject), event.subject},
      {std::string(kHeaderContentType), event.data_content_type},
      {std::string(kHeaderDataSchema), event.data_schema},
  };
  if (event.traceparent) {
    message.headers.emplace_back(std::string(kHeaderTraceparent), *event.traceparent);
  }
  return message;
}

DecodeResult FromKafka(std::string_view key, std::string_view value, const KafkaHeaders& headers) {
  std::optional<DecodeError> error;
  const auto required = [&](std::string_view name) -> std::string {
    if (error) {
      return {};
    }
    const std::string* found = FindUnique(headers, name, error);
    if (error) {
      return {};
    }
    if (found == nullptr) {
      error = Error(DecodeError::Reason::kMissingHeader, name,
                    "required header " + std::string(name) + " is missing");
      return {};
    }
    if (found->empty()) {
      error = Error(DecodeError::Reason::kInvalidHeader, name,
                    "header " + std::string(name) + " is empty");
      return {};
    }
    return *found;
  };

  const std::string spec_version = required(kHeaderSpecVersion);
  CloudEvent event;
  event.id = required(kHeaderId);
  event.source = required(kHeaderSource);
  event.type = required(kHeaderType);
  event.time = required(kHeaderTime);
  event.subject = required(kHeaderSubject);
  event.data_content_type = required(kHeaderContentType);
  event.data_schema = required(kHeaderDataSchema);
  if (!error) {
    if (const std::string* traceparent = FindUnique(headers, kHeaderTraceparent, error)) {
      event.traceparent = *traceparent;
    }
  }
  if (error) {
    return *std::move(error);
  }

  if (spec_version != kSpecVersion) {
    return Error(DecodeError::Reason::kInvalidHeader, kHeaderSpecVersion,
                 "unsupported CloudEvents specversion '" + spec_version + "', expected 1.0");
  }
  if (!text::IsRfc3339(event.time)) {
    return Error(DecodeError::Reason::kInvalidHeader, kHeaderTime,
                 "ce_time '" + event.time + "' is not an RFC 3339 date-time");
  }
  if (!IsJsonMediaType(event.data_content_type)) {
    return Error(DecodeError::Reason::kInvalidHeader, kHeaderContentType,
                 "content-type '" + event.data_content_type + "' is not application/json");
  }
  if (key != event.subject) {
    return Error(
        DecodeError::Reason::kKeyMismatch, "key",
        "message key '" + std::string(key) + "' differs from ce_subject '" + event.subject + "'");
  }
  event.data = std::string(value);
  return event;
}

}  // namespace shop::events
