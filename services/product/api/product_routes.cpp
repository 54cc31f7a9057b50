#include "product/api/product_routes.hpp"

#include <nlohmann/json.hpp>

#include "events/catalog/product_events.hpp"
#include "events/outbox_writer.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/problem.hpp"
#include "product/api/category_resolution.hpp"
#include "product/domain/page_cursor.hpp"
#include "product/domain/price.hpp"
#include "product/domain/product_access.hpp"
#include "product/domain/product_edit.hpp"
#include "product/domain/product_event_state.hpp"
#include "product/domain/product_rules.hpp"
#include "product/store/product_store.hpp"

namespace shop::product {
namespace {

// The body of responses (schemas/openapi/product.yaml). Events have their own encoding
// (domain/product_event_state.hpp).
nlohmann::json ToJson(const Product& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"description", p.description ? nlohmann::json(*p.description) : nlohmann::json()},
          {"price", p.price},
          {"stock", p.stock},
          {"category_id", p.category_id},
          {"category_name", p.category_name},
          {"seller_id", p.seller_id ? nlohmann::json(*p.seller_id) : nlohmann::json()},
          {"version", p.version}};
}

http::HttpError FieldError(const std::string& field, const std::string& message) {
  return http::Unprocessable(field + " " + message, {{{"field", field}, {"message", message}}});
}

// Ids that are not UUIDs cannot name a product: 404, as for an unknown UUID.
const std::string& ProductIdParam(const http::Request& request) {
  const std::string& id = request.PathParam("id");
  if (!IsUuid(id)) {
    throw http::NotFound("no product with id " + id);
  }
  return id;
}

std::string ValidName(const std::string& raw) {
  std::string name = TrimName(raw);
  if (const auto violation = NameViolation(name)) {
    throw FieldError("name", *violation);
  }
  return name;
}

std::string ValidPrice(const std::string& raw) {
  PriceParse parsed = PriceParse::From(raw);
  if (!parsed.price) {
    throw FieldError("price", parsed.violation);
  }
  return parsed.price->text();
}

long long ValidStock(std::int64_t stock) {
  if (const auto violation = StockViolation(stock)) {
    throw FieldError("stock", *violation);
  }
  return stock;
}

std::string ValidCategoryId(std::string id) {
  if (!IsUuid(id)) {
    throw FieldError("category_id", "must be a UUID");
  }
  return id;
}

// JSON null or absent: no description.
std::optional<std::string> OptionalDescription(const http::JsonBody& body) {
  return body.IsNull("description") ? std::nullopt : body.OptionalString("description");
}

struct Routes {
  db::ConnectionPool& pool;
  CategoryResolution categories;
  const auth::Authenticator& authenticator;
  events::Outbox outbox{"product", events::Outbox::kPrepared};

  // A read of one statement, sent alone (autocommit): one round trip instead of BEGIN, the
  // statement and COMMIT; a single statement sees one snapshot either way. Errors map as in
  // WithTransaction.
  template <typename Read>
  auto ReadOnce(Read&& read) const {
    return pool.Run([&](pqxx::connection& c) {
      pqxx::nontransaction txn(c);
      return read(txn);
    });
  }

  // The caller of a write, from the verified access token (401 without one).
  Writer Caller(const http::Request& request) const {
    const auth::Principal principal = authenticator.Authenticate(request);
    return Writer{.user_id = principal.user_id, .role = principal.role};
  }
  static void RequireMayChange(const Writer& writer, const Product& product) {
    if (const auto refusal = ChangeRefusal(writer, product.seller_id)) {
      throw http::Forbidden(*refusal);
    }
  }

  http::Response Create(http::Request& request) const {
    const Writer writer = Caller(request);
    if (const auto refusal = CreateRefusal(writer)) {
      throw http::Forbidden(*refusal);
    }
    const http::JsonBody body(request);
    NewProduct input;
    input.seller_id = writer.user_id;
    input.name = ValidName(body.RequiredString("name"));
    input.description = OptionalDescription(body);
    input.price = ValidPrice(body.RequiredString("price"));
    input.stock = ValidStock(body.RequiredInt64("stock"));
    const std::string category_id = ValidCategoryId(body.RequiredString("category_id"));

    const Product created = categories.WriteWithCategoryFallback(request, [&](pqxx::work& txn) {
      input.category = RequireLiveCategory(txn, category_id);
      Product product = InsertProduct(txn, input);
      outbox.Append(txn, events::ProductCreated{EventState(product)}, request.traceparent);
      return product;
    });
    http::Response response = http::JsonResponse(201, ToJson(created).dump());
    response.headers.Set("Location", "/api/products/" + created.id);
    return response;
  }

  http::Response Get(http::Request& request) const {
    const std::string& id = ProductIdParam(request);
    const auto product = ReadOnce([&](pqxx::nontransaction& txn) { return FindProduct(txn, id); });
    if (!product) {
      throw http::NotFound("no product with id " + id);
    }
    return http::JsonResponse(200, ToJson(*product).dump());
  }

