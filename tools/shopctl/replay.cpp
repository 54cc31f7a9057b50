#include "shopctl/replay.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "shopctl/secret_mask.hpp"

namespace shop::shopctl {
namespace {

using Clock = std::chrono::steady_clock;

struct Pending {
  const DlqRecord* record;
  events::KafkaMessage message;
};

}  // namespace

std::string DescribeMessage(const DlqRecord& record, const events::KafkaMessage& message) {
  nlohmann::json headers = nlohmann::json::array();
  for (const auto& [name, value] : message.headers) {
    headers.push_back({name, value});
  }
  const nlohmann::json line = {{"dlq_topic", record.topic},
                               {"dlq_partition", record.partition},
                               {"dlq_offset", record.offset},
                               {"topic", message.topic},
                               {"key", message.key},
                               {"headers", headers},
                               {"value", MaskedValue(message.value)}};
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string FormatSummary(const ReplaySummary& summary, bool dry_run) {
  std::string text = dry_run ? "dry run, nothing sent: selected " : "selected ";
  text += std::to_string(summary.selected);
  text += dry_run ? ", would send " : ", sent ";
  text += std::to_string(summary.sent) + ", skipped as already replayed " +
          std::to_string(summary.skipped) + ", failed " + std::to_string(summary.failed);
  if (summary.unlogged > 0) {
    text += ", sent but not logged " + std::to_string(summary.unlogged);
  }
  return text;
}

ReplaySummary Replay(const std::vector<DlqRecord>& selected, const ReplayOptions& options,
                     ReplayLog& log, const SendBatch& send, std::ostream& out,
                     std::ostream& progress) {
  ReplaySummary summary;
  summary.selected = selected.size();
  const auto start = Clock::now();
  auto last_progress = start;
  std::size_t paced = 0;  // messages whose send slot has passed
  // With a rate, one message per chunk so that the pacing is exact.
  const std::size_t chunk = options.rate > 0 ? 1 : std::max<std::size_t>(options.chunk, 1);
  std::size_t processed = 0;

  std::vector<Pending> pending;
  const auto flush = [&] {
    if (pending.empty()) {
      return;
    }
    std::vector<events::KafkaMessage> messages;
    for (const Pending& p : pending) {
      messages.push_back(p.message);
    }
    const auto results = send(messages);
    std::vector<events::KafkaMessage> entries;
    std::vector<const DlqRecord*> logged;
    for (std::size_t i = 0; i < pending.size(); ++i) {
      if (results[i]) {
        ++summary.failed;
        progress << "shopctl: offset " << pending[i].record->offset << " not sent to "
                 << pending[i].message.topic << ": " << *results[i] << '\n';
        continue;
      }
      ++summary.sent;
      entries.push_back(log.Entry(*pending[i].record, pending[i].message.topic,
                                  std::chrono::system_clock::now()));
      logged.push_back(pending[i].record);
    }
    const auto log_results = send(entries);
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (log_results[i]) {
        ++summary.unlogged;
        progress << "shopctl: offset " << logged[i]->offset
                 << " was sent but its replay-log record failed: " << *log_results[i] << '\n';
      } else {
        log.Add(entries[i].key);
      }
    }
    pending.clear();
  };

  for (const DlqRecord& record : selected) {
    ++processed;
    const std::string key = ReplayLogKey(record.topic, record.partition, record.offset);
    if (log.Contains(key) && !options.force) {
      ++summary.skipped;
      continue;
    }
    auto message = ReplayMessage(record, options.target, options.group);
    if (!message) {
      ++summary.failed;
      progress << "shopctl: offset " << record.offset
               << " has no dlq_original_topic header; cannot send it --to original\n";
      continue;
    }
    if (options.dry_run) {
      ++summary.sent;
      out << DescribeMessage(record, *message) << '\n';
      continue;
    }
    if (options.rate > 0) {
      std::this_thread::sleep_until(
          start + std::chrono::duration_cast<Clock::duration>(
                      std::chrono::duration<double>(static_cast<double>(paced) / options.rate)));
      ++paced;
    }
    pending.push_back({&record, std::move(*message)});
    if (pending.size() >= chunk) {
      flush();
    }
    if (Clock::now() - last_progress >= std::chrono::seconds(1)) {
      last_progress = Clock::now();
      progress << "replay: " << processed << "/" << summary.selected << " processed, "
               << summary.sent << " sent, " << summary.skipped << " skipped, " << summary.failed
               << " failed" << std::endl;
    }
  }
  flush();
  out << FormatSummary(summary, options.dry_run) << '\n';
  return summary;
}

}  // namespace shop::shopctl
