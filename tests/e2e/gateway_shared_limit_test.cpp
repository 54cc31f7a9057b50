// Two gateways sharing one Redis (decision 0038), real processes on loopback: a private
// redis-server, two gateway binaries over the same auth-service (gateway_fixture.hpp). One client's
// logins spread over both gateways meet the configured limit once, not once per gateway; with
// Redis stopped each gateway limits on its own (and says so in its metrics and log); with Redis
// back the limit is shared again. Label `scale`.

#include "gateway_fixture.hpp"
#include "redis_server.hpp"

namespace shop::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kLimit = 20;

std::string Header(const HttpResult& result, const std::string& name) {
  const auto it = result.headers.find(name);
  return it == result.headers.end() ? "" : it->second;
}

struct Count {
  int passed = 0;   // reached auth-service (401: a bad password)
  int refused = 0;  // 429 from the gateway
  int passed_by[2] = {0, 0};
};

class SharedLimitTest : public GatewayTest {
 protected:
  void SetUp() override {
    GatewayTest::SetUp();
    if (HasFatalFailure()) {
      return;  // the suite's services did not start (reported by GatewayTest::SetUp)
    }
    redis_ = std::make_unique<RedisServer>();
    // A window of an hour: the Redis window's boundary cannot fall inside one phase of the test
    // and let a request through early (sliding_window.hpp), so the counts below are exact.
    for (auto& gateway : gateways_) {
      gateway = StartGateway({{"SHOP_GATEWAY_RATE_AUTH", std::to_string(kLimit)},
                              {"SHOP_GATEWAY_RATE_WINDOW", "1h"},
                              {"SHOP_GATEWAY_REDIS_URL", redis_->url()},
                              {"SHOP_GATEWAY_REDIS_TIMEOUT", "500ms"},
                              {"SHOP_GATEWAY_REDIS_PROBE_INTERVAL", "200ms"}});
    }
  }

  // 1 when the gateway's limiter is `backend` ("redis" | "local").
  static bool Uses(const ServiceProcess& gateway, const std::string& backend) {
    return MetricValue(Metrics(gateway),
                       R"(gateway_rate_limiter_backend{backend=")" + backend + R"("})") == 1.0;
  }
  bool BothUse(const std::string& backend) const {
    return WaitFor([&] { return Uses(*gateways_[0], backend) && Uses(*gateways_[1], backend); },
                   30s);
  }
  static double Fallbacks(const ServiceProcess& gateway) {
    return MetricValue(Metrics(gateway), "gateway_rate_limiter_fallbacks_total").value_or(-1);
  }
  static int LogLines(const ServiceProcess& gateway, const std::string& event) {
    const std::string log = ReadTextFile(gateway.log_file());
    const std::string needle = "\"event\":\"" + event + "\"";
    int lines = 0;
    for (auto at = log.find(needle); at != std::string::npos; at = log.find(needle, at + 1)) {
      ++lines;
    }
    return lines;
  }

  // `count` bad logins from one client, alternating between the two gateways.
  Count Logins(int count) const {
    const std::string bad_login =
        nlohmann::json{{"email", "nobody@shop.test"}, {"password", "guessing again"}}.dump();
    Count result;
    for (int i = 0; i < count; ++i) {
      const HttpResult r = gateways_[i % 2]->Call("POST", "/auth/login", bad_login,
                                                  {{"Content-Type", "application/json"}});
      if (r.status == 429) {
        ++result.refused;
        EXPECT_GE(std::stoi(Header(r, "retry-after")), 1) << "login " << i + 1;
        EXPECT_EQ(Header(r, "ratelimit-limit"), std::to_string(kLimit));
        EXPECT_EQ(Header(r, "ratelimit-remaining"), "0");
      } else {
        EXPECT_EQ(r.status, 401u) << "login " << i + 1 << ": " << r.body;
        ++result.passed;
        ++result.passed_by[i % 2];
      }
    }
    return result;
  }

  std::unique_ptr<RedisServer> redis_;
  std::unique_ptr<ServiceProcess> gateways_[2];
};

TEST_F(SharedLimitTest, TwoGatewaysShareTheLimitFallBackToTheirOwnWithoutRedisAndShareAgain) {
  ASSERT_TRUE(BothUse("redis")) << "the gateways did not start on the shared limiter";

  // Shared: 40 logins over both gateways, 20 pass in all, not 20 per gateway.
  const Count shared = Logins(40);
  EXPECT_EQ(shared.passed, kLimit);
  EXPECT_EQ(shared.refused, 40 - kLimit);
  EXPECT_GT(shared.passed_by[0], 0);
  EXPECT_GT(shared.passed_by[1], 0);

  // Redis stopped: both keep serving, each with its own limit (the local buckets are fresh: they
  // were not used while Redis answered), so 2 x 20 pass.
  redis_->Stop();
  const Count local = Logins(44);
  EXPECT_EQ(local.passed, 2 * kLimit);
  EXPECT_EQ(local.passed_by[0], kLimit);
  EXPECT_EQ(local.passed_by[1], kLimit);
  EXPECT_EQ(local.refused, 4);
  for (const auto& gateway : gateways_) {
    EXPECT_TRUE(Uses(*gateway, "local"));
    EXPECT_FALSE(Uses(*gateway, "redis"));
    EXPECT_EQ(Fallbacks(*gateway), 1.0);
    EXPECT_EQ(LogLines(*gateway, "rate_limiter_fallback"), 1) << "one line per switch";
  }

  // Redis back (empty): the probes find it, and the limit is shared again.
  redis_->Start();
  ASSERT_TRUE(BothUse("redis")) << "the gateways did not return to the shared limiter";
  const Count again = Logins(40);
  EXPECT_EQ(again.passed, kLimit);
  EXPECT_EQ(again.refused, 40 - kLimit);
  for (const auto& gateway : gateways_) {
    EXPECT_EQ(LogLines(*gateway, "rate_limiter_shared_again"), 1);
    EXPECT_EQ(Fallbacks(*gateway), 1.0);
  }
}

TEST_F(SharedLimitTest, RedisGoneBeforeTheFirstRequestLeavesEachGatewayOnItsOwnLimit) {
  // Redis gone before any request (nothing listens on its port, no pooled connection yet): each
  // gateway serves from its own limiter from the first request on, and takes the shared one as
  // soon as Redis is back.
  redis_->Stop();
  const Count local = Logins(44);
  EXPECT_EQ(local.passed, 2 * kLimit);
  ASSERT_TRUE(BothUse("local"));
  redis_->Start();
  ASSERT_TRUE(BothUse("redis"));
  EXPECT_EQ(Logins(40).passed, kLimit);
}

}  // namespace
}  // namespace shop::testing
