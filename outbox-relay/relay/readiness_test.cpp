#include "relay/readiness.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace shop::relay {
namespace {

TEST(RelayReadiness, ReadyWhenEveryDatabaseHasASession) {
  const http::Response response = ReadinessResponse({{"category_db", true}, {"auth_db", true}});
  EXPECT_EQ(response.status, 200u);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body.at("status"), "ready");
  EXPECT_EQ(body.at("checks").at("auth_db"), "connected");
}

TEST(RelayReadiness, NotReadyNamesEachDatabaseWithoutASession) {
  const http::Response response =
      ReadinessResponse({{"category_db", false}, {"auth_db", true}, {"cart_db", false}});
  EXPECT_EQ(response.status, 503u);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body.at("detail"), "no database session: category_db, cart_db");
  EXPECT_EQ(body.at("checks").at("auth_db"), "connected");
  EXPECT_EQ(body.at("checks").at("cart_db"), "disconnected");
  EXPECT_EQ(response.headers.Get("Retry-After").value_or(""), std::string_view("1"));
}

}  // namespace
}  // namespace shop::relay
