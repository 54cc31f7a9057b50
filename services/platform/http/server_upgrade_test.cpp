// Upgrade routes over real sockets: a WebSocket echo route that takes over its connection, a
// refusal before the upgrade, a late refusal by the takeover, 426 for a plain GET, and a drain
// that closes open WebSockets with 1001.
// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include <gtest/gtest.h>

#include <atomic>
#include <boost/beast/websocket.hpp>
#include <thread>

#include "platform/http/server_test_fixture.hpp"
#include "platform/http/upgraded_connection.hpp"
#include "platform/http/websocket_accept.hpp"
#include "platform/http/websocket_read.hpp"
#include "platform/http/websocket_test_client.hpp"

namespace shop::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using testing::WebSocketTestClient;

// Echoes each message until the client closes; closes with 1001 when the server drains.
class EchoSocket : public std::enable_shared_from_this<EchoSocket> {
 public:
  explicit EchoSocket(std::unique_ptr<UpgradedConnection> connection)
      : connection_(std::move(connection)), socket_(std::move(connection_->stream())) {}

  static void Start(std::unique_ptr<UpgradedConnection> connection) {
    auto echo = std::make_shared<EchoSocket>(std::move(connection));
    asio::co_spawn(
        echo->socket_.get_executor(), [echo] { return echo->Run(); }, asio::detached);
  }

 private:
  asio::awaitable<void> Run() {
    if (co_await AcceptWebSocket(*connection_, socket_, "echo.v1", {})) {
      co_return;
    }
    connection_->OnDrain([weak = weak_from_this()] {
      if (const auto echo = weak.lock()) {
        echo->socket_.async_close(websocket::close_code::going_away, [](beast::error_code) {});
      }
    });
    beast::flat_buffer buffer;
    while (true) {
      beast::error_code ec = co_await ReadMessage(socket_, buffer);
      if (ec) {
        co_return;
      }
      socket_.text(socket_.got_text());
      co_await socket_.async_write(buffer.data(), asio::redirect_error(asio::use_awaitable, ec));
      buffer.clear();
      if (ec) {
        co_return;
      }
    }
  }

  std::unique_ptr<UpgradedConnection> connection_;
  WebSocket socket_;
};

// Answers what the upgrade target asks for after the takeover has the connection.
asio::awaitable<void> RefuseLate(std::unique_ptr<UpgradedConnection> connection) {
  co_await connection->Refuse(JsonResponse(502, R"({"late":true})"));
}

class ServerUpgradeTest : public ServerTestFixture {
 protected:
  ServerUpgradeTest() {
    router_.AddUpgrade("/echo", [](Request& request) -> UpgradeAnswer {
      if (request.headers.Has("X-Refuse")) {
        throw Forbidden("refused before the upgrade");
      }
      return {.takeover = EchoSocket::Start};
    });
    router_.AddUpgrade("/late", [](Request&) {
      return UpgradeAnswer{.takeover = [](std::unique_ptr<UpgradedConnection> connection) {
        auto executor = connection->stream().get_executor();
        asio::co_spawn(executor, RefuseLate(std::move(connection)), asio::detached);
      }};
    });
  }

  // The exchange is recorded once the server has written its answer: poll for it, bounded.
  bool WaitForMetric(const std::string& series) {
    return Eventually([&] { return registry_.RenderText().find(series) != std::string::npos; });
  }
};

TEST_F(ServerUpgradeTest, AnUpgradeRouteTakesOverTheConnectionWithItsSubprotocol) {
  const std::uint16_t port = StartServer(DefaultOptions());
  WebSocketTestClient client(port, "/echo", {"echo.v1"}, {{"X-Request-ID", "ws-1"}});
  ASSERT_TRUE(client.open()) << client.handshake();
  EXPECT_EQ(client.handshake().result_int(), 101);
  EXPECT_EQ(client.subprotocol(), "echo.v1");
  EXPECT_EQ(client.handshake()["X-Request-ID"], "ws-1");
  client.Write("hello");
  EXPECT_EQ(client.Read(), "hello");
  client.Write("again");
  EXPECT_EQ(client.Read(), "again");
  client.Close();
  // The 101 is recorded like any answer (the access log and the request counter).
  EXPECT_TRUE(WaitForMetric(R"(http_requests_total{method="GET",route="/echo",status="101"} 1)"));
}

TEST_F(ServerUpgradeTest, MessagesLongerThanTheFirstReadAndEmptyOnesArriveWhole) {
  const std::uint16_t port = StartServer(DefaultOptions());
  WebSocketTestClient client(port, "/echo", {"echo.v1"});
  ASSERT_TRUE(client.open()) << client.handshake();
  // ReadMessage's first read takes 512 bytes; the client sends this one in 4 KiB frames.
  std::string long_message;
  for (int i = 0; long_message.size() < 20000; ++i) {
    long_message += std::to_string(i) + ",";
  }
  client.Write(long_message);
  EXPECT_EQ(client.Read(), long_message);
  client.Write("");
  EXPECT_EQ(client.Read(), "");
  client.Write("short");
  EXPECT_EQ(client.Read(), "short");
  client.Close();
}

TEST_F(ServerUpgradeTest, TheHandlerRefusesBeforeTheUpgradeWithAProblem) {
  const std::uint16_t port = StartServer(DefaultOptions());
  WebSocketTestClient client(port, "/echo", {"echo.v1"}, {{"X-Refuse", "1"}});
  EXPECT_FALSE(client.open());
  EXPECT_EQ(client.handshake().result_int(), 403);
  EXPECT_EQ(client.handshake()[beast::http::field::content_type], "application/problem+json");
}

TEST_F(ServerUpgradeTest, ATakeoverMayStillRefuseWithAnHttpAnswer) {
  const std::uint16_t port = StartServer(DefaultOptions());
  WebSocketTestClient client(port, "/late", {});
  EXPECT_FALSE(client.open());
  EXPECT_EQ(client.handshake().result_int(), 502);
  EXPECT_EQ(client.handshake().body(), R"({"late":true})");
  EXPECT_EQ(client.handshake()["Connection"], "close");
  EXPECT_FALSE(std::string(client.handshake()["X-Request-ID"]).empty());
  EXPECT_TRUE(WaitForMetric(R"(http_requests_total{method="GET",route="/late",status="502"} 1)"));
}

TEST_F(ServerUpgradeTest, APlainGetOfAnUpgradeRouteIs426) {
  const std::uint16_t port = StartServer(DefaultOptions());
  testing::TestClient client(port);
  const auto response =
      client.Send(testing::TestClient::MakeRequest(beast::http::verb::get, "/echo"));
  EXPECT_EQ(response.result_int(), 426);
  EXPECT_EQ(response["Upgrade"], "websocket");
}

TEST_F(ServerUpgradeTest, DrainClosesOpenWebSocketsWith1001WithoutWaitingForTheTimeout) {
  ServerOptions options = DefaultOptions();
  options.drain_timeout = std::chrono::seconds(60);
  const std::uint16_t port = StartServer(options);
  WebSocketTestClient client(port, "/echo", {"echo.v1"});
  ASSERT_TRUE(client.open());
  client.Write("ping");
  ASSERT_EQ(client.Read(), "ping");

  std::atomic<bool> drained{false};
  std::thread drain([this, &drained] {
    server_->Drain();
    drained = true;
  });
  EXPECT_EQ(client.Read(), std::nullopt);
  EXPECT_EQ(client.close_reason().code, websocket::close_code::going_away);
  drain.join();  // returns once the connection has gone, not after the 60 s drain timeout
  EXPECT_TRUE(drained);
}

}  // namespace
}  // namespace shop::http
