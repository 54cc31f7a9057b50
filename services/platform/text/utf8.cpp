#include "platform/text/utf8.hpp"

#include <algorithm>

namespace shop::text {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::size_t CodePoints(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !IsContinuation(c); }));
}

std::string_view TruncateUtf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) {
    return text;
  }
  std::size_t end = max_bytes;
  // Step back over continuation bytes so the cut lands before a lead byte.
  while (end > 0 && IsContinuation(text[end])) {
    --end;
  }
  return text.substr(0, end);
}

}  // namespace shop::text
