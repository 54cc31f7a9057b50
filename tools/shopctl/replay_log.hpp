#pragma once
// The replay log: a compacted topic (default shopctl.replay-log) with one record per replayed
// dead letter, key "<dlq topic>/<partition>/<offset>", value a small JSON object
// {"dlq_topic","partition","offset","target_topic","replayed_at"}. `dlq replay` reads it into a
// set before sending and writes a record only after the replayed message was acknowledged, so a
// crash between the two means that message is sent again next time (the consumer's inbox absorbs
// it), never that one is skipped without having been sent.

#include <set>
#include <string>
#include <vector>

#include "events/cloud_event.hpp"
#include "shopctl/dlq_record.hpp"
#include "shopctl/kafka_client.hpp"
#include "shopctl/time_arg.hpp"

namespace shop::shopctl {

class ReplayLog {
 public:
  // Reads the whole topic; throws UsageError when it does not exist, ConnectError on a broker
  // failure.
  static ReplayLog Load(const KafkaClient& client, const std::string& topic);

  explicit ReplayLog(std::string topic) : topic_(std::move(topic)) {}

  bool Contains(const std::string& key) const { return keys_.contains(key); }
  void Add(const std::string& key) { keys_.insert(key); }
  std::size_t size() const { return keys_.size(); }

  // The log record of `record`, replayed to `target_topic` at `now`.
  events::KafkaMessage Entry(const DlqRecord& record, const std::string& target_topic,
                             TimePoint now) const;

 private:
  std::string topic_;
  std::set<std::string> keys_;
};

}  // namespace shop::shopctl
