#pragma once
// user.created, user.updated, user.deleted (schemas/events/user.*/v1.json), produced by
// auth-service. Never carry credentials.

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
  std::string role;                 // customer | seller | admin
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

}  // namespace shop::events
