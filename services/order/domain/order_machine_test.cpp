#include "order/domain/order_machine.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <utility>

namespace shop::order {
namespace {

using Kind = Decision::Kind;
using S = OrderStatus;
using I = OrderInput;

constexpr S kAllStates[] = {S::kPending, S::kStockReserved, S::kPaid,     S::kConfirmed,
                            S::kShipped, S::kDelivered,     S::kCancelled};
constexpr I kAllInputs[] = {I::kStockReserved,  I::kStockRejected,   I::kPaymentSucceeded,
                            I::kPaymentFailed,  I::kStockReleased,   I::kPaymentRefunded,
                            I::kCustomerCancel, I::kAdminCancel,     I::kShipmentCreated,
                            I::kParcelMoved,    I::kParcelDelivered, I::kShipmentCancelled,
                            I::kDeadlinePassed};

OrderStep CancelledBy(CancelReason reason) {
  return {.to = S::kCancelled, .cancel_reason = reason, .emits = OrderEvent::kCancelled};
}

// Every transition the machine applies, and nothing else: (state, input) -> steps.
const std::map<std::pair<S, I>, std::vector<OrderStep>>& Transitions() {
  static const std::map<std::pair<S, I>, std::vector<OrderStep>> table = {
      {{S::kPending, I::kStockReserved},
       {{.to = S::kStockReserved, .emits = OrderEvent::kPaymentRequested}}},
      {{S::kPending, I::kStockRejected}, {CancelledBy(CancelReason::kOutOfStock)}},
      {{S::kPending, I::kDeadlinePassed}, {CancelledBy(CancelReason::kStockTimeout)}},
      {{S::kStockReserved, I::kPaymentSucceeded},
       {{.to = S::kPaid}, {.to = S::kConfirmed, .emits = OrderEvent::kConfirmed}}},
      {{S::kStockReserved, I::kPaymentFailed}, {CancelledBy(CancelReason::kPaymentDeclined)}},
      {{S::kStockReserved, I::kDeadlinePassed}, {CancelledBy(CancelReason::kPaymentTimeout)}},
      // delivery-service's tracking steps (a delivery without a pickup: its event was lost).
      {{S::kConfirmed, I::kParcelMoved}, {{.to = S::kShipped, .emits = OrderEvent::kShipped}}},
      {{S::kConfirmed, I::kParcelDelivered},
       {{.to = S::kShipped, .emits = OrderEvent::kShipped},
        {.to = S::kDelivered, .emits = OrderEvent::kDelivered}}},
      {{S::kShipped, I::kParcelDelivered},
       {{.to = S::kDelivered, .emits = OrderEvent::kDelivered}}},
      // Cancellation by people, from any state before shipped.
      {{S::kPending, I::kCustomerCancel}, {CancelledBy(CancelReason::kCustomer)}},
      {{S::kStockReserved, I::kCustomerCancel}, {CancelledBy(CancelReason::kCustomer)}},
      {{S::kPaid, I::kCustomerCancel}, {CancelledBy(CancelReason::kCustomer)}},
      {{S::kConfirmed, I::kCustomerCancel}, {CancelledBy(CancelReason::kCustomer)}},
      {{S::kPending, I::kAdminCancel}, {CancelledBy(CancelReason::kAdmin)}},
      {{S::kStockReserved, I::kAdminCancel}, {CancelledBy(CancelReason::kAdmin)}},
      {{S::kPaid, I::kAdminCancel}, {CancelledBy(CancelReason::kAdmin)}},
      {{S::kConfirmed, I::kAdminCancel}, {CancelledBy(CancelReason::kAdmin)}},
  };
  return table;
}

// Requests no state change can honour: HTTP 409.
const std::set<std::pair<S, I>>& Refusals() {
  static const std::set<std::pair<S, I>> table = {
      {S::kShipped, I::kCustomerCancel},
      {S::kDelivered, I::kCustomerCancel},
      {S::kShipped, I::kAdminCancel},
      {S::kDelivered, I::kAdminCancel},
  };
  return table;
}

// Tracking steps that only add a timeline line: a label made or cancelled (whatever the order's
// state), a parcel moving on after the order shipped.
bool IsTrackingNote(S state, I input) {
  return input == I::kShipmentCreated || input == I::kShipmentCancelled ||
         (state == S::kShipped && input == I::kParcelMoved);
}

std::string Describe(S state, I input) {
  return std::string(StatusName(state)) + " + " + std::string(InputName(input));
}

TEST(OrderMachineTest, EveryStateAndInputGetsTheDecisionOfTheTable) {
  for (const S state : kAllStates) {
    for (const I input : kAllInputs) {
      SCOPED_TRACE(Describe(state, input));
      const Decision decision = Decide(state, input);
      if (const auto it = Transitions().find({state, input}); it != Transitions().end()) {
        EXPECT_EQ(decision.kind, Kind::kApply);
        EXPECT_EQ(decision.steps, it->second);
      } else if (Refusals().contains({state, input})) {
        EXPECT_EQ(decision.kind, Kind::kRefuse);
        EXPECT_TRUE(decision.steps.empty());
        EXPECT_FALSE(decision.note.empty());
      } else if (input == I::kStockReleased || input == I::kPaymentRefunded) {
        EXPECT_EQ(decision.kind, Kind::kNote);
        EXPECT_TRUE(decision.steps.empty());
        EXPECT_FALSE(decision.note.empty());
      } else if (IsTrackingNote(state, input)) {
        EXPECT_EQ(decision.kind, Kind::kNote);
        EXPECT_TRUE(decision.steps.empty());
        EXPECT_TRUE(decision.note.empty()) << "the tracking step is the timeline's detail";
      } else {
        EXPECT_EQ(decision.kind, Kind::kIgnore);
        EXPECT_TRUE(decision.steps.empty());
        EXPECT_FALSE(decision.note.empty()) << "an ignored input says why";
      }
    }
  }
}

TEST(OrderMachineTest, OnlyStatesBeforeShippedCanBeCancelled) {
  for (const S state : kAllStates) {
    for (const I input : kAllInputs) {
      for (const OrderStep& step : Decide(state, input).steps) {
        if (step.to == S::kCancelled) {
          EXPECT_NE(state, S::kShipped) << Describe(state, input);
          EXPECT_NE(state, S::kDelivered) << Describe(state, input);
          EXPECT_NE(state, S::kCancelled) << Describe(state, input);
        }
      }
    }
  }
}

TEST(OrderMachineTest, AStepHasAReasonExactlyWhenItCancels) {
  for (const auto& [key, steps] : Transitions()) {
    for (const OrderStep& step : steps) {
      EXPECT_EQ(step.cancel_reason.has_value(), step.to == S::kCancelled)
          << Describe(key.first, key.second);
    }
  }
}

TEST(OrderMachineTest, ACancelledOrderNeverChangesAgain) {
  for (const I input : kAllInputs) {
    EXPECT_NE(Decide(S::kCancelled, input).kind, Kind::kApply) << InputName(input);
  }
}

TEST(OrderMachineTest, ADeliveredOrderNeverChangesAgain) {
  for (const I input : kAllInputs) {
    EXPECT_NE(Decide(S::kDelivered, input).kind, Kind::kApply) << InputName(input);
  }
}

TEST(OrderMachineTest, LateSagaEventsOfACancelledOrderAreIgnoredBecauseTheOwnersCompensate) {
  // The stock and the charge are given back by product- and payment-service on order.cancelled.
  EXPECT_NE(Decide(S::kCancelled, I::kStockReserved).note.find("releases"), std::string::npos);
  EXPECT_NE(Decide(S::kCancelled, I::kPaymentSucceeded).note.find("refunds"), std::string::npos);
}

TEST(OrderMachineTest, ARepeatedSagaEventIsIgnoredAsADuplicate) {
  EXPECT_NE(Decide(S::kStockReserved, I::kStockReserved).note.find("duplicate"), std::string::npos);
  for (const S paid : {S::kPaid, S::kConfirmed, S::kShipped, S::kDelivered}) {
    EXPECT_NE(Decide(paid, I::kPaymentSucceeded).note.find("duplicate"), std::string::npos);
  }
}

TEST(OrderMachineTest, RepeatedRequestsAreIgnoredSoARetriedCallSucceeds) {
  EXPECT_EQ(Decide(S::kCancelled, I::kCustomerCancel).kind, Kind::kIgnore);
}

TEST(OrderMachineTest, ARepeatedDeliveryIsADuplicateAndAStepAfterItIsStale) {
  EXPECT_NE(Decide(S::kDelivered, I::kParcelDelivered).note.find("duplicate"), std::string::npos);
  EXPECT_NE(Decide(S::kDelivered, I::kParcelMoved).note.find("stale"), std::string::npos);
}

TEST(OrderMachineTest, AParcelMovingForACancelledOrderIsIgnoredAndPointsAtTheRunbook) {
  for (const I input : {I::kParcelMoved, I::kParcelDelivered}) {
    const Decision decision = Decide(S::kCancelled, input);
    EXPECT_EQ(decision.kind, Kind::kIgnore);
    EXPECT_NE(decision.note.find("docs/runbooks/delivery.md"), std::string::npos);
  }
}

TEST(OrderMachineTest, OnlyWaitingStatesHaveADeadline) {
  EXPECT_EQ(DeadlineOf(S::kPending), Deadline::kStock);
  EXPECT_EQ(DeadlineOf(S::kStockReserved), Deadline::kPayment);
  for (const S state : {S::kPaid, S::kConfirmed, S::kShipped, S::kDelivered, S::kCancelled}) {
    EXPECT_FALSE(DeadlineOf(state).has_value()) << StatusName(state);
  }
}

TEST(OrderMachineTest, EveryInputHasACauseName) {
  std::set<std::string_view> names;
  for (const I input : kAllInputs) {
    EXPECT_NE(InputName(input), "unknown");
    names.insert(InputName(input));
  }
  // Every input its own, except the two kinds of delivery.status_changed.
  EXPECT_EQ(names.size(), std::size(kAllInputs) - 1);
  EXPECT_EQ(InputName(I::kParcelMoved), "delivery.status_changed");
  EXPECT_EQ(InputName(I::kParcelDelivered), "delivery.status_changed");
}

TEST(OrderStatusTest, NamesRoundTrip) {
  for (const S state : kAllStates) {
    EXPECT_EQ(ParseStatus(StatusName(state)), state);
  }
  for (const CancelReason reason :
       {CancelReason::kOutOfStock, CancelReason::kPaymentDeclined, CancelReason::kPaymentTimeout,
        CancelReason::kStockTimeout, CancelReason::kCustomer, CancelReason::kAdmin}) {
    EXPECT_EQ(ParseReason(ReasonName(reason)), reason);
  }
  EXPECT_FALSE(ParseStatus("shipping"));
  EXPECT_FALSE(ParseReason(""));
}

TEST(OrderStatusTest, ThePaymentTokenGoesOnceTheOrderIsConfirmedOrCancelled) {
  for (const S state : {S::kPending, S::kStockReserved, S::kPaid}) {
    EXPECT_FALSE(ClearsPaymentToken(state)) << StatusName(state);
  }
  for (const S state : {S::kConfirmed, S::kShipped, S::kDelivered, S::kCancelled}) {
    EXPECT_TRUE(ClearsPaymentToken(state)) << StatusName(state);
  }
}

}  // namespace
}  // namespace shop::order
