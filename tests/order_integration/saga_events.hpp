#pragma once
// Events of the order saga as their producers would write them, for order-service's and
// delivery-service's tests: a checkout (cart-service), the stock answers (product-service), the
// payment answers (payment-service), the order's confirmation and cancellation (order-service) and
// the tracking steps (delivery-service), each about the order `order_id`, with fresh ids where the
// test does not care.

#include <cstdint>
#include <optional>
#include <string>

#include "events/catalog/cart_events.hpp"
#include "events/catalog/delivery_events.hpp"
#include "events/catalog/order_events.hpp"
#include "events/catalog/payment_events.hpp"
#include "events/catalog/stock_events.hpp"

namespace shop::order::testing {

// A checkout of two lines, 59.80 in all: 2 x "Lamp" at 12.50 of `seller_id`, 1 x "Chair" at 34.80
// without a seller; an address in GB (line2 "Flat 2") and payment token tok_visa.
events::CartCheckedOut Checkout(const std::string& checkout_id, const std::string& user_id,
                                const std::string& seller_id);

events::StockReserved Reserved(const std::string& order_id);
events::StockReleased Released(const std::string& order_id);
// `product_id`: 2 requested, 1 available.
events::StockRejected Rejected(const std::string& order_id, const std::string& product_id);
events::PaymentSucceeded Succeeded(const std::string& order_id);  // 59.80
events::PaymentFailed Failed(const std::string& order_id);        // declined
events::PaymentRefunded Refunded(const std::string& order_id);    // 59.80

// The order of Checkout(order_id, user_id, <none>) confirmed (version 4), and cancelled by its
// customer afterwards (version 5).
events::OrderConfirmed Confirmed(const std::string& order_id, const std::string& user_id);
events::OrderCancelled Cancelled(const std::string& order_id, const std::string& user_id);

// The order's shipment `shipment_id` (of `user_id`, tracking number SH0000000000AB): created
// (label_created, version 1); moved from `from` to `to` at `version`, with `note`; cancelled
// (version 2).
events::DeliveryShipmentCreated ShipmentCreated(const std::string& order_id,
                                                const std::string& user_id,
                                                const std::string& shipment_id);
events::DeliveryStatusChanged ShipmentMoved(const std::string& order_id, const std::string& user_id,
                                            const std::string& shipment_id, const std::string& from,
                                            const std::string& to, std::int64_t version,
                                            std::optional<std::string> note = std::nullopt);
events::DeliveryCancelled ShipmentCancelled(const std::string& order_id, const std::string& user_id,
                                            const std::string& shipment_id);

}  // namespace shop::order::testing
