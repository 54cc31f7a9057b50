#include "events/cloud_event.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace shop::events {
namespace {

CloudEvent SampleEvent() {
  return CloudEvent{.id = "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b",
                    .source = "/services/category",
                    .type = "category.updated",
                    .time = "2024-07-01T12:34:56.789Z",
                    .subject = "42",
                    .data_content_type = "application/json",
                    .data_schema = "urn:shop:schema:category.updated:v1",
                    .traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                    .data = R"({"id":42,"name":"Books","version":3})"};
}

KafkaHeaders Without(KafkaHeaders headers, const std::string& name) {
  std::erase_if(headers, [&](const auto& header) { return header.first == name; });
  return headers;
}

KafkaHeaders Replaced(KafkaHeaders headers, const std::string& name, const std::string& value) {
  for (auto& header : headers) {
    if (header.first == name) {
      header.second = value;
    }
  }
  return headers;
}

DecodeError ExpectError(const DecodeResult& result) {
  const auto* error = std::get_if<DecodeError>(&result);
  if (error == nullptr) {
    ADD_FAILURE() << "decoding succeeded";
    return {};
  }
  return *error;
}

TEST(CloudEventTest, ToKafkaMapsTheEventToBinaryModeMessage) {
  const KafkaMessage message = ToKafka(SampleEvent());
  EXPECT_EQ(message.topic, "category.updated");
  EXPECT_EQ(message.key, "42");
  EXPECT_EQ(message.value, R"({"id":42,"name":"Books","version":3})");
  const KafkaHeaders expected = {
      {"ce_specversion", "1.0"},
      {"ce_id", "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b"},
      {"ce_source", "/services/category"},
      {"ce_type", "category.updated"},
      {"ce_time", "2024-07-01T12:34:56.789Z"},
      {"ce_subject", "42"},
      {"content-type", "application/json"},
      {"ce_dataschema", "urn:shop:schema:category.updated:v1"},
      {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
  };
  EXPECT_EQ(message.headers, expected);
}

TEST(CloudEventTest, ToKafkaLeavesOutAbsentTraceparent) {
  CloudEvent event = SampleEvent();
  event.traceparent.reset();
  const KafkaHeaders headers = ToKafka(event).headers;
  EXPECT_EQ(headers.size(), 8U);
  EXPECT_TRUE(std::none_of(headers.begin(), headers.end(),
                           [](const auto& h) { return h.first == "traceparent"; }));
}

TEST(CloudEventTest, FromKafkaRestoresWhatToKafkaEncoded) {
  for (const bool with_trace : {true, false}) {
    CloudEvent event = SampleEvent();
    if (!with_trace) {
      event.traceparent.reset();
    }
    const KafkaMessage message = ToKafka(event);
    const DecodeResult decoded = FromKafka(message.key, message.value, message.headers);
    ASSERT_TRUE(std::holds_alternative<CloudEvent>(decoded)) << ExpectError(decoded).detail;
    EXPECT_EQ(std::get<CloudEvent>(decoded), event);
  }
}

TEST(CloudEventTest, FromKafkaIgnoresUnknownHeadersAndAcceptsJsonWithCharset) {
  KafkaMessage message = ToKafka(SampleEvent());
  message.headers.emplace_back("ce_partitionkey", "x");
  message.headers = Replaced(message.headers, "content-type", "Application/JSON; charset=utf-8");
  EXPECT_TRUE(
      std::holds_alternative<CloudEvent>(FromKafka(message.key, message.value, message.headers)));
}

class CloudEventMissingHeaderTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CloudEventMissingHeaderTest, FromKafkaNamesTheMissingRequiredHeader) {
  const KafkaMessage message = ToKafka(SampleEvent());
  const DecodeError error =
      ExpectError(FromKafka(message.key, message.value, Without(message.headers, GetParam())));
  EXPECT_EQ(error.reason, DecodeError::Reason::kMissingHeader);
  EXPECT_EQ(error.field, GetParam());
  EXPECT_NE(error.detail.find(GetParam()), std::string::npos) << error.detail;
}

TEST_P(CloudEventMissingHeaderTest, FromKafkaRejectsAnEmptyRequiredHeader) {
  const KafkaMessage message = ToKafka(SampleEvent());
  const DecodeError error =
      ExpectError(FromKafka(message.key, message.value, Replaced(message.headers, GetParam(), "")));
  EXPECT_EQ(error.reason, DecodeError::Reason::kInvalidHeader);
  EXPECT_EQ(error.field, GetParam());
}

INSTANTIATE_TEST_SUITE_P(EveryRequiredHeader, CloudEventMissingHeaderTest,
                         ::testing::Values("ce_specversion", "ce_id", "ce_source", "ce_type",
                                           "ce_time", "ce_subject", "content-type",
                                           "ce_dataschema"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(CloudEventTest, FromKafkaRejectsAnotherSpecVersion) {
  const KafkaMessage message = ToKafka(SampleEvent());
  const DecodeError error = ExpectError(
      FromKafka(message.key, message.value, Replaced(message.headers, "ce_specversion", "0.3")));
  EXPECT_EQ(error.reason, DecodeError::Reason::kInvalidHeader);
  EXPECT_EQ(error.field, "ce_specversion");
}

TEST(CloudEventTest, FromKafkaRejectsATimeThatIsNotRfc3339) {
  const KafkaMessage message = ToKafka(SampleEvent());
  const DecodeError error = ExpectError(
      FromKafka(message.key, message.value, Replaced(message.headers, "ce_time", "yesterday")));
  EXPECT_EQ(error.reason, DecodeError::Reason::kInvalidHeader);
  EXPECT_EQ(error.field, "ce_time");
}

TEST(CloudEventTest, FromKafkaRejectsAContentTypeOtherThanJson) {
  const KafkaMessage message = ToKafka(SampleEvent());
  const DecodeError error = ExpectError(FromKafka(
      message.key, message.value, Replaced(message.headers, "content-type", "text/plain")));
  EXPECT_EQ(error.reason, DecodeError::Reason::kInvalidHeader);
  EXPECT_EQ(error.field, "content-type");
}

TEST(CloudEventTest, FromKafkaRejectsADuplicatedHeader) {
  KafkaMessage message = ToKafka(SampleEvent());
  message.headers.emplace_back("ce_id", "0190a1b2-c3d4-7e5f-8a6b-000000000000");
  const DecodeError error = ExpectError(FromKafka(message.key, message.value, message.headers));
  EXPECT_EQ(error.reason, DecodeError::Reason::kDuplicateHeader);
  EXPECT_EQ(error.field, "ce_id");
}

TEST(CloudEventTest, FromKafkaRejectsAKeyOtherThanTheSubject) {
  const KafkaMessage message = ToKafka(SampleEvent());
  const DecodeError error = ExpectError(FromKafka("43", message.value, message.headers));
  EXPECT_EQ(error.reason, DecodeError::Reason::kKeyMismatch);
  EXPECT_EQ(error.field, "key");
}

}  // namespace
}  // namespace shop::events
