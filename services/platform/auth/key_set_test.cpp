#include "platform/auth/key_set.hpp"

#include <gtest/gtest.h>

namespace shop::auth {
namespace {

nlohmann::json RsaJwk() {
  return {{"kty", "RSA"}, {"kid", "rsa-1"}, {"alg", "RS256"}, {"e", "AQAB"}, {"n", "sXch"}};
}

TEST(KeySet, ReadsTheJwksAuthPublishes) {
  const SigningKey first = SigningKey::Generate("2030-01");
  const SigningKey second = SigningKey::Generate("2030-02");
  const nlohmann::json jwks = ToJwks({&first, &second});
  ASSERT_EQ(jwks["keys"].size(), 2u);
  const KeySet keys = KeySet::FromJwks(jwks.dump());
  EXPECT_EQ(keys.Size(), 2u);
  EXPECT_TRUE(keys.Contains("2030-01"));
  EXPECT_TRUE(keys.Contains("2030-02"));
  EXPECT_FALSE(keys.Contains("2030-03"));
  EXPECT_TRUE(keys.VerifySignature("2030-02", "x", second.Sign("x")));
  EXPECT_FALSE(keys.VerifySignature("2030-01", "x", second.Sign("x")));  // pinned by kid
  EXPECT_FALSE(keys.VerifySignature("2030-03", "x", second.Sign("x")));
}

TEST(KeySet, SkipsKeysItCannotUseForEs256) {
  const SigningKey key = SigningKey::Generate("ec-1");
  nlohmann::json no_kid = SigningKey::Generate("x").PublicJwk();
  no_kid.erase("kid");
  nlohmann::json other_alg = SigningKey::Generate("ec-hs").PublicJwk();
  other_alg["alg"] = "HS256";
  nlohmann::json encryption = SigningKey::Generate("ec-enc").PublicJwk();
  encryption["use"] = "enc";
  nlohmann::json off_curve = SigningKey::Generate("ec-bad").PublicJwk();
  off_curve["y"] = off_curve["x"];
  nlohmann::json alg_absent = SigningKey::Generate("ec-2").PublicJwk();
  alg_absent.erase("alg");
  const nlohmann::json jwks = {
      {"keys",
       {RsaJwk(),
        {{"kty", "oct"}, {"kid", "hmac"}, {"k", "c2VjcmV0"}},
        {{"kty", "EC"}, {"crv", "P-384"}, {"kid", "p384"}, {"x", "AA"}, {"y", "AA"}},
        no_kid,
        other_alg,
        encryption,
        off_curve,
        "not an object",
        key.PublicJwk(),
        alg_absent}}};
  const KeySet keys = KeySet::FromJwks(jwks.dump());
  EXPECT_EQ(keys.Kids(), (std::vector<std::string>{"ec-1", "ec-2"}));
}

TEST(KeySet, RefusesADocumentThatIsNotAJwks) {
  EXPECT_THROW(KeySet::FromJwks("not json"), std::invalid_argument);
  EXPECT_THROW(KeySet::FromJwks("[]"), std::invalid_argument);
  EXPECT_THROW(KeySet::FromJwks(R"({"keys":{}})"), std::invalid_argument);
  EXPECT_THROW(KeySet::FromJwks(R"({"kty":"EC"})"), std::invalid_argument);
  EXPECT_EQ(KeySet::FromJwks(R"({"keys":[]})").Size(), 0u);
}

TEST(KeySet, RefusesTwoKeysWithOneKid) {
  const SigningKey a = SigningKey::Generate("same");
  const SigningKey b = SigningKey::Generate("same");
  EXPECT_THROW(KeySet::FromJwks(ToJwks({&a, &b}).dump()), std::invalid_argument);
}

}  // namespace
}  // namespace shop::auth
