#include "events/cloud_event.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>

namespace shop::events {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Digits at the positions of `pattern` marked 'd', the literal character elsewhere.
bool MatchesPattern(std::string_view text, std::string_view pattern) {
  if (text.size() < pattern.size()) {
    return false;
  }
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == 'd' ? !IsDigit(text[i]) : text[i] != pattern[i]) {
      return false;
    }
  }
  return true;
}

bool IsJsonMediaType(std::string_view content_type) {
  // Parameters such as "; charset=utf-8" are allowed; the media type itself is case-insensitive.
  const std::string_view media_type = content_type.substr(0, content_type.find(';'));
  if (media_type.size() != kJsonContentType.size()) {
    return false;
  }
  for (std::size_t i = 0; i < media_type.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(media_type[i])) != kJsonContentType[i]) {
      return false;
    }
  }
  return true;
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
  if (!LooksLikeRfc3339(event.time)) {
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

std::string FormatRfc3339Utc(std::chrono::system_clock::time_point time) {
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  long fraction = static_cast<long>(millis % 1000);
  if (fraction < 0) {  // before 1970: floor, not truncate
    --seconds;
    fraction += 1000;
  }
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, fraction);
}

bool LooksLikeRfc3339(std::string_view text) {
  constexpr std::string_view kDateTime = "dddd-dd-ddTdd:dd:dd";
  if (!MatchesPattern(text, kDateTime)) {
    return false;
  }
  std::string_view rest = text.substr(kDateTime.size());
  if (!rest.empty() && rest.front() == '.') {
    std::size_t digits = 1;
    while (digits < rest.size() && IsDigit(rest[digits])) {
      ++digits;
    }
    if (digits == 1) {
      return false;
    }
    rest.remove_prefix(digits);
  }
  if (rest == "Z") {
    return true;
  }
  return rest.size() == 6 && (rest.front() == '+' || rest.front() == '-') &&
         MatchesPattern(rest.substr(1), "dd:dd");
}

}  // namespace shop::events
