// Upstream against in-process servers on loopback ports: retries, the budget, the breaker, and
// which answers are failures (decision 0020).
// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include "platform/http/upstream.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "platform/http/server_test_fixture.hpp"

namespace shop::http {
namespace {

using namespace std::chrono_literals;

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
    options.endpoint = {.host = "127.0.0.1", .port = port};
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
