#pragma once
// What a presented refresh token earns (POST /auth/refresh). Pure.
//
// A token is good once: using it rotates it (marked used, a new token of the same family issued).
// A used token presented again has leaked (either the client or an attacker holds a copy): the
// whole family is revoked, so the copy and every token rotated from it stop working.

namespace shop::auth_service {

enum class RefreshVerdict {
  kRotate,         // valid: mark used, issue a new token of the family and an access token
  kReuseDetected,  // used before: revoke the family, answer 401
  kRejected,       // expired or revoked: answer 401
};

struct RefreshTokenState {
  bool expired = false;
  bool used = false;
  bool revoked = false;
};

RefreshVerdict DecideRefresh(const RefreshTokenState& token);

}  // namespace shop::auth_service
