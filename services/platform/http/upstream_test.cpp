// Upstream against in-process servers on loopback ports: retries, the budget, the breaker, and
// which answers are failures (decision 0020); balancing over several instances, health checks and
// retries on another instance (decision 0040).
// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include "platform/http/upstream.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

#include "platform/http/server_test_fixture.hpp"

namespace shop::http {
namespace {

using namespace std::chrono_literals;

// One instance of a service for the balancing tests: a server of its own that counts the calls
// it serves and answers GET /ready as `ready` says.
struct TestInstance {
  explicit TestInstance(ServerOptions options) {
    const auto count = [this](Request&) {
      ++calls;
      return JsonResponse(200, "{}");
    };
    const auto status = [this](Request& request) {
      ++calls;
      return JsonResponse(static_cast<unsigned>(std::stoi(request.PathParam("code"))), "{}");
    };
    router.Add(Method::kGet, "/who", count);
    router.Add(Method::kPost, "/who", count);
    router.Add(Method::kGet, "/status/{code}", status);
    router.Add(Method::kPost, "/status/{code}", status);
    router.Add(Method::kGet, "/ready", [this](Request&) {
      ++probes;
      return JsonResponse(ready ? 200 : 503, "{}");
    });
    server = std::make_unique<HttpServer>(std::move(options), router, metrics);
    port = server->Start();
  }
  Endpoint endpoint() const { return {.host = "127.0.0.1", .port = port}; }
  void Stop() { server.reset(); }

  Router router;
  metrics::Registry metrics;
  std::unique_ptr<HttpServer> server;
  std::uint16_t port = 0;
  std::atomic<int> calls{0};
  std::atomic<int> probes{0};
  std::atomic<bool> ready{true};
};

class UpstreamTest : public ServerTestFixture {
 protected:
  UpstreamTest() {
    // Fails with 502 once, then answers.
    const auto flaky = [this](Request&) {
      return ++flaky_calls_ == 1 ? JsonResponse(502, "{}") : JsonResponse(200, "{}");
    };
    router_.Add(Method::kGet, "/flaky", flaky);
    router_.Add(Method::kPost, "/flaky", flaky);
    router_.Add(Method::kGet, "/busy",
                [](Request&) -> Response { throw ServiceUnavailable("busy", 7); });
    router_.Add(Method::kGet, "/status/{code}", [this](Request& request) {
      ++status_calls_;
      return JsonResponse(static_cast<unsigned>(std::stoi(request.PathParam("code"))), "{}");
    });
  }

  UpstreamOptions Options(std::uint16_t port) {
    UpstreamOptions options;
    options.name = "test";
    options.endpoints = {{.host = "127.0.0.1", .port = port}};
    options.timeout = 2s;
    options.backoff = {1ms, 2ms};
    options.breaker = {.failure_threshold = 3, .open_for = 60s};
    return options;
  }
  // A port where nothing listens.
  std::uint16_t ClosedPort() {
    const std::uint16_t port = StartServer(DefaultOptions());
    server_.reset();
    return port;
  }
  double Attempts(const char* status_class) {
    return registry_
        .GetCounter("upstream_requests_total", "", {"upstream", "status_class"},
                    {"test", status_class})
        .Value();
  }
  double Counter(const char* name, std::vector<std::string> labels,
                 std::vector<std::string> values) {
    return registry_.GetCounter(name, "", labels, values).Value();
  }
  double RetriesSent() {
    return Counter("upstream_retries_total", {"upstream", "outcome"}, {"test", "sent"});
  }
  double InstanceAttempts(const Endpoint& endpoint, const char* outcome) {
    return Counter("upstream_instance_attempts_total", {"upstream", "address", "outcome"},
                   {"test", endpoint.ToString(), outcome});
  }
  bool Rendered(const std::string& series) {
    return registry_.RenderText().find(series) != std::string::npos;
  }
  std::unique_ptr<TestInstance> StartInstance() {
    return std::make_unique<TestInstance>(DefaultOptions());
  }
  // Options(...) with these instances, in this order.
  UpstreamOptions Balanced(std::vector<Endpoint> endpoints) {
    UpstreamOptions options = Options(0);
    options.endpoints = std::move(endpoints);
    return options;
  }
  static Endpoint At(std::uint16_t port) { return {.host = "127.0.0.1", .port = port}; }
  static bool Healthy(const Upstream& upstream, std::size_t index) {
    return upstream.Instances().at(index).healthy;
  }
  static ClientRequest Call(Method method, std::string target) {
    return {.method = method, .target = std::move(target)};
  }

