#include "events/consumer/consumer_task.hpp"

#include <utility>

#include "events/kafka/client.hpp"

namespace shop::events::consumer {
namespace {

class ConsumerTask final : public service::BackgroundTask {
 public:
  ConsumerTask(std::string name, ConsumerOptions options, HandlerTable handlers,
               db::ConnectionPool& pool, metrics::Registry& metrics)
      : name_(std::move(name)), consumer_(std::move(options), std::move(handlers), pool, metrics) {}
  std::string Name() const override { return name_; }
  void Run() override { consumer_.Run(); }
  void Stop() override { consumer_.Stop(); }

 private:
  std::string name_;
  EventConsumer consumer_;
};

}  // namespace

ConsumerOptions ConsumerOptionsFromEnv(const config::EnvConfig& env, const std::string& service,
                                       const std::string& group_variable,
                                       const std::string& default_group) {
  ConsumerOptions options;
  options.group_id = env.String(group_variable, default_group);
  options.bootstrap = env.RequiredString("SHOP_KAFKA_BOOTSTRAP");
  options.client_id = service;
  options.instance_id = env.String("SHOP_KAFKA_INSTANCE_ID", "");
  options.session_timeout = env.Duration("SHOP_KAFKA_SESSION_TIMEOUT", options.session_timeout);
  if (options.session_timeout < std::chrono::seconds(6)) {
    // The broker refuses sessions shorter than its group.min.session.timeout.ms (6 s by default).
    throw config::ConfigError("SHOP_KAFKA_SESSION_TIMEOUT: expected at least 6s");
  }
  try {
    options.kafka_settings = kafka::ParseKafkaSettings(env.String("SHOP_KAFKA_SETTINGS", ""));
  } catch (const kafka::KafkaError& e) {
    throw config::ConfigError(std::string("SHOP_KAFKA_SETTINGS: ") + e.what());
  }
  options.inbox_retention = env.Duration("SHOP_INBOX_RETENTION", options.inbox_retention);
  return options;
}

std::unique_ptr<service::BackgroundTask> MakeConsumerTask(std::string name, ConsumerOptions options,
                                                          HandlerTable handlers,
                                                          db::ConnectionPool& pool,
                                                          metrics::Registry& metrics) {
  return std::make_unique<ConsumerTask>(std::move(name), std::move(options), std::move(handlers),
                                        pool, metrics);
}

}  // namespace shop::events::consumer
