#include "events/kafka/record.hpp"

#include <sys/types.h>

namespace shop::events::kafka {

HeadersPtr ToKafkaHeaders(const KafkaHeaders& headers) {
  HeadersPtr out(rd_kafka_headers_new(headers.size()));
  for (const auto& [name, value] : headers) {
    rd_kafka_header_add(out.get(), name.data(), static_cast<ssize_t>(name.size()), value.data(),
                        static_cast<ssize_t>(value.size()));
  }
  return out;
}

KafkaHeaders HeadersOf(const rd_kafka_message_t& message) {
  KafkaHeaders out;
  rd_kafka_headers_t* headers = nullptr;  // owned by the message
  if (rd_kafka_message_headers(&message, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return out;
  }
  const char* name = nullptr;
  const void* value = nullptr;
  std::size_t size = 0;
  for (std::size_t i = 0;
       rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
       ++i) {
    out.emplace_back(name,
                     value != nullptr ? std::string(static_cast<const char*>(value), size) : "");
  }
  return out;
}

std::string KeyOf(const rd_kafka_message_t& message) {
  return message.key != nullptr
             ? std::string(static_cast<const char*>(message.key), message.key_len)
             : std::string();
}

std::string ValueOf(const rd_kafka_message_t& message) {
  return message.payload != nullptr
             ? std::string(static_cast<const char*>(message.payload), message.len)
             : std::string();
}

std::string TopicOf(const rd_kafka_message_t& message) {
  return message.rkt != nullptr ? rd_kafka_topic_name(message.rkt) : std::string();
}

std::string HeaderValue(const KafkaHeaders& headers, std::string_view name) {
  for (const auto& [header, value] : headers) {
    if (header == name) {
      return value;
    }
  }
  return {};
}

}  // namespace shop::events::kafka
