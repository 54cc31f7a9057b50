#include "delivery/domain/shipment_machine.hpp"

#include <gtest/gtest.h>

#include "events/catalog/delivery_events.hpp"

namespace shop::delivery {
namespace {

using Kind = MoveDecision::Kind;
using S = ShipmentStatus;

constexpr S kAll[] = {S::kLabelCreated, S::kPickedUp,      S::kInTransit, S::kOutForDelivery,
                      S::kDelivered,    S::kFailedAttempt, S::kReturned,  S::kCancelled};

MoveDecision Move(S current, S target) {
  return DecideMove({.current = current, .current_version = 3, .target = target});
}

TEST(ShipmentMachineTest, TheTrackingStepsFollowEachOther) {
  EXPECT_EQ(Move(S::kLabelCreated, S::kPickedUp).kind, Kind::kApply);
  EXPECT_EQ(Move(S::kPickedUp, S::kInTransit).kind, Kind::kApply);
  EXPECT_EQ(Move(S::kInTransit, S::kOutForDelivery).kind, Kind::kApply);
  EXPECT_EQ(Move(S::kOutForDelivery, S::kDelivered).kind, Kind::kApply);
}

TEST(ShipmentMachineTest, AFailedAttemptGoesOutAgainOrBackToTheSender) {
  EXPECT_EQ(Move(S::kOutForDelivery, S::kFailedAttempt).kind, Kind::kApply);
  EXPECT_EQ(Move(S::kFailedAttempt, S::kOutForDelivery).kind, Kind::kApply);
  EXPECT_EQ(Move(S::kFailedAttempt, S::kReturned).kind, Kind::kApply);
  EXPECT_EQ(Move(S::kInTransit, S::kReturned).kind, Kind::kApply) << "sent back from the depot";
}

TEST(ShipmentMachineTest, ExactlyTheMovesOfTheDiagramAreAllowed) {
  int allowed = 0;
  for (const S from : kAll) {
    for (const S to : kAll) {
      allowed += IsCourierMove(from, to) ? 1 : 0;
    }
  }
  EXPECT_EQ(allowed, 8);
  EXPECT_EQ(CourierMovesFrom(S::kOutForDelivery),
            (std::vector<S>{S::kDelivered, S::kFailedAttempt}));
  EXPECT_EQ(CourierMovesFrom(S::kInTransit), (std::vector<S>{S::kOutForDelivery, S::kReturned}));
}

TEST(ShipmentMachineTest, SkippingAStepGoingBackOrLeavingAFinalStatusIsRefused) {
  for (const auto& [from, to] : std::vector<std::pair<S, S>>{{S::kLabelCreated, S::kInTransit},
                                                             {S::kLabelCreated, S::kDelivered},
                                                             {S::kPickedUp, S::kDelivered},
                                                             {S::kPickedUp, S::kReturned},
                                                             {S::kOutForDelivery, S::kReturned},
                                                             {S::kInTransit, S::kPickedUp},
                                                             {S::kDelivered, S::kReturned},
                                                             {S::kReturned, S::kOutForDelivery},
                                                             {S::kCancelled, S::kPickedUp}}) {
    const MoveDecision decision = Move(from, to);
    EXPECT_EQ(decision.kind, Kind::kRefuse) << StatusName(from) << " -> " << StatusName(to);
    EXPECT_NE(decision.reason.find(std::string(StatusName(from))), std::string::npos)
        << "the reason names the current status: " << decision.reason;
  }
  EXPECT_NE(Move(S::kDelivered, S::kReturned).reason.find("final"), std::string::npos);
}

TEST(ShipmentMachineTest, CouriersNeverCreateOrCancelAShipment) {
  EXPECT_FALSE(IsCourierTarget(S::kLabelCreated));
  EXPECT_FALSE(IsCourierTarget(S::kCancelled));
  for (const S from : kAll) {
    EXPECT_FALSE(IsCourierMove(from, S::kCancelled));
    EXPECT_FALSE(IsCourierMove(from, S::kLabelCreated));
  }
  EXPECT_TRUE(IsCourierTarget(S::kReturned));
}

TEST(ShipmentMachineTest, AMoveToTheCurrentStatusIsRefusedUnlessItRetriesTheCallersOwnMove) {
  const MoveDecision again = Move(S::kInTransit, S::kInTransit);
  EXPECT_EQ(again.kind, Kind::kRefuse);
  EXPECT_EQ(again.reason, "the shipment is already in_transit");

  const MoveDecision retry = DecideMove({.current = S::kInTransit,
                                         .current_version = 3,
                                         .target = S::kInTransit,
                                         .expected_version = 2,  // what the caller saw before
                                         .caller_made_last_move = true});
  EXPECT_EQ(retry.kind, Kind::kAlreadyDone);
  // The caller made the last move, but asks for another status: an ordinary move.
  EXPECT_EQ(DecideMove({.current = S::kInTransit,
                        .current_version = 3,
                        .target = S::kOutForDelivery,
                        .caller_made_last_move = true})
                .kind,
            Kind::kApply);
}

TEST(ShipmentMachineTest, AStaleExpectedVersionIsRefusedWithWhatTheShipmentIsNow) {
  const MoveDecision stale = DecideMove({.current = S::kPickedUp,
                                         .current_version = 2,
                                         .target = S::kInTransit,
                                         .expected_version = 1});
  EXPECT_EQ(stale.kind, Kind::kRefuse);
  EXPECT_EQ(stale.reason, "the shipment has changed since version 1: it is picked_up at version 2");
  EXPECT_EQ(DecideMove({.current = S::kPickedUp,
                        .current_version = 2,
                        .target = S::kInTransit,
                        .expected_version = 2})
                .kind,
            Kind::kApply);
}

TEST(ShipmentMachineTest, AnOrderCancellationCancelsOnlyAShipmentNotYetPickedUp) {
  EXPECT_EQ(OnOrderCancelled(S::kLabelCreated), CancellationEffect::kCancel);
  EXPECT_EQ(OnOrderCancelled(S::kCancelled), CancellationEffect::kAlreadyCancelled);
  for (const S status : {S::kPickedUp, S::kInTransit, S::kOutForDelivery, S::kFailedAttempt,
                         S::kDelivered, S::kReturned}) {
    EXPECT_EQ(OnOrderCancelled(status), CancellationEffect::kTooLate) << StatusName(status);
  }
}

TEST(ShipmentStatusTest, NamesRoundTripAndFinalStatusesAreFinal) {
  for (const S status : kAll) {
    EXPECT_EQ(ParseStatus(StatusName(status)), status);
    EXPECT_EQ(IsFinal(status), CourierMovesFrom(status).empty()) << StatusName(status);
  }
  for (const std::string_view name : events::kShipmentStatuses) {
    EXPECT_TRUE(ParseStatus(name)) << name << " of the delivery.* events";
  }
  EXPECT_FALSE(ParseStatus("lost"));
  EXPECT_FALSE(ParseStatus("Delivered"));
}

}  // namespace
}  // namespace shop::delivery
