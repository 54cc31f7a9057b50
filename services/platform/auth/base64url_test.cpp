#include "platform/auth/base64url.hpp"

#include <gtest/gtest.h>

namespace shop::auth {
namespace {

TEST(JwtBase64Url, EncodesWithoutPaddingInTheUrlAlphabet) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
}

TEST(JwtBase64Url, DecodesWhatItEncodes) {
  std::string all;
  for (int i = 0; i < 256; ++i) {
    all.push_back(static_cast<char>(i));
  }
  for (std::size_t length = 0; length <= all.size(); length += 37) {
    const std::string bytes = all.substr(0, length);
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(bytes)), bytes);
  }
}

TEST(JwtBase64Url, RefusesPaddingOtherAlphabetsAndNonCanonicalText) {
  EXPECT_FALSE(Base64UrlDecode("Zg=="));    // padding
  EXPECT_FALSE(Base64UrlDecode("+/8"));     // standard base64 alphabet
  EXPECT_FALSE(Base64UrlDecode("Zm9v\n"));  // whitespace
  EXPECT_FALSE(Base64UrlDecode("Zm9 v"));
  EXPECT_FALSE(Base64UrlDecode("Z"));   // a length of 1 mod 4 encodes no whole byte
  EXPECT_FALSE(Base64UrlDecode("Zh"));  // "f" with non-zero unused bits
  EXPECT_EQ(Base64UrlDecode(""), "");
}

}  // namespace
}  // namespace shop::auth
