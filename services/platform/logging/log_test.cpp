#include "platform/logging/log.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <stdexcept>

namespace shop::logging {
namespace {

TEST(LogTest, EachEventIsOneJsonLineWithEnvelopeAndFields) {
  Init("catalog", "info");
  ::testing::internal::CaptureStdout();
  Info("order_placed", {{"order_id", 42}, {"event", "ignored"}, {"path", "/x\xff"}});
  Log(spdlog::level::debug, "hidden");
  const std::string out = ::testing::internal::GetCapturedStdout();
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.find('\n'), out.size() - 1);  // exactly one line
  const auto line = nlohmann::json::parse(out);
  EXPECT_EQ(line["level"], "info");
  EXPECT_EQ(line["service"], "catalog");
  EXPECT_EQ(line["event"], "order_placed");  // the envelope wins over a field of the same name
  EXPECT_EQ(line["order_id"], 42);
  EXPECT_TRUE(std::regex_match(line["ts"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  EXPECT_EQ(out.rfind("{\"ts\":", 0), 0u);  // ts comes first
}

TEST(LogTest, UnknownLevelIsRejected) { EXPECT_THROW(Init("x", "verbose"), std::invalid_argument); }

}  // namespace
}  // namespace shop::logging
