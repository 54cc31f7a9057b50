#pragma once
// Consumer group `cart.user-sync`: applies user.created/updated/deleted to cart-service's users
// replica with versioned upserts (store/replicas.hpp). user.deleted leaves a tombstone and removes
// the user's cart (with its lines) and wishlist in the same transaction.

#include <memory>

#include "events/consumer/event_consumer.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_main.hpp"

namespace shop::cart {

inline constexpr const char* kUserSyncGroup = "cart.user-sync";

events::consumer::HandlerTable UserSyncHandlers();

// Reads SHOP_KAFKA_BOOTSTRAP (required), SHOP_CART_USER_SYNC_GROUP (default cart.user-sync; tests
// use their own group, with its .retry and .dlq topics) and SHOP_INBOX_RETENTION.
std::unique_ptr<service::BackgroundTask> MakeUserSync(service::ServiceContext& context);

}  // namespace shop::cart
