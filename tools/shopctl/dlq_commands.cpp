#include "shopctl/dlq_commands.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "events/consumer/dead_letter.hpp"
#include "platform/text/rfc3339.hpp"
#include "shopctl/exit_codes.hpp"
#include "shopctl/secret_mask.hpp"
#include "shopctl/table.hpp"

namespace shop::shopctl {
namespace {

std::vector<DlqRecord> ReadDeadLetters(const KafkaClient& client, const std::string& group) {
  const std::string topic = events::consumer::DeadLetterTopic(group);
  if (!client.HasTopic(topic)) {
    throw UsageError("no dead-letter topic " + topic + " (unknown consumer group?)");
  }
  return client.ReadTopic(topic);
}

std::string Time(const DlqRecord& record) {
  return record.timestamp ? FormatTimeSeconds(*record.timestamp) : "-";
}

nlohmann::json ToJson(const DlqRecord& record) {
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : record.headers) {
    headers[name] = value;
  }
  return {{"topic", record.topic},
          {"partition", record.partition},
          {"offset", record.offset},
          {"time", record.timestamp ? nlohmann::json(text::FormatRfc3339Utc(*record.timestamp))
                                    : nlohmann::json(nullptr)},
          {"original_topic", record.OriginalTopic()},
          {"key", record.key},
          {"type", record.Type()},
          {"error_class", record.ErrorClass()},
          {"attempts", record.Attempts()},
          {"error", record.ErrorMessage()},
          {"headers", headers}};
}

std::string Dump(const nlohmann::json& value, int indent = -1) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

int DlqList(const KafkaSettings& kafka, const DlqListOptions& options, std::ostream& out) {
  const KafkaClient client(kafka);
  std::vector<DlqRecord> records =
      Select(options.selection, ReadDeadLetters(client, options.group));
  if (options.limit && records.size() > *options.limit) {
    records.erase(records.begin(), records.end() - static_cast<std::ptrdiff_t>(*options.limit));
  }
  if (options.json) {
    for (const DlqRecord& record : records) {
      out << Dump(ToJson(record)) << '\n';
    }
    return 0;
  }
  std::vector<TableRow> rows;
  for (const DlqRecord& record : records) {
    rows.push_back({std::to_string(record.offset), Time(record), record.OriginalTopic(),
                    Shorten(record.key, 40), record.Type(), record.ErrorClass(), record.Attempts(),
                    Shorten(record.ErrorMessage(), 60)});
  }
  out << FormatTable(
      {"OFFSET", "TIME", "ORIGINAL TOPIC", "KEY", "TYPE", "ERROR CLASS", "ATTEMPTS", "ERROR"},
      rows);
  return 0;
}

int DlqShow(const KafkaSettings& kafka, const std::string& group, std::int64_t offset,
            std::ostream& out) {
  const KafkaClient client(kafka);
  for (const DlqRecord& record : ReadDeadLetters(client, group)) {
    if (record.offset != offset) {
      continue;
    }
    out << "topic:      " << record.topic << "\npartition:  " << record.partition
        << "\noffset:     " << record.offset << "\ntime:       " << Time(record)
        << "\nkey:        " << record.key << "\n\nheaders:\n";
    for (const auto& [name, value] : record.headers) {
      out << "  " << name << ": " << value << '\n';
    }
    out << "\nerror:\n  " << record.ErrorClass() << " after " << record.Attempts()
        << " attempt(s): " << record.ErrorMessage() << "\n\npayload:\n"
        << MaskedPayload(record.value) << '\n';
    return 0;
  }
  throw UsageError("no message at offset " + std::to_string(offset) + " in " +
                   events::consumer::DeadLetterTopic(group));
}

int DlqStats(const KafkaSettings& kafka, const std::string& group, bool json, std::ostream& out) {
  const KafkaClient client(kafka);
  struct Group {
    std::size_t count = 0;
    std::optional<TimePoint> oldest{}, newest{};
  };
  std::map<std::pair<std::string, std::string>, Group> groups;
  Group total;
  const auto add = [](Group& g, const DlqRecord& record) {
    ++g.count;
    if (record.timestamp) {
      if (!g.oldest || *record.timestamp < *g.oldest) {
        g.oldest = record.timestamp;
      }
      if (!g.newest || *record.timestamp > *g.newest) {
        g.newest = record.timestamp;
      }
    }
  };
  for (const DlqRecord& record : ReadDeadLetters(client, group)) {
    add(groups[{record.ErrorClass(), record.OriginalTopic()}], record);
    add(total, record);
  }
  const auto time = [](const std::optional<TimePoint>& t) {
    return t ? FormatTimeSeconds(*t) : std::string("-");
  };
  if (json) {
    for (const auto& [key, g] : groups) {
      out << Dump({{"error_class", key.first},
                   {"original_topic", key.second},
                   {"count", g.count},
                   {"oldest", time(g.oldest)},
                   {"newest", time(g.newest)}})
          << '\n';
    }
    return 0;
  }
  std::vector<TableRow> rows;
  for (const auto& [key, g] : groups) {
    rows.push_back(
        {key.first, key.second, std::to_string(g.count), time(g.oldest), time(g.newest)});
  }
  rows.push_back(
      {"(all)", "", std::to_string(total.count), time(total.oldest), time(total.newest)});
  out << FormatTable({"ERROR CLASS", "ORIGINAL TOPIC", "COUNT", "OLDEST", "NEWEST"}, rows);
  return 0;
}

int DlqReplay(const KafkaSettings& kafka, const DlqReplayOptions& options, std::ostream& out,
              std::ostream& err) {
  const KafkaClient client(kafka);
  const std::vector<DlqRecord> selected =
      Select(options.selection, ReadDeadLetters(client, options.replay.group));
  if (options.replay.target == ReplayTarget::kRetry) {
    const std::string retry = events::consumer::RetryTopic(options.replay.group);
    if (!client.HasTopic(retry)) {
      throw UsageError("no retry topic " + retry + "; use --to original or create it");
    }
  } else {
    for (const DlqRecord& record : selected) {
      const std::string original = record.OriginalTopic();
      if (!original.empty() && !client.HasTopic(original)) {
        throw UsageError("original topic " + original + " of offset " +
                         std::to_string(record.offset) + " does not exist");
      }
    }
  }
  ReplayLog log = ReplayLog::Load(client, options.replay_log_topic);
  std::unique_ptr<events::kafka::Producer> producer;
  if (!options.replay.dry_run) {
    producer = NewShopctlProducer(kafka);
  }
  const SendBatch send = [&](const std::vector<events::KafkaMessage>& messages) {
    return SendAll(*producer, messages);
  };
  const ReplaySummary summary = Replay(selected, options.replay, log, send, out, err);
  return summary.failed > 0 || summary.unlogged > 0 ? static_cast<int>(ExitCode::kPartialFailure)
                                                    : 0;
}

}  // namespace shop::shopctl
