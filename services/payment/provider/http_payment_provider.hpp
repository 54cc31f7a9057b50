#pragma once
// PaymentProvider over HTTP (the API of payment-provider-sim, services/payment_sim/api/
// sim_routes.hpp) through the platform's one upstream loop (platform/http/upstream.hpp):
// keep-alive connections, a timeout per attempt, a circuit breaker, and retries only where safe:
// a POST is sent again by the loop only when its connection could not be opened; every other
// failure is reported as kUnknown and retried later by the payment worker with the same key.
//
//   POST /charges  Idempotency-Key, {order_id, amount, token}
//       201 -> kSucceeded (id) | 402 -> kDeclined | 422 urn:shop:problem:invalid-token ->
//       kInvalidToken | anything else, or no answer -> kUnknown
//   POST /refunds  Idempotency-Key, {order_id, amount}
//       201 -> kRefunded (id) | 404 urn:shop:problem:no-charge -> kNoCharge | anything else ->
//       kUnknown
//
// Settings: SHOP_PAYMENT_PROVIDER_URL (http://127.0.0.1:8088), SHOP_PAYMENT_PROVIDER_TIMEOUT (per
// attempt, 5s), SHOP_PAYMENT_PROVIDER_ATTEMPTS (2; only unsent attempts are repeated),
// SHOP_PAYMENT_PROVIDER_BREAKER_FAILURES (5), SHOP_PAYMENT_PROVIDER_BREAKER_OPEN (10s). Metrics:
// upstream_*{upstream="payment-provider"}.

#include <string_view>

#include "payment/provider/payment_provider.hpp"
#include "platform/config/env_config.hpp"
#include "platform/http/upstream.hpp"
#include "platform/metrics/registry.hpp"

namespace shop::payment {

// Throws config::ConfigError naming a bad variable.
http::UpstreamOptions LoadProviderOptions(const config::EnvConfig& env);

// How the provider's answers read (pure; tested without a provider).
ChargeAnswer ReadChargeAnswer(unsigned status, std::string_view body);
RefundAnswer ReadRefundAnswer(unsigned status, std::string_view body);

class HttpPaymentProvider final : public PaymentProvider {
 public:
  // `metrics` must outlive the provider.
  HttpPaymentProvider(http::UpstreamOptions options, metrics::Registry& metrics);

  ChargeAnswer Charge(const ChargeRequest& request) override;
  RefundAnswer Refund(const RefundRequest& request) override;

  const http::UpstreamOptions& options() const { return upstream_.options(); }

 private:
  // The answer, or nullopt with `detail` set when there was none.
  std::optional<http::ClientResponse> Post(const std::string& target,
                                           const std::string& idempotency_key,
                                           const std::string& body, const std::string& traceparent,
                                           std::string& detail);

  http::Upstream upstream_;
};

}  // namespace shop::payment