  std::atomic<int> flaky_calls_{0};
  std::atomic<int> status_calls_{0};
};

TEST_F(UpstreamTest, AnswersIncludingNotFoundAreReturnedWithoutRetrying) {
  Upstream upstream(Options(StartServer(DefaultOptions())), registry_);
  EXPECT_EQ(upstream.Send(Call(Method::kGet, "/status/200")).status, 200u);
  EXPECT_EQ(upstream.Send(Call(Method::kGet, "/status/404")).status, 404u);
  EXPECT_EQ(status_calls_.load(), 2);
  EXPECT_EQ(Attempts("2xx"), 1);
  EXPECT_EQ(Attempts("4xx"), 1);
  EXPECT_EQ(upstream.State(), resilience::BreakerState::kClosed);
}

TEST_F(UpstreamTest, AnIdempotentRequestIsRetriedAfterA502) {
  Upstream upstream(Options(StartServer(DefaultOptions())), registry_);
  EXPECT_EQ(upstream.Send(Call(Method::kGet, "/flaky")).status, 200u);
  EXPECT_EQ(flaky_calls_.load(), 2);
  EXPECT_EQ(Counter("upstream_retries_total", {"upstream", "outcome"}, {"test", "sent"}), 1);
  EXPECT_EQ(Attempts("5xx"), 1);
  EXPECT_EQ(Attempts("2xx"), 1);
}

TEST_F(UpstreamTest, APostIsNeverSentTwice) {
  Upstream upstream(Options(StartServer(DefaultOptions())), registry_);
  EXPECT_EQ(upstream.Send(Call(Method::kPost, "/flaky")).status, 502u)
      << "the service's own 502 passes through";
  EXPECT_EQ(flaky_calls_.load(), 1);
}

TEST_F(UpstreamTest, ARefusedConnectionIsRetriedForAnyMethodAndReportedUnreachable) {
  Upstream upstream(Options(ClosedPort()), registry_);
  try {
    upstream.Send(Call(Method::kPost, "/anything"));
    FAIL() << "expected UpstreamFailure";
  } catch (const UpstreamFailure& failure) {
    EXPECT_EQ(failure.kind(), UpstreamFailure::Kind::kUnreachable) << failure.what();
  }
  EXPECT_EQ(Attempts("error"), 2) << "nothing was sent, so even a POST may go again";
}

TEST_F(UpstreamTest, TheBreakerOpensAfterConsecutiveFailuresAndThenFailsFast) {
  Upstream upstream(Options(ClosedPort()), registry_);
  int unreachable = 0;
  int circuit_open = 0;
  for (int i = 0; i < 5; ++i) {
    try {
      upstream.Send(Call(Method::kGet, "/x"));
    } catch (const UpstreamFailure& failure) {
      (failure.kind() == UpstreamFailure::Kind::kCircuitOpen ? circuit_open : unreachable)++;
      if (failure.kind() == UpstreamFailure::Kind::kCircuitOpen) {
        EXPECT_GT(failure.retry_after(), 59s);
      }
    }
  }
  EXPECT_EQ(upstream.State(), resilience::BreakerState::kOpen);
  EXPECT_EQ(unreachable, 2)
      << "2 attempts, then 1 (the third failure opens it, its retry is refused)";
  EXPECT_EQ(circuit_open, 3);
  EXPECT_EQ(Attempts("error"), 3) << "no attempt while open";
  EXPECT_EQ(Counter("upstream_rejected_total", {"upstream"}, {"test"}), 4)
      << "the second request's retry was refused too";
  EXPECT_NE(registry_.RenderText().find("upstream_circuit_state{upstream=\"test\"} 2"),
            std::string::npos);
}

TEST_F(UpstreamTest, AProbeClosesTheBreakerWhenTheServiceIsBack) {
  ServerOptions server_options = DefaultOptions();
  const std::uint16_t port = StartServer(server_options);
  server_.reset();
  UpstreamOptions options = Options(port);
  options.breaker = {.failure_threshold = 1, .open_for = 0ms};
  options.max_attempts = 1;
  Upstream upstream(options, registry_);
  EXPECT_THROW(upstream.Send(Call(Method::kGet, "/hello")), UpstreamFailure);
  EXPECT_EQ(upstream.State(), resilience::BreakerState::kHalfOpen) << "open for 0 ms";
  server_options.port = port;
  StartServer(server_options);
  EXPECT_EQ(upstream.Send(Call(Method::kGet, "/hello")).status, 200u);
  EXPECT_EQ(upstream.State(), resilience::BreakerState::kClosed);
}

TEST_F(UpstreamTest, AServiceSaying503IsPassedThroughUnretriedAndDoesNotOpenTheBreaker) {
  Upstream upstream(Options(StartServer(DefaultOptions())), registry_);
  for (int i = 0; i < 5; ++i) {
    const ClientResponse response = upstream.Send(Call(Method::kGet, "/busy"));
    EXPECT_EQ(response.status, 503u);
    EXPECT_EQ(response.headers.Get("Retry-After"), "7");
  }
  EXPECT_EQ(Attempts("5xx"), 5);
  EXPECT_EQ(upstream.State(), resilience::BreakerState::kClosed);
}

TEST_F(UpstreamTest, TheRetryBudgetDeniesRetriesBeyondIt) {
  UpstreamOptions options = Options(StartServer(DefaultOptions()));
  options.retry_budget = {.ratio = 0, .min_retries = 0};
  Upstream upstream(options, registry_);
  EXPECT_EQ(upstream.Send(Call(Method::kGet, "/flaky")).status, 502u);
  EXPECT_EQ(flaky_calls_.load(), 1);
  EXPECT_EQ(Counter("upstream_retries_total", {"upstream", "outcome"}, {"test", "denied"}), 1);
}

TEST_F(UpstreamTest, RetriesStopWhenTheRetryBudgetIsSpentButFirstAttemptsAlwaysGo) {
  UpstreamOptions options = Options(StartServer(DefaultOptions()));
  options.max_attempts = 3;
  options.breaker.failure_threshold = 100;
  // No ratio, 2 retries per window: the first call retries twice, the second not at all.
  options.retry_budget = {.ratio = 0, .min_retries = 2, .window = 600s};
  Upstream upstream(options, registry_);
  EXPECT_EQ(upstream.Send(Call(Method::kGet, "/status/502")).status, 502u);
  EXPECT_EQ(status_calls_.load(), 3);
  EXPECT_EQ(upstream.Send(Call(Method::kGet, "/status/502")).status, 502u);
  EXPECT_EQ(status_calls_.load(), 4);
  EXPECT_EQ(Counter("upstream_retries_total", {"upstream", "outcome"}, {"test", "sent"}), 2);
  EXPECT_EQ(Counter("upstream_retries_total", {"upstream", "outcome"}, {"test", "denied"}), 1);
  EXPECT_EQ(upstream.Send(Call(Method::kGet, "/status/200")).status, 200u);
}

TEST_F(UpstreamTest, ASlowServiceIsATimeout) {
  UpstreamOptions options = Options(StartServer(DefaultOptions()));
  options.timeout = 100ms;
  options.max_attempts = 1;
  Upstream upstream(options, registry_);
  try {
    upstream.Send(Call(Method::kGet, "/block"));
    FAIL() << "expected UpstreamFailure";
  } catch (const UpstreamFailure& failure) {
    EXPECT_EQ(failure.kind(), UpstreamFailure::Kind::kTimeout) << failure.what();
  }
  EXPECT_EQ(Attempts("error"), 1);
}

TEST_F(UpstreamTest, ConnectionsAreKeptAlive) {
  Upstream upstream(Options(StartServer(DefaultOptions())), registry_);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(upstream.Send(Call(Method::kGet, "/hello")).status, 200u);
  }
  EXPECT_EQ(Counter("upstream_connections_opened_total", {"upstream"}, {"test"}), 1);
}

TEST_F(UpstreamTest, CallsAreSpreadRoundRobinOverTheInstances) {
  std::vector<std::unique_ptr<TestInstance>> instances;
  std::vector<Endpoint> endpoints;
  for (int i = 0; i < 3; ++i) {
    instances.push_back(StartInstance());
    endpoints.push_back(instances.back()->endpoint());
  }
  Upstream upstream(Balanced(endpoints), registry_);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(upstream.Send(Call(Method::kGet, "/who")).status, 200u);
  }
  for (const auto& instance : instances) {
    EXPECT_EQ(instance->calls.load(), 2) << instance->endpoint().ToString();
    EXPECT_EQ(InstanceAttempts(instance->endpoint(), "success"), 2);
  }
  EXPECT_EQ(Attempts("2xx"), 6) << "the upstream's own families count every instance";
  EXPECT_EQ(RetriesSent(), 0);
  EXPECT_FALSE(upstream.HealthChecked()) << "off unless an interval is set";
}

