#pragma once
// Which dead letters a command acts on (dlq list and dlq replay). Every set field must match; an
// empty selection matches every record. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shopctl/dlq_record.hpp"
#include "shopctl/time_arg.hpp"

namespace shop::shopctl {

struct DlqSelection {
  std::optional<std::int64_t> offset{};       // exactly this DLQ offset
  std::optional<std::int64_t> from_offset{};  // inclusive
  std::optional<std::int64_t> to_offset{};    // inclusive
  std::optional<TimePoint> since{};           // dead-lettered at or after (Kafka timestamp)
  std::optional<TimePoint> until{};           // dead-lettered before
  std::optional<std::string> original_topic{};
  std::optional<std::string> error_class{};
};

bool Selects(const DlqSelection& selection, const DlqRecord& record);

std::vector<DlqRecord> Select(const DlqSelection& selection, std::vector<DlqRecord> records);

}  // namespace shop::shopctl
