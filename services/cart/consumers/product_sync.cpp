#include "cart/consumers/product_sync.hpp"

#include "cart/domain/replica_events.hpp"
#include "cart/store/replicas.hpp"
#include "events/consumer/consumer_task.hpp"

namespace shop::cart {
namespace {

void ApplyProductState(pqxx::work& txn, const events::CloudEvent& event) {
  UpsertProduct(txn, ToReplica(ParseProductState(event.data)));
}

void ApplyProductDeletion(pqxx::work& txn, const events::CloudEvent& event) {
  DeleteProduct(txn, ToReplica(ParseProductDeletion(event.data)));
}

}  // namespace

events::consumer::HandlerTable ProductSyncHandlers() {
  return {{"product.created", ApplyProductState},
          {"product.updated", ApplyProductState},
          {"product.deleted", ApplyProductDeletion}};
}

std::unique_ptr<service::BackgroundTask> MakeProductSync(service::ServiceContext& context) {
  return events::consumer::MakeConsumerTask(
      "product-sync",
      events::consumer::ConsumerOptionsFromEnv(
          context.config, "cart", "SHOP_CART_PRODUCT_SYNC_GROUP", kProductSyncGroup,
          {"product.created", "product.updated", "product.deleted"}),
      ProductSyncHandlers(), context.pool, context.metrics);
}

}  // namespace shop::cart
