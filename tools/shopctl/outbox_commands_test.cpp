#include "shopctl/outbox_commands.hpp"

#include <gtest/gtest.h>

#include <map>

#include "shopctl/exit_codes.hpp"

namespace shop::shopctl {
namespace {

Getenv FakeEnv(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    const auto it = values.find(name);
    return it == values.end() ? std::nullopt : std::optional(it->second);
  };
}

TEST(OutboxDatabases, AFlagBeatsTheServiceVariable) {
  const auto env = FakeEnv({{"SHOP_CATEGORY_DATABASE_URL", "env-url"}});
  EXPECT_EQ(ResolveDatabases("category", std::nullopt, env).front().url, "env-url");
  EXPECT_EQ(ResolveDatabases("category", "flag-url", env).front().url, "flag-url");
}

TEST(OutboxDatabases, WithoutAServiceEveryConfiguredOneIsUsed) {
  const auto dbs = ResolveDatabases(
      std::nullopt, std::nullopt,
      FakeEnv({{"SHOP_PRODUCT_DATABASE_URL", "p"}, {"SHOP_AUTH_DATABASE_URL", "a"}}));
  ASSERT_EQ(dbs.size(), 2u);
  EXPECT_EQ(dbs[0].service, "auth");
  EXPECT_EQ(dbs[1].service, "product");
}

TEST(OutboxDatabases, MissingOrUnknownServicesAreUsageErrors) {
  EXPECT_THROW(ResolveDatabases(std::nullopt, std::nullopt, FakeEnv({})), UsageError);
  EXPECT_THROW(ResolveDatabases("warehouse", std::nullopt, FakeEnv({})), UsageError);
  EXPECT_THROW(ResolveDatabases("cart", std::nullopt, FakeEnv({})), UsageError);
}

}  // namespace
}  // namespace shop::shopctl
