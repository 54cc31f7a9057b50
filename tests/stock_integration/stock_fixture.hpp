#pragma once
// A fresh product database (migrations applied) for the stock reservation of product-service
// (consumers/reservation_steps.hpp, consumers/stock_reservation.hpp), with products to reserve and
// readers of what the steps left behind.

#include <cstdint>
#include <optional>
#include <string>

#include "consumer_fixture.hpp"

namespace shop::product::testing {

using ::shop::testing::kConsumerDeadline;

// A fresh UUIDv7 (an order or product id).
std::string NewId();

class StockFixture : public ::shop::testing::ConsumerFixture {
 protected:
  void SetUp() override;

  // Inserts a product with `stock` units; returns its id.
  std::string AddProduct(std::int64_t stock);
  std::int64_t Stock(const std::string& product_id);
  std::int64_t Version(const std::string& product_id);
  // The order's reservation status, or "<none>".
  std::string Status(const std::string& order_id);
  // Units the order's reservation lines hold (of one product when `product_id` is given).
  std::int64_t ReservedUnits(const std::string& order_id,
                             const std::optional<std::string>& product_id = std::nullopt);
  // Outbox rows of `event_type` with `key` (an order or a product id).
  std::int64_t OutboxRows(const std::string& event_type, const std::string& key);
};

}  // namespace shop::product::testing
