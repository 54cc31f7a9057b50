#include "kafka_cluster_probe.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <stdexcept>

namespace shop::testing {
namespace {

using std::chrono::seconds;

bool Contains(const std::vector<int>& nodes, int node) {
  return std::find(nodes.begin(), nodes.end(), node) != nodes.end();
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
  for (const std::string& topic : topics) {
    for (int partition = 0; partition < kCategoryTopicPartitions; ++partition) {
      PrivateKafka::PartitionState state;
      ASSERT_TRUE(WaitFor(
          [&] {
            state = PartitionOrNone(kafka, topic, partition);
            return state.leader > 0;
          },
          seconds(30)))
          << topic << "/" << partition << " has no leader: " << Describe(state);
      ASSERT_EQ(state.replicas.size(), replicas)
          << topic << "/" << partition << " is not replicated to every broker";
    }
  }
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
  for (const std::string& topic : topics) {
    for (int partition = 0; partition < kCategoryTopicPartitions; ++partition) {
      PrivateKafka::PartitionState state;
      EXPECT_TRUE(WaitFor(
          [&] {
            state = PartitionOrNone(kafka, topic, partition);
            return state.leader > 0 && state.leader != node && !Contains(state.isr, node);
          },
          seconds(60)))
          << "no other broker took over " << topic << "/" << partition << " from " << node << ": "
          << Describe(state);
    }
  }
}

void ExpectNodeBackInEveryIsr(const PrivateKafka& kafka, const std::vector<std::string>& topics,
                              int node) {
  const auto replicas = static_cast<std::size_t>(std::min(kafka.brokers(), 3));
  for (const std::string& topic : topics) {
    for (int partition = 0; partition < kCategoryTopicPartitions; ++partition) {
      PrivateKafka::PartitionState state;
      EXPECT_TRUE(WaitFor(
          [&] {
            state = PartitionOrNone(kafka, topic, partition);
            return Contains(state.replicas, node) && Contains(state.isr, node) &&
                   state.isr.size() == replicas;
          },
          seconds(120)))
          << "broker " << node << " not back in the ISR of " << topic << "/" << partition << ": "
          << Describe(state);
    }
  }
}

}  // namespace shop::testing
