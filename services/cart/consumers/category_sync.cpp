#include "cart/consumers/category_sync.hpp"

#include "cart/domain/replica_events.hpp"
#include "cart/store/replicas.hpp"
#include "events/consumer/consumer_task.hpp"

namespace shop::cart {
namespace {

void Apply(pqxx::work& txn, const events::CloudEvent& event, bool deleted) {
  const CategoryState category = ParseCategoryState(event.data);
  UpsertCategory(txn, {.id = category.id, .name = category.name, .version = category.version},
                 deleted);
}

void ApplyCategoryState(pqxx::work& txn, const events::CloudEvent& event) {
  Apply(txn, event, false);
}

void ApplyCategoryDeletion(pqxx::work& txn, const events::CloudEvent& event) {
  Apply(txn, event, true);
}

}  // namespace

events::consumer::HandlerTable CategorySyncHandlers() {
  return {{"category.created", ApplyCategoryState},
          {"category.updated", ApplyCategoryState},
          {"category.deleted", ApplyCategoryDeletion}};
}

std::unique_ptr<service::BackgroundTask> MakeCategorySync(service::ServiceContext& context) {
  return events::consumer::MakeConsumerTask(
      "category-sync",
      events::consumer::ConsumerOptionsFromEnv(
          context.config, "cart", "SHOP_CART_CATEGORY_SYNC_GROUP", kCategorySyncGroup,
          {"category.created", "category.updated", "category.deleted"}),
      CategorySyncHandlers(), context.pool, context.metrics);
}

}  // namespace shop::cart
