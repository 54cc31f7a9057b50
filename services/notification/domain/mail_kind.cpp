#include "notification/domain/mail_kind.hpp"

namespace shop::notification {

std::string_view KindName(MailKind kind) {
  switch (kind) {
    case MailKind::kOrderConfirmed:
      return "order_confirmed";
    case MailKind::kOrderCancelled:
      return "order_cancelled";
    case MailKind::kShipmentCreated:
      return "shipment_created";
    case MailKind::kOutForDelivery:
      return "out_for_delivery";
    case MailKind::kDelivered:
      return "delivered";
    case MailKind::kVerifyEmail:
      return "verify_email";
    case MailKind::kPasswordReset:
      return "password_reset";
  }
  return "unknown";
}

std::optional<MailKind> ParseKind(std::string_view name) {
  for (const MailKind kind : kMailKinds) {
    if (KindName(kind) == name) {
      return kind;
    }
  }
  return std::nullopt;
}

bool CarriesSecret(MailKind kind) {
  return kind == MailKind::kVerifyEmail || kind == MailKind::kPasswordReset;
}

}  // namespace shop::notification
