#include "test_identity.hpp"

#include "events/uuid_v7.hpp"
#include "platform/auth/jwt.hpp"
#include "platform/auth/key_set.hpp"
#include "platform/auth/signing_key.hpp"
#include "platform/http/server.hpp"
#include "platform/logging/log.hpp"

namespace shop::testing {

struct TestIdentity::Impl {
  auth::SigningKey key = auth::SigningKey::Generate("test-identity");
  http::Router router;
  metrics::Registry metrics;
  std::unique_ptr<http::HttpServer> server;
  std::uint16_t port = 0;
  std::string admin_id = events::NewUuidV7();
};

TestIdentity::TestIdentity() : impl_(std::make_unique<Impl>()) {
  const std::string jwks = auth::ToJwks({&impl_->key}).dump();
  impl_->router.Add(http::Method::kGet, "/auth/.well-known/jwks.json",
                    [jwks](http::Request&) { return http::JsonResponse(200, jwks); });
  http::ServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.workers = 2;
  impl_->server = std::make_unique<http::HttpServer>(options, impl_->router, impl_->metrics);
  impl_->port = impl_->server->Start();
}

TestIdentity::~TestIdentity() = default;

TestIdentity& TestIdentity::Shared() {
  static TestIdentity identity;  // test support only: one key server per test process
  return identity;
}

std::string TestIdentity::AuthUrl() const {
  return "http://127.0.0.1:" + std::to_string(impl_->port);
}

std::string TestIdentity::Token(const std::string& user_id, const std::string& role) const {
  const auto now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  return auth::IssueToken(impl_->key, {.subject = user_id,
                                       .role = role,
                                       .issuer = "shop-auth",
                                       .audience = "shop",
                                       .token_id = events::NewUuidV7(),
                                       .issued_at = now,
                                       .not_before = now,
                                       .expires_at = now + std::chrono::minutes(15)});
}

std::string TestIdentity::AdminToken() const { return Token(impl_->admin_id, "admin"); }

}  // namespace shop::testing
