// KeepAlivePool against an in-process server on a loopback port.
// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include "platform/http/keep_alive_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "platform/http/server_test_fixture.hpp"

namespace shop::http {
namespace {

using namespace std::chrono_literals;

class KeepAlivePoolTest : public ServerTestFixture {
 protected:
  KeepAlivePoolTest() {
    router_.Add(Method::kPost, "/count", [this](Request& request) {
      ++posts_;
      return JsonResponse(200, "\"" + request.body + "\"");
    });
    router_.Add(Method::kGet, "/big",
                [](Request&) { return JsonResponse(200, "\"" + std::string(4096, 'x') + "\""); });
  }

  std::unique_ptr<KeepAlivePool> PoolFor(std::uint16_t port, std::size_t max_body = 1 << 20) {
    return std::make_unique<KeepAlivePool>(
        KeepAlivePoolOptions{.endpoint = {.host = "127.0.0.1", .port = port},
                             .max_idle = 4,
                             .idle_timeout = 30s,
                             .max_response_body = max_body});
  }
  static ClientRequest Get(std::string target) {
    return ClientRequest{.method = Method::kGet, .target = std::move(target)};
  }
  static std::chrono::steady_clock::time_point Soon() {
    return std::chrono::steady_clock::now() + 5s;
  }

  std::atomic<int> posts_{0};
};

TEST_F(KeepAlivePoolTest, SequentialRequestsShareOneConnection) {
  const auto pool = PoolFor(StartServer(DefaultOptions()));
  for (int i = 0; i < 10; ++i) {
    const ClientResponse response = pool->Send(Get("/hello?name=x"), Soon(), true);
    ASSERT_EQ(response.status, 200u);
    EXPECT_EQ(response.headers.Get("Content-Type"), "application/json");
  }
  EXPECT_EQ(pool->OpenedCount(), 1u);
  EXPECT_EQ(pool->IdleCount(), 1u);
}

TEST_F(KeepAlivePoolTest, AConnectionTheUpstreamClosedIsNotReused) {
  ServerOptions options = DefaultOptions();
  const std::uint16_t port = StartServer(options);
  const auto pool = PoolFor(port);
  ASSERT_EQ(pool->Send(Get("/hello"), Soon(), true).status, 200u);
  server_->Drain();  // closes the idle keep-alive connection, as a restart would
  options.port = port;
  StartServer(options);
  // A POST is never sent twice; it goes through because the dead socket is noticed before use.
  const ClientResponse response = pool->Send(
      ClientRequest{.method = Method::kPost, .target = "/count", .body = "a"}, Soon(), false);
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(posts_.load(), 1);
  EXPECT_EQ(pool->OpenedCount(), 2u);
}

TEST_F(KeepAlivePoolTest, ARefusedConnectionIsAConnectError) {
  const std::uint16_t port = StartServer(DefaultOptions());
  server_->Drain();
  const auto pool = PoolFor(port);
  try {
    pool->Send(Get("/hello"), Soon(), true);
    FAIL() << "expected a ClientError";
  } catch (const ClientError& error) {
    EXPECT_EQ(error.kind(), ClientError::Kind::kConnect) << error.what();
  }
}

TEST_F(KeepAlivePoolTest, ASlowAnswerTimesOutAndItsConnectionIsDropped) {
  const auto pool = PoolFor(StartServer(DefaultOptions()));
  try {
    pool->Send(Get("/block"), std::chrono::steady_clock::now() + 200ms, true);
    FAIL() << "expected a timeout";
  } catch (const ClientError& error) {
    EXPECT_EQ(error.kind(), ClientError::Kind::kTimeout) << error.what();
  }
  gate_.Open();
  EXPECT_EQ(pool->IdleCount(), 0u);
  EXPECT_EQ(pool->Send(Get("/hello"), Soon(), true).status, 200u);
  EXPECT_EQ(pool->OpenedCount(), 2u);
}

TEST_F(KeepAlivePoolTest, AResponseOverTheLimitIsAProtocolError) {
  const auto pool = PoolFor(StartServer(DefaultOptions()), 1024);
  try {
    pool->Send(Get("/big"), Soon(), true);
    FAIL() << "expected a ClientError";
  } catch (const ClientError& error) {
    EXPECT_EQ(error.kind(), ClientError::Kind::kProtocol) << error.what();
  }
  EXPECT_EQ(pool->IdleCount(), 0u);
}

TEST_F(KeepAlivePoolTest, HeadIsReadWithoutABody) {
  const auto pool = PoolFor(StartServer(DefaultOptions()));
  const ClientResponse head =
      pool->Send(ClientRequest{.method = Method::kHead, .target = "/hello"}, Soon(), true);
  EXPECT_EQ(head.status, 200u);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(pool->Send(Get("/hello"), Soon(), true).status, 200u);
  EXPECT_EQ(pool->OpenedCount(), 1u);
}

}  // namespace
}  // namespace shop::http
