#pragma once
// Password hashing with argon2id (libsodium crypto_pwhash_str), bounded so a flood of logins
// cannot exhaust memory: at most `concurrency` hashes run at once (each takes `memlimit` bytes);
// a caller that cannot get a slot within `wait` gets HashingBusy (the route answers 503).
//
// Parameters default to libsodium's INTERACTIVE set (t=2, m=64 MiB, p=1), above OWASP's minimum
// for argon2id (m=19 MiB, t=2, p=1); lower values are refused. A stored hash made with other
// parameters verifies and is reported as needing a rehash.

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "platform/resilience/bulkhead.hpp"

namespace shop::auth_service {

struct PasswordHashOptions {
  unsigned long long opslimit = 2;
  std::size_t memlimit = 64ull << 20;
  int concurrency = 2;
  std::chrono::milliseconds wait{2000};
};

inline constexpr unsigned long long kMinOpslimit = 2;
inline constexpr std::size_t kMinMemlimit = 19ull << 20;

class HashingBusy : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct PasswordCheck {
  bool matches = false;
  bool needs_rehash = false;  // only meaningful when it matches
};

class PasswordHasher {
 public:
  // Throws std::invalid_argument for parameters below the minimum. Computes one dummy hash (used
  // to answer unknown emails in about the time a real check takes).
  explicit PasswordHasher(PasswordHashOptions options);

  std::string Hash(std::string_view password);
  PasswordCheck Verify(std::string_view stored_hash, std::string_view password);
  // Spends the time of one Verify against a dummy hash; for unknown accounts, so a login with an
  // unknown email takes as long as one with a wrong password.
  void VerifyDummy(std::string_view password);

 private:
  resilience::Bulkhead::Pass EnterOrThrow();

  PasswordHashOptions options_;
  resilience::Bulkhead slots_;
  std::string dummy_hash_;
};

}  // namespace shop::auth_service
