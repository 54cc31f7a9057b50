#pragma once
// UTF-8 lengths and cuts for limits that people read as characters (names, passwords) and for
// truncating text that must stay valid UTF-8 (log fields, dead-letter reasons, table cells).
// Pure. The input is assumed to be valid UTF-8 (the JSON body parser checks it); on invalid input
// the results are well defined but count bytes that are not continuation bytes.

#include <cstddef>
#include <string_view>

namespace shop::text {

// The number of code points: bytes that are not continuation bytes (10xxxxxx).
std::size_t CodePoints(std::string_view text);

// The longest prefix of `text` of at most `max_bytes` bytes that does not end inside a multi-byte
// sequence.
std::string_view TruncateUtf8(std::string_view text, std::size_t max_bytes);

}  // namespace shop::text
