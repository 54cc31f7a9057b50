#include "platform/auth/token_verifier.hpp"

#include <gtest/gtest.h>

#include "platform/auth/es256.hpp"
#include "platform/auth/token_test_support.hpp"

namespace shop::auth {
namespace {

using namespace shop::auth::testing;  // NOLINT(google-build-using-namespace): test helpers

class TokenVerifier : public ::testing::Test {
 protected:
  VerifyResult Verify(std::string_view token, TimePoint now = kNow) const {
    return VerifyToken(token, keys_, options_, now);
  }
  // The failure of `token`, or nullopt when it is accepted.
  std::optional<VerifyFailure> Failure(std::string_view token, TimePoint now = kNow) const {
    const VerifyResult result = Verify(token, now);
    if (const auto* failure = std::get_if<VerifyFailure>(&result)) {
      return *failure;
    }
    return std::nullopt;
  }
  std::string Signed(const nlohmann::json& payload) const {
    return SignedToken(key_, Es256Header("k1"), payload);
  }

  const SigningKey key_ = SigningKey::Generate("k1");
  const KeySet keys_ = KeySet::FromKeys({&key_});
  const VerifyOptions options_{.issuer = kIssuer, .audience = kAudience};
};

TEST_F(TokenVerifier, AcceptsAnIssuedTokenAndReturnsItsClaims) {
  const TokenClaims issued = ValidClaims();
  const VerifyResult result = Verify(IssueToken(key_, issued));
  const auto* claims = std::get_if<TokenClaims>(&result);
  ASSERT_NE(claims, nullptr) << VerifyFailureName(std::get<VerifyFailure>(result));
  EXPECT_EQ(claims->subject, issued.subject);
  EXPECT_EQ(claims->role, issued.role);
  EXPECT_EQ(claims->issuer, issued.issuer);
  EXPECT_EQ(claims->audience, issued.audience);
  EXPECT_EQ(claims->token_id, issued.token_id);
  EXPECT_EQ(claims->issued_at, issued.issued_at);
  EXPECT_EQ(claims->not_before, issued.not_before);
  EXPECT_EQ(claims->expires_at, issued.expires_at);
}

TEST_F(TokenVerifier, IssuedTokenHasTheAgreedHeaderAndClaims) {
  const std::string token = IssueToken(key_, ValidClaims());
  const std::size_t dot = token.find('.');
  const auto header = nlohmann::json::parse(*Base64UrlDecode(token.substr(0, dot)));
  EXPECT_EQ(header, Es256Header("k1"));
  const std::string rest = token.substr(dot + 1);
  const auto payload = nlohmann::json::parse(*Base64UrlDecode(rest.substr(0, rest.find('.'))));
  EXPECT_EQ(payload, ValidPayload());
}

TEST_F(TokenVerifier, RefusesAlgNone) {
  nlohmann::json header = Es256Header("k1");
  header["alg"] = "none";
  const std::string input = SigningInput(header, ValidPayload());
  EXPECT_EQ(Failure(input + "."), VerifyFailure::kMalformed);  // empty signature
  EXPECT_EQ(Failure(input + ".AAAA"), VerifyFailure::kUnsupportedAlgorithm);
  header["alg"] = "None";
  EXPECT_EQ(Failure(SigningInput(header, ValidPayload()) + ".AAAA"),
            VerifyFailure::kUnsupportedAlgorithm);
}

TEST_F(TokenVerifier, RefusesHs256SignedWithThePublicKeyPem) {
  nlohmann::json header = Es256Header("k1");
  header["alg"] = "HS256";
  EXPECT_EQ(Failure(Hs256Token(PublicPem(key_), header, ValidPayload())),
            VerifyFailure::kUnsupportedAlgorithm);
}

TEST_F(TokenVerifier, RefusesHs256SignedWithThePublicJwk) {
  nlohmann::json header = Es256Header("k1");
  header["alg"] = "HS256";
  EXPECT_EQ(Failure(Hs256Token(key_.PublicJwk().dump(), header, ValidPayload())),
            VerifyFailure::kUnsupportedAlgorithm);
}

TEST_F(TokenVerifier, RefusesOtherAlgorithmsAndAMissingAlg) {
  for (const char* alg : {"RS256", "ES384", "PS256", "es256"}) {
    nlohmann::json header = Es256Header("k1");
    header["alg"] = alg;
    EXPECT_EQ(Failure(SignedToken(key_, header, ValidPayload())),
              VerifyFailure::kUnsupportedAlgorithm)
        << alg;
  }
  nlohmann::json header = Es256Header("k1");
  header.erase("alg");
  EXPECT_EQ(Failure(SignedToken(key_, header, ValidPayload())),
            VerifyFailure::kUnsupportedAlgorithm);
}

TEST_F(TokenVerifier, ExpiredBeyondTheLeewayIsRefusedWithinItAccepted) {
  const std::string token = IssueToken(key_, ValidClaims());
  const TimePoint exp = kNow + std::chrono::minutes(15);
  EXPECT_EQ(Failure(token, exp), std::nullopt);
  EXPECT_EQ(Failure(token, exp + seconds(59)), std::nullopt);
  EXPECT_EQ(Failure(token, exp + seconds(60)), std::nullopt);
  EXPECT_EQ(Failure(token, exp + seconds(61)), VerifyFailure::kExpired);
  EXPECT_EQ(Failure(token, TimePoint{} + std::chrono::hours(24 * 365 * 100)),
            VerifyFailure::kExpired);
}

TEST_F(TokenVerifier, NotYetValidBeyondTheLeewayIsRefused) {
  nlohmann::json payload = ValidPayload();
  payload["nbf"] = Seconds(kNow + seconds(61));
  EXPECT_EQ(Failure(Signed(payload)), VerifyFailure::kNotYetValid);
  payload["nbf"] = Seconds(kNow + seconds(30));
  EXPECT_EQ(Failure(Signed(payload)), std::nullopt);
  payload = ValidPayload();
  payload["iat"] = Seconds(kNow + seconds(120));  // issued in the future
  EXPECT_EQ(Failure(Signed(payload)), VerifyFailure::kNotYetValid);
}

TEST_F(TokenVerifier, RefusesAnotherIssuer) {
  TokenClaims claims = ValidClaims();
  claims.issuer = "evil-auth";
  EXPECT_EQ(Failure(IssueToken(key_, claims)), VerifyFailure::kWrongIssuer);
  claims.issuer = "shop-auth ";
  EXPECT_EQ(Failure(IssueToken(key_, claims)), VerifyFailure::kWrongIssuer);
}

TEST_F(TokenVerifier, RefusesAnotherAudience) {
  TokenClaims claims = ValidClaims();
  claims.audience = "shop-admin";
  EXPECT_EQ(Failure(IssueToken(key_, claims)), VerifyFailure::kWrongAudience);
  nlohmann::json payload = ValidPayload();
  payload["aud"] = {"billing", "shopping"};
  EXPECT_EQ(Failure(Signed(payload)), VerifyFailure::kWrongAudience);
}

TEST_F(TokenVerifier, AcceptsAnAudienceArrayContainingTheAudience) {
  nlohmann::json payload = ValidPayload();
  payload["aud"] = {"billing", kAudience};
  const VerifyResult result = Verify(Signed(payload));
  ASSERT_TRUE(std::holds_alternative<TokenClaims>(result));
  EXPECT_EQ(std::get<TokenClaims>(result).audience, kAudience);
}

TEST_F(TokenVerifier, UnknownKidIsItsOwnFailure) {
  const SigningKey other = SigningKey::Generate("k2");
  EXPECT_EQ(Failure(IssueToken(other, ValidClaims())), VerifyFailure::kUnknownKey);
}

TEST_F(TokenVerifier, AnotherKeyClaimingAKnownKidHasABadSignature) {
  const SigningKey impostor = SigningKey::Generate("k1");
  EXPECT_EQ(Failure(IssueToken(impostor, ValidClaims())), VerifyFailure::kBadSignature);
}

TEST_F(TokenVerifier, RefusesAPayloadTamperedAfterSigning) {
  const std::string token = IssueToken(key_, ValidClaims());
  const std::size_t first = token.find('.');
  const std::size_t second = token.rfind('.');
  nlohmann::json payload = ValidPayload();
  payload["role"] = "admin";
  const std::string forged =
      token.substr(0, first + 1) + Base64UrlEncode(payload.dump()) + token.substr(second);
  EXPECT_EQ(Failure(forged), VerifyFailure::kBadSignature);
}

TEST_F(TokenVerifier, RefusesTruncatedTokensAndExtraParts) {
  const std::string token = IssueToken(key_, ValidClaims());
  EXPECT_NE(Failure(token.substr(0, token.size() - 1)), std::nullopt);
  const std::size_t dot = token.rfind('.');
  const std::string short_signature = Base64UrlDecode(token.substr(dot + 1))->substr(0, 60);
  EXPECT_EQ(Failure(token.substr(0, dot + 1) + Base64UrlEncode(short_signature)),
            VerifyFailure::kBadSignature);
  EXPECT_EQ(Failure(token.substr(0, token.rfind('.'))), VerifyFailure::kMalformed);
  EXPECT_EQ(Failure(token.substr(0, token.find('.'))), VerifyFailure::kMalformed);
  EXPECT_EQ(Failure(""), VerifyFailure::kMalformed);
  EXPECT_EQ(Failure(".."), VerifyFailure::kMalformed);
  EXPECT_EQ(Failure(token + "."), VerifyFailure::kMalformed);
  EXPECT_EQ(Failure(token + ".AAAA"), VerifyFailure::kMalformed);
  EXPECT_EQ(Failure(token.substr(0, token.find('.') + 1) + "." + token.substr(token.find('.') + 1)),
            VerifyFailure::kMalformed);
}

TEST_F(TokenVerifier, RefusesBadBase64Url) {
  const std::string token = IssueToken(key_, ValidClaims());
  EXPECT_EQ(Failure(token + "="), VerifyFailure::kMalformed);
  EXPECT_EQ(Failure("+" + token.substr(1)), VerifyFailure::kMalformed);
  std::string with_slash = token;
  with_slash[token.size() - 2] = '/';
  EXPECT_EQ(Failure(with_slash), VerifyFailure::kMalformed);
  EXPECT_EQ(Failure(" " + token), VerifyFailure::kMalformed);
}

TEST_F(TokenVerifier, RefusesADerSignature) {
  const std::string token = IssueToken(key_, ValidClaims());
  const std::size_t dot = token.rfind('.');
  const auto der = es256::RawToDer(*Base64UrlDecode(token.substr(dot + 1)));
  ASSERT_TRUE(der);
  EXPECT_EQ(Failure(token.substr(0, dot + 1) + Base64UrlEncode(*der)),
            VerifyFailure::kBadSignature);
}

TEST_F(TokenVerifier, RefusesMissingOrMistypedClaims) {
  for (const char* claim : {"exp", "sub", "role", "iss", "aud"}) {
    nlohmann::json payload = ValidPayload();
    payload.erase(claim);
    EXPECT_EQ(Failure(Signed(payload)), VerifyFailure::kMissingClaim) << claim;
  }
  nlohmann::json payload = ValidPayload();
  payload["sub"] = "";
  EXPECT_EQ(Failure(Signed(payload)), VerifyFailure::kMissingClaim);
  const std::vector<std::pair<const char*, nlohmann::json>> mistyped = {{"role", 1},
                                                                        {"sub", nullptr},
                                                                        {"exp", "2030"},
                                                                        {"exp", 1.9e9},
                                                                        {"exp", -1},
                                                                        {"exp", 1ULL << 63},
                                                                        {"exp", 99999999999},
                                                                        {"nbf", true},
                                                                        {"aud", {{"k", "v"}}},
                                                                        {"aud", {kAudience, 1}},
                                                                        {"jti", 7}};
  for (const auto& [claim, value] : mistyped) {
    payload = ValidPayload();
    payload[claim] = value;
    EXPECT_EQ(Failure(Signed(payload)), VerifyFailure::kMalformed) << claim << " " << value;
  }
  EXPECT_EQ(Failure(SignedToken(key_, Es256Header("k1"), {1, 2})), VerifyFailure::kMalformed);
}

TEST_F(TokenVerifier, RefusesAHeaderWithoutKidOrWithCrit) {
  nlohmann::json header = Es256Header("k1");
  header.erase("kid");
  EXPECT_EQ(Failure(SignedToken(key_, header, ValidPayload())), VerifyFailure::kMalformed);
  header = Es256Header("k1");
  header["crit"] = {"exp"};
  EXPECT_EQ(Failure(SignedToken(key_, header, ValidPayload())), VerifyFailure::kMalformed);
}

TEST_F(TokenVerifier, OptionalClaimsMayBeAbsent) {
  nlohmann::json payload = ValidPayload();
  payload.erase("iat");
  payload.erase("nbf");
  payload.erase("jti");
  const VerifyResult result = Verify(Signed(payload));
  ASSERT_TRUE(std::holds_alternative<TokenClaims>(result));
  EXPECT_EQ(std::get<TokenClaims>(result).token_id, "");
}

TEST_F(TokenVerifier, RefusesAnOversizedToken) {
  nlohmann::json payload = ValidPayload();
  payload["padding"] = std::string(9000, 'a');
  EXPECT_EQ(Failure(Signed(payload)), VerifyFailure::kMalformed);
}

TEST(TokenVerifierOptions, RequireAnIssuerAndAnAudience) {
  const SigningKey key = SigningKey::Generate("k1");
  const KeySet keys = KeySet::FromKeys({&key});
  const std::string token = IssueToken(key, ValidClaims());
  EXPECT_THROW(VerifyToken(token, keys, {.issuer = "", .audience = kAudience}, kNow),
               std::invalid_argument);
  EXPECT_THROW(VerifyToken(token, keys, {.issuer = kIssuer, .audience = ""}, kNow),
               std::invalid_argument);
}

TEST(TokenVerifierNames, NameEveryFailure) {
  EXPECT_EQ(VerifyFailureName(VerifyFailure::kMalformed), "malformed");
  EXPECT_EQ(VerifyFailureName(VerifyFailure::kUnknownKey), "unknown_key");
  EXPECT_EQ(VerifyFailureName(VerifyFailure::kKeysUnavailable), "keys_unavailable");
}

}  // namespace
}  // namespace shop::auth
