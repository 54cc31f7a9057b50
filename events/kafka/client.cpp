#include "events/kafka/client.hpp"

#include <algorithm>

#include "platform/logging/log.hpp"
#include "platform/text/ascii.hpp"

namespace shop::events::kafka {
namespace {

spdlog::level::level_enum LevelOf(int syslog_level) {
  return syslog_level <= 3   ? spdlog::level::err
         : syslog_level == 4 ? spdlog::level::warn
         : syslog_level <= 6 ? spdlog::level::info
                             : spdlog::level::debug;
}

}  // namespace

ClientObserver::ClientObserver(const ClientOptions& options)
    : client_id_(options.client_id), metrics_(options.metrics), problems_(options.problems) {}

void ClientObserver::ReportError(rd_kafka_resp_err_t error, std::string_view reason) {
  const std::string name = rd_kafka_err2name(error);
  if (metrics_ != nullptr) {
    metrics_
        ->GetCounter("kafka_client_errors_total",
                     "Errors librdkafka reported to a client (most are retried by librdkafka "
                     "itself), by client and error name",
                     {"client", "error"}, {client_id_, name})
        .Inc();
  }
  const bool fatal = error == RD_KAFKA_RESP_ERR__FATAL;
  if (problems_) {
    problems_(fatal ? "error" : "warning",
              std::string(rd_kafka_err2str(error)) + ": " + std::string(reason));
    return;
  }
  logging::Log(
      fatal ? spdlog::level::err : spdlog::level::warn, "kafka_error",
      {{"client", client_id_}, {"error", name}, {"reason", std::string(reason)}, {"fatal", fatal}});
}

void ClientObserver::OnError(rd_kafka_t*, int error, const char* reason, void* opaque) {
  static_cast<ClientObserver*>(opaque)->ReportError(static_cast<rd_kafka_resp_err_t>(error),
                                                    reason != nullptr ? reason : "");
}

void ClientObserver::OnLog(const rd_kafka_t* rk, int level, const char* facility,
                           const char* message) {
  // Called from librdkafka's threads. With a sink, the log lines are dropped: its errors reach the
  // sink through the error callback already, and a CLI's output must stay readable.
  const auto* self =
      static_cast<const ClientObserver*>(rd_kafka_opaque(const_cast<rd_kafka_t*>(rk)));
  if (self != nullptr && self->problems_) {
    return;
  }
  logging::Log(LevelOf(level), "kafka_log",
               {{"client", self != nullptr ? self->client_id_ : std::string()},
                {"facility", facility},
                {"message", message}});
}

void ClientObserver::OnDelivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  static_cast<ClientObserver*>(opaque)->on_delivery(*message);
}

void ClientObserver::OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t error,
                                 rd_kafka_topic_partition_list_t* partitions, void* opaque) {
  static_cast<ClientObserver*>(opaque)->on_rebalance(rk, error, partitions);
}

std::map<std::string, std::string> ParseKafkaSettings(std::string_view text) {
  std::map<std::string, std::string> settings;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = std::min(text.find(',', pos), text.size());
    const std::string_view entry = shop::text::TrimWhitespace(text.substr(pos, end - pos));
    pos = end + 1;
    if (entry.empty()) {
      continue;
    }
    const std::size_t equals = entry.find('=');
    const std::string_view name = equals == std::string_view::npos
                                      ? entry
                                      : shop::text::TrimWhitespace(entry.substr(0, equals));
    if (equals == std::string_view::npos || name.empty()) {
      throw KafkaError("kafka settings: expected name=value, got '" + std::string(entry) + "'");
    }
    settings[std::string(name)] = std::string(shop::text::TrimWhitespace(entry.substr(equals + 1)));
  }
  return settings;
}

void Set(rd_kafka_conf_t* conf, const std::string& name, const std::string& value) {
  char error[512];
  if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof error) !=
      RD_KAFKA_CONF_OK) {
    throw KafkaError("kafka setting " + name + " refused: " + error);
  }
}

ConfPtr NewConf(const ClientOptions& options) {
  if (options.bootstrap.empty() || options.client_id.empty()) {
    throw KafkaError("a kafka client needs bootstrap servers and a client id");
  }
  ConfPtr conf(rd_kafka_conf_new());
  Set(conf.get(), "bootstrap.servers", options.bootstrap);
  Set(conf.get(), "client.id", options.client_id);
  for (const auto& [name, value] : options.settings) {
    Set(conf.get(), name, value);
  }
  return conf;
}

HandlePtr NewHandle(rd_kafka_type_t type, ConfPtr conf, ClientObserver& observer) {
  rd_kafka_conf_set_opaque(conf.get(), &observer);
  rd_kafka_conf_set_error_cb(conf.get(), &ClientObserver::OnError);
  rd_kafka_conf_set_log_cb(conf.get(), &ClientObserver::OnLog);
  if (observer.on_delivery) {
    rd_kafka_conf_set_dr_msg_cb(conf.get(), &ClientObserver::OnDelivery);
  }
  if (observer.on_rebalance) {
    rd_kafka_conf_set_rebalance_cb(conf.get(), &ClientObserver::OnRebalance);
  }
  char error[512];
  HandlePtr handle(rd_kafka_new(type, conf.get(), error, sizeof error));
  if (!handle) {
    throw KafkaError(std::string("cannot create a kafka ") +
                     (type == RD_KAFKA_PRODUCER ? "producer" : "consumer") + ": " + error);
  }
  conf.release();  // rd_kafka_new took it over
  return handle;
}

}  // namespace shop::events::kafka
