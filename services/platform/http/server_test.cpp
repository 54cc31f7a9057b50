// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include "platform/http/server.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "platform/http/json_body.hpp"
#include "platform/http/request_id.hpp"
#include "platform/http/server_test_fixture.hpp"

namespace shop::http {
namespace {

namespace bhttp = boost::beast::http;
using testing::TestClient;

class HttpServerTest : public ServerTestFixture {};

TEST_F(HttpServerTest, GetAnswers200AndEchoesTheClientRequestIdAndTraceparent) {
  const std::uint16_t port = StartServer(DefaultOptions());
  TestClient client(port);
  auto request = TestClient::MakeRequest(bhttp::verb::get, "/hello?name=a%20b");
  request.set("X-Request-ID", "client-id-1");
  const std::string traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  request.set("traceparent", traceparent);
  const auto response = client.Send(request);
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response["X-Request-ID"], "client-id-1");
  EXPECT_EQ(response["traceparent"], traceparent);
  EXPECT_EQ(response["Content-Length"], std::to_string(response.body().size()));
  EXPECT_EQ(nlohmann::json::parse(response.body())["name"], "a b");
  server_->Drain();  // metrics are recorded after the write: drain to see every request counted
  EXPECT_NE(registry_.RenderText().find(
                "http_requests_total{method=\"GET\",route=\"/hello\",status=\"200\"} 1"),
            std::string::npos);
}

TEST_F(HttpServerTest, MissingRequestIdIsGenerated) {
  const std::uint16_t port = StartServer(DefaultOptions());
  TestClient client(port);
  const auto response = client.Send(TestClient::MakeRequest(bhttp::verb::get, "/hello"));
  EXPECT_EQ(response["X-Request-ID"].size(), 32u);
  EXPECT_EQ(response.count("traceparent"), 0u);
}

TEST_F(HttpServerTest, AnEdgeServerStartsATraceOnlyWhenNoneArrives) {
  ServerOptions options = DefaultOptions();
  options.start_traces = true;
  const std::uint16_t port = StartServer(options);
  TestClient client(port);
  const auto started = client.Send(TestClient::MakeRequest(bhttp::verb::get, "/hello"));
  const std::string traceparent(started["traceparent"]);
  EXPECT_EQ(ValidTraceparent(traceparent), traceparent) << traceparent;
  EXPECT_FALSE(traceparent.empty());

  auto continued = TestClient::MakeRequest(bhttp::verb::get, "/hello");
  const std::string theirs = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  continued.set("traceparent", theirs);
  EXPECT_EQ(client.Send(continued)["traceparent"], theirs);
}

TEST_F(HttpServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  const std::uint16_t port = StartServer(DefaultOptions());
  TestClient client(port);
  const auto first = client.Send(TestClient::MakeRequest(bhttp::verb::get, "/hello"));
  const auto second = client.Send(TestClient::MakeRequest(bhttp::verb::get, "/hello"));
  EXPECT_EQ(first.result_int(), 200);
  EXPECT_TRUE(first.keep_alive());
  EXPECT_EQ(second.result_int(), 200);
}

TEST_F(HttpServerTest, HeadGetsTheLengthOfGetWithoutABody) {
  const std::uint16_t port = StartServer(DefaultOptions());
  TestClient client(port);
  const auto get = client.Send(TestClient::MakeRequest(bhttp::verb::get, "/hello"));
  const auto head = client.Send(TestClient::MakeRequest(bhttp::verb::head, "/hello"));
  EXPECT_EQ(head.result_int(), 200);
  EXPECT_EQ(head["Content-Length"], std::to_string(get.body().size()));
  EXPECT_TRUE(head.body().empty());
}

TEST_F(HttpServerTest, BodyOverTheLimitIs413ProblemAndCloses) {
  const std::uint16_t port = StartServer(DefaultOptions());
  TestClient client(port);
  const auto response = client.Send(TestClient::MakeRequest(
      bhttp::verb::post, "/echo", std::string(2 * 1024 * 1024, 'x'), "application/json"));
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_EQ(response["Content-Type"], "application/problem+json");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_EQ(nlohmann::json::parse(response.body())["status"], 413);
}

TEST_F(HttpServerTest, MalformedJsonIs400Problem) {
  const std::uint16_t port = StartServer(DefaultOptions());
  TestClient client(port);
  const auto response = client.Send(
      TestClient::MakeRequest(bhttp::verb::post, "/echo", "{\"name\":", "application/json"));
  EXPECT_EQ(response.result_int(), 400);
  EXPECT_EQ(response["Content-Type"], "application/problem+json");
  EXPECT_EQ(nlohmann::json::parse(response.body())["type"], "urn:shop:problem:malformed-json");
  const auto ok = client.Send(
      TestClient::MakeRequest(bhttp::verb::post, "/echo", "{\"name\":\"x\"}", "application/json"));
  EXPECT_EQ(ok.result_int(), 200);  // a handler's 400 keeps the connection
}

TEST_F(HttpServerTest, MalformedHttpIs400ProblemAndCloses) {
  const std::uint16_t port = StartServer(DefaultOptions());
  TestClient client(port);
  client.SendRaw("GET /hello HTTP/1.1\r\nBad Header\r\n\r\n");
  const auto response = client.Read();
  EXPECT_EQ(response.result_int(), 400);
  EXPECT_FALSE(response.keep_alive());
}

TEST_F(HttpServerTest, ClientThatNeverFinishesItsHeadersIsDisconnected) {
  ServerOptions options = DefaultOptions();
  options.header_timeout = std::chrono::milliseconds(300);
  const std::uint16_t port = StartServer(options);
  TestClient client(port);
  client.SendRaw("GET /hello HTTP/1.1\r\nHost: x\r\n");
  EXPECT_TRUE(client.ServerClosesWithinDeadline());
}

}  // namespace
}  // namespace shop::http
