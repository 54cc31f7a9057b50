// The gateway checked against schemas/openapi/gateway.yaml by schemathesis, in front of its real
// upstreams, as the admin, with ids that exist so the product routes answer 2xx through it.
#include "gateway_fixture.hpp"
#include "schemathesis_run.hpp"

namespace shop::testing {
namespace {

TEST_F(GatewayTest, TheGatewayAnswersAsItsDocumentSays) {
  const HttpResult login =
      Call("POST", "/auth/login",
           nlohmann::json{{"email", kAdminEmail}, {"password", kAdminPassword}}.dump());
  ASSERT_EQ(login.status, 200u) << login.body;
  const std::string token = Json(login).at("access_token");
  const auto create = [&](const std::string& target, const nlohmann::json& body) -> std::string {
    const HttpResult created = CallWithToken("POST", target, token, body.dump());
    EXPECT_EQ(created.status, 201u) << target << ": " << created.body;
    return Json(created).value("id", "");
  };
  const std::string lighting = create("/api/categories", {{"name", "Lighting"}});
  // The category routes get their own category: a DELETE of it must not take the products' away.
  const std::string scratch = create("/api/categories", {{"name", "Scratch"}});
  const std::string lamp =
      create("/api/products",
             {{"name", "Lamp"}, {"price", "12.50"}, {"stock", 3}, {"category_id", lighting}});
  ASSERT_FALSE(HasFailure());

  // Every prefix reaches an upstream: the echo stands in for cart-, order-, payment- and
  // delivery-service.
  const std::string echo = "http://127.0.0.1:" + std::to_string(echo_->port());
  const std::unique_ptr<ServiceProcess> gateway = StartGateway(
      {{"SHOP_ORDER_URL", echo}, {"SHOP_PAYMENT_URL", echo}, {"SHOP_DELIVERY_URL", echo}});
  SchemathesisRun run("gateway.yaml", gateway->port(), token);
  run.known_values = {{"/api/products/{rest}", {{"rest", {lamp}}}},
                      {"/api/categories/{rest}", {{"rest", {scratch}}}},
                      {"/auth/{rest}", {{"rest", {"me"}}}},
                      {"category_id", {lighting}},
                      {"parent_id", {scratch}}};
  run.max_examples = 15;  // 77 operations, most of them any path under a prefix
  const SchemathesisResult result = RunSchemathesis(run);
  EXPECT_EQ(result.exit_status, 0) << result.report;
  ExpectEachRouteSucceeded(result, ProductRouteSuccesses());
}

}  // namespace
}  // namespace shop::testing
