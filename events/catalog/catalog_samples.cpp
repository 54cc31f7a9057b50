#include "events/catalog/catalog_samples.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace shop::events::testing {
namespace {

constexpr const char* kUser = "0191d0c4-2222-7abc-8def-0123456789ab";
constexpr const char* kCategory = "0191d0a2-7c4e-7a3b-9f10-2b3c4d5e6f70";
constexpr const char* kParent = "0191d0a2-7c4e-7a3b-9f10-2b3c4d5e6f71";
constexpr const char* kProduct = "0191d0b3-1111-7abc-8def-0123456789ab";
constexpr const char* kCheckout = "0191d0d5-4444-7abc-8def-0123456789ab";
constexpr const char* kSeller = "0191d0c4-3333-7abc-8def-0123456789ab";
constexpr const char* kPayment = "0191d0e6-5555-7abc-8def-0123456789ab";
constexpr const char* kShipment = "0191d0f7-6666-7abc-8def-0123456789ab";

// Names with quotes, backslashes, control characters and non-ASCII text: the writer must escape
// them, never the caller.
constexpr const char* kAwkwardName = "Caf\xC3\xA9 \"quoted\" \\ tab\there\nnewline";

UserState User(std::optional<std::string> name, std::int64_t version) {
  return {.id = kUser,
          .email = "ada@example.com",
          .name = std::move(name),
          .role = "customer",
          .version = version};
}

CategoryState Category(std::optional<std::string> parent_id, std::int64_t version) {
  return {.id = kCategory,
          .name = kAwkwardName,
          .slug = "cafe-quoted-tab-here-newline",
          .parent_id = std::move(parent_id),
          .version = version};
}

ProductState Product(bool optionals, std::int64_t version) {
  return {.id = kProduct,
          .name = kAwkwardName,
          .description = optionals ? std::optional<std::string>("4th edition") : std::nullopt,
          .price = "59.90",
          .stock = optionals ? 12 : 0,
          .category_id = kCategory,
          .category_name = "Books",
          .seller_id = optionals ? std::optional<std::string>(kUser) : std::nullopt,
          .version = version};
}

Address FullAddress() {
  return {.name = kAwkwardName,
          .line1 = "1 Rue de la Paix",
          .line2 = "B\xC3\xA2timent B",
          .city = "Paris",
          .postal_code = "75002",
          .country = "FR"};
}

Address ShortAddress() {
  return {.name = "Ada Lovelace",
          .line1 = "12 St James's Square",
          .line2 = std::nullopt,
          .city = "London",
          .postal_code = "SW1Y 4JH",
          .country = "GB"};
}

// An order of two lines (one without a seller) with a promo code, or of one line without.
OrderState Order(bool two_lines, std::string status, std::optional<std::string> cancel_reason,
                 std::int64_t version) {
  OrderState order{.order_id = kCheckout,
                   .user_id = kUser,
                   .status = std::move(status),
                   .cancel_reason = std::move(cancel_reason),
                   .lines = {{.product_id = kProduct,
                              .name = kAwkwardName,
                              .unit_price = "59.90",
                              .quantity = 1,
                              .line_total = "59.90",
                              .seller_id = kSeller}},
                   .subtotal = "59.90",
                   .discount = "0.00",
                   .total = "59.90",
                   .promo_code = std::nullopt,
                   .shipping_address = ShortAddress(),
                   .version = version};
  if (two_lines) {
    order.lines.push_back({.product_id = kCategory,
                           .name = "Bookmark",
                           .unit_price = "2.50",
                           .quantity = 99,
                           .line_total = "247.50",
                           .seller_id = std::nullopt});
    order.subtotal = "307.40";
    order.discount = "7.00";
    order.total = "300.40";
    order.promo_code = "WELCOME10";
    order.shipping_address = FullAddress();
  }
  return order;
}

StockReservation Reservation(bool two_lines, std::int64_t version) {
  StockReservation reservation{.order_id = kCheckout,
                               .lines = {{.product_id = kProduct, .quantity = 1}},
                               .version = version};
  if (two_lines) {
    reservation.lines.push_back({.product_id = kCategory, .quantity = 99});
  }
  return reservation;
}

PaymentMovement Movement(std::string amount, std::int64_t version) {
  return {.order_id = kCheckout,
          .payment_id = kPayment,
          .amount = std::move(amount),
          .version = version};
}

ShipmentState Shipment(std::string status, std::int64_t version) {
  return {.shipment_id = kShipment,
          .order_id = kCheckout,
          .user_id = kUser,
          .status = std::move(status),
          .tracking_number = "SHOP-0191D0F7-6666",
          .at = "2026-12-07T14:05:09.123Z",
          .version = version};
}

AccountTokenIssued Token(std::optional<std::string> name) {
  return {.user_id = kUser,
          .email = "ada@example.com",
          .name = std::move(name),
          .token = "q5L3dD2c8v0kYk3m3W1aVb9x1Qp7sT4uZ6yN0rE2fHg",
          .expires_at = "2026-12-08T14:05:09Z",
          .version = 3};
}

}  // namespace

