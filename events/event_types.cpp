#include "events/event_types.hpp"

#include <algorithm>
#include <array>

namespace shop::events {
namespace {

#define SHOP_EVENT_TYPE(name) \
  EventTypeInfo { name, name, "urn:shop:schema:" name ":v1" }

// A macro only to build the three strings of a row at compile time from one literal.
constexpr std::array kEventTypes = {
    SHOP_EVENT_TYPE("user.created"),     SHOP_EVENT_TYPE("user.updated"),
    SHOP_EVENT_TYPE("user.deleted"),     SHOP_EVENT_TYPE("category.created"),
    SHOP_EVENT_TYPE("category.updated"), SHOP_EVENT_TYPE("category.deleted"),
    SHOP_EVENT_TYPE("product.created"),  SHOP_EVENT_TYPE("product.updated"),
    SHOP_EVENT_TYPE("product.deleted"),  SHOP_EVENT_TYPE("cart.checked_out"),
};

#undef SHOP_EVENT_TYPE

}  // namespace

std::span<const EventTypeInfo> KnownEventTypes() { return kEventTypes; }

std::optional<EventTypeInfo> FindEventType(std::string_view type) {
  const auto it = std::find_if(kEventTypes.begin(), kEventTypes.end(),
                               [&](const EventTypeInfo& info) { return info.type == type; });
  if (it == kEventTypes.end()) {
    return std::nullopt;
  }
  return *it;
}

bool IsKnownType(std::string_view type) { return FindEventType(type).has_value(); }

std::optional<std::string_view> SchemaIdOf(std::string_view type) {
  if (auto info = FindEventType(type)) {
    return info->schema_id;
  }
  return std::nullopt;
}

std::optional<std::string_view> TopicOf(std::string_view type) {
  if (auto info = FindEventType(type)) {
    return info->topic;
  }
  return std::nullopt;
}

}  // namespace shop::events
