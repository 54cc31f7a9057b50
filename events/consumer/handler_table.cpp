#include "events/consumer/handler_table.hpp"

#include <set>
#include <stdexcept>

namespace shop::events::consumer {

void HandlerTable::RequireSchema(const CloudEvent& envelope, const EventTypeInfo& type) {
  if (envelope.data_schema != type.schema_id) {
    // Another major version may change what a member means: dead-letter the event rather than
    // misread it; it can be replayed once this consumer reads that schema.
    throw PayloadError(std::string(type.type) + " data follows schema " + envelope.data_schema +
                       "; this consumer reads " + std::string(type.schema_id));
  }
}

void HandlerTable::Add(const EventTypeInfo& type, Reader reader) {
  const auto [it, added] = entries_.try_emplace(
      std::string(type.type), Entry{.topic = std::string(type.topic), .reader = std::move(reader)});
  if (!added) {
    throw std::invalid_argument("two handlers for event type " + std::string(type.type));
  }
}

const HandlerTable::Reader* HandlerTable::Find(std::string_view type) const {
  const auto it = entries_.find(type);
  return it == entries_.end() ? nullptr : &it->second.reader;
}

std::vector<std::string> HandlerTable::Topics() const {
  std::set<std::string> topics;
  for (const auto& [type, entry] : entries_) {
    topics.insert(entry.topic);
  }
  return {topics.begin(), topics.end()};
}

}  // namespace shop::events::consumer
