#pragma once
// Pure rules for the fields of a user. Each *Violation returns why a value is not acceptable, or
// nullopt when it is.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace shop::auth_service {

inline constexpr std::size_t kMinPasswordLength = 10;    // code points
inline constexpr std::size_t kMaxPasswordLength = 1024;  // bytes: bounds the hashing work
inline constexpr std::size_t kMaxEmailLength = 254;
inline constexpr std::size_t kMaxNameLength = 100;  // code points

// Trimmed (ASCII whitespace) and lower-cased (ASCII), so "  Ada@Example.COM " and
// "ada@example.com" are one account.
std::string NormaliseEmail(std::string_view raw);
// For a normalised email: one '@' with text on both sides, a dot in the domain, no whitespace or
// control characters, at most kMaxEmailLength bytes.
std::optional<std::string> EmailViolation(std::string_view email);
std::optional<std::string> PasswordViolation(std::string_view password);
// For a trimmed name: 1..kMaxNameLength code points.
std::optional<std::string> NameViolation(std::string_view name);
std::string TrimName(std::string_view raw);

bool IsRole(std::string_view role);  // customer, seller, courier, admin

}  // namespace shop::auth_service
