// auth-service over real sockets against a real Postgres: accounts, login, refresh rotation and
// reuse detection, who may change whom, user.* events in the outbox, and every forged access
// token refused by /auth/me. Tokens are forged with the signing key the test gave the service.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sstream>

#include "platform/auth/token_test_support.hpp"
#include "schemathesis_run.hpp"
#include "service_process.hpp"

namespace shop::testing {
namespace {

using namespace std::chrono_literals;
namespace forge = shop::auth::testing;

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};
constexpr const char* kKid = "2026-11-24-test";
constexpr const char* kAdminEmail = "root@shop.test";
constexpr const char* kAdminPassword = "admin password 123";

class AuthApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    try {
      key_ = std::make_unique<auth::SigningKey>(auth::SigningKey::Generate(kKid));
      keys_dir_ = RequiredEnv("SHOP_TEST_TMPDIR") + "/auth-keys-" + std::to_string(FreePort());
      std::filesystem::create_directories(keys_dir_);
      std::ofstream(keys_dir_ + "/" + kKid + ".pem") << key_->PrivatePem();
      database_ = CreateDatabase("auth_api");
      service_ = std::make_unique<ServiceProcess>(
          AUTH_SERVICE_BIN, database_,
          std::map<std::string, std::string>{{"SHOP_JWT_KEYS_DIR", keys_dir_},
                                             {"SHOP_PASSWORD_MEMLIMIT", "19MiB"},
                                             {"SHOP_ADMIN_EMAIL", kAdminEmail},
                                             {"SHOP_ADMIN_PASSWORD", kAdminPassword}});
    } catch (const std::exception& e) {
      setup_error_ = e.what();
    }
  }
  static void TearDownTestSuite() { service_.reset(); }
  void SetUp() override {
    ASSERT_NE(service_, nullptr) << "service did not start: " << setup_error_;
  }

  static HttpResult Post(const std::string& target, const nlohmann::json& body) {
    return service_->Call("POST", target, body.dump(), kJson);
  }
  static HttpResult WithToken(const std::string& method, const std::string& target,
                              const std::string& token, const std::string& body = {}) {
    std::map<std::string, std::string> headers = kJson;
    headers["Authorization"] = "Bearer " + token;
    return service_->Call(method, target, body, headers);
  }
  // A new account with a unique email; returns its JSON.
  static nlohmann::json Register(const std::string& label, const std::string& password) {
    const std::string email = label + "-" + std::to_string(++counter_) + "@shop.test";
    const HttpResult r = Post("/auth/register", {{"email", email}, {"password", password}});
    EXPECT_EQ(r.status, 201u) << r.body;
    return nlohmann::json::parse(r.body);
  }
  static nlohmann::json Login(const std::string& email, const std::string& password) {
    const HttpResult r = Post("/auth/login", {{"email", email}, {"password", password}});
    EXPECT_EQ(r.status, 200u) << r.body;
    return nlohmann::json::parse(r.body);
  }
  static std::vector<std::string> OutboxTypesOf(const std::string& user_id) {
    pqxx::connection connection(database_);
    pqxx::work txn(connection);
    std::vector<std::string> types;
    for (const auto& r :
         txn.exec_params("SELECT event_type FROM outbox WHERE key = $1 ORDER BY id", user_id)) {
      types.push_back(r[0].as<std::string>());
    }
    return types;
  }

  static inline std::unique_ptr<auth::SigningKey> key_;
  static inline std::string keys_dir_;
  static inline std::string database_;
  static inline std::unique_ptr<ServiceProcess> service_;
  static inline std::string setup_error_;
  static inline int counter_ = 0;
};

TEST_F(AuthApiTest, RegisterLoginAndMe) {
  const HttpResult created = Post(
      "/auth/register",
      {{"email", "  Ada.Lovelace@Shop.TEST "}, {"password", "analytical engine"}, {"name", "Ada"}});
  ASSERT_EQ(created.status, 201u) << created.body;
  const auto user = nlohmann::json::parse(created.body);
  EXPECT_EQ(user.at("email"), "ada.lovelace@shop.test");
  EXPECT_EQ(user.at("role"), "customer");
  EXPECT_EQ(user.at("name"), "Ada");
  EXPECT_EQ(user.at("verified"), false);
  EXPECT_EQ(created.body.find("password"), std::string::npos);

  const nlohmann::json tokens = Login("ADA.lovelace@shop.test", "analytical engine");
  EXPECT_EQ(tokens.at("token_type"), "Bearer");
  EXPECT_EQ(tokens.at("expires_in"), 900);
  const HttpResult me = WithToken("GET", "/auth/me", tokens.at("access_token"));
  ASSERT_EQ(me.status, 200u) << me.body;
  EXPECT_EQ(nlohmann::json::parse(me.body).at("id"), user.at("id"));
  // The verification e-mail's event is written with the user, in the same transaction.
  EXPECT_EQ(OutboxTypesOf(user.at("id")),
            (std::vector<std::string>{"user.created", "user.verification_requested"}));
}

