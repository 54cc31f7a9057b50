#include "payment/provider/http_payment_provider.hpp"

#include <nlohmann/json.hpp>

#include "platform/http/owner_client.hpp"

namespace shop::payment {
namespace {

constexpr const char* kPrefix = "SHOP_PAYMENT_PROVIDER";

// The answer's JSON member `name` as a string, or "" (a body that is not JSON, or lacks it).
std::string MemberOf(std::string_view body, const char* name) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object() || !json.contains(name) || !json[name].is_string()) {
    return "";
  }
  return json[name].get<std::string>();
}

std::string Answered(unsigned status, std::string_view body) {
  const std::string type = MemberOf(body, "type");
  return "provider answered " + std::to_string(status) + (type.empty() ? "" : " " + type);
}

}  // namespace

http::UpstreamOptions LoadProviderOptions(const config::EnvConfig& env) {
  // The owner clients' settings (URL, timeout, attempts, breaker) under this service's prefix;
  // a provider call may take longer than a lookup: 5 s per attempt and 2 attempts by default.
  http::UpstreamOptions options =
      http::LoadOwnerClientOptions(env, kPrefix, "payment-provider", "http://127.0.0.1:8088")
          .upstream;
  options.timeout = env.Duration(std::string(kPrefix) + "_TIMEOUT", std::chrono::seconds(5));
  options.max_attempts = static_cast<int>(env.Int(std::string(kPrefix) + "_ATTEMPTS", 2, 1, 10));
  return options;
}

ChargeAnswer ReadChargeAnswer(unsigned status, std::string_view body) {
  if (status == 200 || status == 201) {
    std::string id = MemberOf(body, "id");
    if (id.empty()) {
      return {.detail = "provider answered " + std::to_string(status) + " without an id"};
    }
    return {.result = ChargeResult::kSucceeded, .charge_id = std::move(id), .detail = "charged"};
  }
  if (status == 402) {
    return {.result = ChargeResult::kDeclined, .detail = Answered(status, body)};
  }
  if (status == 422 && MemberOf(body, "type") == "urn:shop:problem:invalid-token") {
    return {.result = ChargeResult::kInvalidToken, .detail = Answered(status, body)};
  }
  return {.detail = Answered(status, body)};
}

RefundAnswer ReadRefundAnswer(unsigned status, std::string_view body) {
  if (status == 200 || status == 201) {
    std::string id = MemberOf(body, "id");
    if (id.empty()) {
      return {.detail = "provider answered " + std::to_string(status) + " without an id"};
    }
    return {.result = RefundResult::kRefunded, .refund_id = std::move(id), .detail = "refunded"};
  }
  if (status == 404 && MemberOf(body, "type") == "urn:shop:problem:no-charge") {
    return {.result = RefundResult::kNoCharge, .detail = Answered(status, body)};
  }
  return {.detail = Answered(status, body)};
}

HttpPaymentProvider::HttpPaymentProvider(http::UpstreamOptions options, metrics::Registry& metrics)
    : upstream_(std::move(options), metrics) {}

std::optional<http::ClientResponse> HttpPaymentProvider::Post(const std::string& target,
                                                              const std::string& idempotency_key,
                                                              const std::string& body,
                                                              const std::string& traceparent,
                                                              std::string& detail) {
  http::ClientRequest call{.method = http::Method::kPost, .target = target, .body = body};
  call.headers.Set("Content-Type", "application/json");
  call.headers.Set("Accept", "application/json");
  call.headers.Set("Idempotency-Key", idempotency_key);
  if (!traceparent.empty()) {
    call.headers.Set("traceparent", traceparent);
  }
  try {
    return upstream_.Send(call);
  } catch (const http::UpstreamFailure& failure) {
    detail = failure.what();
    return std::nullopt;
  }
}

ChargeAnswer HttpPaymentProvider::Charge(const ChargeRequest& request) {
  const nlohmann::json body = {
      {"order_id", request.order_id}, {"amount", request.amount}, {"token", request.token}};
  std::string detail;
  const auto answer =
      Post("/charges", request.idempotency_key, body.dump(), request.traceparent, detail);
  if (!answer) {
    return {.detail = detail};
  }
  return ReadChargeAnswer(answer->status, answer->body);
}

RefundAnswer HttpPaymentProvider::Refund(const RefundRequest& request) {
  const nlohmann::json body = {{"order_id", request.order_id}, {"amount", request.amount}};
  std::string detail;
  const auto answer =
      Post("/refunds", request.idempotency_key, body.dump(), request.traceparent, detail);
  if (!answer) {
    return {.detail = detail};
  }
  return ReadRefundAnswer(answer->status, answer->body);
}

}  // namespace shop::payment
