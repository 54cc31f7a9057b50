#include "auth/domain/user_rules.hpp"

#include <gtest/gtest.h>

namespace shop::auth_service {
namespace {

TEST(NormaliseEmail, TrimsAndLowerCases) {
  EXPECT_EQ(NormaliseEmail("  Ada@Example.COM \t"), "ada@example.com");
  EXPECT_EQ(NormaliseEmail("bob@x.io"), "bob@x.io");
}

TEST(EmailViolation, AcceptsPlainAddresses) {
  EXPECT_EQ(EmailViolation("ada@example.com"), std::nullopt);
  EXPECT_EQ(EmailViolation("a.b+tag@sub.example.org"), std::nullopt);
}

TEST(EmailViolation, RefusesWhatIsNotAnAddress) {
  for (const char* bad :
       {"", "ada", "@example.com", "ada@", "ada@example", "ada@@example.com", "a@b@example.com",
        "ada@.com", "ada@example.", "ad a@example.com", "ada@exa\nmple.com"}) {
    EXPECT_NE(EmailViolation(bad), std::nullopt) << bad;
  }
  EXPECT_NE(EmailViolation(std::string(250, 'a') + "@x.io"), std::nullopt);
}

TEST(PasswordViolation, NeedsTenCharactersCountedAsCodePoints) {
  EXPECT_NE(PasswordViolation("123456789"), std::nullopt);
  EXPECT_EQ(PasswordViolation("1234567890"), std::nullopt);
  // Nine two-byte characters are 18 bytes but still only nine characters.
  EXPECT_NE(PasswordViolation("ééééééééé"), std::nullopt);
  EXPECT_EQ(PasswordViolation("éééééééééé"), std::nullopt);
}

TEST(PasswordViolation, BoundsTheLengthInBytes) {
  EXPECT_EQ(PasswordViolation(std::string(kMaxPasswordLength, 'x')), std::nullopt);
  EXPECT_NE(PasswordViolation(std::string(kMaxPasswordLength + 1, 'x')), std::nullopt);
}

TEST(NameViolation, NeedsOneToAHundredCharacters) {
  EXPECT_EQ(TrimName("  Ada  "), "Ada");
  EXPECT_NE(NameViolation(""), std::nullopt);
  EXPECT_EQ(NameViolation(std::string(100, 'n')), std::nullopt);
  EXPECT_NE(NameViolation(std::string(101, 'n')), std::nullopt);
}

TEST(IsRole, KnowsTheThreeRoles) {
  EXPECT_TRUE(IsRole("customer"));
  EXPECT_TRUE(IsRole("seller"));
  EXPECT_TRUE(IsRole("courier"));
  EXPECT_TRUE(IsRole("admin"));
  EXPECT_FALSE(IsRole("Admin"));
  EXPECT_FALSE(IsRole("root"));
}

}  // namespace
}  // namespace shop::auth_service
