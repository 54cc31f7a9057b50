#include "order/consumers/order_consumer.hpp"

#include "events/consumer/consumer_task.hpp"

namespace shop::order {

std::unique_ptr<service::BackgroundTask> MakeOrderConsumer(
    std::string name, service::ServiceContext& context, const std::string& group_variable,
    const std::string& default_group, events::consumer::HandlerTable handlers) {
  return events::consumer::MakeConsumerTask(
      std::move(name),
      events::consumer::ConsumerOptionsFromEnv(context.config, "order", group_variable,
                                               default_group),
      std::move(handlers), context.pool, context.metrics);
}

}  // namespace shop::order