TEST_F(UpstreamTest, AnInstanceWhoseBreakerIsOpenIsSkipped) {
  const Endpoint dead = At(ClosedPort());
  const auto live = StartInstance();
  UpstreamOptions options = Balanced({dead, live->endpoint()});
  options.breaker = {.failure_threshold = 1, .open_for = 60s};
  Upstream upstream(options, registry_);
  // The first call goes to the dead instance, opens its breaker and is retried on the other.
  EXPECT_EQ(upstream.Send(Call(Method::kGet, "/who")).status, 200u);
  EXPECT_EQ(RetriesSent(), 1);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(upstream.Send(Call(Method::kGet, "/who")).status, 200u);
  }
  EXPECT_EQ(live->calls.load(), 5);
  EXPECT_EQ(Attempts("error"), 1) << "no attempt on the open instance";
  EXPECT_EQ(RetriesSent(), 1);
  EXPECT_EQ(Counter("upstream_rejected_total", {"upstream"}, {"test"}), 0)
      << "a call is refused only when every instance is";
  EXPECT_EQ(upstream.State(), resilience::BreakerState::kClosed);
  EXPECT_EQ(upstream.Instances().at(0).state, resilience::BreakerState::kOpen);
  EXPECT_TRUE(Rendered("upstream_circuit_state{upstream=\"test\"} 0"));
  EXPECT_TRUE(Rendered("upstream_instance_circuit_state{upstream=\"test\",address=\"" +
                       dead.ToString() + "\"} 2"));
  EXPECT_EQ(upstream.PickEndpoint().ToString(), live->endpoint().ToString());
  EXPECT_EQ(upstream.PickEndpoint().ToString(), live->endpoint().ToString())
      << "a WebSocket is not sent to an open instance either";
}

