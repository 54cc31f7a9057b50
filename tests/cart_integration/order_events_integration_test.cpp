// cart.order-events (services/cart/consumers/order_events.hpp) against the real Kafka and Postgres
// of tests/run: an order.cancelled gives back the promo use its checkout counted, exactly once
// whatever the duplicates, and changes nothing for a checkout without a code.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

#include "cart/consumers/order_events.hpp"
#include "cart/store/promo_store.hpp"
#include "cart_sync_fixture.hpp"
#include "events/catalog/order_events.hpp"
#include "events/consumer/dead_letter.hpp"
#include "events/uuid_v7.hpp"
#include "platform/text/ascii.hpp"
#include "test_support.hpp"

namespace shop::cart::testing {
namespace {

std::string NewId() { return events::NewUuidV7(); }

// The order.cancelled of the order made from checkout `checkout_id` by `user_id`.
events::CloudEvent Cancellation(const std::string& checkout_id, const std::string& user_id,
                                const std::optional<std::string>& promo_code) {
  events::OrderCancelled order;
  order.order_id = checkout_id;
  order.user_id = user_id;
  order.status = "cancelled";
  order.cancel_reason = "payment_declined";
  order.lines = {{.product_id = NewId(),
                  .name = "Lamp",
                  .unit_price = "20.00",
                  .quantity = 1,
                  .line_total = "20.00",
                  .seller_id = std::nullopt}};
  order.subtotal = "20.00";
  order.discount = promo_code ? "5.00" : "0.00";
  order.total = promo_code ? "15.00" : "20.00";
  order.promo_code = promo_code;
  order.shipping_address = {.name = "Ada Lovelace",
                            .line1 = "12 St James's Square",
                            .line2 = std::nullopt,
                            .city = "London",
                            .postal_code = "SW1Y 4JH",
                            .country = "GB"};
  order.version = 3;
  return Event("order.cancelled", checkout_id, order.ToJson());
}

class OrderEventsIntegration : public CartSyncFixture {
 protected:
  // A fixed 5.00 code with `max_uses`.
  std::string NewCode(std::optional<int> max_uses) {
    const std::string code = text::ToUpperAscii("IT" + NewId().substr(24));  // [A-Z0-9]
    pool_->WithTransaction([&](pqxx::work& txn) {
      EXPECT_TRUE(InsertPromoCode(txn, {.code = code,
                                        .kind = PromoKind::kFixed,
                                        .fixed_amount = Money::Cents(500),
                                        .max_uses = max_uses}));
    });
    return code;
  }

  // What the checkout of `checkout_id` by `user_id` does with `code`: one use counted, one
  // redemption recorded.
  void Redeem(const std::string& code, const std::string& checkout_id, const std::string& user_id) {
    pool_->WithTransaction([&](pqxx::work& txn) {
      ASSERT_TRUE(CountPromoUse(txn, code));
      RecordRedemption(txn, checkout_id, code, user_id, Money::Cents(500));
    });
  }

  PromoUsage Usage(const std::string& code, const std::string& user_id) {
    return pool_->WithTransaction(
        [&](pqxx::work& txn) { return LoadPromoUsage(txn, code, user_id); });
  }

  long long Returned(const std::string& checkout_id) {
    return Scalar("SELECT count(*) FROM promo_redemptions WHERE checkout_id = '" + checkout_id +
                  "' AND returned_at IS NOT NULL");
  }
};

TEST_F(OrderEventsIntegration, ACancelledOrderGivesItsPromoUseBackOnceWhateverTheDuplicates) {
  const Group group = StartConsumer("order-events", OrderEventsHandlers());
  const std::string code = NewCode(2);
  const std::string user = NewId();
  const std::string cancelled_checkout = NewId();
  const std::string kept_checkout = NewId();
  Redeem(code, cancelled_checkout, user);
  Redeem(code, kept_checkout, NewId());
  ASSERT_EQ(Usage(code, user).total, 2);
  ASSERT_EQ(Usage(code, user).by_user, 1);

  const events::CloudEvent cancelled = Cancellation(cancelled_checkout, user, code);
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(group, cancelled));
  EXPECT_EQ(Usage(code, user).total, 1) << "one use given back";
  EXPECT_EQ(Usage(code, user).by_user, 0) << "the user may use the code again";
  EXPECT_EQ(Returned(cancelled_checkout), 1);
  EXPECT_EQ(Returned(kept_checkout), 0);

