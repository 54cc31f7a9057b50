#pragma once
// Consumer group `notification.events` (decision 0034): the users replica and every e-mail.
//   user.created, user.updated       -> users replica: versioned upsert
//   user.deleted                     -> users replica: tombstone (no more e-mail)
//   user.verification_requested      -> verify_email to the event's address (token link)
//   user.password_reset_requested    -> password_reset to the event's address (token link)
//   order.confirmed                  -> order_confirmed to the order's user
//   order.cancelled                  -> order_cancelled to the order's user
//   delivery.shipment_created        -> shipment_created to the shipment's user
//   delivery.status_changed          -> out_for_delivery | delivered; other steps: nothing
// order.shipped, order.delivered and delivery.cancelled are not consumed: the shipment's steps
// and order.cancelled already tell the customer (domain/notifications.hpp).
// An order or delivery event whose user the replica does not hold yet is retried as transient for
// SHOP_NOTIFY_USER_WAIT, then dead-lettered with the reason (domain/user_wait.hpp); one whose
// user was deleted e-mails nobody. Sending: mail/mailer.hpp.

#include <memory>

#include "events/consumer/handler_table.hpp"
#include "notification/domain/user_wait.hpp"
#include "notification/mail/mailer.hpp"
#include "notification/mail/notification_metrics.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_main.hpp"

namespace shop::notification {

inline constexpr const char* kNotificationEventsGroup = "notification.events";

// `mailer`, `wait` and `metrics` must outlive the table.
events::consumer::HandlerTable NotificationEventHandlers(Mailer& mailer, UserWait& wait,
                                                         NotificationMetrics& metrics);

// Reads SHOP_KAFKA_BOOTSTRAP (required), SHOP_NOTIFICATION_EVENTS_GROUP (default
// notification.events; tests use their own group, with its .retry and .dlq topics) and the
// consumer settings of events/consumer/consumer_task.hpp.
std::unique_ptr<service::BackgroundTask> MakeNotificationEventsConsumer(
    service::ServiceContext& context, Mailer& mailer, UserWait& wait, NotificationMetrics& metrics);

}  // namespace shop::notification