TEST_F(UpstreamTest, WhenEveryInstanceIsOpenCallsFailFast) {
  UpstreamOptions options = Balanced({At(ClosedPort()), At(ClosedPort())});
  options.breaker = {.failure_threshold = 1, .open_for = 60s};
  Upstream upstream(options, registry_);
  try {
    upstream.Send(Call(Method::kGet, "/who"));
    FAIL() << "expected UpstreamFailure";
  } catch (const UpstreamFailure& failure) {
    EXPECT_EQ(failure.kind(), UpstreamFailure::Kind::kUnreachable) << failure.what();
  }
  EXPECT_EQ(Attempts("error"), 2) << "one attempt on each instance";
  try {
    upstream.Send(Call(Method::kGet, "/who"));
    FAIL() << "expected UpstreamFailure";
  } catch (const UpstreamFailure& failure) {
    EXPECT_EQ(failure.kind(), UpstreamFailure::Kind::kCircuitOpen) << failure.what();
    EXPECT_GT(failure.retry_after(), 59s);
  }
  EXPECT_EQ(Attempts("error"), 2);
  EXPECT_EQ(upstream.State(), resilience::BreakerState::kOpen);
  EXPECT_TRUE(Rendered("upstream_circuit_state{upstream=\"test\"} 2"));
}

