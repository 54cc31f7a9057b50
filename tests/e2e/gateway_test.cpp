// The gateway's routing surface over real sockets: accounts through /auth, public and protected
// routes, forged tokens refused at the edge, what reaches an upstream, CORS, unknown prefixes,
// /ready and /metrics.
#include <sys/wait.h>

#include <cstdio>
#include <fstream>

#include "gateway_fixture.hpp"
#include "platform/auth/token_test_support.hpp"
#include "platform/http/request_id.hpp"
#include "platform/http/test_client.hpp"

namespace shop::testing {
namespace {

using namespace std::chrono_literals;
namespace forge = shop::auth::testing;

TEST_F(GatewayTest, RegisterLoginAndMeThroughTheGateway) {
  const nlohmann::json credentials = {{"email", "ada@shop.test"},
                                      {"password", "analytical engine"}};
  const HttpResult created = Call("POST", "/auth/register", credentials.dump());
  ASSERT_EQ(created.status, 201u) << created.body;
  EXPECT_EQ(Call("POST", "/auth/register", credentials.dump()).status, 409u);

  const HttpResult wrong =
      Call("POST", "/auth/login",
           nlohmann::json{{"email", "ada@shop.test"}, {"password", "wrong password"}}.dump());
  EXPECT_EQ(wrong.status, 401u);
  EXPECT_EQ(wrong.headers.at("content-type"), "application/problem+json");

  const HttpResult login = Call("POST", "/auth/login", credentials.dump());
  ASSERT_EQ(login.status, 200u) << login.body;
  const HttpResult me = CallWithToken("GET", "/auth/me", Json(login).at("access_token"));
  ASSERT_EQ(me.status, 200u) << me.body;
  EXPECT_EQ(Json(me).at("id"), Json(created).at("id"));
  EXPECT_EQ(Json(me).at("email"), "ada@shop.test");
}

TEST_F(GatewayTest, EveryForgedTokenIsRefusedAtTheEdge) {
  // cart stands in for a protected service: if the gateway let a token through, it would count.
  ASSERT_EQ(CallWithToken("GET", "/cart", ForgedToken()).status, 200u)
      << "a token the gateway accepts must pass, or the refusals below prove nothing";
  const int reached = echo_->requests();

  const auto now = std::chrono::system_clock::now();
  const nlohmann::json payload = forge::ValidPayload(now);
  const std::string none =
      forge::SigningInput({{"alg", "none"}, {"typ", "JWT"}, {"kid", kKid}}, payload) + ".";
  const std::string hs256 = forge::Hs256Token(
      forge::PublicPem(*key_), {{"alg", "HS256"}, {"typ", "JWT"}, {"kid", kKid}}, payload);
  std::string tampered = ForgedToken();
  tampered[tampered.find('.') + 5] ^= 1;
  const std::string valid = ForgedToken();
  const std::map<std::string, std::string> forged = {
      {"alg none", none},
      {"HS256 signed with the public key", hs256},
      {"expired", ForgedToken({{"exp", forge::Seconds(now - 2h)}})},
      {"not yet valid", ForgedToken({{"nbf", forge::Seconds(now + 2h)}})},
      {"wrong issuer", ForgedToken({{"iss", "evil"}})},
      {"wrong audience", ForgedToken({{"aud", "other"}})},
      {"unknown kid", forge::SignedToken(*key_, forge::Es256Header("no-such-kid"), payload)},
      {"tampered payload", tampered},
      {"truncated", valid.substr(0, valid.size() - 10)},
  };
  for (const auto& [name, token] : forged) {
    for (const char* target : {"/cart", "/auth/me"}) {
      const HttpResult r = CallWithToken("GET", target, token);
      EXPECT_EQ(r.status, 401u) << name << " on " << target << ": " << r.body;
      EXPECT_EQ(r.headers.at("content-type"), "application/problem+json") << name;
      EXPECT_TRUE(r.headers.contains("www-authenticate")) << name;
      EXPECT_EQ(r.body.find(token), std::string::npos) << name << ": the token must not be echoed";
    }
  }
  const HttpResult missing = Call("GET", "/cart");
  EXPECT_EQ(missing.status, 401u);
  EXPECT_EQ(missing.headers.at("www-authenticate"), "Bearer");
  EXPECT_EQ(echo_->requests(), reached) << "no refused request may reach the service";
}

TEST_F(GatewayTest, ReadsOfTheCatalogueArePublicAndWritesNeedAToken) {
  EXPECT_EQ(Call("GET", "/api/categories").status, 200u);
  EXPECT_EQ(Call("GET", "/api/products").status, 200u);
  http::testing::TestClient client(gateway_->port());
  const auto head = client.Send(
      http::testing::TestClient::MakeRequest(boost::beast::http::verb::head, "/api/products"));
  EXPECT_EQ(head.result_int(), 200);
  EXPECT_GT(std::stoul(std::string(head[boost::beast::http::field::content_length])), 0u)
      << "HEAD tells the length a GET would have";
  EXPECT_EQ(Call("GET", "/auth/.well-known/jwks.json").status, 200u);
  const HttpResult write = Call("POST", "/api/categories", R"({"name":"Books"})");
  EXPECT_EQ(write.status, 401u) << write.body;
  EXPECT_EQ(Call("DELETE", "/api/products/1").status, 401u);
  EXPECT_EQ(Call("GET", "/orders").status, 401u);
}

TEST_F(GatewayTest, TheUpstreamGetsTheTokenAndCorrelationButNoClientIdentityOrHopByHopHeaders) {
  const std::string token = ForgedToken();
  const std::string traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  const HttpResult r = Call("POST", "/cart/items?x=%2F1", R"({"sku":"a"})",
                            {{"Authorization", "Bearer " + token},
                             {"X-User-Id", "someone-else"},
                             {"X-User-Role", "admin"},
                             {"X-Request-ID", "client-chosen-id"},
                             {"traceparent", traceparent},
                             {"X-Forwarded-For", "203.0.113.66"},
                             {"Connection", "X-Secret-Hop"},
                             {"X-Secret-Hop", "1"},
                             {"Keep-Alive", "timeout=5"},
                             {"Upgrade", "websocket"}});
  ASSERT_EQ(r.status, 200u) << r.body;
  const nlohmann::json seen = Json(r);
  const nlohmann::json& headers = seen.at("headers");
  EXPECT_EQ(seen.at("method"), "POST");
  EXPECT_EQ(seen.at("target"), "/cart/items?x=%2F1") << "the target goes up as received";
  EXPECT_EQ(seen.at("body"), R"({"sku":"a"})");
  EXPECT_EQ(headers.at("authorization"), "Bearer " + token);
  EXPECT_EQ(headers.at("x-request-id"), "client-chosen-id");
  EXPECT_EQ(headers.at("traceparent"), traceparent);
  EXPECT_EQ(headers.at("x-forwarded-for"), "127.0.0.1") << "a client's claim is not believed";
  for (const char* name :
       {"x-user-id", "x-user-role", "x-secret-hop", "keep-alive", "upgrade", "transfer-encoding"}) {
    EXPECT_FALSE(headers.contains(name)) << name << " reached the upstream: " << headers.dump();
  }
  EXPECT_EQ(r.headers.at("x-request-id"), "client-chosen-id");
  EXPECT_EQ(r.headers.at("ratelimit-limit"), "1000000");
}

TEST_F(GatewayTest, TheGatewayStartsATraceWhenTheClientSendsNone) {
  const HttpResult r = CallWithToken("GET", "/cart", ForgedToken());
  ASSERT_EQ(r.status, 200u) << r.body;
  const std::string sent = Json(r).at("headers").value("traceparent", "");
  EXPECT_EQ(http::ValidTraceparent(sent), sent) << "the upstream got no valid traceparent";
  EXPECT_FALSE(sent.empty());
  EXPECT_EQ(r.headers.at("traceparent"), sent) << "the client learns the trace it is part of";
}

TEST_F(GatewayTest, AnUnknownPrefixIsA404Problem) {
  for (const char* target : {"/nowhere", "/api", "/api/productsX", "/cartoon"}) {
    const HttpResult r = Call("GET", target);
    EXPECT_EQ(r.status, 404u) << target;
    EXPECT_EQ(r.headers.at("content-type"), "application/problem+json") << target;
    EXPECT_EQ(Json(r).at("status"), 404) << target;
  }
}

TEST_F(GatewayTest, CorsPreflightsAreAnsweredByTheGatewayForConfiguredOrigins) {
  const int reached = echo_->requests();
  const HttpResult preflight = Call("OPTIONS", "/cart/items", "",
                                    {{"Origin", kOrigin},
                                     {"Access-Control-Request-Method", "POST"},
                                     {"Access-Control-Request-Headers", "authorization"}});
  EXPECT_EQ(preflight.status, 204u);
  EXPECT_EQ(preflight.headers.at("access-control-allow-origin"), kOrigin);
  EXPECT_NE(preflight.headers.at("access-control-allow-methods").find("POST"), std::string::npos);
  EXPECT_NE(preflight.headers.at("access-control-allow-headers").find("Authorization"),
            std::string::npos);
  const HttpResult stranger =
      Call("OPTIONS", "/cart", "",
           {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "DELETE"}});
  EXPECT_EQ(stranger.status, 403u);
  EXPECT_FALSE(stranger.headers.contains("access-control-allow-origin"));
  EXPECT_EQ(echo_->requests(), reached) << "preflights are never forwarded";

