#pragma once
// shopctl's read side of Kafka: one librdkafka consumer handle (C API, RAII) used for metadata,
// watermarks, admin requests and reading whole topics by manual assignment. It never joins a
// group and never commits: reading a DLQ leaves no trace on the broker.
//
// Not thread-safe; one per command.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "events/kafka/client.hpp"
#include "events/kafka/producer.hpp"
#include "shopctl/dlq_record.hpp"

namespace shop::shopctl {

struct KafkaSettings {
  std::string bootstrap{};
  std::chrono::milliseconds timeout{10000};  // per broker request; also "no progress" limit
  events::kafka::ProblemSink problems{};     // librdkafka's errors (kafka_problems.hpp)
};

// shopctl's client options: client.id "shopctl", librdkafka's errors to settings.problems
// (kafka_problems.hpp).
events::kafka::ClientOptions ShopctlClient(const KafkaSettings& settings,
                                           std::map<std::string, std::string> extra = {});

// The idempotent producer (events/kafka/producer.hpp) shopctl sends with. Throws UsageError when
// a setting is refused.
std::unique_ptr<events::kafka::Producer> NewShopctlProducer(const KafkaSettings& settings);

// Sends `messages` and waits for every report: one entry per message, nullopt when acknowledged,
// else the reason.
std::vector<std::optional<std::string>> SendAll(events::kafka::Producer& producer,
                                                const std::vector<events::KafkaMessage>& messages);

struct Watermarks {
  std::int64_t low = 0;
  std::int64_t high = 0;
};

class KafkaClient {
 public:
  // Connects and fetches the cluster's topics; throws ConnectError when the broker does not
  // answer within settings.timeout.
  explicit KafkaClient(KafkaSettings settings);

  const KafkaSettings& settings() const { return settings_; }
  rd_kafka_t* handle() const { return handle_.get(); }

  bool HasTopic(const std::string& topic) const { return partitions_.contains(topic); }
  int Partitions(const std::string& topic) const;  // 0 when unknown

  // Throws ConnectError when the broker does not answer.
  Watermarks QueryWatermarks(const std::string& topic, std::int32_t partition) const;

  // Every message of every partition from the low to the high watermark taken at the start, in
  // partition then offset order. Throws ConnectError when no progress is made for
  // settings.timeout.
  std::vector<DlqRecord> ReadTopic(const std::string& topic) const;

 private:
  KafkaSettings settings_;
  events::kafka::ClientObserver observer_;  // declared before handle_: outlives its callbacks
  events::kafka::HandlePtr handle_;
  std::map<std::string, int> partitions_;  // topic -> partition count
};

}  // namespace shop::shopctl
