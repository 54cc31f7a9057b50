#include "shopctl/table.hpp"

#include <algorithm>

#include "platform/text/utf8.hpp"

namespace shop::shopctl {

std::string FormatTable(const TableRow& columns, const std::vector<TableRow>& rows) {
  std::vector<std::size_t> widths(columns.size(), 0);
  const auto measure = [&](const TableRow& row) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  };
  measure(columns);
  std::for_each(rows.begin(), rows.end(), measure);
  std::string out;
  const auto print = [&](const TableRow& row) {
    std::string line;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      const std::string& cell = i < row.size() ? row[i] : std::string();
      line += cell;
      if (i + 1 < widths.size()) {
        line.append(widths[i] - cell.size() + 2, ' ');
      }
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    out += line;
    out += '\n';
  };
  print(columns);
  std::for_each(rows.begin(), rows.end(), print);
  return out;
}

std::string Shorten(std::string_view text, std::size_t max_chars) {
  std::string line;
  for (char c : text) {
    line.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  }
  if (line.size() <= max_chars) {
    return line;
  }
  return std::string(text::TruncateUtf8(line, max_chars >= 3 ? max_chars - 3 : 0)) + "...";
}

}  // namespace shop::shopctl
