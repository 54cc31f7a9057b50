#include "cart/consumers/user_sync.hpp"

#include "cart/domain/replica_events.hpp"
#include "cart/store/replicas.hpp"
#include "events/consumer/consumer_task.hpp"

namespace shop::cart {
namespace {

void ApplyUserState(pqxx::work& txn, const events::CloudEvent& event) {
  const UserState user = ParseUserState(event.data);
  UpsertUser(txn, {.id = user.id,
                   .email = user.email,
                   .name = user.name,
                   .role = user.role,
                   .version = user.version});
}

void ApplyUserDeletion(pqxx::work& txn, const events::CloudEvent& event) {
  const Deletion deletion = ParseUserDeletion(event.data);
  DeleteUser(txn, deletion.id, deletion.version);
}

}  // namespace

events::consumer::HandlerTable UserSyncHandlers() {
  return {{"user.created", ApplyUserState},
          {"user.updated", ApplyUserState},
          {"user.deleted", ApplyUserDeletion}};
}

std::unique_ptr<service::BackgroundTask> MakeUserSync(service::ServiceContext& context) {
  return events::consumer::MakeConsumerTask(
      "user-sync",
      events::consumer::ConsumerOptionsFromEnv(context.config, "cart", "SHOP_CART_USER_SYNC_GROUP",
                                               kUserSyncGroup,
                                               {"user.created", "user.updated", "user.deleted"}),
      UserSyncHandlers(), context.pool, context.metrics);
}

}  // namespace shop::cart
