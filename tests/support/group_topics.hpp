#pragma once
// Whether deploy/local/kafka/topics.txt creates a consumer group's topics: its handlers' source
// topics, `<group>.retry` and `<group>.dlq` (the local broker creates no topic on its own). For
// services' unit tests of their groups; header-only, needs SHOP_SOURCE_DIR (shop_unit_tests
// defines it) and the consumer runtime (shop_consumer).

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "events/consumer/dead_letter.hpp"
#include "events/consumer/handler_table.hpp"
#include "tests/support/deployed_topics.hpp"

namespace shop::testing {

// The topics `group` with `handlers` needs that topics.txt does not create; empty when all exist.
inline std::vector<std::string> GroupTopicsMissingFromTopicsTxt(
    const std::string& group, const events::consumer::HandlerTable& handlers) {
  std::vector<std::string> needed = handlers.Topics();
  needed.push_back(events::consumer::RetryTopic(group));
  needed.push_back(events::consumer::DeadLetterTopic(group));
  const std::set<std::string> deployed = DeployedTopics();
  std::vector<std::string> missing;
  for (std::string& topic : needed) {
    if (!deployed.contains(topic)) {
      missing.push_back(std::move(topic));
    }
  }
  return missing;
}

}  // namespace shop::testing
