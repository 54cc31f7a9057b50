#pragma once
// RAII holders for librdkafka's C objects (the project's one Kafka API family: the C API, wrapped
// here). Each alias owns its object and destroys it with the matching librdkafka call; a holder
// may be empty. Passing ownership to librdkafka (rd_kafka_new takes the conf, a successful
// produce takes the headers) is done with release() at the call that takes it.

#include <librdkafka/rdkafka.h>

#include <memory>

namespace shop::events::kafka {

struct KafkaDeleter {
  void operator()(rd_kafka_conf_t* p) const { rd_kafka_conf_destroy(p); }
  void operator()(rd_kafka_t* p) const { rd_kafka_destroy(p); }
  void operator()(rd_kafka_headers_t* p) const { rd_kafka_headers_destroy(p); }
  void operator()(rd_kafka_topic_partition_list_t* p) const {
    rd_kafka_topic_partition_list_destroy(p);
  }
  void operator()(rd_kafka_message_t* p) const { rd_kafka_message_destroy(p); }
  void operator()(rd_kafka_queue_t* p) const { rd_kafka_queue_destroy(p); }
  void operator()(rd_kafka_event_t* p) const { rd_kafka_event_destroy(p); }
  void operator()(rd_kafka_AdminOptions_t* p) const { rd_kafka_AdminOptions_destroy(p); }
  void operator()(rd_kafka_ConfigResource_t* p) const { rd_kafka_ConfigResource_destroy(p); }
  void operator()(rd_kafka_NewTopic_t* p) const { rd_kafka_NewTopic_destroy(p); }
  void operator()(const rd_kafka_metadata_t* p) const { rd_kafka_metadata_destroy(p); }
};

template <typename T>
using KafkaPtr = std::unique_ptr<T, KafkaDeleter>;

using ConfPtr = KafkaPtr<rd_kafka_conf_t>;
using HandlePtr = KafkaPtr<rd_kafka_t>;
using HeadersPtr = KafkaPtr<rd_kafka_headers_t>;
using PartitionListPtr = KafkaPtr<rd_kafka_topic_partition_list_t>;
using MessagePtr = KafkaPtr<rd_kafka_message_t>;
using QueuePtr = KafkaPtr<rd_kafka_queue_t>;
using EventPtr = KafkaPtr<rd_kafka_event_t>;
using MetadataPtr = KafkaPtr<const rd_kafka_metadata_t>;

}  // namespace shop::events::kafka
