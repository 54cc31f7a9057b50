#include "auth/security/refresh_token.hpp"

#include <gtest/gtest.h>

#include <set>

namespace shop::auth_service {
namespace {

TEST(RefreshToken, IsLongRandomAndUrlSafe) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const NewRefreshToken made = MakeRefreshToken();
    EXPECT_EQ(made.token.size(), 43u);  // 32 bytes in base64url without padding
    EXPECT_EQ(made.token.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << made.token;
    EXPECT_TRUE(seen.insert(made.token).second);
  }
}

TEST(RefreshToken, TheStoredHashIsTheSha256OfTheToken) {
  const NewRefreshToken made = MakeRefreshToken();
  EXPECT_EQ(made.hash, HashRefreshToken(made.token));
  EXPECT_EQ(made.hash.size(), 64u);
  EXPECT_NE(made.hash, HashRefreshToken(made.token + "x"));
  // A known vector: SHA-256("abc").
  EXPECT_EQ(HashRefreshToken("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace shop::auth_service
