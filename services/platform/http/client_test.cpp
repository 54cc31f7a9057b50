#include "platform/http/client.hpp"

#include <gtest/gtest.h>

#include "platform/http/server_test_fixture.hpp"

namespace shop::http {
namespace {

using std::chrono::milliseconds;

TEST(ParseHttpUrl, ReadsHostAndPort) {
  const Endpoint endpoint = ParseHttpUrl("http://127.0.0.1:8082");
  EXPECT_EQ(endpoint.host, "127.0.0.1");
  EXPECT_EQ(endpoint.port, 8082);
  EXPECT_EQ(ParseHttpUrl("http://category:9000/").ToString(), "category:9000");
  EXPECT_EQ(ParseHttpUrl("http://localhost").port, 80);
}

TEST(ParseHttpUrl, RefusesWhatItCannotCall) {
  EXPECT_THROW(ParseHttpUrl("https://127.0.0.1:8082"), std::invalid_argument);
  EXPECT_THROW(ParseHttpUrl("127.0.0.1:8082"), std::invalid_argument);
  EXPECT_THROW(ParseHttpUrl("http://127.0.0.1:8082/api"), std::invalid_argument);
  EXPECT_THROW(ParseHttpUrl("http://127.0.0.1:0"), std::invalid_argument);
  EXPECT_THROW(ParseHttpUrl("http://127.0.0.1:70000"), std::invalid_argument);
  EXPECT_THROW(ParseHttpUrl("http://127.0.0.1:80x"), std::invalid_argument);
  EXPECT_THROW(ParseHttpUrl("http://:8082"), std::invalid_argument);
}

using HttpClient = ServerTestFixture;

TEST_F(HttpClient, SendsMethodHeadersAndBodyAndReadsTheResponse) {
  const std::uint16_t port = StartServer(DefaultOptions());
  ClientRequest request{.method = Method::kPost, .target = "/echo", .body = R"({"name":"ada"})"};
  request.headers.Set("Content-Type", "application/json");
  request.headers.Set("X-Request-ID", "client-test-1");
  const ClientResponse response =
      SendRequest({.host = "127.0.0.1", .port = port}, request, milliseconds(5000));
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(nlohmann::json::parse(response.body).at("name"), "ada");
  EXPECT_EQ(response.headers.Get("X-Request-ID"), std::optional<std::string_view>("client-test-1"));
}

TEST_F(HttpClient, ResolvesHostNames) {
  const std::uint16_t port = StartServer(DefaultOptions());
  const ClientResponse response = SendRequest({.host = "localhost", .port = port},
                                              {.target = "/hello?name=x"}, milliseconds(5000));
  EXPECT_EQ(response.status, 200u);
}

TEST_F(HttpClient, ARefusedConnectionIsAConnectError) {
  const std::uint16_t port = StartServer(DefaultOptions());
  server_.reset();  // nothing listens on the port any more
  try {
    SendRequest({.host = "127.0.0.1", .port = port}, {.target = "/hello"}, milliseconds(5000));
    FAIL() << "no error";
  } catch (const ClientError& error) {
    EXPECT_EQ(error.kind(), ClientError::Kind::kConnect) << error.what();
  }
}

TEST_F(HttpClient, AnAnswerSlowerThanTheTimeoutIsATimeout) {
  const std::uint16_t port = StartServer(DefaultOptions());
  try {
    SendRequest({.host = "127.0.0.1", .port = port}, {.target = "/block"}, milliseconds(300));
    FAIL() << "no error";
  } catch (const ClientError& error) {
    EXPECT_EQ(error.kind(), ClientError::Kind::kTimeout) << error.what();
  }
}

TEST_F(HttpClient, AResponseOverOneMebibyteIsAProtocolError) {
  router_.Add(Method::kGet, "/huge",
              [](Request&) { return JsonResponse(200, std::string(2 * 1024 * 1024, ' ')); });
  const std::uint16_t port = StartServer(DefaultOptions());
  try {
    SendRequest({.host = "127.0.0.1", .port = port}, {.target = "/huge"}, milliseconds(5000));
    FAIL() << "no error";
  } catch (const ClientError& error) {
    EXPECT_EQ(error.kind(), ClientError::Kind::kProtocol) << error.what();
  }
}

}  // namespace
}  // namespace shop::http
