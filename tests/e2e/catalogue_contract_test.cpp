// category-service and product-service checked against their OpenAPI documents by schemathesis
// (schemas/openapi/category.yaml, product.yaml), on real Postgres, with ids that exist so the
// runs reach the successful answers and not only the 4xx ones.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "schemathesis_run.hpp"
#include "service_process.hpp"
#include "test_identity.hpp"

namespace shop::testing {
namespace {

// POSTs `body` (as the admin of TestIdentity) and returns the new resource's id.
std::string Create(const ServiceProcess& service, const std::string& target,
                   const nlohmann::json& body) {
  const HttpResult created =
      service.Call("POST", target, body.dump(), {{"Content-Type", "application/json"}});
  if (created.status != 201) {
    throw std::runtime_error("POST " + target + " answered " + std::to_string(created.status) +
                             ": " + created.body);
  }
  return nlohmann::json::parse(created.body).at("id");
}

std::string CreateCategory(const ServiceProcess& categories, const std::string& name,
                           const std::string& parent_id = {}) {
  nlohmann::json body = {{"name", name}};
  if (!parent_id.empty()) {
    body["parent_id"] = parent_id;
  }
  return Create(categories, "/api/categories", body);
}

TEST(CatalogueContractTest, CategoryServiceAnswersAsItsDocumentSays) {
  const ServiceProcess categories(CATEGORY_SERVICE_BIN, CreateDatabase("contract_category"));
  // A parent with children, so the tree (?tree=true) nests something.
  const std::string garden = CreateCategory(categories, "Garden");
  const std::string tools = CreateCategory(categories, "Tools", garden);
  const std::string seeds = CreateCategory(categories, "Seeds", garden);

  SchemathesisRun run("category.yaml", categories.port(), TestIdentity::Shared().AdminToken());
  run.known_values = {{"id", {garden, tools, seeds}}, {"parent_id", {garden}}};
  const SchemathesisResult result = RunSchemathesis(run);
  EXPECT_EQ(result.exit_status, 0) << result.report;
  ExpectEachRouteSucceeded(result, {{"GET", "/api/categories", 200},
                                    {"POST", "/api/categories", 201},
                                    {"GET", "/api/categories/{id}", 200},
                                    {"PATCH", "/api/categories/{id}", 200},
                                    {"DELETE", "/api/categories/{id}", 204}});
}

TEST(CatalogueContractTest, ProductServiceAnswersAsItsDocumentSays) {
  const ServiceProcess categories(CATEGORY_SERVICE_BIN, CreateDatabase("contract_product_cat"));
  // product-service learns these categories from category-service on its replica's misses.
  const ServiceProcess products(
      PRODUCT_SERVICE_BIN, CreateDatabase("contract_product"),
      {{"SHOP_CATEGORY_URL", "http://127.0.0.1:" + std::to_string(categories.port())}});
  const std::string lighting = CreateCategory(categories, "Lighting");
  const std::string furniture = CreateCategory(categories, "Furniture");
  const std::string lamp = Create(products, "/api/products",
                                  {{"name", "Lamp"},
                                   {"description", "bright"},
                                   {"price", "12.50"},
                                   {"stock", 3},
                                   {"category_id", lighting}});
  const std::string chair =
      Create(products, "/api/products",
             {{"name", "Chair"}, {"price", "30.00"}, {"stock", 5}, {"category_id", furniture}});

  SchemathesisRun run("product.yaml", products.port(), TestIdentity::Shared().AdminToken());
  run.known_values = {{"id", {lamp, chair}}, {"category_id", {lighting, furniture}}};
  const SchemathesisResult result = RunSchemathesis(run);
  EXPECT_EQ(result.exit_status, 0) << result.report;
  ExpectEachRouteSucceeded(result, ProductRouteSuccesses());
}

}  // namespace
}  // namespace shop::testing
