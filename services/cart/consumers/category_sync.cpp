#include "cart/consumers/category_sync.hpp"

#include "cart/store/replicas.hpp"
#include "events/catalog/category_events.hpp"
#include "events/consumer/consumer_task.hpp"

namespace shop::cart {
namespace {

void ApplyCategoryState(pqxx::work& txn, const events::CategoryState& category) {
  UpsertCategory(txn, {.id = category.id, .name = category.name, .version = category.version},
                 false);
}

void ApplyCategoryDeletion(pqxx::work& txn, const events::CategoryDeleted& deletion) {
  UpsertCategory(txn, {.id = deletion.id, .name = deletion.name, .version = deletion.version},
                 true);
}

}  // namespace

events::consumer::HandlerTable CategorySyncHandlers() {
  events::consumer::HandlerTable handlers;
  handlers.On<events::CategoryCreated>(ApplyCategoryState)
      .On<events::CategoryUpdated>(ApplyCategoryState)
      .On<events::CategoryDeleted>(ApplyCategoryDeletion);
  return handlers;
}

std::unique_ptr<service::BackgroundTask> MakeCategorySync(service::ServiceContext& context) {
  return events::consumer::MakeConsumerTask(
      "category-sync",
      events::consumer::ConsumerOptionsFromEnv(context.config, "cart",
                                               "SHOP_CART_CATEGORY_SYNC_GROUP", kCategorySyncGroup),
      CategorySyncHandlers(), context.pool, context.metrics);
}

}  // namespace shop::cart
