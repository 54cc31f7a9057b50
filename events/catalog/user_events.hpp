#pragma once
// user.created, user.updated, user.deleted (schemas/events/user.*/v1.json), produced by
// auth-service. Never carry credentials. user.verification_requested and
// user.password_reset_requested carry a single-use account token for notification-service to put
// in a link (docs/decisions/0034): the one secret that travels through Kafka. Their topics have a
// short retention and their data is never logged.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "events/catalog/event_type.hpp"

namespace shop::events {

// The state of a user after a change: what user.created and user.updated carry.
struct UserState {
  std::string id;
  std::string email;
  std::optional<std::string> name;  // JSON null when the user gave none
  std::string role;                 // customer | seller | courier | admin
  std::int64_t version = 0;         // >= 1, +1 per change

  friend bool operator==(const UserState&, const UserState&) = default;
};

struct UserCreated : UserState {
  static constexpr EventTypeInfo kType{"user.created", "user.created",
                                       "urn:shop:schema:user.created:v1"};
  std::string AggregateId() const { return id; }
  std::string ToJson() const;
  static UserCreated FromJson(std::string_view data);
};

struct UserUpdated : UserState {
  static constexpr EventTypeInfo kType{"user.updated", "user.updated",
                                       "urn:shop:schema:user.updated:v1"};
  std::string AggregateId() const { return id; }
  std::string ToJson() const;
  static UserUpdated FromJson(std::string_view data);
};

// The user's final version (its last + 1) and, when the deletion carries them, its last known
// values. A null name reads as absent; absent members are not written.
struct UserDeleted {
  static constexpr EventTypeInfo kType{"user.deleted", "user.deleted",
                                       "urn:shop:schema:user.deleted:v1"};
  std::string id;
  std::int64_t version = 0;
  std::optional<std::string> email{};
  std::optional<std::string> name{};
  std::optional<std::string> role{};

  // The deletion of `last`, the user's state with its final version.
  static UserDeleted WithLastState(const UserState& last);

  std::string AggregateId() const { return id; }
  std::string ToJson() const;
  static UserDeleted FromJson(std::string_view data);
  friend bool operator==(const UserDeleted&, const UserDeleted&) = default;
};

// An account e-mail to send: the token, its purpose's link and when it expires.
struct AccountTokenIssued {
  std::string user_id;
  std::string email;
  std::optional<std::string> name;  // JSON null when the user gave none
  std::string token;                // base64url of 32 random bytes; auth keeps only its SHA-256
  std::string expires_at;           // RFC 3339 UTC
  // The user's version when the token was issued. A token changes no user state: not an order
  // between these events (each is one e-mail, deduplicated by its ce_id).
  std::int64_t version = 0;

  friend bool operator==(const AccountTokenIssued&, const AccountTokenIssued&) = default;
};

// A user registered (or asked again): e-mail them the verification token (POST /auth/verify-email).
struct UserVerificationRequested : AccountTokenIssued {
  static constexpr EventTypeInfo kType{"user.verification_requested", "user.verification_requested",
                                       "urn:shop:schema:user.verification_requested:v1"};
  std::string AggregateId() const { return user_id; }
  std::string ToJson() const;
  static UserVerificationRequested FromJson(std::string_view data);
};

// A known address asked for a password reset: e-mail it the reset token
// (POST /auth/password-reset/confirm). Unknown addresses produce no event.
struct UserPasswordResetRequested : AccountTokenIssued {
  static constexpr EventTypeInfo kType{"user.password_reset_requested",
                                       "user.password_reset_requested",
                                       "urn:shop:schema:user.password_reset_requested:v1"};
  std::string AggregateId() const { return user_id; }
  std::string ToJson() const;
  static UserPasswordResetRequested FromJson(std::string_view data);
};

}  // namespace shop::events