  // The same event again (a relay that crashed between produce and mark): an inbox duplicate.
  ASSERT_NO_FATAL_FAILURE(Produce(group.source, cancelled));
  ASSERT_TRUE(
      shop::testing::WaitFor([&] { return Messages(group.id, "duplicate") == 1; }, kDeadline));
  // Another order.cancelled of the same order (its own ce_id: a replay to the source topic, say):
  // applied, and it finds the use given back already.
  ASSERT_NO_FATAL_FAILURE(
      ProduceAndWaitApplied(group, Cancellation(cancelled_checkout, user, code)));
  EXPECT_EQ(Usage(code, user).total, 1);
  EXPECT_EQ(Returned(cancelled_checkout), 1);
  EXPECT_EQ(Messages(group.id, "applied"), 2);
  EXPECT_EQ(Messages(group.id, "dead_lettered"), 0);

  // The use given back can be counted again: max_uses 2 allows one more checkout.
  pool_->WithTransaction([&](pqxx::work& txn) {
    EXPECT_TRUE(CountPromoUse(txn, code));
    EXPECT_FALSE(CountPromoUse(txn, code)) << "and no more than max_uses";
  });
}

TEST_F(OrderEventsIntegration, ACancelledOrderWhoseCheckoutUsedNoCodeChangesNothing) {
  const Group group = StartConsumer("order-events", OrderEventsHandlers());
  const std::string code = NewCode(std::nullopt);
  const std::string user = NewId();
  const std::string other_checkout = NewId();
  Redeem(code, other_checkout, user);

  const std::string checkout_without_code = NewId();
  ASSERT_NO_FATAL_FAILURE(
      ProduceAndWaitApplied(group, Cancellation(checkout_without_code, user, std::nullopt)));
  EXPECT_EQ(Usage(code, user).total, 1);
  EXPECT_EQ(Usage(code, user).by_user, 1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM promo_redemptions WHERE returned_at IS NOT NULL"), 0);
  EXPECT_EQ(Messages(group.id, "dead_lettered"), 0);
}

// The factory subscribes to the real order.cancelled topic under the group that
// SHOP_CART_ORDER_EVENTS_GROUP names. Other tests may write to that topic: only this test's
// order is checked.
TEST_F(OrderEventsIntegration, TheFactoryConsumesOrderCancelledUnderTheConfiguredGroup) {
  const std::string group = Unique("cart-it.order-events");
  shop::testing::CreateKafkaTopics(
      {events::consumer::RetryTopic(group), events::consumer::DeadLetterTopic(group)}, 1);
  RunServiceTasks({{"SHOP_KAFKA_BOOTSTRAP", shop::testing::KafkaBootstrap()},
                   {"SHOP_CART_ORDER_EVENTS_GROUP", group}},
                  {MakeOrderEvents});

  const std::string code = NewCode(1);
  const std::string user = NewId();
  const std::string checkout = NewId();
  Redeem(code, checkout, user);
  const events::CloudEvent cancelled = Cancellation(checkout, user, code);
  ASSERT_NO_FATAL_FAILURE(Produce("order.cancelled", cancelled));
  ASSERT_TRUE(shop::testing::WaitFor([&] { return Applied(group, cancelled.id); }, kDeadline));
  EXPECT_EQ(Usage(code, user).total, 0);
  EXPECT_EQ(Returned(checkout), 1);
}

}  // namespace
}  // namespace shop::cart::testing
