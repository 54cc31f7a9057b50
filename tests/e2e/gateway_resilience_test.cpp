// The gateway under abuse and failure: smuggling attempts on a raw socket, oversized bodies, rate
// limits per client and per user (and their reset), and product-service stopped and restarted
// behind an open circuit breaker.
#include <csignal>

#include "gateway_fixture.hpp"
#include "platform/http/test_client.hpp"

namespace shop::testing {
namespace {

using namespace std::chrono_literals;
using http::testing::TestClient;

std::string Header(const HttpResult& result, const std::string& name) {
  const auto it = result.headers.find(name);
  return it == result.headers.end() ? "" : it->second;
}

TEST_F(GatewayTest, SmugglingAttemptsAreRefusedWith400AndNeverForwarded) {
  const std::string auth = "Authorization: Bearer " + ForgedToken() + "\r\n";
  const std::string next = "GET /cart/smuggled HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n";
  const std::map<std::string, std::string> attempts = {
      {"Content-Length with Transfer-Encoding",
       "POST /cart HTTP/1.1\r\nHost: x\r\n" + auth +
           "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + next},
      {"Transfer-Encoding with Content-Length",
       "POST /cart HTTP/1.1\r\nHost: x\r\n" + auth +
           "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n" + next},
      {"an unknown coding before Content-Length",
       "POST /cart HTTP/1.1\r\nHost: x\r\n" + auth +
           "Transfer-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello" + next},
      {"conflicting Content-Lengths", "POST /cart HTTP/1.1\r\nHost: x\r\n" + auth +
                                          "Content-Length: 5\r\nContent-Length: 7\r\n\r\nhello!!" +
                                          next},
  };
  const int reached = echo_->requests();
  for (const auto& [name, raw] : attempts) {
    TestClient client(gateway_->port());
    client.SendRaw(raw);
    const auto response = client.Read();
    EXPECT_EQ(response.result_int(), 400) << name;
    EXPECT_EQ(response[boost::beast::http::field::content_type], "application/problem+json");
    EXPECT_FALSE(response.keep_alive()) << name;
    EXPECT_TRUE(client.ServerClosesWithinDeadline()) << name;
  }
  EXPECT_EQ(echo_->requests(), reached) << "a refused request reached the upstream";

  // The control: a well-framed chunked body is forwarded, re-framed with a Content-Length.
  TestClient client(gateway_->port());
  client.SendRaw("POST /cart HTTP/1.1\r\nHost: x\r\n" + auth +
                 "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  const auto response = client.Read();
  ASSERT_EQ(response.result_int(), 200) << response.body();
  const nlohmann::json seen = nlohmann::json::parse(response.body());
  EXPECT_EQ(seen.at("body"), "hello");
  EXPECT_EQ(seen.at("headers").at("content-length"), "5");
  EXPECT_FALSE(seen.at("headers").contains("transfer-encoding"));
  EXPECT_EQ(echo_->requests(), reached + 1);
}

TEST_F(GatewayTest, ABodyOverTheLimitIs413AndNeverForwarded) {
  const int reached = echo_->requests();
  const HttpResult r = CallWithToken("POST", "/cart", ForgedToken(), std::string(100 * 1024, 'x'));
  EXPECT_EQ(r.status, 413u);
  EXPECT_EQ(Header(r, "content-type"), "application/problem+json");
  EXPECT_EQ(echo_->requests(), reached);
}

TEST_F(GatewayTest, FortyBadLoginsFromOneClientMeet429BeforeTheFortieth) {
  const auto gateway = StartGateway({{"SHOP_GATEWAY_RATE_AUTH", "20"}});  // the default limit
  const std::string bad_login =
      nlohmann::json{{"email", "nobody@shop.test"}, {"password", "guessing again"}}.dump();
  int first_refusal = -1;
  for (int i = 0; i < 40 && first_refusal < 0; ++i) {
    const HttpResult r =
        gateway->Call("POST", "/auth/login", bad_login, {{"Content-Type", "application/json"}});
    if (r.status == 429) {
      first_refusal = i;
      EXPECT_EQ(Header(r, "content-type"), "application/problem+json");
      EXPECT_GE(std::stoi(Header(r, "retry-after")), 1);
      EXPECT_EQ(Header(r, "ratelimit-limit"), "20");
      EXPECT_EQ(Header(r, "ratelimit-remaining"), "0");
      EXPECT_GE(std::stoi(Header(r, "ratelimit-reset")), 1);
      EXPECT_EQ(Header(r, "ratelimit-policy"), "20;w=60");
    } else {
      ASSERT_EQ(r.status, 401u) << "login " << i + 1 << ": " << r.body;
      EXPECT_EQ(Header(r, "ratelimit-limit"), "20");
    }
  }
  ASSERT_GE(first_refusal, 0) << "40 bad logins were never limited";
  EXPECT_LT(first_refusal, 39) << "the 40th must not be the first refusal";
  EXPECT_GE(first_refusal, 20) << "the first 20 are within the limit";
  EXPECT_GE(
      MetricValue(Metrics(*gateway), R"(gateway_rate_limited_total{class="auth"})").value_or(0), 1);
}

TEST_F(GatewayTest, LimitsResetAfterTheWindow) {
  // 3 per 2 s: a token comes back every 0.67 s, the whole quota after 2 quiet seconds (the
  // limiter's unit tests check that exactly, with a fake clock). Polling spends tokens itself, so
  // here: refused now, served again once the window has run.
  const auto gateway =
      StartGateway({{"SHOP_GATEWAY_RATE_AUTH", "3"}, {"SHOP_GATEWAY_RATE_WINDOW", "2s"}});
  const auto jwks = [&] { return gateway->Call("GET", "/auth/.well-known/jwks.json"); };
  HttpResult refused;
  for (int i = 0; i < 6 && refused.status != 429; ++i) {
    refused = jwks();
  }
  ASSERT_EQ(refused.status, 429u) << "3 per window were allowed, 6 were sent";
  EXPECT_EQ(Header(refused, "ratelimit-policy"), "3;w=2");
  EXPECT_LE(std::stoi(Header(refused, "ratelimit-reset")), 2);
  EXPECT_TRUE(WaitFor([&] { return jwks().status == 200; }, 10s))
      << "the client is still refused after the window";
}

TEST_F(GatewayTest, AUserIsLimitedWhateverAddressTheyComeFrom) {
  // Behind a trusted proxy each request comes from another client address, so only the user's
  // own bucket can stop them.
  const auto gateway = StartGateway(
      {{"SHOP_GATEWAY_RATE_OTHER", "5"}, {"SHOP_GATEWAY_TRUSTED_PROXIES", "127.0.0.1"}});
  const std::string token = ForgedToken();
  int passed = 0;
  int refused = 0;
  for (int i = 0; i < 8; ++i) {
    const HttpResult r =
        gateway->Call("GET", "/cart", "",
                      {{"Authorization", "Bearer " + token},
                       {"X-Forwarded-For", "198.51.100." + std::to_string(i + 1)}});
    (r.status == 429 ? refused : passed)++;
    if (r.status == 200) {
      EXPECT_EQ(nlohmann::json::parse(r.body).at("headers").at("x-forwarded-for"),
                "198.51.100." + std::to_string(i + 1) + ", 127.0.0.1");
    }
  }
  EXPECT_EQ(passed, 5);
  EXPECT_EQ(refused, 3);
  const HttpResult other_user =
      gateway->Call("GET", "/cart", "",
                    {{"Authorization", "Bearer " + ForgedToken({{"sub", "user-43"}})},
                     {"X-Forwarded-For", "198.51.100.99"}});
  EXPECT_EQ(other_user.status, 200u);
}

TEST_F(GatewayTest, AStoppedProductServiceFailsFastAndComesBackWithinSeconds) {
  ASSERT_EQ(Call("GET", "/api/products").status, 200u);
  product_->process().Signal(SIGKILL);
  ASSERT_TRUE(product_->process().Wait(10s).has_value());

  // Failures open the breaker (3 in a row); from then on the gateway answers without trying.
  bool open = false;
  for (int i = 0; i < 10 && !open; ++i) {
    const HttpResult r = Call("GET", "/api/products");
    ASSERT_EQ(r.status, 503u) << r.body;
    EXPECT_EQ(Header(r, "content-type"), "application/problem+json");
    EXPECT_FALSE(Header(r, "retry-after").empty());
    open = Json(r).at("type") == "urn:shop:problem:circuit-open";
  }
  ASSERT_TRUE(open) << "the breaker never opened";
  EXPECT_EQ(MetricValue(Metrics(*gateway_), R"(upstream_circuit_state{upstream="product"})"), 2.0);

  const std::string attempts =
      R"(upstream_requests_total{upstream="product",status_class="error"})";
  const std::string rejected = R"(upstream_rejected_total{upstream="product"})";
  const std::string before = Metrics(*gateway_);
  int fast = 0;
  for (int i = 0; i < 5; ++i) {
    const HttpResult r = Call("GET", "/api/products/00000000-0000-0000-0000-000000000001");
    ASSERT_EQ(r.status, 503u);
    fast += Json(r).at("type") == "urn:shop:problem:circuit-open" ? 1 : 0;
  }
  const std::string after = Metrics(*gateway_);
  EXPECT_GE(fast, 1);
  EXPECT_EQ(*MetricValue(after, rejected) - *MetricValue(before, rejected), fast)
      << "each fast 503 was refused by the breaker";
  EXPECT_EQ(*MetricValue(after, attempts) - *MetricValue(before, attempts), 5 - fast)
      << "no attempt reached the network for a fast 503 (only a half-open probe may)";

  // Other routes are unaffected, and /ready says which upstream is failing.
  EXPECT_EQ(Call("GET", "/api/categories").status, 200u);
  const HttpResult ready = Call("GET", "/ready");
  EXPECT_EQ(ready.status, 200u) << "one failing upstream does not take the gateway out";
  EXPECT_NE(Json(ready).at("upstreams").at("product").at("state"), "closed");
  EXPECT_EQ(Json(ready).at("status"), "degraded");

  StartProduct();  // same port, same database
  EXPECT_TRUE(WaitFor([] { return Call("GET", "/api/products").status == 200; }, 30s))
      << "the gateway did not notice product-service came back";
  EXPECT_EQ(MetricValue(Metrics(*gateway_), R"(upstream_circuit_state{upstream="product"})"), 0.0);
}

}  // namespace
}  // namespace shop::testing