template <>
std::vector<UserCreated> SamplesOf<UserCreated>() {
  return {{User("Ada", 1)}, {User(std::nullopt, 1)}};
}
template <>
std::vector<UserUpdated> SamplesOf<UserUpdated>() {
  return {{User(kAwkwardName, 2)}, {User(std::nullopt, 7)}};
}
template <>
std::vector<UserDeleted> SamplesOf<UserDeleted>() {
  UserDeleted with_role{.id = kUser, .version = 3};
  with_role.role = "seller";
  return {UserDeleted::WithLastState(User("Ada", 3)), UserDeleted{.id = kUser, .version = 3},
          with_role};
}
template <>
std::vector<CategoryCreated> SamplesOf<CategoryCreated>() {
  return {{Category(std::nullopt, 1)}, {Category(kParent, 1)}};
}
template <>
std::vector<CategoryUpdated> SamplesOf<CategoryUpdated>() {
  return {{Category(kParent, 4)}, {Category(std::nullopt, 5)}};
}
template <>
std::vector<CategoryDeleted> SamplesOf<CategoryDeleted>() {
  return {CategoryDeleted::WithLastState(Category(kParent, 6)),
          CategoryDeleted::WithLastState(Category(std::nullopt, 6)),
          CategoryDeleted{.id = kCategory, .name = "Books", .version = 2}};
}
template <>
std::vector<ProductCreated> SamplesOf<ProductCreated>() {
  return {{Product(true, 1)}, {Product(false, 1)}};
}
template <>
std::vector<ProductUpdated> SamplesOf<ProductUpdated>() {
  return {{Product(true, 2)}, {Product(false, 9)}};
}
template <>
std::vector<ProductDeleted> SamplesOf<ProductDeleted>() {
  ProductDeleted price_only{.id = kProduct, .version = 4};
  price_only.price = "0.00";
  return {ProductDeleted::WithLastState(Product(true, 3)),
          ProductDeleted::WithLastState(Product(false, 3)),
          ProductDeleted{.id = kProduct, .version = 5}, price_only};
}
template <>
std::vector<CartCheckedOut> SamplesOf<CartCheckedOut>() {
  const CheckoutLine book{.product_id = kProduct,
                          .name = kAwkwardName,
                          .category_name = "Books",
                          .unit_price = "59.90",
                          .quantity = 1,
                          .line_total = "59.90"};
  const CheckoutLine bookmarks{.product_id = kCategory,
                               .name = "Bookmark",
                               .category_name = "",
                               .unit_price = "2.50",
                               .quantity = 99,
                               .line_total = "247.50"};
  CheckoutLine sold_book = book;
  sold_book.seller_id = kSeller;
  return {{.checkout_id = kCheckout,
           .user_id = kUser,
           .lines = {book, bookmarks},
           .subtotal = "307.40",
           .discount = "7.00",
           .total = "300.40",
           .promo_code = "WELCOME10",
           .version = 1},
          {.checkout_id = kCheckout,
           .user_id = kUser,
           .lines = {book},
           .subtotal = "59.90",
           .discount = "0.00",
           .total = "59.90",
           .promo_code = std::nullopt,
           .version = 1},
          {.checkout_id = kCheckout,
           .user_id = kUser,
           .lines = {sold_book, bookmarks},
           .subtotal = "307.40",
           .discount = "7.00",
           .total = "300.40",
           .promo_code = "WELCOME10",
           .version = 1,
           .shipping_address = FullAddress(),
           .payment_token = "tok_visa"}};
}