TEST_F(UpstreamTest, AnIdempotentCallToAStoppedInstanceSucceedsOnAnotherWithOneRetry) {
  const auto first = StartInstance();
  const auto second = StartInstance();
  Upstream upstream(Balanced({first->endpoint(), second->endpoint()}), registry_);
  EXPECT_EQ(upstream.Send(Call(Method::kGet, "/who")).status, 200u);  // first, kept alive
  EXPECT_EQ(upstream.Send(Call(Method::kGet, "/who")).status, 200u);  // second
  first->Stop();
  EXPECT_EQ(upstream.Send(Call(Method::kGet, "/who")).status, 200u)
      << "first's turn: refused there, answered by second";
  EXPECT_EQ(second->calls.load(), 2);
  EXPECT_EQ(RetriesSent(), 1);
  EXPECT_EQ(Attempts("error"), 1);
  EXPECT_EQ(InstanceAttempts(first->endpoint(), "failure"), 1);
  EXPECT_EQ(InstanceAttempts(second->endpoint(), "success"), 2);
}

TEST_F(UpstreamTest, APostThatWasSentIsNotRetriedOnAnotherInstance) {
  const auto first = StartInstance();
  const auto second = StartInstance();
  Upstream upstream(Balanced({first->endpoint(), second->endpoint()}), registry_);
  EXPECT_EQ(upstream.Send(Call(Method::kPost, "/status/502")).status, 502u)
      << "the instance's own 502 passes through";
  EXPECT_EQ(first->calls.load(), 1);
  EXPECT_EQ(second->calls.load(), 0);
  EXPECT_EQ(RetriesSent(), 0);
}

TEST_F(UpstreamTest, APostWhoseConnectionWasRefusedGoesToAnotherInstance) {
  const auto live = StartInstance();
  Upstream upstream(Balanced({At(ClosedPort()), live->endpoint()}), registry_);
  EXPECT_EQ(upstream.Send(Call(Method::kPost, "/who")).status, 200u);
  EXPECT_EQ(live->calls.load(), 1);
  EXPECT_EQ(RetriesSent(), 1);
}

TEST_F(UpstreamTest, WithTheRetryBudgetSpentNoRetryGoesToAnotherInstance) {
  const auto live = StartInstance();
  UpstreamOptions options = Balanced({At(ClosedPort()), live->endpoint()});
  options.retry_budget = {.ratio = 0, .min_retries = 0};
  Upstream upstream(options, registry_);
  try {
    upstream.Send(Call(Method::kGet, "/who"));
    FAIL() << "expected UpstreamFailure";
  } catch (const UpstreamFailure& failure) {
    EXPECT_EQ(failure.kind(), UpstreamFailure::Kind::kUnreachable) << failure.what();
  }
  EXPECT_EQ(live->calls.load(), 0);
  EXPECT_EQ(Counter("upstream_retries_total", {"upstream", "outcome"}, {"test", "denied"}), 1);
  EXPECT_EQ(upstream.Send(Call(Method::kGet, "/who")).status, 200u) << "its turn";
}

