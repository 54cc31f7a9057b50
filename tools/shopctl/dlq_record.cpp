#include "shopctl/dlq_record.hpp"

namespace shop::shopctl {

std::string DlqRecord::Header(std::string_view name) const {
  for (auto it = headers.rbegin(); it != headers.rend(); ++it) {
    if (it->first == name) {
      return it->second;
    }
  }
  return {};
}

}  // namespace shop::shopctl
