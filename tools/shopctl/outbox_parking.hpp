#pragma once
// `shopctl outbox parked` and `shopctl outbox retry`: the outbox rows the relay parked because
// Kafka refuses them for good (too large, invalid, a topic absent past the grace period), and the
// rows held behind them so that a key's events stay in order (docs/decisions/0022).
//
// retry re-queues every parked row of the selected keys (a parked row and the rows held behind
// it go together, in id order) and wakes the relay; fix the cause first (raise the topic's
// max.message.bytes, create the topic), and run it with --dry-run first, as with the DLQ.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "shopctl/outbox_commands.hpp"

namespace shop::shopctl {

int OutboxParked(const std::vector<ServiceDatabase>& databases, bool json, std::ostream& out,
                 std::ostream& err);

struct RetrySelection {
  bool all = false;
  std::vector<std::int64_t> ids{};  // rows whose key's parked rows are re-queued
  std::vector<std::string> keys{};  // keys (aggregate ids) whose parked rows are re-queued
};

// Throws UsageError for an empty selection, ConnectError when the database does not answer.
int OutboxRetry(const ServiceDatabase& database, const RetrySelection& selection, bool dry_run,
                std::ostream& out);

}  // namespace shop::shopctl
