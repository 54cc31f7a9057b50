#include "shopctl/kafka_client.hpp"

#include <algorithm>
#include <iostream>
#include <set>

#include "events/kafka/record.hpp"
#include "shopctl/exit_codes.hpp"
#include "shopctl/kafka_problems.hpp"

namespace shop::shopctl {
namespace {

using events::kafka::MessagePtr;
using events::kafka::PartitionListPtr;

DlqRecord ToRecord(const rd_kafka_message_t& message) {
  DlqRecord record;
  record.topic = events::kafka::TopicOf(message);
  record.partition = message.partition;
  record.offset = message.offset;
  rd_kafka_timestamp_type_t type;
  const std::int64_t ms = rd_kafka_message_timestamp(&message, &type);
  if (ms >= 0) {
    record.timestamp = std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
  }
  record.key = events::kafka::KeyOf(message);
  record.value = events::kafka::ValueOf(message);
  record.headers = events::kafka::HeadersOf(message);
  return record;
}

// The handle of a KafkaClient: a consumer that never joins its group (manual assignment only).
events::kafka::HandlePtr NewReader(const KafkaSettings& settings,
                                   events::kafka::ClientObserver& observer) {
  try {
    return events::kafka::NewHandle(
        RD_KAFKA_CONSUMER,
        events::kafka::NewConf(ShopctlClient(settings, {{"group.id", "shopctl-reader"},
                                                        {"enable.auto.commit", "false"},
                                                        {"enable.auto.offset.store", "false"},
                                                        {"enable.partition.eof", "true"},
                                                        {"auto.offset.reset", "earliest"}})),
        observer);
  } catch (const events::kafka::KafkaError& e) {
    throw UsageError(e.what());
  }
}

}  // namespace

events::kafka::ClientOptions ShopctlClient(const KafkaSettings& settings,
                                           std::map<std::string, std::string> extra) {
  return events::kafka::ClientOptions{
      .bootstrap = settings.bootstrap,
      .client_id = "shopctl",
      .settings = std::move(extra),
      .metrics = nullptr,
      .problems = settings.problems ? settings.problems : KafkaProblems().Sink()};
}

std::unique_ptr<events::kafka::Producer> NewShopctlProducer(const KafkaSettings& settings) {
  try {
    return std::make_unique<events::kafka::Producer>(
        events::kafka::ProducerOptions{.client = ShopctlClient(settings)});
  } catch (const events::kafka::KafkaError& e) {
    throw UsageError(e.what());
  }
}

std::vector<std::optional<std::string>> SendAll(events::kafka::Producer& producer,
                                                const std::vector<events::KafkaMessage>& messages) {
  std::vector<std::optional<std::string>> results;
  for (auto& failure : producer.Send(messages)) {
    results.push_back(failure ? std::optional<std::string>(failure->text) : std::nullopt);
  }
  return results;
}

KafkaClient::KafkaClient(KafkaSettings settings)
    : settings_(std::move(settings)),
      observer_(ShopctlClient(settings_)),
      handle_(NewReader(settings_, observer_)) {
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
  PartitionListPtr assignment(rd_kafka_topic_partition_list_new(Partitions(topic)));
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
    MessagePtr message(rd_kafka_consumer_poll(rk, 200));
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
