#include "platform/http/url_decode.hpp"

namespace shop::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) {
        return std::nullopt;
      }
      const int high = HexValue(text[i + 1]);
      const int low = HexValue(text[i + 2]);
      if (high < 0 || low < 0 || (high == 0 && low == 0)) {
        return std::nullopt;
      }
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<DecodedTarget> DecodeTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    return std::nullopt;
  }
  const std::size_t question = target.find('?');
  const std::string_view raw_query =
      question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
  std::optional<std::string> path = PercentDecode(target.substr(0, question), false);
  if (!path) {
    return std::nullopt;
  }
  DecodedTarget decoded{std::move(*path), {}};
  std::string_view rest = raw_query;
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.empty()) {
      continue;
    }
    const std::size_t eq = pair.find('=');
    auto key = PercentDecode(pair.substr(0, eq), true);
    auto value = PercentDecode(
        eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
    if (!key || !value) {
      return std::nullopt;
    }
    decoded.query.emplace(std::move(*key), std::move(*value));
  }
  return decoded;
}

}  // namespace shop::http
