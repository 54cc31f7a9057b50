#pragma once
// Creating a librdkafka client (producer or consumer) the one way the project does: settings
// checked one by one (a refused setting is an error naming it), client.id set so Kafka's own tools
// show who is connected, and librdkafka's error and log callbacks routed to one ClientObserver
// that logs each error as a JSON line and counts it in kafka_client_errors_total{client,error}.
//
// Callbacks run on librdkafka's threads (errors, logs) or inside poll calls (delivery reports,
// rebalances); the observer must outlive the handle it is installed on.

#include <librdkafka/rdkafka.h>

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "events/kafka/handles.hpp"
#include "platform/metrics/registry.hpp"

namespace shop::events::kafka {

// A setting refused, or a handle that cannot be created: a configuration or start-up error.
class KafkaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Receives librdkafka's errors as one line of text each, instead of JSON log lines (shopctl reports
// them to the operator); librdkafka's log lines are then dropped. `severity` is "error" (fatal)
// or "warning".
using ProblemSink = std::function<void(std::string_view severity, std::string_view text)>;

struct ClientOptions {
  std::string bootstrap{};
  std::string client_id{};  // required: e.g. the service's name, "outbox-relay", "shopctl"
  // Further librdkafka settings, applied after the defaults of the client kind (so they win),
  // before the settings the kind does not let anyone override.
  std::map<std::string, std::string> settings{};
  metrics::Registry* metrics = nullptr;  // kafka_client_errors_total; none when null
  ProblemSink problems{};                // default: JSON log lines (kafka_error, kafka_log)
};

// The callbacks of one client. Owned by the object that owns the handle, declared before it.
class ClientObserver {
 public:
  explicit ClientObserver(const ClientOptions& options);
  ClientObserver(const ClientObserver&) = delete;
  ClientObserver& operator=(const ClientObserver&) = delete;

  // Set by the owner before the handle is created, never changed afterwards.
  std::function<void(const rd_kafka_message_t&)> on_delivery{};
  std::function<void(rd_kafka_t*, rd_kafka_resp_err_t, rd_kafka_topic_partition_list_t*)>
      on_rebalance{};

  const std::string& client_id() const { return client_id_; }
  void ReportError(rd_kafka_resp_err_t error, std::string_view reason);

 private:
  friend HandlePtr NewHandle(rd_kafka_type_t, ConfPtr, ClientObserver&);
  static void OnError(rd_kafka_t* rk, int error, const char* reason, void* opaque);
  static void OnLog(const rd_kafka_t* rk, int level, const char* facility, const char* message);
  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* message, void* opaque);
  static void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t error,
                          rd_kafka_topic_partition_list_t* partitions, void* opaque);

  std::string client_id_;
  metrics::Registry* metrics_;
  ProblemSink problems_;
};

// librdkafka settings given as "name=value,name=value" (SHOP_KAFKA_SETTINGS: e.g. security or
// compression settings for every Kafka client of a process). Blanks around names and values are
// trimmed; an empty text is no settings. Throws KafkaError naming a malformed entry.
std::map<std::string, std::string> ParseKafkaSettings(std::string_view text);

// Sets `name` = `value`; throws KafkaError naming the setting when librdkafka refuses it.
void Set(rd_kafka_conf_t* conf, const std::string& name, const std::string& value);

// A configuration with bootstrap.servers, client.id and then options.settings.
ConfPtr NewConf(const ClientOptions& options);

// Creates the handle from `conf` (taken over) with the observer's callbacks installed (delivery
// and rebalance ones only when the observer has them). Throws KafkaError.
HandlePtr NewHandle(rd_kafka_type_t type, ConfPtr conf, ClientObserver& observer);

}  // namespace shop::events::kafka
