#include "product/domain/stock_reservation.hpp"

#include <gtest/gtest.h>

namespace shop::product {
namespace {

TEST(StockReservation, StatusesRoundTripThroughTheirStoredNames) {
  for (const ReservationStatus status :
       {ReservationStatus::kReserved, ReservationStatus::kReleased, ReservationStatus::kCancelled,
        ReservationStatus::kRejected}) {
    EXPECT_EQ(ParseReservationStatus(ToString(status)), status) << ToString(status);
  }
  EXPECT_EQ(ToString(ReservationStatus::kRejected), "rejected");
  EXPECT_EQ(ParseReservationStatus("Reserved"), std::nullopt);
  EXPECT_EQ(ParseReservationStatus(""), std::nullopt);
}

TEST(StockReservation, MergedLinesHaveOneLinePerProductInProductIdOrder) {
  EXPECT_EQ(MergeLines({{"c", 1}, {"a", 2}, {"c", 3}, {"b", 1}}),
            (std::vector<StockLine>{{"a", 2}, {"b", 1}, {"c", 4}}));
  EXPECT_EQ(MergeLines({}), std::vector<StockLine>{});
}

TEST(StockReservation, MergedLinesSpellIdsInLowerCaseAsPostgresDoes) {
  EXPECT_EQ(MergeLines({{"0A-b", 1}, {"0a-B", 2}, {"09", 1}}),
            (std::vector<StockLine>{{"09", 1}, {"0a-b", 3}}));
}

TEST(StockReservation, ALineIsShortWhenItsProductHasFewerUnitsThanRequested) {
  const std::vector<StockLine> lines{{"a", 2}, {"b", 5}, {"c", 1}};
  EXPECT_EQ(FindShortages(lines, {{"a", 2}, {"b", 4}, {"c", 9}}),
            (std::vector<Shortage>{{.product_id = "b", .requested = 5, .available = 4}}));
  EXPECT_EQ(FindShortages(lines, {{"a", 2}, {"b", 5}, {"c", 1}}), std::vector<Shortage>{});
}

TEST(StockReservation, AProductThatDoesNotExistIsShortOfEveryUnit) {
  EXPECT_EQ(FindShortages({{"a", 1}, {"gone", 3}}, {{"a", 1}}),
            (std::vector<Shortage>{{.product_id = "gone", .requested = 3, .available = 0}}));
}

TEST(StockReservation, EveryShortLineIsReportedInLineOrder) {
  EXPECT_EQ(FindShortages({{"a", 2}, {"b", 1}, {"c", 3}}, {{"a", 0}, {"b", 1}, {"c", 2}}),
            (std::vector<Shortage>{{"a", 2, 0}, {"c", 3, 2}}));
}

TEST(StockReservation, ACancellationReleasesAReservedReservationOnly) {
  EXPECT_EQ(OnCancellation(std::nullopt), CancellationStep::kRecordCancelled);
  EXPECT_EQ(OnCancellation(ReservationStatus::kReserved), CancellationStep::kRelease);
  EXPECT_EQ(OnCancellation(ReservationStatus::kReleased), CancellationStep::kNothing);
  EXPECT_EQ(OnCancellation(ReservationStatus::kRejected), CancellationStep::kNothing);
  EXPECT_EQ(OnCancellation(ReservationStatus::kCancelled), CancellationStep::kNothing);
}

}  // namespace
}  // namespace shop::product
