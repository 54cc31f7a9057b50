#pragma once
// Converting between the project's KafkaMessage (events/cloud_event.hpp: topic, key, value, header
// pairs) and librdkafka's C objects.

#include <librdkafka/rdkafka.h>

#include <cstddef>
#include <string>

#include "events/cloud_event.hpp"
#include "events/kafka/handles.hpp"

namespace shop::events::kafka {

HeadersPtr ToKafkaHeaders(const KafkaHeaders& headers);

// The message's headers in order (a header without a value reads as ""), key and value.
KafkaHeaders HeadersOf(const rd_kafka_message_t& message);
std::string KeyOf(const rd_kafka_message_t& message);
std::string ValueOf(const rd_kafka_message_t& message);
std::string TopicOf(const rd_kafka_message_t& message);

// The value of the first header `name`, or "" when absent.
std::string HeaderValue(const KafkaHeaders& headers, std::string_view name);

}  // namespace shop::events::kafka