  static ProductFilter ParseFilter(const http::Request& request) {
    ProductFilter filter;
    const std::optional<int> limit = ParsePageSize(request.QueryParam("limit"));
    if (!limit) {
      throw http::BadRequest("limit must be an integer from 1 to " + std::to_string(kMaxPageSize));
    }
    filter.limit = *limit;
    if (const auto category_id = request.QueryParam("category_id")) {
      if (!IsUuid(*category_id)) {
        throw http::BadRequest("category_id must be a UUID");
      }
      filter.category_id = std::string(*category_id);
    }
    if (const auto q = request.QueryParam("q"); q && !q->empty()) {
      filter.name_contains = std::string(*q);
    }
    if (const auto cursor = request.QueryParam("cursor")) {
      filter.after_id = DecodeCursor(*cursor);
      if (!filter.after_id) {
        throw http::BadRequest("cursor is not one this service issued");
      }
    }
    return filter;
  }

  // Fetches one row more than the page to learn whether a next page exists.
  http::Response List(http::Request& request) const {
    ProductFilter filter = ParseFilter(request);
    const int page_size = filter.limit;
    filter.limit = page_size + 1;
    std::vector<Product> rows =
        ReadOnce([&](pqxx::nontransaction& txn) { return ListProducts(txn, filter); });
    nlohmann::json next_cursor = nullptr;
    if (rows.size() > static_cast<std::size_t>(page_size)) {
      rows.resize(page_size);
      next_cursor = EncodeCursor(rows.back().id);
    }
    nlohmann::json items = nlohmann::json::array();
    for (const Product& row : rows) {
      items.push_back(ToJson(row));
    }
    return http::JsonResponse(
        200, nlohmann::json{{"items", std::move(items)}, {"next_cursor", next_cursor}}.dump());
  }

  static ProductEdit ParseEdit(const http::Request& request) {
    const http::JsonBody body(request);
    ProductEdit edit;
    if (const auto name = body.OptionalString("name")) {
      edit.name = ValidName(*name);
    }
    if (body.Has("description")) {
      edit.description = OptionalDescription(body);
    }
    if (const auto price = body.OptionalString("price")) {
      edit.price = ValidPrice(*price);
    }
    if (const auto stock = body.OptionalInt64("stock")) {
      edit.stock = ValidStock(*stock);
    }
    if (auto category_id = body.OptionalString("category_id")) {
      edit.category_id = ValidCategoryId(std::move(*category_id));
    }
    return edit;
  }

  // A PATCH that changes nothing answers 200 with the stored product and keeps its version.
  http::Response Patch(http::Request& request) const {
    const Writer writer = Caller(request);
    const std::string& id = ProductIdParam(request);
    const ProductEdit edit = ParseEdit(request);
    const Product product = categories.WriteWithCategoryFallback(request, [&](pqxx::work& txn) {
      // The category row before the product row: the consumer locks a category, then its
      // products; taking them in the same order cannot deadlock with it.
      std::optional<ReplicaCategory> requested;
      if (edit.category_id) {
        requested = FindReplicaCategory(txn, *edit.category_id);
      }
      const std::optional<Product> current = LockProduct(txn, id);
      if (!current) {
        throw http::NotFound("no product with id " + id);
      }
      RequireMayChange(writer, *current);
      std::optional<CategoryRef> new_category;
      if (ChangesCategory(*current, edit)) {
        new_category = RequireLiveCategory(std::move(requested), *edit.category_id);
      }
      const std::optional<Product> next = ApplyEdit(*current, edit, new_category);
      if (!next) {
        return *current;
      }
      Product updated = UpdateProduct(txn, *next, new_category ? new_category->version : 0);
      outbox.Append(txn, events::ProductUpdated{EventState(updated)}, request.traceparent);
      return updated;
    });
    return http::JsonResponse(200, ToJson(product).dump());
  }

  http::Response Delete(http::Request& request) const {
    const Writer writer = Caller(request);
    const std::string& id = ProductIdParam(request);
    const bool deleted = pool.WithTransaction([&](pqxx::work& txn) {
      std::optional<Product> last = LockProduct(txn, id);
      if (!last) {
        return false;
      }
      RequireMayChange(writer, *last);
      if (!DeleteProduct(txn, id)) {
        return false;
      }
      // The deletion is the product's last change: it carries the next version, so a consumer
      // never lets an older update overwrite the tombstone.
      ++last->version;
      outbox.Append(txn, events::ProductDeleted::WithLastState(EventState(*last)),
                    request.traceparent);
      return true;
    });
    if (!deleted) {
      throw http::NotFound("no product with id " + id);
    }
    return http::EmptyResponse(204);
  }
};

}  // namespace

void AddProductRoutes(http::Router& router, service::ServiceContext& context,
                      CategoryDirectory& categories, const auth::Authenticator& authenticator) {
  // Shared by every route; immutable (the directory is thread-safe), so safe on all workers.
  auto routes = std::make_shared<const Routes>(
      Routes{.pool = context.pool,
             .categories = CategoryResolution(context.pool, categories),
             .authenticator = authenticator});
  router.Add(http::Method::kPost, "/api/products",
             [routes](http::Request& r) { return routes->Create(r); });
  router.Add(http::Method::kGet, "/api/products",
             [routes](http::Request& r) { return routes->List(r); });
  router.Add(http::Method::kGet, "/api/products/{id}",
             [routes](http::Request& r) { return routes->Get(r); });
  router.Add(http::Method::kPatch, "/api/products/{id}",
             [routes](http::Request& r) { return routes->Patch(r); });
  router.Add(http::Method::kDelete, "/api/products/{id}",
             [routes](http::Request& r) { return routes->Delete(r); });
}

}  // namespace shop::product