template <>
std::vector<OrderCreated> SamplesOf<OrderCreated>() {
  return {{Order(true, "pending", std::nullopt, 1)}, {Order(false, "pending", std::nullopt, 1)}};
}
template <>
std::vector<OrderPaymentRequested> SamplesOf<OrderPaymentRequested>() {
  return {{.order_id = kCheckout,
           .user_id = kUser,
           .amount = "300.40",
           .payment_token = "tok_visa",
           .version = 2},
          {.order_id = kCheckout,
           .user_id = kUser,
           .amount = "0.00",
           .payment_token = kAwkwardName,
           .version = 2}};
}
template <>
std::vector<OrderConfirmed> SamplesOf<OrderConfirmed>() {
  return {{Order(true, "confirmed", std::nullopt, 4)},
          {Order(false, "confirmed", std::nullopt, 4)}};
}
template <>
std::vector<OrderCancelled> SamplesOf<OrderCancelled>() {
  return {{Order(true, "cancelled", "payment_declined", 3)},
          {Order(false, "cancelled", "out_of_stock", 2)},
          {Order(false, "cancelled", "stock_timeout", 2)}};
}
template <>
std::vector<OrderShipped> SamplesOf<OrderShipped>() {
  return {{Order(true, "shipped", std::nullopt, 5)}, {Order(false, "shipped", std::nullopt, 5)}};
}
template <>
std::vector<OrderDelivered> SamplesOf<OrderDelivered>() {
  return {{Order(true, "delivered", std::nullopt, 6)},
          {Order(false, "delivered", std::nullopt, 6)}};
}
template <>
std::vector<StockReserved> SamplesOf<StockReserved>() {
  return {{Reservation(true, 1)}, {Reservation(false, 1)}};
}
template <>
std::vector<StockRejected> SamplesOf<StockRejected>() {
  return {{.order_id = kCheckout,
           .shortages = {{.product_id = kProduct, .requested = 2, .available = 1},
                         {.product_id = kCategory, .requested = 99, .available = 0}},
           .version = 1},
          {.order_id = kCheckout,
           .shortages = {{.product_id = kProduct, .requested = 1, .available = 0}},
           .version = 1}};
}
template <>
std::vector<StockReleased> SamplesOf<StockReleased>() {
  return {{Reservation(true, 2)}, {Reservation(false, 2)}};
}
template <>
std::vector<PaymentSucceeded> SamplesOf<PaymentSucceeded>() {
  return {{Movement("300.40", 2)}, {Movement("0.00", 2)}};
}
template <>
std::vector<PaymentFailed> SamplesOf<PaymentFailed>() {
  return {{.order_id = kCheckout, .payment_id = kPayment, .reason = "declined", .version = 2},
          {.order_id = kCheckout, .payment_id = kPayment, .reason = "invalid_token", .version = 2}};
}
template <>
std::vector<PaymentRefunded> SamplesOf<PaymentRefunded>() {
  return {{Movement("300.40", 3)}, {Movement("59.90", 4)}};
}

template <>
std::vector<UserVerificationRequested> SamplesOf<UserVerificationRequested>() {
  return {{Token("Ada")}, {Token(std::nullopt)}};
}
template <>
std::vector<UserPasswordResetRequested> SamplesOf<UserPasswordResetRequested>() {
  return {{Token(kAwkwardName)}, {Token(std::nullopt)}};
}
template <>
std::vector<DeliveryShipmentCreated> SamplesOf<DeliveryShipmentCreated>() {
  return {{Shipment("label_created", 1)}, {Shipment("label_created", 1)}};
}
template <>
std::vector<DeliveryStatusChanged> SamplesOf<DeliveryStatusChanged>() {
  return {{Shipment("failed_attempt", 5), "out_for_delivery", kAwkwardName},
          {Shipment("picked_up", 2), "label_created", std::nullopt}};
}
template <>
std::vector<DeliveryCancelled> SamplesOf<DeliveryCancelled>() {
  return {{Shipment("cancelled", 2)}, {Shipment("cancelled", 3)}};
}

std::vector<ExampleFile> SchemaExamples() {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           std::filesystem::path(SHOP_SOURCE_DIR) / "schemas" / "events")) {
    if (entry.is_regular_file() && entry.path().parent_path().filename() == "examples") {
      paths.push_back(entry.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  std::vector<ExampleFile> examples;
  for (const std::filesystem::path& path : paths) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    const std::string name = path.filename().string();
    examples.push_back({.type = path.parent_path().parent_path().filename().string(),
                        .name = name,
                        .valid = name.starts_with("valid-"),
                        .data = text.str()});
  }
  return examples;
}

}  // namespace shop::events::testing
