#pragma once
// What each consumed event e-mails, and to whom (decision 0034): pure functions from an event (and
// the user it concerns, from the users replica) to a Notification, unit tested without a database.
//
//   order.confirmed                   -> order_confirmed
//   order.cancelled                   -> order_cancelled
//   delivery.shipment_created         -> shipment_created
//   delivery.status_changed           -> out_for_delivery | delivered; other steps send nothing
//   user.verification_requested       -> verify_email    (the event's own address and name)
//   user.password_reset_requested     -> password_reset  (the event's own address and name)
// order.shipped and order.delivered send nothing: the shipment's own steps (with the tracking
// number) already tell the customer, and one delivery must not mean two e-mails.

#include <optional>
#include <string>
#include <string_view>

#include "events/catalog/delivery_events.hpp"
#include "events/catalog/order_events.hpp"
#include "events/catalog/user_events.hpp"
#include "notification/domain/mail_kind.hpp"
#include "notification/domain/mail_template.hpp"

namespace shop::notification {

// Whom an order or delivery e-mail goes to: the user as the replica holds it.
struct Recipient {
  std::string email;
  std::optional<std::string> name;
};

struct Notification {
  MailKind kind = MailKind::kOrderConfirmed;
  // One e-mail per key (sent_log's primary key): "<kind>:<aggregate id>:<aggregate version>" for
  // order and delivery e-mails, so a copy of an event under a new ce_id sends nothing;
  // "<kind>:<ce_id>" for account e-mails (every request is its own token).
  std::string dedupe_key;
  std::string recipient;  // the address
  TemplateFields fields;  // every field the kind's template uses
};

Notification OrderConfirmedMail(const events::OrderConfirmed& order, const Recipient& to);
Notification OrderCancelledMail(const events::OrderCancelled& order, const Recipient& to);
Notification ShipmentCreatedMail(const events::DeliveryShipmentCreated& shipment,
                                 const Recipient& to);

// The kind a tracking step e-mails: out_for_delivery and delivered; nullopt for the others
// (picked_up, in_transit, failed_attempt, returned, ...: the customer is not e-mailed).
std::optional<MailKind> KindOfShipmentStatus(std::string_view status);
// nullopt when KindOfShipmentStatus(step.status) is.
std::optional<Notification> StatusChangedMail(const events::DeliveryStatusChanged& step,
                                              const Recipient& to);

// `public_url` is the shop's address for people (SHOP_PUBLIC_URL), without a trailing slash.
Notification VerifyEmailMail(const events::UserVerificationRequested& request,
                             std::string_view event_id, std::string_view public_url);
Notification PasswordResetMail(const events::UserPasswordResetRequested& request,
                               std::string_view event_id, std::string_view public_url);

// "<public_url><path>?token=<token, percent-encoded>".
std::string TokenLink(std::string_view public_url, std::string_view path, std::string_view token);

// The words an e-mail uses for a cancel reason ("the payment was declined").
std::string CancelReasonText(std::string_view reason);

}  // namespace shop::notification
