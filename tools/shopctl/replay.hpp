#pragma once
// `dlq replay`: sends chosen dead letters to the retry (or original) topic at most once per
// replay-log entry, records each acknowledged one in the replay log, and reports a summary.
//
// Order per chunk of messages: send the chunk and wait for every delivery report, then write and
// flush the replay-log records of the delivered ones. A kill between the two leaves those messages
// unlogged: the next run sends them again and the consumer's inbox (processed_events by ce_id)
// skips them. Messages are never logged without having been acknowledged.

#include <chrono>
#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "events/cloud_event.hpp"
#include "shopctl/dlq_record.hpp"
#include "shopctl/replay_log.hpp"
#include "shopctl/replay_message.hpp"

namespace shop::shopctl {

struct ReplayOptions {
  std::string group{};
  ReplayTarget target = ReplayTarget::kRetry;
  double rate = 0;  // messages per second; 0: as fast as possible
  bool dry_run = false;
  bool force = false;  // send even when the replay log has the offset
  std::size_t chunk = 100;
};

struct ReplaySummary {
  std::size_t selected = 0;
  std::size_t sent = 0;
  std::size_t skipped = 0;  // already replayed
  std::size_t failed = 0;
  std::size_t unlogged = 0;  // sent, but the replay-log record failed
};

// Sends a batch and returns one error (or nullopt) per message, in order.
using SendBatch = std::function<std::vector<std::optional<std::string>>(
    const std::vector<events::KafkaMessage>&)>;

// `out` gets the dry-run lines and the summary; `progress` a line per second on long replays and
// per-message failures.
ReplaySummary Replay(const std::vector<DlqRecord>& selected, const ReplayOptions& options,
                     ReplayLog& log, const SendBatch& send, std::ostream& out,
                     std::ostream& progress);

// "selected 20, sent 20, skipped as already replayed 0, failed 0"
std::string FormatSummary(const ReplaySummary& summary, bool dry_run);

// One JSON line describing a message that would be sent (dry run); a `token` member of its value
// is masked (secret_mask.hpp).
std::string DescribeMessage(const DlqRecord& record, const events::KafkaMessage& message);

}  // namespace shop::shopctl