TEST_F(AuthApiTest, TheSameEmailTwiceIsAConflictWhateverItsCase) {
  const nlohmann::json user = Register("twice", "long enough pw");
  const std::string upper = user.at("email").get<std::string>();
  std::string shouted = upper;
  std::transform(shouted.begin(), shouted.end(), shouted.begin(), ::toupper);
  EXPECT_EQ(Post("/auth/register", {{"email", shouted}, {"password", "another long pw"}}).status,
            409u);
}

TEST_F(AuthApiTest, ShortPasswordsAndBadEmailsAreUnprocessable) {
  EXPECT_EQ(
      Post("/auth/register", {{"email", "short@shop.test"}, {"password", "123456789"}}).status,
      422u);
  EXPECT_EQ(
      Post("/auth/register", {{"email", "not-an-email"}, {"password", "long enough pw"}}).status,
      422u);
  EXPECT_EQ(service_->Call("POST", "/auth/register", "{\"email\":", kJson).status, 400u);
}

TEST_F(AuthApiTest, WrongPasswordAndUnknownEmailGetTheSame401) {
  const nlohmann::json user = Register("wrongpw", "right password");
  const HttpResult wrong =
      Post("/auth/login", {{"email", user.at("email")}, {"password", "wrong password"}});
  const HttpResult unknown =
      Post("/auth/login", {{"email", "nobody@shop.test"}, {"password", "wrong password"}});
  EXPECT_EQ(wrong.status, 401u);
  EXPECT_EQ(unknown.status, 401u);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_EQ(wrong.headers.at("content-type"), "application/problem+json");
}

TEST_F(AuthApiTest, RefreshRotatesAndReuseRevokesTheWholeFamily) {
  const nlohmann::json user = Register("refresh", "refresh password");
  const nlohmann::json first = Login(user.at("email"), "refresh password");
  const HttpResult rotated = Post("/auth/refresh", {{"refresh_token", first.at("refresh_token")}});
  ASSERT_EQ(rotated.status, 200u) << rotated.body;
  const nlohmann::json second = nlohmann::json::parse(rotated.body);
  EXPECT_NE(second.at("refresh_token"), first.at("refresh_token"));
  EXPECT_EQ(WithToken("GET", "/auth/me", second.at("access_token")).status, 200u);

  // The used token again: refused, and the token rotated from it dies with its family.
  EXPECT_EQ(Post("/auth/refresh", {{"refresh_token", first.at("refresh_token")}}).status, 401u);
  EXPECT_EQ(Post("/auth/refresh", {{"refresh_token", second.at("refresh_token")}}).status, 401u);
  // Another session of the same user is another family and still works.
  const nlohmann::json other = Login(user.at("email"), "refresh password");
  EXPECT_EQ(Post("/auth/refresh", {{"refresh_token", other.at("refresh_token")}}).status, 200u);
}

TEST_F(AuthApiTest, LogoutEndsTheSession) {
  const nlohmann::json user = Register("logout", "logout password");
  const nlohmann::json tokens = Login(user.at("email"), "logout password");
  EXPECT_EQ(Post("/auth/logout", {{"refresh_token", tokens.at("refresh_token")}}).status, 204u);
  EXPECT_EQ(Post("/auth/refresh", {{"refresh_token", tokens.at("refresh_token")}}).status, 401u);
  EXPECT_EQ(Post("/auth/logout", {{"refresh_token", "never-issued"}}).status, 204u);
}

