#include "events/consumer/inbox_retention.hpp"

#include <memory>
#include <stdexcept>

namespace shop::events::consumer {
namespace {

constexpr long kPurgeBatch = 1000;

std::string Days(std::chrono::milliseconds duration) {
  if (duration == std::chrono::milliseconds::max()) {
    return "unlimited";
  }
  const double days = static_cast<double>(duration.count()) / 86'400'000.0;
  char text[32];
  std::snprintf(text, sizeof text, "%.1f days", days);
  return text;
}

struct AdminOptionsDeleter {
  void operator()(rd_kafka_AdminOptions_t* p) const { rd_kafka_AdminOptions_destroy(p); }
};
struct ResourceDeleter {
  void operator()(rd_kafka_ConfigResource_t* p) const { rd_kafka_ConfigResource_destroy(p); }
};
struct QueueDeleter {
  void operator()(rd_kafka_queue_t* p) const { rd_kafka_queue_destroy(p); }
};
struct EventDeleter {
  void operator()(rd_kafka_event_t* p) const { rd_kafka_event_destroy(p); }
};

}  // namespace

std::optional<std::chrono::milliseconds> TopicRetention(rd_kafka_t* client,
                                                        const std::string& topic,
                                                        std::chrono::milliseconds timeout) {
  std::unique_ptr<rd_kafka_ConfigResource_t, ResourceDeleter> resource(
      rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str()));
  std::unique_ptr<rd_kafka_AdminOptions_t, AdminOptionsDeleter> options(
      rd_kafka_AdminOptions_new(client, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS));
  char error[256];
  rd_kafka_AdminOptions_set_request_timeout(options.get(), static_cast<int>(timeout.count()), error,
                                            sizeof error);
  std::unique_ptr<rd_kafka_queue_t, QueueDeleter> queue(rd_kafka_queue_new(client));
  rd_kafka_ConfigResource_t* resources[] = {resource.get()};
  rd_kafka_DescribeConfigs(client, resources, 1, options.get(), queue.get());
  std::unique_ptr<rd_kafka_event_t, EventDeleter> event(
      rd_kafka_queue_poll(queue.get(), static_cast<int>(timeout.count()) + 1000));
  if (!event || rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return std::nullopt;
  }
  const rd_kafka_DescribeConfigs_result_t* result =
      rd_kafka_event_DescribeConfigs_result(event.get());
  std::size_t count = 0;
  const rd_kafka_ConfigResource_t** described =
      rd_kafka_DescribeConfigs_result_resources(result, &count);
  if (count != 1 || rd_kafka_ConfigResource_error(described[0]) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return std::nullopt;
  }
  std::size_t entries = 0;
  const rd_kafka_ConfigEntry_t** configs = rd_kafka_ConfigResource_configs(described[0], &entries);
  for (std::size_t i = 0; i < entries; ++i) {
    if (std::string_view(rd_kafka_ConfigEntry_name(configs[i])) == "retention.ms") {
      const char* value = rd_kafka_ConfigEntry_value(configs[i]);
      if (value == nullptr) {
        return std::nullopt;
      }
      const long long ms = std::stoll(value);
      return ms < 0 ? std::chrono::milliseconds::max() : std::chrono::milliseconds(ms);
    }
  }
  return std::nullopt;
}

void RequireInboxOutlivesDeadLetters(std::chrono::milliseconds inbox,
                                     std::chrono::milliseconds dead_letters,
                                     const std::string& dlq_topic) {
  if (inbox <= dead_letters) {
    throw std::runtime_error("inbox retention (" + Days(inbox) + ") must be longer than the " +
                             "retention of " + dlq_topic + " (" + Days(dead_letters) +
                             "), or a replayed dead letter could be applied twice");
  }
}

long PurgeExpiredInbox(db::ConnectionPool& pool, const std::string& group,
                       std::chrono::milliseconds retention) {
  const double seconds = static_cast<double>(retention.count()) / 1000.0;
  long total = 0;
  for (;;) {
    const long deleted = pool.WithTransaction([&](pqxx::work& txn) {
      return static_cast<long>(
          txn.exec_params("DELETE FROM processed_events WHERE ctid IN (SELECT ctid FROM "
                          "processed_events WHERE consumer = $1 AND processed_at < now() - "
                          "make_interval(secs => $2) LIMIT $3)",
                          group, seconds, kPurgeBatch)
              .affected_rows());
    });
    total += deleted;
    if (deleted < kPurgeBatch) {
      return total;
    }
  }
}

}  // namespace shop::events::consumer
