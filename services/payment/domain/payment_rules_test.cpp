#include "payment/domain/payment_rules.hpp"

#include <gtest/gtest.h>

namespace shop::payment {
namespace {

PaymentFacts Pending(int attempts) {
  return {.status = PaymentStatus::kPending, .attempts = attempts};
}
PaymentFacts InState(PaymentStatus status, bool charged = false) {
  return {.status = status, .attempts = 1, .charged = charged};
}

TEST(PaymentRulesTest, StatusNamesReadBack) {
  for (PaymentStatus status :
       {PaymentStatus::kPending, PaymentStatus::kSucceeded, PaymentStatus::kFailed,
        PaymentStatus::kCancelled, PaymentStatus::kRefundPending, PaymentStatus::kRefunded}) {
    EXPECT_EQ(ParseStatus(StatusName(status)), status);
  }
  EXPECT_THROW(ParseStatus("paid"), std::invalid_argument);
}

TEST(PaymentRulesTest, ASucceededChargeAnnouncesTheSuccess) {
  const Transition t = AfterCharge(Pending(1), ChargeResult::kSucceeded);
  EXPECT_EQ(t.next, PaymentStatus::kSucceeded);
  EXPECT_EQ(t.event, PaymentEvent::kSucceeded);
  EXPECT_TRUE(t.ChangesVersion());
}

TEST(PaymentRulesTest, ADeclinedOrInvalidTokenFailsWithItsReason) {
  const Transition declined = AfterCharge(Pending(1), ChargeResult::kDeclined);
  EXPECT_EQ(declined.next, PaymentStatus::kFailed);
  EXPECT_EQ(declined.event, PaymentEvent::kFailed);
  EXPECT_EQ(declined.failure_reason, "declined");
  const Transition invalid = AfterCharge(Pending(1), ChargeResult::kInvalidToken);
  EXPECT_EQ(invalid.next, PaymentStatus::kFailed);
  EXPECT_EQ(invalid.failure_reason, "invalid_token");
}

TEST(PaymentRulesTest, AnUnknownOutcomeKeepsThePaymentPendingForARetryAfterBackoff) {
  const Transition t = AfterCharge(Pending(3), ChargeResult::kUnknown);
  EXPECT_FALSE(t.next.has_value());
  EXPECT_EQ(t.event, PaymentEvent::kNone);
  EXPECT_EQ(t.next_attempt, NextAttempt::kBackoff);
  EXPECT_FALSE(t.ChangesVersion());
}

TEST(PaymentRulesTest, CancellingBeforeAnyAttemptCancelsWithoutAnEvent) {
  const Transition t = OnOrderCancelled(Pending(0));
  EXPECT_EQ(t.next, PaymentStatus::kCancelled);
  EXPECT_EQ(t.event, PaymentEvent::kNone);
}

TEST(PaymentRulesTest, CancellingAfterAnAttemptSettlesThroughARefundOnceTheCallIsOver) {
  const Transition t = OnOrderCancelled(Pending(2));
  EXPECT_EQ(t.next, PaymentStatus::kRefundPending);
  EXPECT_EQ(t.next_attempt, NextAttempt::kAfterClaim);
}

TEST(PaymentRulesTest, CancellingASucceededPaymentRefundsAtOnce) {
  const Transition t = OnOrderCancelled(InState(PaymentStatus::kSucceeded, true));
  EXPECT_EQ(t.next, PaymentStatus::kRefundPending);
  EXPECT_EQ(t.next_attempt, NextAttempt::kNow);
  EXPECT_EQ(t.event, PaymentEvent::kNone);
}

TEST(PaymentRulesTest, ARepeatedOrLateCancellationChangesNothing) {
  for (PaymentStatus status : {PaymentStatus::kFailed, PaymentStatus::kCancelled,
                               PaymentStatus::kRefundPending, PaymentStatus::kRefunded}) {
    EXPECT_EQ(OnOrderCancelled(InState(status)), Transition{}) << StatusName(status);
  }
}

TEST(PaymentRulesTest, AChargeThatSucceededAfterTheCancellationIsAnnouncedAndRefundedAtOnce) {
  const Transition t =
      AfterCharge(InState(PaymentStatus::kRefundPending), ChargeResult::kSucceeded);
  EXPECT_FALSE(t.next.has_value());
  EXPECT_EQ(t.event, PaymentEvent::kSucceeded);
  EXPECT_EQ(t.next_attempt, NextAttempt::kNow);
  EXPECT_TRUE(t.ChangesVersion());
}

TEST(PaymentRulesTest, AChargeDeclinedAfterTheCancellationEndsCancelledWithoutAnEvent) {
  const Transition t = AfterCharge(InState(PaymentStatus::kRefundPending), ChargeResult::kDeclined);
  EXPECT_EQ(t.next, PaymentStatus::kCancelled);
  EXPECT_EQ(t.event, PaymentEvent::kNone);
}

TEST(PaymentRulesTest, AnUnknownChargeAfterTheCancellationLeavesItToTheRefund) {
  const Transition t = AfterCharge(InState(PaymentStatus::kRefundPending), ChargeResult::kUnknown);
  EXPECT_FALSE(t.next.has_value());
  EXPECT_EQ(t.next_attempt, NextAttempt::kNow);
}

TEST(PaymentRulesTest, ALateChargeAnswerForAPaymentThatMovedOnChangesNothing) {
  for (PaymentStatus status : {PaymentStatus::kSucceeded, PaymentStatus::kFailed,
                               PaymentStatus::kCancelled, PaymentStatus::kRefunded}) {
    EXPECT_EQ(AfterCharge(InState(status, true), ChargeResult::kSucceeded), Transition{})
        << StatusName(status);
  }
  EXPECT_EQ(AfterCharge(InState(PaymentStatus::kRefundPending, true), ChargeResult::kSucceeded),
            Transition{});
}

TEST(PaymentRulesTest, ARefundEndsRefundedWithItsEvent) {
  const Transition t =
      AfterRefund(InState(PaymentStatus::kRefundPending, true), RefundResult::kRefunded);
  EXPECT_EQ(t.next, PaymentStatus::kRefunded);
  EXPECT_EQ(t.event, PaymentEvent::kRefunded);
}

TEST(PaymentRulesTest, NoChargeToRefundCancelsAPaymentNeverConfirmedCharged) {
  const Transition t = AfterRefund(InState(PaymentStatus::kRefundPending), RefundResult::kNoCharge);
  EXPECT_EQ(t.next, PaymentStatus::kCancelled);
  EXPECT_EQ(t.event, PaymentEvent::kNone);
}

TEST(PaymentRulesTest, NoChargeToRefundForAConfirmedChargeIsRetriedNotBelieved) {
  const Transition t =
      AfterRefund(InState(PaymentStatus::kRefundPending, true), RefundResult::kNoCharge);
  EXPECT_FALSE(t.next.has_value());
  EXPECT_EQ(t.next_attempt, NextAttempt::kBackoff);
}

TEST(PaymentRulesTest, AnUnknownRefundIsRetriedAfterBackoff) {
  const Transition t =
      AfterRefund(InState(PaymentStatus::kRefundPending, true), RefundResult::kUnknown);
  EXPECT_FALSE(t.next.has_value());
  EXPECT_EQ(t.next_attempt, NextAttempt::kBackoff);
}

TEST(PaymentRulesTest, OnlyAPendingPaymentKeepsItsToken) {
  EXPECT_TRUE(KeepsToken(PaymentStatus::kPending));
  for (PaymentStatus status :
       {PaymentStatus::kSucceeded, PaymentStatus::kFailed, PaymentStatus::kCancelled,
        PaymentStatus::kRefundPending, PaymentStatus::kRefunded}) {
    EXPECT_FALSE(KeepsToken(status)) << StatusName(status);
  }
}

}  // namespace
}  // namespace shop::payment
