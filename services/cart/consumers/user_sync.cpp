#include "cart/consumers/user_sync.hpp"

#include "cart/store/replicas.hpp"
#include "events/catalog/user_events.hpp"
#include "events/consumer/consumer_task.hpp"

namespace shop::cart {
namespace {

void ApplyUserState(pqxx::work& txn, const events::UserState& user) {
  UpsertUser(txn, {.id = user.id,
                   .email = user.email,
                   .name = user.name.value_or(""),
                   .role = user.role,
                   .version = user.version});
}

void ApplyUserDeletion(pqxx::work& txn, const events::UserDeleted& deletion) {
  DeleteUser(txn, deletion.id, deletion.version);
}

}  // namespace

events::consumer::HandlerTable UserSyncHandlers() {
  events::consumer::HandlerTable handlers;
  handlers.On<events::UserCreated>(ApplyUserState)
      .On<events::UserUpdated>(ApplyUserState)
      .On<events::UserDeleted>(ApplyUserDeletion);
  return handlers;
}

std::unique_ptr<service::BackgroundTask> MakeUserSync(service::ServiceContext& context) {
  return events::consumer::MakeConsumerTask(
      "user-sync",
      events::consumer::ConsumerOptionsFromEnv(context.config, "cart", "SHOP_CART_USER_SYNC_GROUP",
                                               kUserSyncGroup),
      UserSyncHandlers(), context.pool, context.metrics);
}

}  // namespace shop::cart
