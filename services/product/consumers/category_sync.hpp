#pragma once
// Consumer group `product.category-sync`: applies category.created/updated/deleted to the
// categories replica and to products.category_name with versioned upserts, so a stale or
// redelivered event never overwrites newer state. A deleted category stays a tombstone; its
// products keep the last known name and get category_deleted = true (docs/decisions/0006).

#include <memory>

#include "events/consumer/event_consumer.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_main.hpp"

namespace shop::product {

inline constexpr const char* kCategorySyncGroup = "product.category-sync";

events::consumer::HandlerTable CategorySyncHandlers();

// Reads SHOP_KAFKA_BOOTSTRAP (required) and SHOP_CATEGORY_SYNC_GROUP (default
// product.category-sync; tests use their own group, with its .retry and .dlq topics).
std::unique_ptr<service::BackgroundTask> MakeCategorySync(service::ServiceContext& context);

}  // namespace shop::product