TEST_F(AuthApiTest, UsersRenameThemselvesAndOnlyAdminsChangeRoles) {
  const nlohmann::json ada = Register("ada", "ada password");
  const nlohmann::json bob = Register("bob", "bob password");
  const std::string ada_token = Login(ada.at("email"), "ada password").at("access_token");
  const std::string admin_token = Login(kAdminEmail, kAdminPassword).at("access_token");
  const std::string ada_path = "/auth/users/" + ada.at("id").get<std::string>();
  const std::string bob_path = "/auth/users/" + bob.at("id").get<std::string>();

  const HttpResult renamed = WithToken("PATCH", ada_path, ada_token, R"({"name":"Ada L."})");
  ASSERT_EQ(renamed.status, 200u) << renamed.body;
  EXPECT_EQ(nlohmann::json::parse(renamed.body).at("version"), 2);
  EXPECT_EQ(WithToken("PATCH", bob_path, ada_token, R"({"name":"Hacked"})").status, 403u);
  EXPECT_EQ(WithToken("PATCH", ada_path, ada_token, R"({"role":"admin"})").status, 403u);
  EXPECT_EQ(WithToken("PATCH", ada_path, admin_token, R"({"role":"emperor"})").status, 422u);

  const HttpResult promoted = WithToken("PATCH", bob_path, admin_token, R"({"role":"seller"})");
  ASSERT_EQ(promoted.status, 200u) << promoted.body;
  const std::string bob_token = Login(bob.at("email"), "bob password").at("access_token");
  EXPECT_EQ(nlohmann::json::parse(WithToken("GET", "/auth/me", bob_token).body).at("role"),
            "seller");
  EXPECT_EQ(
      OutboxTypesOf(bob.at("id")),
      (std::vector<std::string>{"user.created", "user.verification_requested", "user.updated"}));
}

TEST_F(AuthApiTest, AUserDeletesThemselfButNotOthers) {
  const nlohmann::json ada = Register("del-ada", "ada password");
  const nlohmann::json bob = Register("del-bob", "bob password");
  const std::string ada_token = Login(ada.at("email"), "ada password").at("access_token");
  EXPECT_EQ(WithToken("DELETE", "/auth/users/" + bob.at("id").get<std::string>(), ada_token).status,
            403u);
  EXPECT_EQ(WithToken("DELETE", "/auth/users/" + ada.at("id").get<std::string>(), ada_token).status,
            204u);
  EXPECT_EQ(Post("/auth/login", {{"email", ada.at("email")}, {"password", "ada password"}}).status,
            401u);
  EXPECT_EQ(WithToken("GET", "/auth/me", ada_token).status, 401u);
  EXPECT_EQ(
      OutboxTypesOf(ada.at("id")),
      (std::vector<std::string>{"user.created", "user.verification_requested", "user.deleted"}));
}

TEST_F(AuthApiTest, JwksPublishesTheKeyThatSignsTokens) {
  const HttpResult jwks = service_->Call("GET", "/auth/.well-known/jwks.json");
  ASSERT_EQ(jwks.status, 200u);
  const auto keys = nlohmann::json::parse(jwks.body).at("keys");
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].at("kid"), kKid);
  EXPECT_FALSE(keys[0].contains("d")) << "the private part must never be published";
}

TEST_F(AuthApiTest, EveryForgedTokenIsRefused) {
  const nlohmann::json user = Register("forge", "forge password");
  const std::string real = Login(user.at("email"), "forge password").at("access_token");
  ASSERT_EQ(WithToken("GET", "/auth/me", real).status, 200u);

  const auto now = std::chrono::system_clock::now();
  nlohmann::json payload = forge::ValidPayload(now);
  payload["sub"] = user.at("id");
  const auto signed_with = [&](nlohmann::json p) {
    return forge::SignedToken(*key_, forge::Es256Header(kKid), p);
  };
  const auto changed = [&](const char* claim, nlohmann::json value) {
    nlohmann::json p = payload;
    p[claim] = std::move(value);
    return signed_with(p);
  };
  ASSERT_EQ(WithToken("GET", "/auth/me", signed_with(payload)).status, 200u)
      << "the forge must make a valid token first, or the refusals below prove nothing";

  const std::string none =
      forge::SigningInput({{"alg", "none"}, {"typ", "JWT"}, {"kid", kKid}}, payload) + ".";
  const std::string hs256_public_key = forge::Hs256Token(
      forge::PublicPem(*key_), {{"alg", "HS256"}, {"typ", "JWT"}, {"kid", kKid}}, payload);
  std::string tampered = real;
  tampered[tampered.find('.') + 5] ^= 1;
  const std::map<std::string, std::string> forged = {
      {"alg none", none},
      {"HS256 with the public key", hs256_public_key},
      {"expired", changed("exp", forge::Seconds(now - 2h))},
      {"not yet valid", changed("nbf", forge::Seconds(now + 2h))},
      {"wrong issuer", changed("iss", "evil")},
      {"wrong audience", changed("aud", "other")},
      {"unknown kid", forge::SignedToken(*key_, forge::Es256Header("no-such-kid"), payload)},
      {"tampered payload", tampered},
      {"truncated", real.substr(0, real.size() - 10)},
  };
  for (const auto& [name, token] : forged) {
    const HttpResult r = WithToken("GET", "/auth/me", token);
    EXPECT_EQ(r.status, 401u) << name << ": " << r.body;
    EXPECT_EQ(r.body.find(token), std::string::npos) << name << ": the token must not be echoed";
  }
}

