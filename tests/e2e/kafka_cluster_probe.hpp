#pragma once
// Where the partitions of a PrivateKafka cluster live, as the fault tests check it: leaders,
// replicas and ISRs of the topics a test writes, read from the cluster's metadata (librdkafka).
// Each call opens its own client; the Expect* ones record gtest failures.

#include <string>
#include <vector>

#include "test_support.hpp"

namespace shop::testing {

// Partitions of each category.* topic (deploy/local/kafka/topics.txt).
constexpr int kCategoryTopicPartitions = 3;

// The partition's state, or a leader of -1 when no node answered the metadata request.
PrivateKafka::PartitionState PartitionOrNone(const PrivateKafka& kafka, const std::string& topic,
                                             int partition);
// "leader 2, isr 2 3", for failure messages.
std::string Describe(const PrivateKafka::PartitionState& state);

// Waits until every partition of `topics` has a leader and min(brokers, 3) replicas, so a test
// starts its traffic on a cluster whose topics are served. Fatal failure otherwise.
void ExpectEveryPartitionLed(const PrivateKafka& kafka, const std::vector<std::string>& topics);

// The node that leads the most partitions of `topics` (the lowest id on a tie).
int BusiestLeader(const PrivateKafka& kafka, const std::vector<std::string>& topics);

// Waits until no partition of `topics` is led by `node` and `node` is in none of their ISRs: the
// others took over.
void ExpectLeadershipMovedOff(const PrivateKafka& kafka, const std::vector<std::string>& topics,
                              int node);

// Waits until every partition of `topics` has `node` among its replicas and every replica (the
// cluster's brokers) in sync again: the node restarted and caught up.
void ExpectNodeBackInEveryIsr(const PrivateKafka& kafka, const std::vector<std::string>& topics,
                              int node);

}  // namespace shop::testing