TEST_F(UpstreamTest, AnInstanceFailingHealthChecksIsSkippedUntilItPassesAgain) {
  const auto first = StartInstance();
  const auto second = StartInstance();
  UpstreamOptions options = Balanced({first->endpoint(), second->endpoint()});
  options.health = {.interval = 20ms, .failures = 2};
  first->ready = false;
  Upstream upstream(options, registry_);
  ASSERT_TRUE(upstream.HealthChecked());
  ASSERT_TRUE(Eventually([&] { return !Healthy(upstream, 0); })) << "never marked down";
  EXPECT_GE(first->probes.load(), 2) << "two failed probes in a row mark it down";
  EXPECT_TRUE(Healthy(upstream, 1));
  EXPECT_TRUE(Rendered("upstream_instance_up{upstream=\"test\",address=\"" +
                       first->endpoint().ToString() + "\"} 0"));
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(upstream.Send(Call(Method::kGet, "/who")).status, 200u);
  }
  EXPECT_EQ(first->calls.load(), 0);
  EXPECT_EQ(second->calls.load(), 4);

  first->ready = true;
  ASSERT_TRUE(Eventually([&] { return Healthy(upstream, 0); })) << "never marked up again";
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(upstream.Send(Call(Method::kGet, "/who")).status, 200u);
  }
  EXPECT_EQ(first->calls.load(), 2);
  EXPECT_EQ(second->calls.load(), 6);
  EXPECT_EQ(Attempts("error"), 0);
}

TEST_F(UpstreamTest, HealthOnlySteersWhenEveryInstanceFailsItsChecksCallsStillGo) {
  const auto first = StartInstance();
  const auto second = StartInstance();
  UpstreamOptions options = Balanced({first->endpoint(), second->endpoint()});
  options.health = {.interval = 20ms, .failures = 1};
  first->ready = false;
  second->ready = false;
  Upstream upstream(options, registry_);
  ASSERT_TRUE(Eventually([&] { return !Healthy(upstream, 0) && !Healthy(upstream, 1); }));
  EXPECT_EQ(upstream.Send(Call(Method::kGet, "/who")).status, 200u);
  EXPECT_EQ(upstream.Send(Call(Method::kGet, "/who")).status, 200u);
  EXPECT_EQ(first->calls.load(), 1);
  EXPECT_EQ(second->calls.load(), 1);
}

TEST_F(UpstreamTest, ALoneInstanceIsNeitherHealthCheckedNorSkipped) {
  const auto only = StartInstance();
  only->ready = false;
  UpstreamOptions options = Balanced({only->endpoint()});
  options.health = {.interval = 20ms, .failures = 1};
  Upstream upstream(options, registry_);
  EXPECT_FALSE(upstream.HealthChecked());
  EXPECT_EQ(upstream.Send(Call(Method::kGet, "/who")).status, 200u);
  EXPECT_EQ(only->probes.load(), 0) << "no thread probes it";
  EXPECT_TRUE(Healthy(upstream, 0));
}

TEST_F(UpstreamTest, AnInstanceListedTwiceOrNoneAreRefused) {
  EXPECT_THROW(Upstream(Balanced({At(1), At(1)}), registry_), std::invalid_argument);
  EXPECT_THROW(Upstream(Balanced({}), registry_), std::invalid_argument);
}

TEST(ParseHttpUrlList, TakesOneOrSeveralUrls) {
  const std::vector<Endpoint> one = ParseHttpUrlList("http://127.0.0.1:8083");
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].ToString(), "127.0.0.1:8083");
  const std::vector<Endpoint> two = ParseHttpUrlList("http://127.0.0.1:8083, http://10.0.0.2/");
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[1].ToString(), "10.0.0.2:80");
  EXPECT_EQ(HttpUrlList(two), "http://127.0.0.1:8083,http://10.0.0.2:80");
  EXPECT_THROW(ParseHttpUrlList(""), std::invalid_argument);
  EXPECT_THROW(ParseHttpUrlList("http://a:1,http://a:1"), std::invalid_argument);
  EXPECT_THROW(ParseHttpUrlList("http://a:1,ftp://b:2"), std::invalid_argument);
}

TEST(IsIdempotent, FollowsRfc9110) {
  EXPECT_TRUE(IsIdempotent(Method::kGet));
  EXPECT_TRUE(IsIdempotent(Method::kHead));
  EXPECT_TRUE(IsIdempotent(Method::kPut));
  EXPECT_TRUE(IsIdempotent(Method::kDelete));
  EXPECT_TRUE(IsIdempotent(Method::kOptions));
  EXPECT_FALSE(IsIdempotent(Method::kPost));
  EXPECT_FALSE(IsIdempotent(Method::kPatch));
}

}  // namespace
}  // namespace shop::http
