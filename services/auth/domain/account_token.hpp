#pragma once
// The single-use tokens of account e-mails (docs/decisions/0034): what each is for and how long it
// lives. Pure.
//
// A token is stored as its SHA-256 with its purpose, user, expiry and used_at; it works once,
// before its expiry, for its purpose only. Issuing a new token of a purpose deletes the user's
// unused tokens of that purpose, so at most one link of each kind works at a time (the latest
// e-mail).

#include <chrono>
#include <string_view>

namespace shop::auth_service {

enum class TokenPurpose {
  kVerifyEmail,    // POST /auth/verify-email
  kPasswordReset,  // POST /auth/password-reset/confirm
};

// "verify_email" | "password_reset": the stored purpose (account_tokens.purpose).
std::string_view PurposeName(TokenPurpose purpose);

// How long a token of each purpose works. Defaults: verification 24 h (a user may read mail the
// next day), reset 30 min (a reset link is a credential for the whole account).
// SHOP_VERIFY_EMAIL_TOKEN_TTL and SHOP_PASSWORD_RESET_TOKEN_TTL set them (main.cpp).
struct AccountTokenLifetimes {
  std::chrono::seconds verify_email{24 * 3600};
  std::chrono::seconds password_reset{30 * 60};

  std::chrono::seconds Of(TokenPurpose purpose) const;
};

// How many password reset e-mails one address may be sent per hour
// (SHOP_PASSWORD_RESET_MAILS_PER_HOUR, default 5): requests past it still answer 202 and send
// nothing, so the route cannot flood a mailbox however many clients ask.
inline constexpr int kDefaultResetMailsPerHour = 5;

// Whether the request that is the `requests_in_last_hour`-th for its address (this one included)
// may send a reset e-mail.
constexpr bool MaySendResetMail(int requests_in_last_hour, int mails_per_hour) {
  return requests_in_last_hour <= mails_per_hour;
}

// Bounds of a configured lifetime. At most a day: the e-mail topics keep a token one day
// (topics.txt), and a token must not outlive the record of its issue there.
inline constexpr std::chrono::seconds kMinTokenLifetime{1};
inline constexpr std::chrono::seconds kMaxTokenLifetime{24 * 3600};

// When a token of `purpose` issued at `issued_at` stops working: whole seconds (rounded down, so
// the stored expiry and the RFC 3339 time in the e-mail event are the same instant).
std::chrono::system_clock::time_point ExpiryOf(TokenPurpose purpose,
                                               std::chrono::system_clock::time_point issued_at,
                                               const AccountTokenLifetimes& lifetimes);

}  // namespace shop::auth_service
