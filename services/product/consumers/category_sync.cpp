#include "product/consumers/category_sync.hpp"

#include "events/consumer/consumer_task.hpp"
#include "product/domain/category_change.hpp"
#include "product/store/category_replica.hpp"

namespace shop::product {
namespace {

// The replica first (a versioned upsert that keeps tombstones, store/category_replica.hpp), then
// the products of the category, by the same version rule.
constexpr const char* kRenameProducts =
    "UPDATE products SET category_name = $2, category_version = $3, updated_at = now() "
    "WHERE category_id = $1::uuid AND category_version < $3";
constexpr const char* kMarkProductsCategoryDeleted =
    "UPDATE products SET category_deleted = true, category_version = $2, updated_at = now() "
    "WHERE category_id = $1::uuid AND category_version < $2";

void ApplyNameChange(pqxx::work& txn, const events::CloudEvent& event) {
  const CategoryChange change = ParseCategoryChange(event.data);
  UpsertReplicaCategory(txn, {.id = change.id, .name = change.name, .version = change.version},
                        false);
  txn.exec_params(kRenameProducts, change.id, change.name, change.version);
}

void ApplyDeletion(pqxx::work& txn, const events::CloudEvent& event) {
  const CategoryChange change = ParseCategoryChange(event.data);
  UpsertReplicaCategory(txn, {.id = change.id, .name = change.name, .version = change.version},
                        true);
  txn.exec_params(kMarkProductsCategoryDeleted, change.id, change.version);
}

}  // namespace

events::consumer::HandlerTable CategorySyncHandlers() {
  return {{"category.created", ApplyNameChange},
          {"category.updated", ApplyNameChange},
          {"category.deleted", ApplyDeletion}};
}

std::unique_ptr<service::BackgroundTask> MakeCategorySync(service::ServiceContext& context) {
  return events::consumer::MakeConsumerTask(
      "category-sync",
      events::consumer::ConsumerOptionsFromEnv(
          context.config, "product", "SHOP_CATEGORY_SYNC_GROUP", kCategorySyncGroup,
          {"category.created", "category.updated", "category.deleted"}),
      CategorySyncHandlers(), context.pool, context.metrics);
}

}  // namespace shop::product
