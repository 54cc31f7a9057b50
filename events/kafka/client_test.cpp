#include "events/kafka/client.hpp"

#include <gtest/gtest.h>

namespace shop::events::kafka {
namespace {

TEST(KafkaSettings, ParsesCommaSeparatedNameValuePairs) {
  EXPECT_EQ(ParseKafkaSettings(" security.protocol = SSL , ssl.ca.location=/etc/ca.pem,"),
            (std::map<std::string, std::string>{{"security.protocol", "SSL"},
                                                {"ssl.ca.location", "/etc/ca.pem"}}));
  EXPECT_TRUE(ParseKafkaSettings("").empty());
  EXPECT_EQ(ParseKafkaSettings("a="), (std::map<std::string, std::string>{{"a", ""}}));
}

TEST(KafkaSettings, RefusesAnEntryWithoutAName) {
  EXPECT_THROW(ParseKafkaSettings("compression.type"), KafkaError);
  EXPECT_THROW(ParseKafkaSettings("=zstd"), KafkaError);
}

TEST(KafkaSettings, ARefusedSettingIsAnErrorNamingIt) {
  ConfPtr conf(rd_kafka_conf_new());
  try {
    Set(conf.get(), "no.such.setting", "1");
    FAIL() << "librdkafka accepted an unknown setting";
  } catch (const KafkaError& e) {
    EXPECT_NE(std::string(e.what()).find("no.such.setting"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace shop::events::kafka
