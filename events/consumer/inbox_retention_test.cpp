#include "events/consumer/inbox_retention.hpp"

#include <gtest/gtest.h>

namespace shop::events::consumer {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;

TEST(InboxRetention, MustOutlastTheDeadLetterTopic) {
  EXPECT_NO_THROW(RequireInboxOutlivesDeadLetters(hours(24 * 30), hours(24 * 14), "g.dlq"));
  EXPECT_THROW(RequireInboxOutlivesDeadLetters(hours(24 * 14), hours(24 * 14), "g.dlq"),
               std::runtime_error);
  EXPECT_THROW(RequireInboxOutlivesDeadLetters(hours(24 * 30), milliseconds::max(), "g.dlq"),
               std::runtime_error);
}

TEST(InboxRetention, TheRefusalNamesBothFiguresAndTheTopic) {
  try {
    RequireInboxOutlivesDeadLetters(hours(24 * 7), hours(24 * 14), "product.category-sync.dlq");
    FAIL() << "no refusal";
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("7.0 days"), std::string::npos) << message;
    EXPECT_NE(message.find("14.0 days"), std::string::npos) << message;
    EXPECT_NE(message.find("product.category-sync.dlq"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace shop::events::consumer
