#include "notification/consumers/notification_events.hpp"

#include "events/catalog/delivery_events.hpp"
#include "events/catalog/order_events.hpp"
#include "events/catalog/user_events.hpp"
#include "events/consumer/consumer_task.hpp"
#include "events/consumer/event_consumer.hpp"
#include "notification/store/user_replica.hpp"
#include "platform/logging/log.hpp"

namespace shop::notification {
namespace {

using events::CloudEvent;
using events::consumer::PermanentError;
using events::consumer::TransientError;

// Who an order or delivery e-mail of `user_id` goes to; nullopt when the user was deleted. Throws
// TransientError while the user may still come, PermanentError once the wait is over.
std::optional<Recipient> RecipientOf(pqxx::work& txn, const std::string& user_id,
                                     const CloudEvent& envelope, UserWait& wait,
                                     NotificationMetrics& metrics) {
  const std::optional<ReplicaUser> user = FindUser(txn, user_id);
  if (!user) {
    const std::string reason = "user " + user_id + " of " + envelope.type + " " + envelope.subject +
                               " is not known (no user.created seen)";
    if (wait.KeepWaiting(envelope.id, UserWait::Clock::now())) {
      throw TransientError(reason + "; waiting for it");
    }
    throw PermanentError(reason);
  }
  wait.Forget(envelope.id);
  if (user->deleted || !user->email) {
    metrics.CountSkipped("user_deleted");
    logging::Info("mail_skipped", {{"reason", "user_deleted"},
                                   {"event_id", envelope.id},
                                   {"type", envelope.type},
                                   {"user_id", user_id}});
    return std::nullopt;
  }
  return Recipient{.email = *user->email, .name = user->name};
}

template <typename Event, typename Build>
auto UserMail(Mailer& mailer, UserWait& wait, NotificationMetrics& metrics, Build build) {
  return [&mailer, &wait, &metrics, build](pqxx::work& txn, const Event& event,
                                           const CloudEvent& envelope) {
    if (const std::optional<Recipient> to =
            RecipientOf(txn, event.user_id, envelope, wait, metrics)) {
      mailer.Deliver(envelope.id, build(event, *to));
    }
  };
}

}  // namespace

events::consumer::HandlerTable NotificationEventHandlers(Mailer& mailer, UserWait& wait,
                                                         NotificationMetrics& metrics) {
  const std::string& public_url = mailer.options().public_url;
  events::consumer::HandlerTable handlers;
  handlers
      .On<events::UserCreated>([](pqxx::work& txn, const events::UserCreated& user) {
        UpsertUser(txn, user.id, user.email, user.name, user.version);
      })
      .On<events::UserUpdated>([](pqxx::work& txn, const events::UserUpdated& user) {
        UpsertUser(txn, user.id, user.email, user.name, user.version);
      })
      .On<events::UserDeleted>([](pqxx::work& txn, const events::UserDeleted& user) {
        TombstoneUser(txn, user.id, user.version);
      })
      .On<events::UserVerificationRequested>(
          [&mailer, &public_url](pqxx::work&, const events::UserVerificationRequested& request,
                                 const CloudEvent& envelope) {
            mailer.Deliver(envelope.id, VerifyEmailMail(request, envelope.id, public_url));
          })
      .On<events::UserPasswordResetRequested>(
          [&mailer, &public_url](pqxx::work&, const events::UserPasswordResetRequested& request,
                                 const CloudEvent& envelope) {
            mailer.Deliver(envelope.id, PasswordResetMail(request, envelope.id, public_url));
          })
      .On<events::OrderConfirmed>(
          UserMail<events::OrderConfirmed>(mailer, wait, metrics, &OrderConfirmedMail))
      .On<events::OrderCancelled>(
          UserMail<events::OrderCancelled>(mailer, wait, metrics, &OrderCancelledMail))
      .On<events::DeliveryShipmentCreated>(
          UserMail<events::DeliveryShipmentCreated>(mailer, wait, metrics, &ShipmentCreatedMail))
      .On<events::DeliveryStatusChanged>(
          [&mailer, &wait, &metrics](pqxx::work& txn, const events::DeliveryStatusChanged& step,
                                     const CloudEvent& envelope) {
            if (!KindOfShipmentStatus(step.status)) {
              metrics.CountSkipped("status_not_notified");
              return;
            }
            if (const std::optional<Recipient> to =
                    RecipientOf(txn, step.user_id, envelope, wait, metrics)) {
              mailer.Deliver(envelope.id, *StatusChangedMail(step, *to));
            }
          });
  return handlers;
}

std::unique_ptr<service::BackgroundTask> MakeNotificationEventsConsumer(
    service::ServiceContext& context, Mailer& mailer, UserWait& wait,
    NotificationMetrics& metrics) {
  return events::consumer::MakeConsumerTask(
      "notification-events",
      events::consumer::ConsumerOptionsFromEnv(context.config, "notification",
                                               "SHOP_NOTIFICATION_EVENTS_GROUP",
                                               kNotificationEventsGroup),
      NotificationEventHandlers(mailer, wait, metrics), context.pool, context.metrics);
}

}  // namespace shop::notification
