// The reservation steps of product-service (consumers/reservation_steps.hpp) on the real Postgres
// of tests/run, called as the consumer calls them (one transaction each), from many threads at
// once where concurrency is the point: all lines or none, no overselling, one reservation per
// order, released once, and a cancellation seen first leaves nothing reserved.
#include "product/consumers/reservation_steps.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "stock_fixture.hpp"

namespace shop::product::testing {
namespace {

class ReservationStepsTest : public StockFixture {
 protected:
  StepResult Reserve(const std::string& order_id, std::vector<StockLine> lines) {
    return pool_->WithTransaction(
        [&](pqxx::work& txn) { return ReserveStock(txn, order_id, lines); });
  }
  StepResult Release(const std::string& order_id) {
    return pool_->WithTransaction([&](pqxx::work& txn) { return ReleaseStock(txn, order_id); });
  }

  // Runs `work(i)` for i in [0, count) on `count` threads that start together; returns how many
  // threw (each failure is reported).
  template <typename Work>
  int RunTogether(int count, Work work) {
    std::latch start(count);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < count; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        try {
          work(i);
        } catch (const std::exception& e) {
          ADD_FAILURE() << "thread " << i << ": " << e.what();
          ++failures;
        }
      });
    }
    for (std::thread& thread : threads) {
      thread.join();
    }
    return failures.load();
  }
};

TEST_F(ReservationStepsTest, AnOrderWithAShortLineReservesNothingAndSaysWhatWasShort) {
  const std::string lamp = AddProduct(3);
  const std::string bulb = AddProduct(1);
  const std::string order = NewId();

  const StepResult result = Reserve(order, {{lamp, 2}, {bulb, 2}});

  EXPECT_EQ(result.outcome, StepOutcome::kRejected);
  EXPECT_EQ(result.shortages,
            (std::vector<Shortage>{{.product_id = bulb, .requested = 2, .available = 1}}));
  EXPECT_TRUE(result.changed.empty());
  EXPECT_EQ(Stock(lamp), 3);
  EXPECT_EQ(Stock(bulb), 1);
  EXPECT_EQ(Version(lamp), 1);
  EXPECT_EQ(Status(order), "rejected");
  EXPECT_EQ(ReservedUnits(order), 0);
}

TEST_F(ReservationStepsTest, AnOrderThatFitsTakesEveryLineAndBumpsEachProductsVersion) {
  const std::string lamp = AddProduct(3);
  const std::string bulb = AddProduct(1);
  const std::string order = NewId();

  // The same product twice in one order counts once, with both quantities.
  const StepResult result = Reserve(order, {{lamp, 1}, {bulb, 1}, {lamp, 1}});

  EXPECT_EQ(result.outcome, StepOutcome::kReserved);
  EXPECT_EQ(result.lines.size(), 2U);
  ASSERT_EQ(result.changed.size(), 2U);
  for (const Product& product : result.changed) {
    EXPECT_EQ(product.version, 2) << product.id;
    EXPECT_EQ(product.stock, Stock(product.id)) << product.id;
  }
  EXPECT_EQ(Stock(lamp), 1);
  EXPECT_EQ(Stock(bulb), 0);
  EXPECT_EQ(Status(order), "reserved");
  EXPECT_EQ(ReservedUnits(order, lamp), 2);
  EXPECT_EQ(ReservedUnits(order, bulb), 1);
}

TEST_F(ReservationStepsTest, AProductThatDoesNotExistIsShortOfEveryUnit) {
  const std::string lamp = AddProduct(5);
  const std::string gone = NewId();
  const std::string order = NewId();

  const StepResult result = Reserve(order, {{lamp, 1}, {gone, 2}});

  EXPECT_EQ(result.outcome, StepOutcome::kRejected);
  EXPECT_EQ(result.shortages,
            (std::vector<Shortage>{{.product_id = gone, .requested = 2, .available = 0}}));
  EXPECT_EQ(Stock(lamp), 5);
}

TEST_F(ReservationStepsTest, ASecondOrderCreatedForTheSameOrderChangesNothing) {
  const std::string lamp = AddProduct(5);
  const std::string order = NewId();
  ASSERT_EQ(Reserve(order, {{lamp, 2}}).outcome, StepOutcome::kReserved);

  const StepResult again = Reserve(order, {{lamp, 2}});

  EXPECT_EQ(again.outcome, StepOutcome::kUnchanged);
  EXPECT_EQ(Stock(lamp), 3);
  EXPECT_EQ(Version(lamp), 2);
  EXPECT_EQ(ReservedUnits(order), 2);
}

TEST_F(ReservationStepsTest, ACancellationReleasesTheReservedUnitsOnce) {
  const std::string lamp = AddProduct(5);
  const std::string bulb = AddProduct(2);
  const std::string order = NewId();
  ASSERT_EQ(Reserve(order, {{lamp, 2}, {bulb, 2}}).outcome, StepOutcome::kReserved);

  const StepResult released = Release(order);

  EXPECT_EQ(released.outcome, StepOutcome::kReleased);
  EXPECT_EQ(released.lines.size(), 2U);
  EXPECT_EQ(released.changed.size(), 2U);
  EXPECT_EQ(Stock(lamp), 5);
  EXPECT_EQ(Stock(bulb), 2);
  EXPECT_EQ(Version(lamp), 3);
  EXPECT_EQ(Status(order), "released");

  EXPECT_EQ(Release(order).outcome, StepOutcome::kUnchanged);
  EXPECT_EQ(Stock(lamp), 5);
  EXPECT_EQ(Version(lamp), 3);
}

