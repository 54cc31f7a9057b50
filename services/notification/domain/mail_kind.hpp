#pragma once
// The kinds of e-mail notification-service sends, one template each (templates/<kind>.txt).

#include <array>
#include <optional>
#include <string_view>

namespace shop::notification {

enum class MailKind {
  kOrderConfirmed,
  kOrderCancelled,
  kShipmentCreated,
  kOutForDelivery,
  kDelivered,
  kVerifyEmail,
  kPasswordReset,
};

inline constexpr std::array<MailKind, 7> kMailKinds = {
    MailKind::kOrderConfirmed, MailKind::kOrderCancelled, MailKind::kShipmentCreated,
    MailKind::kOutForDelivery, MailKind::kDelivered,      MailKind::kVerifyEmail,
    MailKind::kPasswordReset};

// "order_confirmed", ... (the template's file name, the sent_log's kind, a metrics label).
std::string_view KindName(MailKind kind);
std::optional<MailKind> ParseKind(std::string_view name);

// Account e-mails carry a single-use token: their rendered body is never logged.
bool CarriesSecret(MailKind kind);

}  // namespace shop::notification
