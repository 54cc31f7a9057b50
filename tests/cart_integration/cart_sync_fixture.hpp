#pragma once
// A fresh cart database (migrations applied) and cart.*-sync consumers run on threads against the
// shared Kafka of tests/run, each under a group of its own with its own source, .retry and .dlq
// topics, so tests never see each other's events (shop::testing::ConsumerFixture).

#include <string>

#include "consumer_fixture.hpp"

namespace shop::cart::testing {

inline constexpr std::chrono::seconds kDeadline = ::shop::testing::kConsumerDeadline;

// `prefix` plus the process id, a clock reading and a counter.
inline std::string Unique(const std::string& prefix) { return ::shop::testing::UniqueName(prefix); }

// A CloudEvent of `type` about `subject` with `data` as its JSON data and a fresh ce_id.
inline events::CloudEvent Event(const std::string& type, const std::string& subject,
                                const std::string& data) {
  return ::shop::testing::TestEvent(type, subject, data, "/services/cart-sync-test");
}

// A Kafka record read back from a topic.
using Record = ::shop::testing::KafkaRecord;

class CartSyncFixture : public ::shop::testing::ConsumerFixture {
 protected:
  void SetUp() override;
};

}  // namespace shop::cart::testing