TEST_F(AuthApiTest, AnIndependentJwtLibraryVerifiesAnIssuedTokenWithThePublishedKeys) {
  const nlohmann::json user = Register("pyjwt", "pyjwt password");
  const std::string token = Login(user.at("email"), "pyjwt password").at("access_token");
  const std::string jwks_file = keys_dir_ + "/published-jwks.json";
  const std::string token_file = keys_dir_ + "/token.txt";
  std::ofstream(jwks_file) << service_->Call("GET", "/auth/.well-known/jwks.json").body;
  std::ofstream(token_file) << token;
  const auto [status, output] =
      RunCommand("/usr/bin/python3 " SHOP_SOURCE_DIR "/tests/auth/verify_with_pyjwt.py " +
                 jwks_file + " " + token_file + " shop-auth shop");
  ASSERT_EQ(status, 0) << output;
  const auto claims = nlohmann::json::parse(output);
  EXPECT_EQ(claims.at("sub"), user.at("id"));
  EXPECT_EQ(claims.at("role"), "customer");
  EXPECT_EQ(claims.at("exp").get<long long>() - claims.at("iat").get<long long>(), 900);
}

TEST_F(AuthApiTest, UserCreatedReachesKafkaWithCloudEventsHeadersAndConformsToItsSchema) {
  ChildProcess relay(OUTBOX_RELAY_BIN, {},
                     {{"SHOP_RELAY_DATABASE_URLS", database_},
                      {"SHOP_KAFKA_BOOTSTRAP", KafkaBootstrap()},
                      {"SHOP_HTTP_PORT", std::to_string(FreePort())}},
                     keys_dir_ + "/relay.log");
  const nlohmann::json user = Register("kafka", "kafka password");
  const std::string id = user.at("id");
  std::string line;
  ASSERT_TRUE(WaitFor(
      [&] {
        const auto [status, output] = RunCommand("kcat -b " + KafkaBootstrap() +
                                                 " -C -t user.created -o beginning -e -q "
                                                 "-f '%k\\t%h\\t%s\\n'");
        std::istringstream lines(output);
        for (std::string candidate; std::getline(lines, candidate);) {
          if (candidate.starts_with(id + "\t")) {
            line = candidate;
            return true;
          }
        }
        return false;
      },
      60s))
      << "user.created of " << id << " never reached Kafka";
  const std::size_t tab1 = line.find('\t');
  const std::size_t tab2 = line.find('\t', tab1 + 1);
  const std::string headers = line.substr(tab1 + 1, tab2 - tab1 - 1);
  const std::string value = line.substr(tab2 + 1);
  EXPECT_NE(headers.find("ce_type=user.created"), std::string::npos) << headers;
  EXPECT_NE(headers.find("ce_source=/services/auth"), std::string::npos) << headers;
  EXPECT_NE(headers.find("ce_subject=" + id), std::string::npos) << headers;
  EXPECT_NE(headers.find("ce_id="), std::string::npos) << headers;
  EXPECT_EQ(value.find("password"), std::string::npos) << "no credentials in events: " << value;

  const auto [status, output] = ValidateEventData("user.created", value);
  EXPECT_EQ(status, 0) << output;
  EXPECT_NE(output.find("validated 1 events, 0 problems"), std::string::npos) << output;
}

TEST_F(AuthApiTest, SchemathesisFindsNoServerErrorAndNoResponseOutsideTheOpenApiDocument) {
  const nlohmann::json user = Register("fuzz", "fuzz password");
  const std::string token = Login(user.at("email"), "fuzz password").at("access_token");
  SchemathesisRun run("auth.yaml", service_->port(), token);
  run.max_examples = 40;
  const SchemathesisResult result = RunSchemathesis(run);
  EXPECT_EQ(result.exit_status, 0) << result.report;
}

}  // namespace
}  // namespace shop::testing
