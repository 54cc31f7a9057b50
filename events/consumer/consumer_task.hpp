#pragma once
// An EventConsumer as a service's background task (platform/service/background_task.hpp), and its
// options from the environment: the one way every service runs a consumer group.
//
// Settings read (README.md lists them):
//   SHOP_KAFKA_BOOTSTRAP        required
//   <group_variable>            the group id (default: the service's own group); tests use their
//                               own group, with its .retry and .dlq topics
//   SHOP_KAFKA_SETTINGS         extra librdkafka settings, name=value,... (events/kafka/client.hpp)
//   SHOP_KAFKA_INSTANCE_ID      group.instance.id (static membership): a restarted instance gets
//                               its partitions back at once; unique per live instance
//   SHOP_KAFKA_SESSION_TIMEOUT  how soon a killed member's partitions move (default 10s)
//   SHOP_INBOX_RETENTION        processed_events retention (default 30d)

#include <memory>
#include <string>

#include "events/consumer/event_consumer.hpp"
#include "platform/config/env_config.hpp"
#include "platform/service/background_task.hpp"

namespace shop::events::consumer {

// client.id is `service` (e.g. "product"), so Kafka's own tools show who is connected. The topics
// are left empty: the consumer takes its handler table's. Throws config::ConfigError naming a
// missing or bad variable.
ConsumerOptions ConsumerOptionsFromEnv(const config::EnvConfig& env, const std::string& service,
                                       const std::string& group_variable,
                                       const std::string& default_group);

// Subscribes at construction (see EventConsumer's constructor for what it throws); Run() consumes
// until Stop().
std::unique_ptr<service::BackgroundTask> MakeConsumerTask(std::string name, ConsumerOptions options,
                                                          HandlerTable handlers,
                                                          db::ConnectionPool& pool,
                                                          metrics::Registry& metrics);

}  // namespace shop::events::consumer
