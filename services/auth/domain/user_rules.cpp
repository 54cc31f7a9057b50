#include "auth/domain/user_rules.hpp"

#include <algorithm>

#include "platform/text/ascii.hpp"
#include "platform/text/utf8.hpp"

namespace shop::auth_service {

std::string NormaliseEmail(std::string_view raw) {
  return text::ToLowerAscii(std::string(text::TrimWhitespace(raw)));
}

std::optional<std::string> EmailViolation(std::string_view email) {
  if (email.empty()) {
    return "must not be empty";
  }
  if (email.size() > kMaxEmailLength) {
    return "must be at most " + std::to_string(kMaxEmailLength) + " characters";
  }
  if (std::any_of(email.begin(), email.end(),
                  [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; })) {
    return "must not contain spaces or control characters";
  }
  const std::size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 ||
      email.find('@', at + 1) != std::string_view::npos) {
    return "must be an email address";
  }
  const std::string_view domain = email.substr(at + 1);
  const std::size_t dot = domain.find('.');
  if (domain.empty() || dot == std::string_view::npos || dot == 0 || domain.back() == '.') {
    return "must be an email address";
  }
  return std::nullopt;
}

std::optional<std::string> PasswordViolation(std::string_view password) {
  if (text::CodePoints(password) < kMinPasswordLength) {
    return "must be at least " + std::to_string(kMinPasswordLength) + " characters";
  }
  if (password.size() > kMaxPasswordLength) {
    return "must be at most " + std::to_string(kMaxPasswordLength) + " bytes";
  }
  return std::nullopt;
}

std::string TrimName(std::string_view raw) { return std::string(text::TrimWhitespace(raw)); }

std::optional<std::string> NameViolation(std::string_view name) {
  const std::size_t length = text::CodePoints(name);
  if (length == 0) {
    return "must not be empty";
  }
  if (length > kMaxNameLength) {
    return "must be at most " + std::to_string(kMaxNameLength) + " characters";
  }
  return std::nullopt;
}

bool IsRole(std::string_view role) {
  return role == "customer" || role == "seller" || role == "courier" || role == "admin";
}

}  // namespace shop::auth_service
