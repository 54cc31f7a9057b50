#include "auth/security/opaque_token.hpp"

#include <gtest/gtest.h>

#include <set>

namespace shop::auth_service {
namespace {

TEST(OpaqueToken, IsLongRandomAndUrlSafe) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const NewOpaqueToken made = MakeOpaqueToken();
    EXPECT_EQ(made.token.size(), 43u);  // 32 bytes in base64url without padding
    EXPECT_EQ(made.token.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << made.token;
    EXPECT_TRUE(seen.insert(made.token).second);
  }
}

TEST(OpaqueToken, TheStoredHashIsTheSha256OfTheToken) {
  const NewOpaqueToken made = MakeOpaqueToken();
  EXPECT_EQ(made.hash, HashOpaqueToken(made.token));
  EXPECT_EQ(made.hash.size(), 64u);
  EXPECT_NE(made.hash, HashOpaqueToken(made.token + "x"));
  // A known vector: SHA-256("abc").
  EXPECT_EQ(HashOpaqueToken("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace shop::auth_service
