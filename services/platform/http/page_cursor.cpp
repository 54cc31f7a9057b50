#include "platform/http/page_cursor.hpp"

#include <charconv>

#include "platform/auth/base64url.hpp"
#include "platform/text/uuid.hpp"

namespace shop::http {
namespace {

// The whole of `text` as a decimal number of type T, or nullopt.
template <typename T>
std::optional<T> WholeNumber(std::string_view text) {
  T value{};
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::string EncodeCursor(const PagePosition& last) {
  return auth::Base64UrlEncode(std::to_string(last.created_us) + "." + last.id);
}

std::optional<PagePosition> DecodeCursor(std::string_view cursor) {
  const std::optional<std::string> text = auth::Base64UrlDecode(cursor);
  if (!text) {
    return std::nullopt;
  }
  const std::size_t dot = text->find('.');
  if (dot == std::string::npos) {
    return std::nullopt;
  }
  const std::string_view whole(*text);
  const std::optional<std::int64_t> created_us = WholeNumber<std::int64_t>(whole.substr(0, dot));
  const std::string_view id = whole.substr(dot + 1);
  if (!created_us || !text::IsUuid(id)) {
    return std::nullopt;
  }
  return PagePosition{.created_us = *created_us, .id = std::string(id)};
}

std::optional<int> PageSize(std::optional<std::string_view> limit) {
  if (!limit) {
    return kDefaultPageSize;
  }
  const std::optional<int> size = WholeNumber<int>(*limit);
  if (!size || *size < 1 || *size > kMaxPageSize) {
    return std::nullopt;
  }
  return size;
}

}  // namespace shop::http
