// The order saga's contracts (docs/decisions/0026-order-saga.md) beyond what the shared field rules
// cover: the checkout's members added within v1, the address, the payment token's length, an
// order's cancel reason against its status, and the enums of the stock and payment events.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "events/catalog/catalog.hpp"
#include "events/catalog/catalog_samples.hpp"

namespace shop::events {
namespace {

// The JSON of the first sample of T, changed by `edit`.
template <typename T, typename Edit>
std::string EditedSample(Edit edit, std::size_t sample = 0) {
  nlohmann::json json = nlohmann::json::parse(testing::SamplesOf<T>().at(sample).ToJson());
  edit(json);
  return json.dump();
}

// "é" `count` times: `count` characters, twice as many bytes.
std::string Accents(std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) {
    text += "\xC3\xA9";
  }
  return text;
}

TEST(OrderSagaEventsTest, ACheckoutWrittenBeforeTheSagaReadsWithItsNewMembersUnset) {
  const std::string old = EditedSample<CartCheckedOut>([](nlohmann::json& json) {
    for (nlohmann::json& line : json["lines"]) {
      line.erase("seller_id");
    }
  });
  const CartCheckedOut read = CartCheckedOut::FromJson(old);
  EXPECT_EQ(read.shipping_address, std::nullopt);
  EXPECT_EQ(read.payment_token, std::nullopt);
  EXPECT_EQ(read.lines.at(0).seller_id, std::nullopt);
  const auto written = nlohmann::json::parse(read.ToJson());
  EXPECT_FALSE(written.contains("shipping_address"));
  EXPECT_FALSE(written.contains("payment_token"));
  EXPECT_TRUE(written["lines"][0]["seller_id"].is_null());
}

TEST(OrderSagaEventsTest, ACheckoutCarriesItsAddressTokenAndSellers) {
  const CartCheckedOut full = testing::SamplesOf<CartCheckedOut>().back();
  ASSERT_TRUE(full.shipping_address && full.payment_token);
  const auto json = nlohmann::json::parse(full.ToJson());
  EXPECT_EQ(json["shipping_address"]["country"], "FR");
  EXPECT_EQ(json["payment_token"], "tok_visa");
  EXPECT_EQ(json["lines"][0]["seller_id"], full.lines[0].seller_id);
  EXPECT_EQ(CartCheckedOut::FromJson(full.ToJson()), full);
}

TEST(OrderSagaEventsTest, AnAddressNeedsItsStringsWithinTheirLengthsAndATwoLetterCountry) {
  const std::size_t full = testing::SamplesOf<CartCheckedOut>().size() - 1;
  const auto with_address = [full](const char* member, const nlohmann::json& value) {
    return EditedSample<CartCheckedOut>(
        [&](nlohmann::json& json) {
          if (value.is_discarded()) {
            json["shipping_address"].erase(member);
          } else {
            json["shipping_address"][member] = value;
          }
        },
        full);
  };
  for (const auto& [member, value] : std::vector<std::pair<const char*, nlohmann::json>>{
           {"country", "fr"},
           {"country", "FRA"},
           {"country", "F"},
           {"country", 33},
           {"city", nlohmann::json::value_t::discarded},
           {"name", ""},
           {"name", std::string(201, 'a')},
           {"name", nullptr},
           {"postal_code", Accents(201)},
           {"line2", ""},
           {"line2", 2}}) {
    const std::string data = with_address(member, value);
    const std::string error = testing::PayloadErrorOf([&] { CartCheckedOut::FromJson(data); });
    EXPECT_NE(error.find("shipping_address "), std::string::npos) << data << ": " << error;
    EXPECT_NE(error.find(member), std::string::npos) << data << ": " << error;
  }
  EXPECT_EQ(CartCheckedOut::FromJson(with_address("name", Accents(200))).shipping_address->name,
            Accents(200));
  EXPECT_EQ(CartCheckedOut::FromJson(with_address("line2", nullptr)).shipping_address->line2,
            std::nullopt);
  EXPECT_EQ(CartCheckedOut::FromJson(with_address("line2", nlohmann::json::value_t::discarded))
                .shipping_address->line2,
            std::nullopt);
  EXPECT_THROW(CartCheckedOut::FromJson(EditedSample<CartCheckedOut>(
                   [](nlohmann::json& json) { json["shipping_address"] = "Paris"; })),
               PayloadError);
}

TEST(OrderSagaEventsTest, APaymentTokenIsOneTo200Characters) {
  const auto checkout_with = [](const nlohmann::json& token) {
    return EditedSample<CartCheckedOut>(
        [&](nlohmann::json& json) { json["payment_token"] = token; });
  };
  const auto request_with = [](const nlohmann::json& token) {
    return EditedSample<OrderPaymentRequested>(
        [&](nlohmann::json& json) { json["payment_token"] = token; });
  };
  for (const nlohmann::json& bad : {nlohmann::json(""), nlohmann::json(std::string(201, 't')),
                                    nlohmann::json(7), nlohmann::json(nullptr)}) {
    EXPECT_THROW(CartCheckedOut::FromJson(checkout_with(bad)), PayloadError) << bad;
    EXPECT_THROW(OrderPaymentRequested::FromJson(request_with(bad)), PayloadError) << bad;
  }
  EXPECT_EQ(CartCheckedOut::FromJson(checkout_with(Accents(200))).payment_token, Accents(200));
  EXPECT_EQ(OrderPaymentRequested::FromJson(request_with("t")).payment_token, "t");
  EXPECT_THROW(OrderPaymentRequested::FromJson(EditedSample<OrderPaymentRequested>(
                   [](nlohmann::json& json) { json.erase("payment_token"); })),
               PayloadError);
}

TEST(OrderSagaEventsTest, AnOrderHasACancelReasonExactlyWhenItIsCancelled) {
  const auto order_with = [](const nlohmann::json& status, const nlohmann::json& reason) {
    return EditedSample<OrderCancelled>([&](nlohmann::json& json) {
      json["status"] = status;
      json["cancel_reason"] = reason;
    });
  };
  EXPECT_NE(testing::PayloadErrorOf([&] {
              OrderCancelled::FromJson(order_with("cancelled", nullptr));
            }).find("null cancel_reason"),
            std::string::npos);
  EXPECT_NE(testing::PayloadErrorOf([&] {
              OrderConfirmed::FromJson(order_with("confirmed", "customer"));
            }).find("order.confirmed data has a cancel_reason but status confirmed"),
            std::string::npos);
  EXPECT_THROW(OrderCancelled::FromJson(order_with("cancelled", "changed_mind")), PayloadError);
  EXPECT_THROW(OrderCancelled::FromJson(order_with("canceled", "customer")), PayloadError);
  EXPECT_THROW(OrderCreated::FromJson(order_with("new", nullptr)), PayloadError);
  for (std::string_view reason : kOrderCancelReasons) {
    EXPECT_EQ(OrderCancelled::FromJson(order_with("cancelled", reason)).cancel_reason, reason);
  }
  for (std::string_view status : kOrderStatuses) {
    if (status != "cancelled") {
      EXPECT_EQ(OrderShipped::FromJson(order_with(status, nullptr)).status, status);
    }
  }
}

TEST(OrderSagaEventsTest, AnOrderNeedsItsAddressAndEachLineItsSellerOrNull) {
  EXPECT_THROW(OrderCreated::FromJson(EditedSample<OrderCreated>(
                   [](nlohmann::json& json) { json.erase("shipping_address"); })),
               PayloadError);
  EXPECT_THROW(OrderCreated::FromJson(EditedSample<OrderCreated>(
                   [](nlohmann::json& json) { json["lines"][0].erase("seller_id"); })),
               PayloadError);
  EXPECT_THROW(OrderCreated::FromJson(EditedSample<OrderCreated>(
                   [](nlohmann::json& json) { json["lines"] = nlohmann::json::array(); })),
               PayloadError);
  EXPECT_THROW(OrderCreated::FromJson(EditedSample<OrderCreated>(
                   [](nlohmann::json& json) { json.erase("promo_code"); })),
               PayloadError);
}

TEST(OrderSagaEventsTest, StockAndPaymentEventsCheckTheirCountsAndReasons) {
  EXPECT_THROW(StockRejected::FromJson(EditedSample<StockRejected>(
                   [](nlohmann::json& json) { json["shortages"][0]["available"] = -1; })),
               PayloadError);
  EXPECT_THROW(StockRejected::FromJson(EditedSample<StockRejected>(
                   [](nlohmann::json& json) { json["shortages"][0]["requested"] = 0; })),
               PayloadError);
  EXPECT_THROW(StockRejected::FromJson(EditedSample<StockRejected>(
                   [](nlohmann::json& json) { json["shortages"] = nlohmann::json::array(); })),
               PayloadError);
  EXPECT_THROW(StockReserved::FromJson(EditedSample<StockReserved>(
                   [](nlohmann::json& json) { json["lines"][0]["quantity"] = 0; })),
               PayloadError);
  EXPECT_THROW(StockReleased::FromJson(EditedSample<StockReleased>(
                   [](nlohmann::json& json) { json["lines"][0]["product_id"] = "p1"; })),
               PayloadError);
  EXPECT_THROW(PaymentFailed::FromJson(EditedSample<PaymentFailed>(
                   [](nlohmann::json& json) { json["reason"] = "timeout"; })),
               PayloadError);
  EXPECT_THROW(PaymentSucceeded::FromJson(EditedSample<PaymentSucceeded>(
                   [](nlohmann::json& json) { json["amount"] = 300.4; })),
               PayloadError);
  EXPECT_THROW(PaymentRefunded::FromJson(EditedSample<PaymentRefunded>(
                   [](nlohmann::json& json) { json.erase("payment_id"); })),
               PayloadError);
  EXPECT_EQ(
      PaymentSucceeded::FromJson(testing::SamplesOf<PaymentSucceeded>()[0].ToJson()).AggregateId(),
      testing::SamplesOf<OrderCreated>()[0].order_id);
}

}  // namespace
}  // namespace shop::events
