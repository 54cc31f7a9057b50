#pragma once
// How order-service runs a consumer group (events/consumer/consumer_task.hpp): client.id "order",
// the group id from `group_variable` (default `default_group`; tests use their own group, with its
// .retry and .dlq topics), SHOP_KAFKA_BOOTSTRAP (required) and the other consumer settings.

#include <memory>
#include <string>

#include "events/consumer/handler_table.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_main.hpp"

namespace shop::order {

std::unique_ptr<service::BackgroundTask> MakeOrderConsumer(std::string name,
                                                           service::ServiceContext& context,
                                                           const std::string& group_variable,
                                                           const std::string& default_group,
                                                           events::consumer::HandlerTable handlers);

}  // namespace shop::order
