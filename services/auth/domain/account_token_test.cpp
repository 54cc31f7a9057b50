#include "auth/domain/account_token.hpp"

#include <gtest/gtest.h>

#include "platform/text/rfc3339.hpp"

namespace shop::auth_service {
namespace {

using namespace std::chrono_literals;

std::chrono::system_clock::time_point At(const char* rfc3339) {
  return text::ParseRfc3339(rfc3339).value();
}

TEST(PurposeName, NamesTheStoredPurposes) {
  EXPECT_EQ(PurposeName(TokenPurpose::kVerifyEmail), "verify_email");
  EXPECT_EQ(PurposeName(TokenPurpose::kPasswordReset), "password_reset");
}

TEST(AccountTokenLifetimes, VerificationLastsADayAndAResetHalfAnHour) {
  const AccountTokenLifetimes defaults;
  EXPECT_EQ(defaults.Of(TokenPurpose::kVerifyEmail), 24h);
  EXPECT_EQ(defaults.Of(TokenPurpose::kPasswordReset), 30min);
  EXPECT_LE(defaults.verify_email, kMaxTokenLifetime) << "a token must not outlive its topic";
  EXPECT_LE(defaults.password_reset, kMaxTokenLifetime);
}

TEST(ExpiryOf, AddsThePurposesLifetimeToTheIssueTime) {
  const AccountTokenLifetimes lifetimes{.verify_email = 24h, .password_reset = 30min};
  EXPECT_EQ(ExpiryOf(TokenPurpose::kVerifyEmail, At("2026-12-07T10:00:00Z"), lifetimes),
            At("2026-12-08T10:00:00Z"));
  EXPECT_EQ(ExpiryOf(TokenPurpose::kPasswordReset, At("2026-12-07T23:45:00Z"), lifetimes),
            At("2026-12-08T00:15:00Z"));
}

TEST(ExpiryOf, IsWholeSecondsSoTheEventNamesTheStoredInstant) {
  const AccountTokenLifetimes lifetimes{.verify_email = 2s, .password_reset = 1s};
  const auto expiry =
      ExpiryOf(TokenPurpose::kVerifyEmail, At("2026-12-07T10:00:00.999Z"), lifetimes);
  EXPECT_EQ(expiry, At("2026-12-07T10:00:02Z"));
  EXPECT_EQ(text::FormatRfc3339Utc(expiry, text::Rfc3339Precision::kSeconds),
            "2026-12-07T10:00:02Z");
  // Rounded down, never up: a token never lives longer than its lifetime.
  EXPECT_LE(expiry - At("2026-12-07T10:00:00.999Z"), 2s);
}

TEST(AccountTokenTest, AnAddressIsSentResetMailsUpToItsHourlyLimit) {
  EXPECT_TRUE(MaySendResetMail(1, kDefaultResetMailsPerHour));
  EXPECT_TRUE(MaySendResetMail(kDefaultResetMailsPerHour, kDefaultResetMailsPerHour));
  EXPECT_FALSE(MaySendResetMail(kDefaultResetMailsPerHour + 1, kDefaultResetMailsPerHour));
  EXPECT_FALSE(MaySendResetMail(2, 1));
}

}  // namespace
}  // namespace shop::auth_service
