#include "outbox_batch.hpp"

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

OutboxRow Row(std::int64_t id, std::string key) {
  return OutboxRow{.id = id, .topic = "t", .key = std::move(key), .payload = "{}", .headers = "{}"};
}

TEST(RelayMarking, MarksOnlyRowsWithASuccessfulReport) {
  const std::vector<OutboxRow> batch{Row(1, "a"), Row(2, "b"), Row(3, "c"), Row(4, "d")};
  const std::vector<DeliveryReport> reports{{1, true}, {2, false}, {4, true}};  // 3: no report
  EXPECT_EQ(RowsToMark(batch, reports), (std::vector<std::int64_t>{1, 4}));
}

TEST(RelayMarking, LaterRowsOfAKeyWaitForItsUndeliveredEarlierRow) {
  const std::vector<OutboxRow> batch{Row(10, "a"), Row(11, "b"), Row(12, "a"), Row(13, "b")};
  const std::vector<DeliveryReport> reports{{10, false}, {11, true}, {12, true}, {13, true}};
  EXPECT_EQ(RowsToMark(batch, reports), (std::vector<std::int64_t>{11, 13}));
}

TEST(RelayMarking, AnyGoodReportOfARowCountsAndStrayReportsAreIgnored) {
  const std::vector<OutboxRow> batch{Row(5, "a")};
  EXPECT_EQ(RowsToMark(batch, {{5, false}, {5, true}, {99, true}}), (std::vector<std::int64_t>{5}));
  EXPECT_TRUE(RowsToMark(batch, {}).empty());
}

TEST(RelayMarking, IdsBecomeABigintArrayLiteral) {
  EXPECT_EQ(BigintArrayLiteral({}), "{}");
  EXPECT_EQ(BigintArrayLiteral({1, 22, 333}), "{1,22,333}");
}

}  // namespace
}  // namespace shop::relay
