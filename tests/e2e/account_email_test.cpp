// Account e-mails through the gateway (issue 13, decision 0034): registration e-mails a
// verification token that verifies the address once; a forgotten password is reset once with the
// e-mailed token, which ends every session; an unknown address gets the same answer and no
// e-mail. The tokens are read back from Kafka, as notification-service receives them, and are
// never found in the logs nor kept by auth-service in clear.
#include <chrono>

#include "account_email_system.hpp"
#include "platform/text/rfc3339.hpp"

namespace shop::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kVerificationTopic = "user.verification_requested";
constexpr const char* kResetTopic = "user.password_reset_requested";
// base64url of 32 bytes, as a real token, but never issued.
constexpr const char* kNeverIssued = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

// The token's event is valid under its schema and names its user, address and a future expiry.
void ExpectAnAccountEmailEvent(const CapturedEvent& event, const std::string& type,
                               const AccountEmailTest::Account& account,
                               std::chrono::seconds lifetime) {
  EXPECT_EQ(event.type, type);
  const auto [status, output] = ValidateEventData(type, event.data);
  EXPECT_EQ(status, 0) << output;
  EXPECT_NE(output.find("validated 1 events, 0 problems"), std::string::npos) << output;
  const nlohmann::json data = nlohmann::json::parse(event.data);
  EXPECT_EQ(data.at("user_id"), account.id);
  EXPECT_EQ(data.at("email"), account.email);
  EXPECT_EQ(data.at("token").get<std::string>().size(), 43u) << "32 bytes in base64url";
  const auto expires_at = text::ParseRfc3339(data.at("expires_at").get<std::string>());
  ASSERT_TRUE(expires_at) << data.at("expires_at");
  const auto left = *expires_at - std::chrono::system_clock::now();
  EXPECT_GT(left, lifetime - 5min) << data.at("expires_at");
  EXPECT_LE(left, lifetime) << data.at("expires_at");
}

// Once the relay has published it, auth-service keeps the token only as its SHA-256.
void ExpectStoredAsHashOnly(const std::string& token) {
  EXPECT_TRUE(WaitFor(
      [&] {
        return AccountEmailTest::AuthScalar(
                   "SELECT count(*) FROM outbox WHERE payload->>'token' = $1", token) == 0;
      },
      30s))
      << "the published event's outbox row still holds the token";
  EXPECT_EQ(AccountEmailTest::AuthScalar("SELECT count(*) FROM account_tokens WHERE token_hash = "
                                         "encode(sha256(convert_to($1, 'UTF8')), 'hex')",
                                         token),
            1);
}

TEST_F(AccountEmailTest, RegistrationEmailsATokenThatVerifiesTheAddressOnce) {
  const Account ada = Register("verify");
  const std::string access = AccessToken(ada.email, kPassword);
  EXPECT_EQ(Json(Api("GET", "/auth/me", nullptr, access)).at("verified"), false);

  const std::vector<CapturedEvent> events = AwaitEvents(kVerificationTopic, ada.id, 1);
  ASSERT_EQ(events.size(), 1u);
  ExpectAnAccountEmailEvent(events[0], kVerificationTopic, ada, 24h);
  const std::string token = TokenOf(events[0]);

  const HttpResult verified = Api("POST", "/auth/verify-email", {{"token", token}});
  EXPECT_EQ(verified.status, 204u) << verified.body;
  EXPECT_EQ(Json(Api("GET", "/auth/me", nullptr, access)).at("verified"), true);

  // The same token again, and one never issued: one answer, which does not say which it was.
  const HttpResult again = Api("POST", "/auth/verify-email", {{"token", token}});
  const HttpResult unknown = Api("POST", "/auth/verify-email", {{"token", kNeverIssued}});
  EXPECT_EQ(again.status, 400u) << again.body;
  EXPECT_EQ(again.headers.at("content-type"), "application/problem+json");
  EXPECT_EQ(again.body, unknown.body);
  EXPECT_EQ(again.body.find(token), std::string::npos);

  EXPECT_EQ(Api("POST", "/auth/verify-email/resend", nullptr, access).status, 409u)
      << "a verified address needs no other link";
  ExpectStoredAsHashOnly(token);
  EXPECT_EQ(LogLinesWith(token), std::vector<std::string>{});
}

