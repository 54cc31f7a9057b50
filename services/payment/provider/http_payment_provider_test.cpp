#include "payment/provider/http_payment_provider.hpp"

#include <gtest/gtest.h>

namespace shop::payment {
namespace {

TEST(ProviderAnswersTest, ACreatedChargeIsASuccessWithTheProvidersId) {
  const ChargeAnswer answer = ReadChargeAnswer(201, R"({"id":"ch_1","status":"succeeded"})");
  EXPECT_EQ(answer.result, ChargeResult::kSucceeded);
  EXPECT_EQ(answer.charge_id, "ch_1");
}

TEST(ProviderAnswersTest, ASuccessWithoutAnIdIsNotBelieved) {
  EXPECT_EQ(ReadChargeAnswer(201, "{}").result, ChargeResult::kUnknown);
  EXPECT_EQ(ReadChargeAnswer(201, "not json").result, ChargeResult::kUnknown);
  EXPECT_EQ(ReadRefundAnswer(201, R"({"id":7})").result, RefundResult::kUnknown);
}

TEST(ProviderAnswersTest, DeclinedAndInvalidTokenAreFinal) {
  EXPECT_EQ(ReadChargeAnswer(402, R"({"type":"urn:shop:problem:card-declined"})").result,
            ChargeResult::kDeclined);
  EXPECT_EQ(ReadChargeAnswer(422, R"({"type":"urn:shop:problem:invalid-token"})").result,
            ChargeResult::kInvalidToken);
}

TEST(ProviderAnswersTest, EveryOtherAnswerLeavesTheOutcomeUnknown) {
  // A validation error or a reused key is our mistake, not the card's: retry, log, alert.
  EXPECT_EQ(ReadChargeAnswer(422, R"({"type":"urn:shop:problem:validation"})").result,
            ChargeResult::kUnknown);
  for (unsigned status : {400u, 409u, 429u, 500u, 502u, 503u, 504u}) {
    const ChargeAnswer answer = ReadChargeAnswer(status, R"({"type":"urn:x"})");
    EXPECT_EQ(answer.result, ChargeResult::kUnknown) << status;
    EXPECT_NE(answer.detail.find(std::to_string(status)), std::string::npos) << answer.detail;
  }
}

TEST(ProviderAnswersTest, ARefundIsDoneOrFindsNoChargeOrIsUnknown) {
  const RefundAnswer refunded = ReadRefundAnswer(201, R"({"id":"re_1","status":"refunded"})");
  EXPECT_EQ(refunded.result, RefundResult::kRefunded);
  EXPECT_EQ(refunded.refund_id, "re_1");
  EXPECT_EQ(ReadRefundAnswer(404, R"({"type":"urn:shop:problem:no-charge"})").result,
            RefundResult::kNoCharge);
  EXPECT_EQ(ReadRefundAnswer(404, R"({"type":"urn:shop:problem:not-found"})").result,
            RefundResult::kUnknown);
  EXPECT_EQ(ReadRefundAnswer(409, R"({"type":"urn:shop:problem:already-refunded"})").result,
            RefundResult::kUnknown);
  EXPECT_EQ(ReadRefundAnswer(503, "").result, RefundResult::kUnknown);
}

TEST(ProviderOptionsTest, DefaultsSuitAProviderAndVariablesOverrideThem) {
  const config::EnvConfig defaults([](const std::string&) { return std::nullopt; });
  const http::UpstreamOptions options = LoadProviderOptions(defaults);
  EXPECT_EQ(options.name, "payment-provider");
  EXPECT_EQ(options.endpoints.at(0).port, 8088);
  EXPECT_EQ(options.timeout, std::chrono::seconds(5));
  EXPECT_EQ(options.max_attempts, 2);

  const config::EnvConfig set([](const std::string& name) -> std::optional<std::string> {
    if (name == "SHOP_PAYMENT_PROVIDER_URL") {
      return "http://127.0.0.1:9999";
    }
    if (name == "SHOP_PAYMENT_PROVIDER_TIMEOUT") {
      return "750ms";
    }
    return std::nullopt;
  });
  const http::UpstreamOptions changed = LoadProviderOptions(set);
  EXPECT_EQ(changed.endpoints.at(0).port, 9999);
  EXPECT_EQ(changed.timeout, std::chrono::milliseconds(750));
  EXPECT_THROW(LoadProviderOptions(
                   config::EnvConfig([](const std::string& name) -> std::optional<std::string> {
                     return name == "SHOP_PAYMENT_PROVIDER_URL"
                                ? std::optional<std::string>("ftp://x")
                                : std::nullopt;
                   })),
               config::ConfigError);
}

}  // namespace
}  // namespace shop::payment
