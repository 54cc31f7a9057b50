#pragma once
// Consumer group `cart.product-sync`: applies product.created/updated/deleted to cart-service's
// products replica with versioned upserts (store/replicas.hpp). A deleted product stays as a
// tombstone (carts show it as unavailable); an older created/updated never resurrects it. A
// product's category_name is the categories replica's when that knows the category.

#include <memory>

#include "events/consumer/event_consumer.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_main.hpp"

namespace shop::cart {

inline constexpr const char* kProductSyncGroup = "cart.product-sync";

events::consumer::HandlerTable ProductSyncHandlers();

// Reads SHOP_KAFKA_BOOTSTRAP (required), SHOP_CART_PRODUCT_SYNC_GROUP (default cart.product-sync)
// and SHOP_INBOX_RETENTION.
std::unique_ptr<service::BackgroundTask> MakeProductSync(service::ServiceContext& context);

}  // namespace shop::cart
