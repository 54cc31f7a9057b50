#include "order/domain/live_message.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace shop::order {
namespace {

TimelineRow Confirmed() {
  return {.seq = 42,
          .order_id = "0190a3c4-1b2c-7d3e-8f40-000000000001",
          .at = Time(std::chrono::milliseconds(1'800'000'000'123)),
          .from_status = "paid",
          .to_status = "confirmed",
          .version = 4,
          .cause = "payment.succeeded",
          .detail = "say \"hi\"\n"};
}

TEST(LiveMessageTest, ARowBecomesTheDocumentedMessage) {
  const nlohmann::json message = nlohmann::json::parse(LiveMessageJson(Confirmed()));
  EXPECT_EQ(message, (nlohmann::json{{"type", "order.status"},
                                     {"seq", 42},
                                     {"order_id", "0190a3c4-1b2c-7d3e-8f40-000000000001"},
                                     {"status", "confirmed"},
                                     {"from_status", "paid"},
                                     {"version", 4},
                                     {"cause", "payment.succeeded"},
                                     {"detail", "say \"hi\"\n"},
                                     {"at", "2027-01-15T08:00:00.123Z"}}));
}

TEST(LiveMessageTest, TheCreationHasANullFromStatusAndUnknownStatusesPassThrough) {
  TimelineRow row = Confirmed();
  row.from_status = std::nullopt;
  row.to_status = "out_for_delivery";
  const nlohmann::json message = nlohmann::json::parse(LiveMessageJson(row));
  EXPECT_TRUE(message.at("from_status").is_null());
  EXPECT_EQ(message.at("status"), "out_for_delivery");
}

TEST(LiveMessageTest, AfterIsANonNegativeDecimalSeq) {
  EXPECT_EQ(ParseAfterSeq("0"), 0);
  EXPECT_EQ(ParseAfterSeq("1234"), 1234);
  EXPECT_EQ(ParseAfterSeq("9223372036854775807"), INT64_MAX);
  for (const char* bad :
       {"", "-1", "+1", " 1", "1 ", "1.5", "0x10", "abc", "9223372036854775808", "12a"}) {
    EXPECT_EQ(ParseAfterSeq(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace shop::order
