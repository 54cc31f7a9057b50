#include "cart/consumers/product_sync.hpp"

#include "cart/store/replicas.hpp"
#include "events/catalog/product_events.hpp"
#include "events/consumer/consumer_task.hpp"

namespace shop::cart {
namespace {

void ApplyProductState(pqxx::work& txn, const events::ProductState& product) {
  UpsertProduct(txn, ProductRow(product));
}

void ApplyProductDeletion(pqxx::work& txn, const events::ProductDeleted& deletion) {
  if (const std::optional<ReplicaProduct> last = LastProductRow(deletion)) {
    DeleteProduct(txn, *last);
  } else {
    TombstoneProduct(txn, deletion.id, deletion.version);
  }
}

}  // namespace

events::consumer::HandlerTable ProductSyncHandlers() {
  events::consumer::HandlerTable handlers;
  handlers.On<events::ProductCreated>(ApplyProductState)
      .On<events::ProductUpdated>(ApplyProductState)
      .On<events::ProductDeleted>(ApplyProductDeletion);
  return handlers;
}

std::unique_ptr<service::BackgroundTask> MakeProductSync(service::ServiceContext& context) {
  return events::consumer::MakeConsumerTask(
      "product-sync",
      events::consumer::ConsumerOptionsFromEnv(context.config, "cart",
                                               "SHOP_CART_PRODUCT_SYNC_GROUP", kProductSyncGroup),
      ProductSyncHandlers(), context.pool, context.metrics);
}

}  // namespace shop::cart
