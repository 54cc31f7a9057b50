#include "shopctl/replay_message.hpp"

#include <gtest/gtest.h>

namespace shop::shopctl {
namespace {

DlqRecord DeadLetter() {
  return DlqRecord{.topic = "g.dlq",
                   .partition = 0,
                   .offset = 42,
                   .timestamp = {},
                   .key = "cat-1",
                   .value = R"({"name":"x"})",
                   .headers = {{"ce_id", "id-1"},
                               {"dlq_replayed_from_offset", "7"},
                               {"ce_type", "category.updated"},
                               {"dlq_original_topic", "category.updated"},
                               {"dlq_error_class", "permanent"},
                               {"traceparent", "00-abc"}}};
}

TEST(ReplayMessage, KeepsOriginalHeadersInOrderAndReplacesTheReplayMark) {
  const events::KafkaHeaders expected = {{"ce_id", "id-1"},
                                         {"ce_type", "category.updated"},
                                         {"traceparent", "00-abc"},
                                         {"dlq_replayed_from_offset", "42"}};
  EXPECT_EQ(ReplayHeaders(DeadLetter().headers, 42), expected);
}

TEST(ReplayMessage, GoesToTheRetryTopicByDefaultWithKeyAndValueIntact) {
  const auto message = ReplayMessage(DeadLetter(), ReplayTarget::kRetry, "g");
  ASSERT_TRUE(message);
  EXPECT_EQ(message->topic, "g.retry");
  EXPECT_EQ(message->key, "cat-1");
  EXPECT_EQ(message->value, R"({"name":"x"})");
}

TEST(ReplayMessage, GoesToTheOriginalTopicWhenAskedAndKnown) {
  EXPECT_EQ(ReplayMessage(DeadLetter(), ReplayTarget::kOriginal, "g")->topic, "category.updated");
  DlqRecord anonymous = DeadLetter();
  anonymous.headers = {{"ce_id", "id-1"}};
  EXPECT_FALSE(ReplayMessage(anonymous, ReplayTarget::kOriginal, "g"));
}

TEST(ReplayMessage, LogKeyNamesTopicPartitionAndOffset) {
  EXPECT_EQ(ReplayLogKey("g.dlq", 0, 42), "g.dlq/0/42");
}

}  // namespace
}  // namespace shop::shopctl
