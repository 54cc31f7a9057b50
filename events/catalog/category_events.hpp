#pragma once
// category.created, category.updated, category.deleted (schemas/events/category.*/v1.json),
// produced by category-service.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "events/catalog/event_type.hpp"

namespace shop::events {

// The state of a category after a change: what category.created and category.updated carry.
struct CategoryState {
  std::string id;
  std::string name;  // not empty
  std::string slug;
  std::optional<std::string> parent_id;  // JSON null for a root category
  std::int64_t version = 0;              // >= 1, +1 per change

  friend bool operator==(const CategoryState&, const CategoryState&) = default;
};

struct CategoryCreated : CategoryState {
  static constexpr EventTypeInfo kType{"category.created", "category.created",
                                       "urn:shop:schema:category.created:v1"};
  std::string AggregateId() const { return id; }
  std::string ToJson() const;
  static CategoryCreated FromJson(std::string_view data);
};

struct CategoryUpdated : CategoryState {
  static constexpr EventTypeInfo kType{"category.updated", "category.updated",
                                       "urn:shop:schema:category.updated:v1"};
  std::string AggregateId() const { return id; }
  std::string ToJson() const;
  static CategoryUpdated FromJson(std::string_view data);
};

// The category's last name and final version (its last + 1); slug and parent when the deletion
// carries them (a null parent reads as absent; absent members are not written).
struct CategoryDeleted {
  static constexpr EventTypeInfo kType{"category.deleted", "category.deleted",
                                       "urn:shop:schema:category.deleted:v1"};
  std::string id;
  std::string name;
  std::int64_t version = 0;
  std::optional<std::string> slug{};
  std::optional<std::string> parent_id{};

  // The deletion of `last`, the category's state with its final version.
  static CategoryDeleted WithLastState(const CategoryState& last);

  std::string AggregateId() const { return id; }
  std::string ToJson() const;
  static CategoryDeleted FromJson(std::string_view data);
  friend bool operator==(const CategoryDeleted&, const CategoryDeleted&) = default;
};

}  // namespace shop::events
