#include "events/catalog/payment_events.hpp"

#include "events/catalog/payload_json.hpp"

namespace shop::events {
namespace {

std::string MovementJson(const PaymentMovement& payment) {
  return nlohmann::json{{"order_id", payment.order_id},
                        {"payment_id", payment.payment_id},
                        {"amount", payment.amount},
                        {"version", payment.version}}
      .dump();
}

PaymentMovement ReadMovement(std::string_view data, std::string_view type) {
  const PayloadReader reader(data, std::string(type) + " data");
  return {.order_id = reader.Uuid("order_id"),
          .payment_id = reader.Uuid("payment_id"),
          .amount = reader.Amount("amount"),
          .version = reader.Version()};
}

}  // namespace

std::string PaymentSucceeded::ToJson() const { return MovementJson(*this); }
PaymentSucceeded PaymentSucceeded::FromJson(std::string_view data) {
  return {ReadMovement(data, kType.type)};
}

std::string PaymentRefunded::ToJson() const { return MovementJson(*this); }
PaymentRefunded PaymentRefunded::FromJson(std::string_view data) {
  return {ReadMovement(data, kType.type)};
}

std::string PaymentFailed::ToJson() const {
  return nlohmann::json{
      {"order_id", order_id}, {"payment_id", payment_id}, {"reason", reason}, {"version", version}}
      .dump();
}

PaymentFailed PaymentFailed::FromJson(std::string_view data) {
  const PayloadReader reader(data, std::string(kType.type) + " data");
  return {.order_id = reader.Uuid("order_id"),
          .payment_id = reader.Uuid("payment_id"),
          .reason = reader.OneOf("reason", kPaymentFailureReasons),
          .version = reader.Version()};
}

}  // namespace shop::events
