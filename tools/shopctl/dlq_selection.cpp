#include "shopctl/dlq_selection.hpp"

#include <algorithm>

namespace shop::shopctl {

bool Selects(const DlqSelection& selection, const DlqRecord& record) {
  if (selection.offset && record.offset != *selection.offset) {
    return false;
  }
  if (selection.from_offset && record.offset < *selection.from_offset) {
    return false;
  }
  if (selection.to_offset && record.offset > *selection.to_offset) {
    return false;
  }
  // A record without a timestamp cannot be placed in time: a time window excludes it.
  if ((selection.since || selection.until) && !record.timestamp) {
    return false;
  }
  if (selection.since && *record.timestamp < *selection.since) {
    return false;
  }
  if (selection.until && *record.timestamp >= *selection.until) {
    return false;
  }
  if (selection.original_topic && record.OriginalTopic() != *selection.original_topic) {
    return false;
  }
  if (selection.error_class && record.ErrorClass() != *selection.error_class) {
    return false;
  }
  return true;
}

std::vector<DlqRecord> Select(const DlqSelection& selection, std::vector<DlqRecord> records) {
  std::erase_if(records, [&](const DlqRecord& record) { return !Selects(selection, record); });
  return records;
}

}  // namespace shop::shopctl
