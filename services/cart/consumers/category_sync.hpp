#pragma once
// Consumer group `cart.category-sync`: applies category.created/updated/deleted to cart-service's
// categories replica and the category_name of its replica products, with versioned upserts
// (store/replicas.hpp): a stale event renames nothing. A deleted category stays a tombstone; its
// products keep its last name.

#include <memory>

#include "events/consumer/event_consumer.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_main.hpp"

namespace shop::cart {

inline constexpr const char* kCategorySyncGroup = "cart.category-sync";

events::consumer::HandlerTable CategorySyncHandlers();

// Reads SHOP_KAFKA_BOOTSTRAP (required), SHOP_CART_CATEGORY_SYNC_GROUP (default
// cart.category-sync) and SHOP_INBOX_RETENTION.
std::unique_ptr<service::BackgroundTask> MakeCategorySync(service::ServiceContext& context);

}  // namespace shop::cart
