#pragma once
// Typed access to a JSON request body, parsed with simdjson. Handlers never see simdjson types.
//
//   JsonBody body(request);                       // 415 / 400 on a bad body
//   std::string name = body.RequiredString("name");
//   auto parent = body.OptionalNullableInt64("parent_id");  // absent vs null vs value
//
// Errors are HttpError (problem+json via the router):
//   - Content-Type other than application/json or application/*+json -> 415;
//   - empty body, malformed JSON, invalid UTF-8, or a top-level value that is not an object -> 400;
//   - a field of the wrong type, or a missing required field -> 422 naming the field in `detail`
//     and in the `errors` extension: [{"field": "name", "message": "must be a string"}].
// A field that is null is "of the wrong type" for every accessor except the Nullable ones and
// Has/IsNull. Duplicate keys: the first occurrence wins.
// Not thread-safe; one JsonBody per request. Movable, not copyable.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "platform/http/message.hpp"

namespace shop::http {

class JsonBody {
 public:
  explicit JsonBody(const Request& request);
  explicit JsonBody(std::string_view json);  // no Content-Type check
  ~JsonBody();
  JsonBody(JsonBody&&) noexcept;
  JsonBody& operator=(JsonBody&&) noexcept;
  JsonBody(const JsonBody&) = delete;
  JsonBody& operator=(const JsonBody&) = delete;

  bool Has(std::string_view key) const;     // present, null included
  bool IsNull(std::string_view key) const;  // present and null

  std::optional<std::string> OptionalString(std::string_view key) const;
  std::string RequiredString(std::string_view key) const;
  std::optional<std::int64_t> OptionalInt64(std::string_view key) const;
  std::int64_t RequiredInt64(std::string_view key) const;
  // nullopt: absent; an empty inner optional: explicitly null; otherwise the value.
  std::optional<std::optional<std::int64_t>> OptionalNullableInt64(std::string_view key) const;
  std::optional<bool> OptionalBool(std::string_view key) const;
  // The field's value re-serialised as minified JSON (any type, null included), nullopt if absent.
  std::optional<std::string> OptionalRawJson(std::string_view key) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// True for application/json and application/<anything>+json, parameters (charset) ignored.
bool IsJsonContentType(std::string_view content_type);

}  // namespace shop::http
