#pragma once
// `consumers lag`: committed offset, end offset and lag per partition of every consumer group (or
// one), from the broker's admin API (ListConsumerGroups, ListConsumerGroupOffsets) and watermarks.

#include <optional>
#include <ostream>
#include <string>

#include "shopctl/kafka_client.hpp"

namespace shop::shopctl {

int ConsumersLag(const KafkaSettings& kafka, const std::optional<std::string>& group, bool json,
                 std::ostream& out);

}  // namespace shop::shopctl
