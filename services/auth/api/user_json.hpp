#pragma once
// The JSON of a user (response bodies and the `data` of user.* events, schemas/events/user.*) and
// the outbox write of a user change. Never carries the password hash.

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <string>

#include "auth/domain/user.hpp"
#include "events/outbox_writer.hpp"
#include "platform/http/message.hpp"

namespace shop::auth_service {

nlohmann::json ToJson(const User& user);

// Appends user.created / user.updated / user.deleted for `user` in `txn`.
void RecordUserEvent(pqxx::work& txn, const events::Outbox& outbox, const http::Request& request,
                     const std::string& type, const User& user);

}  // namespace shop::auth_service
