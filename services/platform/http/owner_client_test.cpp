// OwnerClient against an in-process owner on a loopback port: what it caches, and what a 503 of
// the owner means to it (decision 0020).
// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include "platform/http/owner_client.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "platform/http/server_test_fixture.hpp"

namespace shop::http {
namespace {

using namespace std::chrono_literals;

// An owner whose /things/{id} answers 200 {"name": id} for "known", 404 for "unknown" and 503 with
// Retry-After: 7 for "busy".
class OwnerClientTest : public ServerTestFixture {
 protected:
  OwnerClientTest() {
    router_.Add(Method::kGet, "/things/{id}", [this](Request& request) {
      ++calls_;
      const std::string id(request.PathParam("id"));
      if (id == "busy") {
        throw ServiceUnavailable("the database is unavailable; retry shortly", 7);
      }
      return id == "known" ? JsonResponse(200, nlohmann::json{{"name", id}}.dump())
                           : JsonResponse(404, "{}");
    });
  }

  std::unique_ptr<OwnerClient<std::string>> ClientFor(std::uint16_t port) {
    return ClientFor(std::vector<Endpoint>{{.host = "127.0.0.1", .port = port}});
  }
  std::unique_ptr<OwnerClient<std::string>> ClientFor(std::vector<Endpoint> instances) {
    OwnerClientOptions options;
    options.upstream.name = "things";
    options.upstream.endpoints = std::move(instances);
    options.upstream.max_attempts = 3;
    options.upstream.backoff = {1ms, 2ms};
    options.upstream.breaker = {.failure_threshold = 2, .open_for = 60s};
    return std::make_unique<OwnerClient<std::string>>(
        options, registry_, [](const std::string& body) {
          return nlohmann::json::parse(body).at("name").get<std::string>();
        });
  }
  static Request Incoming() {
    Request request;
    request.request_id = "req-1";
    return request;
  }

  std::atomic<int> calls_{0};
};

TEST_F(OwnerClientTest, FoundAndMissingAnswersAreCached) {
  const auto client = ClientFor(StartServer(DefaultOptions()));
  EXPECT_EQ(client->Fetch("/things/known", Incoming()), std::optional<std::string>("known"));
  EXPECT_EQ(client->Fetch("/things/unknown", Incoming()), std::nullopt);
  EXPECT_EQ(client->Fetch("/things/known", Incoming()), std::optional<std::string>("known"));
  EXPECT_EQ(client->Fetch("/things/unknown", Incoming()), std::nullopt);
  EXPECT_EQ(calls_.load(), 2);
}

TEST_F(OwnerClientTest,
       AnOwnerSaying503IsUnavailableWithItsRetryAfterButNotRetriedNorABreakerFailure) {
  const auto client = ClientFor(StartServer(DefaultOptions()));
  for (int i = 0; i < 3; ++i) {
    try {
      client->Fetch("/things/busy", Incoming());
      FAIL() << "a 503 is no answer to the question";
    } catch (const UpstreamUnavailable& error) {
      EXPECT_EQ(error.retry_after(), 7s) << error.what();
    }
  }
  EXPECT_EQ(calls_.load(), 3) << "one attempt per call: the owner asked for room";
  EXPECT_EQ(client->Fetch("/things/known", Incoming()), std::optional<std::string>("known"))
      << "three 503s must not have opened a breaker of threshold 2";
}

TEST_F(OwnerClientTest, AnOwnerThatIsDownIsUnavailable) {
  const std::uint16_t port = StartServer(DefaultOptions());
  server_.reset();
  const auto client = ClientFor(port);
  EXPECT_THROW(client->Fetch("/things/known", Incoming()), UpstreamUnavailable);
  try {
    client->Fetch("/things/known", Incoming());
    FAIL() << "the open breaker let a call through";
  } catch (const UpstreamUnavailable& error) {
    EXPECT_GT(error.retry_after(), 50s) << "the rest of the open period: " << error.what();
  }
}

TEST_F(OwnerClientTest, AnOwnerWithTwoInstancesIsAskedOnTheLiveOneWhenTheOtherIsDown) {
  const std::uint16_t dead = StartServer(DefaultOptions());
  server_.reset();
  const std::uint16_t live = StartServer(DefaultOptions());
  const auto client = ClientFor(std::vector<Endpoint>{{.host = "127.0.0.1", .port = dead},
                                                      {.host = "127.0.0.1", .port = live}});
  EXPECT_EQ(client->Fetch("/things/known", Incoming()), std::optional<std::string>("known"))
      << "refused by the first instance, answered by the second";
  EXPECT_EQ(client->Fetch("/things/unknown", Incoming()), std::nullopt);
  EXPECT_EQ(calls_.load(), 2);
}

TEST(LoadOwnerClientOptions, TheUrlMayListSeveralInstances) {
  const auto env = [](std::string url) {
    return config::EnvConfig([url](const std::string& name) -> std::optional<std::string> {
      return name == "SHOP_CATEGORY_URL" ? std::optional<std::string>(url) : std::nullopt;
    });
  };
  const OwnerClientOptions options = LoadOwnerClientOptions(
      env("http://127.0.0.1:8082,http://127.0.0.1:8182"), "SHOP_CATEGORY", "category", "x");
  EXPECT_EQ(HttpUrlList(options.upstream.endpoints), "http://127.0.0.1:8082,http://127.0.0.1:8182");
  EXPECT_EQ(options.upstream.health.interval, 0ms) << "owner lookups mark instances passively";
  try {
    LoadOwnerClientOptions(env("http://127.0.0.1:8082,127.0.0.1:8182"), "SHOP_CATEGORY", "category",
                           "x");
    FAIL() << "a URL without a scheme was taken";
  } catch (const config::ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("SHOP_CATEGORY_URL"), std::string::npos);
  }
}

}  // namespace
}  // namespace shop::http
