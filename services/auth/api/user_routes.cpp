#include "auth/api/user_routes.hpp"

#include "auth/api/user_json.hpp"
#include "auth/domain/user_edit.hpp"
#include "auth/domain/user_rules.hpp"
#include "auth/store/user_store.hpp"
#include "events/outbox_writer.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/problem.hpp"
#include "platform/text/uuid.hpp"

namespace shop::auth_service {
namespace {

using text::IsUuid;

// Ids that are not UUIDs cannot name a user: 404, as for an unknown UUID.
const std::string& UserIdParam(const http::Request& request) {
  const std::string& id = request.PathParam("id");
  if (!IsUuid(id)) {
    throw http::NotFound("no user with id " + id);
  }
  return id;
}

UserEdit ParseEdit(const http::Request& request) {
  const http::JsonBody body(request);
  UserEdit edit;
  if (const auto name = body.OptionalString("name")) {
    edit.name = TrimName(*name);
    if (const auto violation = NameViolation(*edit.name)) {
      throw http::Unprocessable("name " + *violation,
                                {{{"field", "name"}, {"message", *violation}}});
    }
  }
  if (const auto role = body.OptionalString("role")) {
    if (!IsRole(*role)) {
      throw http::Unprocessable("role must be customer, seller, courier or admin",
                                {{{"field", "role"}, {"message", "unknown role"}}});
    }
    edit.role = *role;
  }
  return edit;
}

struct Routes {
  db::ConnectionPool& pool;
  auth::Authenticator& authenticator;
  events::Outbox outbox{"auth"};

  Actor Caller(const http::Request& request) const {
    const auth::Principal principal = authenticator.Authenticate(request);
    return Actor{.user_id = principal.user_id, .role = principal.role};
  }

  http::Response Me(http::Request& request) const {
    const Actor actor = Caller(request);
    const auto user =
        pool.WithTransaction([&](pqxx::work& txn) { return FindUser(txn, actor.user_id); });
    if (!user) {
      throw http::Unauthorized("the account of this token no longer exists");
    }
    return http::JsonResponse(200, ToJson(*user).dump());
  }

  http::Response Patch(http::Request& request) const {
    const Actor actor = Caller(request);
    const std::string& id = UserIdParam(request);
    const UserEdit edit = ParseEdit(request);
    if (const auto refusal = EditRefusal(actor, id, edit)) {
      throw http::Forbidden(*refusal);
    }
    const User user = pool.WithTransaction([&](pqxx::work& txn) {
      const std::optional<User> current = LockUser(txn, id);
      if (!current) {
        throw http::NotFound("no user with id " + id);
      }
      const std::optional<User> next = ApplyEdit(*current, edit);
      if (!next) {
        return *current;
      }
      User updated = UpdateUser(txn, *next);
      outbox.Append(txn, events::UserUpdated{EventState(updated)}, request.traceparent);
      return updated;
    });
    return http::JsonResponse(200, ToJson(user).dump());
  }

  http::Response Delete(http::Request& request) const {
    const Actor actor = Caller(request);
    const std::string& id = UserIdParam(request);
    if (const auto refusal = DeleteRefusal(actor, id)) {
      throw http::Forbidden(*refusal);
    }
    const bool deleted = pool.WithTransaction([&](pqxx::work& txn) {
      std::optional<User> last = LockUser(txn, id);
      if (!last || !DeleteUser(txn, id)) {
        return false;
      }
      // The deletion is the user's last change: the next version, so no older update can
      // overwrite the tombstone in a consumer's replica.
      ++last->version;
      outbox.Append(txn, events::UserDeleted::WithLastState(EventState(*last)),
                    request.traceparent);
      return true;
    });
    if (!deleted) {
      throw http::NotFound("no user with id " + id);
    }
    return http::EmptyResponse(204);
  }
};

}  // namespace

void AddUserRoutes(http::Router& router, service::ServiceContext& context,
                   auth::Authenticator& authenticator) {
  auto routes =
      std::make_shared<const Routes>(Routes{.pool = context.pool, .authenticator = authenticator});
  router.Add(http::Method::kGet, "/auth/me", [routes](http::Request& r) { return routes->Me(r); });
  router.Add(http::Method::kPatch, "/auth/users/{id}",
             [routes](http::Request& r) { return routes->Patch(r); });
  router.Add(http::Method::kDelete, "/auth/users/{id}",
             [routes](http::Request& r) { return routes->Delete(r); });
}

}  // namespace shop::auth_service
