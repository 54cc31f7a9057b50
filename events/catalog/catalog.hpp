#pragma once
// The event catalogue: every event type of the platform, listed once (CatalogEvents). The outbox
// writer (events/outbox_writer.hpp) and the consumers' handler tables
// (events/consumer/handler_table.hpp) take these types, so a misspelt type does not compile and a
// consumer's topics come from its handlers.
//
// Adding a type: its struct in the aggregate's header (event_type.hpp says what it declares), its
// schema schemas/events/<type>/v1.json with valid-* and invalid-* examples, its line in
// CatalogEvents, its topic in deploy/local/kafka/topics.txt and schemas/asyncapi.yaml. The
// catalogue's tests check that these agree.

#include <array>
#include <cstddef>
#include <string_view>

#include "events/catalog/cart_events.hpp"
#include "events/catalog/category_events.hpp"
#include "events/catalog/delivery_events.hpp"
#include "events/catalog/event_type.hpp"
#include "events/catalog/order_events.hpp"
#include "events/catalog/payment_events.hpp"
#include "events/catalog/product_events.hpp"
#include "events/catalog/stock_events.hpp"
#include "events/catalog/user_events.hpp"

namespace shop::events {

template <CatalogEvent... T>
struct EventList {};

using CatalogEvents =
    EventList<UserCreated, UserUpdated, UserDeleted, CategoryCreated, CategoryUpdated,
              CategoryDeleted, ProductCreated, ProductUpdated, ProductDeleted, CartCheckedOut,
              OrderCreated, OrderPaymentRequested, OrderConfirmed, OrderCancelled, OrderShipped,
              OrderDelivered, StockReserved, StockRejected, StockReleased, PaymentSucceeded,
              PaymentFailed, PaymentRefunded, UserVerificationRequested, UserPasswordResetRequested,
              DeliveryShipmentCreated, DeliveryStatusChanged, DeliveryCancelled>;

// Calls `visitor.template operator()<T>()` for each type T of the catalogue, in list order.
template <typename Visitor>
void ForEachEventType(Visitor&& visitor) {
  [&visitor]<typename... T>(EventList<T...>) {
    (visitor.template operator()<T>(), ...);
  }(CatalogEvents{});
}

namespace detail {

template <typename... T>
constexpr std::array<EventTypeInfo, sizeof...(T)> TypeInfos(EventList<T...>) {
  return {T::kType...};
}

// One topic per type, named as the type, and a schema id naming the type and its version
// (DESIGN.md section 3).
constexpr bool WellFormed(const EventTypeInfo& info) {
  constexpr std::string_view kPrefix = "urn:shop:schema:";
  const std::string_view id = info.schema_id;
  return !info.type.empty() && info.topic == info.type && id.starts_with(kPrefix) &&
         id.substr(kPrefix.size()).starts_with(info.type) &&
         id.substr(kPrefix.size() + info.type.size()).starts_with(":v");
}

template <std::size_t N>
constexpr bool WellFormedAndDistinct(const std::array<EventTypeInfo, N>& infos) {
  for (std::size_t i = 0; i < N; ++i) {
    if (!WellFormed(infos[i])) {
      return false;
    }
    for (std::size_t j = i + 1; j < N; ++j) {
      if (infos[i].type == infos[j].type) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace detail

// Type, topic and schema id of every catalogue type, in list order.
inline constexpr auto kKnownEventTypes = detail::TypeInfos(CatalogEvents{});

// A typo in one of a type's three literals, or a type listed twice, fails the build here.
static_assert(detail::WellFormedAndDistinct(kKnownEventTypes),
              "each catalogue type once, with topic = type and schema id "
              "urn:shop:schema:<type>:v<N>");

}  // namespace shop::events
