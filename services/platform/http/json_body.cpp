#include "platform/http/json_body.hpp"

#include <simdjson.h>

#include <nlohmann/json.hpp>

#include "platform/http/problem.hpp"

namespace shop::http {
namespace {

[[noreturn]] void ThrowFieldError(std::string_view key, std::string_view message) {
  const std::string field(key);
  throw Unprocessable("field '" + field + "' " + std::string(message),
                      nlohmann::json::array({{{"field", field}, {"message", message}}}));
}

std::string Lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

}  // namespace

bool IsJsonContentType(std::string_view content_type) {
  std::string media = Lowercase(content_type.substr(0, content_type.find(';')));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) {
    media.pop_back();
  }
  if (media == "application/json") {
    return true;
  }
  return media.starts_with("application/") && media.ends_with("+json") &&
         media.size() > std::string_view("application/+json").size();
}

struct JsonBody::Impl {
  simdjson::dom::parser parser;  // owns the memory `object` points into
  simdjson::dom::object object;

  explicit Impl(std::string_view json) {
    if (json.empty()) {
      throw MalformedJson("the request body is empty; a JSON object is required");
    }
    simdjson::dom::element root;
    if (const auto error = parser.parse(json.data(), json.size(), true).get(root); error) {
      throw MalformedJson(std::string("the request body is not valid JSON: ") +
                          simdjson::error_message(error));
    }
    if (root.get_object().get(object) != simdjson::SUCCESS) {
      throw MalformedJson("the request body must be a JSON object");
    }
  }

  std::optional<simdjson::dom::element> Find(std::string_view key) const {
    simdjson::dom::element element;
    if (object.at_key(key).get(element) != simdjson::SUCCESS) {
      return std::nullopt;
    }
    return element;
  }
};

JsonBody::JsonBody(const Request& request) {
  const std::optional<std::string_view> content_type = request.headers.Get("Content-Type");
  if (!request.body.empty() && (!content_type || !IsJsonContentType(*content_type))) {
    throw UnsupportedMediaType("the request body must be application/json");
  }
  impl_ = std::make_unique<Impl>(request.body);
}

JsonBody::JsonBody(std::string_view json) : impl_(std::make_unique<Impl>(json)) {}
JsonBody::~JsonBody() = default;
JsonBody::JsonBody(JsonBody&&) noexcept = default;
JsonBody& JsonBody::operator=(JsonBody&&) noexcept = default;

bool JsonBody::Has(std::string_view key) const { return impl_->Find(key).has_value(); }

bool JsonBody::IsNull(std::string_view key) const {
  const auto element = impl_->Find(key);
  return element && element->is_null();
}

std::optional<std::string> JsonBody::OptionalString(std::string_view key) const {
  const auto element = impl_->Find(key);
  if (!element) {
    return std::nullopt;
  }
  std::string_view value;
  if (element->get_string().get(value) != simdjson::SUCCESS) {
    ThrowFieldError(key, "must be a string");
  }
  return std::string(value);
}

std::string JsonBody::RequiredString(std::string_view key) const {
  std::optional<std::string> value = OptionalString(key);
  if (!value) {
    ThrowFieldError(key, "is required");
  }
  return std::move(*value);
}

std::optional<std::int64_t> JsonBody::OptionalInt64(std::string_view key) const {
  const auto element = impl_->Find(key);
  if (!element) {
    return std::nullopt;
  }
  std::int64_t value = 0;
  if (element->get_int64().get(value) != simdjson::SUCCESS) {
    ThrowFieldError(key, "must be an integer in the signed 64-bit range");
  }
  return value;
}

std::int64_t JsonBody::RequiredInt64(std::string_view key) const {
  const std::optional<std::int64_t> value = OptionalInt64(key);
  if (!value) {
    ThrowFieldError(key, "is required");
  }
  return *value;
}

std::optional<std::optional<std::int64_t>> JsonBody::OptionalNullableInt64(
    std::string_view key) const {
  const auto element = impl_->Find(key);
  if (!element) {
    return std::nullopt;
  }
  if (element->is_null()) {
    return std::optional<std::int64_t>{};
  }
  return std::optional<std::int64_t>{OptionalInt64(key)};
}

std::optional<bool> JsonBody::OptionalBool(std::string_view key) const {
  const auto element = impl_->Find(key);
  if (!element) {
    return std::nullopt;
  }
  bool value = false;
  if (element->get_bool().get(value) != simdjson::SUCCESS) {
    ThrowFieldError(key, "must be a boolean");
  }
  return value;
}

std::optional<std::string> JsonBody::OptionalRawJson(std::string_view key) const {
  const auto element = impl_->Find(key);
  if (!element) {
    return std::nullopt;
  }
  return simdjson::minify(*element);
}

}  // namespace shop::http
