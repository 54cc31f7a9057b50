#include "events/catalog/payload_json.hpp"

#include <limits>

#include "platform/text/utf8.hpp"
#include "platform/text/uuid.hpp"

namespace shop::events {

bool IsDecimalAmount(std::string_view text) {
  if (text.starts_with('-')) {
    text.remove_prefix(1);
  }
  const std::size_t dot = text.find('.');
  if (dot == std::string_view::npos || dot == 0 || text.size() != dot + 3) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i != dot && (text[i] < '0' || text[i] > '9')) {
      return false;
    }
  }
  return true;
}

PayloadReader::PayloadReader(std::string_view data, std::string_view what)
    : parser_(std::make_unique<simdjson::dom::parser>()), what_(what) {
  if (parser_->parse(data.data(), data.size()).get(root_) != simdjson::SUCCESS ||
      !root_.is_object()) {
    Fail("is not a JSON object");
  }
}

PayloadReader::PayloadReader(simdjson::dom::element object, std::string what, std::string path)
    : root_(object), what_(std::move(what)), path_(std::move(path)) {
  if (!root_.is_object()) {
    Fail("is not a JSON object");
  }
}

PayloadReader::~PayloadReader() = default;
PayloadReader::PayloadReader(PayloadReader&&) noexcept = default;

void PayloadReader::Fail(const std::string& problem) const {
  throw PayloadError(what_ + " " + path_ + problem);
}

bool PayloadReader::Has(const char* member) const {
  return root_[member].error() == simdjson::SUCCESS;
}

std::string PayloadReader::String(const char* member) const {
  std::string_view text;
  if (root_[member].get(text) != simdjson::SUCCESS) {
    Fail("has no string " + std::string(member));
  }
  return std::string(text);
}

std::string PayloadReader::NonEmptyString(const char* member) const {
  std::string text = String(member);
  if (text.empty()) {
    Fail("has an empty " + std::string(member));
  }
  return text;
}

std::string PayloadReader::StringOfLength(const char* member, std::size_t min_chars,
                                          std::size_t max_chars) const {
  std::string text = String(member);
  const std::size_t chars = text::CodePoints(text);
  if (chars < min_chars || chars > max_chars) {
    Fail("has a " + std::string(member) + " that is not " + std::to_string(min_chars) + " to " +
         std::to_string(max_chars) + " characters long");
  }
  return text;
}

std::optional<std::string> PayloadReader::NullableString(const char* member) const {
  if (!Has(member) || root_[member].is_null()) {
    return std::nullopt;
  }
  return String(member);
}

std::optional<std::string> PayloadReader::StringOrNull(const char* member) const {
  if (!Has(member)) {
    Fail("has no " + std::string(member) + " (a string or null)");
  }
  return NullableString(member);
}

std::string PayloadReader::Uuid(const char* member) const {
  std::string text = String(member);
  if (!text::IsUuid(text)) {
    Fail("has a " + std::string(member) + " that is not a UUID");
  }
  return text;
}

std::optional<std::string> PayloadReader::NullableUuid(const char* member) const {
  if (!Has(member) || root_[member].is_null()) {
    return std::nullopt;
  }
  return Uuid(member);
}

std::optional<std::string> PayloadReader::UuidOrNull(const char* member) const {
  if (!Has(member)) {
    Fail("has no " + std::string(member) + " (a UUID or null)");
  }
  return NullableUuid(member);
}

std::string PayloadReader::Email(const char* member) const {
  std::string text = String(member);
  if (text.size() < 3 || text.find('@') == std::string::npos) {
    Fail("has a " + std::string(member) + " that is not an email address");
  }
  return text;
}

std::string PayloadReader::Amount(const char* member) const {
  std::string text = String(member);
  if (!IsDecimalAmount(text)) {
    Fail("has a " + std::string(member) +
         " that is not a decimal string with two fraction digits (\"19.90\")");
  }
  return text;
}

std::int64_t PayloadReader::Integer(const char* member, std::int64_t min, std::int64_t max) const {
  std::int64_t value = 0;
  if (root_[member].get(value) != simdjson::SUCCESS || value < min || value > max) {
    Fail("has no integer " + std::string(member) + " in [" + std::to_string(min) + ", " +
         std::to_string(max) + "]");
  }
  return value;
}

std::int64_t PayloadReader::NonNegativeInteger(const char* member) const {
  return Integer(member, 0, std::numeric_limits<std::int64_t>::max());
}

std::int64_t PayloadReader::Version() const {
  return Integer("version", 1, std::numeric_limits<std::int64_t>::max());
}

std::string PayloadReader::OneOf(const char* member,
                                 std::span<const std::string_view> allowed) const {
  std::string text = String(member);
  for (std::string_view value : allowed) {
    if (text == value) {
      return text;
    }
  }
  std::string list;
  for (std::string_view value : allowed) {
    list += (list.empty() ? "" : ", ") + std::string(value);
  }
  Fail("has a " + std::string(member) + " that is none of " + list);
}

simdjson::dom::array PayloadReader::Array(const char* member, std::size_t min_items) const {
  simdjson::dom::array items;
  if (root_[member].get(items) != simdjson::SUCCESS || items.size() < min_items) {
    Fail("has no array " + std::string(member) + " of at least " + std::to_string(min_items) +
         " items");
  }
  return items;
}

PayloadReader PayloadReader::Object(const char* member) const {
  simdjson::dom::element object;
  if (root_[member].get(object) != simdjson::SUCCESS || !object.is_object()) {
    Fail("has no object " + std::string(member));
  }
  return PayloadReader(object, what_, path_ + member + " ");
}

nlohmann::json NullableJson(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

}  // namespace shop::events
