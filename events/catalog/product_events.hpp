#pragma once
// product.created, product.updated, product.deleted (schemas/events/product.*/v1.json), produced
// by product-service.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "events/catalog/event_type.hpp"

namespace shop::events {

// The state of a product after a change: what product.created and product.updated carry.
struct ProductState {
  std::string id;
  std::string name;                        // not empty
  std::optional<std::string> description;  // JSON null when the product has none
  std::string price;                       // decimal string, "19.90" (IsDecimalAmount)
  std::int64_t stock = 0;                  // >= 0
  std::string category_id;
  std::string category_name;               // as product-service's category replica knew it
  std::optional<std::string> seller_id{};  // who created it; JSON null for older products
  std::int64_t version = 0;                // >= 1, +1 per change

  friend bool operator==(const ProductState&, const ProductState&) = default;
};

struct ProductCreated : ProductState {
  static constexpr EventTypeInfo kType{"product.created", "product.created",
                                       "urn:shop:schema:product.created:v1"};
  std::string AggregateId() const { return id; }
  std::string ToJson() const;
  static ProductCreated FromJson(std::string_view data);
};

struct ProductUpdated : ProductState {
  static constexpr EventTypeInfo kType{"product.updated", "product.updated",
                                       "urn:shop:schema:product.updated:v1"};
  std::string AggregateId() const { return id; }
  std::string ToJson() const;
  static ProductUpdated FromJson(std::string_view data);
};

// The product's final version (its last + 1) and, when the deletion carries them, its last known
// values, each on its own (a null description or seller reads as absent; absent members are not
// written). HasLastState() tells whether the ones a replica needs are all there.
struct ProductDeleted {
  static constexpr EventTypeInfo kType{"product.deleted", "product.deleted",
                                       "urn:shop:schema:product.deleted:v1"};
  std::string id;
  std::int64_t version = 0;
  std::optional<std::string> name{};
  std::optional<std::string> description{};
  std::optional<std::string> price{};
  std::optional<std::int64_t> stock{};
  std::optional<std::string> category_id{};
  std::optional<std::string> category_name{};
  std::optional<std::string> seller_id{};

  // The deletion of `last`, the product's state with its final version.
  static ProductDeleted WithLastState(const ProductState& last);
  // Name, price, stock, category id and category name are all present.
  bool HasLastState() const;

  std::string AggregateId() const { return id; }
  std::string ToJson() const;
  static ProductDeleted FromJson(std::string_view data);
  friend bool operator==(const ProductDeleted&, const ProductDeleted&) = default;
};

}  // namespace shop::events
