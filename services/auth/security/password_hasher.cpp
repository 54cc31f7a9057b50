#include "auth/security/password_hasher.hpp"

#include <sodium.h>

namespace shop::auth_service {

PasswordHasher::PasswordHasher(PasswordHashOptions options)
    : options_(options), slots_(options.concurrency) {
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium could not be initialised");
  }
  if (options_.opslimit < kMinOpslimit || options_.memlimit < kMinMemlimit) {
    throw std::invalid_argument("argon2id parameters below the minimum (t >= 2, m >= 19 MiB)");
  }
  dummy_hash_ = Hash("not a password anyone has: dummy for unknown accounts");
}

resilience::Bulkhead::Pass PasswordHasher::EnterOrThrow() {
  std::optional<resilience::Bulkhead::Pass> pass = slots_.TryEnter(options_.wait);
  if (!pass) {
    throw HashingBusy("too many password checks at once");
  }
  return std::move(*pass);
}

std::string PasswordHasher::Hash(std::string_view password) {
  const auto pass = EnterOrThrow();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), options_.opslimit,
                        options_.memlimit) != 0) {
    throw std::runtime_error("argon2id hashing failed (out of memory?)");
  }
  return out;
}

PasswordCheck PasswordHasher::Verify(std::string_view stored_hash, std::string_view password) {
  const std::string hash(stored_hash);  // crypto_pwhash_str_verify needs a NUL-terminated string
  PasswordCheck check;
  {
    const auto pass = EnterOrThrow();
    check.matches = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
  }
  if (check.matches) {
    check.needs_rehash =
        crypto_pwhash_str_needs_rehash(hash.c_str(), options_.opslimit, options_.memlimit) != 0;
  }
  return check;
}

void PasswordHasher::VerifyDummy(std::string_view password) {
  static_cast<void>(Verify(dummy_hash_, password));
}

}  // namespace shop::auth_service
