#include "kafka_client.hpp"

#include <algorithm>
#include <set>

#include "exit_codes.hpp"

namespace shop::shopctl {
namespace {

void Quiet(const rd_kafka_t*, int, const char*, const char*) {}
void QuietError(rd_kafka_t*, int, const char*, void*) {}

struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

struct MessageDeleter {
  void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
};
using Message = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

DlqRecord ToRecord(const rd_kafka_message_t& message) {
  DlqRecord record;
  record.topic = rd_kafka_topic_name(message.rkt);
  record.partition = message.partition;
  record.offset = message.offset;
  rd_kafka_timestamp_type_t type;
  const std::int64_t ms = rd_kafka_message_timestamp(&message, &type);
  if (ms >= 0) {
    record.timestamp = std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
  }
  if (message.key != nullptr) {
    record.key.assign(static_cast<const char*>(message.key), message.key_len);
  }
  if (message.payload != nullptr) {
    record.value.assign(static_cast<const char*>(message.payload), message.len);
  }
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(&message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* name = nullptr;
    const void* value = nullptr;
    std::size_t size = 0;
    for (std::size_t i = 0;
         rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
         ++i) {
      record.headers.emplace_back(
          name, value != nullptr ? std::string(static_cast<const char*>(value), size) : "");
    }
  }
  return record;
}

}  // namespace

void KafkaHandleDeleter::operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }

KafkaHandle NewKafkaHandle(rd_kafka_type_t type, const KafkaSettings& settings,
                           const std::map<std::string, std::string>& extra) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char error[512];
  std::map<std::string, std::string> all = extra;
  all["bootstrap.servers"] = settings.bootstrap;
  all["client.id"] = "shopctl";
  for (const auto& [name, value] : all) {
    if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof error) !=
        RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw UsageError("kafka setting " + name + " refused: " + error);
    }
  }
  rd_kafka_conf_set_log_cb(conf, Quiet);
  rd_kafka_conf_set_error_cb(conf, QuietError);
  // rd_kafka_new takes ownership of conf only on success.
  rd_kafka_t* rk = rd_kafka_new(type, conf, error, sizeof error);
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw UsageError(std::string("cannot create a Kafka client: ") + error);
  }
  return KafkaHandle(rk);
}

KafkaClient::KafkaClient(KafkaSettings settings)
    : settings_(std::move(settings)),
      handle_(NewKafkaHandle(RD_KAFKA_CONSUMER, settings_,
                             {{"group.id", "shopctl-reader"},
                              {"enable.auto.commit", "false"},
                              {"enable.auto.offset.store", "false"},
                              {"enable.partition.eof", "true"},
                              {"auto.offset.reset", "earliest"}})) {
  const rd_kafka_metadata_t* metadata = nullptr;
  const rd_kafka_resp_err_t err = rd_kafka_metadata(handle_.get(), 1, nullptr, &metadata,
                                                    static_cast<int>(settings_.timeout.count()));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw ConnectError("cannot reach the Kafka broker at " + settings_.bootstrap + " within " +
                       std::to_string(settings_.timeout.count() / 1000) + " s (" +
                       rd_kafka_err2str(err) + ")");
  }
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    const rd_kafka_metadata_topic_t& topic = metadata->topics[i];
    if (topic.err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      partitions_[topic.topic] = topic.partition_cnt;
    }
  }
  rd_kafka_metadata_destroy(metadata);
}

int KafkaClient::Partitions(const std::string& topic) const {
  const auto it = partitions_.find(topic);
  return it == partitions_.end() ? 0 : it->second;
}

Watermarks KafkaClient::QueryWatermarks(const std::string& topic, std::int32_t partition) const {
  Watermarks marks;
  const rd_kafka_resp_err_t err =
      rd_kafka_query_watermark_offsets(handle_.get(), topic.c_str(), partition, &marks.low,
                                       &marks.high, static_cast<int>(settings_.timeout.count()));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw ConnectError("cannot read the offsets of " + topic + "/" + std::to_string(partition) +
                       ": " + rd_kafka_err2str(err));
  }
  return marks;
}

std::vector<DlqRecord> KafkaClient::ReadTopic(const std::string& topic) const {
  std::vector<DlqRecord> records;
  PartitionList assignment(rd_kafka_topic_partition_list_new(Partitions(topic)));
  std::map<std::int32_t, std::int64_t> high;  // partitions still to read up to their high mark
  for (std::int32_t p = 0; p < Partitions(topic); ++p) {
    const Watermarks marks = QueryWatermarks(topic, p);
    if (marks.high > marks.low) {
      rd_kafka_topic_partition_list_add(assignment.get(), topic.c_str(), p)->offset = marks.low;
      high[p] = marks.high;
    }
  }
  if (high.empty()) {
    return records;
  }
  rd_kafka_t* rk = handle_.get();
  if (const rd_kafka_resp_err_t err = rd_kafka_assign(rk, assignment.get())) {
    throw ConnectError("cannot read " + topic + ": " + rd_kafka_err2str(err));
  }
  auto last_progress = std::chrono::steady_clock::now();
  while (!high.empty()) {
    if (std::chrono::steady_clock::now() - last_progress > settings_.timeout) {
      rd_kafka_assign(rk, nullptr);
      throw ConnectError("reading " + topic + " made no progress for " +
                         std::to_string(settings_.timeout.count() / 1000) + " s");
    }
    Message message(rd_kafka_consumer_poll(rk, 200));
    if (!message) {
      continue;
    }
    const auto it = high.find(message->partition);
    if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      if (it != high.end() && message->offset >= it->second) {
        high.erase(it);
      }
      continue;
    }
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR || it == high.end()) {
      continue;  // transient fetch errors are retried by librdkafka
    }
    last_progress = std::chrono::steady_clock::now();
    if (message->offset < it->second) {
      records.push_back(ToRecord(*message));
    }
    if (message->offset + 1 >= it->second) {
      high.erase(it);
    }
  }
  rd_kafka_assign(rk, nullptr);
  std::stable_sort(records.begin(), records.end(), [](const DlqRecord& a, const DlqRecord& b) {
    return a.partition != b.partition ? a.partition < b.partition : a.offset < b.offset;
  });
  return records;
}

}  // namespace shop::shopctl
