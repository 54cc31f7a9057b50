#pragma once
// Plain-text tables for a terminal: a header row, columns padded to their widest cell, two spaces
// between columns, no trailing spaces. Pure.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace shop::shopctl {

using TableRow = std::vector<std::string>;

std::string FormatTable(const TableRow& columns, const std::vector<TableRow>& rows);

// `text` on one line (newlines and tabs as spaces), cut to `max_chars` bytes with "..." when
// longer (never inside a UTF-8 sequence).
std::string Shorten(std::string_view text, std::size_t max_chars);

}  // namespace shop::shopctl
