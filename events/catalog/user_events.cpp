#include "events/catalog/user_events.hpp"

#include <array>

#include "events/catalog/payload_json.hpp"

namespace shop::events {
namespace {

constexpr std::array<std::string_view, 4> kRoles = {"customer", "seller", "courier", "admin"};

std::string StateJson(const UserState& user) {
  return nlohmann::json{{"id", user.id},
                        {"email", user.email},
                        {"name", NullableJson(user.name)},
                        {"role", user.role},
                        {"version", user.version}}
      .dump();
}

UserState ReadState(std::string_view data, std::string_view type) {
  const PayloadReader reader(data, std::string(type) + " data");
  return {.id = reader.Uuid("id"),
          .email = reader.Email("email"),
          .name = reader.StringOrNull("name"),
          .role = reader.OneOf("role", kRoles),
          .version = reader.Version()};
}

std::string TokenJson(const AccountTokenIssued& issued) {
  return nlohmann::json{{"user_id", issued.user_id},         {"email", issued.email},
                        {"name", NullableJson(issued.name)}, {"token", issued.token},
                        {"expires_at", issued.expires_at},   {"version", issued.version}}
      .dump();
}

AccountTokenIssued ReadToken(std::string_view data, std::string_view type) {
  const PayloadReader reader(data, std::string(type) + " data");
  return {.user_id = reader.Uuid("user_id"),
          .email = reader.Email("email"),
          .name = reader.StringOrNull("name"),
          .token = reader.StringOfLength("token", 16, 128),
          .expires_at = reader.NonEmptyString("expires_at"),
          .version = reader.Version()};
}

}  // namespace

std::string UserCreated::ToJson() const { return StateJson(*this); }
UserCreated UserCreated::FromJson(std::string_view data) { return {ReadState(data, kType.type)}; }

std::string UserUpdated::ToJson() const { return StateJson(*this); }
UserUpdated UserUpdated::FromJson(std::string_view data) { return {ReadState(data, kType.type)}; }

UserDeleted UserDeleted::WithLastState(const UserState& last) {
  return {.id = last.id,
          .version = last.version,
          .email = last.email,
          .name = last.name,
          .role = last.role};
}

std::string UserDeleted::ToJson() const {
  nlohmann::json json{{"id", id}, {"version", version}};
  PutIfSet(json, "email", email);
  PutIfSet(json, "name", name);
  PutIfSet(json, "role", role);
  return json.dump();
}

UserDeleted UserDeleted::FromJson(std::string_view data) {
  const PayloadReader reader(data, std::string(kType.type) + " data");
  UserDeleted deleted{.id = reader.Uuid("id"),
                      .version = reader.Version(),
                      .email = reader.Optional("email", &PayloadReader::Email),
                      .name = reader.NullableString("name")};
  if (reader.Has("role")) {
    deleted.role = reader.OneOf("role", kRoles);
  }
  return deleted;
}

std::string UserVerificationRequested::ToJson() const { return TokenJson(*this); }
UserVerificationRequested UserVerificationRequested::FromJson(std::string_view data) {
  return {ReadToken(data, kType.type)};
}

std::string UserPasswordResetRequested::ToJson() const { return TokenJson(*this); }
UserPasswordResetRequested UserPasswordResetRequested::FromJson(std::string_view data) {
  return {ReadToken(data, kType.type)};
}

}  // namespace shop::events
