#include "relay/relay_config.hpp"

#include <gtest/gtest.h>

#include <map>

namespace shop::relay {
namespace {

config::EnvConfig Env(std::map<std::string, std::string> values) {
  return config::EnvConfig([values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) {
      return std::nullopt;
    }
    return it->second;
  });
}

TEST(RelayConfig, SplitsTheUrlListAndLabelsEachDatabaseByNameOnly) {
  const auto dbs = ParseDatabaseUrls(
      " postgresql://relay:s3cret@db1:5432/category?sslmode=disable , ,"
      "postgres://db2/orders,host=db3 user=x password=y dbname=payments");
  ASSERT_EQ(dbs.size(), 3u);
  EXPECT_EQ(dbs[0].uri, "postgresql://relay:s3cret@db1:5432/category?sslmode=disable");
  EXPECT_EQ(dbs[0].label, "category");
  EXPECT_EQ(dbs[1].label, "orders");
  EXPECT_EQ(dbs[2].label, "payments");
  for (const auto& db : dbs) {
    EXPECT_EQ(db.label.find("s3cret"), std::string::npos);
  }
}

TEST(RelayConfig, LabelIsUnknownWhenTheUriNamesNoDatabase) {
  EXPECT_EQ(DatabaseLabel("postgresql://u:p@host:5432"), "unknown");
  EXPECT_EQ(DatabaseLabel("host=h password=p"), "unknown");
}

TEST(RelayConfig, RejectsWhitespaceSeparatedUrlsWithoutEchoingThem) {
  try {
    ParseDatabaseUrls("postgresql://u:secret@h/a postgresql://u:secret@h/b");
    FAIL() << "expected a ConfigError";
  } catch (const config::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos) << e.what();
  }
}

TEST(RelayConfig, RejectsAnEmptyOrDuplicatedUrlList) {
  EXPECT_THROW(ParseDatabaseUrls(" , "), config::ConfigError);
  EXPECT_THROW(ParseDatabaseUrls("postgresql://h/a,postgresql://h/a"), config::ConfigError);
}

TEST(RelayConfig, RetentionAcceptsDaysHoursMinutesAndSeconds) {
  EXPECT_EQ(ParseRetention("7d"), std::chrono::hours(168));
  EXPECT_EQ(ParseRetention("12h"), std::chrono::hours(12));
  EXPECT_EQ(ParseRetention("30m"), std::chrono::minutes(30));
  EXPECT_EQ(ParseRetention("45"), std::chrono::seconds(45));
  EXPECT_THROW(ParseRetention("7w"), config::ConfigError);
  EXPECT_THROW(ParseRetention("0d"), config::ConfigError);
  EXPECT_THROW(ParseRetention("d"), config::ConfigError);
}

TEST(RelayConfig, LoadsDefaultsAndRequiresDatabasesAndBootstrap) {
  const RelayConfig cfg = LoadRelayConfig(
      Env({{"SHOP_RELAY_DATABASE_URLS", "postgresql://h/a"}, {"SHOP_KAFKA_BOOTSTRAP", "k:9092"}}));
  EXPECT_EQ(cfg.http_port, 8086);
  EXPECT_EQ(cfg.batch_size, 500u);
  EXPECT_EQ(cfg.poll_interval, std::chrono::seconds(1));
  EXPECT_EQ(cfg.retention, std::chrono::hours(168));
  EXPECT_THROW(LoadRelayConfig(Env({{"SHOP_KAFKA_BOOTSTRAP", "k:9092"}})), config::ConfigError);
  EXPECT_THROW(LoadRelayConfig(Env({{"SHOP_RELAY_DATABASE_URLS", "postgresql://h/a"}})),
               config::ConfigError);
  EXPECT_THROW(LoadRelayConfig(Env({{"SHOP_RELAY_DATABASE_URLS", "postgresql://h/a"},
                                    {"SHOP_KAFKA_BOOTSTRAP", "k:9092"},
                                    {"SHOP_RELAY_BATCH_SIZE", "0"}})),
               config::ConfigError);
}

}  // namespace
}  // namespace shop::relay
