#pragma once
// The rows of cart-service's replicas of users, categories and products (migrations/V001), and the
// product rows made from product.* events (events/catalog/product_events.hpp) and from
// product-service's body on a replica miss. Pure: no database, no Kafka.
//
// The catalogue has already checked an event against its schema; what is checked here are the
// replica's own limits (a price the cart can charge, a stock that fits its integer column). A
// violation throws std::invalid_argument: permanent for the consumer runtime (the event ends in
// `<group>.dlq`) and an unreadable answer for the HTTP fallback.

#include <optional>
#include <string>
#include <string_view>

#include "events/catalog/product_events.hpp"

namespace shop::cart {

struct ReplicaUser {
  std::string id;
  std::string email;
  std::string name;  // "" when the user gave none
  std::string role;
  long long version = 0;
};

struct ReplicaCategory {
  std::string id;
  std::string name;
  long long version = 0;
};

// name, price, category_id and category_name are empty (and stock 0) only on a bare tombstone:
// a product deleted before the replica heard of it, by a deletion carrying just id and version.
struct ReplicaProduct {
  std::string id;
  std::string name;
  std::string price;  // decimal string with two fraction digits, "12.50"
  long long stock = 0;
  std::string category_id;
  std::string category_name;
  long long version = 0;
  bool deleted = false;
  // Who sells it (product.* events' and product-service's seller_id); nullopt for products created
  // before sellers existed, and on rows written before the replica kept it (migrations/V007).
  std::optional<std::string> seller_id{};
};

// The live row of a product.created / product.updated. Throws std::invalid_argument when the price
// is negative or beyond numeric(12,2), or the stock beyond 2^31 - 1.
ReplicaProduct ProductRow(const events::ProductState& product);

// The tombstone row of a deletion that carries the product's complete last state (name, price,
// stock and category), checked as ProductRow; nullopt for a deletion without it.
std::optional<ReplicaProduct> LastProductRow(const events::ProductDeleted& deletion);

// The live row of product-service's GET /api/products/{id} body (schemas/openapi/product.yaml),
// read member by member: its representation is the API's, not an event's. Throws
// std::invalid_argument when a member is missing or malformed, as ProductRow does.
ReplicaProduct ParseProductBody(std::string_view body);

}  // namespace shop::cart
