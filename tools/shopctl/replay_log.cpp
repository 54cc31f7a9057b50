#include "shopctl/replay_log.hpp"

#include <nlohmann/json.hpp>

#include "events/cloud_event.hpp"
#include "platform/text/rfc3339.hpp"
#include "shopctl/exit_codes.hpp"
#include "shopctl/replay_message.hpp"

namespace shop::shopctl {

ReplayLog ReplayLog::Load(const KafkaClient& client, const std::string& topic) {
  if (!client.HasTopic(topic)) {
    throw UsageError("no replay-log topic " + topic +
                     " (create it with deploy/local/kafka-ctl create-topics)");
  }
  ReplayLog log(topic);
  for (const DlqRecord& record : client.ReadTopic(topic)) {
    // A null value would be a tombstone: an operator's way to forget a replay.
    if (record.value.empty()) {
      log.keys_.erase(record.key);
    } else {
      log.keys_.insert(record.key);
    }
  }
  return log;
}

events::KafkaMessage ReplayLog::Entry(const DlqRecord& record, const std::string& target_topic,
                                      TimePoint now) const {
  const nlohmann::json value = {{"dlq_topic", record.topic},
                                {"partition", record.partition},
                                {"offset", record.offset},
                                {"target_topic", target_topic},
                                {"replayed_at", text::FormatRfc3339Utc(now)}};
  return events::KafkaMessage{.topic = topic_,
                              .key = ReplayLogKey(record.topic, record.partition, record.offset),
                              .value = value.dump(),
                              .headers = {}};
}

}  // namespace shop::shopctl
