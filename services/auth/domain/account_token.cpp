#include "auth/domain/account_token.hpp"

namespace shop::auth_service {

std::string_view PurposeName(TokenPurpose purpose) {
  switch (purpose) {
    case TokenPurpose::kVerifyEmail:
      return "verify_email";
    case TokenPurpose::kPasswordReset:
      break;
  }
  return "password_reset";
}

std::chrono::seconds AccountTokenLifetimes::Of(TokenPurpose purpose) const {
  return purpose == TokenPurpose::kVerifyEmail ? verify_email : password_reset;
}

std::chrono::system_clock::time_point ExpiryOf(TokenPurpose purpose,
                                               std::chrono::system_clock::time_point issued_at,
                                               const AccountTokenLifetimes& lifetimes) {
  return std::chrono::floor<std::chrono::seconds>(issued_at) + lifetimes.Of(purpose);
}

}  // namespace shop::auth_service
