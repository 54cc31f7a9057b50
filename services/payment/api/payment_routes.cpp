#include "payment/api/payment_routes.hpp"

#include "platform/http/problem.hpp"
#include "platform/text/rfc3339.hpp"
#include "platform/text/uuid.hpp"

namespace shop::payment {
namespace {

nlohmann::json OrNull(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

bool Waiting(PaymentStatus status) {
  return status == PaymentStatus::kPending || status == PaymentStatus::kRefundPending;
}

struct PaymentRoutes {
  db::ConnectionPool& pool;
  const auth::Authenticator& authenticator;

  http::Response Get(http::Request& request) const {
    const auth::Principal caller = authenticator.Authenticate(request);
    const std::string& order_id = request.PathParam("order_id");
    const std::string not_found = "no payment for order " + order_id;
    if (!text::IsUuid(order_id)) {
      throw http::NotFound(not_found);
    }
    const std::optional<PaymentRecord> payment =
        pool.WithTransaction([&](pqxx::work& txn) { return FindPaymentOfOrder(txn, order_id); });
    const bool admin = caller.role == "admin";
    if (!payment || (!admin && payment->user_id != caller.user_id)) {
      throw http::NotFound(not_found);
    }
    return http::JsonResponse(200, PaymentJson(*payment, admin).dump());
  }
};

}  // namespace

nlohmann::json PaymentJson(const PaymentRecord& payment, bool for_admin) {
  nlohmann::json body = {{"payment_id", payment.id},
                         {"order_id", payment.order_id},
                         {"user_id", OrNull(payment.user_id)},
                         {"status", StatusName(payment.status)},
                         {"amount", OrNull(payment.amount)},
                         {"failure_reason", OrNull(payment.failure_reason)},
                         {"attempts", payment.attempts},
                         {"refund_attempts", payment.refund_attempts},
                         {"version", payment.version},
                         {"created_at", text::FormatRfc3339Utc(payment.created_at)},
                         {"updated_at", text::FormatRfc3339Utc(payment.updated_at)}};
  if (for_admin) {
    body["next_attempt_at"] = Waiting(payment.status)
                                  ? nlohmann::json(text::FormatRfc3339Utc(payment.next_attempt_at))
                                  : nlohmann::json();
    body["last_error"] = OrNull(payment.last_error);
  }
  return body;
}

void AddPaymentRoutes(http::Router& router, service::ServiceContext& context,
                      const auth::Authenticator& authenticator) {
  const auto routes = std::make_shared<const PaymentRoutes>(
      PaymentRoutes{.pool = context.pool, .authenticator = authenticator});
  router.Add(http::Method::kGet, "/payments/{order_id}",
             [routes](http::Request& request) { return routes->Get(request); });
}

}  // namespace shop::payment
