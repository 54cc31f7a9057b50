#pragma once
// Test helpers: tokens built by hand, so tests can forge what IssueToken would never write.

#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "platform/auth/base64url.hpp"
#include "platform/auth/jwt.hpp"
#include "platform/auth/signing_key.hpp"

namespace shop::auth::testing {

using std::chrono::seconds;
using TimePoint = std::chrono::system_clock::time_point;

inline const TimePoint kNow{seconds(1'900'000'000)};  // 2030-03-17
inline constexpr const char* kIssuer = "shop-auth";
inline constexpr const char* kAudience = "shop";

inline TokenClaims ValidClaims(TimePoint now = kNow) {
  return {.subject = "user-42",
          .role = "customer",
          .issuer = kIssuer,
          .audience = kAudience,
          .token_id = "jti-1",
          .issued_at = now,
          .not_before = now,
          .expires_at = now + std::chrono::minutes(15)};
}

inline std::int64_t Seconds(TimePoint time) {
  return std::chrono::duration_cast<seconds>(time.time_since_epoch()).count();
}

// The payload IssueToken writes for ValidClaims(now).
inline nlohmann::json ValidPayload(TimePoint now = kNow) {
  return {{"sub", "user-42"},
          {"role", "customer"},
          {"iss", kIssuer},
          {"aud", kAudience},
          {"iat", Seconds(now)},
          {"nbf", Seconds(now)},
          {"exp", Seconds(now + std::chrono::minutes(15))},
          {"jti", "jti-1"}};
}

inline nlohmann::json Es256Header(const std::string& kid) {
  return {{"alg", "ES256"}, {"typ", "JWT"}, {"kid", kid}};
}

inline std::string SigningInput(const nlohmann::json& header, const nlohmann::json& payload) {
  return Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(payload.dump());
}

// An ES256 token with any header and payload, signed by `key`.
inline std::string SignedToken(const SigningKey& key, const nlohmann::json& header,
                               const nlohmann::json& payload) {
  const std::string input = SigningInput(header, payload);
  return input + "." + Base64UrlEncode(key.Sign(input));
}

// An HS256 token whose HMAC secret is `secret` (the key-confusion attack uses public material).
inline std::string Hs256Token(const std::string& secret, const nlohmann::json& header,
                              const nlohmann::json& payload) {
  const std::string input = SigningInput(header, payload);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &length);
  return input + "." + Base64UrlEncode(std::string(reinterpret_cast<char*>(mac), length));
}

// The public key of `key` as a "BEGIN PUBLIC KEY" PEM, what an attacker can read.
inline std::string PublicPem(const SigningKey& key) {
  const std::string private_pem = key.PrivatePem();
  const BioPtr in(BIO_new_mem_buf(private_pem.data(), static_cast<int>(private_pem.size())));
  const PkeyPtr pkey(PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr));
  const BioPtr out(BIO_new(BIO_s_mem()));
  PEM_write_bio_PUBKEY(out.get(), pkey.get());
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace shop::auth::testing