TEST_F(ReservationStepsTest, AReleaseGivesBackToTheProductsThatStillExist) {
  const std::string lamp = AddProduct(5);
  const std::string bulb = AddProduct(2);
  const std::string order = NewId();
  ASSERT_EQ(Reserve(order, {{lamp, 1}, {bulb, 1}}).outcome, StepOutcome::kReserved);
  Execute("DELETE FROM products WHERE id = '" + bulb + "'");

  const StepResult released = Release(order);

  EXPECT_EQ(released.outcome, StepOutcome::kReleased);
  EXPECT_EQ(released.lines.size(), 2U);  // stock.released still names every line
  ASSERT_EQ(released.changed.size(), 1U);
  EXPECT_EQ(released.changed[0].id, lamp);
  EXPECT_EQ(Stock(lamp), 5);
}

TEST_F(ReservationStepsTest, ACancellationSeenFirstLeavesNothingToReserveLater) {
  const std::string lamp = AddProduct(5);
  const std::string order = NewId();

  EXPECT_EQ(Release(order).outcome, StepOutcome::kRecordedCancelled);
  EXPECT_EQ(Status(order), "cancelled");

  EXPECT_EQ(Reserve(order, {{lamp, 2}}).outcome, StepOutcome::kUnchanged);
  EXPECT_EQ(Stock(lamp), 5);
  EXPECT_EQ(Version(lamp), 1);
  EXPECT_EQ(Status(order), "cancelled");
  EXPECT_EQ(Release(order).outcome, StepOutcome::kUnchanged);
}

TEST_F(ReservationStepsTest, ACancellationOfARejectedReservationChangesNothing) {
  const std::string lamp = AddProduct(1);
  const std::string order = NewId();
  ASSERT_EQ(Reserve(order, {{lamp, 2}}).outcome, StepOutcome::kRejected);

  EXPECT_EQ(Release(order).outcome, StepOutcome::kUnchanged);
  EXPECT_EQ(Stock(lamp), 1);
  EXPECT_EQ(Version(lamp), 1);
  EXPECT_EQ(Status(order), "rejected");
}

TEST_F(ReservationStepsTest, TwentyOrdersForFiveUnitsReserveExactlyFive) {
  const std::string lamp = AddProduct(5);
  std::vector<std::string> orders;
  for (int i = 0; i < 20; ++i) {
    orders.push_back(NewId());
  }
  std::atomic<int> reserved{0};
  std::atomic<int> rejected{0};

  EXPECT_EQ(RunTogether(20,
                        [&](int i) {
                          const StepResult result = Reserve(orders[i], {{lamp, 1}});
                          if (result.outcome == StepOutcome::kReserved) {
                            ++reserved;
                          } else if (result.outcome == StepOutcome::kRejected) {
                            ++rejected;
                            EXPECT_EQ(result.shortages.at(0).available, 0);
                          }
                        }),
            0);

  EXPECT_EQ(reserved.load(), 5);
  EXPECT_EQ(rejected.load(), 15);
  EXPECT_EQ(Stock(lamp), 0);
  EXPECT_EQ(Version(lamp), 6);  // one change per reservation
  EXPECT_EQ(Scalar("SELECT coalesce(sum(quantity), 0) FROM stock_reservation_lines"), 5);
  EXPECT_EQ(Scalar("SELECT count(*) FROM stock_reservations WHERE status = 'reserved'"), 5);
  EXPECT_EQ(Scalar("SELECT count(*) FROM stock_reservations WHERE status = 'rejected'"), 15);
}

// Orders naming the same products in opposite orders lock them in one order (ids ascending):
// none waits on another in a cycle, so none fails with a deadlock.
TEST_F(ReservationStepsTest, OrdersNamingProductsInOppositeOrdersDoNotDeadlock) {
  const std::string lamp = AddProduct(100);
  const std::string bulb = AddProduct(100);
  const std::string cable = AddProduct(100);

  EXPECT_EQ(RunTogether(10,
                        [&](int i) {
                          std::vector<StockLine> lines{{lamp, 1}, {bulb, 1}, {cable, 1}};
                          if (i % 2 == 1) {
                            std::reverse(lines.begin(), lines.end());
                          }
                          for (int round = 0; round < 5; ++round) {
                            const std::string order = NewId();
                            EXPECT_EQ(Reserve(order, lines).outcome, StepOutcome::kReserved);
                            EXPECT_EQ(Release(order).outcome, StepOutcome::kReleased);
                          }
                        }),
            0);

  EXPECT_EQ(Stock(lamp), 100);
  EXPECT_EQ(Stock(bulb), 100);
  EXPECT_EQ(Stock(cable), 100);
}

// order.created and order.cancelled of one order, handled at the same time (two topics, two
// consumers): whichever wins, the order ends with nothing held.
TEST_F(ReservationStepsTest, ACreationAndACancellationRacingLeaveNothingHeld) {
  const std::string lamp = AddProduct(1000);
  std::vector<std::string> orders;
  for (int i = 0; i < 10; ++i) {
    orders.push_back(NewId());
  }

  EXPECT_EQ(RunTogether(20,
                        [&](int i) {
                          const std::string& order = orders[i / 2];
                          if (i % 2 == 0) {
                            Reserve(order, {{lamp, 3}});
                          } else {
                            Release(order);
                          }
                        }),
            0);

  EXPECT_EQ(Stock(lamp), 1000);
  EXPECT_EQ(Scalar("SELECT count(*) FROM stock_reservations WHERE status NOT IN "
                   "('released', 'cancelled')"),
            0);
  EXPECT_EQ(Scalar("SELECT count(*) FROM stock_reservations"), 10);
}

}  // namespace
}  // namespace shop::product::testing
