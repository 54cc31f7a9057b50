#pragma once
// What the cart.*-sync consumers share: their options from the environment and the background task
// that runs an EventConsumer (events/consumer/event_consumer.hpp holds the delivery contract).

#include <memory>
#include <string>
#include <vector>

#include "events/consumer/event_consumer.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_main.hpp"

namespace shop::cart {

// group_id from `group_variable` (default `default_group`), bootstrap from SHOP_KAFKA_BOOTSTRAP
// (required: throws config::ConfigError when unset), inbox retention from SHOP_INBOX_RETENTION.
events::consumer::ConsumerOptions SyncConsumerOptions(const config::EnvConfig& config,
                                                      const std::string& group_variable,
                                                      const std::string& default_group,
                                                      std::vector<std::string> topics);

// Subscribes at construction (see EventConsumer's constructor for what it throws).
std::unique_ptr<service::BackgroundTask> MakeSyncTask(std::string name,
                                                      events::consumer::ConsumerOptions options,
                                                      events::consumer::HandlerTable handlers,
                                                      service::ServiceContext& context);

}  // namespace shop::cart
