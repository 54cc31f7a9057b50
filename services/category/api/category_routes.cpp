#include "category/api/category_routes.hpp"

#include <nlohmann/json.hpp>

#include "category/domain/category_rules.hpp"
#include "category/store/category_store.hpp"
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

struct CreateCategoryInput {
  std::string name;
  std::optional<std::string> parent_id;
};

CreateCategoryInput ParseCreate(const http::Request& request) {
  const http::JsonBody body(request);
  CreateCategoryInput input;
  input.name = NormalizeName(body.RequiredString("name"));
  if (const auto violation = NameViolation(input.name)) {
    throw http::Unprocessable("name " + *violation, {{{"field", "name"}, {"message", *violation}}});
  }
  input.parent_id = body.OptionalString("parent_id");
  if (input.parent_id && !IsUuid(*input.parent_id)) {
    throw http::Unprocessable("parent_id must be a UUID",
                              {{{"field", "parent_id"}, {"message", "must be a UUID"}}});
  }
  return input;
}

http::Response Create(http::Request& request, db::ConnectionPool& pool) {
  const CreateCategoryInput input = ParseCreate(request);
  try {
    const CategoryRow row = pool.WithTransaction([&](pqxx::work& txn) {
      return InsertCategory(txn, input.name, Slugify(input.name), input.parent_id);
    });
    http::Response response = http::JsonResponse(201, ToJson(row).dump());
    response.headers.Set("Location", "/api/categories/" + row.id);
    return response;
  } catch (const pqxx::unique_violation&) {
    throw http::Conflict("a category named \"" + input.name +
                         "\" already exists under this parent");
  } catch (const pqxx::foreign_key_violation&) {
    throw http::Unprocessable("parent category " + *input.parent_id + " does not exist",
                              {{{"field", "parent_id"}, {"message", "does not exist"}}});
  }
}

http::Response Get(http::Request& request, db::ConnectionPool& pool) {
  const std::string& id = request.PathParam("id");
  if (!IsUuid(id)) {
    throw http::NotFound("no category with id " + id);
  }
  const auto row = pool.WithTransaction([&](pqxx::work& txn) { return FindCategory(txn, id); });
  if (!row) {
    throw http::NotFound("no category with id " + id);
  }
  return http::JsonResponse(200, ToJson(*row).dump());
}

http::Response List(http::Request&, db::ConnectionPool& pool) {
  const auto rows = pool.WithTransaction([&](pqxx::work& txn) { return ListCategories(txn); });
  nlohmann::json items = nlohmann::json::array();
  for (const CategoryRow& row : rows) {
    items.push_back(ToJson(row));
  }
  return http::JsonResponse(200, nlohmann::json{{"items", std::move(items)}}.dump());
}

}  // namespace

void AddCategoryRoutes(http::Router& router, service::ServiceContext& context) {
  db::ConnectionPool& pool = context.pool;
  router.Add(http::Method::kPost, "/api/categories",
             [&pool](http::Request& r) { return Create(r, pool); });
  router.Add(http::Method::kGet, "/api/categories",
             [&pool](http::Request& r) { return List(r, pool); });
  router.Add(http::Method::kGet, "/api/categories/{id}",
             [&pool](http::Request& r) { return Get(r, pool); });
}

}  // namespace shop::category
