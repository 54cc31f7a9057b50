#include "platform/auth/bearer_auth.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "platform/auth/token_test_support.hpp"
#include "platform/http/problem.hpp"

namespace shop::auth {
namespace {

using namespace shop::auth::testing;  // NOLINT(google-build-using-namespace): test helpers

class AuthenticatorTest : public ::testing::Test {
 protected:
  Authenticator Make(bool auth_up = true) {
    auto fetch = [this, auth_up]() -> std::string {
      if (!auth_up) {
        throw std::runtime_error("connection refused");
      }
      return ToJwks({&key_}).dump();
    };
    return Authenticator(std::make_unique<JwksCache>(fetch),
                         {.issuer = kIssuer, .audience = kAudience}, [] { return kNow; });
  }
  static http::Request WithAuthorization(std::string value) {
    http::Request request;
    request.headers.Set("Authorization", std::move(value));
    return request;
  }
  // The problem Authenticate throws for `request`.
  static http::Problem Refusal(const Authenticator& authenticator, const http::Request& request) {
    try {
      authenticator.Authenticate(request);
    } catch (const http::HttpError& error) {
      return error.problem();
    }
    ADD_FAILURE() << "the request was authenticated";
    return {};
  }

  const SigningKey key_ = SigningKey::Generate("k1");
};

TEST_F(AuthenticatorTest, ReturnsThePrincipalOfAValidBearerToken) {
  const Authenticator authenticator = Make();
  const std::string token = IssueToken(key_, ValidClaims());
  const Principal principal = authenticator.Authenticate(WithAuthorization("Bearer " + token));
  EXPECT_EQ(principal.user_id, "user-42");
  EXPECT_EQ(principal.role, "customer");
  EXPECT_EQ(authenticator.Authenticate(WithAuthorization("bearer " + token)).user_id, "user-42");
}

TEST_F(AuthenticatorTest, MissingHeaderIs401WithABareChallenge) {
  const http::Problem problem = Refusal(Make(), http::Request{});
  EXPECT_EQ(problem.status, 401u);
  EXPECT_EQ(problem.type, "urn:shop:problem:unauthorized");
  EXPECT_EQ(problem.headers.Get("WWW-Authenticate"), "Bearer");
}

TEST_F(AuthenticatorTest, MalformedHeaderIs401InvalidToken) {
  const Authenticator authenticator = Make();
  const std::string token = IssueToken(key_, ValidClaims());
  const std::vector<std::string> values = {
      "Basic dXNlcjpwYXNz",      "Bearer", "Bearer ", "Bearertoken", "Bearer a b", "Token " + token,
      "Bearer \"" + token + "\""};
  for (const std::string& value : values) {
    const http::Problem problem = Refusal(authenticator, WithAuthorization(value));
    EXPECT_EQ(problem.status, 401u) << value;
    EXPECT_EQ(problem.headers.Get("WWW-Authenticate"), "Bearer error=\"invalid_token\"") << value;
  }
}

TEST_F(AuthenticatorTest, RefusedTokenIs401AndTheDetailNeverEchoesIt) {
  TokenClaims claims = ValidClaims();
  claims.expires_at = kNow - std::chrono::minutes(5);
  claims.not_before = kNow - std::chrono::minutes(20);
  const std::string token = IssueToken(key_, claims);
  const http::Problem problem = Refusal(Make(), WithAuthorization("Bearer " + token));
  EXPECT_EQ(problem.status, 401u);
  EXPECT_EQ(problem.detail, "the access token has expired");
  EXPECT_EQ(http::RenderProblemJson(problem).find(token.substr(0, 20)), std::string::npos);
}

TEST_F(AuthenticatorTest, KeysUnavailableIs503NotA401) {
  const std::string token = IssueToken(key_, ValidClaims());
  const http::Problem problem = Refusal(Make(false), WithAuthorization("Bearer " + token));
  EXPECT_EQ(problem.status, 503u);
  EXPECT_TRUE(problem.retry_after_seconds.has_value());
}

TEST_F(AuthenticatorTest, AnUpgradeTakesTheTokenFromTheBearerSubprotocolOrElseAuthorization) {
  const Authenticator authenticator = Make();
  const std::string token = IssueToken(key_, ValidClaims());
  http::Request offered;
  offered.headers.Set("Sec-WebSocket-Protocol", "shop.v1, bearer." + token);
  EXPECT_EQ(authenticator.AuthenticateUpgrade(offered).user_id, "user-42");
  EXPECT_EQ(authenticator.AuthenticateUpgrade(WithAuthorization("Bearer " + token)).user_id,
            "user-42")
      << "the gateway passes the verified token on as Authorization";

  http::Request neither;
  neither.headers.Set("Sec-WebSocket-Protocol", "shop.v1");
  EXPECT_THROW(authenticator.AuthenticateUpgrade(neither), http::HttpError);
}

TEST_F(AuthenticatorTest, AnUpgradeRefusesABadBearerSubprotocolWith401) {
  const Authenticator authenticator = Make();
  TokenClaims expired = ValidClaims();
  expired.expires_at = kNow - std::chrono::minutes(5);
  expired.not_before = kNow - std::chrono::minutes(20);
  const std::string valid = IssueToken(key_, ValidClaims());
  const std::vector<std::string> offers = {
      "shop.v1, bearer." + IssueToken(key_, expired),
      "shop.v1, bearer.",
      "shop.v1, bearer.not a token",
      "shop.v1, bearer." + valid + ", bearer." + valid,
      "shop.v1, bearer." + valid.substr(0, valid.size() - 4),
  };
  for (const std::string& offer : offers) {
    http::Request request;
    request.headers.Set("Sec-WebSocket-Protocol", offer);
    // A valid Authorization does not rescue a bad subprotocol token: the subprotocol is the
    // credential the client chose.
    request.headers.Set("Authorization", "Bearer " + valid);
    try {
      authenticator.AuthenticateUpgrade(request);
      ADD_FAILURE() << "accepted: " << offer;
    } catch (const http::HttpError& error) {
      EXPECT_EQ(error.problem().status, 401u) << offer;
      EXPECT_EQ(http::RenderProblemJson(error.problem()).find(valid.substr(0, 20)),
                std::string::npos);
    }
  }
}

TEST_F(AuthenticatorTest, RequireRoleIs403ForAnotherRole) {
  const Principal customer{.user_id = "user-42", .role = "customer"};
  EXPECT_NO_THROW(RequireRole(customer, {"customer", "admin"}));
  try {
    RequireRole(customer, {"seller", "admin"});
    FAIL() << "a customer passed a seller/admin check";
  } catch (const http::HttpError& error) {
    EXPECT_EQ(error.problem().status, 403u);
    EXPECT_EQ(error.problem().type, "urn:shop:problem:forbidden");
  }
}

TEST(AuthenticatorFromEnv, ReadsTheAuthUrlAndRefusesABadOne) {
  const auto env = [](std::optional<std::string> url) {
    return config::EnvConfig([url](const std::string& name) -> std::optional<std::string> {
      return name == "SHOP_AUTH_URL" ? url : std::nullopt;
    });
  };
  EXPECT_NO_THROW(Authenticator::FromEnv(env(std::nullopt)));  // defaults; fetches nothing yet
  EXPECT_NO_THROW(Authenticator::FromEnv(env("http://auth:8081")));
  EXPECT_NO_THROW(Authenticator::FromEnv(env("http://auth:8081,http://auth-2:8081")));
  EXPECT_THROW(Authenticator::FromEnv(env("https://auth:8081")), config::ConfigError);
  EXPECT_THROW(Authenticator::FromEnv(env("http://auth:8081,https://auth-2:8081")),
               config::ConfigError);
}

}  // namespace
}  // namespace shop::auth
