#include "auth/security/password_hasher.hpp"

#include <gtest/gtest.h>

namespace shop::auth_service {
namespace {

PasswordHashOptions Minimum() {
  return {.opslimit = kMinOpslimit, .memlimit = kMinMemlimit, .concurrency = 1};
}

TEST(PasswordHasher, VerifiesTheRightPasswordAndRefusesAWrongOne) {
  PasswordHasher hasher(Minimum());
  const std::string hash = hasher.Hash("correct horse battery");
  EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
  EXPECT_TRUE(hasher.Verify(hash, "correct horse battery").matches);
  EXPECT_FALSE(hasher.Verify(hash, "correct horse batterY").matches);
  EXPECT_FALSE(hasher.Verify("not a hash", "correct horse battery").matches);
}

TEST(PasswordHasher, SaltsEveryHash) {
  PasswordHasher hasher(Minimum());
  EXPECT_NE(hasher.Hash("same password"), hasher.Hash("same password"));
}

TEST(PasswordHasher, AHashMadeWithOtherParametersNeedsARehash) {
  PasswordHasher weak(Minimum());
  const std::string old_hash = weak.Hash("a long enough password");
  EXPECT_FALSE(weak.Verify(old_hash, "a long enough password").needs_rehash);
  PasswordHasher stronger({.opslimit = 3, .memlimit = kMinMemlimit, .concurrency = 1});
  const PasswordCheck check = stronger.Verify(old_hash, "a long enough password");
  EXPECT_TRUE(check.matches);
  EXPECT_TRUE(check.needs_rehash);
}

TEST(PasswordHasher, RefusesParametersBelowTheMinimum) {
  EXPECT_THROW(PasswordHasher({.opslimit = 1, .memlimit = kMinMemlimit}), std::invalid_argument);
  EXPECT_THROW(PasswordHasher({.opslimit = 2, .memlimit = 8u << 20}), std::invalid_argument);
  EXPECT_THROW(PasswordHasher({.opslimit = 2, .memlimit = kMinMemlimit, .concurrency = 0}),
               std::invalid_argument);  // from the bulkhead
}

}  // namespace
}  // namespace shop::auth_service