TEST_F(AccountEmailTest, AResentLinkReplacesTheEarlierOne) {
  const Account bob = Register("resend");
  const std::string access = AccessToken(bob.email, kPassword);
  EXPECT_EQ(Api("POST", "/auth/verify-email/resend").status, 401u)
      << "resend needs an access token at the gateway";
  const HttpResult resent = Api("POST", "/auth/verify-email/resend", nullptr, access);
  EXPECT_EQ(resent.status, 202u) << resent.body;

  const std::vector<CapturedEvent> events = AwaitEvents(kVerificationTopic, bob.id, 2);
  ASSERT_EQ(events.size(), 2u);
  ExpectAnAccountEmailEvent(events[1], kVerificationTopic, bob, 24h);
  // One partition per user (key = user id): the events keep their order.
  EXPECT_EQ(Api("POST", "/auth/verify-email", {{"token", TokenOf(events[0])}}).status, 400u)
      << "the first link stopped working when the second was sent";
  EXPECT_EQ(Api("POST", "/auth/verify-email", {{"token", TokenOf(events[1])}}).status, 204u);
  EXPECT_EQ(Json(Api("GET", "/auth/me", nullptr, access)).at("verified"), true);
}

TEST_F(AccountEmailTest, AForgottenPasswordIsResetOnceAndEveryOldSessionEnds) {
  const Account cleo = Register("forgot");
  const HttpResult before = Login(cleo.email, kPassword);
  ASSERT_EQ(before.status, 200u) << before.body;
  const std::string old_refresh = Json(before).at("refresh_token");
  const std::string old_access = Json(before).at("access_token");

  // An unknown address first, then the known one: the same answer; only the known one's e-mail.
  const std::string stranger = "nobody-" + cleo.id + "@shop.test";
  const HttpResult for_unknown = Api("POST", "/auth/password-reset/request", {{"email", stranger}});
  const HttpResult for_known = Api("POST", "/auth/password-reset/request", {{"email", cleo.email}});
  EXPECT_EQ(for_unknown.status, 202u) << for_unknown.body;
  EXPECT_EQ(for_known.status, for_unknown.status);
  EXPECT_EQ(for_known.body, for_unknown.body);
  EXPECT_EQ(for_known.headers.at("content-type"), for_unknown.headers.at("content-type"));

  const std::vector<CapturedEvent> events = AwaitEvents(kResetTopic, cleo.id, 1);
  ASSERT_EQ(events.size(), 1u);
  ExpectAnAccountEmailEvent(events[0], kResetTopic, cleo, 30min);
  for (const CapturedEvent& event : CaptureEvents(KafkaBootstrap(), {kResetTopic})) {
    EXPECT_EQ(event.data.find(stranger), std::string::npos) << "an e-mail for an unknown address";
  }
  const std::string token = TokenOf(events[0]);

  const HttpResult weak =
      Api("POST", "/auth/password-reset/confirm", {{"token", token}, {"password", "short"}});
  EXPECT_EQ(weak.status, 422u) << "registration's password rules: " << weak.body;
  const std::string new_password = "second password 456";
  const HttpResult confirmed =
      Api("POST", "/auth/password-reset/confirm", {{"token", token}, {"password", new_password}});
  ASSERT_EQ(confirmed.status, 204u)
      << "a refused password leaves the token usable: " << confirmed.body;

  EXPECT_EQ(Login(cleo.email, new_password).status, 200u);
  EXPECT_EQ(Login(cleo.email, kPassword).status, 401u) << "the old password";
  EXPECT_EQ(Api("POST", "/auth/refresh", {{"refresh_token", old_refresh}}).status, 401u)
      << "a session from before the reset";
  // An access token issued before lives out its 15 minutes (decision 0034): sessions end at the
  // next refresh.
  EXPECT_EQ(Api("GET", "/auth/me", nullptr, old_access).status, 200u);
  const HttpResult twice = Api("POST", "/auth/password-reset/confirm",
                               {{"token", token}, {"password", "third password 789"}});
  EXPECT_EQ(twice.status, 400u) << twice.body;
  EXPECT_EQ(Login(cleo.email, new_password).status, 200u) << "the used token changed nothing";
  // The link reached the mailbox: the address is proved as by a verification link.
  EXPECT_EQ(
      Json(Api("GET", "/auth/me", nullptr, AccessToken(cleo.email, new_password))).at("verified"),
      true);

  ExpectStoredAsHashOnly(token);
  EXPECT_EQ(LogLinesWith(token), std::vector<std::string>{});
  EXPECT_EQ(LogLinesWith(new_password), std::vector<std::string>{});
}

}  // namespace
}  // namespace shop::testing
