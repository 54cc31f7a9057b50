#include "platform/auth/signing_key.hpp"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "platform/auth/base64url.hpp"
#include "platform/auth/es256.hpp"
#include "platform/auth/key_set.hpp"

namespace shop::auth {
namespace {

std::string PemOf(EVP_PKEY* key) {
  const BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

TEST(SigningKey, PublishesItsPublicHalfAsAnEs256Jwk) {
  const SigningKey key = SigningKey::Generate("k1");
  const nlohmann::json jwk = key.PublicJwk();
  EXPECT_EQ(jwk["kty"], "EC");
  EXPECT_EQ(jwk["crv"], "P-256");
  EXPECT_EQ(jwk["alg"], "ES256");
  EXPECT_EQ(jwk["use"], "sig");
  EXPECT_EQ(jwk["kid"], "k1");
  EXPECT_EQ(Base64UrlDecode(jwk["x"].get<std::string>())->size(), 32u);
  EXPECT_EQ(Base64UrlDecode(jwk["y"].get<std::string>())->size(), 32u);
  EXPECT_FALSE(jwk.contains("d"));
}

TEST(SigningKey, SignsWithRawRAndSThatTheKeySetVerifies) {
  const SigningKey key = SigningKey::Generate("k1");
  const std::string signature = key.Sign("header.payload");
  EXPECT_EQ(signature.size(), 64u);
  const KeySet keys = KeySet::FromKeys({&key});
  EXPECT_TRUE(keys.VerifySignature("k1", "header.payload", signature));
  EXPECT_FALSE(keys.VerifySignature("k1", "header.payloaD", signature));
}

TEST(SigningKey, PemRoundTripKeepsTheKey) {
  const SigningKey key = SigningKey::Generate("k1");
  const std::string pem = key.PrivatePem();
  EXPECT_NE(pem.find("BEGIN PRIVATE KEY"), std::string::npos);
  const SigningKey reloaded = SigningKey::FromPrivatePem("k1", pem);
  EXPECT_EQ(reloaded.PublicJwk(), key.PublicJwk());
  const KeySet keys = KeySet::FromKeys({&key});
  EXPECT_TRUE(keys.VerifySignature("k1", "input", reloaded.Sign("input")));
}

TEST(SigningKey, RefusesPemThatIsNotAP256PrivateKey) {
  EXPECT_THROW(SigningKey::FromPrivatePem("k", "not a pem"), std::invalid_argument);
  EXPECT_THROW(SigningKey::FromPrivatePem("", SigningKey::Generate("k").PrivatePem()),
               std::invalid_argument);
  const PkeyPtr p384(EVP_EC_gen("secp384r1"));
  EXPECT_THROW(SigningKey::FromPrivatePem("k", PemOf(p384.get())), std::invalid_argument);
  const PkeyPtr rsa(EVP_RSA_gen(2048));
  try {
    SigningKey::FromPrivatePem("rsa-1", PemOf(rsa.get()));
    FAIL() << "an RSA key was accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("P-256"), std::string::npos) << error.what();
  }
}

TEST(SigningKey, IsMovable) {
  SigningKey key = SigningKey::Generate("k1");
  const SigningKey moved = std::move(key);
  EXPECT_EQ(moved.kid(), "k1");
  EXPECT_EQ(moved.Sign("x").size(), es256::kSignatureSize);
}

}  // namespace
}  // namespace shop::auth
