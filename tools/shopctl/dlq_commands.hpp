#pragma once
// The `dlq` commands: list, show, stats and replay of a consumer group's dead-letter topic
// `<group>.dlq`. Each returns the process exit code and throws CommandError for failures it can
// name (see exit_codes.hpp).

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "shopctl/dlq_selection.hpp"
#include "shopctl/kafka_client.hpp"
#include "shopctl/replay.hpp"

namespace shop::shopctl {

struct DlqListOptions {
  std::string group{};
  DlqSelection selection{};
  std::optional<std::size_t> limit{};  // the newest N after filtering
  bool json = false;
};

struct DlqReplayOptions {
  ReplayOptions replay{};
  DlqSelection selection{};
  std::string replay_log_topic{};
};

int DlqList(const KafkaSettings& kafka, const DlqListOptions& options, std::ostream& out);
int DlqShow(const KafkaSettings& kafka, const std::string& group, std::int64_t offset,
            std::ostream& out);
int DlqStats(const KafkaSettings& kafka, const std::string& group, bool json, std::ostream& out);
int DlqReplay(const KafkaSettings& kafka, const DlqReplayOptions& options, std::ostream& out,
              std::ostream& err);

}  // namespace shop::shopctl
