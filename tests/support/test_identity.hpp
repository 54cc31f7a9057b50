#pragma once
// A stand-in for auth-service in tests of other services: an in-process HTTP server that
// publishes one ES256 key at /auth/.well-known/jwks.json, and access tokens signed with it for
// any user and role. Services started with SHOP_AUTH_URL = AuthUrl() accept these tokens exactly
// as they accept auth-service's (same issuer, audience and checks).

#include <memory>
#include <string>

namespace shop::testing {

class TestIdentity {
 public:
  // One per test process, started on first use.
  static TestIdentity& Shared();

  std::string AuthUrl() const;
  // A 15-minute access token for `user_id` with `role` (customer, seller or admin).
  std::string Token(const std::string& user_id, const std::string& role) const;
  std::string AdminToken() const;  // for a fixed admin user id

  ~TestIdentity();

 private:
  TestIdentity();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shop::testing
