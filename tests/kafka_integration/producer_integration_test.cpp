// The project's one producer (events/kafka/producer.hpp) against the real broker of tests/run:
// delivery reports per tag, permanent refusals classified, and recovery from a fatal error of the
// idempotent producer (fabricated with rd_kafka_test_fatal_error: a healthy broker never provokes
// one). Before issue 11 the dead-letter producer had no recovery: after a fatal error every
// dead letter failed for ever (defect 5).
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "events/kafka/producer.hpp"
#include "test_support.hpp"

namespace shop::events::kafka {
namespace {

using namespace std::chrono_literals;

std::string NewTopic(const std::string& prefix,
                     const std::map<std::string, std::string>& config = {}) {
  const std::string topic =
      prefix + "-" + std::to_string(::getpid()) + "-" +
      std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  testing::CreateKafkaTopics({topic}, 1, config);
  return topic;
}

ProducerOptions Options(metrics::Registry& registry) {
  return ProducerOptions{.client = {.bootstrap = testing::KafkaBootstrap(),
                                    .client_id = "producer-it",
                                    .metrics = &registry},
                         .message_timeout = 10s};
}

KafkaMessage Message(const std::string& topic, std::string value) {
  return KafkaMessage{
      .topic = topic, .key = "k", .value = std::move(value), .headers = {{"h", "v"}}};
}

TEST(KafkaProducer, AfterAFatalErrorNothingIsSentUntilTheProducerIsReplaced) {
  metrics::Registry registry;
  Producer producer(Options(registry));
  const std::string topic = NewTopic("producer-it.fatal");
  ASSERT_FALSE(producer.Send({Message(topic, "before")}).front().has_value());

  producer.RaiseFatalErrorForTesting("fabricated by producer_integration_test");
  const std::optional<ProduceFailure> refused = producer.Enqueue(Message(topic, "during"), 7);
  ASSERT_TRUE(refused.has_value()) << "a fatally failed producer must refuse new messages";
  EXPECT_EQ(refused->code, RD_KAFKA_RESP_ERR__FATAL);

  const std::optional<std::string> reason = producer.RecoverFromFatalError();
  ASSERT_TRUE(reason.has_value());
  EXPECT_NE(reason->find("fabricated"), std::string::npos) << *reason;
  EXPECT_FALSE(producer.RecoverFromFatalError().has_value()) << "the new handle is healthy";
  EXPECT_FALSE(producer.Send({Message(topic, "after")}).front().has_value());
  EXPECT_EQ(
      registry.GetCounter("kafka_producer_fatal_recoveries_total", "", {"client"}, {"producer-it"})
          .Value(),
      1);
}

TEST(KafkaProducer, SendRecoversFromAFatalErrorAndSendsAgainOnce) {
  metrics::Registry registry;
  Producer producer(Options(registry));
  const std::string topic = NewTopic("producer-it.send");
  producer.RaiseFatalErrorForTesting("fabricated by producer_integration_test");
  const auto results = producer.Send({Message(topic, "a"), Message(topic, "b")});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_FALSE(results[0].has_value()) << results[0]->text;
  EXPECT_FALSE(results[1].has_value()) << results[1]->text;
}

TEST(KafkaProducer, ARecordTheTopicRefusesAsTooLargeIsAPermanentFailure) {
  metrics::Registry registry;
  Producer producer(Options(registry));
  const std::string topic = NewTopic("producer-it.small", {{"max.message.bytes", "2048"}});
  const auto results =
      producer.Send({Message(topic, std::string(10'000, 'x')), Message(topic, "ok")});
  ASSERT_TRUE(results[0].has_value());
  EXPECT_EQ(results[0]->kind, FailureKind::kPermanent) << results[0]->text;
  EXPECT_FALSE(results[1].has_value())
      << "the small message shared a batch the broker refused: it must be sent again alone";
  EXPECT_EQ(registry
                .GetCounter("kafka_producer_messages_total", "", {"client", "outcome"},
                            {"producer-it", "delivered"})
                .Value(),
            1);
}

TEST(KafkaProducer, AMessageForATopicThatDoesNotExistIsReportedAsAbsent) {
  metrics::Registry registry;
  Producer producer(Options(registry));
  const auto results =
      producer.Send({Message("producer-it.absent-" + std::to_string(::getpid()), "x")});
  ASSERT_TRUE(results[0].has_value());
  EXPECT_EQ(results[0]->kind, FailureKind::kTopicAbsent) << results[0]->text;
}

}  // namespace
}  // namespace shop::events::kafka
