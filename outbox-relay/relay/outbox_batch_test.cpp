#include "relay/outbox_batch.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace shop::relay {
namespace {

using Headers = events::KafkaHeaders;

TEST(RelayHeaders, StoredObjectBecomesHeaderPairsInOrder) {
  const Headers headers = HeadersFromJson(
      R"({"ce_id": "0190-ab", "ce_type": "category.updated", "content-type": "application/json"})");
  EXPECT_EQ(headers, (Headers{{"ce_id", "0190-ab"},
                              {"ce_type", "category.updated"},
                              {"content-type", "application/json"}}));
}

TEST(RelayHeaders, NonStringValuesTravelAsJsonText) {
  EXPECT_EQ(HeadersFromJson(R"({"n": 3, "b": true})"), (Headers{{"n", "3"}, {"b", "true"}}));
  EXPECT_TRUE(HeadersFromJson("{}").empty());
}

TEST(RelayHeaders, RejectsTextThatIsNotAJsonObject) {
  EXPECT_THROW(HeadersFromJson("[1,2]"), std::invalid_argument);
  EXPECT_THROW(HeadersFromJson("not json"), std::invalid_argument);
}

OutboxRow Row(std::int64_t id, std::string key, std::optional<std::int64_t> parked_by = {}) {
  return OutboxRow{.id = id,
                   .topic = "t",
                   .key = std::move(key),
                   .payload = "{}",
                   .headers = "{}",
                   .parked_by = parked_by};
}

RowOutcome Delivered() { return {.delivered = true, .park_reason = std::nullopt}; }
RowOutcome Failed() { return {.delivered = false, .park_reason = std::nullopt}; }
RowOutcome Refused(std::string reason) {
  return {.delivered = false, .park_reason = std::move(reason)};
}

TEST(RelayRoundPlan, MarksOnlyRowsWithASuccessfulReport) {
  const std::vector<OutboxRow> batch{Row(1, "a"), Row(2, "b"), Row(3, "c"), Row(4, "d")};
  const RoundPlan plan = PlanRound(batch, {{1, Delivered()}, {2, Failed()}, {4, Delivered()}});
  EXPECT_EQ(plan.marks, (std::vector<std::int64_t>{1, 4}));  // 3 had no report
  EXPECT_TRUE(plan.parks.empty());
}

TEST(RelayRoundPlan, LaterRowsOfAKeyWaitForItsUndeliveredEarlierRow) {
  const std::vector<OutboxRow> batch{Row(10, "a"), Row(11, "b"), Row(12, "a"), Row(13, "b")};
  const RoundPlan plan =
      PlanRound(batch, {{10, Failed()}, {11, Delivered()}, {12, Delivered()}, {13, Delivered()}});
  EXPECT_EQ(plan.marks, (std::vector<std::int64_t>{11, 13}));
}

TEST(RelayRoundPlan, ARefusedRowIsParkedAndTheLaterRowsOfItsKeyAreHeldEvenWhenDelivered) {
  const std::vector<OutboxRow> batch{Row(1, "a"), Row(2, "big"), Row(3, "a"), Row(4, "big"),
                                     Row(5, "big")};
  const RoundPlan plan = PlanRound(batch, {{1, Delivered()},
                                           {2, Refused("Broker: Message size too large")},
                                           {3, Delivered()},
                                           {4, Delivered()}});
  EXPECT_EQ(plan.marks, (std::vector<std::int64_t>{1, 3}));
  ASSERT_EQ(plan.parks.size(), 3u);
  EXPECT_EQ(plan.parks[0], (Parking{.row_id = 2, .reason = "Broker: Message size too large"}));
  EXPECT_TRUE(plan.parks[1].held);
  EXPECT_EQ(plan.parks[1].row_id, 4);
  EXPECT_NE(plan.parks[1].reason.find("row 2 of key big"), std::string::npos)
      << plan.parks[1].reason;
  EXPECT_EQ(plan.parks[2].row_id, 5);
  EXPECT_TRUE(plan.parks[2].held);
}

TEST(RelayRoundPlan, RowsOfAKeyParkedInAnEarlierRoundAreHeldWithoutBeingSent) {
  const std::vector<OutboxRow> batch{Row(7, "k", 3), Row(8, "other"), Row(9, "k", 3)};
  const RoundPlan plan = PlanRound(batch, {{8, Delivered()}});
  EXPECT_EQ(plan.marks, (std::vector<std::int64_t>{8}));
  ASSERT_EQ(plan.parks.size(), 2u);
  EXPECT_NE(plan.parks[0].reason.find("row 3 of key k"), std::string::npos);
  EXPECT_EQ(plan.parks[1].row_id, 9);
}

TEST(RelayRoundPlan, ARowWaitingForAResendIsNotOvertakenByALaterRefusalOfItsKey) {
  const std::vector<OutboxRow> batch{Row(1, "k"), Row(2, "k")};
  const RoundPlan plan = PlanRound(batch, {{1, Failed()}, {2, Refused("too large")}});
  EXPECT_TRUE(plan.marks.empty());
  EXPECT_TRUE(plan.parks.empty()) << "row 2 is judged again after row 1 went out";
}

TEST(RelayMarking, ArraysBecomePostgresArrayLiterals) {
  EXPECT_EQ(TextArrayLiteral({}), "{}");
  EXPECT_EQ(TextArrayLiteral({"a", "b \"c\" \\"}), R"({"a","b \"c\" \\"})");
}

TEST(RelayMarking, IdsBecomeABigintArrayLiteral) {
  EXPECT_EQ(BigintArrayLiteral({}), "{}");
  EXPECT_EQ(BigintArrayLiteral({1, 22, 333}), "{1,22,333}");
}

}  // namespace
}  // namespace shop::relay