  const HttpResult read = Call("GET", "/api/categories", "", {{"Origin", kOrigin}});
  EXPECT_EQ(read.status, 200u);
  EXPECT_EQ(read.headers.at("access-control-allow-origin"), kOrigin);
  EXPECT_NE(read.headers.at("access-control-expose-headers").find("RateLimit-Remaining"),
            std::string::npos);
}

TEST_F(GatewayTest, UpstreamConnectionsAreKeptAlive) {
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(Call("GET", "/api/categories").status, 200u);
  }
  const auto opened =
      MetricValue(Metrics(*gateway_), R"(upstream_connections_opened_total{upstream="category"})");
  ASSERT_TRUE(opened.has_value());
  EXPECT_LE(*opened, 2) << "20 sequential requests should share a pooled connection";
}

TEST_F(GatewayTest, ReadyAndMetricsReportEachUpstream) {
  ASSERT_EQ(Call("GET", "/api/products").status, 200u);
  EXPECT_EQ(Call("GET", "/orders", "", {{"Authorization", "Bearer " + ForgedToken()}}).status, 503u)
      << "order-service does not exist: unreachable";
  const HttpResult ready = Call("GET", "/ready");
  ASSERT_EQ(ready.status, 200u) << ready.body;
  const nlohmann::json body = Json(ready);
  for (const char* upstream : {"auth", "category", "product", "cart", "order"}) {
    EXPECT_EQ(body.at("upstreams").at(upstream).at("state"), "closed") << upstream;
  }
  EXPECT_EQ(body.at("jwt_keys"), "loaded");

  const std::string metrics = Metrics(*gateway_);
  EXPECT_GE(
      MetricValue(metrics, R"(upstream_requests_total{upstream="product",status_class="2xx"})")
          .value_or(0),
      1);
  EXPECT_GE(
      MetricValue(metrics, R"(upstream_requests_total{upstream="order",status_class="error"})")
          .value_or(0),
      1);
  EXPECT_TRUE(MetricValue(metrics, R"(upstream_circuit_state{upstream="product"})"));
  EXPECT_TRUE(MetricValue(metrics, R"(gateway_rate_limited_total{class="auth"})"));
  EXPECT_NE(metrics.find("upstream_request_duration_seconds_bucket{upstream=\"product\""),
            std::string::npos);
  const std::string file = keys_dir_ + "/gateway-metrics.txt";
  std::ofstream(file) << metrics;
  const auto [status, output] = RunCommand("promtool check metrics < " + file);
  EXPECT_EQ(status, 0) << output;
}

}  // namespace
}  // namespace shop::testing
