#include "category/domain/category_rules.hpp"

#include <gtest/gtest.h>

namespace shop::category {
namespace {

TEST(CategoryNameTest, NormalizeTrimsAndCollapsesWhitespace) {
  EXPECT_EQ(NormalizeName("  Home \t  Garden \n"), "Home Garden");
  EXPECT_EQ(NormalizeName("   "), "");
}

TEST(CategoryNameTest, EmptyNameIsRejected) { EXPECT_EQ(NameViolation(""), "must not be empty"); }

TEST(CategoryNameTest, NameLengthCountsCodePointsNotBytes) {
  std::string hundred_umlauts;
  for (int i = 0; i < 100; ++i) {
    hundred_umlauts += "\xC3\xA4";  // ä, two bytes
  }
  EXPECT_EQ(NameViolation(hundred_umlauts), std::nullopt);
  EXPECT_TRUE(NameViolation(hundred_umlauts + "a").has_value());
}

TEST(CategoryNameTest, ControlCharactersAreRejected) {
  EXPECT_EQ(NameViolation(std::string("Bad\x01name")), "must not contain control characters");
}

TEST(CategorySlugTest, SlugIsLowerCaseWithSingleDashes) {
  EXPECT_EQ(Slugify("Home & Garden"), "home-garden");
  EXPECT_EQ(Slugify("  --TV's  "), "tv-s");
  EXPECT_EQ(Slugify("Caf\xC3\xA9 Bar"), "caf\xC3\xA9-bar");
}

TEST(CategoryIdTest, OnlyCanonicalUuidsAreIds) {
  EXPECT_TRUE(IsUuid("0f8fad5b-d9cb-469f-a165-70867728950e"));
  EXPECT_FALSE(IsUuid("0f8fad5b-d9cb-469f-a165-70867728950"));
  EXPECT_FALSE(IsUuid("0f8fad5bxd9cb-469f-a165-70867728950e"));
  EXPECT_FALSE(IsUuid("not-a-uuid"));
}

}  // namespace
}  // namespace shop::category
