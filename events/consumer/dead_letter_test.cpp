#include "events/consumer/dead_letter.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace shop::events::consumer {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

std::multimap<std::string, std::string> AsMap(const KafkaHeaders& headers) {
  return {headers.begin(), headers.end()};
}

DeadLetterInfo SampleInfo() {
  const system_clock::time_point epoch{};
  return DeadLetterInfo{.original_topic = "category.updated",
                        .original_partition = 2,
                        .original_offset = 41,
                        .original_timestamp = epoch + milliseconds(1'700'000'000'123),
                        .consumer_group = "product.category-sync",
                        .error_class = ErrorClass::kUnknownType,
                        .error_message = "no handler",
                        .attempts = 3,
                        .first_failed_at = epoch + milliseconds(1'700'000'001'000),
                        .failed_at = epoch + milliseconds(1'700'000'002'000)};
}

TEST(ConsumerDeadLetter, KeepsOriginalHeadersAndAddsEveryDlqHeader) {
  const KafkaHeaders original = {{"ce_id", "abc"}, {"ce_type", "category.updated"}};
  const KafkaHeaders headers = BuildDeadLetterHeaders(original, SampleInfo());
  ASSERT_GE(headers.size(), 2u);
  EXPECT_EQ(headers[0], original[0]);  // original headers first, in order
  EXPECT_EQ(headers[1], original[1]);
  const auto map = AsMap(headers);
  EXPECT_EQ(map.size(), 12u);
  EXPECT_EQ(map.find("dlq_original_topic")->second, "category.updated");
  EXPECT_EQ(map.find("dlq_original_partition")->second, "2");
  EXPECT_EQ(map.find("dlq_original_offset")->second, "41");
  EXPECT_EQ(map.find("dlq_original_timestamp")->second, "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(map.find("dlq_consumer_group")->second, "product.category-sync");
  EXPECT_EQ(map.find("dlq_error_class")->second, "unknown_type");
  EXPECT_EQ(map.find("dlq_error_message")->second, "no handler");
  EXPECT_EQ(map.find("dlq_attempts")->second, "3");
  EXPECT_EQ(map.find("dlq_first_failed_at")->second, "2023-11-14T22:13:21.000Z");
  EXPECT_EQ(map.find("dlq_failed_at")->second, "2023-11-14T22:13:22.000Z");
}

TEST(ConsumerDeadLetter, ReplacesDlqHeadersOfAnEarlierDeadLettering) {
  const KafkaHeaders original = {{"ce_id", "abc"},
                                 {"dlq_attempts", "5"},
                                 {"dlq_error_class", "transient"},
                                 {"dlq_replayed_from", "7"}};
  const auto map = AsMap(BuildDeadLetterHeaders(original, SampleInfo()));
  EXPECT_EQ(map.count("dlq_attempts"), 1u);
  EXPECT_EQ(map.find("dlq_attempts")->second, "3");
  EXPECT_EQ(map.find("dlq_error_class")->second, "unknown_type");
  EXPECT_EQ(map.count("dlq_replayed_from"), 1u);  // headers it does not own pass through
}

TEST(ConsumerDeadLetter, EmptyTimestampWhenTheMessageHadNone) {
  DeadLetterInfo info = SampleInfo();
  info.original_timestamp.reset();
  const auto map = AsMap(BuildDeadLetterHeaders({}, info));
  EXPECT_EQ(map.find("dlq_original_timestamp")->second, "");
}

TEST(ConsumerDeadLetter, ErrorMessageIsBoundedToOneThousandBytes) {
  DeadLetterInfo info = SampleInfo();
  info.error_message = std::string(5000, 'x');
  const auto map = AsMap(BuildDeadLetterHeaders({}, info));
  EXPECT_EQ(map.find("dlq_error_message")->second, std::string(1000, 'x'));
}

TEST(ConsumerDeadLetter, TruncationKeepsShortMessagesWhole) {
  EXPECT_EQ(TruncateErrorMessage("short"), "short");
  EXPECT_EQ(TruncateErrorMessage(std::string(1000, 'a')), std::string(1000, 'a'));
  EXPECT_EQ(TruncateErrorMessage(""), "");
}

TEST(ConsumerDeadLetter, TruncationNeverSplitsAUtf8Sequence) {
  // "é" is two bytes (C3 A9): cutting after 4 bytes of "aaaé" would split it.
  EXPECT_EQ(TruncateErrorMessage("aaa\xC3\xA9zz", 4), "aaa");
  EXPECT_EQ(TruncateErrorMessage("aaa\xC3\xA9zz", 5), "aaa\xC3\xA9");
  // A four-byte sequence (U+1F600) at the boundary is dropped whole.
  EXPECT_EQ(TruncateErrorMessage("a\xF0\x9F\x98\x80", 3), "a");
}

TEST(ConsumerDeadLetter, TopicNamesFollowTheGroup) {
  EXPECT_EQ(DeadLetterTopic("product.category-sync"), "product.category-sync.dlq");
  EXPECT_EQ(RetryTopic("product.category-sync"), "product.category-sync.retry");
}

TEST(ConsumerDeadLetter, ATruncatedDeadLetterKeepsHeadersAndIdentifiesTheValue) {
  const KafkaMessage record{.topic = "g.dlq",
                            .key = "k",
                            .value = "abc",
                            .headers = {{"ce_id", "1"}, {"dlq_error_class", "permanent"}}};
  const KafkaMessage truncated = TruncateDeadLetter(record, "Broker: Message size too large");
  EXPECT_EQ(truncated.topic, "g.dlq");
  EXPECT_EQ(truncated.key, "k");
  EXPECT_TRUE(truncated.value.empty());
  const auto map = AsMap(truncated.headers);
  EXPECT_EQ(map.find("ce_id")->second, "1");
  EXPECT_EQ(map.find("dlq_error_class")->second, "permanent");
  EXPECT_EQ(map.find("dlq_truncated")->second, "true");
  EXPECT_EQ(map.find("dlq_truncated_reason")->second, "Broker: Message size too large");
  EXPECT_EQ(map.find("dlq_original_value_bytes")->second, "3");
  EXPECT_EQ(map.find("dlq_original_value_sha256")->second,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(map.count("dlq_original_headers_bytes"), 0u);
}

TEST(ConsumerDeadLetter, HugeOriginalHeadersAreDroppedFromATruncatedDeadLetter) {
  KafkaMessage record{.topic = "g.dlq", .key = "k", .value = "v", .headers = {}};
  record.headers.emplace_back("huge", std::string(kMaxTruncatedHeaderBytes, 'h'));
  record.headers.emplace_back("dlq_original_offset", "7");
  const auto map = AsMap(TruncateDeadLetter(record, "too large").headers);
  EXPECT_EQ(map.count("huge"), 0u);
  EXPECT_EQ(map.find("dlq_original_offset")->second, "7");
  EXPECT_EQ(map.find("dlq_original_headers_bytes")->second,
            std::to_string(kMaxTruncatedHeaderBytes + 4 + 19 + 1));
}

}  // namespace
}  // namespace shop::events::consumer
