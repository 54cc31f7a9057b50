#include "product/consumers/category_sync.hpp"

#include "product/domain/category_change.hpp"

namespace shop::product {
namespace {

// Replica first, tombstones included: an update older than what the replica holds changes
// nothing, and a later created/updated never resurrects a deleted category.
constexpr const char* kUpsertCategory =
    "INSERT INTO categories (id, name, version, deleted) VALUES ($1::uuid, $2, $3, $4) "
    "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, version = EXCLUDED.version, "
    "deleted = EXCLUDED.deleted WHERE categories.version < EXCLUDED.version";
constexpr const char* kRenameProducts =
    "UPDATE products SET category_name = $2, category_version = $3, updated_at = now() "
    "WHERE category_id = $1::uuid AND category_version < $3";
constexpr const char* kMarkProductsCategoryDeleted =
    "UPDATE products SET category_deleted = true, category_version = $2, updated_at = now() "
    "WHERE category_id = $1::uuid AND category_version < $2";

void ApplyNameChange(pqxx::work& txn, const events::CloudEvent& event) {
  const CategoryChange change = ParseCategoryChange(event.data);
  txn.exec_params(kUpsertCategory, change.id, change.name, change.version, false);
  txn.exec_params(kRenameProducts, change.id, change.name, change.version);
}

void ApplyDeletion(pqxx::work& txn, const events::CloudEvent& event) {
  const CategoryChange change = ParseCategoryChange(event.data);
  txn.exec_params(kUpsertCategory, change.id, change.name, change.version, true);
  txn.exec_params(kMarkProductsCategoryDeleted, change.id, change.version);
}

class CategorySync final : public service::BackgroundTask {
 public:
  CategorySync(events::consumer::ConsumerOptions options, service::ServiceContext& context)
      : consumer_(std::move(options), CategorySyncHandlers(), context.pool, context.metrics) {}
  std::string Name() const override { return "category-sync"; }
  void Run() override { consumer_.Run(); }
  void Stop() override { consumer_.Stop(); }

 private:
  events::consumer::EventConsumer consumer_;
};

}  // namespace

events::consumer::HandlerTable CategorySyncHandlers() {
  return {{"category.created", ApplyNameChange},
          {"category.updated", ApplyNameChange},
          {"category.deleted", ApplyDeletion}};
}

std::unique_ptr<service::BackgroundTask> MakeCategorySync(service::ServiceContext& context) {
  events::consumer::ConsumerOptions options;
  options.group_id = context.config.String("SHOP_CATEGORY_SYNC_GROUP", kCategorySyncGroup);
  options.bootstrap = context.config.RequiredString("SHOP_KAFKA_BOOTSTRAP");
  options.topics = {"category.created", "category.updated", "category.deleted"};
  return std::make_unique<CategorySync>(std::move(options), context);
}

}  // namespace shop::product
