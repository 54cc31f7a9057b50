// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include <gtest/gtest.h>

#include <future>
#include <thread>
#include <vector>

#include "platform/http/server_test_fixture.hpp"

namespace shop::http {
namespace {

namespace bhttp = boost::beast::http;
using testing::TestClient;

class HttpServerCapacityTest : public ServerTestFixture {};

struct Outcome {
  unsigned status = 0;
  std::string retry_after;
  std::string connection;
};

Outcome GetBlock(std::uint16_t port) {
  TestClient client(port);
  const auto response = client.Send(TestClient::MakeRequest(bhttp::verb::get, "/block"));
  return Outcome{response.result_int(), std::string(response["Retry-After"]),
                 std::string(response[bhttp::field::connection])};
}

TEST_F(HttpServerCapacityTest, FullWorkerQueueAnswers503AtOnceAndAcceptedRequestsComplete) {
  ServerOptions options = DefaultOptions();
  options.workers = 1;
  options.queue_capacity = 1;
  const std::uint16_t port = StartServer(options);

  std::mutex mutex;
  std::condition_variable changed;
  std::vector<Outcome> outcomes;
  std::vector<std::thread> clients;
  for (int i = 0; i < 5; ++i) {
    clients.emplace_back([&] {
      Outcome outcome;
      try {
        outcome = GetBlock(port);
      } catch (const std::exception& error) {
        ADD_FAILURE() << error.what();
      }
      std::lock_guard lock(mutex);
      outcomes.push_back(outcome);
      changed.notify_all();
    });
  }
  {
    // One request runs, at most one waits: at least three are refused while the gate is shut.
    std::unique_lock lock(mutex);
    ASSERT_TRUE(
        changed.wait_for(lock, std::chrono::seconds(10), [&] { return outcomes.size() >= 3; }));
    for (const Outcome& outcome : outcomes) {
      EXPECT_EQ(outcome.status, 503u);
      EXPECT_EQ(outcome.retry_after, "1");
    }
  }
  gate_.Open();
  for (std::thread& client : clients) {
    client.join();
  }
  int ok = 0;
  int refused = 0;
  for (const Outcome& outcome : outcomes) {
    ok += outcome.status == 200 ? 1 : 0;
    refused += outcome.status == 503 ? 1 : 0;
  }
  EXPECT_GE(ok, 1);
  EXPECT_GE(refused, 3);
  EXPECT_EQ(ok + refused, 5);
  EXPECT_NE(registry_.RenderText().find("http_requests_rejected_total{reason=\"queue_full\"} " +
                                        std::to_string(refused)),
            std::string::npos);
}

TEST_F(HttpServerCapacityTest, DrainFinishesInFlightRequestsAndRefusesNewConnections) {
  const std::uint16_t port = StartServer(DefaultOptions());
  TestClient idle(port);  // keep-alive connection with no request: closed by the drain
  (void)idle.Send(TestClient::MakeRequest(bhttp::verb::get, "/hello"));

  auto in_flight = std::async(std::launch::async, [port] { return GetBlock(port); });
  ASSERT_TRUE(gate_.WaitEntered(1));
  auto drained = std::async(std::launch::async, [this] { server_->Drain(); });

  // Wait (bounded) for the listener to go away; connects before that are simply closed.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  bool refused = false;
  while (!refused && std::chrono::steady_clock::now() < deadline) {
    refused = TestClient::ConnectionRefused(port);
    if (!refused) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling, not synchronisation
    }
  }
  EXPECT_TRUE(refused);
  EXPECT_TRUE(idle.ServerClosesWithinDeadline());

  gate_.Open();
  const Outcome outcome = in_flight.get();
  EXPECT_EQ(outcome.status, 200u);
  EXPECT_EQ(outcome.connection, "close");
  drained.get();
}

}  // namespace
}  // namespace shop::http
