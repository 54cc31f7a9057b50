#include "notification/domain/notifications.hpp"

#include <cstdio>

namespace shop::notification {
namespace {

std::string Greeting(const std::optional<std::string>& name, const std::string& email) {
  return name && !name->empty() ? *name : email;
}

std::string Key(MailKind kind, std::string_view aggregate, std::int64_t version) {
  return std::string(KindName(kind)) + ":" + std::string(aggregate) + ":" + std::to_string(version);
}

// One line per order line: "- 2 x Kettle: 119.80".
std::string OrderLines(const events::OrderState& order) {
  std::string lines;
  for (const events::OrderLine& line : order.lines) {
    if (!lines.empty()) {
      lines += '\n';
    }
    lines += "- " + std::to_string(line.quantity) + " x " + line.name + ": " + line.line_total;
  }
  return lines;
}

TemplateFields OrderFields(const events::OrderState& order, const Recipient& to) {
  return {{"name", Greeting(to.name, to.email)}, {"order_id", order.order_id},
          {"lines", OrderLines(order)},          {"subtotal", order.subtotal},
          {"discount", order.discount},          {"total", order.total}};
}

TemplateFields ShipmentFields(const events::ShipmentState& shipment, const Recipient& to) {
  return {{"name", Greeting(to.name, to.email)},
          {"order_id", shipment.order_id},
          {"shipment_id", shipment.shipment_id},
          {"tracking_number", shipment.tracking_number},
          {"at", shipment.at}};
}

Notification AccountMail(MailKind kind, const events::AccountTokenIssued& request,
                         std::string_view event_id, std::string link) {
  return {.kind = kind,
          .dedupe_key = std::string(KindName(kind)) + ":" + std::string(event_id),
          .recipient = request.email,
          .fields = {{"name", Greeting(request.name, request.email)},
                     {"link", std::move(link)},
                     {"expires_at", request.expires_at}}};
}

bool IsUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

}  // namespace

Notification OrderConfirmedMail(const events::OrderConfirmed& order, const Recipient& to) {
  return {.kind = MailKind::kOrderConfirmed,
          .dedupe_key = Key(MailKind::kOrderConfirmed, order.order_id, order.version),
          .recipient = to.email,
          .fields = OrderFields(order, to)};
}

Notification OrderCancelledMail(const events::OrderCancelled& order, const Recipient& to) {
  TemplateFields fields = OrderFields(order, to);
  fields["reason"] = CancelReasonText(order.cancel_reason.value_or(""));
  return {.kind = MailKind::kOrderCancelled,
          .dedupe_key = Key(MailKind::kOrderCancelled, order.order_id, order.version),
          .recipient = to.email,
          .fields = std::move(fields)};
}

Notification ShipmentCreatedMail(const events::DeliveryShipmentCreated& shipment,
                                 const Recipient& to) {
  return {.kind = MailKind::kShipmentCreated,
          .dedupe_key = Key(MailKind::kShipmentCreated, shipment.shipment_id, shipment.version),
          .recipient = to.email,
          .fields = ShipmentFields(shipment, to)};
}

std::optional<MailKind> KindOfShipmentStatus(std::string_view status) {
  if (status == "out_for_delivery") {
    return MailKind::kOutForDelivery;
  }
  if (status == "delivered") {
    return MailKind::kDelivered;
  }
  return std::nullopt;
}

std::optional<Notification> StatusChangedMail(const events::DeliveryStatusChanged& step,
                                              const Recipient& to) {
  const std::optional<MailKind> kind = KindOfShipmentStatus(step.status);
  if (!kind) {
    return std::nullopt;
  }
  // Each step is its own version: a second out_for_delivery after a failed attempt is e-mailed
  // again, a copy of one step is not.
  return Notification{.kind = *kind,
                      .dedupe_key = Key(*kind, step.shipment_id, step.version),
                      .recipient = to.email,
                      .fields = ShipmentFields(step, to)};
}

Notification VerifyEmailMail(const events::UserVerificationRequested& request,
                             std::string_view event_id, std::string_view public_url) {
  return AccountMail(MailKind::kVerifyEmail, request, event_id,
                     TokenLink(public_url, "/verify-email", request.token));
}

Notification PasswordResetMail(const events::UserPasswordResetRequested& request,
                               std::string_view event_id, std::string_view public_url) {
  return AccountMail(MailKind::kPasswordReset, request, event_id,
                     TokenLink(public_url, "/reset-password", request.token));
}

std::string TokenLink(std::string_view public_url, std::string_view path, std::string_view token) {
  std::string link = std::string(public_url) + std::string(path) + "?token=";
  for (const char c : token) {
    if (IsUnreserved(c)) {
      link += c;
    } else {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", static_cast<unsigned char>(c));
      link += escaped;
    }
  }
  return link;
}

std::string CancelReasonText(std::string_view reason) {
  if (reason == "out_of_stock") {
    return "an item was out of stock";
  }
  if (reason == "payment_declined") {
    return "the payment was declined";
  }
  if (reason == "payment_timeout") {
    return "the payment did not complete in time";
  }
  if (reason == "stock_timeout") {
    return "the stock could not be reserved in time";
  }
  if (reason == "customer") {
    return "you cancelled it";
  }
  if (reason == "admin") {
    return "our staff cancelled it";
  }
  return "it could not be completed";
}

}  // namespace shop::notification
