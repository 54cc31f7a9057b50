#include "platform/http/upstream_client.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "platform/http/server_test_fixture.hpp"

namespace shop::http {
namespace {

using std::chrono::milliseconds;

// A server whose /status/{code} answers that code and counts the calls.
class UpstreamClientTest : public ServerTestFixture {
 protected:
  UpstreamClientTest() {
    router_.Add(Method::kGet, "/status/{code}", [this](Request& request) {
      ++calls_;
      return JsonResponse(static_cast<unsigned>(std::stoi(request.PathParam("code"))), "{}");
    });
  }

  UpstreamOptions Options(std::uint16_t port) const {
    UpstreamOptions options;
    options.name = "test";
    options.endpoint = {.host = "127.0.0.1", .port = port};
    options.timeout = milliseconds(2000);
    options.max_attempts = 3;
    options.backoff = {milliseconds(1), milliseconds(4)};
    options.breaker = {.failure_threshold = 3, .open_for = milliseconds(60000)};
    return options;
  }

  double Counter(const std::string& outcome) {
    return registry_
        .GetCounter("upstream_requests_total", "", {"upstream", "outcome"}, {"test", outcome})
        .Value();
  }

  std::atomic<int> calls_{0};
};

TEST_F(UpstreamClientTest, ReturnsAnswersIncludingNotFoundWithoutRetrying) {
  UpstreamClient client(Options(StartServer(DefaultOptions())), registry_);
  EXPECT_EQ(client.Get("/status/200").status, 200u);
  EXPECT_EQ(client.Get("/status/404").status, 404u);
  EXPECT_EQ(calls_.load(), 2);
  EXPECT_EQ(Counter("answered"), 2);
  EXPECT_EQ(client.State(), resilience::BreakerState::kClosed);
}

TEST_F(UpstreamClientTest, RetriesAServiceUnavailableAnswerThenGivesUp) {
  UpstreamOptions options = Options(StartServer(DefaultOptions()));
  options.breaker.failure_threshold = 10;
  UpstreamClient client(options, registry_);
  EXPECT_THROW(client.Get("/status/503"), UpstreamUnavailable);
  EXPECT_EQ(calls_.load(), 3);
  EXPECT_EQ(Counter("failed"), 3);
}

TEST_F(UpstreamClientTest, OpensTheBreakerAndThenFailsFastWithoutCalling) {
  const std::uint16_t port = StartServer(DefaultOptions());
  server_.reset();  // the upstream is down: connections are refused
  UpstreamClient client(Options(port), registry_);
  EXPECT_THROW(client.Get("/status/200"), UpstreamUnavailable);  // 3 failed attempts
  EXPECT_EQ(client.State(), resilience::BreakerState::kOpen);
  try {
    client.Get("/status/200");
    FAIL() << "the open breaker let a call through";
  } catch (const UpstreamUnavailable& error) {
    EXPECT_GT(error.retry_after().count(), 50000) << error.what();
  }
  EXPECT_EQ(Counter("failed"), 3);
  EXPECT_EQ(Counter("rejected"), 1);
  EXPECT_EQ(registry_.GetGauge("upstream_circuit_state", "", {"upstream"}, {"test"}).Value(), 2);
}

TEST_F(UpstreamClientTest, RetriesStopWhenTheRetryBudgetIsSpent) {
  UpstreamOptions options = Options(StartServer(DefaultOptions()));
  options.breaker.failure_threshold = 100;
  // No ratio, 2 retries per window: the first call retries twice, the second not at all.
  options.retry_budget =
      resilience::RetryBudgetOptions{.ratio = 0, .min_retries = 2, .window = milliseconds(600000)};
  UpstreamClient client(options, registry_);
  EXPECT_THROW(client.Get("/status/503"), UpstreamUnavailable);
  EXPECT_EQ(calls_.load(), 3);
  try {
    client.Get("/status/503");
    FAIL() << "a failing upstream answered";
  } catch (const UpstreamUnavailable& error) {
    EXPECT_NE(std::string(error.what()).find("retry budget exhausted"), std::string::npos)
        << error.what();
  }
  EXPECT_EQ(calls_.load(), 4);
  EXPECT_EQ(client.Get("/status/200").status, 200u);  // a first attempt is never refused
}

TEST_F(UpstreamClientTest, ATimedOutAttemptIsAFailure) {
  UpstreamOptions options = Options(StartServer(DefaultOptions()));
  options.timeout = milliseconds(200);
  options.max_attempts = 1;
  UpstreamClient client(options, registry_);
  EXPECT_THROW(client.Get("/block"), UpstreamUnavailable);
  EXPECT_EQ(Counter("failed"), 1);
}

}  // namespace
}  // namespace shop::http
