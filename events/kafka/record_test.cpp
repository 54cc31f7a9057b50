#include "events/kafka/record.hpp"

#include <gtest/gtest.h>

namespace shop::events::kafka {
namespace {

TEST(KafkaRecord, HeadersSurviveTheRoundTripThroughLibrdkafka) {
  const KafkaHeaders headers{{"ce_id", "1"}, {"empty", ""}, {"ce_id", "dup"}};
  HeadersPtr kafka_headers = ToKafkaHeaders(headers);
  ASSERT_EQ(rd_kafka_header_cnt(kafka_headers.get()), 3u);
  const void* value = nullptr;
  std::size_t size = 0;
  ASSERT_EQ(rd_kafka_header_get_last(kafka_headers.get(), "ce_id", &value, &size),
            RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(std::string(static_cast<const char*>(value), size), "dup");
}

TEST(KafkaRecord, BytesCountKeyValueAndEveryHeader) {
  const KafkaMessage message{
      .topic = "ignored", .key = "abc", .value = "12345", .headers = {{"ce_id", "xy"}}};
  EXPECT_EQ(RecordBytes(message), 3u + 5u + 5u + 2u);
  EXPECT_EQ(HeaderValue(message.headers, "ce_id"), "xy");
  EXPECT_EQ(HeaderValue(message.headers, "none"), "");
}

}  // namespace
}  // namespace shop::events::kafka
