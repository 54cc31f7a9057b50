#include "cart/consumers/sync_consumer.hpp"

#include <utility>

namespace shop::cart {
namespace {

class SyncTask final : public service::BackgroundTask {
 public:
  SyncTask(std::string name, events::consumer::ConsumerOptions options,
           events::consumer::HandlerTable handlers, service::ServiceContext& context)
      : name_(std::move(name)),
        consumer_(std::move(options), std::move(handlers), context.pool, context.metrics) {}
  std::string Name() const override { return name_; }
  void Run() override { consumer_.Run(); }
  void Stop() override { consumer_.Stop(); }

 private:
  std::string name_;
  events::consumer::EventConsumer consumer_;
};

}  // namespace

events::consumer::ConsumerOptions SyncConsumerOptions(const config::EnvConfig& config,
                                                      const std::string& group_variable,
                                                      const std::string& default_group,
                                                      std::vector<std::string> topics) {
  events::consumer::ConsumerOptions options;
  options.group_id = config.String(group_variable, default_group);
  options.bootstrap = config.RequiredString("SHOP_KAFKA_BOOTSTRAP");
  options.topics = std::move(topics);
  options.inbox_retention = config.Duration("SHOP_INBOX_RETENTION", options.inbox_retention);
  return options;
}

std::unique_ptr<service::BackgroundTask> MakeSyncTask(std::string name,
                                                      events::consumer::ConsumerOptions options,
                                                      events::consumer::HandlerTable handlers,
                                                      service::ServiceContext& context) {
  return std::make_unique<SyncTask>(std::move(name), std::move(options), std::move(handlers),
                                    context);
}

}  // namespace shop::cart
