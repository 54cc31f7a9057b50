#include "shopctl/lag_command.hpp"

#include <nlohmann/json.hpp>
#include <vector>

#include "events/kafka/handles.hpp"
#include "shopctl/exit_codes.hpp"
#include "shopctl/table.hpp"

namespace shop::shopctl {
namespace {

using Queue = events::kafka::QueuePtr;
using Event = events::kafka::EventPtr;
using AdminOptions = events::kafka::KafkaPtr<rd_kafka_AdminOptions_t>;

struct PartitionLag {
  std::string group;
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t committed = -1;  // -1: nothing committed
  std::int64_t end = 0;
};

Event AwaitResult(const KafkaClient& client, rd_kafka_queue_t* queue, const char* what) {
  Event event(
      rd_kafka_queue_poll(queue, static_cast<int>(client.settings().timeout.count()) + 5000));
  if (!event) {
    throw ConnectError(std::string("the broker did not answer ") + what + " in time");
  }
  if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw ConnectError(std::string(what) + " failed: " + rd_kafka_event_error_string(event.get()));
  }
  return event;
}

AdminOptions Options(const KafkaClient& client, rd_kafka_admin_op_t op) {
  AdminOptions options(rd_kafka_AdminOptions_new(client.handle(), op));
  char error[256];
  rd_kafka_AdminOptions_set_request_timeout(
      options.get(), static_cast<int>(client.settings().timeout.count()), error, sizeof error);
  return options;
}

std::vector<std::string> ListGroups(const KafkaClient& client) {
  Queue queue(rd_kafka_queue_new(client.handle()));
  const AdminOptions options = Options(client, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS);
  rd_kafka_ListConsumerGroups(client.handle(), options.get(), queue.get());
  const Event event = AwaitResult(client, queue.get(), "ListConsumerGroups");
  const rd_kafka_ListConsumerGroups_result_t* result =
      rd_kafka_event_ListConsumerGroups_result(event.get());
  std::size_t n = 0;
  const rd_kafka_ConsumerGroupListing_t** listings =
      rd_kafka_ListConsumerGroups_result_valid(result, &n);
  std::vector<std::string> groups;
  for (std::size_t i = 0; i < n; ++i) {
    groups.emplace_back(rd_kafka_ConsumerGroupListing_group_id(listings[i]));
  }
  std::sort(groups.begin(), groups.end());
  return groups;
}

std::vector<PartitionLag> GroupLag(const KafkaClient& client, const std::string& group) {
  Queue queue(rd_kafka_queue_new(client.handle()));
  const AdminOptions options = Options(client, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS);
  rd_kafka_ListConsumerGroupOffsets_t* request =
      rd_kafka_ListConsumerGroupOffsets_new(group.c_str(), nullptr);
  rd_kafka_ListConsumerGroupOffsets(client.handle(), &request, 1, options.get(), queue.get());
  rd_kafka_ListConsumerGroupOffsets_destroy(request);
  const Event event = AwaitResult(client, queue.get(), "ListConsumerGroupOffsets");
  std::size_t n = 0;
  const rd_kafka_group_result_t** groups = rd_kafka_ListConsumerGroupOffsets_result_groups(
      rd_kafka_event_ListConsumerGroupOffsets_result(event.get()), &n);
  std::vector<PartitionLag> lags;
  for (std::size_t i = 0; i < n; ++i) {
    if (const rd_kafka_error_t* error = rd_kafka_group_result_error(groups[i])) {
      throw ConnectError("cannot read the offsets of group " + group + ": " +
                         rd_kafka_error_string(error));
    }
    const rd_kafka_topic_partition_list_t* partitions = rd_kafka_group_result_partitions(groups[i]);
    for (int p = 0; partitions != nullptr && p < partitions->cnt; ++p) {
      const rd_kafka_topic_partition_t& tp = partitions->elems[p];
      PartitionLag lag{.group = group,
                       .topic = tp.topic,
                       .partition = tp.partition,
                       .committed = tp.offset,
                       .end = 0};
      lag.end = client.QueryWatermarks(lag.topic, lag.partition).high;
      lags.push_back(std::move(lag));
    }
  }
  std::sort(lags.begin(), lags.end(), [](const PartitionLag& a, const PartitionLag& b) {
    return std::tie(a.topic, a.partition) < std::tie(b.topic, b.partition);
  });
  return lags;
}

}  // namespace

int ConsumersLag(const KafkaSettings& kafka, const std::optional<std::string>& group, bool json,
                 std::ostream& out) {
  const KafkaClient client(kafka);
  const std::vector<std::string> all = ListGroups(client);
  std::vector<std::string> groups = all;
  if (group) {
    if (std::find(all.begin(), all.end(), *group) == all.end()) {
      throw UsageError("no consumer group " + *group + " on the broker");
    }
    groups = {*group};
  }
  std::vector<TableRow> rows;
  for (const std::string& g : groups) {
    for (const PartitionLag& lag : GroupLag(client, g)) {
      const bool has_commit = lag.committed >= 0;
      const std::int64_t behind =
          has_commit ? std::max<std::int64_t>(lag.end - lag.committed, 0) : lag.end;
      if (json) {
        out << nlohmann::json{{"group", lag.group},
                              {"topic", lag.topic},
                              {"partition", lag.partition},
                              {"committed", has_commit ? nlohmann::json(lag.committed)
                                                       : nlohmann::json(nullptr)},
                              {"end", lag.end},
                              {"lag", behind}}
                   .dump()
            << '\n';
        continue;
      }
      rows.push_back({lag.group, lag.topic, std::to_string(lag.partition),
                      has_commit ? std::to_string(lag.committed) : "-", std::to_string(lag.end),
                      std::to_string(behind)});
    }
  }
  if (!json) {
    out << FormatTable({"GROUP", "TOPIC", "PARTITION", "COMMITTED", "END", "LAG"}, rows);
  }
  return 0;
}

}  // namespace shop::shopctl
