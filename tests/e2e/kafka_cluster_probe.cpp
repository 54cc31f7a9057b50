#include "kafka_cluster_probe.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <stdexcept>

namespace shop::testing {
namespace {

using std::chrono::seconds;

bool Contains(const std::vector<int>& nodes, int node) {
  return std::find(nodes.begin(), nodes.end(), node) != nodes.end();
}

// Waits, partition by partition, until `holds` is true of it (each within `timeout`), then hands
// its last state and whether it held to `check`; stops early when `check` returns false.
void AwaitEachPartition(
    const PrivateKafka& kafka, const std::vector<std::string>& topics, seconds timeout,
    const std::function<bool(const PrivateKafka::PartitionState&)>& holds,
    const std::function<bool(const std::string&, int, const PrivateKafka::PartitionState&, bool)>&
        check) {
  for (const std::string& topic : topics) {
    for (int partition = 0; partition < kCategoryTopicPartitions; ++partition) {
      PrivateKafka::PartitionState state;
      const bool held = WaitFor(
          [&] {
            state = PartitionOrNone(kafka, topic, partition);
            return holds(state);
          },
          timeout);
      if (!check(topic, partition, state, held)) {
        return;
      }
    }
  }
}

}  // namespace

PrivateKafka::PartitionState PartitionOrNone(const PrivateKafka& kafka, const std::string& topic,
                                             int partition) {
  try {
    return kafka.Partition(topic, partition);
  } catch (const std::runtime_error&) {
    return {};
  }
}

std::string Describe(const PrivateKafka::PartitionState& state) {
  std::string text = "leader " + std::to_string(state.leader) + ", isr";
  for (const int node : state.isr) {
    text += " " + std::to_string(node);
  }
  return text;
}

void ExpectEveryPartitionLed(const PrivateKafka& kafka, const std::vector<std::string>& topics) {
  const auto replicas = static_cast<std::size_t>(std::min(kafka.brokers(), 3));
  std::string failure;
  AwaitEachPartition(
      kafka, topics, seconds(30),
      [](const PrivateKafka::PartitionState& state) { return state.leader > 0; },
      [&](const std::string& topic, int partition, const PrivateKafka::PartitionState& state,
          bool held) {
        const std::string where = topic + "/" + std::to_string(partition);
        if (!held) {
          failure = where + " has no leader: " + Describe(state);
        } else if (state.replicas.size() != replicas) {
          failure = where + " is not replicated to every broker: " + Describe(state);
        }
        return failure.empty();  // a cluster not served: stop at the first such partition
      });
  ASSERT_TRUE(failure.empty()) << failure;
}

int BusiestLeader(const PrivateKafka& kafka, const std::vector<std::string>& topics) {
  std::map<int, int> led;
  for (const std::string& topic : topics) {
    for (int partition = 0; partition < kCategoryTopicPartitions; ++partition) {
      ++led[kafka.Partition(topic, partition).leader];
    }
  }
  int busiest = -1;
  int most = 0;
  for (const auto& [node, count] : led) {
    if (node > 0 && count > most) {
      busiest = node;
      most = count;
    }
  }
  return busiest;
}

void ExpectLeadershipMovedOff(const PrivateKafka& kafka, const std::vector<std::string>& topics,
                              int node) {
  AwaitEachPartition(
      kafka, topics, seconds(60),
      [node](const PrivateKafka::PartitionState& state) {
        return state.leader > 0 && state.leader != node && !Contains(state.isr, node);
      },
      [node](const std::string& topic, int partition, const PrivateKafka::PartitionState& state,
             bool held) {
        EXPECT_TRUE(held) << "no other broker took over " << topic << "/" << partition << " from "
                          << node << ": " << Describe(state);
        return true;
      });
}

void ExpectNodeBackInEveryIsr(const PrivateKafka& kafka, const std::vector<std::string>& topics,
                              int node) {
  const auto replicas = static_cast<std::size_t>(std::min(kafka.brokers(), 3));
  AwaitEachPartition(
      kafka, topics, seconds(120),
      [node, replicas](const PrivateKafka::PartitionState& state) {
        return Contains(state.replicas, node) && Contains(state.isr, node) &&
               state.isr.size() == replicas;
      },
      [node](const std::string& topic, int partition, const PrivateKafka::PartitionState& state,
             bool held) {
        EXPECT_TRUE(held) << "broker " << node << " not back in the ISR of " << topic << "/"
                          << partition << ": " << Describe(state);
        return true;
      });
}

}  // namespace shop::testing
