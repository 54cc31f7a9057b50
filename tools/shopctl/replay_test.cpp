#include "shopctl/replay.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>

namespace shop::shopctl {
namespace {

std::vector<DlqRecord> DeadLetters(int n) {
  std::vector<DlqRecord> records;
  for (int i = 0; i < n; ++i) {
    records.push_back({.topic = "g.dlq",
                       .partition = 0,
                       .offset = i,
                       .timestamp = {},
                       .key = "k" + std::to_string(i),
                       .value = "{}",
                       .headers = {{"ce_id", std::to_string(i)}}});
  }
  return records;
}

struct FakeBroker {
  std::vector<events::KafkaMessage> sent;
  std::set<std::string> failing_keys;
  SendBatch Sender() {
    return [this](const std::vector<events::KafkaMessage>& batch) {
      std::vector<std::optional<std::string>> results;
      for (const auto& m : batch) {
        if (failing_keys.contains(m.key)) {
          results.emplace_back("broker says no");
        } else {
          sent.push_back(m);
          results.emplace_back(std::nullopt);
        }
      }
      return results;
    };
  }
  std::size_t To(const std::string& topic) const {
    return std::count_if(sent.begin(), sent.end(), [&](const auto& m) { return m.topic == topic; });
  }
};

TEST(Replay, SendsEachSelectedMessageThenLogsIt) {
  FakeBroker broker;
  ReplayLog log("replay-log");
  std::ostringstream out, err;
  const auto summary = Replay(DeadLetters(5), {.group = "g"}, log, broker.Sender(), out, err);
  EXPECT_EQ(summary.sent, 5u);
  EXPECT_EQ(broker.To("g.retry"), 5u);
  EXPECT_EQ(broker.To("replay-log"), 5u);
  EXPECT_TRUE(log.Contains("g.dlq/0/3"));
  EXPECT_EQ(out.str(), "selected 5, sent 5, skipped as already replayed 0, failed 0\n");
}

TEST(Replay, SkipsLoggedOffsetsUnlessForced) {
  FakeBroker broker;
  ReplayLog log("replay-log");
  log.Add("g.dlq/0/1");
  std::ostringstream out, err;
  auto summary = Replay(DeadLetters(3), {.group = "g"}, log, broker.Sender(), out, err);
  EXPECT_EQ(summary.sent, 2u);
  EXPECT_EQ(summary.skipped, 1u);
  summary = Replay(DeadLetters(3), {.group = "g", .force = true}, log, broker.Sender(), out, err);
  EXPECT_EQ(summary.sent, 3u);
  EXPECT_EQ(summary.skipped, 0u);
}

TEST(Replay, DryRunSendsNothingAndPrintsEachMessage) {
  FakeBroker broker;
  ReplayLog log("replay-log");
  std::ostringstream out, err;
  const auto summary =
      Replay(DeadLetters(2), {.group = "g", .dry_run = true}, log, broker.Sender(), out, err);
  EXPECT_TRUE(broker.sent.empty());
  EXPECT_EQ(summary.sent, 2u);
  EXPECT_NE(out.str().find(R"("dlq_replayed_from_offset","1")"), std::string::npos);
  EXPECT_NE(out.str().find("dry run, nothing sent"), std::string::npos);
}

TEST(Replay, AFailedSendIsCountedAndNotLogged) {
  FakeBroker broker;
  broker.failing_keys = {"k1"};
  ReplayLog log("replay-log");
  std::ostringstream out, err;
  const auto summary = Replay(DeadLetters(3), {.group = "g"}, log, broker.Sender(), out, err);
  EXPECT_EQ(summary.failed, 1u);
  EXPECT_EQ(summary.sent, 2u);
  EXPECT_FALSE(log.Contains("g.dlq/0/1"));
  EXPECT_NE(err.str().find("offset 1 not sent"), std::string::npos);
}

}  // namespace
}  // namespace shop::shopctl
