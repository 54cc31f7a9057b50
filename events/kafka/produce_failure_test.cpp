#include "events/kafka/produce_failure.hpp"

#include <gtest/gtest.h>

namespace shop::events::kafka {
namespace {

TEST(ProduceFailure, RecordsTheBrokerRefusesEveryTimeArePermanent) {
  for (const rd_kafka_resp_err_t code :
       {RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, RD_KAFKA_RESP_ERR_INVALID_RECORD,
        RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION}) {
    EXPECT_EQ(ClassifyProduceError(code), FailureKind::kPermanent) << rd_kafka_err2name(code);
  }
}

TEST(ProduceFailure, AMissingTopicIsItsOwnKind) {
  EXPECT_EQ(ClassifyProduceError(RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC), FailureKind::kTopicAbsent);
  EXPECT_EQ(ClassifyProduceError(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART),
            FailureKind::kTopicAbsent);
}

TEST(ProduceFailure, TimeoutsOutagesAndFatalErrorsAreWorthRetrying) {
  for (const rd_kafka_resp_err_t code :
       {RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__TRANSPORT,
        RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__FATAL,
        RD_KAFKA_RESP_ERR__PURGE_QUEUE, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS}) {
    EXPECT_EQ(ClassifyProduceError(code), FailureKind::kRetry) << rd_kafka_err2name(code);
  }
}

TEST(ProduceFailure, CarriesLibrdkafkasDescription) {
  const ProduceFailure failure = MakeFailure(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE);
  EXPECT_NE(failure.text.find("too large"), std::string::npos) << failure.text;
  EXPECT_EQ(FailureKindName(failure.kind), "permanent");
}

}  // namespace
}  // namespace shop::events::kafka
