// auth-service across restarts: stronger argon2id parameters rehash a password at the next login,
// and a signing key is rotated the documented way (docs/runbooks/jwt-key-rotation.md): publish,
// sign with the new key, retire the old one, with tokens of both keys valid in between.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "platform/auth/base64url.hpp"
#include "platform/auth/signing_key.hpp"
#include "service_process.hpp"

namespace shop::testing {
namespace {

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

// A keys directory of this test, with the given kids as P-256 key files.
std::string KeysDir(const std::string& label, const std::vector<std::string>& kids) {
  const std::string dir =
      RequiredEnv("SHOP_TEST_TMPDIR") + "/" + label + "-" + std::to_string(FreePort());
  std::filesystem::create_directories(dir);
  for (const std::string& kid : kids) {
    std::ofstream(dir + "/" + kid + ".pem") << auth::SigningKey::Generate(kid).PrivatePem();
  }
  return dir;
}

std::unique_ptr<ServiceProcess> StartAuth(const std::string& database, const std::string& keys,
                                          std::map<std::string, std::string> extra = {}) {
  extra["SHOP_JWT_KEYS_DIR"] = keys;
  extra.emplace("SHOP_PASSWORD_MEMLIMIT", "19MiB");
  extra["SHOP_AUTH_URL"] = "http://127.0.0.1:1";  // auth verifies its own tokens; no TestIdentity
  return std::make_unique<ServiceProcess>(AUTH_SERVICE_BIN, database, std::move(extra));
}

std::string Login(const ServiceProcess& auth, const std::string& email) {
  const HttpResult r =
      auth.Call("POST", "/auth/login",
                nlohmann::json{{"email", email}, {"password", "lifecycle password"}}.dump(), kJson);
  EXPECT_EQ(r.status, 200u) << r.body;
  return r.status == 200u ? nlohmann::json::parse(r.body).at("access_token").get<std::string>()
                          : "";
}

std::string KidOf(const std::string& token) {
  return nlohmann::json::parse(auth::Base64UrlDecode(token.substr(0, token.find('.'))).value())
      .at("kid");
}

unsigned Me(const ServiceProcess& auth, const std::string& token) {
  std::map<std::string, std::string> headers = {{"Authorization", "Bearer " + token}};
  return auth.Call("GET", "/auth/me", {}, headers).status;
}

TEST(AuthLifecycleTest, StrongerHashingParametersRehashThePasswordAtTheNextLogin) {
  const std::string database = CreateDatabase("auth_rehash");
  const std::string keys = KeysDir("rehash-keys", {"k1"});
  const std::string email = "rehash@shop.test";
  {
    const auto auth = StartAuth(database, keys, {{"SHOP_PASSWORD_OPSLIMIT", "2"}});
    ASSERT_EQ(
        auth->Call("POST", "/auth/register",
                   nlohmann::json{{"email", email}, {"password", "lifecycle password"}}.dump(),
                   kJson)
            .status,
        201u);
  }
  const auto hash = [&] {
    pqxx::connection connection(database);
    pqxx::work txn(connection);
    return txn.exec_params1("SELECT password_hash FROM users WHERE email = $1", email)[0]
        .as<std::string>();
  };
  const std::string before = hash();
  EXPECT_NE(before.find("t=2"), std::string::npos) << before;

  const auto auth = StartAuth(database, keys, {{"SHOP_PASSWORD_OPSLIMIT", "3"}});
  EXPECT_FALSE(Login(*auth, email).empty());
  const std::string after = hash();
  EXPECT_NE(after.find("t=3"), std::string::npos) << after;
  EXPECT_FALSE(Login(*auth, email).empty()) << "the rehashed password still works";
}

TEST(AuthLifecycleTest, AKeyRotationKeepsTokensOfBothKeysValidUntilTheOldKeyIsRetired) {
  const std::string database = CreateDatabase("auth_rotation");
  const std::string keys = KeysDir("rotation-keys", {"2026-01-01", "2026-06-01"});
  const std::string email = "rotation@shop.test";

  // 1. Both keys published, the old one signs.
  auto auth = StartAuth(database, keys, {{"SHOP_JWT_ACTIVE_KID", "2026-01-01"}});
  ASSERT_EQ(
      auth->Call("POST", "/auth/register",
                 nlohmann::json{{"email", email}, {"password", "lifecycle password"}}.dump(), kJson)
          .status,
      201u);
  const std::string old_token = Login(*auth, email);
  EXPECT_EQ(KidOf(old_token), "2026-01-01");
  EXPECT_EQ(nlohmann::json::parse(auth->Call("GET", "/auth/.well-known/jwks.json").body)
                .at("keys")
                .size(),
            2u);

  // 2. The new key signs (by default: the greatest kid); tokens of the old one stay valid.
  auth.reset();
  auth = StartAuth(database, keys);
  const std::string new_token = Login(*auth, email);
  EXPECT_EQ(KidOf(new_token), "2026-06-01");
  EXPECT_EQ(Me(*auth, old_token), 200u);
  EXPECT_EQ(Me(*auth, new_token), 200u);

  // 3. The old key retired: its tokens are refused.
  auth.reset();
  std::filesystem::remove(keys + "/2026-01-01.pem");
  auth = StartAuth(database, keys);
  EXPECT_EQ(Me(*auth, old_token), 401u);
  EXPECT_EQ(Me(*auth, new_token), 200u);
}

}  // namespace
}  // namespace shop::testing
