#pragma once
// The event types of the platform (DESIGN.md section 3): one Kafka topic per type, named as the
// type, and the id of the JSON Schema each `data` follows (schemas/events/<type>/v<N>.json).
// Adding a type or a schema version happens here, together with its schema file.

#include <optional>
#include <span>
#include <string_view>

#include "events/catalog/event_type.hpp"

namespace shop::events {

// Every known type, in a fixed order. The storage is static and immutable.
std::span<const EventTypeInfo> KnownEventTypes();

std::optional<EventTypeInfo> FindEventType(std::string_view type);
bool IsKnownType(std::string_view type);
// The current schema id of `type`, or nullopt for an unknown type.
std::optional<std::string_view> SchemaIdOf(std::string_view type);
std::optional<std::string_view> TopicOf(std::string_view type);

}  // namespace shop::events
