#include "notification/domain/notifications.hpp"

#include <gtest/gtest.h>

#include "notification/domain/mail_templates.hpp"
#include "notification/template_texts.hpp"

namespace shop::notification {
namespace {

events::OrderState Order(const std::string& status) {
  events::OrderState order;
  order.order_id = "0190c0de-0000-7000-8000-0000000000aa";
  order.user_id = "0190c0de-0000-7000-8000-0000000000bb";
  order.status = status;
  order.lines = {{.product_id = "p1",
                  .name = "Kettle",
                  .unit_price = "59.90",
                  .quantity = 2,
                  .line_total = "119.80",
                  .seller_id = std::nullopt},
                 {.product_id = "p2",
                  .name = "Mug",
                  .unit_price = "5.00",
                  .quantity = 1,
                  .line_total = "5.00",
                  .seller_id = std::nullopt}};
  order.subtotal = "124.80";
  order.discount = "0.00";
  order.total = "124.80";
  order.version = 6;
  return order;
}

events::ShipmentState Shipment(const std::string& status, std::int64_t version) {
  return {.shipment_id = "0190c0de-0000-7000-8000-0000000000cc",
          .order_id = "0190c0de-0000-7000-8000-0000000000aa",
          .user_id = "0190c0de-0000-7000-8000-0000000000bb",
          .status = status,
          .tracking_number = "TRK-123",
          .at = "2026-12-07T14:05:09.123Z",
          .version = version};
}

const Recipient kAda{.email = "ada@example.com", .name = "Ada"};

// Every template renders with the fields its kind supplies: no e-mail can fail on a missing field.
void ExpectRenders(const Notification& n) {
  const MailTemplates templates(EmbeddedTemplateTexts());
  EXPECT_NO_THROW(templates.Of(n.kind).Render(n.fields)) << KindName(n.kind);
}

TEST(NotificationsTest, OrderConfirmedGoesToTheOrdersUserWithItsLinesAndTotal) {
  events::OrderConfirmed order;
  static_cast<events::OrderState&>(order) = Order("confirmed");
  const Notification n = OrderConfirmedMail(order, kAda);
  EXPECT_EQ(n.kind, MailKind::kOrderConfirmed);
  EXPECT_EQ(n.recipient, "ada@example.com");
  EXPECT_EQ(n.dedupe_key, "order_confirmed:0190c0de-0000-7000-8000-0000000000aa:6");
  EXPECT_EQ(n.fields.at("lines"), "- 2 x Kettle: 119.80\n- 1 x Mug: 5.00");
  EXPECT_EQ(n.fields.at("total"), "124.80");
  EXPECT_EQ(n.fields.at("name"), "Ada");
  ExpectRenders(n);
}

TEST(NotificationsTest, OrderCancelledSaysWhy) {
  events::OrderCancelled order;
  static_cast<events::OrderState&>(order) = Order("cancelled");
  order.cancel_reason = "payment_declined";
  const Notification n = OrderCancelledMail(order, {.email = "x@example.com", .name = {}});
  EXPECT_EQ(n.fields.at("reason"), "the payment was declined");
  EXPECT_EQ(n.fields.at("name"), "x@example.com");  // no name: the address
  ExpectRenders(n);
}

TEST(NotificationsTest, OnlyOutForDeliveryAndDeliveredStepsAreEmailed) {
  for (const std::string_view status : events::kShipmentStatuses) {
    events::DeliveryStatusChanged step;
    static_cast<events::ShipmentState&>(step) = Shipment(std::string(status), 4);
    const std::optional<Notification> n = StatusChangedMail(step, kAda);
    if (status == "out_for_delivery" || status == "delivered") {
      ASSERT_TRUE(n.has_value()) << status;
      EXPECT_EQ(KindName(n->kind), status);
      EXPECT_EQ(n->dedupe_key, std::string(status) + ":0190c0de-0000-7000-8000-0000000000cc:4");
      ExpectRenders(*n);
    } else {
      EXPECT_FALSE(n.has_value()) << status;
    }
  }
}

TEST(NotificationsTest, ASecondOutForDeliveryAfterAFailedAttemptIsItsOwnEmail) {
  events::DeliveryStatusChanged first;
  static_cast<events::ShipmentState&>(first) = Shipment("out_for_delivery", 4);
  events::DeliveryStatusChanged again;
  static_cast<events::ShipmentState&>(again) = Shipment("out_for_delivery", 6);
  EXPECT_NE(StatusChangedMail(first, kAda)->dedupe_key, StatusChangedMail(again, kAda)->dedupe_key);
}

TEST(NotificationsTest, ShipmentCreatedCarriesTheTrackingNumber) {
  events::DeliveryShipmentCreated shipment;
  static_cast<events::ShipmentState&>(shipment) = Shipment("label_created", 1);
  const Notification n = ShipmentCreatedMail(shipment, kAda);
  EXPECT_EQ(n.fields.at("tracking_number"), "TRK-123");
  ExpectRenders(n);
}

TEST(NotificationsTest, AccountMailsLinkTheTokenAndAreKeyedByTheirEvent) {
  events::UserVerificationRequested verify;
  verify.user_id = "u1";
  verify.email = "new@example.com";
  verify.name = "Ada";
  verify.token = "abc-DEF_123";
  verify.expires_at = "2026-12-08T14:05:09Z";
  verify.version = 2;
  const Notification n = VerifyEmailMail(verify, "ev-1", "https://shop.example");
  EXPECT_EQ(n.recipient, "new@example.com");
  EXPECT_EQ(n.fields.at("link"), "https://shop.example/verify-email?token=abc-DEF_123");
  EXPECT_EQ(n.dedupe_key, "verify_email:ev-1");
  ExpectRenders(n);
  const MailTemplates templates(EmbeddedTemplateTexts());
  EXPECT_NE(templates.Of(n.kind).Render(n.fields).body.find(n.fields.at("link")),
            std::string::npos);

  events::UserPasswordResetRequested reset;
  static_cast<events::AccountTokenIssued&>(reset) = verify;
  const Notification r = PasswordResetMail(reset, "ev-2", "https://shop.example");
  EXPECT_EQ(r.fields.at("link"), "https://shop.example/reset-password?token=abc-DEF_123");
  EXPECT_EQ(r.dedupe_key, "password_reset:ev-2");
  EXPECT_TRUE(CarriesSecret(r.kind));
  EXPECT_FALSE(CarriesSecret(MailKind::kOrderConfirmed));
  ExpectRenders(r);
}

TEST(NotificationsTest, ATokenOutsideTheUrlAlphabetIsPercentEncoded) {
  EXPECT_EQ(TokenLink("http://h", "/p", "a+b/c=&d"), "http://h/p?token=a%2Bb%2Fc%3D%26d");
}

}  // namespace
}  // namespace shop::notification
