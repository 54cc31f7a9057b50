#pragma once
// Retention of the processed_events inbox (DESIGN.md section 5): rows are deleted by age, in
// batches, and the inbox must keep them longer than `<group>.dlq` keeps dead letters, or a
// replayed dead letter whose first delivery was applied could slip past deduplication.

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <optional>
#include <string>

#include "platform/db/pool.hpp"

namespace shop::events::consumer {

// retention.ms of `topic` as the broker reports it (milliseconds::max() for -1, unlimited), or
// nullopt when it cannot be learned within `timeout` (broker down, no such topic).
std::optional<std::chrono::milliseconds> TopicRetention(rd_kafka_t* client,
                                                        const std::string& topic,
                                                        std::chrono::milliseconds timeout);

// Throws std::runtime_error naming both figures when `inbox` does not outlast `dead_letters`.
void RequireInboxOutlivesDeadLetters(std::chrono::milliseconds inbox,
                                     std::chrono::milliseconds dead_letters,
                                     const std::string& dlq_topic);

// Deletes `group`'s inbox rows older than `retention`, 1,000 per transaction; returns how many.
long PurgeExpiredInbox(db::ConnectionPool& pool, const std::string& group,
                       std::chrono::milliseconds retention);

}  // namespace shop::events::consumer
