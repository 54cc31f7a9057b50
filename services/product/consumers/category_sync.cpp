#include "product/consumers/category_sync.hpp"

#include "events/catalog/category_events.hpp"
#include "events/consumer/consumer_task.hpp"
#include "product/store/category_replica.hpp"
#include "product/store/product_store.hpp"

namespace shop::product {
namespace {

// The replica first (a versioned upsert that keeps tombstones, store/category_replica.hpp), then
// the products of the category, by the same version rule (store/product_store.hpp).
void ApplyNameChange(pqxx::work& txn, const events::CategoryState& event) {
  const CategoryRef category{.id = event.id, .name = event.name, .version = event.version};
  UpsertReplicaCategory(txn, category, false);
  RenameCategoryOfProducts(txn, category);
}

void ApplyDeletion(pqxx::work& txn, const events::CategoryDeleted& event) {
  UpsertReplicaCategory(txn, {.id = event.id, .name = event.name, .version = event.version}, true);
  MarkCategoryOfProductsDeleted(txn, event.id, event.version);
}

}  // namespace

events::consumer::HandlerTable CategorySyncHandlers() {
  events::consumer::HandlerTable handlers;
  handlers.On<events::CategoryCreated>(ApplyNameChange)
      .On<events::CategoryUpdated>(ApplyNameChange)
      .On<events::CategoryDeleted>(ApplyDeletion);
  return handlers;
}

std::unique_ptr<service::BackgroundTask> MakeCategorySync(service::ServiceContext& context) {
  return events::consumer::MakeConsumerTask(
      "category-sync",
      events::consumer::ConsumerOptionsFromEnv(context.config, "product",
                                               "SHOP_CATEGORY_SYNC_GROUP", kCategorySyncGroup),
      CategorySyncHandlers(), context.pool, context.metrics);
}

}  // namespace shop::product
