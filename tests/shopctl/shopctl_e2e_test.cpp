// shopctl against the real Kafka and Postgres of tests/run: a handler fault dead-letters events;
// once the fault is removed, `dlq replay` applies each exactly once, a second replay sends nothing,
// --force is absorbed by the inbox, --dry-run sends nothing, an old event cannot overwrite a newer
// one, a kill -9 mid-replay followed by a rerun still applies each message once, and bad input
// gets one clear sentence and the documented exit code.
#include <signal.h>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sstream>

#include "shopctl_fixture.hpp"

namespace shop::shopctl::testing {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// One sentence on stderr, prefixed "shopctl: ", nothing on stdout.
void ExpectCleanFailure(const ShopctlResult& r, int exit_code, const std::string& part) {
  EXPECT_EQ(r.exit_code, exit_code) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  ASSERT_EQ(Lines(r.err).size(), 1u) << r.err;
  EXPECT_TRUE(r.err.starts_with("shopctl: ")) << r.err;
  EXPECT_TRUE(Contains(r.err, part)) << r.err;
}

class ShopctlDlq : public ShopctlTest {
 protected:
  // Dead-letters `count` valid events (distinct subjects) through the handler fault, then removes
  // the fault.
  void DeadLetterValidEvents(int count) {
    fault_ = true;
    StartConsumer();
    for (int i = 0; i < count; ++i) {
      ASSERT_NO_FATAL_FAILURE(
          Produce(Event("cat-" + std::to_string(i), "name-" + std::to_string(i), 1)));
    }
    ASSERT_TRUE(WaitForDeadLetters(count)) << "dead letters: " << EndOffset(dlq_);
    fault_ = false;
  }
};

TEST_F(ShopctlDlq, ReplayAppliesEveryDeadLetterOnceAndASecondReplaySendsNothing) {
  ASSERT_NO_FATAL_FAILURE(DeadLetterValidEvents(20));
  ASSERT_EQ(Scalar("SELECT count(*) FROM effects"), 0);

  // --dry-run prints what would go and sends nothing.
  const ShopctlResult dry = Shopctl({"dlq", "replay", "--group", group_, "--all", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  const auto dry_lines = Lines(dry.out);
  ASSERT_EQ(dry_lines.size(), 21u) << dry.out;
  const auto first = nlohmann::json::parse(dry_lines[0]);
  EXPECT_EQ(first.at("topic"), retry_);
  EXPECT_EQ(first.at("key"), "cat-0");
  EXPECT_TRUE(Contains(dry_lines.back(), "would send 20")) << dry_lines.back();
  EXPECT_EQ(EndOffset(retry_), 0);

  const ShopctlResult replay = Shopctl({"dlq", "replay", "--group", group_, "--all"});
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  EXPECT_TRUE(Contains(replay.out, "selected 20, sent 20, skipped as already replayed 0, failed 0"))
      << replay.out;
  ASSERT_TRUE(
      shop::testing::WaitFor([&] { return Scalar("SELECT count(*) FROM effects") == 20; }, 60s));
  EXPECT_EQ(Scalar("SELECT count(DISTINCT event_id) FROM effects"), 20);
  EXPECT_EQ(ReplicaName("cat-7"), "name-7");

  const ShopctlResult again = Shopctl({"dlq", "replay", "--group", group_, "--all"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(Contains(again.out, "selected 20, sent 0, skipped as already replayed 20, failed 0"))
      << again.out;
  EXPECT_EQ(EndOffset(retry_), 20);

  const ShopctlResult forced = Shopctl({"dlq", "replay", "--group", group_, "--all", "--force"});
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_TRUE(Contains(forced.out, "sent 20")) << forced.out;
  ASSERT_TRUE(shop::testing::WaitFor([&] { return Messages("duplicate") == 20; }, 60s))
      << Messages("duplicate");
  EXPECT_EQ(Scalar("SELECT count(*) FROM effects"), 20);
}

TEST_F(ShopctlDlq, ListShowAndStatsDescribeTheDeadLetters) {
  ASSERT_NO_FATAL_FAILURE(DeadLetterValidEvents(3));
  ASSERT_NO_FATAL_FAILURE(ProduceRaw("poison", "not json, no headers"));
  ASSERT_TRUE(WaitForDeadLetters(4));

  const ShopctlResult table = Shopctl({"dlq", "list", "--group", group_});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  const auto rows = Lines(table.out);
  ASSERT_EQ(rows.size(), 5u) << table.out;
  EXPECT_TRUE(rows[0].starts_with("OFFSET")) << rows[0];
  EXPECT_TRUE(Contains(rows[1], source_) && Contains(rows[1], "cat-0") &&
              Contains(rows[1], "category.updated") && Contains(rows[1], "permanent"))
      << rows[1];
  EXPECT_TRUE(Contains(rows[4], "poison") && Contains(rows[4], "decode")) << rows[4];

  const ShopctlResult json =
      Shopctl({"dlq", "list", "--group", group_, "--json", "--error-class", "decode"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto json_rows = Lines(json.out);
  ASSERT_EQ(json_rows.size(), 1u) << json.out;
  const auto poison = nlohmann::json::parse(json_rows[0]);
  EXPECT_EQ(poison.at("offset"), 3);
  EXPECT_EQ(poison.at("key"), "poison");
  EXPECT_EQ(poison.at("original_topic"), source_);

  const ShopctlResult limited = Shopctl({"dlq", "list", "--group", group_, "--limit", "2"});
  ASSERT_EQ(Lines(limited.out).size(), 3u) << limited.out;

  const ShopctlResult show = Shopctl({"dlq", "show", "--group", group_, "--offset", "1"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(Contains(show.out, "ce_id: ")) << show.out;
  EXPECT_TRUE(Contains(show.out, "dlq_error_class: permanent")) << show.out;
  EXPECT_TRUE(Contains(show.out, "handler fault injected by the test")) << show.out;
  EXPECT_TRUE(Contains(show.out, "\"name\": \"name-1\"")) << show.out;  // pretty-printed

  const ShopctlResult stats = Shopctl({"dlq", "stats", "--group", group_});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  const auto stat_rows = Lines(stats.out);
  ASSERT_EQ(stat_rows.size(), 4u) << stats.out;  // header, decode, permanent, total
  EXPECT_TRUE(Contains(stat_rows[1], "decode") && Contains(stat_rows[1], " 1 ")) << stats.out;
  EXPECT_TRUE(Contains(stat_rows[2], "permanent") && Contains(stat_rows[2], " 3 ")) << stats.out;
  EXPECT_TRUE(Contains(stat_rows[3], "(all)") && Contains(stat_rows[3], " 4 ")) << stats.out;

  // The consumer commits its offsets every few seconds: wait for the source topic's row.
  ShopctlResult lag;
  EXPECT_TRUE(shop::testing::WaitFor(
      [&] {
        lag = Shopctl({"consumers", "lag", "--group", group_});
        return lag.exit_code == 0 && Contains(lag.out, source_);
      },
      60s))
      << lag.exit_code << " " << lag.out << lag.err;
}

TEST_F(ShopctlDlq, ReplayingAnEventWhoseAggregateMovedOnChangesNothing) {
  fault_ = true;
  StartConsumer();
  const events::CloudEvent old_event = Event("cat-x", "old name", 1);
  ASSERT_NO_FATAL_FAILURE(Produce(old_event));
  ASSERT_TRUE(WaitForDeadLetters(1));
  fault_ = false;
  ASSERT_NO_FATAL_FAILURE(Produce(Event("cat-x", "new name", 2)));
  ASSERT_TRUE(shop::testing::WaitFor([&] { return ReplicaName("cat-x") == "new name"; }, 60s));

  const ShopctlResult replay = Shopctl({"dlq", "replay", "--group", group_, "--offset", "0"});
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  ASSERT_TRUE(shop::testing::WaitFor(
      [&] {
        return Scalar("SELECT count(*) FROM processed_events WHERE event_id::text = '" +
                      old_event.id + "'") == 1;
      },
      60s));
  EXPECT_EQ(ReplicaName("cat-x"), "new name");
}

TEST_F(ShopctlDlq, BadInputGetsOneSentenceAndTheDocumentedExitCode) {
  ExpectCleanFailure(Shopctl({"dlq", "list", "--group", group_, "--bogus"}), 2, "--bogus");
  ExpectCleanFailure(Shopctl({"dlq", "list", "--group", group_, "--since", "yesterday"}), 2,
                     "--since");
  ExpectCleanFailure(Shopctl({"dlq", "replay", "--group", group_, "--all", "--until", "3x"}), 2,
                     "--until");
  ExpectCleanFailure(Shopctl({"dlq", "list", "--group", "no-such-group-" + group_}), 2,
                     "no dead-letter topic no-such-group-" + group_ + ".dlq");
  ExpectCleanFailure(Shopctl({"dlq", "replay", "--group", group_}), 2, "choose exactly one");
  const std::string closed = "127.0.0.1:" + std::to_string(shop::testing::FreePort());
  ExpectCleanFailure(Shopctl({"dlq", "replay", "--group", group_, "--all", "--timeout", "2"},
                             {{"SHOP_KAFKA_BOOTSTRAP", closed}}),
                     3, "cannot reach the Kafka broker");
  ExpectCleanFailure(
      Shopctl({"dlq", "list", "--group", group_, "--bootstrap", closed, "--timeout", "2"}), 3,
      closed);
  EXPECT_EQ(EndOffset(retry_), 0);
}

TEST_F(ShopctlDlq, KillDuringALongReplayThenRerunAppliesEveryMessageOnce) {
  constexpr int kCount = 1000;
  ASSERT_NO_FATAL_FAILURE(DeadLetterValidEvents(kCount));

  auto child = StartShopctl({"dlq", "replay", "--group", group_, "--all", "--rate", "200/s"});
  ASSERT_TRUE(shop::testing::WaitFor([&] { return EndOffset(retry_) >= 50; }, 60s));
  child.Signal(SIGKILL);
  ASSERT_EQ(child.Wait(10s), 128 + SIGKILL);
  const std::int64_t sent_before_kill = EndOffset(retry_);
  ASSERT_LT(sent_before_kill, kCount) << "the replay finished before the kill";

  const ShopctlResult rerun = Shopctl({"dlq", "replay", "--group", group_, "--all"});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_TRUE(Contains(rerun.out, "failed 0")) << rerun.out;
  // What the killed run logged is skipped: at most the one message in flight is sent again.
  const std::string skipped_text = "skipped as already replayed ";
  const std::size_t at = rerun.out.find(skipped_text);
  ASSERT_NE(at, std::string::npos) << rerun.out;
  EXPECT_GE(std::stoll(rerun.out.substr(at + skipped_text.size())), sent_before_kill - 1)
      << rerun.out;
  ASSERT_TRUE(shop::testing::WaitFor(
      [&] { return Scalar("SELECT count(*) FROM effects") >= kCount; }, 120s))
      << Scalar("SELECT count(*) FROM effects");
  // Every event applied exactly once, whatever the kill left unlogged.
  EXPECT_EQ(Scalar("SELECT count(*) FROM effects"), kCount);
  EXPECT_EQ(Scalar("SELECT count(DISTINCT event_id) FROM effects"), kCount);
  EXPECT_GE(EndOffset(retry_), kCount);
}

}  // namespace
}  // namespace shop::shopctl::testing
