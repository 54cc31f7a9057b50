#pragma once
// What every event type of the catalogue (events/catalog/, README.md) declares, and the concept the
// outbox writer and the consumers' handler tables accept.
//
// An event type is a struct named in the past tense (CategoryUpdated) with
//   static constexpr EventTypeInfo kType;          its type, topic and schema id, one literal each
//   std::string AggregateId() const;               the Kafka key and ce_subject
//   std::string ToJson() const;                    the CloudEvent `data`, valid under its schema
//   static T FromJson(std::string_view data);      checks what the schema requires, ignores
//                                                  unknown members, throws PayloadError
// The payload is the event's own representation: it is written from the struct's members, never
// from a service's REST body, so renaming an API field cannot change an event.

#include <concepts>
#include <stdexcept>
#include <string>
#include <string_view>

namespace shop::events {

struct EventTypeInfo {
  std::string_view type;       // "category.updated", the ce_type
  std::string_view topic;      // the Kafka topic, "category.updated" (one topic per type)
  std::string_view schema_id;  // "urn:shop:schema:category.updated:v1", the ce_dataschema

  friend bool operator==(const EventTypeInfo&, const EventTypeInfo&) = default;
};

// Data that does not follow the event's schema (not JSON, a required member missing or of the
// wrong type or format) or follows a schema version this build does not read. Derived from
// std::invalid_argument: the consumer runtime classifies it as permanent, so such an event ends in
// the group's dead-letter topic (events/consumer/error_classification.hpp) instead of being
// retried for ever.
class PayloadError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

template <typename T>
concept CatalogEvent = requires(const T& event, std::string_view data) {
  { T::kType } -> std::convertible_to<EventTypeInfo>;
  { event.AggregateId() } -> std::convertible_to<std::string>;
  { event.ToJson() } -> std::convertible_to<std::string>;
  { T::FromJson(data) } -> std::same_as<T>;
};

}  // namespace shop::events
