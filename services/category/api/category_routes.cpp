#include "category/api/category_routes.hpp"

#include <nlohmann/json.hpp>

#include "category/domain/category_edit.hpp"
#include "category/domain/category_rules.hpp"
#include "category/domain/category_tree.hpp"
#include "category/store/category_store.hpp"
#include "events/catalog/category_events.hpp"
#include "events/outbox_writer.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/problem.hpp"

namespace shop::category {
namespace {

nlohmann::json ToJson(const CategoryRow& row) {
  return {{"id", row.id},
          {"name", row.name},
          {"slug", row.slug},
          {"parent_id", row.parent_id ? nlohmann::json(*row.parent_id) : nlohmann::json(nullptr)},
          {"version", row.version}};
}

nlohmann::json ToJson(const CategoryTreeNode& node) {
  nlohmann::json json = ToJson(node.category);
  nlohmann::json children = nlohmann::json::array();
  for (const CategoryTreeNode& child : node.children) {
    children.push_back(ToJson(child));
  }
  json["children"] = std::move(children);
  return json;
}

// Ids that are not UUIDs cannot name a category: 404, as for an unknown UUID.
const std::string& CategoryIdParam(const http::Request& request) {
  const std::string& id = request.PathParam("id");
  if (!IsUuid(id)) {
    throw http::NotFound("no category with id " + id);
  }
  return id;
}

std::string ValidName(const std::string& raw) {
  std::string name = NormalizeName(raw);
  if (const auto violation = NameViolation(name)) {
    throw http::Unprocessable("name " + *violation, {{{"field", "name"}, {"message", *violation}}});
  }
  return name;
}

void RequireUuidParent(const std::string& parent_id) {
  if (!IsUuid(parent_id)) {
    throw http::Unprocessable("parent_id must be a UUID",
                              {{{"field", "parent_id"}, {"message", "must be a UUID"}}});
  }
}

http::HttpError UnknownParent(const std::string& parent_id) {
  return http::Unprocessable("parent category " + parent_id + " does not exist",
                             {{{"field", "parent_id"}, {"message", "does not exist"}}});
}

// The category as its events carry it (events/catalog/category_events.hpp), with its version after
// the change. Events are written from the domain object, never from the response body.
events::CategoryState EventState(const CategoryRow& category) {
  return {.id = category.id,
          .name = category.name,
          .slug = category.slug,
          .parent_id = category.parent_id,
          .version = category.version};
}

struct CreateCategoryInput {
  std::string name;
  std::optional<std::string> parent_id;
};

CreateCategoryInput ParseCreate(const http::Request& request) {
  const http::JsonBody body(request);
  CreateCategoryInput input;
  input.name = ValidName(body.RequiredString("name"));
  input.parent_id = body.OptionalString("parent_id");
  if (input.parent_id) {
    RequireUuidParent(*input.parent_id);
  }
  return input;
}

http::Response Create(http::Request& request, db::ConnectionPool& pool,
                      const events::Outbox& outbox) {
  const CreateCategoryInput input = ParseCreate(request);
  try {
    const CategoryRow row = pool.WithTransaction([&](pqxx::work& txn) {
      CategoryRow created = InsertCategory(txn, input.name, Slugify(input.name), input.parent_id);
      outbox.Append(txn, events::CategoryCreated{EventState(created)}, request.traceparent);
      return created;
    });
    http::Response response = http::JsonResponse(201, ToJson(row).dump());
    response.headers.Set("Location", "/api/categories/" + row.id);
    return response;
  } catch (const pqxx::unique_violation&) {
    throw http::Conflict("a category named \"" + input.name +
                         "\" already exists under this parent");
  } catch (const pqxx::foreign_key_violation&) {
    throw UnknownParent(*input.parent_id);
  }
}

http::Response Get(http::Request& request, db::ConnectionPool& pool) {
  const std::string& id = CategoryIdParam(request);
  const auto row = pool.WithTransaction([&](pqxx::work& txn) { return FindCategory(txn, id); });
  if (!row) {
    throw http::NotFound("no category with id " + id);
  }
  return http::JsonResponse(200, ToJson(*row).dump());
}

// ?tree=true nests children under their parents (roots at the top level); absent or "false" is
// the flat list. Both are ordered by name, case-insensitively.
http::Response List(http::Request& request, db::ConnectionPool& pool) {
  const auto tree = request.QueryParam("tree");
  if (tree && *tree != "true" && *tree != "false") {
    throw http::BadRequest("tree must be true or false");
  }
  auto rows = pool.WithTransaction([&](pqxx::work& txn) { return ListCategories(txn); });
  nlohmann::json items = nlohmann::json::array();
  if (tree == "true") {
    for (const CategoryTreeNode& root : BuildCategoryTree(std::move(rows))) {
      items.push_back(ToJson(root));
    }
  } else {
    for (const CategoryRow& row : rows) {
      items.push_back(ToJson(row));
    }
  }
  return http::JsonResponse(200, nlohmann::json{{"items", std::move(items)}}.dump());
}

CategoryEdit ParseEdit(const http::Request& request) {
  const http::JsonBody body(request);
  CategoryEdit edit;
  if (const auto name = body.OptionalString("name")) {
    edit.name = ValidName(*name);
  }
  if (body.IsNull("parent_id")) {
    edit.parent_id = std::optional<std::string>();  // move to the root
  } else if (auto parent_id = body.OptionalString("parent_id")) {
    RequireUuidParent(*parent_id);
    edit.parent_id = std::move(parent_id);
  }
  return edit;
}

// Rejects a move under a missing parent or into the category's own subtree. Reads the new
// parent's ancestors in the request's transaction, after LockTreeShape, so no concurrent move
// can change them before the commit.
void CheckMove(pqxx::work& txn, const std::string& id, const std::string& new_parent_id) {
  const std::vector<std::string> chain = SelfAndAncestorIds(txn, new_parent_id);
  if (chain.empty()) {
    throw UnknownParent(new_parent_id);
  }
  if (WouldCreateCycle(id, new_parent_id, chain)) {
    throw http::Unprocessable(
        "cannot move category " + id + " under itself or one of its descendants",
        {{{"field", "parent_id"}, {"message", "is the category or one of its descendants"}}});
  }
}

// A PATCH that changes nothing answers 200 with the category as stored and keeps its version, so
// a retried PATCH is idempotent and does not look like a new change.
http::Response Patch(http::Request& request, db::ConnectionPool& pool,
                     const events::Outbox& outbox) {
  const std::string& id = CategoryIdParam(request);
  const CategoryEdit edit = ParseEdit(request);
  try {
    const CategoryRow row = pool.WithTransaction([&](pqxx::work& txn) {
      if (edit.parent_id) {
        LockTreeShape(txn);  // before the row lock: see LockTreeShape
      }
      const auto current = LockCategory(txn, id);
      if (!current) {
        throw http::NotFound("no category with id " + id);
      }
      const auto next = ApplyEdit(*current, edit);
      if (!next) {
        return *current;
      }
      if (next->parent_id && next->parent_id != current->parent_id) {
        CheckMove(txn, id, *next->parent_id);
      }
      CategoryRow updated = UpdateCategory(txn, *next);
      outbox.Append(txn, events::CategoryUpdated{EventState(updated)}, request.traceparent);
      return updated;
    });
    return http::JsonResponse(200, ToJson(row).dump());
  } catch (const pqxx::unique_violation&) {
    throw http::Conflict("a category with this name already exists under the target parent");
  } catch (const pqxx::foreign_key_violation&) {
    // The parent passed CheckMove but was deleted before our UPDATE reached it.
    throw UnknownParent(edit.parent_id && *edit.parent_id ? **edit.parent_id : std::string());
  }
}

// Decision: deleting a category that still has children is refused with 409 rather than
// cascading to the subtree or re-parenting the children. A cascade would silently remove
// categories the caller did not name (and strand the products filed under them); re-parenting
// would change the tree's meaning. The caller moves or deletes the children first. The foreign
// key on parent_id enforces this atomically, also against a child added concurrently.
http::Response Delete(http::Request& request, db::ConnectionPool& pool,
                      const events::Outbox& outbox) {
  const std::string& id = CategoryIdParam(request);
  bool deleted = false;
  try {
    deleted = pool.WithTransaction([&](pqxx::work& txn) {
      std::optional<CategoryRow> last = LockCategory(txn, id);
      if (!last || !DeleteCategory(txn, id)) {
        return false;
      }
      // The deletion is the aggregate's last change: it carries the next version, so a consumer
      // never lets an older update overwrite the tombstone.
      ++last->version;
      outbox.Append(txn, events::CategoryDeleted::WithLastState(EventState(*last)),
                    request.traceparent);
      return true;
    });
  } catch (const pqxx::foreign_key_violation&) {
    throw http::Conflict("category " + id +
                         " still has child categories; move or delete them first");
  }
  if (!deleted) {
    throw http::NotFound("no category with id " + id);
  }
  return http::EmptyResponse(204);
}

}  // namespace

void AddCategoryRoutes(http::Router& router, service::ServiceContext& context,
                       const auth::Authenticator& authenticator) {
  db::ConnectionPool& pool = context.pool;
  const events::Outbox outbox("category");
  // Writes are for admins (checked before the body is read: 401/403 come before 400/422).
  const auto admin_only = [&authenticator](http::Handler handler) {
    return [&authenticator, handler = std::move(handler)](http::Request& r) {
      auth::RequireRole(authenticator.Authenticate(r), {"admin"});
      return handler(r);
    };
  };
  router.Add(http::Method::kPost, "/api/categories",
             admin_only([&pool, outbox](http::Request& r) { return Create(r, pool, outbox); }));
  router.Add(http::Method::kGet, "/api/categories",
             [&pool](http::Request& r) { return List(r, pool); });
  router.Add(http::Method::kGet, "/api/categories/{id}",
             [&pool](http::Request& r) { return Get(r, pool); });
  router.Add(http::Method::kPatch, "/api/categories/{id}",
             admin_only([&pool, outbox](http::Request& r) { return Patch(r, pool, outbox); }));
  router.Add(http::Method::kDelete, "/api/categories/{id}",
             admin_only([&pool, outbox](http::Request& r) { return Delete(r, pool, outbox); }));
}

}  // namespace shop::category
