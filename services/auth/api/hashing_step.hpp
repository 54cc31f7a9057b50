#pragma once
// Helpers of the routes that take a password: a hashing step whose bulkhead is full answers 503,
// and a field's violation answers 422 naming the field.

#include <string>

#include "auth/security/password_hasher.hpp"
#include "platform/http/problem.hpp"

namespace shop::auth_service {

// Runs a hashing step (PasswordHasher) and turns a full bulkhead into 503 with Retry-After.
template <typename Fn>
auto Hashing(Fn&& fn) {
  try {
    return fn();
  } catch (const HashingBusy&) {
    throw http::ServiceUnavailable("too many password checks at once; retry shortly", 1);
  }
}

// 422 with `errors` [{field, message}].
inline http::HttpError FieldError(const std::string& field, const std::string& message) {
  return http::Unprocessable(field + " " + message, {{{"field", field}, {"message", message}}});
}

}  // namespace shop::auth_service
